/**
 * The electronic receipt of a paid order (issue #7): numbered when the platform confirmed the payment (one series per
 * receiving unit and year), rendered from what was recorded then. Only the dossier's applicant gets it.
 */
import { renderReceiptPdf } from "../../docs/payment-receipt.js";
import { explainFeeLine, type FeeLine } from "../../domain/fees.js";
import { ownedBy } from "../citizen-dossiers.js";
import type { Deps } from "../deps.js";
import { AppError } from "../errors.js";

const METHODS: Record<string, string> = {
  bank: "Chuyển khoản qua tài khoản ngân hàng",
  card: "Thẻ thanh toán",
  qr: "Quét mã QR",
};

export async function receiptPdf(
  deps: Deps,
  citizenId: string,
  dossierId: string,
  orderNo: string,
): Promise<{ name: string; bytes: Buffer }> {
  const r = await deps.db
    .selectFrom("payment_orders as o")
    .innerJoin("dossiers as d", "d.id", "o.dossier_id")
    .innerJoin("payment_obligations as p", "p.id", "o.obligation_id")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("units as u", "u.id", "d.receiving_unit_id")
    .select([
      "o.order_no",
      "o.amount",
      "o.receipt_no",
      "o.transaction_id",
      "o.method",
      "o.bank_code",
      "o.paid_at",
      "p.lines",
      "p.description",
      "d.code",
      "d.reference",
      "d.applicant",
      "v.name as procedure_name",
      "u.name as unit_name",
      "u.address as unit_address",
    ])
    .where("o.order_no", "=", orderNo)
    .where("o.dossier_id", "=", /^[0-9a-f-]{36}$/i.test(dossierId) ? dossierId : "00000000-0000-0000-0000-000000000000")
    .where(ownedBy(citizenId))
    .executeTakeFirst();
  if (!r?.receipt_no || !r.paid_at || !r.transaction_id)
    throw new AppError(404, "receipt_not_found", {
      vi: "Không tìm thấy biên lai của khoản thanh toán này.",
      en: "No receipt was found for this payment.",
    });
  const applicant = r.applicant as { name?: string; idNumber?: string; taxCode?: string };
  const lines = r.lines
    ? (r.lines as FeeLine[]).map((l) => ({ name: l.name, detail: explainFeeLine(l).vi, amount: l.amount }))
    : [{ name: r.description, detail: "", amount: r.amount }];
  const bytes = await renderReceiptPdf({
    unitName: r.unit_name,
    unitAddress: r.unit_address,
    receiptNo: r.receipt_no,
    payerName: applicant.name ?? "",
    payerId: applicant.idNumber ?? applicant.taxCode ?? null,
    dossierCode: r.code ?? r.reference,
    procedureName: r.procedure_name,
    lines,
    total: r.amount,
    method: `${METHODS[r.method ?? ""] ?? "Thanh toán trực tuyến"}${r.bank_code ? ` (${r.bank_code})` : ""} – Nền tảng thanh toán trực tuyến quốc gia`,
    transactionId: r.transaction_id,
    orderNo: r.order_no,
    paidAt: r.paid_at,
  });
  return { name: `bien-lai-${r.receipt_no}.pdf`, bytes };
}
