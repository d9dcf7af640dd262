/** The pure lifecycle rules: who may do what in which state (403 role/unit before 409 state), process helpers. */
import { describe, expect, it } from "vitest";
import type { ProcessSpec } from "../../src/domain/catalogue.js";
import {
  type ActingOfficer,
  allowedActions,
  decide,
  decideCitizen,
  effectiveProcess,
  type LifecycleState,
  returnStepIndex,
  statusAfterForward,
} from "../../src/domain/lifecycle.js";

const CENTRE = "centre";
const DEPT = "dept";
const PROCESS: ProcessSpec = {
  steps: [
    { code: "TN", name: "Tiếp nhận", unit: "receiving", role: "receiving", budgetHours: 4 },
    { code: "TD", name: "Thẩm định", unit: "competent", role: "specialist", budgetHours: 12 },
    { code: "PD", name: "Phê duyệt", unit: "competent", role: "leader", budgetHours: 4 },
    { code: "TKQ", name: "Trả kết quả", unit: "receiving", role: "receiving", budgetHours: 4 },
  ],
};

function state(over: Partial<LifecycleState> = {}): LifecycleState {
  return {
    status: 4,
    received: true,
    receivingUnitId: CENTRE,
    currentUnitId: DEPT,
    step: { index: 1, code: "TD", name: "Thẩm định", role: "specialist", unitId: DEPT, assigneeId: null, dueAt: null },
    stepCount: 4,
    returnStepIndex: 3,
    openConsultations: [],
    openInteragency: [],
    interagencyActive: false,
    hasResult: false,
    pendingPayment: false,
    extensionCount: 0,
    maxExtensions: 1,
    supplementWindowOpen: true,
    ...over,
  };
}
const o = (unitId: string, ...roles: ActingOfficer["roles"]): ActingOfficer => ({
  id: `${unitId}-${roles.join("")}`,
  unitId,
  roles,
});

