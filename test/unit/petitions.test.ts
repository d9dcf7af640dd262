/**
 * Petitions (issue #8): the answer deadline on the working-time calendar, the code, who may do what, and the two
 * Decision 766 components against hand-computed cases, including the edges (no petitions, no ratings).
 */
import { describe, expect, it } from "vitest";
import { buildCalendar } from "../../src/domain/calendar/working-time.js";
import { COMPONENTS, index766, type Measured, scoreComponent } from "../../src/domain/measure/index766.js";
import {
  allowedPetitionActions,
  answeredOnTime,
  answerWorkingDays,
  decidePetition,
  formatPetitionCode,
  isOverdue,
  type PetitionState,
  petitionDueAt,
  petitionSatisfaction,
  petitionsOnTime,
} from "../../src/domain/petitions.js";
import { DEFAULT_RULES } from "../../src/domain/rules.js";

const vn = (s: string) => new Date(`${s.replace(" ", "T")}:00+07:00`);
const cal = buildCalendar();

describe("the answer deadline (10 working days by default, on the working-time calendar)", () => {
  it("counts 80 working hours from receipt: Mon 02/03/2026 09:00 → Mon 16/03/2026 09:00", () => {
    // Mon 6.5 h (09:00–11:30, 13:00–17:00), then 9 whole days (72 h) to Fri 13/03 17:00, then 1.5 h on Mon 16/03
    expect(petitionDueAt(cal, vn("2026-03-02 09:00"), DEFAULT_RULES)).toEqual(vn("2026-03-16 09:00"));
  });

  it("skips the holidays and the compensatory day: Thu 23/04/2026 09:00 → Tue 12/05/2026 09:00", () => {
    // Giỗ Tổ (Sun 26/04) compensated on Mon 27/04, 30/04 and 01/05 off: 6.5 + 8 (Fri) + 3 × 8 (28–29/04 … 04/05)…
    expect(petitionDueAt(cal, vn("2026-04-23 09:00"), DEFAULT_RULES)).toEqual(vn("2026-05-12 09:00"));
  });

  it("a petition filed outside working hours counts from the next working period", () => {
    // Fri 06/03 18:00 → counted from Mon 09/03 07:30; 10 whole days end Fri 20/03 17:00
    expect(petitionDueAt(cal, vn("2026-03-06 18:00"), DEFAULT_RULES)).toEqual(vn("2026-03-20 17:00"));
  });

  it("the number of days is a rule of the rule set in force (configurable), 10 when absent or invalid", () => {
    expect(answerWorkingDays(DEFAULT_RULES)).toBe(10);
    expect(answerWorkingDays({ ...DEFAULT_RULES, petitionAnswerWorkingDays: 15 } as never)).toBe(15);
    expect(answerWorkingDays({ petitionAnswerWorkingDays: 0 })).toBe(10);
    expect(answerWorkingDays({ petitionAnswerWorkingDays: "7" })).toBe(10);
    const rules = { ...DEFAULT_RULES, petitionAnswerWorkingDays: 5 } as never;
    // Mon 02/03 09:00 + 40 working hours: 6.5 + 4 × 8 = 38.5 by Fri 06/03 17:00, then 1.5 h → Mon 09/03 09:00
    expect(petitionDueAt(cal, vn("2026-03-02 09:00"), rules)).toEqual(vn("2026-03-09 09:00"));
  });

  it("on time up to the due instant, late one minute after; overdue only while not answered", () => {
    const due = vn("2026-03-16 09:00");
    expect(answeredOnTime(vn("2026-03-16 09:00"), due)).toBe(true);
    expect(answeredOnTime(vn("2026-03-10 10:00"), due)).toBe(true);
    expect(answeredOnTime(vn("2026-03-16 09:01"), due)).toBe(false);
    expect(isOverdue({ status: "assigned", dueAt: due }, vn("2026-03-16 09:01"))).toBe(true);
    expect(isOverdue({ status: "assigned", dueAt: due }, vn("2026-03-16 09:00"))).toBe(false);
    expect(isOverdue({ status: "answered", dueAt: due }, vn("2026-04-01 09:00"))).toBe(false);
  });
});

describe("the petition code", () => {
  it("is PAKN-<unit code>-<YYMMDD>-<NNNN>, with the unit code as issued", () => {
    expect(formatPetitionCode("000.00.12.H56", "2026-03-02", 7)).toBe("PAKN-000.00.12.H56-260302-0007");
    expect(() => formatPetitionCode("X", "2026-03-02", 10000)).toThrow(RangeError);
  });
});

