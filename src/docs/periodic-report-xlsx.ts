/**
 * Form II.06a (Circular 01/2020/TT-VPCP) as an Excel workbook: the form's heading, its numbered column headings
 * (merged as on the printed form), one row per field and the total row.
 */
import ExcelJS from "exceljs";
import type { PeriodicReportResult } from "../app/reports.js";

export const HEAD_1 = [
  "STT",
  "Lĩnh vực giải quyết",
  "Số hồ sơ nhận giải quyết",
  "",
  "",
  "",
  "Kết quả giải quyết",
  "",
  "",
  "",
  "",
  "",
  "",
  "Rút / dừng giải quyết",
];
export const HEAD_2 = [
  "",
  "",
  "Tổng số",
  "Số kỳ trước chuyển qua",
  "Số mới tiếp nhận trực tuyến",
  "Số mới tiếp nhận trực tiếp, bưu chính",
  "Số hồ sơ đã giải quyết: Tổng số",
  "Trả trước hạn",
  "Trả đúng thời hạn",
  "Trả quá hạn",
  "Số hồ sơ đang giải quyết: Tổng số",
  "Chưa đến hạn",
  "Quá hạn",
  "",
];

export async function periodicReportXlsx(r: PeriodicReportResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "motcua";
  const ws = wb.addWorksheet("II.06a", { pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true } });
  ws.columns = HEAD_1.map((_, i) => ({ width: i === 1 ? 36 : i === 0 ? 6 : 13 }));
  ws.addRow(["Biểu số II.06a/VPCP/KSTT"]);
  ws.addRow([
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
  ]);
  ws.addRow([`Kỳ báo cáo: ${r.period.label} (từ ngày ${r.period.from} đến trước ngày ${r.period.to})`]);
  ws.addRow([`Đơn vị báo cáo: ${r.unit ? `${r.unit.name} (${r.unit.code})` : "Toàn tỉnh"}`]);
  ws.addRow(["Đơn vị tính: Số hồ sơ TTHC"]);
  for (const n of [2, 3, 4]) ws.mergeCells(n, 1, n, HEAD_1.length);
  ws.getRow(2).font = { bold: true, size: 13 };
  ws.getRow(2).alignment = { horizontal: "center", wrapText: true };
  ws.getRow(3).alignment = { horizontal: "center" };
  const h1 = ws.addRow(HEAD_1);
  const h2 = ws.addRow(HEAD_2);
  const h3 = ws.addRow(HEAD_1.map((_, i) => `(${i + 1})`));
  const top = h1.number;
  ws.mergeCells(top, 1, top + 1, 1);
  ws.mergeCells(top, 2, top + 1, 2);
  ws.mergeCells(top, 3, top, 6);
  ws.mergeCells(top, 7, top, 13);
  ws.mergeCells(top, 14, top + 1, 14);
  for (const row of [h1, h2, h3]) {
    row.font = { bold: true };
    row.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  }
  h2.height = 48;
  const total = ws.addRow(reportLine("", "Tổng số", r.total.report));
  total.font = { bold: true };
  for (const [i, row] of r.rows.entries())
    ws.addRow(reportLine(String(i + 1), `${row.field.name} (${row.field.code})`, row.report));
  for (let n = top; n <= ws.rowCount; n++)
    ws.getRow(n).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = {
        top: { style: "thin" },
        left: { style: "thin" },
        bottom: { style: "thin" },
        right: { style: "thin" },
      };
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One line of the form: number, name and the twelve counts (shared with the PDF). */
export const reportLine = (no: string, name: string, x: PeriodicReportResult["total"]["report"]) => [
  no,
  name,
  x.received.total,
  x.received.carriedOver,
  x.received.online,
  x.received.counterPostal,
  x.resolved.total,
  x.resolved.early,
  x.resolved.onTime,
  x.resolved.late,
  x.pending.total,
  x.pending.withinDeadline,
  x.pending.overdue,
  x.withdrawn + x.stopped + x.refused,
];
