/**
 * The periodic report on receiving and resolving dossiers (Circular 01/2020/TT-VPCP, form II.06a; domain.md §8) and
 * the on-time rate (Decree 61/2018 Art. 30). Pure arithmetic over counts; where the counts come from is the app's
 * business (statistics roll-ups kept from the dossiers' history).
 *
 *   received  = online + counter/postal + carried over from the last period
 *   resolved  = early + on time + late
 *   pending   = within the deadline + overdue
 *   received  = resolved + pending + withdrawn + stopped + refused   (the last three are shown apart)
 *   next period's carried over = this period's pending
 */
import { type Ratio, ratio } from "./ratio.js";

/** The counts of one unit (or field, or procedure) for one period, as measured. */
export interface PeriodCounts {
  /** Dossiers received before the period and still pending at its start. */
  carriedOver: number;
  /** Received in the period online (own portal or the national portal). */
  receivedOnline: number;
  /** Received in the period at the counter or by public postal service. */
  receivedCounterPostal: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Withdrawn at the applicant's request after receipt. */
  withdrawn: number;
  /** Processing stopped (form 05). */
  stopped: number;
  /** Refused after receipt (rare: a refusal before receipt never counts as received). */
  refused: number;
  /** Pending at the end of the period, as measured (not derived). */
  pending: number;
  /** Of the pending ones, those whose deadline had passed at the end of the period. */
  pendingOverdue: number;
}

export interface PeriodicReport {
  received: { total: number; online: number; counterPostal: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  pending: { total: number; withinDeadline: number; overdue: number };
  withdrawn: number;
  stopped: number;
  refused: number;
  /** Decree 61 Art. 30: resolved early or on time / resolved. */
  onTimeRate: Ratio;
  /** Share of the period's new dossiers received online. */
  onlineShare: Ratio;
}

export interface Violation {
  rule: "received_balance" | "pending_split" | "carried_over" | "negative";
  message: string;
}

/** Decree 61 Art. 30: the share of resolved dossiers resolved early or on time ("đúng hạn" includes "trước hạn"). */
export function onTimeRate(c: { resolvedEarly: number; resolvedOnTime: number; resolvedLate: number }): Ratio {
  return ratio(c.resolvedEarly + c.resolvedOnTime, c.resolvedEarly + c.resolvedOnTime + c.resolvedLate);
}

/** Builds the form's figures from measured counts. Throws on a negative count (a measuring defect, not a result). */
export function periodicReport(c: PeriodCounts): PeriodicReport {
  for (const [k, v] of Object.entries(c))
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`periodic report: ${k} = ${v} is not a count`);
  if (c.pendingOverdue > c.pending)
    throw new RangeError(`periodic report: ${c.pendingOverdue} overdue of ${c.pending} pending`);
  const resolved = c.resolvedEarly + c.resolvedOnTime + c.resolvedLate;
  return {
    received: {
      total: c.carriedOver + c.receivedOnline + c.receivedCounterPostal,
      online: c.receivedOnline,
      counterPostal: c.receivedCounterPostal,
      carriedOver: c.carriedOver,
    },
    resolved: { total: resolved, early: c.resolvedEarly, onTime: c.resolvedOnTime, late: c.resolvedLate },
    pending: { total: c.pending, withinDeadline: c.pending - c.pendingOverdue, overdue: c.pendingOverdue },
    withdrawn: c.withdrawn,
    stopped: c.stopped,
    refused: c.refused,
    onTimeRate: onTimeRate(c),
    onlineShare: ratio(c.receivedOnline, c.receivedOnline + c.receivedCounterPostal),
  };
}

/**
 * The invariants of form II.06a for one report, and across two consecutive periods when `next` is given.
 * Returns every violation found (empty when the report balances).
 */
