import type { DossierFacts } from "../../app/dossier-facts.js";
import type { SyncHealth, SyncItem, SyncRate, SyncView } from "../../app/national-portal/health.js";
import { STATUS_NAMES, type StatusCode } from "../../domain/status.js";
import { formatDateTime } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, type FieldErr, notice, type OfficeUser, officePage, tx, withLang } from "./common.js";

/** The national portal sync health page (issue #6): what is pending or failing, "retry now", sync rate per unit. */

export const SYNC_TEXT = {
  title: { vi: "Đồng bộ với Cổng Dịch vụ công quốc gia", en: "Sync with the National Public Service Portal" },
  intro: {
    vi: "Mỗi thay đổi trạng thái và mỗi bước chuyển xử lý của hồ sơ được gửi lên Cổng Dịch vụ công quốc gia theo đúng thứ tự. Danh sách dưới đây là các hồ sơ đang chờ gửi hoặc gửi lỗi.",
    en: "Every status change and every hand-over of a dossier is sent to the National Public Service Portal, in order. Below are the dossiers waiting to be sent or failing.",
  },
  failing: { vi: "Đang lỗi", en: "Failing" },
  pending: { vi: "Đang chờ gửi", en: "Pending" },
  synced: { vi: "Đã đồng bộ", en: "Synced" },
  waiting: { vi: "Chưa cần gửi (chưa tiếp nhận)", en: "Nothing to send yet (not received)" },
  problems: { vi: "Cần chú ý", en: "Needs attention" },
  all: { vi: "Tất cả", en: "All" },
  find: { vi: "Tra cứu theo mã hồ sơ", en: "Look up by dossier code" },
  findButton: { vi: "Tra cứu", en: "Look up" },
  code: { vi: "Mã hồ sơ", en: "Dossier code" },
  procedure: { vi: "Thủ tục", en: "Procedure" },
  unit: { vi: "Đơn vị tiếp nhận", en: "Receiving unit" },
  state: { vi: "Tình trạng", en: "State" },
  lastSynced: { vi: "Đồng bộ lần cuối", en: "Last synced" },
  lastError: { vi: "Lỗi gần nhất", en: "Last error" },
  action: { vi: "Thao tác", en: "Action" },
  retry: { vi: "Gửi lại ngay", en: "Retry now" },
  never: { vi: "Chưa", en: "Never" },
  none: { vi: "Không có hồ sơ nào trong danh sách này.", en: "No dossier in this list." },
  since: { vi: "chờ từ", en: "waiting since" },
  attempts: { vi: "lần thử lỗi", en: "failed attempts" },
  retried: {
    vi: "Đã đưa hồ sơ {code} vào hàng gửi lại ngay.",
    en: "Dossier {code} was queued to be sent again now.",
  },
  rateTitle: { vi: "Tỷ lệ hồ sơ được đồng bộ (chỉ số 766)", en: "Share of dossiers synced (Decision 766 index)" },
  rateIntro: {
    vi: "Hồ sơ tiếp nhận trong kỳ và số hồ sơ đã có trên Cổng Dịch vụ công quốc gia, theo đơn vị tiếp nhận.",
    en: "Dossiers received in the period and how many the National Public Service Portal has, per receiving unit.",
  },
  from: { vi: "Từ ngày", en: "From" },
  to: { vi: "Đến ngày", en: "To" },
  show: { vi: "Xem", en: "Show" },
  received: { vi: "Tiếp nhận", en: "Received" },
  syncedCount: { vi: "Đã đồng bộ", en: "Synced" },
  upToDate: { vi: "Đồng bộ đầy đủ", en: "Fully up to date" },
  rate: { vi: "Tỷ lệ", en: "Rate" },
  noRate: { vi: "Không có hồ sơ tiếp nhận trong kỳ.", en: "No dossier received in the period." },
  statusAtPortal: { vi: "Trạng thái trên Cổng quốc gia", en: "Status at the national portal" },
} satisfies Record<string, LText>;

const pct = (r: number | null) => (r === null ? "—" : `${(Math.round(r * 1000) / 10).toLocaleString("vi-VN")} %`);

