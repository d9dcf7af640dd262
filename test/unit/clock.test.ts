/** The dossier's clock as pure rules beside the calendar (issue #11 "the law in the domain"; #10 items 1, 2, 4). */
import { describe, expect, it } from "vitest";
import { NOTICE_DAYS } from "../../src/adapters/db/migrations/0005_calendar_notices.js";
import {
  afterCutoff,
  apologyTiming,
  dueState,
  handlingDay,
  handoverDueAt,
  resumeClock,
  supplementAllowance,
  supplementResumeMode,
  suspendClock,
} from "../../src/domain/calendar/clock.js";
import { dueInstant } from "../../src/domain/calendar/deadline.js";
import { buildCalendar } from "../../src/domain/calendar/working-time.js";
import { DEFAULT_RULES, type RuleSet } from "../../src/domain/rules.js";
import { toVnIso } from "../../src/shared/format.js";

const vn = (s: string) => new Date(`${s}+07:00`);
const out = (d: Date | null) => (d ? toVnIso(d).replace("+07:00", "") : null);
const cal = buildCalendar({ overrides: NOTICE_DAYS });
const R = (o: Partial<RuleSet> = {}): RuleSet => ({ ...DEFAULT_RULES, ...o });

describe("due state", () => {
  it("none without a due instant, overdue after it, due soon within the rule set's hours", () => {
    const due = vn("2026-03-05T08:00:00");
    expect(dueState(cal, vn("2026-03-02T08:00:00"), null, R())).toBe("none");
    expect(dueState(cal, vn("2026-03-02T08:00:00"), due, R())).toBe("ok");
    expect(dueState(cal, vn("2026-03-04T08:00:00"), due, R())).toBe("due_soon");
    expect(dueState(cal, vn("2026-03-04T08:00:00"), due, R({ dueSoonWorkingHours: 4 }))).toBe("ok");
    expect(dueState(cal, vn("2026-03-05T08:00:01"), due, R())).toBe("overdue");
  });
});

describe("cut-offs", () => {
  it("after 15:00 means strictly after, in Vietnam time", () => {
    expect(afterCutoff(vn("2026-03-02T15:00:00"), "15:00")).toBe(false);
    expect(afterCutoff(vn("2026-03-02T15:00:01"), "15:00")).toBe(true);
    expect(afterCutoff(vn("2026-03-02T07:00:00"), "15:00")).toBe(false);
  });
  it("handles the dossier the same working day before the cut-off, else the next working day", () => {
    expect(handlingDay(cal, vn("2026-03-02T14:59:00"), "15:00")).toBe("2026-03-02");
    expect(handlingDay(cal, vn("2026-03-02T15:30:00"), "15:00")).toBe("2026-03-03");
    expect(handlingDay(cal, vn("2026-03-06T16:00:00"), "15:00")).toBe("2026-03-09"); // Friday → Monday
    expect(handlingDay(cal, vn("2026-03-07T10:00:00"), "15:00")).toBe("2026-03-09"); // Saturday → Monday
    // Tết 2026: Friday 13/02 after 15:00 → Monday 23/02
    expect(handlingDay(cal, vn("2026-02-13T15:10:00"), "15:00")).toBe("2026-02-23");
  });
  it("a same-day procedure received after the cut-off is due by the end of the next working day", () => {
    const imm = { unit: "immediate" as const, value: 0 };
    expect(out(dueInstant(cal, vn("2026-03-02T14:00:00"), imm, R()))).toBe("2026-03-02T17:00:00");
    expect(out(dueInstant(cal, vn("2026-03-02T15:01:00"), imm, R()))).toBe("2026-03-03T17:00:00");
    expect(out(dueInstant(cal, vn("2026-03-02T15:01:00"), imm, R({ sameDayCutoff: "16:00" })))).toBe(
      "2026-03-02T17:00:00",
    );
  });
  it("a paper dossier is handed over the same day (within its budget), or early the next working day", () => {
    const h = (at: string, budgetHours: number, paper = true, rules = R()) =>
      out(handoverDueAt(cal, vn(at), { budgetHours, paper }, rules).dueAt);
    expect(h("2026-03-02T08:00:00", 2)).toBe("2026-03-02T10:00:00");
    expect(h("2026-03-02T14:00:00", 4)).toBe("2026-03-02T17:00:00");
    expect(h("2026-03-02T15:30:00", 4)).toBe("2026-03-03T08:30:00");
    expect(h("2026-03-02T15:30:00", 4, true, R({ paperHandoverNextDayHours: 2 }))).toBe("2026-03-03T09:30:00");
    expect(h("2026-03-02T15:30:00", 0.5)).toBe("2026-03-03T08:00:00");
    expect(h("2026-03-02T15:30:00", 4, true, R({ paperHandoverCutoff: "16:00" }))).toBe("2026-03-02T17:00:00");
    expect(h("2026-03-02T15:30:00", 4, false)).toBe("2026-03-03T10:00:00"); // electronic: the budget
    expect(handoverDueAt(cal, vn("2026-03-02T15:30:00"), { budgetHours: 4, paper: true }, R()).afterCutoff).toBe(true);
  });
});

