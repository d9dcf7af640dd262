/** Issue #9: units administered — the tree, a new unit, contact details shown on the portal, no cycles, refusals. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let ctx: TestContext;
let p: TestProcedure;
let admin: TestOfficer;
let leader: TestOfficer;
const post = (o: TestOfficer, url: string, body: string) =>
  ctx.app.inject({
    method: "POST",
    url,
    headers: { ...o.headers, "content-type": "application/x-www-form-urlencoded" },
    payload: body,
  });

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: new Date("2027-02-01T03:00:00Z") });
  p = await insertTestProcedure(ctx.deps.db);
  admin = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["admin"], username: "quantri.dv" });
  leader = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["leader"], username: "lanhdao.dv" });
});
afterAll(async () => ctx?.close());

describe("units administration", () => {
  it("refuses non-administrators", async () => {
    expect((await ctx.app.inject({ method: "GET", url: "/api/admin/units", headers: leader.headers })).statusCode).toBe(
      403,
    );
    expect(
      (await ctx.app.inject({ method: "GET", url: "/office/quan-tri/don-vi", headers: leader.headers })).statusCode,
    ).toBe(403);
    expect((await post(leader, `/office/quan-tri/don-vi/${p.unitId}`, "name=X")).statusCode).toBe(403);
  });

  it("creates a ward under a unit, with errors named per field and nothing written on error", async () => {
    const parent = (await ctx.app.inject({ method: "GET", url: "/api/admin/units", headers: admin.headers })).json()
      .items[0];
    const bad = await post(
      admin,
      "/office/quan-tri/don-vi",
      `code=W-01&name=${encodeURIComponent("UBND phường Ba Đình")}&kind=commune&level=commune&parentCode=NOPE&phone=abc`,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#parentCode"');
    expect(bad.body).toContain('href="#phone"');
    expect(await ctx.deps.db.selectFrom("units").select("id").where("code", "=", "W-01").execute()).toEqual([]);
    const ok = await post(
      admin,
      "/office/quan-tri/don-vi",
      `code=W-01&name=${encodeURIComponent("UBND phường Ba Đình")}&kind=commune&level=commune&parentCode=${parent.code}&phone=${encodeURIComponent("024 3823 0001")}&receivesDossiers=1`,
    );
    expect(ok.statusCode).toBe(303);
    const list = (await ctx.app.inject({ method: "GET", url: "/api/admin/units", headers: admin.headers })).json()
      .items;
    const w = list.find((u: { code: string }) => u.code === "W-01");
    expect(w).toMatchObject({ parentId: parent.id, receivesDossiers: true, phone: "024 3823 0001" });
    expect(w.depth).toBe(parent.depth + 1);
    // after its parent in the tree order
    expect(list.findIndex((u: { code: string }) => u.code === "W-01")).toBeGreaterThan(
      list.findIndex((u: { code: string }) => u.code === parent.code),
    );
    const dup = await ctx.app.inject({
      method: "POST",
      url: "/api/admin/units",
      headers: admin.headers,
      payload: { code: "W-01", name: "Khác", kind: "commune", level: "commune" },
    });
    expect(dup.statusCode).toBe(422);
    const audit = await ctx.deps.db.selectFrom("audit_log").select("action").where("target", "=", "W-01").execute();
    expect(audit.map((a) => a.action)).toEqual(["unit.created"]);
  });

  it("a new telephone number shows on the procedure page; a parent below the unit is refused", async () => {
    const r = await ctx.app.inject({
      method: "PATCH",
      url: `/api/admin/units/${p.unitId}`,
      headers: admin.headers,
      payload: { phone: "024 9999 8888", address: "Số 1 Tràng Tiền" },
    });
    expect(r.statusCode).toBe(204);
    const page = await ctx.app.inject({ method: "GET", url: `/thu-tuc/${p.code}` });
    expect(page.body).toContain("024 9999 8888");
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "unit.updated")
      .where("target", "=", p.unitCode)
      .execute();
    expect(audit).toHaveLength(1);
    expect((audit[0].data as { changes: Record<string, unknown> }).changes).toHaveProperty("phone");
    // W-01 is below this unit's parent chain only if this unit is its parent: make it so, then try the cycle
    await ctx.app.inject({
      method: "PATCH",
      url:
        "/api/admin/units/" +
        (await ctx.deps.db.selectFrom("units").select("id").where("code", "=", "W-01").executeTakeFirstOrThrow()).id,
      headers: admin.headers,
      payload: { parentCode: p.unitCode },
    });
    const cycle = await post(
      admin,
      `/office/quan-tri/don-vi/${p.unitId}`,
      `name=${encodeURIComponent("Sở Tư pháp")}&parentCode=W-01`,
    );
    expect(cycle.statusCode).toBe(422);
    expect(cycle.body).toContain("trực thuộc");
    const self = await ctx.app.inject({
      method: "PATCH",
      url: `/api/admin/units/${p.unitId}`,
      headers: admin.headers,
      payload: { parentCode: p.unitCode },
    });
    expect(self.statusCode).toBe(422);
  });

  it("own reception hours: checked per day, shown on the procedure page, audited; cleared back to the working time", async () => {
    const weekday = [
      { start: "07:30", end: "11:30" },
      { start: "13:00", end: "17:00" },
    ];
    const patch = (payload: object) =>
      ctx.app.inject({ method: "PATCH", url: `/api/admin/units/${p.unitId}`, headers: admin.headers, payload });
    const overlap = await patch({
      receptionHours: [
        weekday,
        weekday,
        [
          { start: "08:00", end: "12:00" },
          { start: "11:00", end: "13:00" },
        ],
        weekday,
        weekday,
        [],
        [],
      ],
    });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().error.fields[0]).toMatchObject({ path: "receptionHours.2" });
    expect(overlap.json().error.fields[0].message).toContain("Thứ Tư");
    expect((await patch({ receptionHours: [[], [], [], [], [], [], []] })).statusCode).toBe(422);
    expect((await patch({ receptionHours: [weekday, weekday] })).statusCode).toBe(422);
    expect(
      (await patch({ receptionHours: [[{ start: "7:30", end: "11:30" }], [], [], [], [], [], []] })).statusCode,
    ).toBe(422);
    const before = await ctx.deps.db
      .selectFrom("units")
      .select("reception_hours")
      .where("id", "=", p.unitId)
      .executeTakeFirstOrThrow();
    expect(before.reception_hours).toBeNull();

    // the page: Saturday morning open, typed as people type it
    const form = (o: Record<string, string>) =>
      post(admin, `/office/quan-tri/don-vi/${p.unitId}`, new URLSearchParams({ name: "Sở Tư pháp", ...o }).toString());
    const days = (sat: string) =>
      Object.fromEntries(
        [0, 1, 2, 3, 4]
          .map((i) => [`hours.${i}`, "07:30-11:30, 13:00-17:00"])
          .concat([
            ["hours.5", sat],
            ["hours.6", ""],
          ]),
      );
    const typo = await form({ ownHours: "1", ...days("7h30 đến 11h30") });
    expect(typo.statusCode).toBe(422);
    expect(typo.body).toContain('href="#hours.5"');
    expect(typo.body).toContain("Thứ Bảy");
    const saved = await form({ ownHours: "1", ...days("7h30-11h30") });
    expect(saved.statusCode).toBe(303);
    const page = await ctx.app.inject({ method: "GET", url: `/thu-tuc/${p.code}` });
    expect(page.body).toContain("Giờ tiếp nhận: Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00; Thứ Bảy: 07:30–11:30");
    const api = await ctx.app.inject({ method: "GET", url: `/api/procedures/${p.code}` });
    const unit = [api.json().competentUnit, ...api.json().implementingUnits].find(
      (u: { code: string }) => u.code === p.unitCode,
    );
    expect(unit.receptionHours[5]).toEqual([{ start: "07:30", end: "11:30" }]);
    const edit = await ctx.app.inject({
      method: "GET",
      url: `/office/quan-tri/don-vi/${p.unitId}`,
      headers: admin.headers,
    });
    expect(edit.body).toContain('value="07:30-11:30"');
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "unit.updated")
      .where("target", "=", p.unitCode)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect((audit.data as { changes: Record<string, unknown> }).changes).toHaveProperty("reception_hours");

    expect((await form({ ...days("") })).statusCode).toBe(303);
    const after = await ctx.app.inject({ method: "GET", url: `/thu-tuc/${p.code}` });
    expect(after.body).not.toContain("Giờ tiếp nhận:");
  });
});
