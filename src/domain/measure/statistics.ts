/**
 * What one history event of a dossier changes in the statistics: a pure fold over a dossier's events that both the
 * roll-ups kept as events happen and the rebuild from history use, so the two cannot disagree by construction of
 * the rule (the test compares them on dossiers driven through the real use cases).
 *
 * Daily roll-up metrics (per day × unit × field × procedure × channel):
 *   received                    the dossier was received (status → 2) that day
 *   resolved_early|on_time|late the dossier was processed (status → 9) that day, by outcome
 *   withdrawn|stopped|refused   a received dossier left processing that day without a result
 *   open_due                    +1 / −1 as a received dossier enters or leaves the "pending with due day X" stock;
 *                               the bucket is X ("9999-12-31" while the clock is suspended or there is no due day).
 *                               Pending at the start of day T = Σ open_due over days < T; overdue at T = the same
 *                               sum restricted to buckets < T (a due instant is before T's 00:00 iff its day is).
 */
import { vnDay } from "../calendar/days.js";
import { Status } from "../status.js";

export type StatMetric =
  | "received"
  | "resolved_early"
  | "resolved_on_time"
  | "resolved_late"
  | "withdrawn"
  | "stopped"
  | "refused"
  | "open_due"
  | "rating_very_satisfied"
  | "rating_satisfied"
  | "rating_unsatisfied"
  | FactMetric;

/**
 * Decision 766 counts kept beside the flows (issue #8), on the day of the event that settles them:
 *   received_digitised  received that day with a digitised component (a component file at receipt)
 *   received_data_reused  received that day with a component picked from the applicant's data warehouse
 *   received_population_data  received that day relying on a population or business database look-up
 *   received_synced     received that day and sent to the National Public Service Portal (counted on the day of
 *                       receipt, whichever came first: the receipt or the first sync)
 *   resolved_e_result   resolved that day with an electronic result (a result file at resolution)
 *   payment_confirmed   a financial obligation paid that day; paid_online: of which online
 */
export type FactMetric =
  | "received_digitised"
  | "received_data_reused"
  | "received_population_data"
  | "received_synced"
  | "resolved_e_result"
  | "payment_confirmed"
  | "paid_online";

export const FLOW_METRICS: readonly StatMetric[] = [
  "received",
  "resolved_early",
  "resolved_on_time",
  "resolved_late",
  "withdrawn",
  "stopped",
  "refused",
];

/** The open-due bucket of a dossier with no running clock (suspended, or no due instant). */
export const NO_DUE = "9999-12-31";

export interface StatState {
  /** Counted as received. */
  received: boolean;
  /** Received and neither resolved nor closed: pending. */
  open: boolean;
  /** The day of the current due instant (Vietnam), null before receipt or without one. */
  dueDay: string | null;
  /** The clock is suspended (supplement, financial obligation). */
  suspended: boolean;
  receivedDay: string | null;
  closedDay: string | null;
  closedAs: Exclude<StatMetric, "received" | "open_due"> | null;
}

export const initialStatState = (): StatState => ({
  received: false,
  open: false,
  dueDay: null,
  suspended: false,
  receivedDay: null,
  closedDay: null,
  closedAs: null,
});

/** The parts of a history event the statistics read. */
export interface StatEvent {
  /** The event type; "rated" (a citizen's rating or its change) moves the satisfaction counts. */
  type?: string;
  at: Date;
  fromStatus: number | null;
  toStatus: number | null;
  data: Record<string, unknown>;
}

export interface StatDelta {
  day: string;
  metric: StatMetric;
  /** open_due: the due-day bucket; "" for the other metrics. */
  bucket: string;
  n: number;
}

type Changes = Record<string, { from?: unknown; to?: unknown } | undefined>;

/** Whether an event can change the statistics at all (a status change or a moved / suspended clock). */
export function affectsStatistics(ev: StatEvent): boolean {
  if (ev.type === RATED) return true;
  if (ev.toStatus !== null && ev.toStatus !== ev.fromStatus) return true;
  const ch = (ev.data.changes ?? {}) as Changes;
  return "due_at" in ch || "suspended_at" in ch || "outcome" in ch;
}

const bucketOf = (s: Pick<StatState, "dueDay" | "suspended">) => (s.suspended || !s.dueDay ? NO_DUE : s.dueDay);

function closingMetric(ev: StatEvent): StatState["closedAs"] {
  switch (ev.toStatus) {
    case Status.PROCESSED:
    case Status.RETURNED: {
      const ch = (ev.data.changes ?? {}) as Changes;
      const outcome = (ch.outcome?.to ?? ev.data.outcome ?? "on_time") as string;
      return outcome === "early" ? "resolved_early" : outcome === "late" ? "resolved_late" : "resolved_on_time";
    }
    case Status.WITHDRAWN:
      return "withdrawn";
    case Status.STOPPED:
      return "stopped";
    case Status.REFUSED:
      return "refused";
    default:
      return null;
  }
}

