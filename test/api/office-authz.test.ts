/**
 * Authorisation of the office (issue #3): every action, in a state where someone may do it, tried by every role of
 * the receiving centre and of the competent department: the allowed ones see it among their allowed actions, every
 * other role is refused with 403 (or 404 when the dossier is outside their units) and nothing changes. Officers of
 * another unit get 404 for everything. Supervisors read only; only administrators edit the calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/domain/catalogue.js";
import { OFFICER_ACTIONS } from "../../src/domain/lifecycle.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";
import { act, as, dossierRow, ok, submitOnline, unitContacts, vn } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
const ROLES: Role[] = ["receiving", "specialist", "leader", "admin", "supervisor"];
type Who = `${"centre" | "dept"}.${Role}`;
const officers = {} as Record<Who, TestOfficer>;
let outsider: TestOfficer;
let outsiderUnitId: string;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 08:00") });
  p = await insertTestProcedure(ctx.deps.db);
  // its result is a certified copy, so certify_copy is open to the step's holder (src/domain/lifecycle.ts)
  const v = await ctx.deps.db
    .selectFrom("procedure_versions")
    .select("result")
    .where("id", "=", p.versionId)
    .executeTakeFirstOrThrow();
  await ctx.deps.db
    .updateTable("procedure_versions")
    .set({ result: JSON.stringify({ ...v.result, kind: "ban-sao-chung-thuc" }) })
    .where("id", "=", p.versionId)
    .execute();
  await unitContacts(ctx, p);
  for (const r of ROLES) {
    officers[`centre.${r}`] = await loginAsOfficer(ctx, {
      unitId: p.unitId,
      roles: [r],
      username: `c.${r}`,
      name: `Trung tâm ${r}`,
    });
    officers[`dept.${r}`] = await loginAsOfficer(ctx, {
      unitId: p.specialistUnitId,
      roles: [r],
      username: `d.${r}`,
      name: `Sở ${r}`,
    });
  }
  const other = await ctx.deps.db
    .insertInto("units")
    .values({ code: "000.02.99.H99", name: "Sở Xây dựng tỉnh Thử nghiệm", kind: "department", level: "province" })
    .returning("id")
    .executeTakeFirstOrThrow();
  outsiderUnitId = other.id;
  outsider = await loginAsOfficer(ctx, {
    unitId: other.id,
    roles: ["receiving", "specialist", "leader"],
    username: "x.all",
  });
});
afterAll(() => ctx.close());

type State =
  | "new"
  | "received"
  | "appraise"
  | "approve"
  | "consulted"
  | "interagency"
  | "supplement"
  | "payment"
  | "processed";

/** A dossier brought to `state` by the allowed officers. */
async function prepare(state: State): Promise<string> {
  ctx.setNow(vn("2026-03-02 08:00"));
  const id = await submitOnline(ctx, p);
  if (state === "new") return id;
  await ok(ctx, officers["centre.receiving"], id, "receive");
  if (state === "received") return id;
  await ok(ctx, officers["centre.receiving"], id, "forward");
  if (state === "appraise") return id;
  if (state === "consulted") {
    await ok(ctx, officers["dept.specialist"], id, "consult", {
      unitId: p.unitId,
      question: "Xin ý kiến",
      workingDays: 2,
    });
    return id;
  }
  if (state === "interagency") {
    await ok(ctx, officers["dept.specialist"], id, "start_interagency", {
      units: [{ unitId: p.unitId, task: "Xác minh hồ sơ", workingDays: 1, lead: true }],
    });
    return id;
  }
  if (state === "supplement") {
    await ok(ctx, officers["dept.specialist"], id, "request_supplement", {
      items: [{ content: "Bản sao CCCD", reason: "Thiếu" }],
    });
    return id;
  }
  if (state === "payment") {
    await ok(ctx, officers["dept.specialist"], id, "request_payment", { amount: 50000, description: "Lệ phí" });
    return id;
  }
  await ok(ctx, officers["dept.specialist"], id, "generate_result", { title: "Kết quả", content: "Nội dung" });
  await ok(ctx, officers["dept.specialist"], id, "forward");
  if (state === "approve") return id;
  await ok(ctx, officers["dept.leader"], id, "approve");
  return id;
}

const VISIBLE: Record<State, ("centre" | "dept")[]> = {
  new: ["centre"],
  received: ["centre"],
  appraise: ["centre", "dept"],
  approve: ["centre", "dept"],
  consulted: ["centre", "dept"],
  interagency: ["centre", "dept"],
  supplement: ["centre", "dept"],
  payment: ["centre", "dept"],
  processed: ["centre"],
};

