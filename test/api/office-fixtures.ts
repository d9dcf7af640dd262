/** Shared fixtures of the office tests: a submitted online dossier, officers of each role, API helpers. */
import { expect } from "vitest";
import { createSession } from "../../src/app/sessions.js";
import { CITIZEN_COOKIE, CITIZEN_SESSION_TTL } from "../../src/http/citizen-auth.js";
import { OFFICER_COOKIE, OFFICER_IDLE_TTL } from "../../src/http/officer-auth.js";
import type { Role } from "../../src/domain/catalogue.js";
import { loadOfficer, type Officer } from "../../src/http/officer-auth.js";
import { buildOnlineDossier } from "../factories/index.js";
import type { TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

/** A dossier submitted online (status 1): see buildOnlineDossier in test/factories. */
export const submitOnline = buildOnlineDossier;

/** Contact details of the test units (printed on the forms, e.g. form 02's "who to contact"). */
export async function unitContacts(ctx: TestContext, p: TestProcedure) {
  await ctx.deps.db
    .updateTable("units")
    .set({
      phone: "0222 3810 000",
      email: "motcua@thunghiem.gov.vn",
      address: "1 Lý Thái Tổ, phường Trung tâm, tỉnh Thử nghiệm",
    })
    .where("id", "=", p.unitId)
    .execute();
  await ctx.deps.db
    .updateTable("units")
    .set({ phone: "0222 3811 111", email: "stp@thunghiem.gov.vn" })
    .where("id", "=", p.specialistUnitId)
    .execute();
}

export interface Staff {
  receiving: TestOfficer;
  specialist: TestOfficer;
  leader: TestOfficer;
  admin: TestOfficer;
  supervisor: TestOfficer;
  /** Officers of the competent department. */
  deptSpecialist: TestOfficer;
  deptLeader: TestOfficer;
  deptReceiving: TestOfficer;
  /** A leader of the receiving centre. */
  centreLeader: TestOfficer;
}

/** Officers of each role: centre (receiving unit) and department (competent unit). */
export async function staff(ctx: TestContext, p: TestProcedure): Promise<Staff> {
  await unitContacts(ctx, p);
  const mk = (unitId: string, roles: Role[], username: string, name: string) =>
    loginAsOfficer(ctx, { unitId, roles, username, name });
  return {
    receiving: await mk(p.unitId, ["receiving"], "tn.binh", "Trần Thị Bình"),
    specialist: await mk(p.unitId, ["specialist"], "cv.centre", "Lê Văn Chuyên"),
    leader: await mk(p.unitId, ["leader"], "ld.centre2", "Phạm Lãnh Đạo"),
    admin: await mk(p.unitId, ["admin"], "qt.admin", "Quản Trị Viên"),
    supervisor: await mk(p.unitId, ["supervisor"], "gs.giamsat", "Giám Sát Viên"),
    deptSpecialist: await mk(p.specialistUnitId, ["specialist"], "cv.duc", "Hoàng Minh Đức"),
    deptLeader: await mk(p.specialistUnitId, ["leader"], "ld.hanh", "Vũ Thị Hạnh"),
    deptReceiving: await mk(p.specialistUnitId, ["receiving"], "tn.dept", "Đỗ Văn Tiếp"),
    centreLeader: await mk(p.unitId, ["leader"], "ld.centre", "Ngô Văn Trung"),
  };
}

export async function officerOf(ctx: TestContext, o: TestOfficer): Promise<Officer> {
  return (await loadOfficer(ctx.deps, o.id))!;
}

/**
 * Session headers valid at the test clock's current instant (the tests move the clock by days, past the session
 * lifetime): a fresh session for the officer or citizen.
 */
export async function as(ctx: TestContext, who: { id: string }, kind: "officer" | "citizen" = "officer") {
  const token = await createSession(ctx.deps.db, {
    kind,
    accountId: who.id,
    ttlSeconds: kind === "officer" ? OFFICER_IDLE_TTL : CITIZEN_SESSION_TTL,
    now: ctx.deps.now(),
  });
  return { cookie: `${kind === "officer" ? OFFICER_COOKIE : CITIZEN_COOKIE}=${token}` };
}

/** POST an action; returns the response (status and JSON). */
export async function act(
  ctx: TestContext,
  who: TestOfficer,
  id: string,
  action: string,
  body: object = {},
  lang?: "en",
) {
  const res = await ctx.app.inject({
    method: "POST",
    url: `/api/office/dossiers/${id}/actions/${action}${lang ? `?lang=${lang}` : ""}`,
    headers: await as(ctx, who),
    payload: body,
  });
  return { status: res.statusCode, body: res.json() as any };
}

/** POST an action that must succeed; returns the new detail. */
export async function ok(ctx: TestContext, who: TestOfficer, id: string, action: string, body: object = {}) {
  const r = await act(ctx, who, id, action, body);
  if (r.status !== 200) throw new Error(`${action} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function detail(ctx: TestContext, who: TestOfficer, id: string) {
  const res = await ctx.app.inject({ method: "GET", url: `/api/office/dossiers/${id}`, headers: await as(ctx, who) });
  expect(res.statusCode).toBe(200);
  return res.json() as any;
}

export async function dossierRow(ctx: TestContext, id: string) {
  return ctx.deps.db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export async function eventsOf(ctx: TestContext, id: string) {
  return ctx.deps.db.selectFrom("dossier_events").selectAll().where("dossier_id", "=", id).orderBy("seq").execute();
}

/** Vietnam wall-clock instant: vn("2026-03-02 08:00"). */
export const vn = (s: string) => new Date(`${s.replace(" ", "T")}:00+07:00`);

/** Runs a dossier from status 1 through every step to "processed" (9), moving the clock to each given instant. */
export async function runToProcessed(
  ctx: TestContext,
  s: Staff,
  id: string,
  times: { receive: Date; forward: Date; appraise: Date; approve: Date },
) {
  ctx.setNow(times.receive);
  await ok(ctx, s.receiving, id, "receive");
  ctx.setNow(times.forward);
  await ok(ctx, s.receiving, id, "forward");
  ctx.setNow(times.appraise);
  await ok(ctx, s.deptSpecialist, id, "generate_result", {
    title: "Giấy xác nhận",
    content: "Xác nhận nội dung yêu cầu.",
  });
  await ok(ctx, s.deptSpecialist, id, "forward");
  ctx.setNow(times.approve);
  return ok(ctx, s.deptLeader, id, "approve");
}

export { PDF_BYTES } from "../factories/index.js";

/** A multipart/form-data body with text fields and files. */
export function multipart(
  fields: Record<string, string>,
  files: { field: string; name: string; type: string; bytes: Buffer }[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----motcua${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
    );
    chunks.push(f.bytes, Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads files as an officer; returns their ids. */
export async function upload(
  ctx: TestContext,
  who: { id: string },
  files: { name: string; bytes: Buffer; field?: string }[],
) {
  const body = multipart(
    {},
    files.map((f) => ({ field: f.field ?? "file", name: f.name, type: "application/octet-stream", bytes: f.bytes })),
  );
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/office/uploads",
    headers: { ...(await as(ctx, who)), ...body.headers },
    payload: body.payload,
  });
  return { status: res.statusCode, body: res.json() as any };
}
