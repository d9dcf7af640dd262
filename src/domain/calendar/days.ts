/**
 * Calendar days ("YYYY-MM-DD") and wall-clock times in Vietnam (UTC+7, no daylight saving since 1975).
 * Pure helpers shared by the holiday rules and the working-time calendar.
 */

export const VN_OFFSET_MS = 7 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, "0");

/** "YYYY-MM-DD" for a Gregorian date. */
export function dayString(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
}

/** True for an existing Gregorian date written "YYYY-MM-DD". */
export function isValidDay(day: string): boolean {
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Milliseconds of 00:00 Vietnam time on `day` (throws on a malformed day). */
export function dayStartMs(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - VN_OFFSET_MS;
}

/** The Vietnamese calendar day of an instant. */
export function vnDay(at: Date | number): string {
  const v = new Date((typeof at === "number" ? at : at.getTime()) + VN_OFFSET_MS);
  return dayString(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return vnDay(dayStartMs(day) + n * DAY_MS);
}

/** Day of the week: 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(dayStartMs(day) + VN_OFFSET_MS).getUTCDay();
}

export const isWeekend = (day: string) => {
  const w = weekday(day);
  return w === 0 || w === 6;
};

/** Minutes after midnight of a wall-clock time "HH:MM" (00:00–24:00); throws when malformed. */
export function parseClock(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || minutes > 24 * 60) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  return minutes;
}

/** The instant of a wall-clock time on a Vietnamese calendar day. */
export function vnInstant(day: string, hhmm: string): Date {
  return new Date(dayStartMs(day) + parseClock(hhmm) * 60_000);
}
