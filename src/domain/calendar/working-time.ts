/**
 * Working time of civil servants (domain.md §7): Monday–Friday in configurable periods (default 07:30–11:30 and
 * 13:00–17:00, 8 hours), minus statutory holidays computed by rule, with per-day overrides (the government's yearly
 * notices and administrators' edits) taking precedence over both. All wall-clock times are Vietnam time (UTC+7).
 * Pure: no I/O; the app layer (src/app/calendar.ts) builds one from the database. See docs/law.md#working-time.
 */
import { addDays, dayStartMs, isValidDay, isWeekend, parseClock, vnDay } from "./days.js";
import { type HolidayRuleOptions, holidaysOf } from "./holidays.js";

export type { HolidayRuleOptions } from "./holidays.js";

export interface WorkingPeriod {
  /** "HH:MM", Vietnam time */
  start: string;
  end: string;
}

export interface DayOverride {
  /** "YYYY-MM-DD" */
  day: string;
  working: boolean;
  reason: string;
}

export interface DayReason {
  day: string;
  reason: string;
}

export interface WorkingCalendar {
  readonly periods: readonly WorkingPeriod[];
  /** Working hours in a full working day (the sum of the periods; 8 by default). */
  readonly hoursPerDay: number;
  isWorkingDay(day: string): boolean;
  /** Why a day is off (or worked although a weekend): override reason or holiday name; undefined for ordinary days. */
  reasonFor(day: string): string | undefined;
  /** start of the next working period at or after `at` (at itself if inside working time) */
  nextWorkingInstant(at: Date): Date;
  /** end of the last working period at or before `at` (at itself if inside working time) */
  previousWorkingInstant(at: Date): Date;
  /**
   * add N working hours counted from `from` (outside working time counts from the next period start);
   * a negative N counts backwards (e.g. "8 working hours before the due instant").
   */
  addWorkingHours(from: Date, hours: number): Date;
  /** working hours (fractional) elapsed between a and b (negative if b < a) */
  workingHoursBetween(a: Date, b: Date): number;
  /**
   * add N working days by the Civil Code rule (Arts. 147–148): counting starts the day after `from`, the limit ends
   * at 24:00 of the last day (returned as 23:59:59.999 Vietnam time so that the date reads right), and since only
   * working days are counted the last day is never a day off. N must be a whole number ≥ 0; 0 returns `from`.
   */
  addCivilDays(from: Date, days: number): Date;
  /** The year's weekdays off and weekend days worked, with their reasons, in day order. */
  yearExceptions(year: number): { daysOff: DayReason[]; workingWeekendDays: DayReason[] };
}

export const DEFAULT_PERIODS: WorkingPeriod[] = [
  { start: "07:30", end: "11:30" },
  { start: "13:00", end: "17:00" },
];

/** Reason shown for a weekday off that has no recorded reason (should not happen with well-formed data). */
const DEFAULT_OFF_REASON = "Ngày nghỉ";
const DEFAULT_WORKING_REASON = "Ngày làm việc";
/** Give up looking for working time after this many consecutive days without any (a misconfigured calendar). */
const MAX_SCAN_DAYS = 800;
const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Slot {
  start: number;
  end: number;
}

/** Validates working periods: well-formed, each start before its end, in order and not overlapping. */
export function validatePeriods(periods: WorkingPeriod[]): [number, number][] {
  if (periods.length === 0) throw new Error("at least one working period is required");
  const out: [number, number][] = [];
  let last = -1;
  for (const p of periods) {
    const s = parseClock(p.start);
    const e = parseClock(p.end);
    if (s >= e) throw new Error(`working period ${p.start}–${p.end} ends before it starts`);
    if (s < last) throw new Error(`working period ${p.start}–${p.end} overlaps or is out of order`);
    out.push([s, e]);
    last = e;
  }
  return out;
}

