/**
 * Public statistics (Circular 32/2017/TT-BTTTT Art. 11; issue #8): for each service (procedure) and each receiving
 * unit, from 1 January of the year (or a chosen quarter or month), the dossiers received and resolved, of which
 * online, the share resolved on time (Decree 61 Art. 30: early or on time / resolved) and the citizens' satisfaction
 * (rated "very satisfied" or "satisfied" / rated). Anyone may read them: no login.
 *
 * Every figure is read from the roll-ups kept from the dossiers' history (src/app/statistics.ts: the monthly rows,
 * and the daily ones since the last roll-up) in one grouped read, never from the dossiers themselves, so a past period
 * does not change and the cost does not grow with the number of dossiers.
 */
import { type Static, Type } from "@sinclair/typebox";
import { sql } from "kysely";
import { addDays, vnDay } from "../domain/calendar/days.js";
import { type Period, period, periodLabel } from "../domain/measure/periodic-report.js";
import { type Ratio, ratio } from "../domain/measure/ratio.js";
import { publishedById, unitsById } from "./catalogue.js";
import type { Deps } from "./deps.js";
import { fieldError, parseInput } from "./errors.js";
import {
  FIGURES_MAX_AGE_MS,
  keptFor,
  ONLINE_CHANNELS,
  procedureRollups,
  rollUpStatistics,
  rollups,
  sumRollups,
} from "./statistics.js";

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
  /** When the figures were read (they are kept for up to a minute). */
  asOf: string;
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
  return keptFor(deps, `public|${p.from}|${p.to}|${through}`, FIGURES_MAX_AGE_MS, () => compute(deps, p, through));
}

/**
 * The roll-up of the days before today (the statistics job, hourly), then, when it rolled new days, the public
 * figures of the year computed at once: the first visitor after it does not wait for the monthly rows to be read
 * again (about 1 s at 3 M dossiers, growing with the province).
 */
export async function rollUpAndPrime(deps: Deps): Promise<void> {
  const rolled = await rollUpStatistics(deps.db, vnDay(deps.now()));
  if (rolled.to > rolled.from) await publicStatistics(deps, {});
}

async function compute(deps: Deps, p: Period, through: string): Promise<PublicStatistics> {
  const asOf = deps.now().toISOString();
  const rows = await figureRows(deps, p);
  const [unitNames, published] = await Promise.all([unitsById(deps), publishedById(deps)]);
  const total = zero();
  const byUnit = new Map<string, Counts>();
  const byProc = new Map<string, Counts>();
  const byMonth = new Map<string, Counts>();
  for (const r of rows) {
    const into = r.g === "u" ? byUnit : r.g === "p" ? byProc : byMonth;
    const c = into.get(r.k) ?? zero();
    into.set(r.k, c);
    for (const k of Object.keys(c) as (keyof Counts)[]) {
      c[k] += r.c[k];
      if (r.g === "m") total[k] += r.c[k];
    }
  }
  for (const m of [byUnit, byProc, byMonth])
    for (const [k, c] of m) if (Object.values(c).every((v) => v === 0)) m.delete(k);

  // names from the cached catalogue; a procedure no longer published (its dossiers still count) from its last version
  const units = [...byUnit.keys()].flatMap((id) => {
    const u = unitNames.get(id);
    return u ? [{ id, code: u.code, name: u.name }] : [];
  });
  const procedures: { id: string; code: string; name: string | null }[] = [];
  const unpublished: string[] = [];
  for (const id of byProc.keys()) {
    const d = published.get(id);
    if (d) procedures.push({ id, code: d.code, name: d.name });
    else unpublished.push(id);
  }
  if (unpublished.length)
    procedures.push(
      ...(await deps.db
        .selectFrom("procedures as p")
        .leftJoin("procedure_versions as v", "v.id", "p.current_version_id")
        .select(["p.id", "p.national_code as code", "v.name"])
        .where(sql<boolean>`p.id = any(${unpublished}::uuid[])`)
        .execute()),
    );
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
    asOf,
    total: figuresOf(total),
    months,
    units: units.map((u) => ({ ...u, figures: figuresOf(byUnit.get(u.id)!) })).sort(byBusiest),
    procedures: procedures
      .map((x) => ({ id: x.id, code: x.code, name: x.name ?? x.code, figures: figuresOf(byProc.get(x.id)!) }))
      .sort(byBusiest),
  };
}

type FigureRow = { g: "u" | "m" | "p"; k: string; c: Counts };

const ONLINE = sql`channel in (${sql.join(ONLINE_CHANNELS.map((c) => sql`${c}`))})`;
const RESOLVED = sql`metric in ('resolved_early', 'resolved_on_time', 'resolved_late')`;
const SUMS = sql`coalesce(sum(n) filter (where metric = 'received'), 0) as received,
  coalesce(sum(n) filter (where metric = 'received' and ${ONLINE}), 0) as received_online,
  coalesce(sum(n) filter (where ${RESOLVED}), 0) as resolved,
  coalesce(sum(n) filter (where ${RESOLVED} and ${ONLINE}), 0) as resolved_online,
  coalesce(sum(n) filter (where metric in ('resolved_early', 'resolved_on_time')), 0) as resolved_on_time,
  coalesce(sum(n) filter (where metric = 'rating_very_satisfied'), 0) as very_satisfied,
  coalesce(sum(n) filter (where metric = 'rating_satisfied'), 0) as satisfied,
  coalesce(sum(n) filter (where metric = 'rating_unsatisfied'), 0) as unsatisfied`;
const SUM_COLUMNS = [
  "received",
  "received_online",
  "resolved",
  "resolved_online",
  "resolved_on_time",
  "very_satisfied",
  "satisfied",
  "unsatisfied",
] as const;

/**
 * Per unit, per month and per procedure, in one grouped read of the roll-ups (src/app/statistics.ts \`sumRollups\`:
 * the months before the watermark are kept in memory until the roll-ups change, the days since are read each time).
 */
async function figureRows(deps: Deps, p: Period): Promise<FigureRow[]> {
  const units = rollups({ metrics: METRICS, perUnit: true }, p.from, p.to);
  if (!units) throw new Error("public statistics: a period is whole months");
  const procedures = procedureRollups(p.from, p.to, METRICS);
  const rows = await sumRollups(
    deps.db,
    { u: units, pr: procedures },
    (r) => sql`select 'u' as g, unit_id::text as k, ${SUMS} from ${r.u} u group by 2
union all select 'm', to_char(m, 'YYYY-MM'), ${SUMS} from ${r.u} u group by 2
union all select 'p', procedure_id::text, ${SUMS} from ${r.pr} pr group by 2`,
    ["g", "k"],
    SUM_COLUMNS,
  );
  return rows.map((x) => ({
    g: x.g as FigureRow["g"],
    k: x.k,
    c: {
      received: x.received,
      receivedOnline: x.received_online,
      resolved: x.resolved,
      resolvedOnline: x.resolved_online,
      resolvedOnTime: x.resolved_on_time,
      verySatisfied: x.very_satisfied,
      satisfied: x.satisfied,
      unsatisfied: x.unsatisfied,
    },
  }));
}

function nextMonth(m: string): string {
  const [y, mo] = m.split("-").map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
}
