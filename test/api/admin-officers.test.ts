/**
 * Issue #9, administration of officers: create, edit, disable/enable, unlock, reset password and second factor (with
 * the new password chosen at the next sign-in), the audit log; the refusals (non-administrators, one's own rights).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/app/officers.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let ctx: TestContext;
let proc: TestProcedure;
let admin: TestOfficer;
let clerk: TestOfficer;
let supervisor: TestOfficer;
let clock = Date.parse("2027-03-01T02:00:00Z");
/** Each step at its own minute, so TOTP codes are never replayed. */
const tick = () => {
  clock += 2 * 60_000;
  ctx.setNow(new Date(clock));
  return new Date(clock);
};

const api = (o: TestOfficer | undefined, method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, payload: payload as object | undefined, headers: o ? o.headers : {} });
const auditOf = (action: string, target: string) =>
  ctx.deps.db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", action)
    .where("target", "=", target)
    .orderBy("id")
    .execute();

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: new Date(clock) });
  proc = await insertTestProcedure(ctx.deps.db);
  admin = await loginAsOfficer(ctx, { unitId: proc.unitId, roles: ["admin"], username: "quantri.test" });
  clerk = await loginAsOfficer(ctx, { unitId: proc.unitId, roles: ["receiving"], username: "tiepnhan.test" });
  supervisor = await loginAsOfficer(ctx, { unitId: proc.unitId, roles: ["supervisor"], username: "giamsat.test" });
});
afterAll(async () => ctx?.close());

