/**
 * Reports for leaders and supervisors (issue #8): the periodic report (form II.06a) per unit and field for a month,
 * quarter, half-year or year with its invariants checked, the dossiers behind each cell, and the Decision 766 index
 * per unit or for the province, each component with its numerator and denominator. Figures come from the statistics
 * roll-ups (src/app/statistics.ts), kept from the dossiers' history.
 *
 * Who sees what: leaders see their own unit; supervisors and administrators see any unit and the province.
 */
import { type Static, Type } from "@sinclair/typebox";
import { type RawBuilder, sql } from "kysely";
import { dayStartMs } from "../domain/calendar/days.js";
import { type ComponentKey, type IndexResult, index766, type Measured } from "../domain/measure/index766.js";
import {
  checkReport,
  emptyCounts,
  type Period,
  type PeriodicReport,
  period,
  periodicReport as periodicReportOf,
  periodLabel,
  sumCounts,
  type Violation,
} from "../domain/measure/periodic-report.js";
import { foldStatHistory, NO_DUE } from "../domain/measure/statistics.js";
import type { Officer } from "./actors.js";
import type { Deps } from "./deps.js";
import { AppError, fieldError, parseInput } from "./errors.js";
import { publishedById } from "./catalogue.js";
import { petitionMeasures } from "./petitions/public.js";
import { ONLINE_CHANNELS, periodCounts, procedureRollups, sumPeriod, sumRollups } from "./statistics.js";

export const ReportQuery = Type.Object({
  kind: Type.Union([Type.Literal("month"), Type.Literal("quarter"), Type.Literal("half"), Type.Literal("year")], {
    description: "month | quarter | half | year",
  }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  index: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: "month 1–12, quarter 1–4, half 1–2" })),
  unitId: Type.Optional(Type.String({ format: "uuid", description: "A receiving unit; the province when absent" })),
  fieldId: Type.Optional(Type.String({ format: "uuid" })),
});
export type ReportQuery = Static<typeof ReportQuery>;

export const CELLS = [
  "carried_over",
  "received_online",
  "received_counter_postal",
  "resolved_early",
  "resolved_on_time",
  "resolved_late",
  "withdrawn",
  "stopped",
  "refused",
  "pending",
  "pending_within",
  "pending_overdue",
] as const;
export type Cell = (typeof CELLS)[number];

const FORBIDDEN = new AppError(403, "reports_not_allowed", {
  vi: "Chỉ lãnh đạo, cán bộ giám sát và quản trị được xem báo cáo.",
  en: "Only leaders, supervisors and administrators may see reports.",
});
const OTHER_UNIT = new AppError(403, "reports_other_unit", {
  vi: "Lãnh đạo đơn vị chỉ xem được báo cáo của đơn vị mình.",
  en: "A unit's leader may see only the unit's own reports.",
});

/**
 * Checks the role and returns the receiving units in scope (undefined: every unit, i.e. the province). Shared by the
 * reports and the leaders' dashboard (src/app/dashboard.ts).
 */
export function reportScope(officer: Officer, unitId: string | undefined): string[] | undefined {
  const wide = officer.roles.includes("supervisor") || officer.roles.includes("admin");
  if (!wide && !officer.roles.includes("leader")) throw FORBIDDEN;
  if (wide) return unitId ? [unitId] : undefined;
  if (unitId && unitId !== officer.unitId) throw OTHER_UNIT;
  return [officer.unitId];
}

function periodOf(q: ReportQuery): Period {
  const count = { month: 12, quarter: 4, half: 2, year: 1 }[q.kind];
  const index = q.index ?? 1;
  if (index > count)
    throw fieldError("querystring.index", {
      vi: `Kỳ báo cáo không hợp lệ (1–${count}).`,
      en: `Not a valid period (1–${count}).`,
    });
  return period(q.kind, q.year, index);
}

export interface ReportRow {
  field: { id: string; code: string; name: string };
  report: PeriodicReport;
  violations: Violation[];
}

export interface PeriodicReportResult {
  period: Period & { label: string };
  unit: { id: string; code: string; name: string } | null;
  rows: ReportRow[];
  total: { report: PeriodicReport; violations: Violation[] };
}

