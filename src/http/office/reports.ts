/**
 * Reports for leaders and supervisors (issue #8): form II.06a as JSON, as an Excel workbook and as an office page with
 * each cell linking to its dossiers; the Decision 766 index as JSON and as a page. The use cases authorise.
 */
import { Type } from "@sinclair/typebox";
import { type CELLS, index766For, periodicReportFor, ReportQuery, reportCellDossiers } from "../../app/reports.js";
import { periodicReportPdf } from "../../docs/periodic-report-pdf.js";
import { periodicReportXlsx } from "../../docs/periodic-report-xlsx.js";
import type { PeriodicReport } from "../../domain/measure/periodic-report.js";
import { formatPercent } from "../../domain/measure/ratio.js";
import { pick } from "../../shared/text.js";
import { html } from "../../web/html.js";
import { page } from "../../web/layout.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody, FileResponse } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { officerForPage } from "./auth.js";

const errors = { 401: ErrorBody, 403: ErrorBody, 422: ErrorBody };
const Anything = Type.Unknown();

const qs = (q: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(q).filter(([, v]) => v !== undefined && v !== "") as [string, string][],
  ).toString();

const COLS: { cell: (typeof CELLS)[number] | null; label: string; get: (r: PeriodicReport) => number }[] = [
  { cell: null, label: "Tổng số nhận", get: (r) => r.received.total },
  { cell: "carried_over", label: "Kỳ trước chuyển qua", get: (r) => r.received.carriedOver },
  { cell: "received_online", label: "Mới tiếp nhận trực tuyến", get: (r) => r.received.online },
  { cell: "received_counter_postal", label: "Trực tiếp, bưu chính", get: (r) => r.received.counterPostal },
  { cell: null, label: "Đã giải quyết", get: (r) => r.resolved.total },
  { cell: "resolved_early", label: "Trước hạn", get: (r) => r.resolved.early },
  { cell: "resolved_on_time", label: "Đúng hạn", get: (r) => r.resolved.onTime },
  { cell: "resolved_late", label: "Quá hạn", get: (r) => r.resolved.late },
  { cell: "pending", label: "Đang giải quyết", get: (r) => r.pending.total },
  { cell: "pending_within", label: "Chưa đến hạn", get: (r) => r.pending.withinDeadline },
  { cell: "pending_overdue", label: "Quá hạn", get: (r) => r.pending.overdue },
  { cell: "withdrawn", label: "Rút", get: (r) => r.withdrawn },
  { cell: "stopped", label: "Dừng", get: (r) => r.stopped },
];

