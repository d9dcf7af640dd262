/**
 * The working-time calendar of this installation: rule-computed holidays, overridden by the rows of `calendar_days`
 * (the government's yearly notices, shipped as data by migration 0005, and administrators' edits), with the working
 * periods and holiday options of the `settings` row "calendar" when present.
 *
 * The calendar is cached per process and database; setCalendarDay invalidates this process's copy at once, and every
 * process reloads at most 60 s after its last load, so several app nodes converge within a minute.
 * See docs/law.md#calendar.
 */
import type { DB } from "../adapters/db/index.js";
import { isValidDay, vnDay } from "../domain/calendar/days.js";
import {
  buildCalendar,
  type DayOverride,
  type HolidayRuleOptions,
  validatePeriods,
  type WorkingCalendar,
  type WorkingPeriod,
} from "../domain/calendar/working-time.js";
import { DEFAULT_RULES, type RuleSet } from "../domain/rules.js";
import type { Deps } from "./deps.js";
import { type FieldError, forbidden, invalidInput } from "./errors.js";

/** Key of the optional `settings` row: `{ periods?: WorkingPeriod[], holidayRules?: HolidayRuleOptions }`. */
export const CALENDAR_SETTINGS_KEY = "calendar";
/** A process reloads the calendar at most this long after its last load. */
export const CALENDAR_REFRESH_MS = 60_000;
export const MAX_REASON_LENGTH = 300;

interface CacheEntry {
  calendar: WorkingCalendar;
  loadedAt: number;
}

const cache = new WeakMap<DB, CacheEntry>();
const loading = new WeakMap<DB, Promise<CacheEntry>>();
/** Bumped on each invalidation so that a load started before it is not cached after it. */
const generations = new WeakMap<DB, number>();

export interface CalendarSettings {
  periods?: WorkingPeriod[];
  holidayRules?: HolidayRuleOptions;
}

/**
 * A `date` column as "YYYY-MM-DD". The adapters are meant to return text; PGlite 0.5 ignores the DATE parser and
 * gives a Date at 00:00 UTC, so accept both.
 */
export function dayText(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

async function load(db: DB): Promise<WorkingCalendar> {
  const [rows, settings] = await Promise.all([
    db.selectFrom("calendar_days").select(["day", "working", "reason"]).execute(),
    db.selectFrom("settings").select("value").where("key", "=", CALENDAR_SETTINGS_KEY).executeTakeFirst(),
  ]);
  const s = (settings?.value ?? {}) as CalendarSettings;
  const overrides: DayOverride[] = rows.map((r) => ({ day: dayText(r.day), working: r.working, reason: r.reason }));
  return buildCalendar({ periods: s.periods, holidayRules: s.holidayRules, overrides });
}

/** The calendar in force (cached; see the module comment). */
export async function getCalendar(deps: Pick<Deps, "db">): Promise<WorkingCalendar> {
  const db = deps.db;
  const hit = cache.get(db);
  if (hit && Date.now() - hit.loadedAt < CALENDAR_REFRESH_MS) return hit.calendar;
  let pending = loading.get(db);
  if (!pending) {
    const generation = generations.get(db) ?? 0;
    const started: Promise<CacheEntry> = load(db)
      .then((calendar) => {
        const entry = { calendar, loadedAt: Date.now() };
        if ((generations.get(db) ?? 0) === generation) cache.set(db, entry);
        return entry;
      })
      .finally(() => {
        if (loading.get(db) === started) loading.delete(db);
      });
    pending = started;
    loading.set(db, started);
  }
  return (await pending).calendar;
}

/** Drops this process's cached calendar (after a change of calendar days or settings). */
export function invalidateCalendar(deps: Pick<Deps, "db">): void {
  cache.delete(deps.db);
  loading.delete(deps.db);
  generations.set(deps.db, (generations.get(deps.db) ?? 0) + 1);
}

/** The rule set in force at an instant: the latest `rule_sets` row effective on or before that day (Vietnam time). */
export async function ruleSetAt(deps: Pick<Deps, "db">, at: Date): Promise<{ code: string | null; rules: RuleSet }> {
  const day = vnDay(at);
  const row = await deps.db
    .selectFrom("rule_sets")
    .select(["code", "rules"])
    .where("effective_from", "<=", day)
    .orderBy("effective_from", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { code: row.code, rules: { ...DEFAULT_RULES, ...row.rules } } : { code: null, rules: DEFAULT_RULES };
}

/**
 * Sets (working true/false) or removes (null) the override of one day, as an administrator. Writes the change and its
 * audit_log entry (before → after) in one transaction. Only an active officer with the "admin" role may do it.
 */
export async function setCalendarDay(
  deps: Deps,
  actor: { id: string; unitId: string; ip?: string },
  day: string,
  working: boolean | null,
  reason: string,
): Promise<void> {
  const at = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const officer = await trx
      .selectFrom("officers")
      .select(["roles", "active"])
      .where("id", "=", actor.id)
      .executeTakeFirst();
    if (!officer?.active || !(officer.roles as string[]).includes("admin")) throw forbidden("calendar_admin_only");

    const text = (reason ?? "").trim();
    const errors: FieldError[] = [];
    if (!isValidDay(day))
      errors.push({
        path: "day",
        text: { vi: "Ngày không hợp lệ (định dạng YYYY-MM-DD).", en: "Invalid day (format YYYY-MM-DD)." },
      });
    if (working !== null && text.length === 0)
      errors.push({ path: "reason", text: { vi: "Cần ghi lý do.", en: "A reason is required." } });
    if (text.length > MAX_REASON_LENGTH)
      errors.push({
        path: "reason",
        text: {
          vi: `Lý do không được quá ${MAX_REASON_LENGTH} ký tự.`,
          en: `The reason must be at most ${MAX_REASON_LENGTH} characters.`,
        },
      });
    if (errors.length > 0) throw invalidInput(errors, undefined, "invalid_calendar_day");

    const before = await trx
      .selectFrom("calendar_days")
      .select(["working", "reason", "source"])
      .where("day", "=", day)
      .forUpdate()
      .executeTakeFirst();
    if (working === null) {
      if (!before) return;
      await trx.deleteFrom("calendar_days").where("day", "=", day).execute();
    } else {
      const values = { working, reason: text, source: "admin", updated_by: actor.id, updated_at: at };
      await trx
        .insertInto("calendar_days")
        .values({ day, ...values })
        .onConflict((oc) => oc.column("day").doUpdateSet(values))
        .execute();
    }
    await trx
      .insertInto("audit_log")
      .values({
        at,
        actor_kind: "officer",
        actor_id: actor.id,
        unit_id: actor.unitId,
        action: working === null ? "calendar.day.remove" : "calendar.day.set",
        target: day,
        ip: actor.ip ?? null,
        data: JSON.stringify({
          before: before ?? null,
          after: working === null ? null : { working, reason: text, source: "admin" },
        }),
      })
      .execute();
  });
  invalidateCalendar(deps);
}

