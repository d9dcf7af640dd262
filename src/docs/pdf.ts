/**
 * A small layout layer over pdfkit for the one-stop forms: the national heading, the title with its QR code,
 * labelled fields, paragraphs, ruled tables that repeat their header across pages, signature blocks, and a footer
 * with the look-up URL and page numbers on every page.
 */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { fontsForDocument } from "./fonts.js";
import { FORM_TITLES, type FormNo, NATIONAL_MOTTO, NATIONAL_NAME, nfc, placeDateLine } from "./labels.js";
import type { FormBase } from "./types.js";

export type PageKind = "A5" | "A4-landscape";

const F = { regular: "Tinos", bold: "Tinos-Bold", italic: "Tinos-Italic", boldItalic: "Tinos-BoldItalic" } as const;
const INK = "#000000";
const GREY = "#444444";
const RULE = "#000000";
const HEADER_FILL = "#eeeeee";

const MARGINS: Record<PageKind, { top: number; bottom: number; left: number; right: number }> = {
  // A5 portrait 419.53 × 595.28 pt: about 11–12 mm side margins, room for the footer at the bottom.
  A5: { top: 24, bottom: 40, left: 32, right: 28 },
  // A4 landscape 841.89 × 595.28 pt.
  "A4-landscape": { top: 24, bottom: 38, left: 28, right: 28 },
};

export interface Column {
  header: string;
  /** Relative width; the columns share the full text width in proportion. */
  weight: number;
  align?: "left" | "center" | "right";
  /** Widen the column so that its body cells (e.g. dossier codes) fit on one line; the others share what is left. */
  noWrap?: boolean;
}

export interface HeaderGroup {
  label: string;
  /** Index of the first and last column (inclusive) under the group label. */
  from: number;
  to: number;
}

export interface TableOptions {
  fontSize?: number;
  headerFontSize?: number;
  /** A second header level: labels spanning several columns. */
  groups?: HeaderGroup[];
  padding?: number;
}

export interface SignatureBlock {
  /** Capacity in capitals; "\n" separates lines. */
  title: string;
  hint?: string;
  name?: string;
}

