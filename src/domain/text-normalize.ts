/**
 * Text folding for Vietnamese search: case, diacritics (composed or decomposed Unicode), đ → d, and the i/y
 * spelling variants ("ký" = "kí", "lý" = "lí", "quy" = "qui") so that what a citizen types on any keyboard,
 * with or without tone marks, meets the catalogue's words.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const NON_ALNUM = /[^a-z0-9]+/g;

/** Lower case, no diacritics, đ/Đ → d; keeps punctuation and spacing as they are. */
export function foldVietnamese(s: string): string {
  return s
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐÐð]/g, "d")
    .toLowerCase();
}

/**
 * One spelling for the i/y variants of Vietnamese: a syllable ending in "y" right after a consonant cluster
 * ("ky", "ly", "my", "sy", "ty", "hy", "quy") is written with "i". "uy", "ay", "ây" keep their "y".
 */
export function canonicalToken(token: string): string {
  if (token.length >= 2 && token.length <= 4 && token.endsWith("y")) {
    const head = token.slice(0, -1);
    if (head === "qu" || /^(?:ngh|ch|gh|gi|kh|ng|nh|ph|th|tr|[bcdghklmnprstvx])$/.test(head)) return `${head}i`;
  }
  return token;
}

/** Folded, canonical tokens of a text: "Đăng ký khai sinh" → ["dang", "ki", "khai", "sinh"]. */
export function tokenize(s: string): string[] {
  const folded = foldVietnamese(s).replace(NON_ALNUM, " ").trim();
  if (!folded) return [];
  return folded.split(" ").map(canonicalToken);
}

/** The folded text with single spaces, for display-independent comparison and sorting. */
export function normalizeText(s: string): string {
  return tokenize(s).join(" ");
}
