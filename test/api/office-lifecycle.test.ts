/**
 * Whole-lifecycle scenarios of the one-stop office (issue #3 acceptance): online → received → processed → approved →
 * returned early / on time / late; receipt outside working hours; deadlines across Tết 2026 and a swapped Saturday;
 * refusal; withdrawal (by the applicant and recorded by an officer); stop. Exact statuses, codes, due instants and
 * event sequences.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../src/app/history.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import {
  act,
  as,
  detail,
  dossierRow,
  eventsOf,
  ok,
  runToProcessed,
  type Staff,
  staff,
  submitOnline,
  vn,
} from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let citizen: TestCitizen;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 07:00") });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  citizen = await loginAsCitizen(ctx);
});
afterAll(() => ctx.close());

const types = async (id: string) => (await eventsOf(ctx, id)).map((e) => e.type);

describe("whole lifecycle: online → received → processed → approved → returned", () => {
  it("early: every step, code, due instant, event and notification", async () => {
    ctx.setNow(vn("2026-03-02 07:55"));
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    ctx.setNow(vn("2026-03-02 08:00"));
    const received = await ok(ctx, s.receiving, id, "receive");
    expect(received.dossier.status).toBe(2);
    expect(received.dossier.code).toMatch(/^000\.00\.99\.H99-260302-\d{4}$/);
    // 3 working days = 24 working hours from Mon 08:00 → Thu 08:00
    expect(received.dossier.dueAt).toBe(vn("2026-03-05 08:00").toISOString());
    expect(received.dossier.originalDueAt).toBe(vn("2026-03-05 08:00").toISOString());
    expect(received.dossier.dueState).toBe("ok");
    expect(received.dossier.logbook).toEqual({ year: 2026, no: expect.any(Number) });
    // step 0 (receive, 4 h) at the centre, assigned to the receiving officer; due Mon 13:30
    const t0 = received.tasks.find((t: any) => t.stepIndex === 0);
    expect(t0).toMatchObject({ status: "open", assignee: { id: s.receiving.id }, unit: { id: p.unitId } });
    expect(t0.dueAt).toBe(vn("2026-03-02 13:30").toISOString());
    expect(received.forms.map((f: any) => f.no)).toEqual(["01", "06"]);
    expect(received.allowedActions.map((a: any) => a.action)).toEqual(
      expect.arrayContaining(["forward", "request_supplement", "record_withdrawal", "assign"]),
    );

    ctx.setNow(vn("2026-03-02 09:00"));
    const fwd = await ok(ctx, s.receiving, id, "forward");
    expect(fwd.dossier.status).toBe(4);
    expect(fwd.dossier.currentUnit.id).toBe(p.specialistUnitId);
    // step 1 (appraise, 12 h) from Mon 09:00 → Tue 14:30
    expect(fwd.dossier.stepDueAt).toBe(vn("2026-03-03 14:30").toISOString());

    ctx.setNow(vn("2026-03-03 10:00"));
    await ok(ctx, s.deptSpecialist, id, "generate_result", { title: "Giấy xác nhận", content: "Xác nhận." });
    const appraised = await ok(ctx, s.deptSpecialist, id, "forward");
    expect(appraised.dossier.status).toBe(4);
    // step 2 (approve, 4 h) from Tue 10:00 → Tue 15:30
    expect(appraised.dossier.stepDueAt).toBe(vn("2026-03-03 15:30").toISOString());

    ctx.setNow(vn("2026-03-03 14:00"));
    const approved = await ok(ctx, s.deptLeader, id, "approve");
    expect(approved.dossier.status).toBe(9);
    expect(approved.dossier.outcome).toBe("early");
    expect(approved.dossier.processedAt).toBe(vn("2026-03-03 14:00").toISOString());
    expect(approved.dossier.currentUnit.id).toBe(p.unitId);
    expect(approved.dossier.dueState).toBe("none");

    ctx.setNow(vn("2026-03-03 16:00"));
    const returned = await ok(ctx, s.receiving, id, "return_result", { method: "online" });
    expect(returned.dossier.status).toBe(10);
    expect(returned.dossier.returnedAt).toBe(vn("2026-03-03 16:00").toISOString());
    expect(returned.allowedActions).toEqual([]);

    expect(await types(id)).toEqual([
      "submitted",
      "received",
      "handed_over",
      "result_attached",
      "handed_over",
      "processed",
      "returned",
    ]);
    const evs = await eventsOf(ctx, id);
    expect(evs.map((e) => [e.from_status, e.to_status])).toEqual([
      [null, 1],
      [1, 2],
      [2, 4],
      [4, 4],
      [4, 4],
      [4, 9],
      [9, 10],
    ]);
    // actor, unit and IP on every officer event; before → after of changed fields
    const rec = evs[1];
    expect(rec).toMatchObject({
      actor_kind: "officer",
      actor_id: s.receiving.id,
      actor_name: "Trần Thị Bình",
      unit_id: p.unitId,
    });
    expect(rec.ip).toBeTruthy();
    expect((rec.data as any).changes.status).toEqual({ from: 1, to: 2 });
    expect((rec.data as any).changes.due_at).toEqual({ from: null, to: vn("2026-03-05 08:00").toISOString() });
    // hand-overs: giver, receiver, time and outcome of each step against its own due instant
    const h = evs.filter((e) => (e.data as any).handover).map((e) => (e.data as any).handover);
    expect(h.map((x: any) => [x.step.index, x.giver.name, x.fromUnit.id, x.toUnit.id, x.outcome])).toEqual([
      [0, "Trần Thị Bình", p.unitId, p.specialistUnitId, "on_time"],
      [1, "Hoàng Minh Đức", p.specialistUnitId, p.specialistUnitId, "on_time"],
      [2, "Vũ Thị Hạnh", p.specialistUnitId, p.unitId, "on_time"],
    ]);
    // notify.status for every status change: 1, 2, 4, 9, 10
    const outbox = await ctx.deps.db
      .selectFrom("outbox")
      .select(["key", "payload"])
      .where("dossier_id", "=", id)
      .where("topic", "=", "notify.status")
      .orderBy("id")
      .execute();
    expect(outbox.map((o) => (o.payload as any).status)).toEqual([1, 2, 4, 9, 10]);
    expect(outbox.map((o) => o.key)).toEqual([1, 2, 3, 6, 7].map((seq) => `${id}:${seq}`));
    expect(await verifyChains(ctx.deps.db, id)).toEqual({ checked: 7 });
  });

  it("on time: processed on the due day, before the due instant", async () => {
    const id = await submitOnline(ctx, p, { citizenId: citizen.id, at: vn("2026-03-02 07:50") });
    const done = await runToProcessed(ctx, s, id, {
      receive: vn("2026-03-02 08:00"),
      forward: vn("2026-03-02 08:30"),
      appraise: vn("2026-03-04 15:00"),
      approve: vn("2026-03-05 07:45"),
    });
    expect(done.dossier.status).toBe(9);
    expect(done.dossier.dueAt).toBe(vn("2026-03-05 08:00").toISOString());
    expect(done.dossier.outcome).toBe("on_time");
    // the appraisal (due Tue 14:00) ended Wed 15:00: late; the approval (4 h from Wed 15:00 → Thu 09:30) on time
    const steps = done.tasks.filter((t: any) => t.kind === "step").map((t: any) => [t.stepIndex, t.outcome]);
    expect(steps).toEqual([
      [0, "on_time"],
      [1, "late"],
      [2, "on_time"],
      [3, null],
    ]);
    ctx.setNow(vn("2026-03-05 09:00"));
    const r = await ok(ctx, s.receiving, id, "return_result", { method: "counter", receiverName: "Nguyễn Văn An" });
    expect(r.dossier.status).toBe(10);
    expect(r.dossier.outcome).toBe("on_time");
  });

  it("late: processed after the due instant", async () => {
    const id = await submitOnline(ctx, p, { citizenId: citizen.id, at: vn("2026-03-02 07:50") });
    const done = await runToProcessed(ctx, s, id, {
      receive: vn("2026-03-02 08:00"),
      forward: vn("2026-03-02 08:30"),
      appraise: vn("2026-03-04 15:00"),
      approve: vn("2026-03-05 09:00"),
    });
    expect(done.dossier.outcome).toBe("late");
    ctx.setNow(vn("2026-03-05 10:00"));
    const r = await ok(ctx, s.receiving, id, "return_result", { method: "post" });
    expect(r.dossier).toMatchObject({ status: 10, outcome: "late", returnMethod: "post" });
  });

  it("refuses to hand back without a result, and to approve at a non-approval step", async () => {
    const id = await submitOnline(ctx, p, { citizenId: citizen.id, at: vn("2026-03-02 07:50") });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    await ok(ctx, s.receiving, id, "forward");
    const r = await act(ctx, s.deptSpecialist, id, "approve");
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("not_an_approval_step");
    await ok(ctx, s.deptSpecialist, id, "forward");
    const noResult = await act(ctx, s.deptLeader, id, "approve");
    expect(noResult.status).toBe(409);
    expect(noResult.body.error).toMatchObject({
      code: "result_missing",
      message: "Chưa có kết quả giải quyết: đính kèm hoặc tạo văn bản kết quả trước khi chuyển trả kết quả.",
    });
    const en = await act(ctx, s.deptLeader, id, "approve", {}, "en");
    expect(en.body.error.message).toBe("No result yet: attach or generate the result before handing the dossier back.");
  });
});

describe("deadlines on the working calendar", () => {
  it("a receipt outside working hours counts from the start of the next working period", async () => {
    const id = await submitOnline(ctx, p, { at: vn("2026-03-06 17:20") });
    ctx.setNow(vn("2026-03-06 17:30")); // Friday after 17:00
    const d = await ok(ctx, s.receiving, id, "receive");
    expect(d.dossier.receivedAt).toBe(vn("2026-03-06 17:30").toISOString());
    expect(d.dossier.code).toMatch(/^000\.00\.99\.H99-260306-0001$/);
    // counts from Mon 09/03 07:30: 24 working hours → Wed 11/03 17:00
    expect(d.dossier.dueAt).toBe(vn("2026-03-11 17:00").toISOString());
    const ev = (await eventsOf(ctx, id)).find((e) => e.type === "received")!;
    expect((ev.data as any).countsFrom).toBe(vn("2026-03-09 07:30").toISOString());
    // the first step's 4 h also count from Monday morning
    expect(d.dossier.stepDueAt).toBe(vn("2026-03-09 11:30").toISOString());
  });

  it("a deadline across Tết 2026 skips 14–22/02", async () => {
    const id = await submitOnline(ctx, p, { at: vn("2026-02-12 07:40") });
    ctx.setNow(vn("2026-02-12 08:00")); // Thursday before Tết
    const d = await ok(ctx, s.receiving, id, "receive");
    // Thu 7.5 h + Fri 8 h, Tết off 14–22/02, Mon 23/02 8 h, Tue 24/02 0.5 h → 08:00
    expect(d.dossier.dueAt).toBe(vn("2026-02-24 08:00").toISOString());
    expect(d.dossier.code).toBe("000.00.99.H99-260212-0001");
  });

  it("a swapped working Saturday (10/01/2026) counts as a working day", async () => {
    const id = await submitOnline(ctx, p, { at: vn("2026-01-08 07:40") });
    ctx.setNow(vn("2026-01-08 08:00")); // Thursday
    const d = await ok(ctx, s.receiving, id, "receive");
    // Thu 7.5 h + Fri 09/01 8 h + Sat 10/01 (worked) 8 h + Mon 12/01 0.5 h
    expect(d.dossier.dueAt).toBe(vn("2026-01-12 08:00").toISOString());
  });
});

describe("refusal, withdrawal, stop", () => {
  it("refusal: status 3 with reason and legal basis, form 03, closed", async () => {
    const id = await submitOnline(ctx, p, { citizenId: citizen.id, at: vn("2026-03-02 07:50") });
    ctx.setNow(vn("2026-03-02 08:10"));
    const bad = await act(ctx, s.receiving, id, "refuse", { reason: "Không thuộc thẩm quyền" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: any) => f.path)).toContain("body.legalBasis");
    const d = await ok(ctx, s.receiving, id, "refuse", {
      reason: "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan",
      legalBasis: ["Khoản 2 Điều 15 Nghị định 61/2018/NĐ-CP"],
    });
    expect(d.dossier).toMatchObject({ status: 3, code: null, dueState: "none" });
    expect(d.dossier.closedAt).toBe(vn("2026-03-02 08:10").toISOString());
    expect(d.forms.map((f: any) => f.no)).toEqual(["03"]);
    expect(await types(id)).toEqual(["submitted", "refused"]);
    const again = await act(ctx, s.receiving, id, "receive");
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'Không thể "Tiếp nhận hồ sơ" khi hồ sơ đang ở trạng thái "Không được tiếp nhận".',
    );
  });

  it("withdrawal by the applicant during processing; refused once processed", async () => {
    const id = await submitOnline(ctx, p, { citizenId: citizen.id, at: vn("2026-03-02 07:50") });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    await ok(ctx, s.receiving, id, "forward");
    const other = await loginAsCitizen(ctx, { subject: "test|other", idNumber: "001090099999", name: "Người Khác" });
    const notMine = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${id}/withdraw`,
      headers: await as(ctx, other, "citizen"),
      payload: {},
    });
    expect(notMine.statusCode).toBe(404);
    ctx.setNow(vn("2026-03-02 10:00"));
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${id}/withdraw`,
      headers: await as(ctx, citizen, "citizen"),
      payload: { reason: "Tôi không còn nhu cầu" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id, status: 7 });
    const row = await dossierRow(ctx, id);
    expect(row).toMatchObject({ status: 7, due_state: "none", current_step: null });
    const evs = await eventsOf(ctx, id);
    expect(evs.at(-1)).toMatchObject({
      type: "withdrawn",
      actor_kind: "citizen",
      actor_id: citizen.id,
      from_status: 4,
      to_status: 7,
    });
    const open = await ctx.deps.db
      .selectFrom("dossier_tasks")
      .select("status")
      .where("dossier_id", "=", id)
      .where("status", "=", "open")
      .execute();
    expect(open).toEqual([]);

    const done = await submitOnline(ctx, p, { citizenId: citizen.id, at: vn("2026-03-02 07:50") });
    await runToProcessed(ctx, s, done, {
      receive: vn("2026-03-02 08:00"),
      forward: vn("2026-03-02 08:30"),
      appraise: vn("2026-03-02 09:00"),
      approve: vn("2026-03-02 10:00"),
    });
    const late = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${done}/withdraw`,
      headers: await as(ctx, citizen, "citizen"),
      payload: {},
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('Không thể rút hồ sơ khi hồ sơ đang ở trạng thái "Đã xử lý xong".');
  });

  it("withdrawal recorded by a receiving officer", async () => {
    const id = await submitOnline(ctx, p, { at: vn("2026-03-02 07:50") });
    ctx.setNow(vn("2026-03-02 08:00"));
    const d = await ok(ctx, s.receiving, id, "record_withdrawal", { reason: "Công dân đến quầy đề nghị rút" });
    expect(d.dossier.status).toBe(7);
    expect(await types(id)).toEqual(["submitted", "withdrawn"]);
  });

  it("stop: status 8 by a leader with form 05; tasks cancelled", async () => {
    const id = await submitOnline(ctx, p, { at: vn("2026-03-02 07:50") });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    await ok(ctx, s.receiving, id, "forward");
    const bySpecialist = await act(ctx, s.deptSpecialist, id, "stop", { reason: "x", legalBasis: ["y"] });
    expect(bySpecialist.status).toBe(403);
    ctx.setNow(vn("2026-03-02 15:00"));
    const d = await ok(ctx, s.deptLeader, id, "stop", {
      reason: "Có văn bản của cơ quan có thẩm quyền đề nghị dừng giải quyết",
      legalBasis: ["Điều 18 Nghị định 61/2018/NĐ-CP"],
    });
    expect(d.dossier).toMatchObject({ status: 8, dueState: "none", currentStep: null });
    expect(d.tasks.filter((t: any) => t.status === "open")).toEqual([]);
    expect(d.forms.map((f: any) => f.no)).toEqual(["01", "05", "06"]);
    const pdf = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/05`,
      headers: await as(ctx, s.deptLeader),
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("the applicant's portal history reads the same events", async () => {
    const id = await submitOnline(ctx, p, { citizenId: citizen.id, at: vn("2026-03-02 07:50") });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    const view = await detail(ctx, s.receiving, id);
    expect(view.events.map((e: any) => e.type)).toEqual(["submitted", "received"]);
    expect(view.events[1].label).toEqual({ vi: "Tiếp nhận hồ sơ", en: "Received" });
  });
});