function checkSettings(settings: CalendarSettings): void {
  const bad = (path: string, message: string) =>
    invalidInput([{ path, text: { vi: message } }], undefined, "invalid_calendar_settings");
  if (settings.periods !== undefined) {
    try {
      validatePeriods(settings.periods);
    } catch (e) {
      throw bad("periods", `Giờ làm việc không hợp lệ: ${(e as Error).message}`);
    }
  }
  const r = settings.holidayRules;
  if (r === undefined) return;
  for (const k of ["tetDaysBefore", "tetDaysAfter"] as const) {
    const v = r[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 10))
      throw bad(`holidayRules.${k}`, "Cần một số nguyên từ 0 đến 10.");
  }
  if (r.timeZone !== undefined && r.timeZone !== 7)
    throw bad("holidayRules.timeZone", "Múi giờ âm lịch phải là 7 (Việt Nam).");
  if (r.nationalDayExtra !== undefined && !["auto", "before", "after"].includes(r.nationalDayExtra))
    throw bad("holidayRules.nationalDayExtra", "Chỉ nhận auto, before hoặc after.");
  for (const [i, f] of (r.extraFixed ?? []).entries()) {
    const probe = `2000-${String(f.month).padStart(2, "0")}-${String(f.day).padStart(2, "0")}`;
    if (!isValidDay(probe) || typeof f.reason !== "string" || f.reason.trim() === "")
      throw bad(`holidayRules.extraFixed[${i}]`, "Ngày lễ cố định không hợp lệ (tháng, ngày, lý do).");
  }
}

/** Stores the working periods / holiday options (validated) and invalidates the cache. Administrators only. */
export async function setCalendarSettings(
  deps: Deps,
  actor: { id: string; unitId: string; ip?: string },
  settings: CalendarSettings,
): Promise<void> {
  checkSettings(settings);
  await deps.db.transaction().execute(async (trx) => {
    const officer = await trx
      .selectFrom("officers")
      .select(["roles", "active"])
      .where("id", "=", actor.id)
      .executeTakeFirst();
    if (!officer?.active || !(officer.roles as string[]).includes("admin")) throw forbidden("calendar_admin_only");
    const before = await trx
      .selectFrom("settings")
      .select("value")
      .where("key", "=", CALENDAR_SETTINGS_KEY)
      .executeTakeFirst();
    const value = JSON.stringify(settings);
    await trx
      .insertInto("settings")
      .values({ key: CALENDAR_SETTINGS_KEY, value, updated_at: deps.now() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: deps.now() }))
      .execute();
    await trx
      .insertInto("audit_log")
      .values({
        at: deps.now(),
        actor_kind: "officer",
        actor_id: actor.id,
        unit_id: actor.unitId,
        action: "calendar.settings.set",
        target: CALENDAR_SETTINGS_KEY,
        ip: actor.ip ?? null,
        data: JSON.stringify({ before: before?.value ?? null, after: settings }),
      })
      .execute();
  });
  invalidateCalendar(deps);
}

/** A day the calendar records explicitly: a government notice (source "notice"/"seed") or an administrator's edit. */
export interface CalendarDayRecord {
  day: string;
  working: boolean;
  reason: string;
  source: string;
  updatedAt: Date;
}

/** The recorded days of a year (for the administrators' calendar page), in order. */
export async function calendarDaysOfYear(deps: Pick<Deps, "db">, year: number): Promise<CalendarDayRecord[]> {
  const rows = await deps.db
    .selectFrom("calendar_days")
    .select(["day", "working", "reason", "source", "updated_at"])
    .where("day", ">=", `${year}-01-01`)
    .where("day", "<", `${year + 1}-01-01`)
    .orderBy("day")
    .execute();
  return rows.map((r) => ({
    day: dayText(r.day),
    working: r.working,
    reason: r.reason,
    source: r.source,
    updatedAt: r.updated_at,
  }));
}
