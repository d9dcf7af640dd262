/**
 * Petitions and feedback (issue #8), through the API: a citizen files one and gets its code and due instant, the unit
 * assigns it, the assignee drafts the answer, a leader approves and publishes it, the citizen reads and rates it, the
 * Q&A finds it without diacritics, and the Decision 766 components count it. Every refusal, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import type { TestOfficer } from "../helpers/officer.js";
import { buildOfficer, buildUpload } from "../factories/index.js";
import { as, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let owner: TestCitizen;
let other: TestCitizen;
let dossierId: string;
let otherDossierId: string;
let specialist2: TestOfficer;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 09:00") });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  owner = await loginAsCitizen(ctx);
  other = await loginAsCitizen(ctx, { subject: "test|001090099999", idNumber: "001090099999", name: "Lê Thị Khác" });
  dossierId = await submitOnline(ctx, p, { citizenId: owner.id });
  otherDossierId = await submitOnline(ctx, p, { citizenId: other.id, idNumber: "001090099999", name: "Lê Thị Khác" });
  specialist2 = await buildOfficer(ctx, {
    unitId: p.unitId,
    roles: ["specialist"],
    username: "cv.hai",
    name: "Đinh Văn Hai",
  });
});
afterAll(() => ctx.close());

type Who = { id: string } | null;
async function call(
  method: "GET" | "POST",
  url: string,
  who: Who,
  kind: "citizen" | "officer",
  payload?: object,
  headers: Record<string, string> = {},
) {
  const res = await ctx.app.inject({
    method,
    url,
    headers: { ...(who ? await as(ctx, who, kind) : {}), ...headers },
    ...(payload ? { payload } : {}),
  });
  return {
    status: res.statusCode,
    body: (String(res.headers["content-type"] ?? "").includes("json") ? res.json() : res.body) as any,
  };
}
const citizenApi = (m: "GET" | "POST", url: string, who: Who, payload?: object, h?: Record<string, string>) =>
  call(m, url, who, "citizen", payload, h);
const officerApi = (m: "GET" | "POST", url: string, who: Who, payload?: object, h?: Record<string, string>) =>
  call(m, url, who, "officer", payload, h);
const act = (who: Who, id: string, action: string, body: object = {}) =>
  officerApi("POST", `/api/office/petitions/${id}/actions/${action}`, who, body);

const counts = async () => ({
  petitions: Number(
    (
      await ctx.deps.db
        .selectFrom("petitions")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  events: Number(
    (
      await ctx.deps.db
        .selectFrom("petition_events")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  audit: Number(
    (
      await ctx.deps.db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("action", "like", "petition.%")
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

const about = (over: object = {}) => ({
  subjectKind: "dossier",
  dossierId,
  title: "Hồ sơ chậm trả kết quả",
  content: "Hồ sơ của tôi đã quá hẹn nhưng chưa được trả kết quả.\n\nĐề nghị đơn vị kiểm tra.",
  publishConsent: true,
  ...over,
});

describe("a petition's whole life", () => {
  it("files, assigns, drafts, approves with publication, is read and rated, and is found on the Q&A", async () => {
    const file = await buildUpload(ctx, { kind: "citizen", id: owner.id }, { name: "anh-chup.pdf" });
    const filed = await citizenApi("POST", "/api/my/petitions", owner, about({ attachments: [file.id] }));
    expect(filed.status).toBe(201);
    const pet = filed.body;
    // the receiving unit of the dossier handles it; 10 working days from Mon 02/03/2026 09:00 → Mon 16/03 09:00
    expect(pet.code).toBe(`PAKN-${p.unitCode}-260302-0001`);
    expect(pet.dueAt).toBe(vn("2026-03-16 09:00").toISOString());
    expect(pet).toMatchObject({ status: "received", answer: null, rating: null, dossierCode: expect.any(String) });
    expect(pet.files).toEqual([expect.objectContaining({ id: file.id, name: "anh-chup.pdf" })]);

    // the unit's queue shows it, due first, not overdue
    const queue = await officerApi("GET", "/api/office/petitions", s.receiving);
    expect(queue.status).toBe(200);
    expect(queue.body).toEqual([expect.objectContaining({ code: pet.code, overdue: false, status: "received" })]);

    const detail = await officerApi("GET", `/api/office/petitions/${pet.id}`, s.receiving);
    expect(detail.body.allowedActions).toEqual(["assign"]);
    expect(detail.body.citizenName).toBe("Nguyễn Văn An");
    expect(detail.body.assignees.map((a: any) => a.name)).toContain("Lê Văn Chuyên");

    ctx.setNow(vn("2026-03-03 08:00"));
    const assigned = await act(s.receiving, pet.id, "assign", { officerId: s.specialist.id, note: "Xử lý trong tuần" });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: "assigned", assigneeName: "Lê Văn Chuyên" });

    ctx.setNow(vn("2026-03-05 10:00"));
    const drafted = await act(s.specialist, pet.id, "answer", { answer: "Hồ sơ đã được trả kết quả ngày 05/03/2026." });
    expect(drafted.status).toBe(200);
    expect(drafted.body).toMatchObject({ status: "drafted", draft: "Hồ sơ đã được trả kết quả ngày 05/03/2026." });
    // the citizen does not see a draft
    const before = await citizenApi("GET", `/api/my/petitions/${pet.id}`, owner);
    expect(before.body).toMatchObject({ status: "drafted", answer: null });

    ctx.setNow(vn("2026-03-05 15:00"));
    const approved = await act(s.leader, pet.id, "approve", { publish: true });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "answered", onTime: true, overdue: false });
    expect(approved.body.publishedAt).toBe(vn("2026-03-05 15:00").toISOString());

    // the citizen is told by e-mail (outbox → notify.petition), once
    ctx.mailer.sent = [];
    while ((await runOutboxOnce(ctx.deps)).claimed > 0);
    const aboutIt = () => ctx.mailer.sent.filter((m) => m.subject.includes(pet.code));
    const told = aboutIt();
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toBe(`Phản ánh, kiến nghị ${pet.code} đã được trả lời`);
    expect(told[0]!.text).toContain("Hồ sơ đã được trả kết quả ngày 05/03/2026.");
    expect(told[0]!.to).toBe("an.nguyen@example.vn");
    expect(told[0]!.text).toContain(`/phan-anh-cua-toi/${pet.id}`);
    while ((await runOutboxOnce(ctx.deps)).claimed > 0);
    expect(aboutIt()).toHaveLength(1);

    const mine = await citizenApi("GET", `/api/my/petitions/${pet.id}`, owner);
    expect(mine.body).toMatchObject({
      status: "answered",
      answer: "Hồ sơ đã được trả kết quả ngày 05/03/2026.",
      answeredAt: vn("2026-03-05 15:00").toISOString(),
    });
    const list = await citizenApi("GET", "/api/my/petitions", owner);
    expect(list.body.map((x: any) => x.code)).toEqual([pet.code]);

    ctx.setNow(vn("2026-03-06 09:00"));
    const rated = await citizenApi("POST", `/api/my/petitions/${pet.id}/rating`, owner, { level: "very_satisfied" });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ rating: "very_satisfied", ratedAt: vn("2026-03-06 09:00").toISOString() });

    // history and audit: one event per step, one audit entry per officer action
    const events = await ctx.deps.db
      .selectFrom("petition_events")
      .select(["seq", "type", "actor_kind", "actor_name"])
      .where("petition_id", "=", pet.id)
      .orderBy("seq")
      .execute();
    expect(events.map((e) => [e.seq, e.type, e.actor_kind])).toEqual([
      [1, "filed", "citizen"],
      [2, "assign", "officer"],
      [3, "answer", "officer"],
      [4, "answered", "officer"],
      [5, "rated", "citizen"],
    ]);
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "target"])
      .where("target", "=", pet.code)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "petition.assign", actor_id: s.receiving.id, target: pet.code },
      { action: "petition.answer", actor_id: s.specialist.id, target: pet.code },
      { action: "petition.approve", actor_id: s.leader.id, target: pet.code },
    ]);

    // the Q&A: found with or without diacritics, without the citizen's identity
    for (const q of ["chậm trả kết quả", "cham tra ket qua", "CHAM TRA"]) {
      const qa = await citizenApi("GET", `/api/petitions/answers?q=${encodeURIComponent(q)}`, null);
      expect(qa.status).toBe(200);
      expect(qa.body.total).toBe(1);
      expect(qa.body.items[0]).toMatchObject({ code: pet.code, answer: "Hồ sơ đã được trả kết quả ngày 05/03/2026." });
      expect(JSON.stringify(qa.body)).not.toContain("Nguyễn Văn An");
      expect(JSON.stringify(qa.body)).not.toContain("001090012345");
    }
    const miss = await citizenApi("GET", "/api/petitions/answers?q=khai+sinh", null);
    expect(miss.body.total).toBe(0);
  });

  it("the Decision 766 components count the petitions answered and rated in the period", async () => {
    const r = await officerApi(
      "GET",
      `/api/office/reports/index766?kind=month&year=2026&index=3&unitId=${p.unitId}`,
      s.supervisor,
    );
    expect(r.status).toBe(200);
    const c = Object.fromEntries(r.body.index.groups.flatMap((g: any) => g.components).map((x: any) => [x.key, x]));
    expect(c.petitions_on_time).toMatchObject({ status: "scored", ratio: { numerator: 1, denominator: 1 }, points: 6 });
    expect(c.petition_satisfaction).toMatchObject({
      status: "scored",
      ratio: { numerator: 1, denominator: 1 },
      points: 6,
    });
    // another unit (the department) has no petitions: no data, neither zero nor full marks
    const dept = await officerApi(
      "GET",
      `/api/office/reports/index766?kind=month&year=2026&index=3&unitId=${p.specialistUnitId}`,
      s.supervisor,
    );
    const d = Object.fromEntries(dept.body.index.groups.flatMap((g: any) => g.components).map((x: any) => [x.key, x]));
    expect(d.petitions_on_time).toMatchObject({ status: "no_data", points: null });
    expect(d.petition_satisfaction).toMatchObject({ status: "no_data", points: null });
  });
});

describe("filing", () => {
  it("a petition about a procedure (picked by its code) goes to its competent unit; codes are per unit and day", async () => {
    ctx.setNow(vn("2026-03-09 10:00"));
    const made = await Promise.all(
      [1, 2, 3].map((i) =>
        citizenApi("POST", "/api/my/petitions", owner, {
          subjectKind: "procedure",
          procedureCode: p.code,
          title: `Thủ tục còn rườm rà ${i}`,
          content: "Đề nghị giảm thành phần hồ sơ.",
          publishConsent: false,
        }),
      ),
    );
    expect(made.map((m) => m.status)).toEqual([201, 201, 201]);
    const unit = await ctx.deps.db
      .selectFrom("units")
      .select("code")
      .where("id", "=", p.specialistUnitId)
      .executeTakeFirstOrThrow();
    expect(made.map((m) => m.body.code).sort()).toEqual([1, 2, 3].map((n) => `PAKN-${unit.code}-260309-000${n}`));
    expect(made[0].body).toMatchObject({ procedureCode: p.code, unitName: expect.any(String) });
    // the department's officers see them; the centre's do not
    const dept = await officerApi("GET", "/api/office/petitions", s.deptReceiving);
    expect(dept.body).toHaveLength(3);
    const centre = await officerApi("GET", `/api/office/petitions/${made[0].body.id}`, s.receiving);
    expect(centre.status).toBe(404);
  });

  it("a petition about an officer or unit names the unit and the person", async () => {
    const r = await citizenApi("POST", "/api/my/petitions", owner, {
      subjectKind: "officer",
      unitId: p.unitId,
      subjectText: "Cán bộ quầy số 3",
      title: "Thái độ phục vụ",
      content: "Cán bộ không hướng dẫn đầy đủ.",
      publishConsent: false,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ subjectKind: "officer", subjectText: "Cán bộ quầy số 3" });
  });

  it("refuses bad input with the localised message and the fields, writing nothing", async () => {
    const before = await counts();
    const empty = await citizenApi("POST", "/api/my/petitions", owner, about({ title: "", content: "" }));
    expect(empty.status).toBe(422);
    expect(empty.body.error.fields).toEqual([
      { path: "body.title", message: "Trường này là bắt buộc." },
      { path: "body.content", message: "Trường này là bắt buộc." },
    ]);
    const blank = await citizenApi("POST", "/api/my/petitions", owner, about({ title: "   " }));
    expect(blank.status).toBe(422);
    expect(blank.body.error.fields).toEqual([{ path: "body.title", message: "Trường này là bắt buộc." }]);
    const proc = await citizenApi("POST", "/api/my/petitions?lang=en", owner, {
      subjectKind: "procedure",
      procedureCode: "0.000000",
      title: "x",
      content: "y",
      publishConsent: false,
    });
    expect(proc.status).toBe(422);
    expect(proc.body.error.fields).toEqual([
      { path: "body.procedureCode", message: "No administrative procedure in force has this code." },
    ]);
    // another citizen's dossier is not theirs to petition about (same answer as an unknown dossier)
    const others = await citizenApi("POST", "/api/my/petitions", owner, about({ dossierId: otherDossierId }));
    expect(others.status).toBe(422);
    expect(others.body.error.fields).toEqual([
      { path: "body.dossierId", message: "Không tìm thấy hồ sơ này trong hồ sơ của Ông/Bà." },
    ]);
    const unit = await citizenApi("POST", "/api/my/petitions", owner, {
      subjectKind: "regulation",
      title: "x",
      content: "y",
      publishConsent: true,
    });
    expect(unit.body.error.fields.map((f: any) => f.path)).toEqual(["body.unitId", "body.subjectText"]);
    // the API's schema names every missing field
    const none = await citizenApi("POST", "/api/my/petitions", owner, { title: "T" });
    expect(none.body.error.fields.map((f: any) => f.path)).toEqual([
      "body.subjectKind",
      "body.content",
      "body.publishConsent",
    ]);
    const kind = await citizenApi("POST", "/api/my/petitions", owner, about({ subjectKind: "weather" }));
    expect(kind.status).toBe(422);
    // someone else's upload, and one already used
    const theirs = await buildUpload(ctx, { kind: "citizen", id: other.id });
    const att = await citizenApi("POST", "/api/my/petitions", owner, about({ attachments: [theirs.id] }));
    expect(att.status).toBe(422);
    expect(att.body.error.fields).toEqual([
      {
        path: "body.attachments[0]",
        message: "Tệp không tồn tại, không do Ông/Bà tải lên hoặc đã được dùng ở hồ sơ, phản ánh khác.",
      },
    ]);
    const used = (await ctx.deps.db.selectFrom("petition_files").select("file_id").executeTakeFirstOrThrow()).file_id;
    expect((await citizenApi("POST", "/api/my/petitions", owner, about({ attachments: [used] }))).status).toBe(422);
    expect(await counts()).toEqual(before);
    // and without a session
    expect((await citizenApi("POST", "/api/my/petitions", null, about())).status).toBe(401);
  });
});

describe("refusals", () => {
  let id: string;
  beforeAll(async () => {
    ctx.setNow(vn("2026-03-10 09:00"));
    const r = await citizenApi(
      "POST",
      "/api/my/petitions",
      owner,
      about({ title: "Không đồng ý công khai", publishConsent: false }),
    );
    id = r.body.id;
  });

  it("another citizen reading or rating the petition gets 404", async () => {
    expect((await citizenApi("GET", `/api/my/petitions/${id}`, other)).status).toBe(404);
    const rate = await citizenApi("POST", `/api/my/petitions/${id}/rating`, other, { level: "satisfied" });
    expect(rate.status).toBe(404);
    expect(rate.body.error.message).toBe("Không tìm thấy phản ánh, kiến nghị.");
    expect((await citizenApi("GET", "/api/my/petitions", other)).body).toEqual([]);
    expect((await citizenApi("GET", "/api/my/petitions/not-a-uuid", owner)).status).toBe(404);
  });

  it("an officer of another unit gets 404, reading or acting", async () => {
    expect((await officerApi("GET", `/api/office/petitions/${id}`, s.deptLeader)).status).toBe(404);
    const before = await counts();
    expect((await act(s.deptReceiving, id, "assign", { officerId: s.deptSpecialist.id })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("a role that may not assign gets 403; assigning outside the unit is 422", async () => {
    const before = await counts();
    const r = await act(s.specialist, id, "assign", { officerId: s.specialist.id });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("petition_role");
    const bad = await act(s.receiving, id, "assign", { officerId: s.deptSpecialist.id });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([
      { path: "body.officerId", message: "Vui lòng chọn cán bộ của đơn vị để phân công." },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("an officer who is not the assignee may not answer (403); the state is checked after (409)", async () => {
    await act(s.receiving, id, "assign", { officerId: s.specialist.id });
    const before = await counts();
    const r = await act(specialist2, id, "answer", { answer: "Trả lời" });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({
      code: "petition_not_assignee",
      message: "Chỉ cán bộ được phân công mới soạn trả lời phản ánh này.",
    });
    const early = await act(s.leader, id, "approve", {});
    expect(early.status).toBe(409);
    const empty = await act(s.specialist, id, "answer", { answer: "  " });
    expect(empty.status).toBe(422);
    expect(empty.body.error.fields).toEqual([{ path: "body.answer", message: "Trường này là bắt buộc." }]);
    expect(await counts()).toEqual(before);
  });

  it("a citizen may not rate before the answer (409)", async () => {
    const r = await citizenApi("POST", `/api/my/petitions/${id}/rating`, owner, { level: "satisfied" });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("petition_not_answered");
  });

  it("publishing without the citizen's consent is refused (409), on approval and afterwards", async () => {
    await act(s.specialist, id, "answer", { answer: "Đơn vị đã kiểm tra và xin lỗi Ông." });
    const before = await counts();
    const r = await act(s.leader, id, "approve", { publish: true });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({
      code: "petition_no_consent",
      message: "Công dân không đồng ý công khai nội dung trả lời; không thể công khai.",
    });
    expect(await counts()).toEqual(before);
    const row = await ctx.deps.db
      .selectFrom("petitions")
      .select(["status", "published_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "drafted", published_at: null });
    // a leader may return the draft, then approve without publishing
    expect((await act(s.leader, id, "return", { note: "Bổ sung căn cứ" })).body.status).toBe("assigned");
    await act(s.specialist, id, "answer", { answer: "Đơn vị đã kiểm tra, căn cứ Điều 19." });
    const ok = await act(s.leader, id, "approve", {});
    expect(ok.body).toMatchObject({ status: "answered", publishedAt: null });
    const later = await act(s.leader, id, "publish", {});
    expect(later.status).toBe(409);
    expect(later.body.error.code).toBe("petition_no_consent");
    const qa = await citizenApi("GET", "/api/petitions/answers?q=dieu+19", null);
    expect(qa.body.total).toBe(0);
  });

  it("a second rating is refused (409) and the first one stands; 'not satisfied' needs a reason", async () => {
    const noReason = await citizenApi("POST", `/api/my/petitions/${id}/rating?lang=en`, owner, {
      level: "unsatisfied",
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.fields).toEqual([
      { path: "body.reason", message: "Please tell us why you are not satisfied." },
    ]);
    const first = await citizenApi("POST", `/api/my/petitions/${id}/rating`, owner, {
      level: "unsatisfied",
      reason: "Trả lời chung chung",
    });
    expect(first.status).toBe(200);
    const before = await counts();
    const second = await citizenApi("POST", `/api/my/petitions/${id}/rating`, owner, { level: "very_satisfied" });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: "petition_already_rated",
      message: "Ông/Bà đã đánh giá việc xử lý phản ánh này.",
    });
    expect(await counts()).toEqual(before);
    expect((await citizenApi("GET", `/api/my/petitions/${id}`, owner)).body).toMatchObject({
      rating: "unsatisfied",
      ratingReason: "Trả lời chung chung",
    });
  });

  it("overdue petitions are flagged and answered late ones counted late", async () => {
    ctx.setNow(vn("2026-03-11 09:00"));
    const r = await citizenApi("POST", "/api/my/petitions", owner, about({ title: "Sẽ quá hạn" }));
    // 10 working days from Wed 11/03 09:00 → Wed 25/03 09:00; on Thu 26/03 it is overdue
    expect(r.body.dueAt).toBe(vn("2026-03-25 09:00").toISOString());
    ctx.setNow(vn("2026-03-26 08:00"));
    const overdue = await officerApi("GET", "/api/office/petitions?state=overdue", s.receiving);
    // with the petition about an officer filed on 09/03 (due 23/03), still unanswered
    expect(overdue.body.map((x: any) => [x.code, x.overdue])).toEqual([
      [`PAKN-${p.unitCode}-260309-0001`, true],
      [r.body.code, true],
    ]);
    const open = await officerApi("GET", "/api/office/petitions", s.receiving);
    expect(open.body.every((x: any) => x.overdue === true)).toBe(true);
    await act(s.receiving, r.body.id, "assign", { officerId: s.specialist.id });
    await act(s.specialist, r.body.id, "answer", { answer: "Trả lời muộn." });
    const late = await act(s.leader, r.body.id, "approve", {});
    expect(late.body).toMatchObject({ onTime: false, overdue: false });
    const idx = await officerApi(
      "GET",
      `/api/office/reports/index766?kind=month&year=2026&index=3&unitId=${p.unitId}`,
      s.supervisor,
    );
    const c = Object.fromEntries(idx.body.index.groups.flatMap((g: any) => g.components).map((x: any) => [x.key, x]));
    // answered in March by the centre: the first (on time), the no-consent one (on time), this one (late)
    expect(c.petitions_on_time).toMatchObject({ ratio: { numerator: 2, denominator: 3 }, points: 4 });
    // rated: very satisfied and unsatisfied
    expect(c.petition_satisfaction).toMatchObject({ ratio: { numerator: 1, denominator: 2 }, points: 3 });
  });

  it("a transfer moves the petition to another unit, whose officers then handle it", async () => {
    ctx.setNow(vn("2026-03-27 09:00"));
    const r = await citizenApi("POST", "/api/my/petitions", owner, about({ title: "Chuyển đơn vị" }));
    const moved = await act(s.receiving, r.body.id, "assign", {
      unitId: p.specialistUnitId,
      note: "Thuộc thẩm quyền Sở",
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ unitId: p.specialistUnitId, status: "received", allowedActions: [] });
    expect((await officerApi("GET", `/api/office/petitions/${r.body.id}`, s.receiving)).status).toBe(404);
    const dept = await officerApi("GET", `/api/office/petitions/${r.body.id}`, s.deptReceiving);
    expect(dept.body.allowedActions).toEqual(["assign"]);
  });
});