export class FormWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly formNo: FormNo;
  private readonly base: FormBase;
  private readonly out: Promise<Buffer>;

  private constructor(page: PageKind, formNo: FormNo, base: FormBase) {
    this.formNo = formNo;
    this.base = base;
    const title = `Mẫu số ${formNo} - ${FORM_TITLES[formNo]}`;
    // fonts parsed once per thread, their glyph state reset for this document (see fonts.ts)
    const fonts = fontsForDocument();
    this.doc = new PDFDocument({
      // the default font is ours (pdfkit would otherwise load Helvetica's metrics for every document)
      font: fonts.regular as never,
      ...(page === "A5" ? { size: "A5", layout: "portrait" } : { size: "A4", layout: "landscape" }),
      margins: MARGINS[page],
      bufferPages: true,
      lang: "vi-VN",
      displayTitle: true,
      info: {
        Title: title,
        Subject: nfc(base.issuer.name),
        Author: nfc(base.issuer.name),
        Creator: "motcua",
        Producer: "motcua",
        CreationDate: base.issuedAt,
        ModDate: base.issuedAt,
      },
    });
    this.doc.registerFont(F.regular, fonts.regular as never);
    this.doc.registerFont(F.bold, fonts.bold as never);
    this.doc.registerFont(F.italic, fonts.italic as never);
    this.doc.registerFont(F.boldItalic, fonts.boldItalic as never);
    this.doc.font(F.regular).fontSize(9).fillColor(INK);
    const chunks: Buffer[] = [];
    this.out = new Promise<Buffer>((resolve, reject) => {
      this.doc.on("data", (c: Buffer) => chunks.push(c));
      this.doc.on("end", () => resolve(Buffer.concat(chunks)));
      this.doc.on("error", reject);
    });
  }

  /**
   * A writer for one form. Everything from here to `finish()` is synchronous, so one document's rendering never
   * interleaves with another's on the same thread (they share the parsed fonts).
   */
  static create(page: PageKind, formNo: FormNo, base: FormBase): FormWriter {
    return new FormWriter(page, formNo, base);
  }

  /**
   * The QR code of the look-up URL drawn as vectors (one filled rectangle per run of dark modules, with a one-module
   * quiet zone), in a marked-content sequence tagged /MotcuaQR: sharp at any zoom, no image to encode.
   */
  private drawQr(x: number, y: number, size: number): void {
    const qr = QRCode.create(this.base.lookupUrl, { errorCorrectionLevel: "M" });
    const n = qr.modules.size;
    const m = size / (n + 2);
    const { doc } = this;
    doc.addContent("/MotcuaQR BMC");
    doc.save();
    doc.rect(x, y, size, size).fillColor("#ffffff").fill();
    doc.fillColor(INK);
    for (let r = 0; r < n; r++) {
      let c = 0;
      while (c < n) {
        if (!qr.modules.get(r, c)) {
          c++;
          continue;
        }
        const start = c;
        while (c < n && qr.modules.get(r, c)) c++;
        doc.rect(x + (start + 1) * m, y + (r + 1) * m, (c - start) * m, m);
      }
    }
    doc.fill();
    doc.restore();
    doc.addContent("EMC");
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Start a new page when fewer than `h` points remain. */
  ensureSpace(h: number): void {
    if (this.doc.y + h > this.bottom) {
      this.doc.addPage();
      this.doc.x = this.left;
    }
  }

  moveDown(pt: number): void {
    this.doc.y += pt;
  }

  /** "Mẫu số 0N" at the top right, then issuer (left) and national heading with place/date line (right). */
  heading(): void {
    const { doc } = this;
    const x0 = this.left;
    const w = this.width;
    doc
      .font(F.italic)
      .fontSize(7)
      .fillColor(GREY)
      .text(`Mẫu số ${this.formNo}`, x0, doc.page.margins.top, { width: w, align: "right" });
    doc.fillColor(INK);
    const top = doc.y + 2;
    const leftW = Math.round(w * 0.4);
    const rightX = x0 + leftW + 4;
    const rightW = w - leftW - 4;

    // Left column: the issuing unit.
    let y = top;
    doc.fontSize(7.5);
    if (this.base.issuer.parentName) {
      doc
        .font(F.regular)
        .text(nfc(this.base.issuer.parentName).toUpperCase(), x0, y, { width: leftW, align: "center" });
      y = doc.y;
    }
    // the unit's name breaks only between words (never inside one), shrinking a little rather than splitting a word
    y = this.wordLines(nfc(this.base.issuer.name).toUpperCase(), x0, y, leftW, { font: F.bold, size: 7.5, minSize: 6 });
    y += 2;
    this.rule(x0 + leftW / 2 - 22, y, 44);
    y += 4;
    if (this.base.documentNumber) {
      doc.font(F.regular).text(`Số: ${nfc(this.base.documentNumber)}`, x0, y, { width: leftW, align: "center" });
      y = doc.y;
    }
    const leftBottom = y;

    // Right column: national name, motto (underlined), place and date.
    y = top;
    doc.font(F.bold).fontSize(7.5).text(NATIONAL_NAME, rightX, y, { width: rightW, align: "center" });
    y = doc.y;
    doc.fontSize(8).text(NATIONAL_MOTTO, rightX, y, { width: rightW, align: "center" });
    y = doc.y + 1;
    const mottoW = doc.widthOfString(NATIONAL_MOTTO);
    this.rule(rightX + (rightW - mottoW) / 2, y, mottoW);
    y += 5;
    doc
      .font(F.italic)
      .fontSize(7.5)
      .text(placeDateLine(nfc(this.base.issuer.place), this.base.issuedAt), rightX, y, {
        width: rightW,
        align: "center",
      });
    const rightBottom = doc.y;

    doc.x = x0;
    doc.y = Math.max(leftBottom, rightBottom) + 10;
  }

  /**
   * The form's title in capitals and the lines under it (centred), with the QR code of the look-up URL on the right
   * and the dossier code (or "Tra cứu hồ sơ") printed under the QR code.
   */
  titleBlock(lines: { text: string; bold?: boolean; italic?: boolean; size?: number }[], qrCaption: string): void {
    const { doc } = this;
    const qrSize = 58;
    const x0 = this.left;
    const top = doc.y;
    const textW = this.width - qrSize - 10;
    const qrX = x0 + this.width - qrSize;
    this.drawQr(qrX, top, qrSize);
    // The caption (dossier code) on one line under the QR code: shrink it to fit rather than wrap.
    const caption = nfc(qrCaption);
    const capW = qrSize + 20;
    doc.font(F.regular).fontSize(5.5);
    const capSize = Math.max(4, Math.min(5.5, (5.5 * (capW - 2)) / doc.widthOfString(caption)));
    doc
      .fontSize(capSize)
      .fillColor(INK)
      .text(caption, qrX - 10, top + qrSize + 1, { width: capW, align: "center", lineBreak: false });
    const qrBottom = top + qrSize + 1 + doc.currentLineHeight(true);

    doc.y = top + 4;
    const { text: title, size } = this.fitTitle(FORM_TITLES[this.formNo].toUpperCase(), textW);
    doc.font(F.bold).fontSize(size).text(title, x0, doc.y, { width: textW, align: "center" });
    for (const l of lines) {
      doc.moveDown(0.2);
      doc
        .font(l.bold ? F.bold : l.italic ? F.italic : F.regular)
        .fontSize(l.size ?? 9)
        .text(nfc(l.text), x0, doc.y, { width: textW, align: "center" });
    }
    doc.x = x0;
    doc.y = Math.max(doc.y, qrBottom) + 8;
    doc.font(F.regular).fontSize(9);
  }

  /**
   * Centred lines broken only at spaces: the largest size from `size` down to `minSize` at which every word fits the
   * width and the text takes at most three lines (else `minSize`). Returns the y under the last line.
   */
  wordLines(
    text: string,
    x: number,
    y: number,
    width: number,
    o: { font: string; size: number; minSize: number },
  ): number {
    const { doc } = this;
    const words = text.split(/\s+/).filter(Boolean);
    const wrap = (size: number) => {
      doc.font(o.font).fontSize(size);
      if (words.some((w) => doc.widthOfString(w) > width)) return null;
      const lines: string[] = [];
      for (const w of words) {
        const last = lines.length ? `${lines[lines.length - 1]} ${w}` : w;
        if (lines.length && doc.widthOfString(last) <= width) lines[lines.length - 1] = last;
        else lines.push(w);
      }
      return lines;
    };
    let size = o.size;
    let lines = wrap(size);
    while ((!lines || lines.length > 3) && size - 0.25 >= o.minSize) {
      size -= 0.25;
      lines = wrap(size);
    }
    if (!lines) {
      // a single word wider than the column even at the smallest size: scale that line to fit, still unbroken
      lines = words;
    }
    doc.font(o.font).fontSize(size);
    const lh = doc.currentLineHeight(true);
    for (const line of lines) {
      const w = doc.widthOfString(line);
      const fit = w > width ? (size * width) / w : size;
      doc.fontSize(fit).text(line, x, y, { width, align: "center", lineBreak: false });
      doc.fontSize(size);
      y += lh;
    }
    return y;
  }

  /** A line "label: value" with the value in bold; an empty value prints a dotted blank to fill by hand. */
  field(label: string, value: string | number | null | undefined, opts: { indent?: number; size?: number } = {}): void {
    const { doc } = this;
    const indent = opts.indent ?? 0;
    const v = value === null || value === undefined || value === "" ? "" : nfc(String(value));
    doc.fontSize(opts.size ?? 9);
    this.ensureSpace(doc.currentLineHeight(true) + 2);
    const x = this.left + indent;
    const width = this.width - indent;
    if (v) {
      doc.font(F.regular).text(`${nfc(label)}: `, x, doc.y, { width, continued: true, lineGap: 1.5 });
      doc.font(F.bold).text(v, { width, lineGap: 1.5 });
    } else {
      doc.font(F.regular).text(`${nfc(label)}: ${".".repeat(40)}`, x, doc.y, { width, lineGap: 1.5 });
    }
    doc.font(F.regular);
    doc.x = this.left;
  }

  /** A paragraph of regular text. */
  para(
    text: string,
    opts: {
      indent?: number;
      size?: number;
      bold?: boolean;
      italic?: boolean;
      align?: "left" | "center" | "right" | "justify";
      gapAfter?: number;
    } = {},
  ): void {
    const { doc } = this;
    const indent = opts.indent ?? 0;
    doc.font(opts.bold ? F.bold : opts.italic ? F.italic : F.regular).fontSize(opts.size ?? 9);
    this.ensureSpace(doc.currentLineHeight(true) + 2);
    doc.text(nfc(text), this.left + indent, doc.y, {
      width: this.width - indent,
      align: opts.align ?? "left",
      lineGap: 1.5,
    });
    if (opts.gapAfter) doc.y += opts.gapAfter;
    doc.font(F.regular).fontSize(9);
    doc.x = this.left;
  }

  /** A numbered or bulleted item with a hanging indent; `parts` print in turn (bold label parts allowed). */
  item(marker: string, parts: { text: string; bold?: boolean; italic?: boolean }[], indent = 8): void {
    const { doc } = this;
    doc.fontSize(9);
    this.ensureSpace(doc.currentLineHeight(true) + 2);
    const markerW = 14;
    const y = doc.y;
    doc.font(F.regular).text(marker, this.left + indent, y, { width: markerW, lineBreak: false });
    const x = this.left + indent + markerW;
    const width = this.width - indent - markerW;
    doc.y = y;
    parts.forEach((p, i) => {
      doc.font(p.bold ? F.bold : p.italic ? F.italic : F.regular);
      const opts = { width, lineGap: 1.5, continued: i < parts.length - 1 };
      if (i === 0) doc.text(nfc(p.text), x, y, opts);
      else doc.text(nfc(p.text), opts);
    });
    doc.font(F.regular);
    doc.x = this.left;
  }

  /** A ruled table; when a row does not fit, it goes to the next page under a repeated header. */
  table(columns: Column[], rows: string[][], opts: TableOptions = {}): void {
    const { doc } = this;
    const fontSize = opts.fontSize ?? 8;
    const headerSize = opts.headerFontSize ?? fontSize;
    const pad = opts.padding ?? 2.5;
    const widths = this.columnWidths(columns, rows, fontSize, pad);
    const xs: number[] = [];
    widths.reduce((x, w) => {
      xs.push(x);
      return x + w;
    }, this.left);
    const groups = opts.groups ?? [];
    const groupOf = (i: number) => groups.find((g) => i >= g.from && i <= g.to);

    const cellHeight = (text: string, w: number, font: string, size: number) => {
      doc.font(font).fontSize(size);
      return doc.heightOfString(text, { width: w - 2 * pad, lineGap: 0.5 }) + 2 * pad;
    };

    const drawCell = (
      text: string,
      x: number,
      y: number,
      w: number,
      h: number,
      o: { font: string; size: number; align: "left" | "center" | "right"; fill?: string; vcenter?: boolean },
    ) => {
      if (o.fill) doc.rect(x, y, w, h).fillColor(o.fill).fill();
      doc.lineWidth(0.5).strokeColor(RULE).rect(x, y, w, h).stroke();
      doc.fillColor(INK).font(o.font).fontSize(o.size);
      const th = doc.heightOfString(text, { width: w - 2 * pad, lineGap: 0.5 });
      const ty = o.vcenter ? y + Math.max(pad, (h - th) / 2) : y + pad;
      doc.text(text, x + pad, ty, {
        width: w - 2 * pad,
        height: h - (ty - y),
        align: o.align,
        lineGap: 0.5,
        ellipsis: true,
      });
    };

    const header = columns.map((c) => nfc(c.header));
    const groupLabels = groups.map((g) => nfc(g.label));
    // Header geometry: one level, or two when groups are given.
    const groupRowH = groups.length
      ? Math.max(
          ...groups.map((g, i) => cellHeight(groupLabels[i], xs[g.to] + widths[g.to] - xs[g.from], F.bold, headerSize)),
        )
      : 0;
    const subRowH = Math.max(
      ...columns.map((_, i) =>
        groupOf(i) || !groups.length ? cellHeight(header[i], widths[i], F.bold, headerSize) : 0,
      ),
    );
    const spanH = Math.max(
      ...columns.map((_, i) => (!groupOf(i) ? cellHeight(header[i], widths[i], F.bold, headerSize) : 0)),
    );
    const headerH = groups.length ? Math.max(groupRowH + subRowH, spanH) : subRowH;
    const gh = groups.length ? headerH - subRowH : 0;

    const drawHeader = () => {
      const y = doc.y;
      const style = { font: F.bold, size: headerSize, align: "center" as const, fill: HEADER_FILL, vcenter: true };
      columns.forEach((_, i) => {
        const g = groupOf(i);
        if (!g) drawCell(header[i], xs[i], y, widths[i], headerH, style);
        else drawCell(header[i], xs[i], y + gh, widths[i], headerH - gh, style);
      });
      groups.forEach((g, gi) => {
        drawCell(groupLabels[gi], xs[g.from], y, xs[g.to] + widths[g.to] - xs[g.from], gh, style);
      });
      doc.y = y + headerH;
    };

    const maxRowH = this.bottom - this.doc.page.margins.top - headerH - 4;
    this.ensureSpace(headerH + 16);
    drawHeader();
    for (const raw of rows) {
      const row = raw.map((c) => nfc(c));
      const h = Math.min(maxRowH, Math.max(...row.map((c, i) => cellHeight(c, widths[i], F.regular, fontSize))));
      if (doc.y + h > this.bottom) {
        doc.addPage();
        drawHeader();
      }
      const y = doc.y;
      row.forEach((c, i) => {
        drawCell(c, xs[i], y, widths[i], h, { font: F.regular, size: fontSize, align: columns[i].align ?? "left" });
      });
      doc.y = y + h;
    }
    doc.x = this.left;
    doc.font(F.regular).fontSize(9);
  }

  /** Column widths in points: by weight, with `noWrap` columns widened to their longest cell (at most 40 %). */
  private columnWidths(columns: Column[], rows: string[][], fontSize: number, pad: number): number[] {
    const { doc } = this;
    const total = columns.reduce((s, c) => s + c.weight, 0);
    const widths = columns.map((c) => (this.width * c.weight) / total);
    doc.font(F.regular).fontSize(fontSize);
    let fixed = 0;
    let freeWeight = 0;
    columns.forEach((c, i) => {
      if (c.noWrap) {
        const longest = Math.max(
          0,
          ...rows.flatMap((r) =>
            nfc(r[i] ?? "")
              .split("\n")
              .map((line) => doc.widthOfString(line)),
          ),
        );
        widths[i] = Math.min(this.width * 0.4, Math.max(widths[i], longest + 2 * pad + 1));
        fixed += widths[i];
      } else {
        freeWeight += c.weight;
      }
    });
    if (freeWeight > 0) {
      columns.forEach((c, i) => {
        if (!c.noWrap) widths[i] = ((this.width - fixed) * c.weight) / freeWeight;
      });
    }
    return widths;
  }

  /** Signature blocks side by side, kept together on one page. */
  signatures(blocks: SignatureBlock[], opts: { space?: number; gapBefore?: number } = {}): void {
    const { doc } = this;
    const space = opts.space ?? 46;
    const n = blocks.length;
    // A single block sits in the right half, as one-signature forms print it.
    const colW = n === 1 ? this.width / 2 : this.width / n;
    const x0 = n === 1 ? this.left + this.width / 2 : this.left;
    const titles = blocks.map((b) => nfc(b.title).toUpperCase());
    doc.font(F.bold).fontSize(8.5);
    const titleH = Math.max(...titles.map((t) => doc.heightOfString(t, { width: colW - 6 })));
    const need = (opts.gapBefore ?? 8) + titleH + 12 + space + 14;
    this.ensureSpace(need);
    doc.y += opts.gapBefore ?? 8;
    const top = doc.y;
    blocks.forEach((b, i) => {
      const x = x0 + i * colW + 3;
      const w = colW - 6;
      doc.font(F.bold).fontSize(8.5).text(titles[i], x, top, { width: w, align: "center" });
      doc
        .font(F.italic)
        .fontSize(7.5)
        .text(nfc(b.hint ?? "(Ký, ghi rõ họ tên)"), x, top + titleH + 1, { width: w, align: "center" });
      if (b.name) {
        doc
          .font(F.bold)
          .fontSize(8.5)
          .text(nfc(b.name), x, top + titleH + 12 + space, { width: w, align: "center" });
      }
    });
    doc.x = this.left;
    doc.y = top + titleH + 12 + space + 14;
    doc.font(F.regular).fontSize(9);
  }

  /** "Nơi nhận:" list at the bottom left (official letters). */
  recipients(list: string[], x: number, y: number, w: number): number {
    const { doc } = this;
    doc.font(F.bold).fontSize(7.5).text("Nơi nhận:", x, y, { width: w });
    doc.font(F.regular).fontSize(7);
    list.forEach((r, i) => {
      doc.text(`- ${nfc(r)}${i === list.length - 1 ? "." : ";"}`, x, doc.y, { width: w });
    });
    return doc.y;
  }

  /** A signature block on the right and the recipient list on the left, as letters (forms 04, 05) end. */
  letterEnd(signer: { title: string; name: string }, recipients: string[]): void {
    const { doc } = this;
    const title = nfc(signer.title).toUpperCase();
    const half = this.width / 2;
    doc.font(F.bold).fontSize(8.5);
    const titleH = doc.heightOfString(title, { width: half - 6 });
    const space = 46;
    const recH = 10 + recipients.length * 10;
    this.ensureSpace(Math.max(8 + titleH + 12 + space + 14, recH + 8));
    doc.y += 8;
    const top = doc.y;
    const recBottom = this.recipients(recipients, this.left, top, half - 6);
    const x = this.left + half + 3;
    doc
      .font(F.bold)
      .fontSize(8.5)
      .text(title, x, top, { width: half - 6, align: "center" });
    doc
      .font(F.italic)
      .fontSize(7.5)
      .text("(Ký, ghi rõ họ tên, đóng dấu)", x, top + titleH + 1, { width: half - 6, align: "center" });
    doc
      .font(F.bold)
      .fontSize(8.5)
      .text(nfc(signer.name), x, top + titleH + 12 + space, { width: half - 6, align: "center" });
    doc.x = this.left;
    doc.y = Math.max(recBottom, top + titleH + 12 + space + 14);
    doc.font(F.regular).fontSize(9);
  }

  /** Footer on every page (look-up URL, page i/n), then the PDF bytes. */
  async finish(): Promise<Buffer> {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const saved = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - saved + 12;
      const x = this.left;
      const w = this.width;
      doc
        .lineWidth(0.3)
        .strokeColor(GREY)
        .moveTo(x, y - 3)
        .lineTo(x + w, y - 3)
        .stroke();
      doc
        .font(F.regular)
        .fontSize(6.5)
        .fillColor(GREY)
        .text(`Tra cứu hồ sơ: ${this.base.lookupUrl}`, x, y, { width: w - 60, lineBreak: false });
      doc.text(`Trang ${i - range.start + 1}/${range.count}`, x + w - 60, y, {
        width: 60,
        align: "right",
        lineBreak: false,
      });
      doc.page.margins.bottom = saved;
    }
    doc.fillColor(INK);
    doc.end();
    return this.out;
  }

  /**
   * The title on one line at 11 pt, shrinking to 9.5 pt if that makes it fit; otherwise on two lines broken where
   * they come out most even (no lone last word).
   */
  private fitTitle(title: string, width: number): { text: string; size: number } {
    const { doc } = this;
    doc.font(F.bold);
    for (let size = 11; size >= 9.5; size -= 0.5) {
      if (doc.fontSize(size).widthOfString(title) <= width) return { text: title, size };
    }
    doc.fontSize(11);
    const words = title.split(" ");
    let best = { text: title, worst: Number.POSITIVE_INFINITY };
    for (let k = 1; k < words.length; k++) {
      const a = words.slice(0, k).join(" ");
      const b = words.slice(k).join(" ");
      const worst = Math.max(doc.widthOfString(a), doc.widthOfString(b));
      if (worst < best.worst) best = { text: `${a}\n${b}`, worst };
    }
    return { text: best.text, size: 11 };
  }

  private rule(x: number, y: number, w: number): void {
    this.doc
      .lineWidth(0.6)
      .strokeColor(RULE)
      .moveTo(x, y)
      .lineTo(x + w, y)
      .stroke();
  }
}

export const FONT = F;
