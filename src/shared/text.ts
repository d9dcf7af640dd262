/** A text in Vietnamese with an optional English translation. */
export interface LText {
  vi: string;
  en?: string;
}
export type Lang = "vi" | "en";
export const pick = (t: LText | string | undefined, lang: Lang): string =>
  t === undefined ? "" : typeof t === "string" ? t : lang === "en" ? (t.en ?? t.vi) : t.vi;

/** A field error in one language, as the API answers and pages show it. */
export interface FieldMessage {
  path: string;
  message: string;
}

/** Picks each field error's text in `lang`. */
export const pickFields = (fields: ReadonlyArray<{ path: string; text: LText }>, lang: Lang): FieldMessage[] =>
  fields.map((f) => ({ path: f.path, message: pick(f.text, lang) }));
