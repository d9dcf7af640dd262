/** A text in Vietnamese with an optional English translation. */
export interface LText {
  vi: string;
  en?: string;
}
export type Lang = "vi" | "en";
export const pick = (t: LText | string | undefined, lang: Lang): string =>
  t === undefined ? "" : typeof t === "string" ? t : lang === "en" ? (t.en ?? t.vi) : t.vi;
