/**
 * The leaders' dashboard page (issue #8): filters (period, unit, field, channel), the monthly trend and rates as
 * server-drawn SVG charts (src/web/charts.ts) with their tables, dossiers overdue now by unit and step, and the
 * Decision 766 components that lose the most points. Works without JavaScript and prints.
 */
import type { Dashboard } from "../../app/dashboard.js";
import { formatPercent } from "../../domain/measure/ratio.js";
import { formatDate } from "../../shared/format.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { chart, formatNumber } from "../charts.js";
import { type Html, html } from "../html.js";
import { type OfficeUser, officePage } from "./common.js";

const L = {
  title: { vi: "Bảng điều khiển lãnh đạo", en: "Leaders' dashboard" },
  filters: { vi: "Lọc số liệu", en: "Filter the figures" },
  kind: { vi: "Loại kỳ", en: "Period" },
  index: { vi: "Kỳ số", en: "Number" },
  year: { vi: "Năm", en: "Year" },
  unit: { vi: "Đơn vị", en: "Unit" },
  field: { vi: "Lĩnh vực", en: "Field" },
  channel: { vi: "Kênh", en: "Channel" },
  all: { vi: "Tất cả", en: "All" },
  province: { vi: "Toàn tỉnh", en: "Whole province" },
  show: { vi: "Xem", en: "Show" },
  covers: { vi: "Số liệu từ {from} đến {to}.", en: "Figures from {from} to {to}." },
  received: { vi: "hồ sơ tiếp nhận", en: "dossiers received" },
  resolved: { vi: "hồ sơ đã giải quyết", en: "dossiers resolved" },
  onTime: { vi: "đúng hạn", en: "on time" },
  online: { vi: "tiếp nhận trực tuyến", en: "received online" },
  overdueNow: { vi: "hồ sơ đang quá hạn", en: "dossiers overdue now" },
  trend: { vi: "Xu hướng theo tháng", en: "Monthly trend" },
  trendChart: { vi: "Hồ sơ tiếp nhận và đã giải quyết theo tháng", en: "Dossiers received and resolved per month" },
  trendDesc: {
    vi: "Biểu đồ cột: số hồ sơ tiếp nhận và đã giải quyết mỗi tháng. Số liệu ở bảng ngay sau.",
    en: "Bar chart: dossiers received and resolved each month. The figures are in the table that follows.",
  },
  rateChart: { vi: "Tỷ lệ đúng hạn và tỷ lệ trực tuyến theo tháng", en: "On-time and online rates per month" },
  rateDesc: {
    vi: "Biểu đồ đường: tỷ lệ giải quyết đúng hạn và tỷ lệ tiếp nhận trực tuyến mỗi tháng. Số liệu ở bảng.",
    en: "Line chart: the share resolved on time and the share received online each month. The figures are in the table.",
  },
  month: { vi: "Tháng", en: "Month" },
  colReceived: { vi: "Tiếp nhận", en: "Received" },
  colOnline: { vi: "Trực tuyến", en: "Online" },
  colResolved: { vi: "Đã giải quyết", en: "Resolved" },
  colOnTime: { vi: "Đúng hạn", en: "On time" },
  colOnTimeRate: { vi: "Tỷ lệ đúng hạn", en: "On-time rate" },
  colOnlineShare: { vi: "Tỷ lệ trực tuyến", en: "Online share" },
  overdue: { vi: "Hồ sơ quá hạn theo đơn vị và bước", en: "Overdue dossiers by unit and step" },
  overdueChart: { vi: "Hồ sơ đang quá hạn theo đơn vị", en: "Dossiers overdue now by unit" },
  overdueDesc: {
    vi: "Biểu đồ thanh ngang: số hồ sơ đang quá hạn tại mỗi đơn vị. Chi tiết theo bước ở bảng ngay sau.",
    en: "Horizontal bar chart: dossiers overdue now at each unit. The steps are in the table that follows.",
  },
  noOverdue: { vi: "Không có hồ sơ quá hạn.", en: "No overdue dossiers." },
  step: { vi: "Bước", en: "Step" },
  count: { vi: "Số hồ sơ", en: "Dossiers" },
  index766: { vi: "Chỉ số Quyết định 766: nơi bị mất điểm", en: "Decision 766 index: where points are lost" },
  indexTotal: {
    vi: "Điểm: {points} / {max} điểm có dữ liệu (tối đa 100; {none} tiêu chí chưa có dữ liệu).",
    en: "Points: {points} of {max} with data (of 100; {none} components without data).",
  },
  component: { vi: "Tiêu chí", en: "Component" },
  group: { vi: "Nhóm", en: "Group" },
  ratio: { vi: "Tử số / mẫu số", en: "Numerator / denominator" },
  points: { vi: "Điểm", en: "Points" },
  lost: { vi: "Mất", en: "Lost" },
  noData: { vi: "Chưa có dữ liệu", en: "No data" },
  report: { vi: "Báo cáo chi tiết (Biểu II.06a)", en: "Detailed report (form II.06a)" },
} satisfies Record<string, LText>;

