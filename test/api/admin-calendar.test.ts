/** Issue #9: the administrators' working-calendar page — a year's exceptions, a day changed and audited, refusals. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let ctx: TestContext;
let admin: TestOfficer;
let clerk: TestOfficer;
const form = (o: TestOfficer, url: string, body: string) =>
  ctx.app.inject({
    method: "POST",
    url,
    headers: { ...o.headers, "content-type": "application/x-www-form-urlencoded" },
    payload: body,
  });

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: new Date("2027-02-01T03:00:00Z") });
  const p = await insertTestProcedure(ctx.deps.db);
  admin = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["admin"], username: "quantri.lich" });
  clerk = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["receiving"], username: "tiepnhan.lich" });
});
afterAll(async () => ctx?.close());

describe("working calendar page", () => {
  it("shows the year's days off by rule (Tết 2027) and refuses non-administrators", async () => {
    const page = await ctx.app.inject({
      method: "GET",
      url: "/office/quan-tri/lich?year=2027",
      headers: admin.headers,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Lịch làm việc 2027");
    // Tết Nguyên đán 2027: 6 February 2027 is the first day of the lunar year
    expect(page.body).toContain("08/02/2027");
    expect(page.body).toMatch(/Tết/);
    expect(
      (await ctx.app.inject({ method: "GET", url: "/office/quan-tri/lich", headers: clerk.headers })).statusCode,
    ).toBe(403);
    expect((await form(clerk, "/office/quan-tri/lich", "day=2027-03-02&working=off&reason=x")).statusCode).toBe(403);
  });

  it("records a day off with its reason, audited, and the public calendar follows", async () => {
    const bad = await form(admin, "/office/quan-tri/lich?year=2027", "day=2027-03-02&working=off&reason=");
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#reason"');
    expect(bad.body).toContain('value="2027-03-02"');
    const r = await form(
      admin,
      "/office/quan-tri/lich?year=2027",
      `day=2027-03-02&working=off&reason=${encodeURIComponent("Nghỉ bù theo Thông báo số 99/TB-VPCP")}`,
    );
    expect(r.statusCode).toBe(303);
    const shown = await ctx.app.inject({ method: "GET", url: r.headers.location as string, headers: admin.headers });
    expect(shown.body).toContain("Đã cập nhật lịch làm việc ngày 02/03/2027.");
    expect(shown.body).toContain("Nghỉ bù theo Thông báo số 99/TB-VPCP");
    const year = (await ctx.app.inject({ method: "GET", url: "/api/calendar/2027" })).json();
    expect(year.daysOff.map((d: { day: string }) => d.day)).toContain("2027-03-02");
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "calendar.day.set")
      .where("target", "=", "2027-03-02")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(admin.id);
    // and removing the override puts the day back
    const rm = await form(admin, "/office/quan-tri/lich?year=2027", "day=2027-03-02&working=remove&reason=");
    expect(rm.statusCode).toBe(303);
    const after = (await ctx.app.inject({ method: "GET", url: "/api/calendar/2027" })).json();
    expect(after.daysOff.map((d: { day: string }) => d.day)).not.toContain("2027-03-02");
  });
});
