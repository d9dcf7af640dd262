/**
 * Late handling: the deadline watcher marks dossiers due soon (1 working day before) and overdue; the late unit's
 * leader issues form 04 once (apology and new date), which moves the due instant, keeps the original and tells the
 * applicant; a second apology is refused; the outcome stays late against the original appointment.
 */
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeadlineWatch } from "../../src/jobs/deadlines.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { act, as, dossierRow, eventsOf, ok, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

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

async function queue(who: Staff[keyof Staff], query: string) {
  const res = await ctx.app.inject({ method: "GET", url: `/api/office/queue?${query}`, headers: await as(ctx, who) });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe("deadline watcher and apology", () => {
  let id: string;

  it("marks due soon one working day before the due instant, then overdue; idempotent", async () => {
    ctx.setNow(vn("2026-03-02 07:50"));
    id = await submitOnline(ctx, p, { citizenId: citizen.id });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    await ok(ctx, s.receiving, id, "forward");

    ctx.setNow(vn("2026-03-03 16:00")); // 12 working hours left
    expect(await runDeadlineWatch(ctx.deps)).toEqual({ dueSoon: 0, overdue: 0 });
    ctx.setNow(vn("2026-03-04 09:30")); // 6.5 h + 0.5 h = 7 working hours left
    expect(await runDeadlineWatch(ctx.deps)).toEqual({ dueSoon: 1, overdue: 0 });
    expect(await runDeadlineWatch(ctx.deps)).toEqual({ dueSoon: 0, overdue: 0 });
    expect((await dossierRow(ctx, id)).due_state).toBe("due_soon");
    const q = await queue(s.receiving, "view=receiving&due=due_soon");
    expect(q.items.map((i: any) => i.id)).toEqual([id]);
    expect(q.counts).toMatchObject({ dueSoon: 1, overdue: 0 });
    const dept = await queue(s.deptSpecialist, "view=processing");
    expect(dept.counts).toMatchObject({ dueSoon: 1, overdue: 0 });

    ctx.setNow(vn("2026-03-05 08:01"));
    expect(await runDeadlineWatch(ctx.deps)).toEqual({ dueSoon: 0, overdue: 1 });
    const late = await queue(s.receiving, "view=receiving&due=overdue");
    expect(late.items.map((i: any) => [i.id, i.dueState])).toEqual([[id, "overdue"]]);
    expect(late.counts).toMatchObject({ dueSoon: 0, overdue: 1 });
    expect(late.total).toBe(1);
    const evs = await eventsOf(ctx, id);
    expect(evs.slice(-2).map((e) => [e.type, e.actor_kind, e.actor_name])).toEqual([
      ["deadline_due_soon", "system", "Hệ thống"],
      ["deadline_overdue", "system", "Hệ thống"],
    ]);
  });

  it("the late unit's leader apologises once: form 04, new due date, original kept, applicant told", async () => {
    const early = await act(ctx, s.deptLeader, id, "apologise", { reason: "x", newDueAt: "2026-03-05T07:00:00+07:00" });
    expect(early.status).toBe(422);
    expect(early.body.error.fields[0].path).toBe("body.newDueAt");
    const centre = await act(ctx, s.centreLeader, id, "apologise", {
      reason: "x",
      newDueAt: "2026-03-10T17:00:00+07:00",
    });
    expect(centre.status).toBe(403);

    const d = await ok(ctx, s.deptLeader, id, "apologise", {
      reason: "Hồ sơ cần xác minh thêm thông tin tại địa phương",
      newDueAt: "2026-03-10T17:00:00+07:00",
    });
    // issued after the due instant: the apology is flagged late and the dossier stays reported as overdue (#10 item 4)
    expect(d.dossier).toMatchObject({ status: 4, extensionCount: 1, dueState: "overdue" });
    expect(d.dossier.dueAt).toBe(vn("2026-03-10 17:00").toISOString());
    expect(d.dossier.originalDueAt).toBe(vn("2026-03-05 08:00").toISOString());
    expect(d.forms.map((f: any) => f.no)).toEqual(["01", "04", "06"]);
    const ev = (await eventsOf(ctx, id)).at(-1)!;
    expect(ev).toMatchObject({ type: "deadline_extended", from_status: 4, to_status: 4, actor_id: s.deptLeader.id });
    expect(ev.data).toMatchObject({
      originalDueAt: vn("2026-03-05 08:00").toISOString(),
      newDueAt: vn("2026-03-10 17:00").toISOString(),
      extension: 1,
      issuedInTime: false,
    });
    const notify = await ctx.deps.db
      .selectFrom("outbox")
      .select(["key", "payload"])
      .where("topic", "=", "notify.status")
      .where("key", "=", `${id}:${ev.seq}`)
      .executeTakeFirst();
    expect(notify?.payload).toEqual({ dossierId: id, status: 4, seq: ev.seq });
    const f04 = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/04`,
      headers: await as(ctx, s.deptLeader),
    });
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(f04.rawPayload)), { mergePages: true })
    ).text.replace(/\s+/g, " ");
    expect(text).toContain("Hồ sơ cần xác minh thêm thông tin tại địa phương");
    expect(text).toContain("05/03/2026");
    expect(text).toContain("10/03/2026");
    expect(text).toContain("Vũ Thị Hạnh");
    // a late apology does not make the dossier on time: still overdue in the queue (#10 item 4)
    const q = await queue(s.receiving, "view=receiving&due=overdue");
    expect(q.items.map((i: any) => i.id)).toEqual([id]);
  });

  it("a second apology is refused with a clear message", async () => {
    const r = await act(ctx, s.deptLeader, id, "apologise", {
      reason: "Lại chậm",
      newDueAt: "2026-03-13T17:00:00+07:00",
    });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({
      code: "extension_limit",
      message: "Thời hạn giải quyết hồ sơ đã được gia hạn 1 lần; chỉ được điều chỉnh ngày hẹn trả kết quả 1 lần.",
    });
    const en = await act(
      ctx,
      s.deptLeader,
      id,
      "apologise",
      { reason: "x", newDueAt: "2026-03-13T17:00:00+07:00" },
      "en",
    );
    expect(en.body.error.message).toBe(
      "The deadline has already been extended 1 time(s); it may be moved only 1 time(s).",
    );
    expect((await dossierRow(ctx, id)).due_at).toEqual(vn("2026-03-10 17:00"));
  });

  it("resolved within the new date, the dossier is still late against the original appointment", async () => {
    ctx.setNow(vn("2026-03-06 10:00"));
    await ok(ctx, s.deptSpecialist, id, "generate_result", { title: "Giấy xác nhận", content: "Nội dung" });
    await ok(ctx, s.deptSpecialist, id, "forward");
    const d = await ok(ctx, s.deptLeader, id, "approve");
    expect(d.dossier).toMatchObject({ status: 9, outcome: "late", dueState: "none" });
    expect(await runDeadlineWatch(ctx.deps)).toEqual({ dueSoon: 0, overdue: 0 });
  });

  it("suspended clocks (supplement) are not watched", async () => {
    ctx.setNow(vn("2026-03-02 07:50"));
    const other = await submitOnline(ctx, p, { citizenId: citizen.id });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, other, "receive");
    await ok(ctx, s.receiving, other, "request_supplement", {
      items: [{ content: "Tờ khai", reason: "Thiếu chữ ký" }],
    });
    ctx.setNow(vn("2026-03-20 08:00"));
    expect(await runDeadlineWatch(ctx.deps)).toEqual({ dueSoon: 0, overdue: 0 });
    expect((await dossierRow(ctx, other)).due_state).toBe("none");
  });
});
