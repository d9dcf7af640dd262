/**
 * The public statistics page (Circular 32/2017; issue #8): the year to date (or a chosen quarter or month) for the
 * whole province, by month, by unit and by service. Readable without login or JavaScript; each chart is server-drawn
 * SVG with the same figures in a table beside it.
 */
import type { PublicFigures, PublicStatistics } from "../../app/public-statistics.js";
import { formatPercent } from "../../domain/measure/ratio.js";
import { formatDate, formatDateTime } from "../../shared/format.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { chart, formatNumber } from "../charts.js";
import { foldVietnamese } from "../../domain/text-normalize.js";
import { type Html, html } from "../html.js";
import { pageLinks } from "./components.js";

const L = {
  title: { vi: "Thống kê giải quyết thủ tục hành chính", en: "Statistics on administrative procedures" },
  lead: {
    vi: "Công khai theo Thông tư 32/2017/TT-BTTTT: số hồ sơ tiếp nhận và giải quyết (trong đó trực tuyến), tỷ lệ giải quyết đúng hạn và mức độ hài lòng của người dân, theo từng cơ quan và từng dịch vụ.",
    en: "Published under Circular 32/2017/TT-BTTTT: dossiers received and resolved (of which online), the share resolved on time and citizens' satisfaction, by agency and by service.",
  },
  covers: { vi: "Số liệu từ {from} đến {to}.", en: "Figures from {from} to {to}." },
  asOf: { vi: "Cập nhật lúc {at}.", en: "Updated {at}." },
  choose: { vi: "Chọn kỳ thống kê", en: "Choose the period" },
  year: { vi: "Năm", en: "Year" },
  period: { vi: "Kỳ", en: "Period" },
  wholeYear: { vi: "Từ đầu năm", en: "Year to date" },
  quarter: { vi: "Quý", en: "Quarter" },
  month: { vi: "Tháng", en: "Month" },
  show: { vi: "Xem", en: "Show" },
  summary: { vi: "Tổng hợp", en: "Summary" },
  receivedOnline: { vi: "hồ sơ trực tuyến tiếp nhận", en: "online dossiers received" },
  resolvedOnline: { vi: "hồ sơ trực tuyến đã giải quyết", en: "online dossiers resolved" },
  onTime: { vi: "giải quyết đúng hạn", en: "resolved on time" },
  satisfied: { vi: "người dân hài lòng", en: "citizens satisfied" },
  byMonth: { vi: "Theo tháng", en: "By month" },
  byUnit: { vi: "Theo cơ quan", en: "By agency" },
  byService: { vi: "Theo dịch vụ công", en: "By service" },
  colMonth: { vi: "Tháng", en: "Month" },
  colUnit: { vi: "Cơ quan", en: "Agency" },
  colService: { vi: "Dịch vụ (thủ tục)", en: "Service (procedure)" },
  colReceived: { vi: "Tiếp nhận", en: "Received" },
  colReceivedOnline: { vi: "Tiếp nhận trực tuyến", en: "Received online" },
  colResolved: { vi: "Đã giải quyết", en: "Resolved" },
  colResolvedOnline: { vi: "Giải quyết trực tuyến", en: "Resolved online" },
  colOnTime: { vi: "Đúng hạn", en: "On time" },
  colSatisfaction: { vi: "Hài lòng", en: "Satisfied" },
  colRated: { vi: "Lượt đánh giá", en: "Ratings" },
  seriesReceivedOnline: { vi: "Tiếp nhận trực tuyến", en: "Received online" },
  seriesReceivedOther: { vi: "Tiếp nhận trực tiếp, bưu chính", en: "Received at the counter or by post" },
  seriesResolved: { vi: "Đã giải quyết", en: "Resolved" },
  monthChart: { vi: "Hồ sơ tiếp nhận và giải quyết theo tháng", en: "Dossiers received and resolved per month" },
  monthChartDesc: {
    vi: "Biểu đồ cột: mỗi tháng, số hồ sơ tiếp nhận trực tuyến và trực tiếp (cột chồng) và số hồ sơ đã giải quyết. Số liệu chi tiết ở bảng ngay sau.",
    en: "Bar chart: for each month, the dossiers received online and at the counter (stacked) and the dossiers resolved. The figures are in the table that follows.",
  },
  unitChart: {
    vi: "Tỷ lệ giải quyết đúng hạn của {n} cơ quan giải quyết nhiều hồ sơ nhất",
    en: "Share resolved on time by the {n} agencies that resolved the most dossiers",
  },
  unitChartDesc: {
    vi: "Biểu đồ thanh ngang: tỷ lệ hồ sơ giải quyết đúng hạn của từng cơ quan. Số liệu chi tiết của mọi cơ quan ở bảng ngay sau.",
    en: "Horizontal bar chart: the share of dossiers resolved on time by each agency. The figures of every agency are in the table that follows.",
  },
  none: { vi: "Chưa có hồ sơ nào trong kỳ này.", en: "No dossiers in this period yet." },
  findService: { vi: "Tìm dịch vụ công", en: "Find a service" },
  find: { vi: "Tìm", en: "Find" },
  noService: { vi: "Không có dịch vụ nào khớp với từ tìm kiếm.", en: "No service matches the search." },
  servicesShown: {
    vi: "{n} dịch vụ, nhiều hồ sơ nhất trước; trang {page}/{pages}.",
    en: "{n} services, the busiest first; page {page} of {pages}.",
  },
  noRating: { vi: "chưa có đánh giá", en: "no ratings" },
  note: {
    vi: "Đúng hạn: hồ sơ giải quyết trước hạn hoặc đúng hạn trên tổng số hồ sơ đã giải quyết. Hài lòng: lượt đánh giá “Rất hài lòng” hoặc “Hài lòng” trên tổng số lượt đánh giá. “—”: chưa có dữ liệu để tính.",
    en: "On time: dossiers resolved early or on time out of all resolved. Satisfied: ratings “Very satisfied” or “Satisfied” out of all ratings. “—”: nothing to measure yet.",
  },
} satisfies Record<string, LText>;

