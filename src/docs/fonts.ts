/**
 * The embedded fonts of the forms: DejaVu Sans (regular, bold, oblique) from the `dejavu-fonts-ttf` package. DejaVu
 * covers the whole Vietnamese repertoire with precomposed glyphs, and pdfkit subsets it and writes a ToUnicode map,
 * so the PDFs show and copy Vietnamese correctly on any machine.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type FontName = "regular" | "bold" | "italic";

const FILES: Record<FontName, string> = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
};

let cache: Record<FontName, Buffer> | null = null;

/** The directory holding the TTF files, found through the package's own package.json (works wherever npm put it). */
export function dejavuDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
}

/** The font files, read once per process. */
export function formFonts(): Record<FontName, Buffer> {
  if (!cache) {
    const dir = dejavuDir();
    cache = {
      regular: readFileSync(join(dir, FILES.regular)),
      bold: readFileSync(join(dir, FILES.bold)),
      italic: readFileSync(join(dir, FILES.italic)),
    };
  }
  return cache;
}
