/**
 * Form II.06a (Circular 01/2020/TT-VPCP) as a PDF: A4 landscape, the form's heading, the column headings of the
 * printed form with their numbers, the total row and one row per field — the same figures and lines as the Excel
 * workbook (./periodic-report-xlsx.ts). Uses the forms' shared fonts (./fonts.ts).
 */
import PDFDocument from "pdfkit";
import type { PeriodicReportResult } from "../app/reports.js";
import { formatDate } from "../shared/format.js";
import { fontsForDocument } from "./fonts.js";
import { NATIONAL_MOTTO, NATIONAL_NAME, nfc } from "./labels.js";
import { HEAD_1, HEAD_2, reportLine } from "./periodic-report-xlsx.js";

const FONT = { regular: "Report", bold: "Report-Bold", italic: "Report-Italic" } as const;

export async function periodicReportPdf(r: PeriodicReportResult): Promise<Buffer> {
  const fonts = fontsForDocument();
  const doc = new PDFDocument({
    font: fonts.regular as never,
    size: "A4",
    layout: "landscape",
    margins: { top: 36, bottom: 36, left: 36, right: 36 },
    lang: "vi-VN",
    displayTitle: true,
    info: { Title: nfc(`Biểu II.06a – ${r.period.label}`), Creator: "motcua" },
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
  text("Biểu số II.06a/VPCP/KSTT", FONT.bold, 9, { width });
  text(NATIONAL_NAME, FONT.bold, 10, { align: "center", width });
  text(NATIONAL_MOTTO, FONT.bold, 10, { align: "center", width });
  doc.moveDown(0.6);
  text(
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    FONT.bold,
    11,
    { align: "center", width },
  );
  const last = new Date(`${r.period.to}T00:00:00+07:00`);
  last.setUTCDate(last.getUTCDate() - 1);
  text(
    `Kỳ báo cáo: ${r.period.label} (từ ngày ${formatDate(r.period.from)} đến ngày ${formatDate(last)})`,
    FONT.regular,
    9.5,
    { align: "center", width },
  );
  text(`Đơn vị báo cáo: ${r.unit ? `${r.unit.name} (${r.unit.code})` : "Toàn tỉnh"}`, FONT.regular, 9.5, {
    align: "center",
    width,
  });
  text("Đơn vị tính: Số hồ sơ TTHC", FONT.italic, 9, { align: "right", width });
  doc.moveDown(0.4);

  // the columns: number, field, twelve counts
  const widths = [26, 170, ...Array(12).fill((width - 196) / 12)] as number[];
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const heads = HEAD_2.map((h, i) => h || HEAD_1[i]);
  const row = (cells: (string | number)[], font: string, size: number, center: boolean) => {
    doc.font(font).fontSize(size);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(nfc(String(c)), { width: widths[i] - 6 }))) + 8;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => {
      doc.rect(xs[i], y, widths[i], h).lineWidth(0.5).stroke();
      doc.text(nfc(String(c)), xs[i] + 3, y + 4, {
        width: widths[i] - 6,
        align: center || (i > 1 && typeof c === "number") ? "center" : "left",
      });
    });
    doc.x = left;
    doc.y = y + h;
  };
  row(heads, FONT.bold, 7.5, true);
  row(
    HEAD_1.map((_, i) => `(${i + 1})`),
    FONT.italic,
    7.5,
    true,
  );
  row(reportLine("", "Tổng số", r.total.report), FONT.bold, 8.5, false);
  for (const [i, x] of r.rows.entries())
    row(reportLine(String(i + 1), `${x.field.name} (${x.field.code})`, x.report), FONT.regular, 8.5, false);
  doc.end();
  return done;
}