export async function periodicReportFor(deps: Deps, officer: Officer, raw: unknown): Promise<PeriodicReportResult> {
  const q = parseInput(ReportQuery, raw, "querystring");
  const units = reportScope(officer, q.unitId);
  const p = periodOf(q);
  const byField = await periodCounts(deps.db, { unitIds: units, fieldId: q.fieldId }, p, "field");
  const fields = byField.size
    ? await deps.db
        .selectFrom("fields")
        .select(["id", "code", "name"])
        .where("id", "in", [...byField.keys()])
        .orderBy("code")
        .execute()
    : [];
  const rows = fields.map((f) => {
    const report = periodicReportOf(byField.get(f.id) ?? emptyCounts());
    return { field: f, report, violations: checkReport(report) };
  });
  const total = periodicReportOf(sumCounts([...byField.values()]));
  const unit = q.unitId
    ? ((await deps.db
        .selectFrom("units")
        .select(["id", "code", "name"])
        .where("id", "=", q.unitId)
        .executeTakeFirst()) ?? null)
    : units?.length === 1
      ? ((await deps.db
          .selectFrom("units")
          .select(["id", "code", "name"])
          .where("id", "=", units[0])
          .executeTakeFirst()) ?? null)
      : null;
  return {
    period: { ...p, label: periodLabel(p) },
    unit,
    rows,
    total: { report: total, violations: checkReport(total) },
  };
}

export interface DrillRow {
  id: string;
  code: string | null;
  reference: string;
  procedureName: string;
  channel: string;
  status: number;
  receivedAt: string | null;
  dueAt: string | null;
  closedAs: string | null;
}

