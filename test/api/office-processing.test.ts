/**
 * Supplements (before and after receipt; the clock restarts, or resumes under a "pause" rule set; the window after
 * receipt), financial obligation, consultation, inter-agency processing, assignment, return to an earlier step, and
 * the control sheet (form 06) built from the hand-overs.
 */
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../../src/domain/rules.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";
import {
  act,
  as,
  detail,
  dossierRow,
  eventsOf,
  multipart,
  ok,
  PDF_BYTES,
  type Staff,
  staff,
  submitOnline,
  upload,
  vn,
} from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let citizen: TestCitizen;
let thirdUnit: string;
let thirdSpecialist: TestOfficer;
let deptSpecialist2: TestOfficer;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 07:00") });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  citizen = await loginAsCitizen(ctx);
  const u = await ctx.deps.db
    .insertInto("units")
    .values({
      code: "000.03.99.H99",
      name: "Sở Tài chính tỉnh Thử nghiệm",
      kind: "department",
      level: "province",
      phone: "0222 3812 222",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  thirdUnit = u.id;
  thirdSpecialist = await loginAsOfficer(ctx, {
    unitId: thirdUnit,
    roles: ["specialist"],
    username: "cv.taichinh",
    name: "Lý Thu Trang",
  });
  deptSpecialist2 = await loginAsOfficer(ctx, {
    unitId: p.specialistUnitId,
    roles: ["specialist"],
    username: "cv.duc2",
    name: "Mai Văn Hai",
  });
  await ctx.deps.db
    .insertInto("rule_sets")
    .values({
      code: "TEST-PAUSE",
      name: "Thử nghiệm: tạm dừng khi bổ sung",
      effective_from: "2020-01-01",
      rules: JSON.stringify({ ...DEFAULT_RULES, supplementClock: "pause" }),
    })
    .execute();
});
afterAll(() => ctx.close());

/** Received Mon 02/03 08:00 (due Thu 05/03 08:00) and forwarded to the department at 09:00. */
async function atAppraisal(opts: { ruleSet?: string } = {}) {
  ctx.setNow(vn("2026-03-02 07:50"));
  const id = await submitOnline(ctx, p, { citizenId: citizen.id });
  if (opts.ruleSet)
    await ctx.deps.db.updateTable("dossiers").set({ rule_set_code: opts.ruleSet }).where("id", "=", id).execute();
  ctx.setNow(vn("2026-03-02 08:00"));
  await ok(ctx, s.receiving, id, "receive");
  ctx.setNow(vn("2026-03-02 09:00"));
  await ok(ctx, s.receiving, id, "forward");
  return id;
}

async function citizenSupplement(id: string, note = "Đã bổ sung bản sao CCCD") {
  const body = multipart({ note }, [
    { field: "upload.GT", name: "cccd.pdf", type: "application/pdf", bytes: PDF_BYTES },
  ]);
  return ctx.app.inject({
    method: "POST",
    url: `/api/dossiers/${id}/supplement`,
    headers: { ...(await as(ctx, citizen, "citizen")), ...body.headers },
    payload: body.payload,
  });
}

const ITEMS = { items: [{ content: "Bản sao Căn cước công dân", reason: "Hồ sơ chưa có giấy tờ tùy thân" }] };

