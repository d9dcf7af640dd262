/** Reading the rendered forms back for the tests: page sizes, text (with positions), metadata, images. */
import QRCode from "qrcode";
import { inflateSync } from "node:zlib";
import { getDocumentProxy } from "unpdf";

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

/** The decoded content streams of a PDF (pdfkit writes them Flate-compressed). */
export function contentStreams(buf: Buffer): string[] {
  const raw = buf.toString("latin1");
  const out: string[] = [];
  const re = /stream\r?\n/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    const bytes = buf.subarray(start, end);
    try {
      out.push(inflateSync(bytes).toString("latin1"));
    } catch {
      out.push(bytes.toString("latin1"));
    }
    re.lastIndex = end;
  }
  return out;
}

/**
 * Whether the QR code the form draws (as vectors, in the marked-content sequence /MotcuaQR: a background square with
 * a one-module quiet zone, then one rectangle per run of dark modules) is the QR symbol of `text`: every dark module
 * of the symbol is drawn and nothing else.
 */
export async function pageOneQrEncodes(buf: Buffer, text: string): Promise<boolean> {
  const stream = contentStreams(buf).find((s) => s.includes("/MotcuaQR BMC"));
  if (!stream) return false;
  const part = stream.slice(stream.indexOf("/MotcuaQR BMC"), stream.indexOf("EMC", stream.indexOf("/MotcuaQR BMC")));
  const rects = [...part.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map((m) =>
    m.slice(1, 5).map(Number),
  );
  if (rects.length < 2) return false;
  const [x0, y0, size] = rects[0];
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const m = size / (n + 2);
  const dark = new Set<string>();
  for (const [x, y, w, h] of rects.slice(1)) {
    if (Math.abs(h - m) > 0.01) return false;
    const r = Math.round((y - y0) / m) - 1;
    const c0 = Math.round((x - x0) / m) - 1;
    const len = Math.round(w / m);
    if (Math.abs((y - y0) / m - (r + 1)) > 0.01 || Math.abs(w / m - len) > 0.01) return false;
    for (let c = c0; c < c0 + len; c++) dark.add(`${r},${c}`);
  }
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (dark.has(`${r},${c}`) !== Boolean(qr.modules.get(r, c))) return false;
  return dark.size === [...Array(n * n).keys()].filter((i) => qr.modules.get(Math.floor(i / n), i % n)).length;
}