const tr = (k: keyof typeof L, lang: Lang) => pick(L[k], lang);
const num = (n: number, lang: Lang) => formatNumber(n, lang);

/** The columns of the figures, shared by the three tables. */
function cells(f: PublicFigures, lang: Lang): Html {
  const rated = f.ratings.verySatisfied + f.ratings.satisfied + f.ratings.unsatisfied;
  return html`<td data-label="${tr("colReceived", lang)}">${num(f.received, lang)}</td>
<td data-label="${tr("colReceivedOnline", lang)}">${num(f.receivedOnline, lang)}</td>
<td data-label="${tr("colResolved", lang)}">${num(f.resolved, lang)}</td>
<td data-label="${tr("colResolvedOnline", lang)}">${num(f.resolvedOnline, lang)}</td>
<td data-label="${tr("colOnTime", lang)}">${formatPercent(f.onTimeRate, lang)}</td>
<td data-label="${tr("colSatisfaction", lang)}">${formatPercent(f.satisfaction, lang)}${
    rated ? html` <span class="hint">(${num(rated, lang)} ${tr("colRated", lang).toLowerCase()})</span>` : ""
  }</td>`;
}

function table(
  id: string,
  caption: string,
  first: keyof typeof L,
  rows: { head: Html | string; figures: PublicFigures }[],
  lang: Lang,
): Html {
  return html`<table class="stack figures" id="${id}"><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${tr(first, lang)}</th><th scope="col">${tr("colReceived", lang)}</th><th scope="col">${tr("colReceivedOnline", lang)}</th><th scope="col">${tr("colResolved", lang)}</th><th scope="col">${tr("colResolvedOnline", lang)}</th><th scope="col">${tr("colOnTime", lang)}</th><th scope="col">${tr("colSatisfaction", lang)}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.head}</th>${cells(r.figures, lang)}</tr>`)}</tbody></table>`;
}

const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

export function statisticsTitle(s: PublicStatistics, lang: Lang): string {
  return `${tr("title", lang)} – ${pick(s.period.label, lang)}`;
}

/** Agencies in the on-time chart (the busiest). */
const UNITS_IN_CHART = 20;

/** Services per page of the "by service" table (a province has about 2,000). */
export const SERVICES_PER_PAGE = 50;

/** The services table's search (diacritics ignored) and page. */
export interface ServiceView {
  q: string;
  page: number;
}

/**
 * The page body. `years` are the years offered in the selector (newest first); `selected` the period; `view` the
 * services' search and page.
 */
export function renderPublicStatistics(
  s: PublicStatistics,
  lang: Lang,
  years: number[],
  selected: string,
  view: ServiceView = { q: "", page: 1 },
): Html {
  const t = s.total;
  const folded = foldVietnamese(view.q.trim());
  const services = folded
    ? s.procedures.filter((p) => foldVietnamese(`${p.name} ${p.code}`).includes(folded))
    : s.procedures;
  const pages = Math.max(1, Math.ceil(services.length / SERVICES_PER_PAGE));
  const page = Math.min(Math.max(1, view.page), pages);
  const shown = services.slice((page - 1) * SERVICES_PER_PAGE, page * SERVICES_PER_PAGE);
  const serviceUrl = (n: number) => {
    const u = new URLSearchParams();
    if (lang === "en") u.set("lang", "en");
    u.set("year", String(s.period.year));
    u.set("period", selected);
    if (view.q.trim()) u.set("dv", view.q.trim());
    if (n > 1) u.set("trang", String(n));
    return `/thong-ke?${u}#service-h`;
  };
  const periods: { value: string; label: string }[] = [
    { value: "year", label: tr("wholeYear", lang) },
    ...[1, 2, 3, 4].map((q) => ({
      value: `q${q}`,
      label: `${tr("quarter", lang)} ${["I", "II", "III", "IV"][q - 1]}`,
    })),
    ...Array.from({ length: 12 }, (_, i) => ({ value: `m${i + 1}`, label: `${tr("month", lang)} ${i + 1}` })),
  ];
  const covers = tr("covers", lang).replace("{from}", formatDate(s.period.from)).replace("{to}", formatDate(s.through));
  const monthChart = chart({
    id: "chart-months",
    title: tr("monthChart", lang),
    description: tr("monthChartDesc", lang),
    lang,
    categories: s.months.map((m) => monthLabel(m.month)),
    series: [
      { name: tr("seriesReceivedOnline", lang), values: s.months.map((m) => m.figures.receivedOnline), stack: "r" },
      {
        name: tr("seriesReceivedOther", lang),
        values: s.months.map((m) => m.figures.received - m.figures.receivedOnline),
        stack: "r",
      },
      { name: tr("seriesResolved", lang), values: s.months.map((m) => m.figures.resolved) },
    ],
  });
  // the chart shows the agencies that resolved the most (a province has about 200); the table lists them all
  const unitsResolved = s.units
    .filter((u) => u.figures.resolved > 0)
    .sort((a, b) => b.figures.resolved - a.figures.resolved)
    .slice(0, UNITS_IN_CHART);
  return html`<h1>${tr("title", lang)}</h1>
<p class="lead">${tr("lead", lang)}</p>
<form method="get" action="/thong-ke" class="filters" aria-label="${tr("choose", lang)}">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<label>${tr("year", lang)} <select name="year">${years.map(
    (y) => html`<option value="${y}"${y === s.period.year ? " selected" : ""}>${y}</option>`,
  )}</select></label>
<label>${tr("period", lang)} <select name="period">${periods.map(
    (p) => html`<option value="${p.value}"${p.value === selected ? " selected" : ""}>${p.label}</option>`,
  )}</select></label>
<button type="submit">${tr("show", lang)}</button>
</form>
<p><strong>${pick(s.period.label, lang)}</strong>. ${covers} <span class="hint">${tr("asOf", lang).replace("{at}", formatDateTime(s.asOf))}</span></p>
<section aria-labelledby="sum-h">
<h2 id="sum-h">${tr("summary", lang)}</h2>
<ul class="stats figures-summary">
<li><div><strong>${num(t.receivedOnline, lang)}</strong> ${tr("receivedOnline", lang)}</div></li>
<li><div><strong>${num(t.resolvedOnline, lang)}</strong> ${tr("resolvedOnline", lang)}</div></li>
<li><div><strong>${formatPercent(t.onTimeRate, lang)}</strong> ${tr("onTime", lang)}</div></li>
<li><div><strong>${formatPercent(t.satisfaction, lang)}</strong> ${tr("satisfied", lang)}</div></li>
</ul>
</section>
<section aria-labelledby="month-h">
<h2 id="month-h">${tr("byMonth", lang)}</h2>
<figure class="chart">${monthChart}</figure>
${table(
  "by-month",
  tr("byMonth", lang),
  "colMonth",
  s.months.map((m) => ({ head: monthLabel(m.month), figures: m.figures })),
  lang,
)}
</section>
<section aria-labelledby="unit-h">
<h2 id="unit-h">${tr("byUnit", lang)}</h2>
${
  s.units.length === 0
    ? html`<p>${tr("none", lang)}</p>`
    : html`${
        unitsResolved.length
          ? html`<figure class="chart">${chart({
              id: "chart-units",
              title: tr("unitChart", lang).replace("{n}", String(unitsResolved.length)),
              description: tr("unitChartDesc", lang),
              lang,
              horizontal: true,
              percent: true,
              categories: unitsResolved.map((u) => u.name),
              series: [{ name: tr("colOnTime", lang), values: unitsResolved.map((u) => u.figures.onTimeRate.value) }],
            })}</figure>`
          : ""
      }${table(
        "by-unit",
        tr("byUnit", lang),
        "colUnit",
        s.units.map((u) => ({ head: u.name, figures: u.figures })),
        lang,
      )}`
}
</section>
<section aria-labelledby="service-h">
<h2 id="service-h">${tr("byService", lang)}</h2>
${
  s.procedures.length === 0
    ? html`<p>${tr("none", lang)}</p>`
    : html`<form method="get" action="/thong-ke#service-h" class="filters" role="search" aria-label="${tr("findService", lang)}">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}<input type="hidden" name="year" value="${s.period.year}"><input type="hidden" name="period" value="${selected}">
<label>${tr("findService", lang)} <input type="search" name="dv" value="${view.q}"></label>
<button type="submit">${tr("find", lang)}</button>
</form>
${
  services.length === 0
    ? html`<p>${tr("noService", lang)}</p>`
    : html`<p class="hint">${tr("servicesShown", lang)
        .replace("{n}", num(services.length, lang))
        .replace("{page}", String(page))
        .replace("{pages}", String(pages))}</p>
${table(
  "by-service",
  tr("byService", lang),
  "colService",
  shown.map((p) => ({
    head: html`<a href="/thu-tuc/${encodeURIComponent(p.code)}">${p.name}</a> <span class="hint">(${p.code})</span>`,
    figures: p.figures,
  })),
  lang,
)}
${pageLinks(lang, page, pages, serviceUrl)}`
}`
}
</section>
<p class="hint">${tr("note", lang)}</p>`;
}