describe("officer administration", () => {
  it("refuses everyone but administrators, on the API and the pages", async () => {
    expect((await api(undefined, "GET", "/api/admin/officers")).statusCode).toBe(401);
    for (const o of [clerk, supervisor]) {
      expect((await api(o, "GET", "/api/admin/officers")).statusCode).toBe(403);
      expect(
        (
          await api(o, "POST", "/api/admin/officers", {
            username: "x.y",
            name: "X",
            unitCode: proc.unitCode,
            roles: ["admin"],
          })
        ).statusCode,
      ).toBe(403);
      expect((await api(o, "PATCH", `/api/admin/officers/${clerk.id}`, { roles: ["admin"] })).statusCode).toBe(403);
      expect((await api(o, "POST", `/api/admin/officers/${admin.id}/disable`)).statusCode).toBe(403);
      expect((await api(o, "POST", `/api/admin/officers/${admin.id}/reset`)).statusCode).toBe(403);
      expect((await api(o, "GET", "/office/quan-tri/can-bo")).statusCode).toBe(403);
    }
    // the clerk did not give themselves the admin role
    const me = await ctx.deps.db.selectFrom("officers").select("roles").where("id", "=", clerk.id).executeTakeFirst();
    expect(me?.roles).toEqual(["receiving"]);
    // the audit log: supervisors read it, clerks do not
    const sup = await api(supervisor, "GET", "/api/office/audit");
    expect(sup.statusCode, sup.body).toBe(200);
    expect((await api(clerk, "GET", "/api/office/audit")).statusCode).toBe(403);
    expect((await api(clerk, "GET", "/office/quan-tri/nhat-ky")).statusCode).toBe(403);
  });

  it("an administrator cannot change their own rights, state or credentials", async () => {
    const roles = await api(admin, "PATCH", `/api/admin/officers/${admin.id}`, { roles: ["admin", "leader"] });
    expect(roles.statusCode).toBe(403);
    expect(roles.json().error.code).toBe("own_rights");
    expect((await api(admin, "POST", `/api/admin/officers/${admin.id}/disable`)).statusCode).toBe(403);
    expect((await api(admin, "POST", `/api/admin/officers/${admin.id}/reset`)).statusCode).toBe(403);
    // the name is theirs to correct
    const name = await api(admin, "PATCH", `/api/admin/officers/${admin.id}`, { name: "Lý Minh Tuấn" });
    expect(name.statusCode).toBe(200);
    expect(name.json().name).toBe("Lý Minh Tuấn");
  });

  it("creates an account that must choose its password at the first sign-in; bad input is named per field", async () => {
    tick();
    const bad = await api(admin, "POST", "/api/admin/officers", {
      username: "Bad Name!",
      name: "Trần Văn B",
      unitCode: "NO-SUCH-UNIT",
      roles: ["specialist"],
      email: "not-an-email",
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(["email", "unitCode", "username"]);
    const badRole = await api(admin, "POST", "/api/admin/officers", {
      username: "tran.b",
      name: "Trần Văn B",
      unitCode: proc.unitCode,
      roles: ["god"],
    });
    expect([400, 422]).toContain(badRole.statusCode);
    expect(await ctx.deps.db.selectFrom("officers").select("id").where("username", "=", "tran.b").execute()).toEqual(
      [],
    );

    const r = await api(admin, "POST", "/api/admin/officers", {
      username: "Tran.B",
      name: "Trần Văn B",
      unitCode: proc.unitCode,
      roles: ["specialist"],
    });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.officer).toMatchObject({
      username: "tran.b",
      roles: ["specialist"],
      active: true,
      mustChangePassword: true,
    });
    expect(body.password.length).toBeGreaterThanOrEqual(16);
    expect(body.totpUri).toMatch(/^otpauth:\/\/totp\//);
    expect(await auditOf("officer.created", "tran.b")).toHaveLength(1);
    const dup = await api(admin, "POST", "/api/admin/officers", {
      username: "tran.b",
      name: "Khác",
      unitCode: proc.unitCode,
      roles: ["leader"],
    });
    expect(dup.statusCode).toBe(422);

    // first sign-in: the password, then the code with a new password
    const secret = new URL(body.totpUri).searchParams.get("secret")!;
    const step1 = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "tran.b", password: body.password },
    });
    expect(step1.statusCode).toBe(200);
    const ticket = step1.json().ticket;
    const noPassword = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login/otp",
      payload: { ticket, code: totpCode(secret, ctx.deps.now()) },
    });
    expect(noPassword.statusCode).toBe(422);
    expect(noPassword.json().error.fields[0].path).toBe("newPassword");
    const mismatch = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login/otp",
      payload: {
        ticket,
        code: totpCode(secret, ctx.deps.now()),
        newPassword: "mot-mat-khau-moi",
        newPassword2: "khac",
      },
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.fields[0].path).toBe("newPassword2");
    // the refused attempts did not spend the code
    const done = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login/otp",
      payload: {
        ticket,
        code: totpCode(secret, ctx.deps.now()),
        newPassword: "mot-mat-khau-moi",
        newPassword2: "mot-mat-khau-moi",
      },
    });
    expect(done.statusCode).toBe(200);
    const row = await ctx.deps.db
      .selectFrom("officers")
      .select("must_change_password")
      .where("username", "=", "tran.b")
      .executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(false);
    expect(await auditOf("officer.password_changed", "tran.b")).toHaveLength(1);
    // the temporary password no longer opens the account
    tick();
    const old = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "tran.b", password: body.password },
    });
    expect(old.statusCode).toBe(401);
  });

  it("edits roles and unit with the change audited, and lists and finds officers", async () => {
    const other = await ctx.deps.db
      .insertInto("units")
      .values({ code: "T-WARD-2", name: "UBND phường Thử Nghiệm", kind: "commune", level: "commune" })
      .returning(["id", "code as unitCode"])
      .executeTakeFirstOrThrow();
    const target = await loginAsOfficer(ctx, { unitId: proc.unitId, roles: ["specialist"], username: "nguyen.c" });
    const r = await api(admin, "PATCH", `/api/admin/officers/${target.id}`, {
      roles: ["specialist", "leader"],
      unitCode: other.unitCode,
      title: "Phó Trưởng phòng",
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().roles).toEqual(["specialist", "leader"]);
    const a = await auditOf("officer.updated", "nguyen.c");
    expect(a).toHaveLength(1);
    expect((a[0].data as { changes: Record<string, unknown> }).changes).toHaveProperty("roles");
    expect(a[0].actor_id).toBe(admin.id);
    const badUnit = await api(admin, "PATCH", `/api/admin/officers/${target.id}`, { unitCode: "NOPE" });
    expect(badUnit.statusCode).toBe(422);

    const found = await api(admin, "GET", "/api/admin/officers?q=nguyen&role=leader");
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((i: { username: string }) => i.username)).toEqual(["nguyen.c"]);
    const unknown = await api(admin, "GET", `/api/admin/officers/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`);
    expect(unknown.statusCode).toBe(404);
  });

  it("disabling ends the officer's sessions at once; enabling lets them sign in again", async () => {
    const target = await loginAsOfficer(ctx, { unitId: proc.unitId, roles: ["receiving"], username: "le.d" });
    expect((await api(target, "GET", "/api/office/queue")).statusCode).toBe(200);
    const off = await api(admin, "POST", `/api/admin/officers/${target.id}/disable`);
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await api(target, "GET", "/api/office/queue")).statusCode).toBe(401);
    expect(await auditOf("officer.disabled", "le.d")).toHaveLength(1);
    const on = await api(admin, "POST", `/api/admin/officers/${target.id}/enable`);
    expect(on.json().active).toBe(true);
    expect(await auditOf("officer.enabled", "le.d")).toHaveLength(1);
  });

  it("lists an account with sign-in delays and lifts them", async () => {
    tick();
    const created = (
      await api(admin, "POST", "/api/admin/officers", {
        username: "pham.e",
        name: "Phạm Thị E",
        unitCode: proc.unitCode,
        roles: ["receiving"],
      })
    ).json();
    for (let i = 0; i < 5; i++)
      await ctx.app.inject({
        method: "POST",
        url: "/api/office/login",
        payload: { username: "pham.e", password: "wrong-password" },
      });
    const locked = await api(admin, "GET", "/api/admin/locked-accounts");
    expect(locked.json().items.map((i: { username: string }) => i.username)).toContain("pham.e");
    const detail = await api(admin, "GET", `/api/admin/officers/${created.officer.id}`);
    expect(detail.json().throttled).toMatchObject({ username: "pham.e" });
    // the right password is delayed now …
    const delayed = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "pham.e", password: created.password },
    });
    expect(delayed.statusCode).toBe(429);
    const u = await api(admin, "POST", `/api/admin/officers/${created.officer.id}/unlock`);
    expect(u.statusCode).toBe(200);
    expect(u.json().cleared).toBeGreaterThan(0);
    expect(await auditOf("officer.unlocked", "pham.e")).toHaveLength(1);
    expect((await api(admin, "GET", "/api/admin/locked-accounts")).json().items).toEqual([]);
    // … and accepted after the unlock
    const ok = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "pham.e", password: created.password },
    });
    expect(ok.statusCode).toBe(200);
  });

  it("reset: a temporary password, the authenticator forgotten, every session ended", async () => {
    const target = await loginAsOfficer(ctx, { unitId: proc.unitId, roles: ["leader"], username: "hoang.f" });
    await ctx.deps.db
      .updateTable("officers")
      .set({ totp_secret: "JBSWY3DPEHPK3PXP" })
      .where("id", "=", target.id)
      .execute();
    const r = await api(admin, "POST", `/api/admin/officers/${target.id}/reset`);
    expect(r.statusCode).toBe(200);
    const temp = r.json().temporaryPassword as string;
    expect((await api(target, "GET", "/api/office/queue")).statusCode).toBe(401);
    expect(await auditOf("officer.reset", "hoang.f")).toHaveLength(1);
    // the next sign-in enrols a new authenticator and sets a new password together
    tick();
    const step1 = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "hoang.f", password: temp },
    });
    expect(step1.statusCode).toBe(200);
    expect(step1.json().next).toBe("enrol");
    const same = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login/otp",
      payload: {
        ticket: step1.json().ticket,
        code: totpCode(step1.json().secret, ctx.deps.now()),
        newPassword: temp,
        newPassword2: temp,
      },
    });
    expect(same.statusCode).toBe(422);
    const done = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login/otp",
      payload: {
        ticket: step1.json().ticket,
        code: totpCode(step1.json().secret, ctx.deps.now()),
        newPassword: "mat-khau-rieng-cua-toi",
        newPassword2: "mat-khau-rieng-cua-toi",
      },
    });
    expect(done.statusCode).toBe(200);
  });

  it("the audit log filters by action group, officer and period; a bad day is named", async () => {
    const all = await api(supervisor, "GET", "/api/office/audit?action=officer.&officer=quantri.test");
    expect(all.statusCode).toBe(200);
    const actions = new Set(all.json().items.map((i: { action: string }) => i.action));
    for (const a of ["officer.created", "officer.updated", "officer.disabled", "officer.reset", "officer.unlocked"])
      expect(actions).toContain(a);
    expect(all.json().items.every((i: { actorUsername: string }) => i.actorUsername === "quantri.test")).toBe(true);
    const none = await api(supervisor, "GET", "/api/office/audit?action=officer.created&from=2030-01-01");
    expect(none.json().total).toBe(0);
    const bad = await api(supervisor, "GET", "/api/office/audit?from=2027-02-30");
    expect(bad.statusCode).toBe(422);
    const page = await api(supervisor, "GET", "/office/quan-tri/nhat-ky?action=officer.reset");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("hoang.f");
  });

  it("the pages: list, create with errors beside the fields, the one-time password, edit", async () => {
    const list = await api(admin, "GET", "/office/quan-tri/can-bo?q=tran");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("tran.b");
    expect(list.body).not.toContain("hoang.f");
    const bad = await ctx.app.inject({
      method: "POST",
      url: "/office/quan-tri/can-bo/moi",
      headers: { ...admin.headers, "content-type": "application/x-www-form-urlencoded" },
      payload: `username=vu.g&name=&unitCode=${proc.unitCode}&roles=receiving`,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#name"');
    expect(bad.body).toContain('value="vu.g"');
    const good = await ctx.app.inject({
      method: "POST",
      url: "/office/quan-tri/can-bo/moi",
      headers: { ...admin.headers, "content-type": "application/x-www-form-urlencoded" },
      payload: `username=vu.g&name=${encodeURIComponent("Vũ Văn G")}&unitCode=${proc.unitCode}&roles=receiving&roles=specialist`,
    });
    expect(good.statusCode).toBe(201);
    expect(good.headers["cache-control"]).toBe("no-store");
    expect(good.body).toContain("Mật khẩu tạm thời");
    const row = await ctx.deps.db
      .selectFrom("officers")
      .select(["id", "roles"])
      .where("username", "=", "vu.g")
      .executeTakeFirstOrThrow();
    expect(row.roles).toEqual(["receiving", "specialist"]);
    const edit = await ctx.app.inject({
      method: "POST",
      url: `/office/quan-tri/can-bo/${row.id}`,
      headers: { ...admin.headers, "content-type": "application/x-www-form-urlencoded" },
      payload: `name=${encodeURIComponent("Vũ Văn Giang")}&unitCode=${proc.unitCode}&roles=leader`,
    });
    expect(edit.statusCode).toBe(303);
    const shown = await api(admin, "GET", edit.headers.location as string);
    expect(shown.body).toContain("Đã lưu thay đổi.");
    expect(shown.body).toContain("Vũ Văn Giang");
    // one's own page: the rights controls are disabled
    const own = await api(admin, "GET", `/office/quan-tri/can-bo/${admin.id}`);
    expect(own.body).toContain('id="roles" disabled');
  });
});
