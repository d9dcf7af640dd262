/**
 * The applicant's payment pages (issue #7), without JavaScript: what is owed and why (the fee lines computed when
 * the obligation was raised), the button that sends the browser to the national payment platform, the page the
 * browser comes back to (which shows "waiting for the platform's confirmation" until the platform's signed notice
 * has arrived — the browser's word is never believed alone), and the payments made with their electronic receipts.
 */
import type { DossierPayments, ObligationView, PaymentOrderView } from "../../app/payments/orders.js";
import { formatDateTime, formatVnd } from "../../shared/format.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";

export const PAY_TEXT = {
  title: { vi: "Nộp phí, lệ phí", en: "Pay fees and charges" },
  back: { vi: "Quay lại hồ sơ", en: "Back to the dossier" },
  owed: { vi: "Khoản phải nộp", en: "What is owed" },
  item: { vi: "Khoản phí, lệ phí", en: "Fee or charge" },
  why: { vi: "Cách tính", en: "How it is computed" },
  amount: { vi: "Số tiền", en: "Amount" },
  total: { vi: "Tổng cộng", en: "Total" },
  requestedAt: { vi: "Yêu cầu ngày", en: "Requested on" },
  payOnline: { vi: "Thanh toán trực tuyến", en: "Pay online" },
  continuePay: { vi: "Tiếp tục thanh toán", en: "Continue paying" },
  payHint: {
    vi: "Bạn sẽ được chuyển đến Nền tảng thanh toán trực tuyến quốc gia để chọn ngân hàng, thẻ hoặc mã QR. Lệnh thanh toán có hiệu lực 15 phút.",
    en: "You will be taken to the national online payment platform to choose a bank, a card or a QR code. The payment order is valid for 15 minutes.",
  },
  offline: {
    vi: "Chưa kết nối thanh toán trực tuyến: vui lòng nộp tại Bộ phận Một cửa hoặc qua dịch vụ bưu chính công ích.",
    en: "Online payment is not connected: please pay at the one-stop counter or through the public postal service.",
  },
  nothing: { vi: "Hồ sơ không có khoản phí, lệ phí nào phải nộp.", en: "Nothing is owed for this dossier." },
  orders: { vi: "Các lần thanh toán", en: "Payments" },
  orderNo: { vi: "Mã lệnh thanh toán", en: "Order" },
  createdAt: { vi: "Thời điểm tạo", en: "Created" },
  status: { vi: "Trạng thái", en: "Status" },
  receipt: { vi: "Biên lai điện tử", en: "Electronic receipt" },
  download: { vi: "Tải biên lai", en: "Download the receipt" },
  paidBy: { vi: "Đã nộp", en: "Paid" },
  resultTitle: { vi: "Kết quả thanh toán", en: "Payment result" },
  refresh: { vi: "Cập nhật trạng thái", en: "Check again" },
  tryAgain: { vi: "Thanh toán lại", en: "Pay again" },
  toDossier: { vi: "Xem hồ sơ", en: "See the dossier" },
  badReturn: {
    vi: "Thông tin trả về từ nền tảng thanh toán không hợp lệ. Nếu bạn đã thanh toán, kết quả sẽ được cập nhật khi nền tảng xác nhận.",
    en: "The information returned by the payment platform is not valid. If you paid, the result will appear once the platform confirms it.",
  },
} satisfies Record<string, LText>;

export const ORDER_STATUS: Record<PaymentOrderView["status"], LText> = {
  pending: { vi: "Đang chờ xác nhận từ nền tảng thanh toán", en: "Waiting for the payment platform's confirmation" },
  paid: { vi: "Đã thanh toán thành công", en: "Paid" },
  failed: { vi: "Thanh toán không thành công", en: "Payment failed" },
  cancelled: { vi: "Đã hủy giao dịch", en: "Cancelled" },
  expired: { vi: "Lệnh thanh toán đã hết hạn", en: "The payment order expired" },
  refund_due: {
    vi: "Đã thanh toán, nhưng hồ sơ không còn chờ khoản này: khoản tiền sẽ được hoàn trả",
    en: "Paid, but the dossier no longer awaited it: the amount will be refunded",
  },
};

