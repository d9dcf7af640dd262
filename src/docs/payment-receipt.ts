/**
 * The electronic receipt of an online payment of fees and charges (biên lai thu phí, lệ phí điện tử; Decree
 * 11/2020/NĐ-CP and 123/2020/NĐ-CP): issuing unit, series and number, payer, dossier, the fee lines, the total, how
 * and when it was paid and the platform's transaction id. A5, in the forms' serif font; pure apart from the fonts.
 */
import { formatDateTime, formatVnd } from "../shared/format.js";
import { simpleDocument } from "./result.js";

export interface ReceiptViewModel {
  unitName: string;
  unitAddress: string | null;
  receiptNo: string;
  payerName: string;
  payerId: string | null;
  dossierCode: string;
  procedureName: string;
  lines: { name: string; detail: string; amount: number }[];
  total: number;
  method: string;
  transactionId: string;
  orderNo: string;
  paidAt: Date;
}

export function renderReceiptPdf(vm: ReceiptViewModel): Promise<Buffer> {
  const { doc, done } = simpleDocument({
    size: "A5",
    margins: { top: 32, bottom: 32, left: 36, right: 32 },
    title: `Biên lai điện tử ${vm.receiptNo}`,
    at: vm.paidAt,
  });
  const t = (s: string) => s.normalize("NFC");
  const width = doc.page.width - 68;
  doc.font("B").fontSize(10).text(t(vm.unitName.toUpperCase()));
  if (vm.unitAddress) doc.font("R").fontSize(9).text(t(vm.unitAddress));
  doc.moveDown(0.8);
  doc.font("B").fontSize(13).text("BIÊN LAI THU PHÍ, LỆ PHÍ", { align: "center" });
  doc.font("I").fontSize(10).text("(Biên lai điện tử)", { align: "center" });
  doc.font("R").text(t(`Số: ${vm.receiptNo}`), { align: "center" });
  doc.moveDown(0.8);
  doc.fontSize(10);
  const field = (label: string, value: string) =>
    doc
      .font("B")
      .text(t(`${label}: `), { continued: true })
      .font("R")
      .text(t(value));
  field("Người nộp", vm.payerName);
  if (vm.payerId) field("Số định danh", vm.payerId);
  field("Mã hồ sơ", vm.dossierCode);
  field("Thủ tục", vm.procedureName);
  doc.moveDown(0.5);
  for (const l of vm.lines) {
    const y = doc.y;
    doc.font("R").text(t(l.name), 36, y, { width: width - 90 });
    const after = doc.y;
    doc.text(t(formatVnd(l.amount)), 36 + width - 90, y, { width: 90, align: "right" });
    doc.y = Math.max(after, doc.y);
    if (l.detail)
      doc
        .font("I")
        .fontSize(9)
        .text(t(l.detail), 48, doc.y, { width: width - 102 })
        .fontSize(10);
    doc.x = 36;
  }
  doc.moveDown(0.3);
  doc.font("B").text(t(`Tổng cộng: ${formatVnd(vm.total)}`), 36, doc.y, { width, align: "right" });
  doc.moveDown(0.8);
  doc.x = 36;
  field("Hình thức thanh toán", vm.method);
  field("Mã giao dịch", vm.transactionId);
  field("Mã lệnh thanh toán", vm.orderNo);
  field("Thời điểm thanh toán", formatDateTime(vm.paidAt));
  doc.moveDown(1);
  doc
    .font("I")
    .fontSize(9)
    .text("Biên lai điện tử được phát hành trên hệ thống thông tin giải quyết thủ tục hành chính.", {
      align: "center",
    });
  doc.end();
  return done;
}