export function checkReport(r: PeriodicReport, next?: PeriodicReport): Violation[] {
  const out: Violation[] = [];
  const closed = r.resolved.total + r.pending.total + r.withdrawn + r.stopped + r.refused;
  if (r.received.total !== closed)
    out.push({
      rule: "received_balance",
      message: `received ${r.received.total} ≠ resolved ${r.resolved.total} + pending ${r.pending.total} + withdrawn ${r.withdrawn} + stopped ${r.stopped} + refused ${r.refused}`,
    });
  if (r.pending.total !== r.pending.withinDeadline + r.pending.overdue)
    out.push({ rule: "pending_split", message: "pending ≠ within deadline + overdue" });
  if (r.resolved.total !== r.resolved.early + r.resolved.onTime + r.resolved.late)
    out.push({ rule: "received_balance", message: "resolved ≠ early + on time + late" });
  if (next && next.received.carriedOver !== r.pending.total)
    out.push({
      rule: "carried_over",
      message: `next period carries over ${next.received.carriedOver}, this period left ${r.pending.total} pending`,
    });
  for (const v of [r.pending.withinDeadline, r.pending.overdue, r.pending.total])
    if (v < 0) out.push({ rule: "negative", message: "a negative count" });
  return out;
}

/** Adds the counts of several rows (units, fields, procedures) into one. */
export function sumCounts(rows: PeriodCounts[]): PeriodCounts {
  const z: PeriodCounts = emptyCounts();
  for (const r of rows) for (const k of Object.keys(z) as (keyof PeriodCounts)[]) z[k] += r[k];
  return z;
}

export const emptyCounts = (): PeriodCounts => ({
  carriedOver: 0,
  receivedOnline: 0,
  receivedCounterPostal: 0,
  resolvedEarly: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  withdrawn: 0,
  stopped: 0,
  refused: 0,
  pending: 0,
  pendingOverdue: 0,
});

// ---------------------------------------------------------------------------------------------------------------
// Periods

export type PeriodKind = "month" | "quarter" | "half" | "year";

/** A reporting period: [from, to) as Vietnamese calendar days "YYYY-MM-DD" (to is the first day after it). */
export interface Period {
  kind: PeriodKind;
  year: number;
  /** month 1–12, quarter 1–4, half 1–2; 1 for a year. */
  index: number;
  from: string;
  to: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const firstOf = (y: number, m: number) => (m > 12 ? `${y + 1}-01-01` : `${y}-${pad2(m)}-01`);

export function period(kind: PeriodKind, year: number, index = 1): Period {
  const months = { month: 1, quarter: 3, half: 6, year: 12 }[kind];
  const count = 12 / months;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`year ${year}`);
  if (!Number.isInteger(index) || index < 1 || index > count) throw new RangeError(`${kind} ${index}`);
  const m0 = (index - 1) * months + 1;
  return { kind, year, index, from: firstOf(year, m0), to: firstOf(year, m0 + months) };
}

/** The period of the same kind that follows `p`. */
export function nextPeriod(p: Period): Period {
  const count = { month: 12, quarter: 4, half: 2, year: 1 }[p.kind];
  return p.index < count ? period(p.kind, p.year, p.index + 1) : period(p.kind, p.year + 1, 1);
}

/** "Tháng 3/2026", "Quý I/2026", "6 tháng đầu năm 2026", "Năm 2026". */
export function periodLabel(p: Period, lang: "vi" | "en" = "vi"): string {
  const roman = ["I", "II", "III", "IV"];
  if (lang === "en")
    return {
      month: `Month ${p.index}/${p.year}`,
      quarter: `Q${p.index} ${p.year}`,
      half: `${p.index === 1 ? "First" : "Second"} half of ${p.year}`,
      year: `Year ${p.year}`,
    }[p.kind];
  return {
    month: `Tháng ${p.index}/${p.year}`,
    quarter: `Quý ${roman[p.index - 1]}/${p.year}`,
    half: `6 tháng ${p.index === 1 ? "đầu" : "cuối"} năm ${p.year}`,
    year: `Năm ${p.year}`,
  }[p.kind];
}
