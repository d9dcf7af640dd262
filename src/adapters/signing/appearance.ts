import { createHash } from "node:crypto";
import * as fontkit from "fontkit";
import { formFonts } from "../../docs/fonts.js";

/**
 * The visible signature block: an appearance stream (/AP /N) for the signature widget that `plainAddPlaceholder`
 * just added, written as one more incremental update before the document is signed (so the signature covers it).
 * The block is a framed box with a few lines of text (signer, title, unit, time) set in the forms' font (Tinos,
 * subset and embedded as a CID font with a ToUnicode map), so Vietnamese shows and copies correctly in any viewer.
 */

interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface Subset {
  includeGlyph(g: number | Glyph): number;
  encode(): Uint8Array;
}
interface FullFont extends fontkit.Font {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  layout(text: string): { glyphs: Glyph[] };
  createSubset(): Subset;
}

let font: FullFont | undefined;
function regular(): FullFont {
  if (!font) {
    font = fontkit.create(formFonts().regular) as FullFont;
    // one glyph per character (no ligatures), as the forms are set
    const tables = (font as unknown as { _tables: Record<string, unknown> })._tables;
    tables.GSUB = null;
    tables.GPOS = null;
  }
  return font;
}

const hex4 = (n: number) => n.toString(16).padStart(4, "0");
const utf16Hex = (cps: number[]) =>
  cps
    .map((cp) =>
      cp > 0xffff ? hex4(0xd800 + ((cp - 0x10000) >> 10)) + hex4(0xdc00 + ((cp - 0x10000) & 0x3ff)) : hex4(cp),
    )
    .join("");
const num = (n: number) => (Math.round(n * 100) / 100).toString();

/**
 * Adds the appearance to the newest signature widget of `pdf` (the placeholder just added) and returns the PDF with
 * one more incremental update. `rect` is the widget's rectangle; `lines` the text of the block.
 */
