import { describe, expect, it } from "vitest";
import { NOTICE_DAYS } from "../../src/adapters/db/migrations/0005_calendar_notices.js";
import { classifyOutcome, dueInstant } from "../../src/domain/calendar/deadline.js";
import { buildCalendar, DEFAULT_PERIODS } from "../../src/domain/calendar/working-time.js";
import { DEFAULT_RULES } from "../../src/domain/rules.js";
import { toVnIso } from "../../src/shared/format.js";

/** An instant written in Vietnam time. */
const vn = (s: string) => new Date(`${s}+07:00`);
const out = (d: Date) => toVnIso(d).replace("+07:00", "");

const plain = buildCalendar({});
const cal = buildCalendar({ overrides: NOTICE_DAYS });

describe("working days", () => {
  it("works Monday–Friday, not on weekends or holidays", () => {
    expect(plain.isWorkingDay("2026-03-16")).toBe(true); // Monday
    expect(plain.isWorkingDay("2026-03-14")).toBe(false); // Saturday
    expect(plain.isWorkingDay("2026-03-15")).toBe(false); // Sunday
    expect(plain.isWorkingDay("2026-02-17")).toBe(false);
    expect(plain.reasonFor("2026-02-17")).toBe("Tết Nguyên đán");
    expect(plain.reasonFor("2026-03-16")).toBeUndefined();
    expect(plain.hoursPerDay).toBe(8);
    expect(DEFAULT_PERIODS).toEqual([
      { start: "07:30", end: "11:30" },
      { start: "13:00", end: "17:00" },
    ]);
  });

  it("lets the notices override the computed defaults", () => {
    // swapped Saturday 10/01/2026 is worked, Friday 02/01/2026 is off
    expect(plain.isWorkingDay("2026-01-10")).toBe(false);
    expect(cal.isWorkingDay("2026-01-10")).toBe(true);
    expect(cal.reasonFor("2026-01-10")).toMatch(/Làm bù/);
    expect(plain.isWorkingDay("2026-01-02")).toBe(true);
    expect(cal.isWorkingDay("2026-01-02")).toBe(false);
    // 2025: the notice put Tết on 27–31/01 and Monday 03/02 back to work
    expect(plain.isWorkingDay("2025-01-27")).toBe(true);
    expect(cal.isWorkingDay("2025-01-27")).toBe(false);
    expect(plain.isWorkingDay("2025-02-03")).toBe(false);
    expect(cal.isWorkingDay("2025-02-03")).toBe(true);
    expect(cal.isWorkingDay("2025-05-02")).toBe(false);
    expect(cal.isWorkingDay("2025-04-26")).toBe(true);
  });

  it("lists a year's exceptions", () => {
    const y = cal.yearExceptions(2026);
    expect(y.workingWeekendDays.map((d) => d.day)).toEqual(["2026-01-10", "2026-08-22"]);
    expect(y.daysOff.map((d) => d.day)).toEqual([
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
    expect(y.daysOff[2]).toEqual({ day: "2026-02-16", reason: "Tết Nguyên đán" });
  });
});

describe("working instants and hours", () => {
  it("finds the next working instant", () => {
    expect(out(plain.nextWorkingInstant(vn("2026-03-16T09:00:00")))).toBe("2026-03-16T09:00:00");
    expect(out(plain.nextWorkingInstant(vn("2026-03-16T06:00:00")))).toBe("2026-03-16T07:30:00");
    expect(out(plain.nextWorkingInstant(vn("2026-03-16T11:30:00")))).toBe("2026-03-16T13:00:00");
    expect(out(plain.nextWorkingInstant(vn("2026-03-16T12:15:00")))).toBe("2026-03-16T13:00:00");
    expect(out(plain.nextWorkingInstant(vn("2026-03-16T17:00:00")))).toBe("2026-03-17T07:30:00");
    expect(out(plain.nextWorkingInstant(vn("2026-03-13T17:30:00")))).toBe("2026-03-16T07:30:00");
    expect(out(plain.previousWorkingInstant(vn("2026-03-16T12:15:00")))).toBe("2026-03-16T11:30:00");
    expect(out(plain.previousWorkingInstant(vn("2026-03-16T07:00:00")))).toBe("2026-03-13T17:00:00");
  });

  it("adds working hours inside a period, across lunch, to the end of the day and over weekends", () => {
    expect(out(plain.addWorkingHours(vn("2026-03-16T08:00:00"), 2))).toBe("2026-03-16T10:00:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T10:30:00"), 2))).toBe("2026-03-16T14:00:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T07:30:00"), 8))).toBe("2026-03-16T17:00:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T10:00:00"), 24))).toBe("2026-03-19T10:00:00");
    expect(out(plain.addWorkingHours(vn("2026-03-13T16:00:00"), 2))).toBe("2026-03-16T08:30:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T08:00:00"), 0.5))).toBe("2026-03-16T08:30:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T08:00:00"), 40))).toBe("2026-03-23T08:00:00");
  });

  it("counts a receipt outside working hours from the next period start", () => {
    // Friday 17:30 → Monday 07:30, one working day later is Monday 17:00
    expect(out(plain.addWorkingHours(vn("2026-03-13T17:30:00"), 8))).toBe("2026-03-16T17:00:00");
    expect(out(plain.addWorkingHours(vn("2026-03-14T10:00:00"), 1))).toBe("2026-03-16T08:30:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T12:00:00"), 1))).toBe("2026-03-16T14:00:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T05:00:00"), 0))).toBe("2026-03-16T07:30:00");
  });

  it("crosses Tết 2026 (14–22/02 off)", () => {
    expect(out(cal.addWorkingHours(vn("2026-02-13T15:00:00"), 8))).toBe("2026-02-23T15:00:00");
    expect(out(cal.addWorkingHours(vn("2026-02-12T09:00:00"), 24))).toBe("2026-02-24T09:00:00");
    expect(cal.workingHoursBetween(vn("2026-02-13T15:00:00"), vn("2026-02-23T09:00:00"))).toBe(3.5);
  });

  it("works on the swapped Saturdays and skips the swapped weekdays", () => {
    // Friday 09/01/2026 16:00 + 4 h: 1 h on Friday, 3 h on the working Saturday 10/01
    expect(out(cal.addWorkingHours(vn("2026-01-09T16:00:00"), 4))).toBe("2026-01-10T10:30:00");
    expect(out(plain.addWorkingHours(vn("2026-01-09T16:00:00"), 4))).toBe("2026-01-12T10:30:00");
    // Wednesday 31/12/2025 16:00 + 8 h: 1/1 holiday, 2/1 swapped off, 3–4/1 weekend → Monday 05/01 16:00
    expect(out(cal.addWorkingHours(vn("2025-12-31T16:00:00"), 8))).toBe("2026-01-05T16:00:00");
    // 2025: Friday 25/04 16:00 + 2 h → the working Saturday 26/04
    expect(out(cal.addWorkingHours(vn("2025-04-25T16:00:00"), 2))).toBe("2025-04-26T08:30:00");
    // 29/04/2025 16:00 + 2 h: 30/4, 1/5, swapped 2/5 and the weekend are off → Monday 05/05 08:30
    expect(out(cal.addWorkingHours(vn("2025-04-29T16:00:00"), 2))).toBe("2025-05-05T08:30:00");
    // Quốc khánh 2026: Friday 28/08 16:00 + 2 h → Thursday 03/09 08:30 (31/08 swapped, 1–2/9 holidays)
    expect(out(cal.addWorkingHours(vn("2026-08-28T16:00:00"), 2))).toBe("2026-09-03T08:30:00");
  });

  it("counts backwards with negative hours", () => {
    expect(out(plain.addWorkingHours(vn("2026-03-16T14:00:00"), -2))).toBe("2026-03-16T10:30:00");
    expect(out(plain.addWorkingHours(vn("2026-03-16T10:00:00"), -8))).toBe("2026-03-13T10:00:00");
    expect(out(cal.addWorkingHours(vn("2026-02-23T10:00:00"), -8))).toBe("2026-02-13T10:00:00");
  });

  it("measures working hours between two instants", () => {
    expect(plain.workingHoursBetween(vn("2026-03-16T10:30:00"), vn("2026-03-16T14:00:00"))).toBe(2);
    expect(plain.workingHoursBetween(vn("2026-03-16T14:00:00"), vn("2026-03-16T10:30:00"))).toBe(-2);
    expect(plain.workingHoursBetween(vn("2026-03-13T16:00:00"), vn("2026-03-16T08:30:00"))).toBe(2);
    expect(plain.workingHoursBetween(vn("2026-03-14T08:00:00"), vn("2026-03-15T16:00:00"))).toBe(0);
    expect(plain.workingHoursBetween(vn("2026-03-16T07:30:00"), vn("2026-03-20T17:00:00"))).toBe(40);
  });

  it("is the inverse of addWorkingHours", () => {
    const starts = ["2026-01-08T09:17:00", "2026-02-11T16:45:00", "2025-04-24T12:00:00", "2026-08-20T07:00:00"];
    for (const s of starts)
      for (const h of [0.25, 3, 8, 17.5, 80, 400]) {
        const from = vn(s);
        const to = cal.addWorkingHours(from, h);
        expect(cal.workingHoursBetween(from, to)).toBeCloseTo(h, 9);
        expect(cal.addWorkingHours(to, -h).getTime()).toBe(cal.nextWorkingInstant(from).getTime());
      }
  });

  it("counts days by the Civil Code: from the next day to the end of the last (working) day", () => {
    expect(toVnIso(cal.addCivilDays(vn("2026-02-13T15:00:00"), 2))).toBe("2026-02-24T23:59:59+07:00");
    expect(cal.addCivilDays(vn("2026-02-13T15:00:00"), 2).getTime()).toBe(vn("2026-02-25T00:00:00").getTime() - 1);
    // received on a Saturday: counting starts on Sunday, the first working day is Monday
    expect(toVnIso(cal.addCivilDays(vn("2026-03-14T10:00:00"), 1))).toBe("2026-03-16T23:59:59+07:00");
    expect(toVnIso(cal.addCivilDays(vn("2025-12-31T10:00:00"), 1))).toBe("2026-01-05T23:59:59+07:00");
    expect(toVnIso(cal.addCivilDays(vn("2026-01-09T10:00:00"), 1))).toBe("2026-01-10T23:59:59+07:00");
    expect(cal.addCivilDays(vn("2026-03-16T10:00:00"), 0).getTime()).toBe(vn("2026-03-16T10:00:00").getTime());
    expect(() => cal.addCivilDays(vn("2026-03-16T10:00:00"), 1.5)).toThrow();
  });

  it("takes configured periods and refuses bad ones", () => {
    const c = buildCalendar({
      periods: [
        { start: "08:00", end: "12:00" },
        { start: "13:30", end: "17:30" },
      ],
    });
    expect(c.hoursPerDay).toBe(8);
    expect(out(c.addWorkingHours(vn("2026-03-16T07:00:00"), 5))).toBe("2026-03-16T14:30:00");
    expect(() => buildCalendar({ periods: [{ start: "13:00", end: "11:30" }] })).toThrow();
    expect(() =>
      buildCalendar({
        periods: [
          { start: "07:30", end: "12:00" },
          { start: "11:00", end: "17:00" },
        ],
      }),
    ).toThrow();
    expect(() => buildCalendar({ periods: [{ start: "7:30", end: "11:30" }] })).toThrow();
    expect(() => buildCalendar({ periods: [] })).toThrow();
    expect(() => buildCalendar({ overrides: [{ day: "2026-02-30", working: false, reason: "x" }] })).toThrow();
  });

  it("refuses a calendar with no working time at all instead of looping", () => {
    const overrides = [];
    for (let d = new Date(Date.UTC(2026, 0, 1)); d.getUTCFullYear() < 2029; d.setUTCDate(d.getUTCDate() + 1))
      overrides.push({ day: d.toISOString().slice(0, 10), working: false, reason: "đóng cửa" });
    const closed = buildCalendar({ overrides });
    expect(() => closed.addWorkingHours(vn("2026-01-05T08:00:00"), 1)).toThrow(/no working time/);
  });
});