describe("supplement", () => {
  it("after receipt: suspends the clock, form 02; completed online → restarts from zero, new form 01", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-03 10:00"));
    const req = await ok(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    expect(req.dossier).toMatchObject({ status: 5, dueState: "none", supplementRounds: 1 });
    expect(req.dossier.suspendedAt).toBe(vn("2026-03-03 10:00").toISOString());
    expect(req.forms.map((f: any) => f.no)).toEqual(["01", "02", "06"]);
    const f02 = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/02`,
      headers: await as(ctx, s.receiving),
    });
    expect(f02.statusCode).toBe(200);
    const text = (await extractText(await getDocumentProxy(new Uint8Array(f02.rawPayload)), { mergePages: true })).text;
    expect(text).toContain("Bản sao Căn cước công dân");
    expect(text).toContain("Hồ sơ chưa có giấy tờ tùy thân");

    // the applicant, and only the owner, completes it
    const wrong = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${id}/supplement`,
      headers: { ...(await as(ctx, citizen, "citizen")), "content-type": "application/json" },
      payload: { files: [] },
    });
    expect(wrong.statusCode).toBe(422);
    ctx.setNow(vn("2026-03-06 10:00"));
    const res = await citizenSupplement(id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id, status: 4 });
    const d = await detail(ctx, s.receiving, id);
    // restart: 3 working days from Fri 06/03 10:00 → Wed 11/03 10:00; the appraisal's 12 h → Mon 09/03 15:30
    expect(d.dossier.dueAt).toBe(vn("2026-03-11 10:00").toISOString());
    expect(d.dossier.originalDueAt).toBe(vn("2026-03-11 10:00").toISOString());
    expect(d.dossier.stepDueAt).toBe(vn("2026-03-09 15:30").toISOString());
    expect(d.dossier).toMatchObject({ status: 4, dueState: "ok", suspendedAt: null });
    expect(
      d.files.filter((f: any) => f.kind === "supplement").map((f: any) => [f.name, f.componentCode, f.mime]),
    ).toEqual([["cccd.pdf", "GT", "application/pdf"]]);
    const evs = await eventsOf(ctx, id);
    expect(evs.slice(-2).map((e) => [e.type, e.actor_kind, e.from_status, e.to_status])).toEqual([
      ["supplement_requested", "officer", 4, 5],
      ["supplement_completed", "citizen", 5, 4],
    ]);
    expect((evs.at(-1)!.data as any).clock).toBe("restart");
    // a new receipt (form 01) carries the new appointment
    const f01 = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/01`,
      headers: await as(ctx, s.receiving),
    });
    const t01 = (await extractText(await getDocumentProxy(new Uint8Array(f01.rawPayload)), { mergePages: true })).text;
    expect(t01).toContain("10:00 11/03/2026");
    // nothing more to supplement
    const again = await citizenSupplement(id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("Hồ sơ không có yêu cầu bổ sung đang chờ.");
  });

  it("under a pause rule set the remaining working hours resume", async () => {
    const id = await atAppraisal({ ruleSet: "TEST-PAUSE" });
    ctx.setNow(vn("2026-03-03 10:00")); // 14 working hours left until Thu 08:00
    await ok(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    expect((await dossierRow(ctx, id)).remaining_hours).toBe(14);
    ctx.setNow(vn("2026-03-06 10:00"));
    // JSON with a file uploaded through the portal's upload API
    const body = multipart({}, [{ field: "file", name: "to-khai-ky.pdf", type: "application/pdf", bytes: PDF_BYTES }]);
    const up = await ctx.app.inject({
      method: "POST",
      url: "/api/uploads",
      headers: { ...(await as(ctx, citizen, "citizen")), ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode).toBe(201);
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${id}/supplement`,
      headers: await as(ctx, citizen, "citizen"),
      payload: { files: [{ fileId: up.json().id, componentCode: "TK" }], note: "Tờ khai đã ký" },
    });
    expect(res.statusCode).toBe(200);
    const row = await dossierRow(ctx, id);
    // Fri 10:00 + 14 h → Tue 10/03 08:00
    expect(row.due_at).toEqual(vn("2026-03-10 08:00"));
    expect((await eventsOf(ctx, id)).at(-1)!.data).toMatchObject({ clock: "pause" });
  });

  it("before receipt: status 1 → 5 → 1, then received with a code", async () => {
    ctx.setNow(vn("2026-03-02 07:50"));
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    ctx.setNow(vn("2026-03-02 08:30"));
    const d = await ok(ctx, s.receiving, id, "request_supplement", ITEMS);
    expect(d.dossier).toMatchObject({ status: 5, code: null, dueAt: null });
    // not receivable while waiting, but refusable
    expect((await act(ctx, s.receiving, id, "receive")).status).toBe(409);
    ctx.setNow(vn("2026-03-03 09:00"));
    expect((await citizenSupplement(id)).statusCode).toBe(200);
    expect((await dossierRow(ctx, id)).status).toBe(1);
    ctx.setNow(vn("2026-03-03 09:30"));
    const r = await ok(ctx, s.receiving, id, "receive");
    expect(r.dossier.code).toMatch(/^000\.00\.99\.H99-260303-\d{4}$/);
    expect(r.dossier.dueAt).toBe(vn("2026-03-06 09:30").toISOString());
    expect((await eventsOf(ctx, id)).map((e) => e.type)).toEqual([
      "submitted",
      "supplement_requested",
      "supplement_completed",
      "received",
    ]);
  });

  it("completed at the counter with scans uploaded by the receiving officer", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-03 10:00"));
    await ok(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    const up = await upload(ctx, s.receiving, [{ name: "cccd-scan.pdf", bytes: PDF_BYTES }]);
    expect(up.status).toBe(201);
    const other = await upload(ctx, s.deptSpecialist, [{ name: "x.pdf", bytes: PDF_BYTES }]);
    const notMine = await act(ctx, s.receiving, id, "complete_supplement", {
      files: [{ fileId: other.body.files[0].id }],
    });
    expect(notMine.status).toBe(422);
    expect(notMine.body.error.fields[0].path).toBe("body.files[0]");
    ctx.setNow(vn("2026-03-04 08:00"));
    const d = await ok(ctx, s.receiving, id, "complete_supplement", {
      files: [{ fileId: up.body.files[0].id, componentCode: "GT" }],
      note: "Công dân nộp bổ sung tại quầy",
    });
    expect(d.dossier.status).toBe(4);
    expect(d.dossier.dueAt).toBe(vn("2026-03-09 08:00").toISOString());
  });

  it("after the window (3 working days from receipt) a supplement is refused", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-06 10:00"));
    const r = await act(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("supplement_window_passed");
  });
});

