import { STATUS_NAMES } from "../../domain/status.js";
import { formatDateTime } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { notice, type OfficeUser, officePage, tx, withLang } from "./common.js";

export const CHANNEL_NAMES: Record<string, LText> = {
  online: { vi: "Trực tuyến", en: "Online" },
  national_portal: { vi: "Cổng DVC quốc gia", en: "National portal" },
  counter: { vi: "Trực tiếp", en: "Counter" },
  postal: { vi: "Bưu chính", en: "Postal" },
};

export const DUE_NAMES: Record<string, LText> = {
  due_soon: { vi: "Sắp đến hạn", en: "Due soon" },
  overdue: { vi: "Quá hạn", en: "Overdue" },
};

export interface QueueFiltersView {
  status?: number;
  due?: "soon" | "overdue";
  procedure?: string;
  channel?: string;
  mine?: boolean;
  q?: string;
  /** Which list: dossiers received by my unit, dossiers my unit holds now, or tasks sent to my unit. */
  view?: "receiving" | "processing" | "tasks";
}

export interface QueueRowView {
  id: string;
  code: string | null;
  reference: string;
  procedureName: string;
  procedureCode?: string;
  applicantName: string;
  channel: string;
  status: number;
  dueAt: Date | null;
  dueState: string;
  stepName?: string | null;
  stepDueAt?: Date | null;
  assigneeName?: string | null;
  /** The latest postal delivery of a processed dossier's result. */
  postalDelivery?: { status: string; statusName: LText };
}

export interface QueueView {
  filters: QueueFiltersView;
  /** Counts per status code (open statuses at least), for the tabs. */
  statusCounts: Array<{ status: number; count: number }>;
  allCount?: number;
  dueCounts: { soon: number; overdue: number };
  procedures: Array<{ id: string; code: string; name: string }>;
  rows: QueueRowView[];
  /** Link to the next page of results, if any. */
  nextHref?: string;
  /** Link back to the first page, when not on it. */
  firstHref?: string;
  /** Number of dossiers matching the filters (text, "≥ 1000" when capped). */
  totalLabel?: string;
}

const T = {
  title: { vi: "Hàng đợi hồ sơ", en: "Work queue" },
  filters: { vi: "Lọc hồ sơ", en: "Filter dossiers" },
  search: { vi: "Tìm theo mã hồ sơ, họ tên hoặc số giấy tờ", en: "Search by code, name or ID number" },
  searchBtn: { vi: "Lọc", en: "Filter" },
  clear: { vi: "Xoá bộ lọc", en: "Clear filters" },
  all: { vi: "Tất cả", en: "All" },
  anyProcedure: { vi: "Mọi thủ tục", en: "Any procedure" },
  anyChannel: { vi: "Mọi kênh", en: "Any channel" },
  procedure: { vi: "Thủ tục", en: "Procedure" },
  channel: { vi: "Kênh nộp", en: "Channel" },
  deadline: { vi: "Thời hạn", en: "Deadline" },
  anyDeadline: { vi: "Mọi thời hạn", en: "Any deadline" },
  mine: { vi: "Chỉ hồ sơ giao cho tôi", en: "Only dossiers assigned to me" },
  code: { vi: "Mã hồ sơ", en: "Dossier code" },
  applicant: { vi: "Người nộp", en: "Applicant" },
  status: { vi: "Trạng thái", en: "Status" },
  due: { vi: "Hạn trả kết quả", en: "Due" },
  empty: { vi: "Không có hồ sơ nào phù hợp.", en: "No dossiers match." },
  statusTabs: { vi: "Số hồ sơ theo trạng thái", en: "Dossiers by status" },
  next: { vi: "Trang sau", en: "Next page" },
  first: { vi: "Trang đầu", en: "First page" },
  notReceived: { vi: "(chưa tiếp nhận)", en: "(not received)" },
  keys: {
    vi: "Phím: / tìm kiếm · j/k chuyển giữa các hồ sơ · Enter mở hồ sơ",
    en: "Keys: / search · j/k move between dossiers · Enter opens",
  },
  step: { vi: "Bước", en: "Step" },
  lists: { vi: "Danh sách", en: "Lists" },
  receiving: { vi: "Hồ sơ đơn vị tiếp nhận", en: "Received by my unit" },
  processing: { vi: "Hồ sơ đơn vị đang xử lý", en: "Being processed by my unit" },
  tasks: { vi: "Xin ý kiến, liên thông", en: "Consultations and inter-agency" },
  found: { vi: "Số hồ sơ", en: "Dossiers" },
  assignee: { vi: "Giao cho", en: "Assigned to" },
} satisfies Record<string, LText>;