export function nationalSyncPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  view: SyncView;
  code?: string;
  health: SyncHealth;
  rates: SyncRate[];
  from: string;
  to: string;
  flash?: string;
  errors?: FieldErr[];
  csrf?: string;
}): string {
  const { lang, health } = o;
  const T = SYNC_TEXT;
  const tabs: [SyncView, LText, number | undefined][] = [
    ["problems", T.problems, health.counts.failing + health.counts.pending],
    ["failing", T.failing, health.counts.failing],
    ["pending", T.pending, health.counts.pending],
    ["all", T.all, health.counts.failing + health.counts.pending + health.counts.synced + health.counts.waiting],
  ];
  const base = "/office/national-sync";
  const hidden = (extra: Record<string, string>) =>
    html`${Object.entries({ ...extra, ...(lang === "en" ? { lang: "en" } : {}) }).map(
      ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
    )}`;
  const stateLabel = (s: SyncItem["state"]) => tx(lang, T[s]);
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
${errorSummary(lang, o.errors ?? [])}
<p>${tx(lang, T.intro)}</p>
<nav aria-label="${tx(lang, T.state)}"><ul class="tabs">${tabs.map(
    ([v, label, n]) =>
      html`<li><a href="${withLang(`${base}?view=${v}`, lang)}"${v === o.view && !o.code ? html` aria-current="page"` : ""}>${tx(lang, label)} (${String(n ?? 0)})</a></li>`,
  )}</ul></nav>
<form method="get" action="${base}" class="filters" role="search">
${hidden({})}
<div class="field"><label for="sync-code">${tx(lang, T.find)}</label>
<input type="text" id="sync-code" name="code" value="${o.code ?? ""}" maxlength="60" autocomplete="off"></div>
<div class="field actions"><button type="submit">${tx(lang, T.findButton)}</button></div>
</form>
${
  health.items.length === 0
    ? html`<p>${tx(lang, T.none)}</p>`
    : html`<div class="table-scroll"><table class="sync">
<caption>${tx(lang, o.code ? T.find : tabs.find((t) => t[0] === o.view)![1])}</caption>
<thead><tr><th scope="col">${tx(lang, T.code)}</th><th scope="col">${tx(lang, T.procedure)}</th><th scope="col">${tx(lang, T.unit)}</th><th scope="col">${tx(lang, T.state)}</th><th scope="col">${tx(lang, T.lastSynced)}</th><th scope="col">${tx(lang, T.lastError)}</th><th scope="col">${tx(lang, T.action)}</th></tr></thead>
<tbody>${health.items.map((i) => {
        const label = i.code ?? i.reference;
        return html`<tr class="${i.state}">
<th scope="row"><a href="${withLang(`/office/dossiers/${i.dossierId}`, lang)}">${label}</a></th>
<td>${i.procedureName}</td>
<td>${i.unitName}</td>
<td><strong>${stateLabel(i.state)}</strong>${
          i.pendingSince
            ? html`<br><span class="hint">${tx(lang, T.since)} ${formatDateTime(i.pendingSince)}</span>`
            : ""
        }${
          i.syncedStatus
            ? html`<br><span class="hint">${tx(lang, T.statusAtPortal)}: ${tx(lang, STATUS_NAMES[i.syncedStatus as StatusCode] ?? { vi: String(i.syncedStatus) })}</span>`
            : ""
        }</td>
<td>${i.lastSyncedAt ? formatDateTime(i.lastSyncedAt) : tx(lang, T.never)}</td>
<td>${
          i.lastError
            ? html`<span class="error-text">${i.lastError}</span><br><span class="hint">${formatDateTime(i.lastErrorAt)} · ${String(i.failures)} ${tx(lang, T.attempts)}</span>`
            : "—"
        }</td>
<td>${
          i.state === "synced" || i.state === "waiting"
            ? ""
            : html`<form method="post" action="${base}/${i.dossierId}/retry">
${hidden({ ...(o.csrf ? { _csrf: o.csrf } : {}), view: o.view })}
<button type="submit" aria-label="${tx(lang, T.retry)} ${label}">${tx(lang, T.retry)}</button></form>`
        }</td>
</tr>`;
      })}</tbody></table></div>`
}
${o.code && health.items.length === 1 && health.items[0].facts ? factsSection(lang, health.items[0].facts) : ""}
<h2>${tx(lang, T.rateTitle)}</h2>
<p>${tx(lang, T.rateIntro)}</p>
<form method="get" action="${base}" class="filters">
${hidden({ view: o.view })}
<div class="field"><label for="rate-from">${tx(lang, T.from)}</label><input type="date" id="rate-from" name="from" value="${o.from}" required></div>
<div class="field"><label for="rate-to">${tx(lang, T.to)}</label><input type="date" id="rate-to" name="to" value="${o.to}" required></div>
<div class="field actions"><button type="submit">${tx(lang, T.show)}</button></div>
</form>
${
  o.rates.length === 0
    ? html`<p>${tx(lang, T.noRate)}</p>`
    : html`<div class="table-scroll"><table class="sync-rate">
<caption>${tx(lang, T.rateTitle)}: ${o.from} – ${o.to}</caption>
<thead><tr><th scope="col">${tx(lang, T.unit)}</th><th scope="col">${tx(lang, T.received)}</th><th scope="col">${tx(lang, T.syncedCount)}</th><th scope="col">${tx(lang, T.upToDate)}</th><th scope="col">${tx(lang, T.rate)}</th></tr></thead>
<tbody>${o.rates.map(
        (r) =>
          html`<tr><th scope="row">${r.unitName}</th><td>${String(r.received)}</td><td>${String(r.synced)}</td><td>${String(r.upToDate)}</td><td>${pct(r.rate)}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, body, user: o.user, current: base });
}