describe("financial obligation", () => {
  it("status 6 suspends the clock; confirmed payment resumes the hours left", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-03 10:00"));
    const r = await ok(ctx, s.deptSpecialist, id, "request_payment", {
      amount: 150000,
      description: "Lệ phí cấp giấy xác nhận",
    });
    expect(r.dossier.status).toBe(6);
    expect(r.payments).toEqual([expect.objectContaining({ amount: 150000, status: "requested" })]);
    expect((await act(ctx, s.deptSpecialist, id, "request_payment", { amount: 1, description: "x" })).status).toBe(409);
    ctx.setNow(vn("2026-03-05 10:00"));
    const paid = await ok(ctx, s.receiving, id, "confirm_payment", { method: "counter", reference: "BL-0001" });
    expect(paid.dossier.status).toBe(4);
    // 14 h left at Tue 10:00 → from Thu 10:00: Mon 09/03 08:00
    expect(paid.dossier.dueAt).toBe(vn("2026-03-09 08:00").toISOString());
    expect(paid.payments[0]).toMatchObject({ status: "paid", method: "counter", reference: "BL-0001" });
    const outbox = await ctx.deps.db
      .selectFrom("outbox")
      .select("payload")
      .where("dossier_id", "=", id)
      .orderBy("id")
      .execute();
    expect(outbox.map((o) => (o.payload as any).status)).toEqual([1, 2, 4, 6, 4]);
  });
});

