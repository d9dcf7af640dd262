/** The little of fontkit (pdfkit's font engine) that the forms use: parse a font once, hand it to pdfkit. */
declare module "fontkit" {
  export interface Font {
    postscriptName: string;
    familyName: string;
    layout(text: string): unknown;
    hasGlyphForCodePoint(cp: number): boolean;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