const F = {
  title: { vi: "Dữ liệu của hồ sơ cho Bộ chỉ số 766", en: "The dossier's Decision 766 data" },
  noData: { vi: "Chưa có dữ liệu", en: "No data" },
  yes: { vi: "Có", en: "Yes" },
  no: { vi: "Không", en: "No" },
  channel: { vi: "Kênh tiếp nhận", en: "Channel" },
  onTime: { vi: "Giải quyết đúng hạn", en: "Resolved on time" },
  synced: { vi: "Đã đồng bộ lên Cổng quốc gia", en: "Synced to the national portal" },
  digitised: { vi: "Thành phần hồ sơ số hóa", en: "Digitised components" },
  eResult: { vi: "Kết quả điện tử", en: "Electronic result" },
  reused: { vi: "Tái sử dụng dữ liệu số hóa", en: "Digitised data reused" },
  population: { vi: "Dùng dữ liệu CSDL quốc gia về dân cư", en: "Population database used" },
  copies: { vi: "Bản sao điện tử có chứng thực", en: "Electronic certified copies" },
  payment: { vi: "Có nghĩa vụ tài chính", en: "Payment obligation" },
  paidOnline: { vi: "Thanh toán trực tuyến", en: "Paid online" },
  rating: { vi: "Đánh giá của người dân", en: "Citizen's rating" },
  early: { vi: "Trước hạn", en: "Early" },
  on_time: { vi: "Đúng hạn", en: "On time" },
  late: { vi: "Quá hạn", en: "Late" },
  very_satisfied: { vi: "Rất hài lòng", en: "Very satisfied" },
  satisfied: { vi: "Hài lòng", en: "Satisfied" },
  unsatisfied: { vi: "Chưa hài lòng", en: "Not satisfied" },
} as const;

/** The Decision 766 facts of one dossier (a null is shown as "no data", never as no or zero). */
function factsSection(lang: Lang, f: DossierFacts) {
  const yn = (v: boolean | null) => tx(lang, v === null ? F.noData : v ? F.yes : F.no);
  const n = (v: number | null) => (v === null ? tx(lang, F.noData) : String(v));
  const rows: [{ vi: string; en: string }, string][] = [
    [F.channel, f.channel],
    [F.onTime, f.onTime ? tx(lang, F[f.onTime]) : tx(lang, F.noData)],
    [F.synced, yn(f.synced)],
    [F.digitised, n(f.componentsDigitised)],
    [F.eResult, yn(f.electronicResult)],
    [F.reused, yn(f.dataReused)],
    [F.population, yn(f.populationDataUsed)],
    [F.copies, n(f.eCertifiedCopies)],
    [F.payment, yn(f.paymentRequired)],
    [F.paidOnline, yn(f.paidOnline)],
    [F.rating, f.rating ? tx(lang, F[f.rating]) : tx(lang, F.noData)],
  ];
  return html`<section aria-labelledby="facts-title"><h2 id="facts-title">${tx(lang, F.title)}</h2>
<dl class="facts">${rows.map(([k, v]) => html`<dt>${tx(lang, k)}</dt><dd>${v}</dd>`)}</dl></section>`;
}