const RESULT_TEXT: Record<PaymentOrderView["status"], LText> = {
  pending: {
    vi: "Chúng tôi đang chờ Nền tảng thanh toán trực tuyến quốc gia xác nhận giao dịch. Trạng thái hồ sơ sẽ được cập nhật ngay khi có xác nhận; bạn không cần thanh toán lại.",
    en: "We are waiting for the national payment platform to confirm the transaction. The dossier is updated as soon as it does; do not pay again.",
  },
  paid: {
    vi: "Nền tảng thanh toán đã xác nhận khoản thanh toán. Hồ sơ được tiếp tục giải quyết; biên lai điện tử đã được phát hành.",
    en: "The payment platform confirmed the payment. The dossier's processing continues; the electronic receipt has been issued.",
  },
  failed: {
    vi: "Giao dịch không thành công; chưa có khoản tiền nào được ghi nhận. Bạn có thể thanh toán lại.",
    en: "The payment failed; nothing was recorded. You can pay again.",
  },
  cancelled: {
    vi: "Bạn đã hủy giao dịch. Bạn có thể thanh toán lại.",
    en: "You cancelled the payment. You can pay again.",
  },
  expired: {
    vi: "Lệnh thanh toán đã hết hạn trước khi được thanh toán. Bạn có thể tạo lệnh thanh toán mới.",
    en: "The payment order expired before it was paid. You can start a new one.",
  },
  refund_due: {
    vi: "Giao dịch thành công nhưng hồ sơ không còn chờ khoản này (đã nộp bằng cách khác hoặc hồ sơ đã kết thúc). Khoản tiền sẽ được hoàn trả; cơ quan sẽ liên hệ với bạn.",
    en: "The payment succeeded but the dossier no longer awaited it (paid another way, or the dossier ended). The amount will be refunded; the office will contact you.",
  },
};

const t = (k: keyof typeof PAY_TEXT, lang: Lang) => pick(PAY_TEXT[k], lang);
const withLang = (path: string, lang: Lang) =>
  lang === "en" ? `${path}${path.includes("?") ? "&" : "?"}lang=en` : path;

export const receiptUrl = (dossierId: string, orderNo: string) =>
  `/ho-so-cua-toi/${dossierId}/bien-lai/${encodeURIComponent(orderNo)}`;

function linesTable(o: ObligationView, lang: Lang): Html {
  if (!o.lines)
    return html`<table class="data"><caption>${o.description}</caption><tbody>
<tr><th scope="row">${t("total", lang)}</th><td class="num">${formatVnd(o.amount)}</td></tr></tbody></table>`;
  return html`<table class="data"><caption>${o.description}</caption>
<thead><tr><th scope="col">${t("item", lang)}</th><th scope="col">${t("why", lang)}</th><th scope="col" class="num">${t("amount", lang)}</th></tr></thead>
<tbody>${o.lines.map(
    (l) =>
      html`<tr><td>${l.name}${l.note ? html`<br><span class="hint">${l.note}</span>` : ""}</td><td>${pick(l.why, lang)}</td><td class="num">${formatVnd(l.amount)}</td></tr>`,
  )}</tbody>
<tfoot><tr><th scope="row" colspan="2">${t("total", lang)}</th><td class="num"><strong>${formatVnd(o.amount)}</strong></td></tr></tfoot></table>`;
}

function ordersTable(dossierId: string, orders: PaymentOrderView[], lang: Lang): Html | "" {
  if (!orders.length) return "";
  return html`<table class="data"><caption>${t("orders", lang)}</caption>
<thead><tr><th scope="col">${t("orderNo", lang)}</th><th scope="col">${t("createdAt", lang)}</th><th scope="col" class="num">${t("amount", lang)}</th><th scope="col">${t("status", lang)}</th><th scope="col">${t("receipt", lang)}</th></tr></thead>
<tbody>${orders.map(
    (o) =>
      html`<tr><td>${o.orderNo}</td><td>${formatDateTime(o.createdAt)}</td><td class="num">${formatVnd(o.amount)}</td><td>${pick(ORDER_STATUS[o.status], lang)}</td><td>${
        o.receiptNo
          ? html`<a href="${withLang(receiptUrl(dossierId, o.orderNo), lang)}">${t("download", lang)} ${o.receiptNo}</a>`
          : "—"
      }</td></tr>`,
  )}</tbody></table>`;
}