describe("decide", () => {
  it("lets the step holder forward and refuses other roles with 403", () => {
    expect(decide(o(DEPT, "specialist"), "forward", state())).toEqual({ ok: true });
    for (const who of [o(DEPT, "leader"), o(CENTRE, "specialist"), o(CENTRE, "receiving"), o(DEPT, "receiving")]) {
      const d = decide(who, "forward", state());
      expect(d).toMatchObject({ ok: false, status: 403, code: "not_step_holder" });
    }
  });

  it("checks role and unit before the state", () => {
    // a specialist may never receive, whatever the status: 403, not 409
    expect(decide(o(CENTRE, "specialist"), "receive", state({ status: 4 }))).toMatchObject({ status: 403 });
    expect(decide(o(CENTRE, "receiving"), "receive", state({ status: 4 }))).toMatchObject({
      status: 409,
      code: "action_not_allowed_in_status",
      message: { vi: 'Không thể "Tiếp nhận hồ sơ" khi hồ sơ đang ở trạng thái "Đang xử lý".' },
    });
  });

  it("supervisors and administrators may not act at all", () => {
    for (const r of ["supervisor", "admin"] as const)
      for (const a of ["receive", "forward", "stop", "return_result"] as const)
        expect(decide(o(CENTRE, r), a, state({ status: 1 }))).toMatchObject({ status: 403, code: "read_only_role" });
  });

  it("an assigned step belongs to its assignee", () => {
    const s = state({ step: { ...state().step!, assigneeId: "someone-else" } });
    expect(decide(o(DEPT, "specialist"), "forward", s)).toMatchObject({ status: 403, code: "assigned_to_other" });
    expect(decide(o(DEPT, "specialist"), "take", s)).toMatchObject({ status: 409, code: "assigned_to_other" });
    expect(decide(o(DEPT, "leader"), "assign", s)).toEqual({ ok: true });
  });

  it("forwarding waits for consultations, inter-agency tasks and the result", () => {
    const holder = o(DEPT, "specialist");
    expect(decide(holder, "forward", state({ openConsultations: [{ id: "c", unitId: "x" }] }))).toMatchObject({
      code: "consultation_open",
    });
    expect(decide(holder, "forward", state({ interagencyActive: true }))).toMatchObject({ code: "interagency_open" });
    const approval = state({ step: { ...state().step!, index: 2, role: "leader" } });
    expect(decide(o(DEPT, "leader"), "approve", approval)).toMatchObject({ status: 409, code: "result_missing" });
    expect(decide(o(DEPT, "leader"), "approve", { ...approval, hasResult: true })).toEqual({ ok: true });
    expect(decide(o(DEPT, "leader"), "forward", { ...approval, hasResult: true })).toMatchObject({
      code: "approval_required",
    });
  });

  it("the deadline may be moved once, by the late unit's leader, while the clock runs", () => {
    expect(decide(o(DEPT, "leader"), "apologise", state())).toEqual({ ok: true });
    expect(decide(o(CENTRE, "leader"), "apologise", state())).toMatchObject({ status: 403 });
    expect(decide(o(DEPT, "leader"), "apologise", state({ extensionCount: 1 }))).toMatchObject({
      status: 409,
      code: "extension_limit",
    });
    expect(decide(o(DEPT, "leader"), "apologise", state({ status: 5 }))).toMatchObject({ status: 409 });
  });

  it("supplements: once received, only within the window", () => {
    expect(decide(o(DEPT, "specialist"), "request_supplement", state())).toEqual({ ok: true });
    expect(decide(o(DEPT, "specialist"), "request_supplement", state({ supplementWindowOpen: false }))).toMatchObject({
      code: "supplement_window_passed",
    });
    const fresh = state({ status: 1, received: false, step: null, currentUnitId: null });
    expect(decide(o(CENTRE, "receiving"), "request_supplement", fresh)).toEqual({ ok: true });
    expect(decide(o(DEPT, "specialist"), "request_supplement", fresh)).toMatchObject({ status: 403 });
  });

  it("allowedActions lists exactly what decide allows", () => {
    const fresh = state({ status: 1, received: false, step: null, currentUnitId: null });
    expect(allowedActions(o(CENTRE, "receiving"), fresh)).toEqual([
      "receive",
      "request_supplement",
      "refuse",
      "record_withdrawal",
    ]);
    expect(allowedActions(o(CENTRE, "leader"), fresh)).toEqual([]);
    // certify_copy only under a procedure that certifies copies
    expect(allowedActions(o(DEPT, "specialist"), state())).not.toContain("certify_copy");
    expect(decide(o(DEPT, "specialist"), "certify_copy", state())).toMatchObject({
      status: 409,
      code: "not_a_certification_procedure",
    });
    expect(allowedActions(o(DEPT, "specialist"), state({ certifiesCopies: true }))).toEqual([
      "request_supplement",
      "take",
      "forward",
      "return_step",
      "consult",
      "start_interagency",
      "request_payment",
      "attach_result",
      "generate_result",
      "certify_copy",
    ]);
  });

  it("the applicant withdraws before processing ends and completes a requested supplement", () => {
    for (const st of [1, 2, 4, 5, 6] as const) expect(decideCitizen("withdraw", { status: st })).toEqual({ ok: true });
    for (const st of [3, 7, 8, 9, 10] as const)
      expect(decideCitizen("withdraw", { status: st })).toMatchObject({ status: 409 });
    expect(decideCitizen("supplement", { status: 5 })).toEqual({ ok: true });
    expect(decideCitizen("supplement", { status: 4 })).toMatchObject({ code: "no_supplement_requested" });
  });
});

describe("process helpers", () => {
  it("finds the return step and the status after a hand-over", () => {
    expect(returnStepIndex(PROCESS)).toBe(3);
    expect(returnStepIndex({ steps: PROCESS.steps.slice(0, 3) })).toBeNull();
    expect(statusAfterForward(2, 1, PROCESS)).toBe(4);
    expect(statusAfterForward(4, 2, PROCESS)).toBe(4);
    expect(statusAfterForward(4, 3, PROCESS)).toBe(9);
    expect(statusAfterForward(4, 3, { steps: PROCESS.steps.slice(0, 3) })).toBe(9);
  });

  it("gives a procedure without a process a default four-step one within its time limit", () => {
    const p = effectiveProcess({ steps: [] }, { unit: "working_days", value: 5 });
    expect(p.steps.map((s) => [s.code, s.role, s.budgetHours])).toEqual([
      ["TN", "receiving", 5],
      ["TD", "specialist", 25],
      ["PD", "leader", 5],
      ["TKQ", "receiving", 5],
    ]);
    expect(effectiveProcess(PROCESS, { unit: "working_days", value: 5 })).toBe(PROCESS);
  });
});