export const RATED = "rated";
const LEVELS = new Set(["very_satisfied", "satisfied", "unsatisfied"]);

/** Applies one event: the dossier's new statistics state and the roll-up deltas it causes. */
export function foldStatEvent(state: StatState, ev: StatEvent): { state: StatState; deltas: StatDelta[] } {
  if (ev.type === RATED) {
    // a rating counts on the day it is given; a change moves the count from the old level to the new one
    const day = vnDay(ev.at);
    const deltas: StatDelta[] = [];
    const prev = ev.data.previous;
    const level = ev.data.overall;
    if (typeof prev === "string" && LEVELS.has(prev) && prev !== level)
      deltas.push({ day, metric: `rating_${prev}` as StatMetric, bucket: "", n: -1 });
    if (typeof level === "string" && LEVELS.has(level) && prev !== level)
      deltas.push({ day, metric: `rating_${level}` as StatMetric, bucket: "", n: 1 });
    return { state, deltas };
  }
  const ch = (ev.data.changes ?? {}) as Changes;
  const next: StatState = { ...state };
  if ("due_at" in ch) {
    const to = ch.due_at?.to;
    next.dueDay = typeof to === "string" || to instanceof Date ? vnDay(new Date(to)) : null;
  }
  if ("suspended_at" in ch) next.suspended = ch.suspended_at?.to != null;
  const day = vnDay(ev.at);
  const deltas: StatDelta[] = [];
  const statusChanged = ev.toStatus !== null && ev.toStatus !== ev.fromStatus;
  if (!state.received) {
    if (statusChanged && ev.toStatus === Status.RECEIVED) {
      next.received = true;
      next.open = true;
      next.receivedDay = day;
      deltas.push({ day, metric: "received", bucket: "", n: 1 });
      deltas.push({ day, metric: "open_due", bucket: bucketOf(next), n: 1 });
    }
    return { state: next, deltas };
  }
  if (!state.open) return { state: next, deltas };
  const closing = statusChanged ? closingMetric(ev) : null;
  if (closing) {
    next.open = false;
    next.closedDay = day;
    next.closedAs = closing;
    deltas.push({ day, metric: "open_due", bucket: bucketOf(state), n: -1 });
    deltas.push({ day, metric: closing, bucket: "", n: 1 });
    return { state: next, deltas };
  }
  const before = bucketOf(state);
  const after = bucketOf(next);
  if (before !== after) {
    deltas.push({ day, metric: "open_due", bucket: before, n: -1 });
    deltas.push({ day, metric: "open_due", bucket: after, n: 1 });
  }
  return { state: next, deltas };
}

/** What a dossier's files were when its deltas happened (its component files at receipt, its result at resolution). */
export interface FileFacts {
  component: boolean;
  result: boolean;
  /** A component file was picked from the applicant's data warehouse (issue #7, provide once). */
  reused?: boolean;
  /** The submission relied on a population or business database look-up (issue #7). */
  populationData?: boolean;
  /** The dossier has reached the National Public Service Portal (issue #6). */
  synced?: boolean;
}

/**
 * The Decision 766 deltas (FactMetric) that go with an event's flow deltas: receipt and resolution read the files,
 * a confirmed payment its method. Pure: the roll-ups kept as events happen, the rebuild and the generator all use it.
 */
export function factDeltas(ev: StatEvent, deltas: StatDelta[], files: FileFacts): StatDelta[] {
  const out: StatDelta[] = [];
  for (const d of deltas) {
    if (d.metric === "received" && d.n > 0) {
      if (files.component) out.push({ day: d.day, metric: "received_digitised", bucket: "", n: 1 });
      if (files.reused) out.push({ day: d.day, metric: "received_data_reused", bucket: "", n: 1 });
      if (files.populationData) out.push({ day: d.day, metric: "received_population_data", bucket: "", n: 1 });
      if (files.synced) out.push({ day: d.day, metric: "received_synced", bucket: "", n: 1 });
    }
    if (
      (d.metric === "resolved_early" || d.metric === "resolved_on_time" || d.metric === "resolved_late") &&
      files.result
    )
      out.push({ day: d.day, metric: "resolved_e_result", bucket: "", n: d.n });
  }
  if (ev.type === "payment_confirmed") {
    const day = vnDay(ev.at);
    out.push({ day, metric: "payment_confirmed", bucket: "", n: 1 });
    if (ev.data.method === "online") out.push({ day, metric: "paid_online", bucket: "", n: 1 });
  }
  return out;
}

/** Folds a dossier's whole history (in sequence order). */
export function foldStatHistory(events: StatEvent[]): { state: StatState; deltas: StatDelta[] } {
  let state = initialStatState();
  const deltas: StatDelta[] = [];
  for (const ev of events) {
    const r = foldStatEvent(state, ev);
    state = r.state;
    deltas.push(...r.deltas);
  }
  return { state, deltas };
}
