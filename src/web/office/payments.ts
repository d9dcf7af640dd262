/**
 * The online payment reconciliation page (issue #7), for administrators and supervisors: the latest run of each day
 * against the platform's settlement file, every mismatch listed with both sides, a form to run a day again, the
 * payments to refund, and the platform notices refused recently (forged, replayed, mismatched…).
 */
import type { ReconciliationRun } from "../../app/payments/reconcile.js";
import type { Mismatch } from "../../domain/payment/reconcile.js";
import { formatDate, formatDateTime, formatVnd } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { errorSummary, type FieldErr, notice, type OfficeUser, officePage, tx, withLang } from "./common.js";

export const RECON_TEXT = {
  title: { vi: "Đối soát thanh toán trực tuyến", en: "Online payment reconciliation" },
  intro: {
    vi: "Mỗi ngày, các khoản thanh toán trực tuyến hệ thống đã ghi nhận được đối chiếu với tệp quyết toán của Nền tảng thanh toán trực tuyến quốc gia. Mọi chênh lệch được liệt kê để xử lý; hệ thống không tự điều chỉnh.",
    en: "Every day, the online payments recorded here are compared with the national payment platform's settlement file. Every difference is listed for follow-up; nothing is corrected automatically.",
  },
  runDay: { vi: "Đối soát ngày", en: "Reconcile the day" },
  runButton: { vi: "Chạy đối soát", en: "Run the reconciliation" },
  dayHint: { vi: "Định dạng năm-tháng-ngày, ví dụ 2026-12-01.", en: "Year-month-day, e.g. 2026-12-01." },
  runs: { vi: "Kết quả đối soát theo ngày", en: "Reconciliation by day" },
  day: { vi: "Ngày", en: "Day" },
  runAt: { vi: "Thời điểm chạy", en: "Run at" },
  platform: { vi: "Theo nền tảng", en: "Platform" },
  local: { vi: "Theo hệ thống", en: "Recorded here" },
  result: { vi: "Kết quả", en: "Result" },
  matched: { vi: "Khớp", en: "Matched" },
  mismatches: { vi: "chênh lệch", en: "mismatches" },
  failed: { vi: "Không lấy được tệp quyết toán", en: "Settlement file not fetched" },
  none: { vi: "Chưa có lần đối soát nào.", en: "No reconciliation yet." },
  kind: { vi: "Loại chênh lệch", en: "Kind" },
  order: { vi: "Mã lệnh thanh toán", en: "Order" },
  localAmount: { vi: "Số tiền ghi nhận", en: "Amount recorded" },
  platformAmount: { vi: "Số tiền quyết toán", en: "Amount settled" },
  transaction: { vi: "Mã giao dịch", en: "Transaction" },
  refunds: { vi: "Khoản thanh toán cần hoàn trả", en: "Payments to refund" },
  noRefunds: { vi: "Không có khoản nào cần hoàn trả.", en: "Nothing to refund." },
  dossier: { vi: "Hồ sơ", en: "Dossier" },
  paidAt: { vi: "Thanh toán lúc", en: "Paid at" },
  refused: { vi: "Thông báo thanh toán bị từ chối gần đây", en: "Payment notices refused recently" },
  noRefused: { vi: "Không có thông báo nào bị từ chối.", en: "No notice was refused." },
  receivedAt: { vi: "Nhận lúc", en: "Received" },
  reason: { vi: "Lý do", en: "Reason" },
  ran: { vi: "Đã đối soát ngày {day}.", en: "Reconciled {day}." },
} satisfies Record<string, LText>;

const KINDS: Record<Mismatch["kind"], LText> = {
  missing_locally: { vi: "Nền tảng đã quyết toán, hệ thống không có", en: "Settled by the platform, unknown here" },
  missing_at_platform: { vi: "Hệ thống ghi đã thu, nền tảng không quyết toán", en: "Paid here, not settled" },
  amount_mismatch: { vi: "Số tiền khác nhau", en: "Amounts differ" },
  not_paid_locally: { vi: "Nền tảng đã quyết toán, hệ thống chưa ghi đã thu", en: "Settled, not recorded as paid" },
  transaction_mismatch: { vi: "Mã giao dịch khác nhau", en: "Transactions differ" },
};

export interface RefundRow {
  orderNo: string;
  dossierId: string;
  dossierCode: string;
  amount: number;
  paidAt: Date | null;
  transactionId: string | null;
}
export interface RefusedNotice {
  receivedAt: Date;
  orderNo: string | null;
  amount: number | null;
  reason: string | null;
}

const vnd = (n: number | undefined) => (n === undefined ? "—" : formatVnd(n));

function mismatchTable(lang: Lang, r: ReconciliationRun): Html | "" {
  if (!r.mismatches.length) return "";
  return html`<table class="data"><caption>${formatDate(`${r.day}T12:00:00+07:00`)} – ${r.mismatches.length} ${tx(lang, RECON_TEXT.mismatches)}</caption>
<thead><tr><th scope="col">${tx(lang, RECON_TEXT.kind)}</th><th scope="col">${tx(lang, RECON_TEXT.order)}</th><th scope="col" class="num">${tx(lang, RECON_TEXT.localAmount)}</th><th scope="col" class="num">${tx(lang, RECON_TEXT.platformAmount)}</th><th scope="col">${tx(lang, RECON_TEXT.transaction)}</th></tr></thead>
<tbody>${r.mismatches.map((m) => {
    const local = "local" in m ? m.local : undefined;
    const platform = "platform" in m ? m.platform : undefined;
    return html`<tr><td>${tx(lang, KINDS[m.kind])}</td><td>${m.orderId}</td><td class="num">${vnd(local?.amount)}</td><td class="num">${vnd(platform?.amount)}</td><td>${[local?.transactionId, platform?.transactionId].filter(Boolean).join(" / ") || "—"}</td></tr>`;
  })}</tbody></table>`;
}