export function renderPaymentPage(p: DossierPayments, lang: Lang, error?: string): Html {
  const d = p.dossier;
  const head = html`<p><a href="${withLang(`/ho-so-cua-toi/${d.id}`, lang)}">${t("back", lang)}</a></p>
<h1>${t("title", lang)}</h1>
<p>${d.procedureName} · ${d.code ?? d.reference}</p>
${error ? html`<div class="notice error" role="alert"><p>${error}</p></div>` : ""}`;
  if (!p.obligations.length) return html`${head}<div class="notice" role="status"><p>${t("nothing", lang)}</p></div>`;
  const action = withLang(`/ho-so-cua-toi/${d.id}/thanh-toan`, lang);
  return html`${head}
${p.obligations.map(
  (o) => html`<section aria-label="${o.description}">
<h2>${t("owed", lang)}: ${formatVnd(o.amount)}</h2>
<p>${t("requestedAt", lang)} ${formatDateTime(o.requestedAt)}${
    o.status === "paid" && o.paidAt ? html` · ${t("paidBy", lang)} ${formatDateTime(o.paidAt)}` : ""
  }</p>
${linesTable(o, lang)}
${
  p.payable?.id === o.id
    ? p.online
      ? html`<form method="post" action="${action}"><p class="hint">${t("payHint", lang)}</p>
<div class="actions"><button type="submit">${p.pendingOrder ? t("continuePay", lang) : t("payOnline", lang)} (${formatVnd(o.amount)})</button></div></form>`
      : html`<div class="notice" role="status"><p>${t("offline", lang)}</p></div>`
    : ""
}
${ordersTable(d.id, o.orders, lang)}
</section>`,
)}`;
}

export function renderPaymentResult(
  r: { dossierId: string; order: PaymentOrderView | undefined; canRetry: boolean },
  lang: Lang,
): Html {
  const o = r.order;
  if (!o)
    return html`<h1>${t("resultTitle", lang)}</h1><div class="notice error" role="alert"><p>${t("badReturn", lang)}</p></div>`;
  const ok = o.status === "paid";
  const dossier = withLang(`/ho-so-cua-toi/${r.dossierId}`, lang);
  return html`<h1>${t("resultTitle", lang)}</h1>
<div class="notice${ok ? " ok" : ""}" role="status"><p><strong>${pick(ORDER_STATUS[o.status], lang)}</strong></p><p>${pick(RESULT_TEXT[o.status], lang)}</p></div>
<dl class="facts"><dt>${t("orderNo", lang)}</dt><dd>${o.orderNo}</dd><dt>${t("amount", lang)}</dt><dd>${formatVnd(o.amount)}</dd>${
    o.receiptNo
      ? html`<dt>${t("receipt", lang)}</dt><dd><a href="${withLang(receiptUrl(r.dossierId, o.orderNo), lang)}">${t("download", lang)} ${o.receiptNo}</a></dd>`
      : ""
  }</dl>
<p class="actions">${
    o.status === "pending"
      ? html`<a class="button" href="${withLang(`/thanh-toan/ket-qua?orderId=${encodeURIComponent(o.orderNo)}`, lang)}">${t("refresh", lang)}</a> `
      : ""
  }${r.canRetry ? html`<a class="button" href="${withLang(`/ho-so-cua-toi/${r.dossierId}/thanh-toan`, lang)}">${t("tryAgain", lang)}</a> ` : ""}<a class="button secondary" href="${dossier}">${t("toDossier", lang)}</a></p>`;
}