/** The dossiers behind one cell of the report (at most `limit`), read from the dossiers' statistics states. */
export async function reportCellDossiers(
  deps: Deps,
  officer: Officer,
  raw: unknown,
  cell: string,
  limit = 500,
): Promise<{ cell: Cell; total: number; dossiers: DrillRow[] }> {
  const q = parseInput(ReportQuery, raw, "querystring");
  if (!(CELLS as readonly string[]).includes(cell))
    throw fieldError("querystring.cell", { vi: "Ô báo cáo không hợp lệ.", en: "Not a cell of the report." });
  const c = cell as Cell;
  const units = reportScope(officer, q.unitId);
  const p = periodOf(q);
  let qb = deps.db
    .selectFrom("stat_dossiers as s")
    .innerJoin("dossiers as d", "d.id", "s.dossier_id")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select([
      "d.id",
      "d.code",
      "d.reference",
      "v.name as procedure_name",
      "d.channel",
      "d.status",
      "d.received_at",
      "d.due_at",
      "s.closed_as",
    ])
    .where("s.received", "=", true);
  if (units) qb = qb.where("s.unit_id", "in", units);
  if (q.fieldId) qb = qb.where("s.field_id", "=", q.fieldId);
  const online = [...ONLINE_CHANNELS] as string[];
  const pendingAt = (day: string) =>
    qb
      .where("s.received_day", "<", day)
      .where((eb) => eb.or([eb("s.closed_day", "is", null), eb("s.closed_day", ">=", day)]));
  switch (c) {
    case "carried_over":
      qb = pendingAt(p.from);
      break;
    case "received_online":
    case "received_counter_postal":
      qb = qb
        .where("s.received_day", ">=", p.from)
        .where("s.received_day", "<", p.to)
        .where("s.channel", c === "received_online" ? "in" : "not in", online);
      break;
    case "pending":
    case "pending_within":
    case "pending_overdue":
      qb = pendingAt(p.to);
      break;
    default:
      qb = qb.where("s.closed_day", ">=", p.from).where("s.closed_day", "<", p.to).where("s.closed_as", "=", c);
  }
  let rows = await qb.orderBy("d.received_at").execute();
  if (c === "pending_within" || c === "pending_overdue") {
    // the due-day bucket at the end of the period, replayed from each candidate's history
    const end = new Date(dayStartMs(p.to));
    const keep = new Set<string>();
    for (const part of chunks(
      rows.map((r) => r.id),
      500,
    )) {
      const evs = await deps.db
        .selectFrom("dossier_events")
        .select(["dossier_id", "type", "at", "from_status", "to_status", "data"])
        .where("dossier_id", "in", part)
        .where("at", "<", end)
        .orderBy("dossier_id")
        .orderBy("seq")
        .execute();
      const by = new Map<string, typeof evs>();
      for (const e of evs) by.set(e.dossier_id, [...(by.get(e.dossier_id) ?? []), e]);
      for (const [id, list] of by) {
        const st = foldStatHistory(
          list.map((e) => ({
            type: e.type,
            at: new Date(e.at),
            fromStatus: e.from_status,
            toStatus: e.to_status,
            data: e.data as Record<string, unknown>,
          })),
        ).state;
        const bucket = st.suspended || !st.dueDay ? NO_DUE : st.dueDay;
        if (bucket < p.to === (c === "pending_overdue")) keep.add(id);
      }
    }
    rows = rows.filter((r) => keep.has(r.id));
  }
  return {
    cell: c,
    total: rows.length,
    dossiers: rows.slice(0, limit).map((r) => ({
      id: r.id,
      code: r.code,
      reference: r.reference,
      procedureName: r.procedure_name,
      channel: r.channel,
      status: r.status,
      receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
      dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
      closedAs: r.closed_as,
    })),
  };
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Decision 766 index

const NOT_YET = (vi: string, en: string): Measured => ({ noData: { vi, en } });
const NOT_POPULATION = () =>
  NOT_YET("Chưa kết nối Cơ sở dữ liệu quốc gia về dân cư.", "Not connected to the population database.");

/** The index for a unit (or the province) and period, from motcua's own data; what it cannot know is "no data". */
export async function index766For(
  deps: Deps,
  officer: Officer,
  raw: unknown,
): Promise<{ period: Period & { label: string }; unitId: string | null; index: IndexResult }> {
  const q = parseInput(ReportQuery, raw, "querystring");
  const units = reportScope(officer, q.unitId);
  const p = periodOf(q);
  const counts = (await periodCounts(deps.db, { unitIds: units }, p)).get("") ?? emptyCounts();
  const received = counts.receivedOnline + counts.receivedCounterPostal;
  const resolved = counts.resolvedEarly + counts.resolvedOnTime + counts.resolvedLate;

  // procedures offered by the unit(s): published current versions they decide or carry out (or all, for the
  // province), from the cached catalogue (src/app/catalogue.ts, reloaded when the published versions change)
  const inScope = units ? new Set(units) : null;
  const offered = [...(await publishedById(deps)).values()].filter(
    (d) => !inScope || inScope.has(d.competentUnitId) || d.implementingUnitIds.some((u) => inScope.has(u)),
  );
  const offeredAll = offered.length;
  const offeredPopulation = offered.filter((d) => d.populationHeld).length;
  const onlineOffered = new Set(offered.filter((d) => d.onlineKind !== "none").map((d) => d.procedureId));
  const offeredOnline = onlineOffered.size;
  // online services used: online procedures offered with a dossier received online in the period (per procedure: the
  // monthly per-procedure rows for the province, the daily rows for a unit)
  const onlineList = sql.join(ONLINE_CHANNELS.map((c) => sql`${c}`));
  const perProcedure = (r: RawBuilder<unknown>) =>
    sql`select procedure_id::text as procedure_id, sum(n) as n from ${r} r where channel in (${onlineList})
group by 1`;
  const used = units
    ? await sumPeriod(
        deps.db,
        { unitIds: units, metrics: ["received"], perProcedure: true },
        p.from,
        p.to,
        perProcedure,
        ["procedure_id"],
        ["n"],
      )
    : await sumRollups(
        deps.db,
        { r: procedureRollups(p.from, p.to, ["received"]) },
        (rel) => perProcedure(rel.r),
        ["procedure_id"],
        ["n"],
      );
  const usedOnline = used.filter((x) => x.n > 0 && onlineOffered.has(x.procedure_id)).length;
  // ratings and the Decision 766 counts kept with the flows (src/domain/measure/statistics.ts FactMetric)
  const ratings = await sumPeriod(
    deps.db,
    {
      unitIds: units,
      metrics: [
        "rating_very_satisfied",
        "rating_satisfied",
        "rating_unsatisfied",
        "received_digitised",
        "received_data_reused",
        "received_population_data",
        "received_synced",
        "resolved_e_result",
        "payment_confirmed",
        "paid_online",
      ],
    },
    p.from,
    p.to,
    (rel) => sql`select metric, coalesce(sum(n), 0) as n from ${rel} r group by metric`,
    ["metric"],
    ["n"],
  );
  const r = Object.fromEntries(ratings.map((x) => [x.metric, x.n]));
  const rated = (r.rating_very_satisfied ?? 0) + (r.rating_satisfied ?? 0) + (r.rating_unsatisfied ?? 0);

  // national portal sync (issue #6): dossiers received in the period that reached the portal
  const link = await deps.db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", "national_portal.sync")
    .executeTakeFirst();
  const connected = !!(link?.value as { enabled?: boolean } | undefined)?.enabled;
  let synced: Measured = NOT_YET(
    "Chưa kết nối đồng bộ với Cổng Dịch vụ công quốc gia.",
    "Not connected to the National Public Service Portal.",
  );
  // received in the period and sent to the portal: kept with the flows (received_synced, on the day of receipt)
  if (connected) synced = { numerator: r.received_synced ?? 0, denominator: received };

  const petitions = await petitionMeasures(
    deps,
    units ?? null,
    new Date(dayStartMs(p.from)),
    new Date(dayStartMs(p.to)),
  );
  const inputs: Record<ComponentKey, Measured> = {
    procedures_announced_on_time: NOT_YET(
      "motcua chưa lưu ngày quyết định công bố thủ tục.",
      "motcua does not record the dates of the announcing decisions yet.",
    ),
    procedures_updated_on_time: NOT_YET(
      "motcua chưa lưu ngày quyết định công bố thủ tục.",
      "motcua does not record the dates of the announcing decisions yet.",
    ),
    procedures_published_in_full: NOT_YET(
      "Tiêu chí công khai đầy đủ do Cổng Dịch vụ công quốc gia đánh giá.",
      "Completeness is judged by the national portal.",
    ),
    dossiers_synced: synced,
    // "received" as on form II.06a: carried over + new in the period (every dossier resolved in it is among them)
    progress: { numerator: counts.resolvedEarly + counts.resolvedOnTime, denominator: counts.carriedOver + received },
    procedures_online: { numerator: offeredOnline, denominator: offeredAll },
    online_services_used: { numerator: usedOnline, denominator: offeredOnline },
    dossiers_online: { numerator: counts.receivedOnline, denominator: received },
    // financial obligations paid in the period: the share paid online (issue #6); none paid is "no data"
    online_payment: { numerator: r.paid_online ?? 0, denominator: r.payment_confirmed ?? 0 },
    // resolved in the period with a result file; received in the period with a component file
    electronic_results: { numerator: r.resolved_e_result ?? 0, denominator: resolved },
    digitised_components: { numerator: r.received_digitised ?? 0, denominator: received },
    e_certified_copies: NOT_YET("Chưa có chứng thực bản sao điện tử.", "No electronic certified copies yet."),
    // received in the period with a component picked from the applicant's data warehouse (provide once)
    digitised_data_reused: { numerator: r.received_data_reused ?? 0, denominator: received },
    results_to_data_warehouse: NOT_YET(
      "Chưa kết nối kho quản lý dữ liệu điện tử của tổ chức, cá nhân.",
      "Not connected to the personal data warehouse yet.",
    ),
    // received in the period relying on a population or business database look-up; procedures offered whose papers
    // the population database holds (heldBy) — while the database is not connected, "no data"
    population_data_used: deps.config.services.registries
      ? { numerator: r.received_population_data ?? 0, denominator: received }
      : NOT_POPULATION(),
    procedures_population_connected: deps.config.services.registries
      ? { numerator: offeredPopulation, denominator: offeredAll }
      : NOT_POPULATION(),
    // petitions (src/app/petitions): answered on time / answered, satisfied / rated, in the period
    petitions_on_time: petitions.onTime,
    petition_satisfaction: petitions.satisfaction,
    dossier_satisfaction: { numerator: rated - (r.rating_unsatisfied ?? 0), denominator: rated },
  };
  return {
    period: { ...p, label: periodLabel(p) },
    unitId: q.unitId ?? (units?.length === 1 ? units[0] : null),
    index: index766(inputs),
  };
}