describe("deadlines", () => {
  const from = vn("2026-03-13T17:30:00"); // Friday after hours
  it("computes due instants for each kind of time limit", () => {
    // immediate: by the close of the working day on which it can be handled (Friday evening → Monday 17:00)
    expect(out(dueInstant(cal, from, { unit: "immediate", value: 0 }, DEFAULT_RULES))).toBe("2026-03-16T17:00:00");
    expect(out(dueInstant(cal, vn("2026-03-16T09:10:00"), { unit: "immediate", value: 0 }, DEFAULT_RULES))).toBe(
      "2026-03-16T17:00:00",
    );
    expect(out(dueInstant(cal, from, { unit: "working_hours", value: 4 }, DEFAULT_RULES))).toBe("2026-03-16T11:30:00");
    expect(out(dueInstant(cal, from, { unit: "working_days", value: 3 }, DEFAULT_RULES))).toBe("2026-03-18T17:00:00");
    expect(out(dueInstant(cal, vn("2026-03-16T10:00:00"), { unit: "working_days", value: 0.5 }, DEFAULT_RULES))).toBe(
      "2026-03-16T15:30:00",
    );
    // 5 working days from Wednesday 11/02/2026 10:00 cross Tết: 11, 12, 13/02, then 23, 24, 25/02 → 25/02 10:00
    expect(out(dueInstant(cal, vn("2026-02-11T10:00:00"), { unit: "working_days", value: 5 }, DEFAULT_RULES))).toBe(
      "2026-02-25T10:00:00",
    );
    // as_is gives the same answer: no working time passes outside working hours
    expect(
      dueInstant(cal, from, { unit: "working_days", value: 3 }, { ...DEFAULT_RULES, outsideHoursReceipt: "as_is" }),
    ).toEqual(dueInstant(cal, from, { unit: "working_days", value: 3 }, DEFAULT_RULES));
  });

  it("uses the Civil Code rule when the rule set says so", () => {
    const civil = { ...DEFAULT_RULES, deadlineMode: "civil_code" as const };
    expect(toVnIso(dueInstant(cal, from, { unit: "working_days", value: 3 }, civil))).toBe("2026-03-18T23:59:59+07:00");
    expect(toVnIso(dueInstant(cal, vn("2026-03-16T10:00:00"), { unit: "working_days", value: 3 }, civil))).toBe(
      "2026-03-19T23:59:59+07:00",
    );
    // hours and fractional days are still counted in working hours
    expect(out(dueInstant(cal, vn("2026-03-16T10:00:00"), { unit: "working_hours", value: 2 }, civil))).toBe(
      "2026-03-16T13:30:00",
    );
    expect(out(dueInstant(cal, vn("2026-03-16T10:00:00"), { unit: "working_days", value: 0.5 }, civil))).toBe(
      "2026-03-16T15:30:00",
    );
    expect(() => dueInstant(cal, from, { unit: "working_days", value: -1 }, DEFAULT_RULES)).toThrow();
  });

  it("classifies outcomes early / on time / late against the due instant", () => {
    const due = vn("2026-03-18T17:00:00");
    expect(classifyOutcome(vn("2026-03-17T16:59:00"), due)).toBe("early");
    expect(classifyOutcome(vn("2026-03-18T00:00:00"), due)).toBe("on_time");
    expect(classifyOutcome(vn("2026-03-18T17:00:00"), due)).toBe("on_time");
    expect(classifyOutcome(vn("2026-03-18T17:00:01"), due)).toBe("late");
    expect(classifyOutcome(vn("2026-03-19T08:00:00"), due)).toBe("late");
    // the Vietnamese day decides, not UTC: 23:30 on the 17th in Vietnam is 16:30 UTC
    expect(classifyOutcome(vn("2026-03-17T23:30:00"), vn("2026-03-18T06:00:00"))).toBe("early");
    expect(classifyOutcome(vn("2026-03-18T00:30:00"), vn("2026-03-18T06:00:00"))).toBe("on_time");
  });
});