export const reportRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/office/reports/periodic",
    {
      schema: {
        tags: ["office"],
        summary: "Periodic report (form II.06a) per field for a unit or the province, with its invariants checked",
        querystring: ReportQuery,
        response: { 200: Anything, ...errors },
      },
    },
    async (req) => periodicReportFor(deps, await requireOfficer(req, deps), req.query),
  );

  app.get<{ Params: { cell: string } }>(
    "/api/office/reports/periodic/cells/:cell",
    {
      schema: {
        tags: ["office"],
        summary: "The dossiers behind one cell of the periodic report",
        params: Type.Object({ cell: Type.String() }),
        querystring: ReportQuery,
        response: { 200: Anything, ...errors },
      },
    },
    async (req) => reportCellDossiers(deps, await requireOfficer(req, deps), req.query, req.params.cell),
  );

  app.get(
    "/api/office/reports/periodic.xlsx",
    {
      schema: {
        tags: ["office"],
        summary: "The periodic report (form II.06a) as an Excel workbook",
        querystring: ReportQuery,
        response: {
          200: FileResponse("Form II.06a (xlsx)", [
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ]),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const r = await periodicReportFor(deps, await requireOfficer(req, deps), req.query);
      const name = `bao-cao-II06a-${r.period.from}.xlsx`;
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="${name}"`)
        .send(await periodicReportXlsx(r));
    },
  );

  app.get(
    "/api/office/reports/periodic.pdf",
    {
      schema: {
        tags: ["office"],
        summary: "The periodic report (form II.06a) as a PDF (A4 landscape)",
        querystring: ReportQuery,
        response: { 200: FileResponse("Form II.06a (PDF)", ["application/pdf"]), ...errors },
      },
    },
    async (req, reply) => {
      const r = await periodicReportFor(deps, await requireOfficer(req, deps), req.query);
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="bao-cao-II06a-${r.period.from}.pdf"`)
        .send(await periodicReportPdf(r));
    },
  );

  app.get(
    "/api/office/reports/index766",
    {
      schema: {
        tags: ["office"],
        summary: "Decision 766 index for a unit or the province: every component with numerator, denominator, points",
        querystring: ReportQuery,
        response: { 200: Anything, ...errors },
      },
    },
    async (req) => index766For(deps, await requireOfficer(req, deps), req.query),
  );

  // --- pages ---
  app.get<{ Querystring: Record<string, string> }>(
    "/office/bao-cao",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const today = deps.now();
      const q = {
        kind: "month",
        year: String(today.getUTCFullYear()),
        index: String(today.getUTCMonth() + 1),
        ...req.query,
      };
      const r = await periodicReportFor(deps, officer, q);
      const ix = await index766For(deps, officer, q);
      const link = (cell: string | null, v: number, fieldId?: string) =>
        cell && v > 0 ? html`<a href="/office/bao-cao/o/${cell}?${qs({ ...q, fieldId })}">${v}</a>` : html`${v}`;
      const row = (name: string, x: PeriodicReport, fieldId?: string) =>
        html`<tr><th scope="row">${name}</th>${COLS.map((c) => html`<td>${link(c.cell, c.get(x), fieldId)}</td>`)}<td>${formatPercent(x.onTimeRate)}</td></tr>`;
      const body = html`<h1>Báo cáo tình hình giải quyết TTHC (Biểu II.06a)</h1>
<form method="get" action="/office/bao-cao" class="filters">
<label>Loại kỳ <select name="kind">${["month", "quarter", "half", "year"].map(
        (k) =>
          html`<option value="${k}"${q.kind === k ? " selected" : ""}>${{ month: "Tháng", quarter: "Quý", half: "6 tháng", year: "Năm" }[k]}</option>`,
      )}</select></label>
<label>Kỳ <input name="index" type="number" min="1" max="12" value="${q.index}"></label>
<label>Năm <input name="year" type="number" min="2000" max="2100" value="${q.year}"></label>
<button type="submit">Xem</button></form>
<p>${r.period.label} — ${r.unit ? r.unit.name : "Toàn tỉnh"} · <a href="/api/office/reports/periodic.xlsx?${qs(q)}">Tải Excel</a> · <a href="/api/office/reports/periodic.pdf?${qs(q)}">Tải PDF</a></p>
<table class="report"><thead><tr><th scope="col">Lĩnh vực</th>${COLS.map((c) => html`<th scope="col">${c.label}</th>`)}<th scope="col">Tỷ lệ đúng hạn</th></tr></thead>
<tbody>${row("Tổng số", r.total.report)}${r.rows.map((x) => row(x.field.name, x.report, x.field.id))}</tbody></table>
${r.total.violations.length ? html`<p class="error" role="alert">Số liệu không cân đối: ${r.total.violations.map((v) => v.message).join("; ")}</p>` : ""}
<h2>Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)</h2>
<p>Điểm: <strong>${ix.index.points}</strong> / ${ix.index.scoredMax} điểm có dữ liệu (tối đa 100; ${ix.index.noData.length} tiêu chí chưa có dữ liệu)</p>
<table class="report"><thead><tr><th scope="col">Nhóm / tiêu chí</th><th scope="col">Tử số</th><th scope="col">Mẫu số</th><th scope="col">Điểm</th><th scope="col">Tối đa</th></tr></thead><tbody>
${ix.index.groups.map(
  (
    g,
  ) => html`<tr><th scope="row" colspan="3">${pick(g.label, "vi")}</th><td>${g.points ?? "Chưa có dữ liệu"}</td><td>${g.max}</td></tr>
${g.components.map(
  (c) =>
    html`<tr><td>${pick(c.label, "vi")}</td><td>${c.ratio ? `${c.ratio.numerator} (${pick(c.numerator, "vi")})` : "—"}</td><td>${
      c.ratio ? `${c.ratio.denominator} (${pick(c.denominator, "vi")})` : "—"
    }</td><td>${c.status === "scored" ? c.points : html`<span title="${pick(c.reason, "vi")}">Chưa có dữ liệu</span>`}</td><td>${c.max}</td></tr>`,
)}`,
)}</tbody></table>`;
      return reply
        .type("text/html; charset=utf-8")
        .send(page({ title: "Báo cáo", lang: req.lang, url: req.url, body, area: "office", user: officer }));
    },
  );

  app.get<{ Params: { cell: string }; Querystring: Record<string, string> }>(
    "/office/bao-cao/o/:cell",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const r = await reportCellDossiers(deps, officer, req.query, req.params.cell);
      const body = html`<h1>Hồ sơ của ô “${req.params.cell}”</h1><p>${r.total} hồ sơ · <a href="/office/bao-cao?${qs(req.query)}">Quay lại báo cáo</a></p>
<table class="report"><thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Kênh</th><th scope="col">Trạng thái</th></tr></thead><tbody>
${r.dossiers.map((d) => html`<tr><td><a href="/office/dossiers/${d.id}">${d.code ?? d.reference}</a></td><td>${d.procedureName}</td><td>${d.channel}</td><td>${d.status}</td></tr>`)}
</tbody></table>`;
      return reply
        .type("text/html; charset=utf-8")
        .send(page({ title: "Báo cáo", lang: req.lang, url: req.url, body, area: "office", user: officer }));
    },
  );
};