describe("who may do what", () => {
  const unit = "u1";
  const base: PetitionState = {
    status: "received",
    unitId: unit,
    assigneeId: null,
    publishConsent: true,
    published: false,
  };
  const receiving = { id: "r", unitId: unit, roles: ["receiving"] as const };
  const specialist = { id: "s", unitId: unit, roles: ["specialist"] as const };
  const other = { id: "s2", unitId: unit, roles: ["specialist"] as const };
  const leader = { id: "l", unitId: unit, roles: ["leader"] as const };
  const elsewhere = { id: "x", unitId: "u2", roles: ["leader"] as const };

  it("receiving officers and leaders assign; the assignee drafts; a leader approves, returns and publishes", () => {
    expect(allowedPetitionActions(base, receiving)).toEqual(["assign"]);
    expect(allowedPetitionActions(base, specialist)).toEqual([]);
    const assigned = { ...base, status: "assigned" as const, assigneeId: "s" };
    expect(allowedPetitionActions(assigned, specialist)).toEqual(["answer"]);
    expect(decidePetition("answer", assigned, other)).toMatchObject({
      ok: false,
      status: 403,
      code: "petition_not_assignee",
    });
    const drafted = { ...assigned, status: "drafted" as const };
    expect(allowedPetitionActions(drafted, leader)).toEqual(["approve", "return"]);
    expect(decidePetition("approve", drafted, specialist)).toMatchObject({
      ok: false,
      status: 403,
      code: "petition_role",
    });
    const answered = { ...drafted, status: "answered" as const };
    expect(allowedPetitionActions(answered, leader)).toEqual(["publish"]);
    expect(decidePetition("publish", { ...answered, published: true }, leader)).toMatchObject({ status: 409 });
  });

  it("another unit's officer is refused first (403), then the state (409)", () => {
    expect(decidePetition("assign", base, elsewhere)).toMatchObject({
      ok: false,
      status: 403,
      code: "petition_other_unit",
    });
    expect(decidePetition("approve", base, leader)).toMatchObject({ ok: false, status: 409, code: "petition_state" });
  });
});

describe("Decision 766: petitions handled on time and satisfaction with petition handling", () => {
  const spec = (k: string) => COMPONENTS.find((c) => c.key === k)!;
  const m = (r: { numerator: number; denominator: number }): Measured => ({
    numerator: r.numerator,
    denominator: r.denominator,
  });

  it("3 on time of 4 answered → 6 × 3/4 = 4.5 points", () => {
    const r = petitionsOnTime({ onTime: 3, late: 1 });
    expect(r).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(scoreComponent(spec("petitions_on_time"), m(r))).toMatchObject({ status: "scored", points: 4.5 });
  });

  it("2 satisfied (1 very, 1 satisfied) of 3 ratings → 6 × 2/3 = 4 points (full marks only at 100 %)", () => {
    const r = petitionSatisfaction({ very_satisfied: 1, satisfied: 1, unsatisfied: 1 });
    expect(r).toMatchObject({ numerator: 2, denominator: 3 });
    expect(scoreComponent(spec("petition_satisfaction"), m(r))).toMatchObject({ status: "scored", points: 4 });
    const all = petitionSatisfaction({ very_satisfied: 2, satisfied: 0, unsatisfied: 0 });
    expect(scoreComponent(spec("petition_satisfaction"), m(all))).toMatchObject({ points: 6 });
    const none = petitionSatisfaction({ very_satisfied: 0, satisfied: 0, unsatisfied: 2 });
    expect(scoreComponent(spec("petition_satisfaction"), m(none))).toMatchObject({ status: "scored", points: 0 });
  });

  it("no petitions answered and no ratings are no data: neither zero nor full marks, and out of the maximum", () => {
    const onTime = petitionsOnTime({ onTime: 0, late: 0 });
    const sat = petitionSatisfaction({ very_satisfied: 0, satisfied: 0, unsatisfied: 0 });
    expect(onTime.value).toBeNull();
    expect(sat.value).toBeNull();
    expect(scoreComponent(spec("petitions_on_time"), m(onTime))).toMatchObject({ status: "no_data", points: null });
    expect(scoreComponent(spec("petition_satisfaction"), m(sat))).toMatchObject({ status: "no_data", points: null });
    const inputs = Object.fromEntries(
      COMPONENTS.map((c) => [c.key, { noData: { vi: "x", en: "x" } } as Measured]),
    ) as Record<string, Measured>;
    inputs.petitions_on_time = m(onTime);
    inputs.petition_satisfaction = m(petitionSatisfaction({ very_satisfied: 1, satisfied: 0, unsatisfied: 0 }));
    const idx = index766(inputs as never);
    expect(idx.scoredMax).toBe(6);
    expect(idx.points).toBe(6);
    expect(idx.noData).toContain("petitions_on_time");
  });
});
