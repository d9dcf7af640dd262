import type { Lang } from "../../shared/text.js";
import { en } from "./en.js";
import { vi } from "./vi.js";

export type { Lang } from "../../shared/text.js";
export type MessageKey = keyof typeof vi;
const catalogues: Record<Lang, Record<string, string>> = { vi, en };

/** Translate a key, filling `{name}` placeholders. Vietnamese is the default and the fallback. */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const msg = catalogues[lang][key] ?? vi[key] ?? key;
  return params ? msg.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? `{${k}}`)) : msg;
}

export function langFrom(query: unknown, cookie: string | undefined, acceptLanguage?: string): Lang {
  const q = (query as { lang?: string } | undefined)?.lang;
  if (q === "en" || q === "vi") return q;
  if (cookie === "en" || cookie === "vi") return cookie;
  if (acceptLanguage?.toLowerCase().startsWith("en")) return "en";
  return "vi";
}
