import type { Lang } from "../../shared/text.js";

/** Picks the caller's language from a message given in both (Vietnamese first, English when asked). */
export const bilingual = (lang: Lang | undefined, m: { vi: string; en: string }): string =>
  lang === "en" ? m.en : m.vi;