const CHANNEL_NAMES: Record<string, LText> = {
  online: { vi: "Trực tuyến (Cổng tỉnh)", en: "Online (provincial portal)" },
  national_portal: { vi: "Cổng DVC quốc gia", en: "National portal" },
  counter: { vi: "Trực tiếp", en: "Counter" },
  postal: { vi: "Bưu chính", en: "Postal" },
};
const KINDS: Record<string, LText> = {
  year: { vi: "Năm", en: "Year" },
  half: { vi: "6 tháng", en: "Half-year" },
  quarter: { vi: "Quý", en: "Quarter" },
  month: { vi: "Tháng", en: "Month" },
};

const tr = (k: keyof typeof L, lang: Lang) => pick(L[k], lang);
const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

function select(
  name: string,
  label: string,
  options: { value: string; label: string }[],
  current: string | null,
  lang: Lang,
): Html {
  return html`<label>${label} <select name="${name}"><option value="">${tr("all", lang)}</option>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? " selected" : ""}>${o.label}</option>`,
  )}</select></label>`;
}

export function dashboardPage(o: { d: Dashboard; lang: Lang; url: string; user: OfficeUser; wide: boolean }): string {
  const { d, lang } = o;
  const n = (x: number) => formatNumber(x, lang);
  const covers = tr("covers", lang).replace("{from}", formatDate(d.period.from)).replace("{to}", formatDate(d.through));
  const units = d.choices.units.map((u) => ({ value: u.id, label: u.name }));
  const reportQs = new URLSearchParams({
    kind: d.period.kind,
    year: String(d.period.year),
    index: String(d.period.index),
    ...(d.filters.unitId ? { unitId: d.filters.unitId } : {}),
  }).toString();
  const body = html`<h1>${tr("title", lang)}</h1>
<form method="get" action="/office/bang-dieu-khien" class="filters" aria-label="${tr("filters", lang)}">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<label>${tr("kind", lang)} <select name="kind">${Object.entries(KINDS).map(
    ([k, v]) => html`<option value="${k}"${d.period.kind === k ? " selected" : ""}>${pick(v, lang)}</option>`,
  )}</select></label>
<label>${tr("index", lang)} <input name="index" type="number" min="1" max="12" value="${d.period.index}"></label>
<label>${tr("year", lang)} <input name="year" type="number" min="2000" max="2100" value="${d.period.year}"></label>
${
  o.wide
    ? select("unitId", tr("unit", lang), units, d.filters.unitId, lang)
    : html`<p>${tr("unit", lang)}: ${d.choices.units[0]?.name ?? ""}</p>`
}
${select(
  "fieldId",
  tr("field", lang),
  d.choices.fields.map((f) => ({ value: f.id, label: f.name })),
  d.filters.fieldId,
  lang,
)}
${select(
  "channel",
  tr("channel", lang),
  Object.entries(CHANNEL_NAMES).map(([k, v]) => ({ value: k, label: pick(v, lang) })),
  d.filters.channel,
  lang,
)}
<button type="submit">${tr("show", lang)}</button>
</form>
<p><strong>${pick(d.period.label, lang)}</strong> — ${
    d.filters.unitId
      ? (d.choices.units.find((u) => u.id === d.filters.unitId)?.name ?? "")
      : o.wide
        ? tr("province", lang)
        : (d.choices.units[0]?.name ?? "")
  }. ${covers} <a href="/office/bao-cao?${reportQs}">${tr("report", lang)}</a></p>
<ul class="stats figures-summary">
<li><div><strong>${n(d.total.received)}</strong> ${tr("received", lang)}</div></li>
<li><div><strong>${n(d.total.resolved)}</strong> ${tr("resolved", lang)}</div></li>
<li><div><strong>${formatPercent(d.total.onTimeRate, lang)}</strong> ${tr("onTime", lang)}</div></li>
<li><div><strong>${formatPercent(d.total.onlineShare, lang)}</strong> ${tr("online", lang)}</div></li>
<li><div><strong>${n(d.overdue.total)}</strong> ${tr("overdueNow", lang)}</div></li>
</ul>
<section aria-labelledby="trend-h">
<h2 id="trend-h">${tr("trend", lang)}</h2>
<figure class="chart">${chart({
    id: "chart-trend",
    title: tr("trendChart", lang),
    description: tr("trendDesc", lang),
    lang,
    categories: d.months.map((m) => monthLabel(m.month)),
    series: [
      { name: tr("colReceived", lang), values: d.months.map((m) => m.received) },
      { name: tr("colResolved", lang), values: d.months.map((m) => m.resolved) },
    ],
  })}</figure>
