/** Due instants and outcome classes (domain.md §§5, 7). Pure. See docs/law.md#deadlines. */
import type { TimeLimit } from "../catalogue.js";
import type { RuleSet } from "../rules.js";
import { closeOfDay, handlingDay } from "./clock.js";
import { vnDay } from "./days.js";
import type { WorkingCalendar } from "./working-time.js";

/**
 * The due instant of a time limit counted from `from` (the receipt instant, or the restart of the clock).
 * - immediate → the close of the working day on which the dossier is handled: the day of `from`, or the next working
 *   day when `from` is outside working time or after the rule set's same-day cut-off (15:00), so a result given that
 *   day is on time;
 * - working_hours → N working hours (a receipt outside working time counts from the next period start);
 * - working_days → N × (hours in a working day, 8 by default) working hours, or with `deadlineMode: "civil_code"`
 *   N whole working days from the day after, ending at 24:00 of the last day (Civil Code Arts. 147–148); a fractional
 *   number of days (e.g. ½ day) is always counted in working hours.
 * `outsideHoursReceipt` needs no branch: no working time elapses outside working hours, so counting from the receipt
 * instant or from the next period start gives the same due instant.
 */
export function dueInstant(cal: WorkingCalendar, from: Date, limit: TimeLimit, rules: RuleSet): Date {
  if (!Number.isFinite(limit.value) || limit.value < 0) throw new Error(`invalid time limit: ${limit.value}`);
  switch (limit.unit) {
    case "immediate":
      return closeOfDay(cal, handlingDay(cal, from, rules.sameDayCutoff));
    case "working_hours":
      return cal.addWorkingHours(from, limit.value);
    case "working_days":
      if (rules.deadlineMode === "civil_code" && Number.isInteger(limit.value))
        return cal.addCivilDays(from, limit.value);
      return cal.addWorkingHours(from, limit.value * cal.hoursPerDay);
    default:
      throw new Error(`unknown time-limit unit: ${(limit as TimeLimit).unit}`);
  }
}

/**
 * early = finished on a Vietnamese calendar day before the due day; on_time = the due day, not after the due
 * instant; late = after the due instant.
 */
export function classifyOutcome(finishedAt: Date, dueAt: Date): "early" | "on_time" | "late" {
  if (finishedAt.getTime() > dueAt.getTime()) return "late";
  return vnDay(finishedAt) < vnDay(dueAt) ? "early" : "on_time";
}