export function addSignatureAppearance(pdf: Buffer, lines: string[], rect: [number, number, number, number]): Buffer {
  const text = pdf.toString("latin1");
  // the newest widget (the placeholder's, as it wrote it: "N 0 obj\n<<\n/Type /Annot\n/Subtype /Widget…>>\nendobj");
  // found by plain searches — a regex starting at every digit would crawl the /Contents placeholder's zeros
  const at = text.lastIndexOf("/Subtype /Widget");
  const header = at < 0 ? -1 : text.lastIndexOf(" 0 obj", at);
  const widgetNo = Number(/(\d+)$/.exec(text.slice(Math.max(0, header - 12), header))?.[1]);
  const end = text.indexOf("endobj", at);
  const dictEnd = text.lastIndexOf(">>", end);
  if (at < 0 || header < 0 || !widgetNo || end < 0 || dictEnd < at)
    throw new Error("no signature widget to give an appearance");
  const widgetBody = text.slice(at + "/Subtype /Widget".length, dictEnd);
  const size = Number(/\/Size (\d+)/g.exec(text.slice(text.lastIndexOf("trailer")))?.[1]);
  const tail = text.slice(text.lastIndexOf("trailer"));
  const root = /\/Root (\d+ \d+ R)/.exec(tail)?.[1];
  const info = /\/Info (\d+ \d+ R)/.exec(tail)?.[1];
  const prev = /startxref\s+(\d+)/.exec(tail)?.[1];
  if (!size || !root || !prev) throw new Error("cannot read the PDF's last trailer");

  const f = regular();
  // fontkit's glyph objects keep the code points of their first use: start each block afresh (as fonts.ts does)
  (f as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  const scale = 1000 / f.unitsPerEm;
  const subset = f.createSubset();
  const widths = new Map<number, number>();
  const unicode = new Map<number, number[]>();
  const encoded = lines.map((line) => {
    let width = 0;
    const gids = f.layout(line).glyphs.map((g) => {
      const gid = subset.includeGlyph(g.id);
      widths.set(gid, g.advanceWidth * scale);
      if (!unicode.get(gid)?.length) unicode.set(gid, g.codePoints);
      width += g.advanceWidth * scale;
      return gid;
    });
    return { hex: gids.map(hex4).join(""), width };
  });
  const w = rect[2] - rect[0];
  const h = rect[3] - rect[1];
  const pad = Math.min(4, h / 6);
  const fontSize = Math.min(
    9,
    (h - 2 * pad) / (lines.length * 1.25),
    ...encoded.map((e) => ((w - 2 * pad) * 1000) / Math.max(e.width, 1)),
  );
  const leading = fontSize * 1.25;
  let content = `q 0.75 0 0 RG 0.8 w 0.4 0.4 ${num(w - 0.8)} ${num(h - 0.8)} re S Q\nBT 0 0 0.55 rg /F1 ${num(fontSize)} Tf\n`;
  let y = h - pad - fontSize;
  for (const e of encoded) {
    content += `1 0 0 1 ${pad} ${num(y)} Tm <${e.hex}> Tj\n`;
    y -= leading;
  }
  content += "ET";

  const fontFile = Buffer.from(subset.encode());
  // a subset's tag is unique per subset (PDF 32000 §9.6.4): viewers tell the blocks' fonts apart by name
  const tag = createHash("sha256")
    .update(fontFile)
    .update(String(size))
    .digest()
    .subarray(0, 6)
    .reduce((t, b) => t + String.fromCharCode(65 + (b % 26)), "");
  const base = `${tag}+${f.postscriptName.replaceAll(" ", "_")}`;
  const gids = [...widths.keys()].sort((a, b) => a - b);
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000><ffff> endcodespacerange
${gids.length} beginbfchar
${gids.map((g) => `<${hex4(g)}> <${utf16Hex(unicode.get(g) ?? [])}>`).join("\n")}
endbfchar endcmap CMapName currentdict /CMap defineresource pop end end`;

  const n = { descriptor: size, file: size + 1, cid: size + 2, type0: size + 3, toUnicode: size + 4, ap: size + 5 };
  const objects: Array<[number, Buffer]> = [];
  const obj = (no: number, dict: string, stream?: Buffer) =>
    objects.push([
      no,
      stream
        ? Buffer.concat([
            Buffer.from(`${no} 0 obj\n<<${dict} /Length ${stream.length}>>\nstream\n`, "latin1"),
            stream,
            Buffer.from("\nendstream\nendobj\n", "latin1"),
          ])
        : Buffer.from(`${no} 0 obj\n<<${dict}>>\nendobj\n`, "latin1"),
    ]);
  const b = f.bbox;
  obj(
    n.descriptor,
    `/Type /FontDescriptor /FontName /${base} /Flags 6 /FontBBox [${[b.minX, b.minY, b.maxX, b.maxY].map((x) => num(x * scale)).join(" ")}] /ItalicAngle 0 /Ascent ${num(f.ascent * scale)} /Descent ${num(f.descent * scale)} /CapHeight ${num((f.capHeight || f.ascent) * scale)} /StemV 0 /FontFile2 ${n.file} 0 R`,
  );
  obj(n.file, ` /Length1 ${fontFile.length}`, fontFile);
  obj(
    n.cid,
    `/Type /Font /Subtype /CIDFontType2 /BaseFont /${base} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${n.descriptor} 0 R /CIDToGIDMap /Identity /W [${gids.map((g) => `${g} [${num(widths.get(g) ?? 0)}]`).join(" ")}]`,
  );
  obj(
    n.type0,
    `/Type /Font /Subtype /Type0 /BaseFont /${base} /Encoding /Identity-H /DescendantFonts [${n.cid} 0 R] /ToUnicode ${n.toUnicode} 0 R`,
  );
  obj(n.toUnicode, "", Buffer.from(cmap, "latin1"));
  obj(
    n.ap,
    `/Type /XObject /Subtype /Form /BBox [0 0 ${num(w)} ${num(h)}] /Resources << /Font << /F1 ${n.type0} 0 R >> >>`,
    Buffer.from(content, "latin1"),
  );
  obj(widgetNo, `/Type /Annot /Subtype /Widget${widgetBody} /AP << /N ${n.ap} 0 R >>`);

  const parts: Buffer[] = [pdf];
  let offset = pdf.length;
  const sep = Buffer.from("\n");
  const xref: string[] = ["xref", "0 1", "0000000000 65535 f "];
  for (const [no, bytes] of objects) {
    parts.push(sep);
    offset += 1;
    xref.push(`${no} 1`, `${String(offset).padStart(10, "0")} 00000 n `);
    parts.push(bytes);
    offset += bytes.length;
  }
  parts.push(sep);
  offset += 1;
  const trailer = `${xref.join("\n")}\ntrailer\n<<\n/Size ${n.ap + 1}\n/Root ${root}\n${info ? `/Info ${info}\n` : ""}/Prev ${prev}\n>>\nstartxref\n${offset}\n%%EOF`;
  parts.push(Buffer.from(trailer, "latin1"));
  return Buffer.concat(parts);
}
