import type { vi } from "./vi.js";

/** English catalogue: every key of vi.ts. */
export const en: Record<keyof typeof vi, string> = {
  "site.title": "Public Service Portal",
  "site.subtitle": "Administrative procedure information system",
  "nav.home": "Home",
  "nav.procedures": "Procedures",
  "nav.statistics": "Statistics",
  "nav.lookup": "Track a dossier",
  "nav.myDossiers": "My dossiers",
  "nav.qa": "Petitions and Q&A",
  "nav.myPetitions": "My petitions",
  "nav.warehouse": "Data warehouse",
  "nav.login": "Log in",
  "nav.logout": "Log out",
  "nav.skip": "Skip to main content",
  "lang.switch": "Tiếng Việt",
  "error.generic": "Something went wrong. Please try again.",
  "error.notFound": "The page or data you asked for was not found.",
  "error.validation": "The submitted data is not valid.",
  "error.unauthenticated": "Please log in to do this.",
  "error.forbidden": "You are not allowed to do this.",
  "error.conflict": "The data was changed by someone else. Reload and try again.",
  "error.tooLarge": "The file or data is larger than allowed.",
  "error.rateLimited": "Too many requests. Please try again in a few minutes.",
};