describe("suspension and resumption", () => {
  const running = { dueAt: vn("2026-03-05T08:00:00"), stepDueAt: vn("2026-03-03T13:00:00") };
  it("remembers the working hours left, never negative", () => {
    expect(suspendClock(cal, vn("2026-03-03T10:00:00"), running)).toEqual({
      remainingHours: 14,
      stepRemainingHours: 1.5,
    });
    expect(suspendClock(cal, vn("2026-03-06T10:00:00"), running)).toEqual({ remainingHours: 0, stepRemainingHours: 0 });
    expect(suspendClock(cal, vn("2026-03-03T10:00:00"), { dueAt: null, stepDueAt: null })).toEqual({
      remainingHours: null,
      stepRemainingHours: null,
    });
  });
  it("pause adds the hours left; restart counts from zero with the step's whole budget", () => {
    const now = vn("2026-03-06T10:00:00");
    const suspended = { remainingHours: 14, stepRemainingHours: 1.5 };
    const paused = resumeClock(cal, now, "pause", { running, suspended, restartDue: null });
    expect([out(paused.dueAt), out(paused.stepDueAt)]).toEqual(["2026-03-10T08:00:00", "2026-03-06T11:30:00"]);
    const restartDue = dueInstant(cal, now, { unit: "working_days", value: 3 }, R());
    const restarted = resumeClock(cal, now, "restart", { running, suspended, restartDue, stepBudgetHours: 12 });
    expect([out(restarted.dueAt), out(restarted.stepDueAt)]).toEqual(["2026-03-11T10:00:00", "2026-03-09T15:30:00"]);
  });
  it("the time limit restarts at most once, never for an exception, never under a pause rule set", () => {
    expect(supplementResumeMode(R(), { exceptional: false, restartsSoFar: 0 })).toBe("restart");
    expect(supplementResumeMode(R(), { exceptional: false, restartsSoFar: 1 })).toBe("pause");
    expect(supplementResumeMode(R(), { exceptional: true, restartsSoFar: 0 })).toBe("pause");
    expect(supplementResumeMode(R({ supplementClock: "pause" }), { exceptional: false, restartsSoFar: 0 })).toBe(
      "pause",
    );
  });
  it("one supplement request per dossier; beyond it refused, or an exception where the rule set allows one", () => {
    expect(supplementAllowance(R(), 0)).toBe("allowed");
    expect(supplementAllowance(R(), 1)).toBe("refused");
    expect(supplementAllowance(R({ supplementException: "with_legal_basis" }), 1)).toBe("exception_only");
    expect(supplementAllowance(R({ maxSupplementRequests: 2 }), 1)).toBe("allowed");
  });
});

describe("apology timing", () => {
  const due = vn("2026-03-05T08:00:00");
  it("in time at least one working day before the due instant", () => {
    expect(apologyTiming(cal, vn("2026-03-04T08:00:00"), due, R())).toEqual({
      inTime: true,
      latestAt: vn("2026-03-04T08:00:00"),
      overdue: false,
    });
    expect(apologyTiming(cal, vn("2026-03-04T08:01:00"), due, R())).toMatchObject({ inTime: false, overdue: false });
    expect(apologyTiming(cal, vn("2026-03-05T09:00:00"), due, R())).toMatchObject({ inTime: false, overdue: true });
    expect(apologyTiming(cal, vn("2026-03-03T08:01:00"), due, R({ apologyLeadWorkingDays: 2 })).inTime).toBe(false);
  });
});