const REASON = { reason: "Lý do", legalBasis: ["Điều 18 Nghị định 61/2018/NĐ-CP"] };
const CASES: { action: (typeof OFFICER_ACTIONS)[number]; state: State; body?: object; allowed: Who[] }[] = [
  { action: "receive", state: "new", allowed: ["centre.receiving"] },
  { action: "refuse", state: "new", body: REASON, allowed: ["centre.receiving"] },
  {
    action: "request_supplement",
    state: "new",
    body: { items: [{ content: "a", reason: "b" }] },
    allowed: ["centre.receiving"],
  },
  { action: "record_withdrawal", state: "new", allowed: ["centre.receiving"] },
  { action: "forward", state: "received", allowed: ["centre.receiving"] },
  {
    action: "assign",
    state: "received",
    body: { officerId: "00000000-0000-4000-8000-000000000000" },
    allowed: ["centre.receiving", "centre.leader"],
  },
  { action: "stop", state: "received", body: REASON, allowed: ["centre.leader"] },
  {
    action: "apologise",
    state: "received",
    body: { reason: "Chậm", newDueAt: "2026-03-10T08:00:00+07:00" },
    allowed: ["centre.leader"],
  },
  { action: "take", state: "appraise", allowed: ["dept.specialist"] },
  { action: "forward", state: "appraise", allowed: ["dept.specialist"] },
  { action: "return_step", state: "appraise", body: { toStep: 0, reason: "Thiếu" }, allowed: ["dept.specialist"] },
  {
    action: "consult",
    state: "appraise",
    body: { unitId: "00000000-0000-4000-8000-000000000000", question: "?", workingDays: 1 },
    allowed: ["dept.specialist"],
  },
  {
    action: "start_interagency",
    state: "appraise",
    body: { units: [{ unitId: "00000000-0000-4000-8000-000000000000", task: "x", workingDays: 1 }] },
    allowed: ["dept.specialist"],
  },
  {
    action: "attach_result",
    state: "appraise",
    body: { fileId: "00000000-0000-4000-8000-000000000000" },
    allowed: ["dept.specialist"],
  },
  { action: "generate_result", state: "appraise", body: { title: "t", content: "c" }, allowed: ["dept.specialist"] },
  {
    action: "certify_copy",
    state: "appraise",
    body: { fileId: "00000000-0000-4000-8000-000000000000", number: "1/2026" },
    allowed: ["dept.specialist"],
  },
  {
    action: "request_payment",
    state: "appraise",
    body: { amount: 1000, description: "Phí" },
    allowed: ["dept.specialist", "centre.receiving"],
  },
  {
    action: "request_supplement",
    state: "appraise",
    body: { items: [{ content: "a", reason: "b" }] },
    allowed: ["dept.specialist", "centre.receiving"],
  },
  {
    action: "assign",
    state: "appraise",
    body: { officerId: "00000000-0000-4000-8000-000000000000" },
    allowed: ["dept.leader", "dept.receiving"],
  },
  { action: "stop", state: "appraise", body: REASON, allowed: ["centre.leader", "dept.leader"] },
  {
    action: "apologise",
    state: "appraise",
    body: { reason: "Chậm", newDueAt: "2026-03-10T08:00:00+07:00" },
    allowed: ["dept.leader"],
  },
  { action: "record_withdrawal", state: "appraise", allowed: ["centre.receiving"] },
  { action: "approve", state: "approve", allowed: ["dept.leader"] },
  {
    action: "sign_result",
    state: "approve",
    body: { fileId: "00000000-0000-4000-8000-000000000000", otp: "123456" },
    allowed: ["dept.leader"],
  },
  {
    action: "reply_consultation",
    state: "consulted",
    body: { reply: "Đồng ý" },
    allowed: ["centre.specialist", "centre.leader"],
  },
  { action: "complete_interagency", state: "interagency", allowed: ["centre.specialist", "centre.leader"] },
  { action: "complete_supplement", state: "supplement", allowed: ["centre.receiving"] },
  { action: "confirm_payment", state: "payment", body: { method: "counter" }, allowed: ["centre.receiving"] },
  { action: "return_result", state: "processed", body: { method: "counter" }, allowed: ["centre.receiving"] },
];

describe("every action × every role", () => {
  it("covers every office action", () => {
    expect(new Set(CASES.map((c) => c.action))).toEqual(new Set(OFFICER_ACTIONS));
  });

  for (const c of CASES) {
    it(`${c.action} (${c.state}): allowed for ${c.allowed.join(", ")}; 403/404 for the others`, async () => {
      const id = await prepare(c.state);
      const before = await dossierRow(ctx, id);
      for (const who of Object.keys(officers) as Who[]) {
        const o = officers[who];
        const visible = VISIBLE[c.state].includes(who.split(".")[0] as "centre");
        if (c.allowed.includes(who)) {
          const d = await ctx.app.inject({
            method: "GET",
            url: `/api/office/dossiers/${id}`,
            headers: await as(ctx, o),
          });
          expect(d.statusCode, who).toBe(200);
          expect(
            d.json().allowedActions.map((a: any) => a.action),
            who,
          ).toContain(c.action);
          continue;
        }
        const r = await act(ctx, o, id, c.action, c.body ?? {});
        expect([who, r.status]).toEqual([who, visible ? 403 : 404]);
        if (visible) {
          expect(r.body.error.message).toMatch(/quyền|Chỉ|chỉ được xem|Bước|Văn bản xin lỗi/);
          const d = await ctx.app.inject({
            method: "GET",
            url: `/api/office/dossiers/${id}`,
            headers: await as(ctx, o),
          });
          expect(
            d.json().allowedActions.map((a: any) => a.action),
            who,
          ).not.toContain(c.action);
        } else expect(r.body.error.code).toBe("dossier_not_found");
      }
      const out = await act(ctx, outsider, id, c.action, c.body ?? {});
      expect(out.status).toBe(404);
      const after = await dossierRow(ctx, id);
      expect(after.last_event_seq).toBe(before.last_event_seq);
      expect(after.status).toBe(before.status);
    });
  }
});

