/**
 * The embedded fonts of the forms and generated documents: Tinos (regular, bold, italic, bold italic) from the
 * `@expo-google-fonts/tinos` package (SIL Open Font License 1.1). Tinos has the metrics of Times New Roman (as does
 * Liberation Serif), the serif face official Vietnamese documents are set in, and covers the whole Vietnamese
 * repertoire with precomposed glyphs; pdfkit subsets it and writes a ToUnicode map, so the PDFs show and copy
 * Vietnamese correctly on any machine.
 *
 * Parsing a TrueType font is most of the cost of a small PDF, so each thread parses the fonts once and every document
 * reuses the parsed fonts. What a document changes is its own: pdfkit makes a new embedded font (subset, widths,
 * ToUnicode entries) per document; fontkit's glyph objects, which remember the code points of their first use (space
 * and no-break space share a glyph), are reset at the start of each document by `fontsForDocument`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";

export type FontName = "regular" | "bold" | "italic" | "boldItalic";

const FILES: Record<FontName, string> = {
  regular: "400Regular/Tinos_400Regular.ttf",
  bold: "700Bold/Tinos_700Bold.ttf",
  italic: "400Regular_Italic/Tinos_400Regular_Italic.ttf",
  boldItalic: "700Bold_Italic/Tinos_700Bold_Italic.ttf",
};

/** The PostScript family the PDFs embed (shown by font lists as "ABCDEF+Tinos-Regular"). */
export const FONT_FAMILY = "Tinos";

let bytes: Record<FontName, Buffer> | null = null;
let parsed: Record<FontName, fontkit.Font> | null = null;

/** The directory holding the TTF files, found through the package's own package.json (works wherever npm put it). */
export function fontDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("@expo-google-fonts/tinos/package.json"));
}

/** The font files, read once per process. */
export function formFonts(): Record<FontName, Buffer> {
  if (!bytes) {
    const dir = fontDir();
    bytes = {
      regular: readFileSync(join(dir, FILES.regular)),
      bold: readFileSync(join(dir, FILES.bold)),
      italic: readFileSync(join(dir, FILES.italic)),
      boldItalic: readFileSync(join(dir, FILES.boldItalic)),
    };
  }
  return bytes;
}

/**
 * Parses a font for the forms. Its OpenType layout tables (GSUB: ligatures and contextual alternates; GPOS: kerning)
 * are left out, as a word processor sets an official letter by default: every character is one glyph, so the text
 * copies and searches exactly as written, and laying out a form costs about a third less.
 */
function parse(b: Buffer): fontkit.Font {
  const f = fontkit.create(b);
  const tables = (f as unknown as { _tables: Record<string, unknown> })._tables;
  tables.GSUB = null;
  tables.GPOS = null;
  return f;
}

/** The fonts parsed once per thread (module state is per worker thread). */
function parsedFonts(): Record<FontName, fontkit.Font> {
  if (!parsed) {
    const b = formFonts();
    parsed = {
      regular: parse(b.regular),
      bold: parse(b.bold),
      italic: parse(b.italic),
      boldItalic: parse(b.boldItalic),
    };
  }
  return parsed;
}

/**
 * The parsed fonts for a new document, with the glyph state of earlier documents cleared. Call it when the document
 * is created and render the document without yielding to another one (the renderers are synchronous).
 */
export function fontsForDocument(): Record<FontName, fontkit.Font> {
  const fonts = parsedFonts();
  for (const f of Object.values(fonts)) (f as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  return fonts;
}
