/**
 * Statutory public holidays computed by rule (Labour Code 2019 Art. 112, domain.md §7). These are DEFAULTS: each
 * year's government notice (days off, swapped Saturdays) is stored as data and overrides them (see working-time.ts).
 * See docs/law.md#holidays.
 */
import { addDays, dayString, isWeekend, weekday } from "./days.js";
import { lunarNewYear, lunarToSolar, VN_TIME_ZONE } from "./lunar.js";

/** A holiday on a fixed Gregorian date, e.g. a holiday added by a later law (24/11 "Ngày Văn hóa Việt Nam"). */
export interface FixedHoliday {
  month: number;
  day: number;
  reason: string;
  /** First and last Gregorian year the holiday applies (inclusive); open-ended when omitted. */
  fromYear?: number;
  toYear?: number;
}

export interface HolidayRuleOptions {
  /** Time zone of the lunar calendar, hours east of UTC. Vietnam: 7 (never the Chinese 8). */
  timeZone?: number;
  /** Tết: how many last days of the old lunar year are off (default 1: the last day of the year). */
  tetDaysBefore?: number;
  /** Tết: how many first days of the new lunar year are off (default 4: mùng 1 to mùng 4). */
  tetDaysAfter?: number;
  /**
   * The day adjacent to 2/9 (the law says "one day before or after", fixed each year by the Prime Minister).
   * "auto" (default) picks the side that joins the holiday to a weekend, as the notices of 2021–2026 did.
   */
  nationalDayExtra?: "auto" | "before" | "after";
  /** A holiday on Saturday or Sunday gives a compensatory day off on the next working day (default true). */
  compensate?: boolean;
  /** More fixed-date holidays. */
  extraFixed?: FixedHoliday[];
}

export interface Holiday {
  day: string;
  reason: string;
  /** A compensatory day off (nghỉ bù) for a holiday that fell on a weekend. */
  compensation?: boolean;
}

export const HOLIDAY_REASONS = {
  newYear: "Tết Dương lịch",
  tet: "Tết Nguyên đán",
  hungKings: "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
  reunification: "Ngày Chiến thắng (30/4)",
  labour: "Ngày Quốc tế Lao động (1/5)",
  nationalDay: "Quốc khánh (2/9)",
  nationalDayExtra: "Quốc khánh (ngày liền kề 2/9)",
} as const;

export const compensationReason = (reason: string) => `Nghỉ bù ${reason}`;

/** Which side of 2/9 the extra day goes with "auto", by the weekday of 2/9 (0 = Sunday). */
const NATIONAL_DAY_AUTO: ("before" | "after")[] = ["after", "after", "before", "before", "after", "before", "before"];

/**
 * The statutory holidays of Gregorian year `year` by rule, with compensatory days, sorted by day. A compensatory day
 * may fall early in the next year; callers that look up a day should also consult the previous year.
 */
export function holidaysOf(year: number, opts: HolidayRuleOptions = {}): Holiday[] {
  const tz = opts.timeZone ?? VN_TIME_ZONE;
  const before = opts.tetDaysBefore ?? 1;
  const after = opts.tetDaysAfter ?? 4;
  const byDay = new Map<string, string>();
  const add = (day: string, reason: string) => {
    if (!byDay.has(day)) byDay.set(day, reason);
  };

  add(dayString(year, 1, 1), HOLIDAY_REASONS.newYear);

  const tet = lunarNewYear(year, tz);
  const tetDay = dayString(tet.year, tet.month, tet.day);
  for (let i = -before; i < after; i++) add(addDays(tetDay, i), HOLIDAY_REASONS.tet);

  const hung = lunarToSolar(year, 3, 10, false, tz);
  if (hung) add(dayString(hung.year, hung.month, hung.day), HOLIDAY_REASONS.hungKings);

  add(dayString(year, 4, 30), HOLIDAY_REASONS.reunification);
  add(dayString(year, 5, 1), HOLIDAY_REASONS.labour);

  const national = dayString(year, 9, 2);
  add(national, HOLIDAY_REASONS.nationalDay);
  const side =
    (opts.nationalDayExtra ?? "auto") === "auto" ? NATIONAL_DAY_AUTO[weekday(national)] : opts.nationalDayExtra;
  add(addDays(national, side === "before" ? -1 : 1), HOLIDAY_REASONS.nationalDayExtra);

  for (const f of opts.extraFixed ?? []) {
    if (f.fromYear !== undefined && year < f.fromYear) continue;
    if (f.toYear !== undefined && year > f.toYear) continue;
    add(dayString(year, f.month, f.day), f.reason);
  }

  const holidays: Holiday[] = [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, reason]) => ({ day, reason }));
  if (opts.compensate === false) return holidays;

  // Each holiday on a weekend gives one day off on the next day that is neither a weekend, a holiday, nor an
  // earlier compensatory day (so a Tết that spans a weekend pushes its compensation past the whole break).
  const taken = new Set(byDay.keys());
  const compensations: Holiday[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.day)) continue;
    let d = addDays(h.day, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    compensations.push({ day: d, reason: compensationReason(h.reason), compensation: true });
  }
  return [...holidays, ...compensations].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