<figure class="chart">${chart({
    id: "chart-rates",
    title: tr("rateChart", lang),
    description: tr("rateDesc", lang),
    lang,
    percent: true,
    categories: d.months.map((m) => monthLabel(m.month)),
    series: [
      { name: tr("colOnTimeRate", lang), kind: "line", values: d.months.map((m) => m.onTimeRate.value) },
      { name: tr("colOnlineShare", lang), kind: "line", values: d.months.map((m) => m.onlineShare.value) },
    ],
  })}</figure>
<table class="report" id="trend-table"><caption class="visually-hidden">${tr("trend", lang)}</caption>
<thead><tr><th scope="col">${tr("month", lang)}</th><th scope="col">${tr("colReceived", lang)}</th><th scope="col">${tr("colOnline", lang)}</th><th scope="col">${tr("colResolved", lang)}</th><th scope="col">${tr("colOnTime", lang)}</th><th scope="col">${tr("colOnTimeRate", lang)}</th><th scope="col">${tr("colOnlineShare", lang)}</th></tr></thead>
<tbody>${d.months.map(
    (m) =>
      html`<tr><th scope="row">${monthLabel(m.month)}</th><td>${n(m.received)}</td><td>${n(m.receivedOnline)}</td><td>${n(m.resolved)}</td><td>${n(m.resolvedOnTime)}</td><td>${formatPercent(m.onTimeRate, lang)}</td><td>${formatPercent(m.onlineShare, lang)}</td></tr>`,
  )}</tbody></table>
</section>
<section aria-labelledby="overdue-h">
<h2 id="overdue-h">${tr("overdue", lang)}</h2>
${
  d.overdue.total === 0
    ? html`<p>${tr("noOverdue", lang)}</p>`
    : html`<figure class="chart">${chart({
        id: "chart-overdue",
        title: tr("overdueChart", lang),
        description: tr("overdueDesc", lang),
        lang,
        horizontal: true,
        categories: d.overdue.byUnit.map((u) => u.unitName),
        series: [{ name: tr("count", lang), values: d.overdue.byUnit.map((u) => u.n) }],
      })}</figure>
<table class="report" id="overdue-table"><caption class="visually-hidden">${tr("overdue", lang)}</caption>
<thead><tr><th scope="col">${tr("unit", lang)}</th><th scope="col">${tr("step", lang)}</th><th scope="col">${tr("count", lang)}</th></tr></thead>
<tbody>${d.overdue.byStep.map(
        (s) => html`<tr><th scope="row">${s.unitName}</th><td>${s.step}</td><td>${n(s.n)}</td></tr>`,
      )}</tbody></table>`
}
</section>
<section aria-labelledby="ix-h">
<h2 id="ix-h">${tr("index766", lang)}</h2>
<p>${tr("indexTotal", lang)
    .replace("{points}", formatNumber(d.index766.points, lang, 2))
    .replace("{max}", formatNumber(d.index766.scoredMax, lang, 2))
    .replace("{none}", String(d.index766.noData.length))}</p>
<table class="report" id="index-table"><caption class="visually-hidden">${tr("index766", lang)}</caption>
<thead><tr><th scope="col">${tr("component", lang)}</th><th scope="col">${tr("group", lang)}</th><th scope="col">${tr("ratio", lang)}</th><th scope="col">${tr("points", lang)}</th><th scope="col">${tr("lost", lang)}</th></tr></thead>
<tbody>${d.pointsLost.map(
    (c) =>
      html`<tr><th scope="row">${pick(c.label, lang)}</th><td>${pick(c.group, lang)}</td><td>${n(c.ratio.numerator)} / ${n(c.ratio.denominator)}</td><td>${formatNumber(c.points, lang, 2)} / ${formatNumber(c.max, lang, 2)}</td><td>${formatNumber(c.lost, lang, 2)}</td></tr>`,
  )}${d.index766.groups.flatMap((g) =>
    g.components
      .filter((c) => c.status === "no_data")
      .map(
        (c) =>
          html`<tr><th scope="row">${pick(c.label, lang)}</th><td>${pick(g.label, lang)}</td><td colspan="3">${tr("noData", lang)}: ${c.status === "no_data" ? pick(c.reason, lang) : ""}</td></tr>`,
      ),
  )}</tbody></table>
</section>`;
  return officePage({
    title: tr("title", lang),
    lang,
    url: o.url,
    body,
    user: o.user,
    current: "/office/bang-dieu-khien",
  });
}
