/** Reading the rendered forms back for the tests: page sizes, text (with positions), metadata, images. */
import QRCode from "qrcode";
import { extractImages, getDocumentProxy } from "unpdf";

// pdf.js (in unpdf) decodes images with ArrayBuffer#transferToFixedLength (ES2024), which Node 20 lacks. A copying
// stand-in is enough for reading images back in tests.
if (typeof (ArrayBuffer.prototype as any).transferToFixedLength !== "function") {
  Object.defineProperty(ArrayBuffer.prototype, "transferToFixedLength", {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length?: number) {
      const n = length ?? this.byteLength;
      const out = new ArrayBuffer(n);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
      return out;
    },
  });
}

export interface PdfItem {
  str: string;
  x: number;
  y: number;
}
export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
  /** The page's text with line ends, as a PDF reader copies it. */
  text: string;
}
export interface ReadPdf {
  pages: PdfPage[];
  /** All pages' text, whitespace runs collapsed to one space (so wrapped lines read as one). */
  flat: string;
  info: Record<string, unknown>;
  bytes: Uint8Array;
}

export async function readPdf(buf: Buffer): Promise<ReadPdf> {
  if (!Buffer.isBuffer(buf)) throw new Error("not a Buffer");
  if (buf.subarray(0, 5).toString("latin1") !== "%PDF-") throw new Error("not a PDF");
  const bytes = new Uint8Array(buf);
  const pdf = await getDocumentProxy(bytes.slice());
  const pages: PdfPage[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const [x0, y0, x1, y1] = page.view;
    const content = await page.getTextContent();
    const items: PdfItem[] = [];
    let text = "";
    for (const it of content.items as any[]) {
      if (typeof it.str !== "string") continue;
      items.push({ str: it.str, x: it.transform[4], y: it.transform[5] });
      text += it.str + (it.hasEOL ? "\n" : "");
    }
    pages.push({ width: x1 - x0, height: y1 - y0, items, text });
  }
  const meta = await pdf.getMetadata();
  await pdf.destroy();
  return {
    pages,
    flat: pages
      .map((p) => p.text)
      .join("\n")
      .replace(/\s+/g, " "),
    info: (meta.info ?? {}) as Record<string, unknown>,
    bytes,
  };
}

/** Occurrences of `needle` in `hay`. */
export const count = (hay: string, needle: string) => hay.split(needle).length - 1;

/**
 * Whether the first image of page 1 is the QR code of `text`: the PNG the forms embed is drawn with a 1-module quiet
 * zone, so the image is (size + 2) modules wide; the centre pixel of every module must be dark exactly where the
 * QR symbol of `text` has a dark module.
 */
export async function pageOneQrEncodes(buf: Buffer, text: string): Promise<boolean> {
  const images = await extractImages(new Uint8Array(buf), 1);
  if (images.length === 0) return false;
  const img = images[0];
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const n = size + 2;
  if (img.width !== img.height || img.width % n !== 0) return false;
  const scale = img.width / n;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const px = Math.floor((c + 1) * scale + scale / 2);
      const py = Math.floor((r + 1) * scale + scale / 2);
      const v = img.data[(py * img.width + px) * img.channels];
      const dark = v < 128;
      if (dark !== Boolean(qr.modules.get(r, c))) return false;
    }
  }
  return true;
}
