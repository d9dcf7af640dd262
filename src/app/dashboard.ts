/**
 * The leaders' dashboard (issue #8): for a period (the year to date by default) and filtered by unit, field and
 * channel — the monthly trend of dossiers received and resolved with the on-time and online rates (from the daily
 * roll-ups), the dossiers overdue now by the unit and step holding them, and the Decision 766 index with the
 * components that lose the most points.
 *
 * Who sees what (as the reports, src/app/reports.ts `reportScope`): a unit's leader sees the unit's own figures;
 * supervisors and administrators see any unit or the whole province; anyone else is refused.
 */
import { type Static, Type } from "@sinclair/typebox";
import { sql } from "kysely";
import { addDays, vnDay } from "../domain/calendar/days.js";
import type { ComponentKey, IndexResult } from "../domain/measure/index766.js";
import { type Period, period, periodLabel } from "../domain/measure/periodic-report.js";
import { type Ratio, ratio, round2 } from "../domain/measure/ratio.js";
import type { LText } from "../shared/text.js";
import type { Officer } from "./actors.js";
import type { Deps } from "./deps.js";
import { fieldError, parseInput } from "./errors.js";
import { listFields, listUnits, unitsById } from "./catalogue.js";
import { index766For, reportScope } from "./reports.js";
import { FIGURES_MAX_AGE_MS, keptFor, ONLINE_CHANNELS, sumPeriod } from "./statistics.js";

const CHANNELS = ["online", "national_portal", "counter", "postal"] as const;

export const DashboardQuery = Type.Object({
  kind: Type.Optional(
    Type.Union([Type.Literal("month"), Type.Literal("quarter"), Type.Literal("half"), Type.Literal("year")], {
      description: "month | quarter | half | year (the default: the year to date)",
    }),
  ),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  index: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: "month 1–12, quarter 1–4, half 1–2" })),
  unitId: Type.Optional(Type.String({ format: "uuid", description: "A receiving unit; the province when absent" })),
  fieldId: Type.Optional(Type.String({ format: "uuid" })),
  channel: Type.Optional(
    Type.Union(
      CHANNELS.map((c) => Type.Literal(c)),
      { description: "online | national_portal | counter | postal" },
    ),
  ),
});
export type DashboardQuery = Static<typeof DashboardQuery>;

export interface TrendPoint {
  month: string;
  received: number;
  receivedOnline: number;
  resolved: number;
  resolvedOnTime: number;
  onTimeRate: Ratio;
  onlineShare: Ratio;
}

export interface Dashboard {
  period: Period & { label: LText };
  through: string;
  filters: { unitId: string | null; fieldId: string | null; channel: string | null };
  /** The units and fields the officer may filter by. */
  choices: { units: { id: string; name: string }[]; fields: { id: string; name: string }[] };
  months: TrendPoint[];
  total: Omit<TrendPoint, "month">;
  /** Dossiers overdue now (open, clock running, past their due instant), by the unit and step holding them. */
  overdue: {
    total: number;
    byUnit: { unitId: string | null; unitName: string; n: number }[];
    byStep: { unitId: string | null; unitName: string; step: string; n: number }[];
  };
  /** The Decision 766 index of the unit (or the province) for the period; not narrowed by field or channel. */
  index766: IndexResult;
  /** The components with data, the most points lost first. */
  pointsLost: {
    key: ComponentKey;
    label: LText;
    group: LText;
    max: number;
    points: number;
    lost: number;
    ratio: Ratio;
  }[];
}

const STATUS_STEP: Record<number, LText> = {
  2: { vi: "Đã tiếp nhận", en: "Received" },
  3: { vi: "Đang xử lý", en: "Processing" },
  4: { vi: "Chờ bổ sung", en: "Awaiting supplement" },
  5: { vi: "Chờ bổ sung", en: "Awaiting supplement" },
  6: { vi: "Chờ thực hiện nghĩa vụ tài chính", en: "Awaiting payment" },
};

function periodOf(q: DashboardQuery, today: string): Period {
  const kind = q.kind ?? "year";
  const year = q.year ?? Number(today.slice(0, 4));
  const count = { month: 12, quarter: 4, half: 2, year: 1 }[kind];
  const index = q.index ?? (kind === "month" ? Number(today.slice(5, 7)) : 1);
  if (index > count)
    throw fieldError("querystring.index", {
      vi: `Kỳ không hợp lệ (1–${count}).`,
      en: `Not a valid period (1–${count}).`,
    });
  return period(kind, year, index);
}