function queueHref(f: QueueFiltersView, lang: Lang, change: Partial<QueueFiltersView>): string {
  const m = { ...f, ...change };
  const q = new URLSearchParams();
  if (m.view) q.set("view", m.view);
  if (m.status) q.set("status", String(m.status));
  if (m.due) q.set("due", m.due);
  if (m.procedure) q.set("procedure", m.procedure);
  if (m.channel) q.set("channel", m.channel);
  if (m.mine) q.set("mine", "1");
  if (m.q) q.set("q", m.q);
  if (lang === "en") q.set("lang", "en");
  const s = q.toString();
  return `/office${s ? `?${s}` : ""}`;
}

export { queueHref };

function dueCell(lang: Lang, r: QueueRowView): Html {
  if (!r.dueAt) return html`<span class="muted">—</span>`;
  const label = DUE_NAMES[r.dueState];
  const cls = r.dueState === "overdue" ? "err" : r.dueState === "due_soon" ? "warn" : "";
  return html`<time datetime="${r.dueAt.toISOString()}">${formatDateTime(r.dueAt)}</time>${
    label ? html` <span class="tag ${cls}">${tx(lang, label)}</span>` : ""
  }`;
}

export function queuePage(o: { lang: Lang; url: string; user: OfficeUser; view: QueueView; flash?: string }): string {
  const { lang, view } = o;
  const f = view.filters;
  const tab = (label: string, count: number | undefined, href: string, current: boolean) =>
    html`<li><a href="${href}"${current ? html` aria-current="true" class="current"` : ""}>${label}${
      count !== undefined ? html` <span class="count">${count}</span>` : ""
    }</a></li>`;
  const filtersActive = !!(f.status || f.due || f.procedure || f.channel || f.mine || f.q);
  const lists = (["receiving", "processing", "tasks"] as const).map(
    (v) =>
      html`<li><a href="${queueHref({ view: v }, lang, {})}"${f.view === v ? html` aria-current="true" class="current"` : ""}>${tx(lang, T[v])}</a></li>`,
  );
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
<nav aria-label="${tx(lang, T.lists)}" class="tabs lists"><ul>${lists}</ul></nav>
<nav aria-label="${tx(lang, T.statusTabs)}" class="tabs"><ul>
${tab(tx(lang, T.all), view.allCount, queueHref(f, lang, { status: undefined, due: undefined }), !f.status && !f.due)}
${view.statusCounts.map((s) =>
  tab(
    tx(lang, STATUS_NAMES[s.status as keyof typeof STATUS_NAMES] ?? { vi: String(s.status) }),
    s.count,
    queueHref(f, lang, { status: s.status, due: undefined }),
    f.status === s.status,
  ),
)}
${tab(tx(lang, DUE_NAMES.due_soon), view.dueCounts.soon, queueHref(f, lang, { due: "soon", status: undefined }), f.due === "soon")}
${tab(tx(lang, DUE_NAMES.overdue), view.dueCounts.overdue, queueHref(f, lang, { due: "overdue", status: undefined }), f.due === "overdue")}
</ul></nav>
<form method="get" action="/office" class="filters" role="search" aria-label="${tx(lang, T.filters)}">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
${f.view ? html`<input type="hidden" name="view" value="${f.view}">` : ""}
${f.status ? html`<input type="hidden" name="status" value="${f.status}">` : ""}
<div class="field grow"><label for="q">${tx(lang, T.search)}</label>
<input id="q" name="q" type="search" value="${f.q ?? ""}" accesskey="s" autocomplete="off"></div>
<div class="field"><label for="procedure">${tx(lang, T.procedure)}</label>
<select id="procedure" name="procedure"><option value="">${tx(lang, T.anyProcedure)}</option>${view.procedures.map(
    (p) => html`<option value="${p.id}"${f.procedure === p.id ? html` selected` : ""}>${p.code} – ${p.name}</option>`,
  )}</select></div>
<div class="field"><label for="channel">${tx(lang, T.channel)}</label>
<select id="channel" name="channel"><option value="">${tx(lang, T.anyChannel)}</option>${Object.entries(
    CHANNEL_NAMES,
  ).map(
    ([k, v]) => html`<option value="${k}"${f.channel === k ? html` selected` : ""}>${tx(lang, v)}</option>`,
  )}</select></div>
<div class="field"><label for="due">${tx(lang, T.deadline)}</label>
<select id="due" name="due"><option value="">${tx(lang, T.anyDeadline)}</option>
<option value="soon"${f.due === "soon" ? html` selected` : ""}>${tx(lang, DUE_NAMES.due_soon)}</option>
<option value="overdue"${f.due === "overdue" ? html` selected` : ""}>${tx(lang, DUE_NAMES.overdue)}</option></select></div>
<div class="field check"><input id="mine" name="mine" type="checkbox" value="1"${f.mine ? html` checked` : ""}><label for="mine">${tx(lang, T.mine)}</label></div>
<div class="field actions"><button type="submit">${tx(lang, T.searchBtn)}</button>${
    filtersActive ? html` <a href="${withLang("/office", lang)}">${tx(lang, T.clear)}</a>` : ""
  }</div>
</form>
<p class="hint">${view.totalLabel !== undefined ? html`<span role="status">${tx(lang, T.found)}: <strong>${view.totalLabel}</strong></span> · ` : ""}${tx(lang, T.keys)}</p>
${
  view.rows.length === 0
    ? html`<p class="empty" role="status">${tx(lang, T.empty)}</p>`
    : html`<div class="table-scroll"><table class="queue">
<caption class="visually-hidden">${tx(lang, T.title)}</caption>
<thead><tr><th scope="col">${tx(lang, T.code)}</th><th scope="col">${tx(lang, T.procedure)}</th><th scope="col">${tx(lang, T.applicant)}</th><th scope="col">${tx(lang, T.channel)}</th><th scope="col">${tx(lang, T.status)}</th><th scope="col">${tx(lang, T.due)}</th></tr></thead>
<tbody>${view.rows.map(
        (r) => html`<tr class="${r.dueState === "overdue" ? "overdue" : r.dueState === "due_soon" ? "due-soon" : ""}">
<th scope="row"><a class="dossier-link" href="${withLang(`/office/dossiers/${r.id}`, lang)}">${r.code ?? r.reference}</a>${
          r.code ? "" : html` <span class="hint">${tx(lang, T.notReceived)}</span>`
        }</th>
<td>${r.procedureName}${r.procedureCode ? html` <span class="hint">(${r.procedureCode})</span>` : ""}${
          r.stepName ? html`<br><span class="hint">${tx(lang, T.step)}: ${r.stepName}</span>` : ""
        }${r.assigneeName ? html`<br><span class="hint">${tx(lang, T.assignee)}: ${r.assigneeName}</span>` : ""}</td>
<td>${r.applicantName}</td>
<td>${tx(lang, CHANNEL_NAMES[r.channel] ?? { vi: r.channel })}</td>
<td>${tx(lang, STATUS_NAMES[r.status as keyof typeof STATUS_NAMES] ?? { vi: String(r.status) })}${
          r.postalDelivery
            ? html` <span class="tag${["failed", "returned", "booking_failed"].includes(r.postalDelivery.status) ? " err" : ""}">${tx(lang, r.postalDelivery.statusName)}</span>`
            : ""
        }</td>
<td>${dueCell(lang, r)}</td>
</tr>`,
      )}</tbody></table></div>`
}
<p class="pager">${view.firstHref ? html`<a href="${view.firstHref}">${tx(lang, T.first)}</a> ` : ""}${
    view.nextHref ? html`<a href="${view.nextHref}" rel="next">${tx(lang, T.next)} →</a>` : ""
  }</p>`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, body, user: o.user, current: "/office" });
}