export function buildCalendar(
  opts: { periods?: WorkingPeriod[]; overrides?: DayOverride[]; holidayRules?: HolidayRuleOptions } = {},
): WorkingCalendar {
  const periods = (opts.periods ?? DEFAULT_PERIODS).map((p) => ({ ...p }));
  const minutes = validatePeriods(periods);
  const hoursPerDay = minutes.reduce((sum, [s, e]) => sum + (e - s), 0) / 60;
  const overrides = new Map<string, DayOverride>();
  for (const o of opts.overrides ?? []) {
    if (!isValidDay(o.day)) throw new Error(`calendar override with an invalid day: ${o.day}`);
    overrides.set(o.day, o);
  }
  const holidayRules = opts.holidayRules ?? {};
  const holidayYears = new Map<number, Map<string, string>>();

  /** Holidays (with compensatory days) that fall in `year`, computed once per year. */
  function holidaysIn(year: number): Map<string, string> {
    let map = holidayYears.get(year);
    if (!map) {
      map = new Map();
      // a compensatory day of the previous year's late holidays may fall in this year
      for (const y of [year - 1, year])
        for (const h of holidaysOf(y, holidayRules))
          if (h.day.startsWith(`${year}-`) && !map.has(h.day)) map.set(h.day, h.reason);
      holidayYears.set(year, map);
    }
    return map;
  }
  const holidayReason = (day: string) => holidaysIn(Number(day.slice(0, 4))).get(day);

  function isWorkingDay(day: string): boolean {
    const o = overrides.get(day);
    if (o) return o.working;
    if (holidayReason(day) !== undefined) return false;
    return !isWeekend(day);
  }

  function reasonFor(day: string): string | undefined {
    return overrides.get(day)?.reason ?? holidayReason(day);
  }

  /** The working slot at or after t: [max(t, period start), period end). */
  function nextSlot(t: number): Slot {
    let day = vnDay(t);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      if (isWorkingDay(day)) {
        const base = dayStartMs(day);
        for (const [s, e] of minutes) {
          const end = base + e * MINUTE;
          if (t < end) return { start: Math.max(t, base + s * MINUTE), end };
        }
      }
      day = addDays(day, 1);
      t = dayStartMs(day);
    }
    throw new Error(`no working time within ${MAX_SCAN_DAYS} days after ${new Date(t).toISOString()}`);
  }

  /** The working slot at or before t: [period start, min(t, period end)]. */
  function previousSlot(t: number): Slot {
    let day = vnDay(t);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      if (isWorkingDay(day)) {
        const base = dayStartMs(day);
        for (let j = minutes.length - 1; j >= 0; j--) {
          const start = base + minutes[j][0] * MINUTE;
          if (t > start) return { start, end: Math.min(t, base + minutes[j][1] * MINUTE) };
        }
      }
      t = dayStartMs(day);
      day = addDays(day, -1);
    }
    throw new Error(`no working time within ${MAX_SCAN_DAYS} days before ${new Date(t).toISOString()}`);
  }

  function addWorkingHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours)) throw new Error(`not a number of hours: ${hours}`);
    let remaining = Math.round(Math.abs(hours) * HOUR);
    if (hours >= 0) {
      let slot = nextSlot(from.getTime());
      for (;;) {
        const available = slot.end - slot.start;
        if (remaining <= available) return new Date(slot.start + remaining);
        remaining -= available;
        slot = nextSlot(slot.end);
      }
    }
    let slot = previousSlot(from.getTime());
    for (;;) {
      const available = slot.end - slot.start;
      if (remaining <= available) return new Date(slot.end - remaining);
      remaining -= available;
      slot = previousSlot(slot.start);
    }
  }

  function workingHoursBetween(a: Date, b: Date): number {
    const from = a.getTime();
    const to = b.getTime();
    if (to < from) return -workingHoursBetween(b, a);
    let total = 0;
    const last = vnDay(to);
    for (let day = vnDay(from); day <= last; day = addDays(day, 1)) {
      if (!isWorkingDay(day)) continue;
      const base = dayStartMs(day);
      for (const [s, e] of minutes) {
        const overlap = Math.min(to, base + e * MINUTE) - Math.max(from, base + s * MINUTE);
        if (overlap > 0) total += overlap;
      }
    }
    return total / HOUR;
  }

  function addCivilDays(from: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw new Error(`not a whole number of days: ${days}`);
    if (days === 0) return new Date(from.getTime());
    let day = vnDay(from);
    let counted = 0;
    for (let scanned = 0; counted < days; scanned++) {
      if (scanned > days + MAX_SCAN_DAYS) throw new Error("no working days found");
      day = addDays(day, 1);
      if (isWorkingDay(day)) counted++;
    }
    return new Date(dayStartMs(addDays(day, 1)) - 1);
  }

  function yearExceptions(year: number) {
    const daysOff: DayReason[] = [];
    const workingWeekendDays: DayReason[] = [];
    const end = `${year + 1}-01-01`;
    for (let day = `${year}-01-01`; day < end; day = addDays(day, 1)) {
      const weekend = isWeekend(day);
      const working = isWorkingDay(day);
      if (!weekend && !working) daysOff.push({ day, reason: reasonFor(day) ?? DEFAULT_OFF_REASON });
      else if (weekend && working) workingWeekendDays.push({ day, reason: reasonFor(day) ?? DEFAULT_WORKING_REASON });
    }
    return { daysOff, workingWeekendDays };
  }

  return {
    periods,
    hoursPerDay,
    isWorkingDay,
    reasonFor,
    nextWorkingInstant: (at) => new Date(nextSlot(at.getTime()).start),
    previousWorkingInstant: (at) => new Date(previousSlot(at.getTime()).end),
    addWorkingHours,
    workingHoursBetween,
    addCivilDays,
    yearExceptions,
  };
}