describe("reading", () => {
  it("other units' dossiers do not exist for an officer (404), their files and forms neither", async () => {
    const id = await prepare("received");
    const res = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}`,
      headers: await as(ctx, outsider),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe("Không tìm thấy hồ sơ, hoặc hồ sơ không thuộc đơn vị của bạn.");
    const en = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}?lang=en`,
      headers: await as(ctx, outsider),
    });
    expect(en.json().error.message).toBe("Dossier not found, or it does not belong to your unit.");
    const form = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/01`,
      headers: await as(ctx, outsider),
    });
    expect(form.statusCode).toBe(404);
    const printed = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/01`,
      headers: await as(ctx, officers["centre.receiving"]),
    });
    expect(printed.statusCode).toBe(200);
    const file = await ctx.deps.db
      .selectFrom("dossier_files")
      .select("file_id")
      .where("dossier_id", "=", id)
      .where("kind", "=", "form")
      .executeTakeFirstOrThrow();
    const f = await ctx.app.inject({
      method: "GET",
      url: `/api/office/files/${file.file_id}`,
      headers: await as(ctx, outsider),
    });
    expect(f.statusCode).toBe(404);
    const mine = await ctx.app.inject({
      method: "GET",
      url: `/api/office/files/${file.file_id}`,
      headers: await as(ctx, officers["centre.receiving"]),
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("application/pdf");
    const q = await ctx.app.inject({
      method: "GET",
      url: "/api/office/queue?view=receiving",
      headers: await as(ctx, outsider),
    });
    expect(q.json().items.map((i: any) => i.id)).not.toContain(id);
    expect(outsiderUnitId).toBeTruthy();
  });

  it("supervisors and administrators read dossiers of their unit, with no actions; views are audited", async () => {
    const id = await prepare("received");
    for (const who of ["centre.supervisor", "centre.admin"] as Who[]) {
      const d = await ctx.app.inject({
        method: "GET",
        url: `/api/office/dossiers/${id}`,
        headers: await as(ctx, officers[who]),
      });
      expect(d.statusCode).toBe(200);
      expect(d.json().allowedActions).toEqual([]);
      const r = await act(ctx, officers[who], id, "forward");
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({
        code: "read_only_role",
        message: "Tài khoản giám sát và quản trị chỉ được xem hồ sơ, không được xử lý.",
      });
    }
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select(["actor_id", "action", "target"])
      .where("target", "=", id)
      .where("action", "=", "dossier.view")
      .execute();
    expect(audit.map((a) => a.actor_id)).toEqual(
      expect.arrayContaining([officers["centre.supervisor"].id, officers["centre.admin"].id]),
    );
  });

  it("unauthenticated requests get 401", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/office/queue" });
    expect(res.statusCode).toBe(401);
  });
});

describe("calendar administration", () => {
  it("only administrators set a day; the change moves due instants and is audited", async () => {
    for (const who of ["centre.receiving", "centre.leader", "centre.supervisor"] as Who[]) {
      const r = await ctx.app.inject({
        method: "PUT",
        url: "/api/admin/calendar/2026-03-03",
        headers: await as(ctx, officers[who]),
        payload: { working: false, reason: "Nghỉ" },
      });
      expect(r.statusCode).toBe(403);
    }
    const r = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/calendar/2026-03-03",
      headers: await as(ctx, officers["centre.admin"]),
      payload: { working: false, reason: "Nghỉ theo quyết định của tỉnh" },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ day: "2026-03-03", working: false, reason: "Nghỉ theo quyết định của tỉnh" });
    // a receipt on Mon 02/03 08:00 now skips Tue 03/03: due Fri 06/03 08:00
    const id = await prepare("received");
    expect((await dossierRow(ctx, id)).due_at).toEqual(vn("2026-03-06 08:00"));
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("target", "=", "2026-03-03")
      .execute();
    expect(audit).toEqual([{ action: "calendar.day.set", actor_id: officers["centre.admin"].id }]);
    const clear = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/calendar/2026-03-03",
      headers: await as(ctx, officers["centre.admin"]),
      payload: { working: null, reason: "" },
    });
    expect(clear.statusCode).toBe(200);
    const again = await prepare("received");
    expect((await dossierRow(ctx, again)).due_at).toEqual(vn("2026-03-05 08:00"));
  });
});
