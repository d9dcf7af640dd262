/**
 * The dossier's clock as rules of the law (domain.md §§5, 7), pure and beside the calendar: its due state, its
 * suspension (supplement, financial obligation) and its restart or resumption, the paper hand-over instant with its
 * 15:00 cut-off, and whether an apology (form 04) came in time. The office use cases (src/app/office) read the
 * dossier, ask these functions, and write what they answer. See docs/law.md#supplement and
 * docs/law.md#apology-and-extension.
 */
import type { RuleSet } from "../rules.js";
import { addDays, parseClock, VN_OFFSET_MS, vnDay, vnInstant } from "./days.js";
import type { WorkingCalendar } from "./working-time.js";

export type DueState = "none" | "ok" | "due_soon" | "overdue";

/** ok / due soon / overdue of a running clock at `now` ("none" without a due instant). */
export function dueState(cal: WorkingCalendar, now: Date, due: Date | null, rules: RuleSet): DueState {
  if (!due) return "none";
  if (now.getTime() > due.getTime()) return "overdue";
  return cal.workingHoursBetween(now, due) <= rules.dueSoonWorkingHours ? "due_soon" : "ok";
}

/** Is `at` strictly after the wall-clock time `cutoff` (HH:MM, Vietnam time) of its own day? */
export function afterCutoff(at: Date, cutoff: string): boolean {
  const ms = (at.getTime() + VN_OFFSET_MS) % 86_400_000;
  return ms > parseClock(cutoff) * 60_000;
}

/** The close of the working day `day` (the end of its last working period). */
export function closeOfDay(cal: WorkingCalendar, day: string): Date {
  return vnInstant(day, cal.periods[cal.periods.length - 1].end);
}

/** The start of the first working day after the day of `at`. */
export function nextWorkingDayStart(cal: WorkingCalendar, at: Date): Date {
  return cal.nextWorkingInstant(vnInstant(addDays(vnDay(at), 1), "00:00"));
}

/**
 * The working day on which a dossier received at `at` is handled, given a cut-off: the day of receipt when it is a
 * working day and `at` is not after the cut-off (nor after its close), otherwise the next working day.
 */
export function handlingDay(cal: WorkingCalendar, at: Date, cutoff: string): string {
  const start = cal.nextWorkingInstant(at);
  const sameDay = vnDay(start) === vnDay(at);
  if (sameDay && !afterCutoff(at, cutoff)) return vnDay(start);
  return sameDay ? vnDay(nextWorkingDayStart(cal, at)) : vnDay(start);
}

/** A running clock: the dossier's due instant and its open step's. */
export interface RunningClock {
  dueAt: Date | null;
  stepDueAt: Date | null;
}

/** What a suspended clock remembers: the working hours that were left. */
export interface SuspendedClock {
  remainingHours: number | null;
  stepRemainingHours: number | null;
}

/** Suspends a running clock at `now` (supplement after receipt, financial obligation): remember what is left. */
export function suspendClock(cal: WorkingCalendar, now: Date, c: RunningClock): SuspendedClock {
  return {
    remainingHours: c.dueAt ? Math.max(0, cal.workingHoursBetween(now, c.dueAt)) : null,
    stepRemainingHours: c.stepDueAt ? Math.max(0, cal.workingHoursBetween(now, c.stepDueAt)) : null,
  };
}

export type ResumeMode = "restart" | "pause";

/**
 * How a suspended clock resumes when a requested supplement is completed: the rule set's mode (Decree 61 Art. 19
 * restarts the time limit from zero), but a dossier's time limit restarts at most once — an exceptional further
 * request (see `supplementAllowance`) resumes the hours left, so a deadline can never be reset at will.
 */
export function supplementResumeMode(
  rules: RuleSet,
  opts: { exceptional: boolean; restartsSoFar: number },
): ResumeMode {
  if (rules.supplementClock !== "restart") return "pause";
  return opts.exceptional || opts.restartsSoFar > 0 ? "pause" : "restart";
}

/**
 * Resumes a suspended clock at `now`. `restart`: the time limit counts again from zero (`restartDue`, computed by the
 * caller with `dueInstant`) and the open step gets its whole budget; `pause`: the working hours left at suspension
 * are added from now (a clock without remembered hours keeps its instants).
 */
export function resumeClock(
  cal: WorkingCalendar,
  now: Date,
  mode: ResumeMode,
  c: { running: RunningClock; suspended: SuspendedClock; restartDue: Date | null; stepBudgetHours?: number | null },
): RunningClock {
  if (mode === "restart")
    return {
      dueAt: c.restartDue,
      stepDueAt: c.stepBudgetHours != null ? cal.addWorkingHours(now, c.stepBudgetHours) : null,
    };
  return {
    dueAt: c.suspended.remainingHours != null ? cal.addWorkingHours(now, c.suspended.remainingHours) : c.running.dueAt,
    stepDueAt:
      c.suspended.stepRemainingHours != null
        ? cal.addWorkingHours(now, c.suspended.stepRemainingHours)
        : c.running.stepDueAt,
  };
}

/**
 * When the receiving step must hand the dossier to the processing unit (Decree 61 Art. 20): an electronic dossier
 * within the step's budget; a paper dossier (counter, postal) within its budget but no later than the close of the
 * day of receipt, or — received after the rule set's cut-off (15:00) or outside a working day — at the start of the
 * next working day (`paperHandoverNextDayHours` into it, within the budget counted from then).
 */
export function handoverDueAt(
  cal: WorkingCalendar,
  receivedAt: Date,
  o: { budgetHours: number; paper: boolean },
  rules: RuleSet,
): { dueAt: Date; afterCutoff: boolean } {
  const byBudget = cal.addWorkingHours(receivedAt, o.budgetHours);
  if (!o.paper) return { dueAt: byBudget, afterCutoff: false };
  const day = handlingDay(cal, receivedAt, rules.paperHandoverCutoff);
  if (day === vnDay(receivedAt)) {
    const close = closeOfDay(cal, day);
    return { dueAt: byBudget.getTime() < close.getTime() ? byBudget : close, afterCutoff: false };
  }
  const start = cal.nextWorkingInstant(vnInstant(day, "00:00"));
  return {
    dueAt: cal.addWorkingHours(start, Math.min(o.budgetHours, rules.paperHandoverNextDayHours)),
    afterCutoff: true,
  };
}

/**
 * Whether an apology and extension (form 04) issued at `now` comes in time: at least `apologyLeadWorkingDays`
 * working days before the due instant (Decree 61 Art. 19). `latestAt` is the last instant it was in time.
 */
export function apologyTiming(
  cal: WorkingCalendar,
  now: Date,
  dueAt: Date,
  rules: RuleSet,
): { inTime: boolean; latestAt: Date; overdue: boolean } {
  const lead = rules.apologyLeadWorkingDays * cal.hoursPerDay;
  const latestAt = cal.addWorkingHours(dueAt, -lead);
  return {
    inTime: cal.workingHoursBetween(now, dueAt) >= lead,
    latestAt,
    overdue: now.getTime() > dueAt.getTime(),
  };
}

/**
 * May one more supplement be requested? A dossier receives at most `maxSupplementRequests` requests, before and
 * after receipt together (Decree 61 Art. 15: once, listing everything missing). Beyond that: "refused", or
 * "exception_only" when the rule set allows an explicit exception naming its legal basis.
 */
export function supplementAllowance(rules: RuleSet, requestsSoFar: number): "allowed" | "exception_only" | "refused" {
  if (requestsSoFar < rules.maxSupplementRequests) return "allowed";
  return rules.supplementException === "with_legal_basis" ? "exception_only" : "refused";
}
