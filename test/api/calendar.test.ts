import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NOTICE_DAYS } from "../../src/adapters/db/migrations/0005_calendar_notices.js";
import {
  CALENDAR_REFRESH_MS,
  dayText,
  getCalendar,
  invalidateCalendar,
  setCalendarDay,
  setCalendarSettings,
} from "../../src/app/calendar.js";
import { AppError } from "../../src/app/errors.js";
import { DEFAULT_RULES } from "../../src/domain/rules.js";
import { createTestApp, type TestContext } from "../helpers/app.js";

describe("calendar API and administration", () => {
  let ctx: TestContext;
  let unitId: string;
  let adminId: string;
  let clerkId: string;

  const due = async (query: string) => ctx.app.inject(`/api/calendar/due?${query}`);

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false });
    const unit = await ctx.deps.db
      .insertInto("units")
      .values({
        code: "000.00.98.H98",
        name: "Trung tâm Phục vụ hành chính công thử",
        kind: "centre",
        level: "province",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    unitId = unit.id;
    const officer = (username: string, roles: string[]) =>
      ctx.deps.db
        .insertInto("officers")
        .values({ username, name: username, unit_id: unitId, roles: JSON.stringify(roles), password_hash: "x" })
        .returning("id")
        .executeTakeFirstOrThrow();
    adminId = (await officer("cal-admin", ["admin"])).id;
    clerkId = (await officer("cal-clerk", ["receiving", "leader"])).id;
  });
  afterAll(() => ctx.close());

  it("ships the 2025 and 2026 notices as calendar_days rows", async () => {
    const rows = (await ctx.deps.db.selectFrom("calendar_days").selectAll().orderBy("day").execute()).map((r) => ({
      ...r,
      day: dayText(r.day),
    }));
    expect(rows.map((r) => r.day)).toEqual(NOTICE_DAYS.map((d) => d.day).sort());
    expect(rows.length).toBe(NOTICE_DAYS.length);
    expect(rows.every((r) => r.source === "notice")).toBe(true);
    expect(rows.find((r) => r.day === "2026-01-10")).toMatchObject({ working: true });
    expect(rows.find((r) => r.day === "2025-05-02")).toMatchObject({ working: false });
  });

  it("lists a year's days off and working weekend days", async () => {
    const res = await ctx.app.inject("/api/calendar/2026");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.year).toBe(2026);
    expect(body.daysOff.map((d: { day: string }) => d.day)).toEqual([
      "2026-01-01",
      "2026-01-02",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-04-27",
      "2026-04-30",
      "2026-05-01",
      "2026-08-31",
      "2026-09-01",
      "2026-09-02",
    ]);
    expect(body.daysOff[2]).toEqual({ day: "2026-02-16", reason: "Tết Nguyên đán" });
    expect(body.workingWeekendDays).toEqual([
      { day: "2026-01-10", reason: "Làm bù cho Thứ Sáu 02/01/2026 (hoán đổi ngày làm việc dịp Tết Dương lịch)" },
      { day: "2026-08-22", reason: "Làm bù cho Thứ Hai 31/08/2026 (hoán đổi ngày làm việc dịp Quốc khánh)" },
    ]);

    const y2025 = (await ctx.app.inject("/api/calendar/2025")).json();
    expect(y2025.daysOff.map((d: { day: string }) => d.day)).toEqual([
      "2025-01-01",
      "2025-01-27",
      "2025-01-28",
      "2025-01-29",
      "2025-01-30",
      "2025-01-31",
      "2025-04-07",
      "2025-04-30",
      "2025-05-01",
      "2025-05-02",
      "2025-09-01",
      "2025-09-02",
    ]);
    expect(y2025.workingWeekendDays.map((d: { day: string }) => d.day)).toEqual(["2025-04-26"]);

    // a year without a notice: the computed defaults (Tết 2027 starts on Saturday 06/02 → compensation 10–11/02)
    const y2027 = (await ctx.app.inject("/api/calendar/2027")).json();
    expect(y2027.daysOff).toContainEqual({ day: "2027-02-05", reason: "Tết Nguyên đán" });
    expect(y2027.daysOff).toContainEqual({ day: "2027-02-10", reason: "Nghỉ bù Tết Nguyên đán" });
    expect(y2027.daysOff).toContainEqual({ day: "2027-02-11", reason: "Nghỉ bù Tết Nguyên đán" });
    expect(y2027.workingWeekendDays).toEqual([]);
  });

  it("refuses a bad year with a localised 422", async () => {
    for (const y of ["abc", "1800", "20261", "2200"]) {
      const res = await ctx.app.inject(`/api/calendar/${y}`);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.message).toBe("Năm không hợp lệ: cần một số nguyên từ 1900 đến 2199.");
    }
    const en = await ctx.app.inject("/api/calendar/abc?lang=en");
    expect(en.json().error).toMatchObject({
      code: "invalid_parameters",
      message: "Invalid year: a whole number from 1900 to 2199 is required.",
      fields: [{ path: "params.year" }],
    });
  });

  it("answers due instants in Vietnam time", async () => {
    // Friday 17:30: counting starts on Monday 07:30
    let res = await due("from=2026-03-13T17:30:00%2B07:00&workingDays=1");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ due: "2026-03-16T17:00:00+07:00" });
    // the same instant in UTC
    res = await due("from=2026-03-13T10:30:00Z&workingDays=1");
    expect(res.json()).toEqual({ due: "2026-03-16T17:00:00+07:00" });
    // an unencoded "+" arrives as a space; no offset means Vietnam time
    expect((await due("from=2026-03-13T17:30:00+07:00&workingDays=1")).json().due).toBe("2026-03-16T17:00:00+07:00");
    expect((await due("from=2026-03-13T17:30&workingDays=1")).json().due).toBe("2026-03-16T17:00:00+07:00");
    // working hours, across lunch
    expect((await due("from=2026-03-16T10:30:00%2B07:00&workingHours=2")).json().due).toBe("2026-03-16T14:00:00+07:00");
    expect((await due("from=2026-03-16T10:30:00%2B07:00&workingHours=2.5")).json().due).toBe(
      "2026-03-16T14:30:00+07:00",
    );
    // across Tết 2026 and across the swapped Saturday 10/01/2026
    expect((await due("from=2026-02-13T15:00:00%2B07:00&workingDays=1")).json().due).toBe("2026-02-23T15:00:00+07:00");
    expect((await due("from=2026-01-09T16:00:00%2B07:00&workingHours=4")).json().due).toBe("2026-01-10T10:30:00+07:00");
    expect((await due("from=2026-03-16T09:00:00%2B07:00&workingDays=0")).json().due).toBe("2026-03-16T09:00:00+07:00");
  });

  it("refuses bad or missing parameters with clear localised messages", async () => {
    const cases: [string, string, string][] = [
      ["workingDays=1", "querystring.from", "Thiếu tham số from"],
      ["from=&workingDays=1", "querystring.from", "Thiếu tham số from"],
      ["from=yesterday&workingDays=1", "querystring.from", "không phải thời điểm ISO-8601"],
      ["from=2026-02-30T08:00:00Z&workingDays=1", "querystring.from", "không phải thời điểm ISO-8601"],
      ["from=2026-03-16T08:00:00Z", "querystring", "Cần một trong hai tham số workingDays"],
      ["from=2026-03-16T08:00:00Z&workingDays=1&workingHours=8", "querystring", "không dùng cả hai"],
      ["from=2026-03-16T08:00:00Z&workingDays=-1", "querystring.workingDays", "workingDays phải là một số"],
      ["from=2026-03-16T08:00:00Z&workingDays=abc", "querystring.workingDays", "workingDays phải là một số"],
      ["from=2026-03-16T08:00:00Z&workingDays=5000", "querystring.workingDays", "tối đa 1000"],
      ["from=2026-03-16T08:00:00Z&workingHours=x", "querystring.workingHours", "workingHours phải là một số"],
    ];
    for (const [query, path, text] of cases) {
      const res = await due(query);
      expect(res.statusCode, query).toBe(422);
      const error = res.json().error;
      expect(error.code, query).toBe("invalid_parameters");
      expect(error.message, query).toContain(text);
      expect(error.fields, query).toContainEqual({ path, message: expect.stringContaining(text) });
    }
    const en = (await due("from=2026-03-16T08:00:00Z&workingDays=1&workingHours=8&lang=en")).json().error;
    expect(en.message).toBe("Use either workingDays or workingHours, not both.");
    const two = (await due("lang=en")).json().error;
    expect(two.message).toBe("Invalid parameters.");
    expect(two.fields.map((f: { path: string }) => f.path)).toEqual(["querystring.from", "querystring"]);
  });

  it("documents both routes in the OpenAPI document", async () => {
    const doc = (await ctx.app.inject("/api/openapi.json")).json();
    const dueOp = doc.paths["/api/calendar/due"].get;
    expect(dueOp.tags).toEqual(["calendar"]);
    expect(dueOp.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["from", "workingDays", "workingHours"]),
    );
    expect(dueOp.responses["200"]).toBeDefined();
    expect(dueOp.responses["422"]).toBeDefined();
    expect(doc.paths["/api/calendar/{year}"].get.tags).toEqual(["calendar"]);
  });

  it("applies the Civil Code rule when the rule set in force says so", async () => {
    await ctx.deps.db
      .insertInto("rule_sets")
      .values({
        code: "TEST-CIVIL-2030",
        name: "Thử nghiệm Bộ luật Dân sự",
        effective_from: "2030-01-01",
        rules: JSON.stringify({ ...DEFAULT_RULES, deadlineMode: "civil_code" }),
      })
      .execute();
    // Friday 04/01/2030 10:00 + 2 days: counting from Saturday, working days 07/01 and 08/01 → end of 08/01
    expect((await due("from=2030-01-04T10:00:00%2B07:00&workingDays=2")).json().due).toBe("2030-01-08T23:59:59+07:00");
    // before the rule set takes effect: working hours
    expect((await due("from=2029-12-28T10:00:00%2B07:00&workingDays=2")).json().due).toBe("2030-01-02T10:00:00+07:00");
  });

  it("lets an administrator set and remove a day, with an audit_log entry in the same transaction", async () => {
    const admin = { id: adminId, unitId, ip: "10.0.0.7" };
    expect((await getCalendar(ctx.deps)).isWorkingDay("2026-03-16")).toBe(true);

    await setCalendarDay(ctx.deps, admin, "2026-03-16", false, "  Nghỉ đột xuất theo quyết định của UBND tỉnh ");
    let cal = await getCalendar(ctx.deps);
    expect(cal.isWorkingDay("2026-03-16")).toBe(false);
    expect(cal.reasonFor("2026-03-16")).toBe("Nghỉ đột xuất theo quyết định của UBND tỉnh");
    // the public answers change at once
    expect((await due("from=2026-03-13T17:30:00%2B07:00&workingDays=1")).json().due).toBe("2026-03-17T17:00:00+07:00");
    expect((await ctx.app.inject("/api/calendar/2026")).json().daysOff).toContainEqual({
      day: "2026-03-16",
      reason: "Nghỉ đột xuất theo quyết định của UBND tỉnh",
    });
    const row = await ctx.deps.db
      .selectFrom("calendar_days")
      .selectAll()
      .where("day", "=", "2026-03-16")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ working: false, source: "admin", updated_by: adminId });

    let audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("target", "=", "2026-03-16")
      .orderBy("id")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_kind: "officer",
      actor_id: adminId,
      unit_id: unitId,
      action: "calendar.day.set",
      ip: "10.0.0.7",
      data: { before: null, after: { working: false, reason: "Nghỉ đột xuất theo quyết định của UBND tỉnh" } },
    });

    // a Saturday made a working day
    await setCalendarDay(ctx.deps, admin, "2026-03-21", true, "Làm bù ngày 16/03/2026");
    cal = await getCalendar(ctx.deps);
    expect(cal.isWorkingDay("2026-03-21")).toBe(true);
    expect((await ctx.app.inject("/api/calendar/2026")).json().workingWeekendDays).toContainEqual({
      day: "2026-03-21",
      reason: "Làm bù ngày 16/03/2026",
    });

    // removing the override restores the default
    await setCalendarDay(ctx.deps, admin, "2026-03-16", null, "");
    cal = await getCalendar(ctx.deps);
    expect(cal.isWorkingDay("2026-03-16")).toBe(true);
    audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("target", "=", "2026-03-16")
      .orderBy("id")
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      action: "calendar.day.remove",
      data: { before: { working: false, source: "admin" }, after: null },
    });

    // editing a shipped notice keeps the notice as "before"
    await setCalendarDay(ctx.deps, admin, "2026-01-10", false, "Hủy làm bù");
    expect((await getCalendar(ctx.deps)).isWorkingDay("2026-01-10")).toBe(false);
    const noticeAudit = await ctx.deps.db
      .selectFrom("audit_log")
      .select("data")
      .where("target", "=", "2026-01-10")
      .executeTakeFirstOrThrow();
    expect(noticeAudit.data).toMatchObject({ before: { working: true, source: "notice" } });
  });

  it("refuses non-administrators and bad input, changing nothing", async () => {
    const countAudit = async () =>
      Number(
        (
          await ctx.deps.db
            .selectFrom("audit_log")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countAudit();
    const refuse = async (p: Promise<void>, status: number, code: string) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(status);
      expect((err as AppError).code).toBe(code);
    };
    await refuse(
      setCalendarDay(ctx.deps, { id: clerkId, unitId }, "2026-03-18", false, "Nghỉ"),
      403,
      "calendar_admin_only",
    );
    await refuse(
      setCalendarDay(ctx.deps, { id: "00000000-0000-0000-0000-000000000000", unitId }, "2026-03-18", false, "Nghỉ"),
      403,
      "calendar_admin_only",
    );
    const admin = { id: adminId, unitId };
    await refuse(setCalendarDay(ctx.deps, admin, "2026-02-30", false, "Nghỉ"), 422, "invalid_calendar_day");
    await refuse(setCalendarDay(ctx.deps, admin, "18/03/2026", false, "Nghỉ"), 422, "invalid_calendar_day");
    await refuse(setCalendarDay(ctx.deps, admin, "2026-03-18", false, "   "), 422, "invalid_calendar_day");
    await refuse(setCalendarDay(ctx.deps, admin, "2026-03-18", false, "x".repeat(301)), 422, "invalid_calendar_day");
    await ctx.deps.db.updateTable("officers").set({ active: false }).where("id", "=", adminId).execute();
    await refuse(setCalendarDay(ctx.deps, admin, "2026-03-18", false, "Nghỉ"), 403, "calendar_admin_only");
    await ctx.deps.db.updateTable("officers").set({ active: true }).where("id", "=", adminId).execute();

    expect((await getCalendar(ctx.deps)).isWorkingDay("2026-03-18")).toBe(true);
    expect(
      await ctx.deps.db.selectFrom("calendar_days").select("day").where("day", "=", "2026-03-18").execute(),
    ).toEqual([]);
    expect(await countAudit()).toBe(before);
  });

  it("stores working periods as settings", async () => {
    const admin = { id: adminId, unitId };
    await expect(
      setCalendarSettings(ctx.deps, admin, { periods: [{ start: "13:00", end: "08:00" }] }),
    ).rejects.toMatchObject({ status: 422, code: "invalid_calendar_settings" });
    await expect(setCalendarSettings(ctx.deps, admin, { holidayRules: { timeZone: 8 } })).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      setCalendarSettings(ctx.deps, { id: clerkId, unitId }, { periods: [{ start: "08:00", end: "16:00" }] }),
    ).rejects.toMatchObject({ status: 403 });

    await setCalendarSettings(ctx.deps, admin, {
      periods: [
        { start: "08:00", end: "12:00" },
        { start: "13:30", end: "17:30" },
      ],
    });
    expect((await due("from=2026-03-13T17:30:00%2B07:00&workingHours=5")).json().due).toBe("2026-03-16T14:30:00+07:00");
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("action", "=", "calendar.settings.set")
      .execute();
    expect(audit).toEqual([{ action: "calendar.settings.set", actor_id: adminId }]);
    // back to the defaults for the other tests
    await ctx.deps.db.deleteFrom("settings").where("key", "=", "calendar").execute();
    invalidateCalendar(ctx.deps);
    expect((await getCalendar(ctx.deps)).periods[0]).toEqual({ start: "07:30", end: "11:30" });
  });

  it("sees another node's change after the refresh interval", async () => {
    const cal = await getCalendar(ctx.deps);
    expect(cal.isWorkingDay("2026-03-19")).toBe(true);
    // another node writes directly; this process keeps its cached copy until the refresh interval passes
    await ctx.deps.db
      .insertInto("calendar_days")
      .values({ day: "2026-03-19", working: false, reason: "Sửa từ nút khác", source: "admin" })
      .execute();
    expect(await getCalendar(ctx.deps)).toBe(cal);
    const realNow = Date.now();
    const spy = vi.spyOn(Date, "now").mockReturnValue(realNow + CALENDAR_REFRESH_MS + 1000);
    try {
      const fresh = await getCalendar(ctx.deps);
      expect(fresh).not.toBe(cal);
      expect(fresh.isWorkingDay("2026-03-19")).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });
});