describe("consultation and inter-agency processing", () => {
  it("consultation of another unit with its own deadline; the step waits for the reply", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-03 10:00"));
    const bad = await act(ctx, s.deptSpecialist, id, "consult", {
      unitId: p.specialistUnitId,
      question: "?",
      workingDays: 1,
    });
    expect(bad.status).toBe(422);
    const c = await ok(ctx, s.deptSpecialist, id, "consult", {
      unitId: thirdUnit,
      question: "Đề nghị cho ý kiến về mức thu lệ phí",
      workingDays: 1,
    });
    const task = c.tasks.find((t: any) => t.kind === "consultation");
    expect(task).toMatchObject({ status: "open", unit: { id: thirdUnit } });
    expect(task.dueAt).toBe(vn("2026-03-04 10:00").toISOString());
    const blocked = await act(ctx, s.deptSpecialist, id, "forward");
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe("consultation_open");
    // the consulted unit sees the dossier in its task queue while the consultation is open
    const q = await ctx.app.inject({
      method: "GET",
      url: "/api/office/queue?view=tasks",
      headers: await as(ctx, thirdSpecialist),
    });
    expect(q.json().items.map((i: any) => [i.id, i.task.kind])).toEqual([[id, "consultation"]]);
    ctx.setNow(vn("2026-03-04 09:00"));
    const r = await ok(ctx, thirdSpecialist, id, "reply_consultation", {
      reply: "Mức thu 150.000 đồng theo Thông tư 85/2019/TT-BTC",
    });
    expect(r.tasks.find((t: any) => t.kind === "consultation")).toMatchObject({ status: "done", outcome: "on_time" });
    // once answered, the consulted unit no longer has it
    const gone = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}`,
      headers: await as(ctx, thirdSpecialist),
    });
    expect(gone.statusCode).toBe(404);
    await ok(ctx, s.deptSpecialist, id, "forward");
    const types = (await eventsOf(ctx, id)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(["consultation_requested", "consultation_replied", "handed_over"]);
  });

  it("inter-agency: several units at once with a lead; the dossier continues when all are done", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-03 10:00"));
    const two = await act(ctx, s.deptSpecialist, id, "start_interagency", {
      units: [
        { unitId: p.unitId, task: "a", workingDays: 1, lead: true },
        { unitId: thirdUnit, task: "b", workingDays: 1, lead: true },
      ],
    });
    expect(two.status).toBe(422);
    const r = await ok(ctx, s.deptSpecialist, id, "start_interagency", {
      units: [
        { unitId: thirdUnit, task: "Xác định nghĩa vụ tài chính", workingDays: 2, lead: true },
        { unitId: p.unitId, task: "Xác minh thông tin cư trú", workingHours: 4 },
      ],
    });
    const tasks = r.tasks.filter((t: any) => t.kind === "interagency");
    expect(tasks.map((t: any) => [t.unit.id, t.lead, t.dueAt])).toEqual([
      [thirdUnit, true, vn("2026-03-05 10:00").toISOString()],
      [p.unitId, false, vn("2026-03-03 15:30").toISOString()],
    ]);
    expect(
      (
        await act(ctx, s.deptSpecialist, id, "start_interagency", {
          units: [{ unitId: thirdUnit, task: "c", workingDays: 1 }],
        })
      ).status,
    ).toBe(409);
    ctx.setNow(vn("2026-03-03 16:00"));
    await ok(ctx, s.specialist, id, "complete_interagency", { note: "Đã xác minh" });
    expect((await act(ctx, s.deptSpecialist, id, "forward")).body.error.code).toBe("interagency_open");
    ctx.setNow(vn("2026-03-04 09:00"));
    await ok(ctx, thirdSpecialist, id, "complete_interagency", { note: "Không phát sinh nghĩa vụ" });
    const evs = await eventsOf(ctx, id);
    const done = evs
      .filter((e) => e.type === "interagency_task_completed")
      .map((e) => [(e.data as any).outcome, (e.data as any).allDone]);
    expect(done).toEqual([
      ["late", false],
      ["early", true],
    ]);
    const f = await ok(ctx, s.deptSpecialist, id, "forward");
    expect(f.dossier.currentStep).toBe(2);
  });
});

describe("assignment, return to an earlier step, control sheet", () => {
  it("a leader assigns; only the assignee works the step; returned steps are recorded hand-overs", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-02 10:00"));
    const bad = await act(ctx, s.deptLeader, id, "assign", { officerId: s.receiving.id });
    expect(bad.status).toBe(422);
    const a = await ok(ctx, s.deptLeader, id, "assign", { officerId: s.deptSpecialist.id });
    expect(a.dossier.assignee).toEqual({ id: s.deptSpecialist.id, name: "Hoàng Minh Đức" });
    const other = await act(ctx, deptSpecialist2, id, "forward");
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("assigned_to_other");
    expect((await act(ctx, deptSpecialist2, id, "take")).status).toBe(409);
    const mine = await ctx.app.inject({
      method: "GET",
      url: "/api/office/queue?view=processing&assignee=me",
      headers: await as(ctx, s.deptSpecialist),
    });
    expect(mine.json().items.map((i: any) => i.id)).toContain(id);

    ctx.setNow(vn("2026-03-02 14:00"));
    await ok(ctx, s.deptSpecialist, id, "generate_result", { title: "Giấy xác nhận", content: "Nội dung" });
    await ok(ctx, s.deptSpecialist, id, "forward", { assigneeId: s.deptLeader.id });
    ctx.setNow(vn("2026-03-02 15:00"));
    const back = await ok(ctx, s.deptLeader, id, "return_step", { toStep: 1, reason: "Cần thẩm định lại điều kiện" });
    expect(back.dossier).toMatchObject({ status: 4, currentStep: 1, assignee: null });
    expect((await act(ctx, s.deptLeader, id, "return_step", { toStep: 2, reason: "x" })).status).toBe(403);
    ctx.setNow(vn("2026-03-03 08:00"));
    await ok(ctx, s.deptSpecialist, id, "forward");
    ctx.setNow(vn("2026-03-03 09:00"));
    await ok(ctx, s.deptLeader, id, "approve");

    const sheet = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/06`,
      headers: await as(ctx, s.receiving),
    });
    expect(sheet.statusCode).toBe(200);
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(sheet.rawPayload)), { mergePages: true })
    ).text.replace(/\s+/g, " ");
    for (const name of ["Trần Thị Bình", "Hoàng Minh Đức", "Vũ Thị Hạnh", "Đúng hạn", "Trước hạn", "(trả lại)"])
      expect(text).toContain(name);
    expect(text).toContain("Giao: Hoàng Minh Đức Nhận: Vũ Thị Hạnh");
    const handovers = (await eventsOf(ctx, id)).filter((e) => (e.data as any).handover).map((e) => e.type);
    expect(handovers).toEqual(["handed_over", "handed_over", "returned_to_step", "handed_over", "processed"]);
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select("action")
      .where("target", "=", id)
      .where("action", "=", "form.download")
      .execute();
    expect(audit.length).toBe(1);
  });
});
