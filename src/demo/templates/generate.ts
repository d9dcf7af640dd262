/**
 * Renders the blank templates of the demo catalogue (forms.ts) to small PDFs next to this file.
 * Run: `npx tsx src/demo/templates/generate.ts` — the output is committed; run again after editing forms.ts.
 */
import { createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";
import { TEMPLATE_FORMS, type TemplateForm } from "./forms.js";

const here = dirname(fileURLToPath(import.meta.url));
const fonts = join(here, "../../../node_modules/dejavu-fonts-ttf/ttf");
const REGULAR = join(fonts, "DejaVuSans.ttf");
const BOLD = join(fonts, "DejaVuSans-Bold.ttf");
/** Fixed so that regenerating unchanged forms gives identical files. */
const CREATED = new Date("2025-07-01T00:00:00Z");

function render(form: TemplateForm, out: string): Promise<void> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 48, bottom: 48, left: 56, right: 56 },
    info: { Title: form.name, Author: "motcua", Subject: form.basis, CreationDate: CREATED, ModDate: CREATED },
  });
  doc.registerFont("r", REGULAR);
  doc.registerFont("b", BOLD);
  const stream = createWriteStream(out);
  doc.pipe(stream);
  const width = doc.page.width - 112;
  const left = 56;

  doc.font("r").fontSize(8).fillColor("#333").text(form.basis, { align: "right" });
  doc.moveDown(0.6);
  doc.fillColor("black").font("b").fontSize(11).text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { align: "center" });
  doc.font("b").fontSize(10).text("Độc lập - Tự do - Hạnh phúc", { align: "center" });
  doc.moveDown(1);
  doc.font("b").fontSize(13).text(form.name.toUpperCase(), { align: "center" });
  doc.moveDown(0.5);
  doc.font("r").fontSize(10).text(`Kính gửi: ${form.to}`, { align: "center" });
  doc.moveDown(0.8);

  // A label followed by a dotted answer space reaching the right margin (a second dotted line when it is long).
  const line = (label: string) => {
    doc.font("r").fontSize(10);
    const dot = doc.widthOfString(".");
    const used = doc.widthOfString(`${label}: `) % width;
    const dots = Math.floor((width - used) / dot) - 1;
    const fill =
      dots >= 15 ? ".".repeat(dots) : `${".".repeat(Math.max(0, dots))} ${".".repeat(Math.floor(width / dot) - 2)}`;
    doc.text(`${label}: `, left, doc.y, { continued: true, width, lineGap: 5 });
    doc.fillColor("#777").text(fill, { width, lineGap: 5 });
    doc.fillColor("black");
  };
  for (const section of form.sections) {
    if (section.title) {
      doc.moveDown(0.4);
      doc.font("b").fontSize(10).text(section.title.toUpperCase(), left, doc.y);
    }
    for (const l of section.lines) line(l);
  }

  if (form.table) {
    const t = form.table;
    doc.moveDown(0.6);
    doc.font("b").fontSize(10).text(t.title, left, doc.y);
    doc.moveDown(0.3);
    const colW = width / t.columns.length;
    const rowH = 22;
    let y = doc.y;
    doc.font("b").fontSize(8);
    const headH = 30;
    t.columns.forEach((c, i) => {
      doc.rect(left + i * colW, y, colW, headH).stroke();
      doc.text(c, left + i * colW + 3, y + 4, { width: colW - 6, align: "center" });
    });
    y += headH;
    for (let r = 0; r < t.rows; r++) {
      t.columns.forEach((_, i) => {
        doc.rect(left + i * colW, y, colW, rowH).stroke();
      });
      y += rowH;
    }
    doc.x = left;
    doc.y = y + 6;
  }

  if (form.pledge) {
    doc.moveDown(0.6);
    doc.font("r").fontSize(10).text(form.pledge, left, doc.y, { width, align: "justify" });
  }
  doc.moveDown(1);
  const sigX = left + width / 2;
  doc
    .font("r")
    .fontSize(10)
    .text("……………, ngày …… tháng …… năm ……", sigX, doc.y, { width: width / 2, align: "center" });
  doc.font("b").text(form.signer.toUpperCase(), sigX, doc.y, { width: width / 2, align: "center" });
  doc
    .font("r")
    .fontSize(9)
    .text("(Ký, ghi rõ họ, chữ đệm, tên)", sigX, doc.y, { width: width / 2, align: "center" });

  doc
    .font("r")
    .fontSize(7)
    .fillColor("#555")
    .text(
      "Mẫu trình bày cho bản trình diễn motcua. Khi nộp hồ sơ thật, dùng mẫu do cơ quan có thẩm quyền ban hành hoặc kê khai trực tuyến.",
      left,
      doc.page.height - 70,
      { width, align: "center", lineBreak: true },
    );
  doc.end();
  return new Promise((resolve, reject) => {
    stream.on("finish", () => resolve());
    stream.on("error", reject);
  });
}

const files = Object.entries(TEMPLATE_FORMS);
for (const [file, form] of files) await render(form, join(here, file));
console.log(`generated ${files.length} templates in ${here}`);
