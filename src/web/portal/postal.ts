/**
 * The applicant's postal service pages (issue #7), without JavaScript: the choice (collection of the papers and/or
 * delivery of the result, the address with the e-form's province and commune pickers, the service) as an e-form
 * (POSTAL_FORM, the one the server validates with), the postal service's fee quote shown before confirming, and the
 * shipments with each tracking step.
 */
import type { PostalShipmentsTable } from "../../adapters/db/schema.js";
import type { Quote } from "../../app/postal/service.js";
import { POSTAL_EVENT_NAMES, POSTAL_FORM, SHIPMENT_KIND_NAMES, SHIPMENT_STATUS_NAMES } from "../../domain/postal.js";
import type { EFormError } from "../../shared/eform-validate.js";
import { formatDateTime, formatVnd } from "../../shared/format.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { assetUrl } from "../assets.js";
import { fieldId, renderEForm, renderEFormValues, renderErrorSummary } from "../eform.js";
import { type Html, html } from "../html.js";

export const POSTAL_PAGE_TEXT = {
  title: { vi: "Dịch vụ bưu chính công ích", en: "Public postal service" },
  back: { vi: "Quay lại hồ sơ", en: "Back to the dossier" },
  intro: {
    vi: "Bưu chính công ích có thể đến địa chỉ của bạn nhận hồ sơ giấy và chuyển về nơi tiếp nhận, và phát kết quả giải quyết đến tận tay bạn. Cước phí do dịch vụ bưu chính báo giá và thu khi nhận/phát.",
    en: "The public postal service can collect your paper documents at your address and bring them to the receiving office, and deliver the result to you. The fee is quoted by the postal service and paid on collection or delivery.",
  },
  getQuote: { vi: "Xem cước phí", en: "See the fee" },
  quoteTitle: { vi: "Cước phí bưu chính", en: "Postal fee" },
  quoteIntro: {
    vi: "Dịch vụ bưu chính công ích báo giá như sau. Kiểm tra lại thông tin và xác nhận.",
    en: "The public postal service quotes the following. Check the details and confirm.",
  },
  leg: { vi: "Dịch vụ", en: "Service" },
  fee: { vi: "Cước phí", en: "Fee" },
  days: { vi: "Thời gian dự kiến", en: "Expected time" },
  daysValue: { vi: "{n} ngày", en: "{n} day(s)" },
  total: { vi: "Tổng cộng", en: "Total" },
  confirm: { vi: "Xác nhận sử dụng dịch vụ bưu chính", en: "Confirm the postal service" },
  edit: { vi: "Sửa thông tin", en: "Change the details" },
  done: {
    vi: "Đã ghi nhận yêu cầu dịch vụ bưu chính công ích của bạn.",
    en: "Your request for the public postal service was recorded.",
  },
  current: { vi: "Yêu cầu hiện tại", en: "Current request" },
  shipments: { vi: "Bưu gửi và hành trình", en: "Shipments and tracking" },
  noShipment: { vi: "Chưa có bưu gửi nào.", en: "No shipment yet." },
  trackingNumber: { vi: "Số hiệu bưu gửi", en: "Tracking number" },
  status: { vi: "Trạng thái", en: "Status" },
  closed: {
    vi: "Không thể đăng ký hoặc thay đổi dịch vụ bưu chính cho hồ sơ này lúc này.",
    en: "The postal service cannot be chosen or changed for this dossier now.",
  },
  offline: {
    vi: "Chưa kết nối dịch vụ bưu chính công ích; vui lòng nộp hồ sơ và nhận kết quả tại Bộ phận Một cửa.",
    en: "The public postal service is not connected; please submit and collect at the one-stop counter.",
  },
  link: { vi: "Dịch vụ bưu chính (thu gom hồ sơ, phát kết quả)", en: "Postal service (collection, delivery)" },
  confirmDelivery: {
    vi: "Bạn chọn nhận kết quả qua bưu chính: hãy xác nhận địa chỉ và xem cước phí để bưu chính phát kết quả đến bạn.",
    en: "You chose to receive the result by post: confirm the address and see the fee so the post delivers it to you.",
  },
} satisfies Record<string, LText>;

const t = (k: keyof typeof POSTAL_PAGE_TEXT, lang: Lang) => pick(POSTAL_PAGE_TEXT[k], lang);
const stylesheet = html`<link rel="stylesheet" href="${assetUrl("eform.css")}">`;

type Shipment = Pick<PostalShipmentsTable, "kind" | "reference" | "error"> & {
  id: string;
  status: keyof typeof SHIPMENT_STATUS_NAMES;
  tracking_number: string | null;
  fee: number | null;
  tracking: Array<{ type: string; at: Date; note: string | null }>;
};

export interface PostalPageInput {
  lang: Lang;
  dossier: { id: string; title: string; code: string | null; reference: string };
  online: boolean;
  canChoose: boolean;
  values: Record<string, unknown>;
  errors?: Array<{ path: string; message: string }>;
  shipments: Shipment[];
  done?: boolean;
  /** Shown on the confirmation step. */
  quote?: Quote;
}

function heading(i: PostalPageInput): Html {
  const q = i.lang === "en" ? "?lang=en" : "";
  return html`${stylesheet}
<p><a href="/ho-so-cua-toi/${i.dossier.id}${q}">${t("back", i.lang)}</a></p>
<h1>${t("title", i.lang)}</h1>
<p>${i.dossier.title} · ${i.dossier.code ?? i.dossier.reference}</p>`;
}

