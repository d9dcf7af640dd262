/**
 * Public statistics (Circular 32/2017/TT-BTTTT Art. 11; issue #8): for each service (procedure) and each receiving
 * unit, from 1 January of the year (or a chosen quarter or month), the dossiers received and resolved, of which
 * online, the share resolved on time (Decree 61 Art. 30: early or on time / resolved) and the citizens' satisfaction
 * (rated "very satisfied" or "satisfied" / rated). Anyone may read them: no login.
 *
 * Every figure is read from the daily roll-ups (`stat_daily`, kept from the dossiers' history by
 * src/app/statistics.ts) in one grouped read, never from the dossiers themselves, so a past period does not change
 * and the cost does not grow with the number of dossiers.
 */
import { type Static, Type } from "@sinclair/typebox";
import { sql } from "kysely";
import { addDays, vnDay } from "../domain/calendar/days.js";
import { type Period, period, periodLabel } from "../domain/measure/periodic-report.js";
import { type Ratio, ratio } from "../domain/measure/ratio.js";
import type { Deps } from "./deps.js";
import { fieldError, parseInput } from "./errors.js";
import { ONLINE_CHANNELS } from "./statistics.js";

const PERIODS = ["year", "q1", "q2", "q3", "q4", ...Array.from({ length: 12 }, (_, i) => `m${i + 1}`)] as const;

export const PublicStatisticsQuery = Type.Object({
  year: Type.Optional(
    Type.Integer({ minimum: 2000, maximum: 2100, description: "The year (Vietnam time); the current year by default" }),
  ),
  period: Type.Optional(
    Type.Union(
      PERIODS.map((p) => Type.Literal(p)),
      { description: "year (from 1 January, the default) | q1–q4 | m1–m12" },
    ),
  ),
});
export type PublicStatisticsQuery = Static<typeof PublicStatisticsQuery>;

export interface PublicFigures {
  received: number;
  receivedOnline: number;
  resolved: number;
  resolvedOnline: number;
  /** Resolved early or on time. */
  resolvedOnTime: number;
  onTimeRate: Ratio;
  /** Ratings given in the period by level. */
  ratings: { verySatisfied: number; satisfied: number; unsatisfied: number };
  /** (very satisfied + satisfied) / rated. */
  satisfaction: Ratio;
}

export interface PublicStatistics {
  period: {
    kind: Period["kind"];
    year: number;
    index: number;
    from: string;
    to: string;
    label: { vi: string; en: string };
  };
  /** The last day the figures cover: the period's last day, or today for the current period. */
  through: string;
  total: PublicFigures;
  months: { month: string; figures: PublicFigures }[];
  units: { id: string; code: string; name: string; figures: PublicFigures }[];
  procedures: { id: string; code: string; name: string; figures: PublicFigures }[];
}

interface Counts {
  received: number;
  receivedOnline: number;
  resolved: number;
  resolvedOnline: number;
  resolvedOnTime: number;
  verySatisfied: number;
  satisfied: number;
  unsatisfied: number;
}

const zero = (): Counts => ({
  received: 0,
  receivedOnline: 0,
  resolved: 0,
  resolvedOnline: 0,
  resolvedOnTime: 0,
  verySatisfied: 0,
  satisfied: 0,
  unsatisfied: 0,
});

function add(c: Counts, metric: string, online: boolean, n: number) {
  switch (metric) {
    case "received":
      c.received += n;
      if (online) c.receivedOnline += n;
      break;
    case "resolved_early":
    case "resolved_on_time":
    case "resolved_late":
      c.resolved += n;
      if (online) c.resolvedOnline += n;
      if (metric !== "resolved_late") c.resolvedOnTime += n;
      break;
    case "rating_very_satisfied":
      c.verySatisfied += n;
      break;
    case "rating_satisfied":
      c.satisfied += n;
      break;
    case "rating_unsatisfied":
      c.unsatisfied += n;
      break;
  }
}

export function figuresOf(c: Counts): PublicFigures {
  const rated = c.verySatisfied + c.satisfied + c.unsatisfied;
  return {
    received: c.received,
    receivedOnline: c.receivedOnline,
    resolved: c.resolved,
    resolvedOnline: c.resolvedOnline,
    resolvedOnTime: c.resolvedOnTime,
    onTimeRate: ratio(c.resolvedOnTime, c.resolved),
    ratings: { verySatisfied: c.verySatisfied, satisfied: c.satisfied, unsatisfied: c.unsatisfied },
    satisfaction: ratio(c.verySatisfied + c.satisfied, rated),
  };
}