export function reconciliationPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  runs: ReconciliationRun[];
  refunds: RefundRow[];
  refused: RefusedNotice[];
  day: string;
  flash?: string;
  errors?: FieldErr[];
  status?: number;
}): string {
  const { lang } = o;
  const errors = o.errors ?? [];
  const body = html`<h1>${tx(lang, RECON_TEXT.title)}</h1>
${notice(o.flash)}
${errorSummary(lang, errors)}
<p>${tx(lang, RECON_TEXT.intro)}</p>
<form method="post" action="${withLang("/office/thanh-toan/doi-soat", lang)}" class="inline">
<div class="field${errors.length ? " has-error" : ""}"><label for="recon-day">${tx(lang, RECON_TEXT.runDay)}</label>
<p class="hint" id="recon-day-hint">${tx(lang, RECON_TEXT.dayHint)}</p>
${errors.map((e) => html`<p class="error-message" id="recon-day-error">${e.message}</p>`)}
<input id="recon-day" name="day" type="date" value="${o.day}" aria-describedby="recon-day-hint${errors.length ? " recon-day-error" : ""}"${errors.length ? html` aria-invalid="true"` : ""}></div>
<div class="actions"><button type="submit">${tx(lang, RECON_TEXT.runButton)}</button></div>
</form>
<h2>${tx(lang, RECON_TEXT.runs)}</h2>
${
  o.runs.length
    ? html`<table class="data"><thead><tr><th scope="col">${tx(lang, RECON_TEXT.day)}</th><th scope="col">${tx(lang, RECON_TEXT.runAt)}</th><th scope="col" class="num">${tx(lang, RECON_TEXT.platform)}</th><th scope="col" class="num">${tx(lang, RECON_TEXT.local)}</th><th scope="col">${tx(lang, RECON_TEXT.result)}</th></tr></thead>
<tbody>${o.runs.map(
        (r) =>
          html`<tr><td>${formatDate(`${r.day}T12:00:00+07:00`)}</td><td>${formatDateTime(r.runAt)}</td><td class="num">${r.settledCount} · ${formatVnd(r.settledAmount)}</td><td class="num">${r.localCount} · ${formatVnd(r.localAmount)}</td><td>${
            r.error
              ? html`<strong>${tx(lang, RECON_TEXT.failed)}</strong>: ${r.error}`
              : r.mismatches.length
                ? html`<strong>${r.mismatches.length} ${tx(lang, RECON_TEXT.mismatches)}</strong>`
                : tx(lang, RECON_TEXT.matched)
          }</td></tr>`,
      )}</tbody></table>
${o.runs.map((r) => mismatchTable(lang, r))}`
    : html`<p>${tx(lang, RECON_TEXT.none)}</p>`
}
<h2>${tx(lang, RECON_TEXT.refunds)}</h2>
${
  o.refunds.length
    ? html`<table class="data"><thead><tr><th scope="col">${tx(lang, RECON_TEXT.order)}</th><th scope="col">${tx(lang, RECON_TEXT.dossier)}</th><th scope="col" class="num">${tx(lang, RECON_TEXT.localAmount)}</th><th scope="col">${tx(lang, RECON_TEXT.paidAt)}</th><th scope="col">${tx(lang, RECON_TEXT.transaction)}</th></tr></thead>
<tbody>${o.refunds.map(
        (r) =>
          html`<tr><td>${r.orderNo}</td><td><a href="${withLang(`/office/dossiers/${r.dossierId}`, lang)}">${r.dossierCode}</a></td><td class="num">${formatVnd(r.amount)}</td><td>${formatDateTime(r.paidAt)}</td><td>${r.transactionId ?? "—"}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${tx(lang, RECON_TEXT.noRefunds)}</p>`
}
<h2>${tx(lang, RECON_TEXT.refused)}</h2>
${
  o.refused.length
    ? html`<table class="data"><thead><tr><th scope="col">${tx(lang, RECON_TEXT.receivedAt)}</th><th scope="col">${tx(lang, RECON_TEXT.order)}</th><th scope="col" class="num">${tx(lang, RECON_TEXT.localAmount)}</th><th scope="col">${tx(lang, RECON_TEXT.reason)}</th></tr></thead>
<tbody>${o.refused.map(
        (r) =>
          html`<tr><td>${formatDateTime(r.receivedAt)}</td><td>${r.orderNo ?? "—"}</td><td class="num">${r.amount === null ? "—" : formatVnd(r.amount)}</td><td>${r.reason ?? "—"}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${tx(lang, RECON_TEXT.noRefused)}</p>`
}`;
  return officePage({
    title: tx(lang, RECON_TEXT.title),
    lang,
    url: o.url,
    body,
    user: o.user,
    current: "/office/thanh-toan",
  });
}