/** The shipments of a dossier with each tracking step (also shown on the dossier's page). */
export function renderShipments(shipments: Shipment[], lang: Lang): Html {
  return html`<h2 id="postal-tracking">${t("shipments", lang)}</h2>
${
  shipments.length
    ? shipments.map(
        (s) => html`<section class="shipment" aria-labelledby="sh-${s.id}">
<h3 id="sh-${s.id}">${pick(SHIPMENT_KIND_NAMES[s.kind], lang)}${s.tracking_number ? html` · ${s.tracking_number}` : ""}</h3>
<dl class="facts"><dt>${t("status", lang)}</dt><dd>${pick(SHIPMENT_STATUS_NAMES[s.status], lang)}</dd>
${s.tracking_number ? html`<dt>${t("trackingNumber", lang)}</dt><dd>${s.tracking_number}</dd>` : ""}
${s.fee !== null ? html`<dt>${t("fee", lang)}</dt><dd>${formatVnd(s.fee)}</dd>` : ""}</dl>
<ol class="timeline">${s.tracking.map(
          (e) =>
            html`<li><time datetime="${e.at.toISOString()}">${formatDateTime(e.at)}</time><strong>${pick(POSTAL_EVENT_NAMES[e.type] ?? { vi: e.type, en: e.type }, lang)}</strong>${e.note ? html` — ${e.note}` : ""}</li>`,
        )}</ol>
</section>`,
      )
    : html`<p>${t("noShipment", lang)}</p>`
}`;
}

const errorsOf = (i: PostalPageInput): EFormError[] =>
  (i.errors ?? [])
    .filter((e) => e.path.startsWith("body."))
    .map((e) => ({ path: e.path.slice(5), key: "form", message: e.message }));

/** The choice form (step 1), or why it cannot be used now, with the shipments below. */
export function renderPostalPage(i: PostalPageInput): Html {
  const { lang } = i;
  const q = lang === "en" ? "?lang=en" : "";
  const errors = errorsOf(i);
  const other = (i.errors ?? []).filter((e) => !e.path.startsWith("body."));
  const form =
    !i.online || !i.canChoose
      ? html`<div class="notice" role="status"><p>${t(i.online ? "closed" : "offline", lang)}</p></div>`
      : html`<div id="error-summary-slot">${renderErrorSummary(
          [
            ...other.map((e) => ({ href: "#s-postal", text: e.message })),
            ...errors.map((e) => ({ href: `#${fieldId(e.path)}`, text: e.message })),
          ],
          lang,
        )}</div>
<p>${t("intro", lang)}</p>
<form method="post" action="/ho-so-cua-toi/${i.dossier.id}/buu-chinh${q}" novalidate id="postal-form">
${renderEForm(POSTAL_FORM, { lang, values: i.values, errors })}
<div class="actions"><button type="submit" name="_step" value="quote">${t("getQuote", lang)}</button></div>
</form>`;
  return html`${heading(i)}
${i.done ? html`<div class="notice ok" role="status" tabindex="-1" id="done"><p>${t("done", lang)}</p></div>` : ""}
${form}
${renderShipments(i.shipments, lang)}`;
}

/** Step 2: the postal service's quote for the choice, to confirm (the values carried as hidden fields). */
export function renderPostalQuote(i: PostalPageInput & { quote: Quote }): Html {
  const { lang, quote } = i;
  const q = lang === "en" ? "?lang=en" : "";
  const v = (i.values.postal ?? {}) as Record<string, unknown>;
  const rows: Array<[LText, { fee: number; estimatedDays: number }]> = [];
  if (quote.collect) rows.push([SHIPMENT_KIND_NAMES.pickup, quote.collect]);
  if (quote.deliver) rows.push([SHIPMENT_KIND_NAMES.delivery, quote.deliver]);
  const hidden = Object.entries(v)
    .filter(([, x]) => x !== undefined && x !== null && x !== false && x !== "")
    .map(([k, x]) => html`<input type="hidden" name="postal.${k}" value="${String(x)}">`);
  return html`${heading(i)}
<h2>${t("quoteTitle", lang)}</h2>
<p>${t("quoteIntro", lang)}</p>
<table class="quote"><caption class="visually-hidden">${t("quoteTitle", lang)}</caption>
<thead><tr><th scope="col">${t("leg", lang)}</th><th scope="col">${t("fee", lang)}</th><th scope="col">${t("days", lang)}</th></tr></thead>
<tbody>${rows.map(
    ([label, r]) =>
      html`<tr><th scope="row">${pick(label, lang)}</th><td>${formatVnd(r.fee)}</td><td>${t("daysValue", lang).replace("{n}", String(r.estimatedDays))}</td></tr>`,
  )}</tbody>
<tfoot><tr><th scope="row">${t("total", lang)}</th><td id="postal-total">${formatVnd(quote.total)}</td><td></td></tr></tfoot>
</table>
${renderEFormValues(POSTAL_FORM, i.values, lang)}
<form method="post" action="/ho-so-cua-toi/${i.dossier.id}/buu-chinh${q}" novalidate>
${hidden}
<div class="actions"><button type="submit" name="_step" value="confirm">${t("confirm", lang)}</button>
<button type="submit" name="_step" value="edit" class="secondary">${t("edit", lang)}</button></div>
</form>`;
}