function periodOf(q: PublicStatisticsQuery, today: string): Period {
  const year = q.year ?? Number(today.slice(0, 4));
  const p = q.period ?? "year";
  if (p === "year") return period("year", year);
  if (p.startsWith("q")) return period("quarter", year, Number(p.slice(1)));
  return period("month", year, Number(p.slice(1)));
}

const METRICS = [
  "received",
  "resolved_early",
  "resolved_on_time",
  "resolved_late",
  "rating_very_satisfied",
  "rating_satisfied",
  "rating_unsatisfied",
];

/** The public statistics for a period (the year to date by default). */
export async function publicStatistics(deps: Deps, raw: unknown): Promise<PublicStatistics> {
  const q = parseInput(PublicStatisticsQuery, raw, "querystring");
  const today = vnDay(deps.now());
  const p = periodOf(q, today);
  if (p.from > today)
    throw fieldError("querystring.period", {
      vi: "Kỳ thống kê chưa bắt đầu.",
      en: "That period has not begun yet.",
    });
  const through = p.to > today ? today : addDays(p.to, -1);
  const online = sql.join(ONLINE_CHANNELS.map((c) => sql`${c}`));
  const rows = await sql<{
    procedure_id: string;
    unit_id: string;
    month: string;
    metric: string;
    online: boolean;
    n: number | string;
  }>`
select procedure_id::text as procedure_id, unit_id::text as unit_id, to_char(day, 'YYYY-MM') as month, metric,
  channel in (${online}) as online, sum(n) as n
from stat_daily
where day >= ${p.from}::date and day < ${p.to}::date
  and metric in (${sql.join(METRICS.map((m) => sql`${m}`))})
group by 1, 2, 3, 4, 5`.execute(deps.db);

  const total = zero();
  const byUnit = new Map<string, Counts>();
  const byProc = new Map<string, Counts>();
  const byMonth = new Map<string, Counts>();
  const into = (m: Map<string, Counts>, k: string) => {
    const c = m.get(k) ?? zero();
    m.set(k, c);
    return c;
  };
  for (const r of rows.rows) {
    const n = Number(r.n);
    if (n === 0) continue;
    add(total, r.metric, r.online, n);
    add(into(byUnit, r.unit_id), r.metric, r.online, n);
    add(into(byProc, r.procedure_id), r.metric, r.online, n);
    add(into(byMonth, r.month), r.metric, r.online, n);
  }

  const [units, procedures] = await Promise.all([
    byUnit.size
      ? deps.db
          .selectFrom("units")
          .select(["id", "code", "name"])
          .where("id", "in", [...byUnit.keys()])
          .execute()
      : [],
    byProc.size
      ? deps.db
          .selectFrom("procedures as p")
          .leftJoin("procedure_versions as v", "v.id", "p.current_version_id")
          .select(["p.id", "p.national_code as code", "v.name"])
          .where("p.id", "in", [...byProc.keys()])
          .execute()
      : [],
  ]);
  const byBusiest = <T extends { figures: PublicFigures; code: string }>(a: T, b: T) =>
    b.figures.received - a.figures.received || a.code.localeCompare(b.code);

  // every month of the period up to the last one covered, with zeros where nothing happened
  const months: PublicStatistics["months"] = [];
  for (let m = p.from.slice(0, 7); m <= through.slice(0, 7); m = nextMonth(m))
    months.push({ month: m, figures: figuresOf(byMonth.get(m) ?? zero()) });

  return {
    period: {
      kind: p.kind,
      year: p.year,
      index: p.index,
      from: p.from,
      to: p.to,
      label: { vi: periodLabel(p, "vi"), en: periodLabel(p, "en") },
    },
    through,
    total: figuresOf(total),
    months,
    units: units.map((u) => ({ ...u, figures: figuresOf(byUnit.get(u.id)!) })).sort(byBusiest),
    procedures: procedures
      .map((x) => ({ id: x.id, code: x.code, name: x.name ?? x.code, figures: figuresOf(byProc.get(x.id)!) }))
      .sort(byBusiest),
  };
}

function nextMonth(m: string): string {
  const [y, mo] = m.split("-").map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
}
