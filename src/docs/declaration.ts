/**
 * The application form of a dossier (tờ khai, đơn, giấy đề nghị) rendered from its e-form data (issue #10 item 7):
 * the applicant fills the e-form once and never uploads the same declaration as a scan; this is the paper the officer
 * reads and prints. A4 portrait: the national heading, the title (the component's name), "Kính gửi" the receiving
 * unit, every section of the e-form with its answers (repeating groups numbered), the applicant's declaration, the
 * place and date, and the applicant's name under the signature line. Uses the forms' shared fonts (./fonts.ts).
 */
import PDFDocument from "pdfkit";
import type { EForm, EFormField } from "../shared/eform.js";
import { vnParts } from "../shared/format.js";
import { pick } from "../shared/text.js";
import { displayValue } from "../web/eform.js";
import { fontsForDocument } from "./fonts.js";
import { NATIONAL_MOTTO, NATIONAL_NAME, nfc } from "./labels.js";

export interface DeclarationInput {
  /** The component's name, e.g. "Tờ khai đăng ký khai sinh". */
  title: string;
  procedure: { code: string; name: string };
  eform: EForm;
  data: Record<string, unknown>;
  applicantName: string;
  unit: { name: string; address?: string | null };
  /** The dossier's reference (HS-…, TQ-…) and when the declaration was made. */
  reference: string;
  at: Date;
  /** Under the signature line, e.g. that the applicant declared through their electronic identity account. */
  signatureNote?: string;
}

const FONT = { regular: "Declaration", bold: "Declaration-Bold", italic: "Declaration-Italic" } as const;
const SIZE = { body: 11, small: 9, title: 14, heading: 11.5 };

const pad = (n: number) => String(n).padStart(2, "0");

/** "hh:mm ngày dd/mm/yyyy" in Vietnamese time. */
function when(at: Date): string {
  const p = vnParts(at);
  return `${pad(p.hour)}:${pad(p.minute)} ngày ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

export async function renderDeclarationPdf(i: DeclarationInput): Promise<Buffer> {
  // fonts parsed once per thread, their glyph state reset for this document (see fonts.ts); the renderer below is
  // synchronous up to doc.end(), so no other document interleaves with it
  const fonts = fontsForDocument();
  const doc = new PDFDocument({
    // the default font is ours (pdfkit would otherwise load Helvetica's metrics for every document)
    font: fonts.regular as never,
    size: "A4",
    margins: { top: 50, bottom: 56, left: 64, right: 56 },
    bufferPages: true,
    lang: "vi-VN",
    displayTitle: true,
    info: { Title: nfc(i.title), Subject: nfc(i.procedure.name), Author: nfc(i.applicantName), Creator: "motcua" },
  });
  doc.registerFont(FONT.regular, fonts.regular as never);
  doc.registerFont(FONT.bold, fonts.bold as never);
  doc.registerFont(FONT.italic, fonts.italic as never);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const text = (s: string, font: string, size: number, o: PDFKit.Mixins.TextOptions = {}) =>
    doc.font(font).fontSize(size).text(nfc(s), o);

  text(NATIONAL_NAME, FONT.bold, SIZE.heading, { align: "center", width });
  text(NATIONAL_MOTTO, FONT.bold, SIZE.heading, { align: "center", width, underline: true });
  doc.moveDown(1.2);
  text(i.title.toLocaleUpperCase("vi"), FONT.bold, SIZE.title, { align: "center", width });
  text(`(${i.procedure.name} — mã thủ tục ${i.procedure.code})`, FONT.italic, SIZE.small, { align: "center", width });
  doc.moveDown(0.8);
  text(`Kính gửi: ${i.unit.name}`, FONT.regular, SIZE.body, { align: "center", width });
  doc.moveDown(0.8);

  const line = (label: string, value: string, indent = 0) => {
    doc.font(FONT.regular).fontSize(SIZE.body);
    doc.text(nfc(`${label}: `), left + indent, doc.y, { continued: true, width: width - indent });
    doc.font(FONT.bold).text(nfc(value));
  };
  const fields = (list: EFormField[], values: Record<string, unknown>, indent: number) => {
    for (const f of list) {
      const v = values[f.key];
      if (f.type === "group") {
        const items = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
        text(`${pick(f.label, "vi")}:${items.length ? "" : " —"}`, FONT.regular, SIZE.body, {
          width: width - indent,
        });
        items.forEach((item, n) => {
          doc
            .font(FONT.italic)
            .fontSize(SIZE.body)
            .text(`${n + 1}.`, left + indent + 8, doc.y);
          fields(f.fields ?? [], item ?? {}, indent + 20);
        });
        continue;
      }
      line(pick(f.label, "vi"), displayValue(f, v, "vi"), indent);
    }
  };
  for (const s of i.eform.sections) {
    const values = i.data[s.key];
    doc.moveDown(0.4);
    doc
      .font(FONT.bold)
      .fontSize(SIZE.heading)
      .text(nfc(pick(s.title, "vi")), left, doc.y, { width });
    fields(s.fields, values && typeof values === "object" ? (values as Record<string, unknown>) : {}, 0);
  }

  doc.moveDown(1);
  text(
    "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình.",
    FONT.regular,
    SIZE.body,
    { width, align: "justify" },
  );
  doc.moveDown(1);
  // the place and date, the capacity and the name in the right half, room to sign between them
  const col = left + width / 2;
  const right = (str: string, font: string, size: number) =>
    doc
      .font(font)
      .fontSize(size)
      .text(nfc(str), col, doc.y, { width: width / 2, align: "center" });
  const p = vnParts(i.at);
  right(`Ngày ${pad(p.day)} tháng ${pad(p.month)} năm ${p.year}`, FONT.italic, SIZE.body);
  right("NGƯỜI YÊU CẦU", FONT.bold, SIZE.body);
  if (i.signatureNote) right(`(${i.signatureNote})`, FONT.italic, SIZE.small);
  doc.moveDown(i.signatureNote ? 1.5 : 3);
  right(i.applicantName, FONT.bold, SIZE.body);

  // every page: where this paper came from
  const range = doc.bufferedPageRange();
  for (let n = range.start; n < range.start + range.count; n++) {
    doc.switchToPage(n);
    const bottom = doc.page.height - doc.page.margins.bottom + 16;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT.italic)
      .fontSize(SIZE.small - 1)
      .text(
        nfc(
          `Lập từ tờ khai điện tử của hồ sơ ${i.reference} lúc ${when(i.at)} · Trang ${n - range.start + 1}/${range.count}`,
        ),
        left,
        bottom,
        { width, align: "center", lineBreak: false },
      );
  }
  doc.end();
  return done;
}