const trend = (
  month: string,
  c: { received: number; receivedOnline: number; resolved: number; resolvedOnTime: number },
): TrendPoint => ({
  month,
  ...c,
  onTimeRate: ratio(c.resolvedOnTime, c.resolved),
  onlineShare: ratio(c.receivedOnline, c.received),
});

function nextMonth(m: string): string {
  const [y, mo] = m.split("-").map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
}

export async function dashboardFor(deps: Deps, officer: Officer, raw: unknown): Promise<Dashboard> {
  const q = parseInput(DashboardQuery, raw, "querystring");
  const units = reportScope(officer, q.unitId);
  const today = vnDay(deps.now());
  const p = periodOf(q, today);
  // the same scope and filters read within a minute (and no roll-up since): the same figures
  const key = JSON.stringify(["dashboard", units ?? null, q.unitId ?? null, q.fieldId ?? null, q.channel ?? null, p]);
  return keptFor(deps, key, FIGURES_MAX_AGE_MS, () => readDashboard(deps, officer, q, units, p));
}

async function readDashboard(
  deps: Deps,
  officer: Officer,
  q: DashboardQuery,
  units: string[] | undefined,
  p: Period,
): Promise<Dashboard> {
  const now = deps.now();
  const today = vnDay(now);
  const through = p.to > today ? today : addDays(p.to, -1);

  const online = sql.join(ONLINE_CHANNELS.map((c) => sql`${c}`));
  // the index is read beside the trend and the overdue dossiers (independent reads, one snapshot each)
  const index766 = index766For(deps, officer, { kind: p.kind, year: p.year, index: p.index, unitId: q.unitId });
  index766.catch(() => {}); // awaited below; a failure there is the request's
  const flows = await sumPeriod(
    deps.db,
    {
      unitIds: units,
      fieldId: q.fieldId,
      channel: q.channel,
      metrics: ["received", "resolved_early", "resolved_on_time", "resolved_late"],
    },
    p.from,
    p.to,
    (r) => sql`select to_char(m, 'YYYY-MM') as month, metric, (channel in (${online}))::text as online, sum(n) as n
from ${r} r group by 1, 2, 3`,
    ["month", "metric", "online"],
    ["n"],
  );
  const byMonth = new Map<
    string,
    { received: number; receivedOnline: number; resolved: number; resolvedOnTime: number }
  >();
  const zero = () => ({ received: 0, receivedOnline: 0, resolved: 0, resolvedOnTime: 0 });
  const total = zero();
  for (const r of flows) {
    const n = r.n;
    const c = byMonth.get(r.month) ?? zero();
    byMonth.set(r.month, c);
    for (const x of [c, total]) {
      if (r.metric === "received") {
        x.received += n;
        if (r.online === "true") x.receivedOnline += n;
      } else {
        x.resolved += n;
        if (r.metric !== "resolved_late") x.resolvedOnTime += n;
      }
    }
  }
  const months: TrendPoint[] = [];
  for (let m = p.from.slice(0, 7); m <= through.slice(0, 7) && m < p.to.slice(0, 7); m = nextMonth(m))
    months.push(trend(m, byMonth.get(m) ?? zero()));

  // overdue now: open dossiers whose clock runs and whose due instant has passed, where they are held (an index-only
  // read of migration 0056's index, grouped by unit, version and step; names from the catalogue and the versions)
  const unitList = units ? sql.join(units.map((u) => sql`${u}::uuid`)) : null;
  const grouped = await sql<{
    unit_id: string | null;
    version_id: string;
    step: number | null;
    status: number;
    n: number | string;
  }>`
select current_unit_id::text as unit_id, procedure_version_id::text as version_id, current_step as step, status,
  count(*) as n
from dossiers
where status in (2, 4) and suspended_at is null and due_at < ${now}
  ${unitList ? sql`and (receiving_unit_id in (${unitList}) or current_unit_id in (${unitList}))` : sql``}
  ${q.channel ? sql`and channel = ${q.channel}` : sql``}
group by 1, 2, 3, 4`.execute(deps.db);
  const versions = await versionSteps(
    deps,
    grouped.rows.map((r) => r.version_id),
  );
  const names = await unitsById(deps);
  const overdueRows = grouped.rows
    .filter((r) => !q.fieldId || versions.get(r.version_id)?.fieldId === q.fieldId)
    .map((r) => ({
      unit_id: r.unit_id,
      unit_name: r.unit_id ? (names.get(r.unit_id)?.name ?? null) : null,
      step: r.step === null ? null : (versions.get(r.version_id)?.steps[r.step] ?? null),
      status: r.status,
      n: r.n,
    }));
  const byUnit = new Map<string, { unitId: string | null; unitName: string; n: number }>();
  const byStep = new Map<string, { unitId: string | null; unitName: string; step: string; n: number }>();
  let overdueTotal = 0;
  for (const r of overdueRows) {
    const n = Number(r.n);
    overdueTotal += n;
    const unitName = r.unit_name ?? "—";
    const step = r.step ?? STATUS_STEP[r.status]?.vi ?? String(r.status);
    const u = byUnit.get(unitName + (r.unit_id ?? "")) ?? { unitId: r.unit_id, unitName, n: 0 };
    u.n += n;
    byUnit.set(unitName + (r.unit_id ?? ""), u);
    const key = `${r.unit_id}|${step}`;
    const s = byStep.get(key) ?? { unitId: r.unit_id, unitName, step, n: 0 };
    s.n += n;
    byStep.set(key, s);
  }
  const desc = <T extends { n: number; unitName: string }>(a: T, b: T) =>
    b.n - a.n || a.unitName.localeCompare(b.unitName);

  const ix = await index766;
  const pointsLost: Dashboard["pointsLost"] = [];
  for (const g of ix.index.groups)
    for (const c of g.components)
      if (c.status === "scored")
        pointsLost.push({
          key: c.key,
          label: c.label,
          group: g.label,
          max: c.max,
          points: c.points,
          lost: round2(c.max - c.points),
          ratio: c.ratio,
        });
  pointsLost.sort((a, b) => b.lost - a.lost);

  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const unitChoices = (await listUnits(deps))
    .filter((u) => !units || units.includes(u.id))
    .sort(byCode)
    .map((u) => ({ id: u.id, name: u.name }));
  const fieldChoices = [...(await listFields(deps))].sort(byCode).map((f) => ({ id: f.id, name: f.name }));

  return {
    period: { ...p, label: { vi: periodLabel(p, "vi"), en: periodLabel(p, "en") } },
    through,
    filters: { unitId: q.unitId ?? null, fieldId: q.fieldId ?? null, channel: q.channel ?? null },
    choices: { units: unitChoices, fields: fieldChoices },
    months,
    total: (({ month: _m, ...rest }) => rest)(trend("", total)),
    overdue: { total: overdueTotal, byUnit: [...byUnit.values()].sort(desc), byStep: [...byStep.values()].sort(desc) },
    index766: ix.index,
    pointsLost,
  };
}

/**
 * The field and step names of procedure versions, kept per process: a version a dossier pins is published, and a
 * published version never changes (src/app/admin/procedures.ts).
 */
const stepsOfVersion = new WeakMap<object, Map<string, { fieldId: string; steps: (string | null)[] }>>();

async function versionSteps(deps: Deps, ids: string[]) {
  const known = stepsOfVersion.get(deps.db) ?? new Map<string, { fieldId: string; steps: (string | null)[] }>();
  stepsOfVersion.set(deps.db, known);
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (missing.length) {
    const rows = await sql<{ id: string; field_id: string; steps: unknown }>`
select id::text as id, field_id::text as field_id,
  (select coalesce(jsonb_agg(s->'name'), '[]'::jsonb) from jsonb_array_elements(process->'steps') s) as steps
from procedure_versions where id = any(${missing}::uuid[])`.execute(deps.db);
    for (const r of rows.rows) {
      const steps = (typeof r.steps === "string" ? JSON.parse(r.steps) : r.steps) as unknown[];
      known.set(r.id, {
        fieldId: r.field_id,
        steps: steps.map((x) => (typeof x === "string" ? x : null)),
      });
    }
  }
  return known;
}
