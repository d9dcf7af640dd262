/**
 * The leaders' dashboard (issue #8): the monthly trend and rates counted by hand from dossiers driven through the real
 * write paths, the filters (channel, field, unit), dossiers overdue now by the unit and step holding them, the 766
 * components by points lost; who may see what (refusals); the page with its charts as inline SVG without styles.
 */
import { randomUUID } from "node:crypto";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { as, ok, PDF_BYTES, runToProcessed, type Staff, staff, submitOnline, upload, vn } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-01-05 07:00") });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  // January: online, received 5 Jan, approved 30 Jan: late
  ctx.setNow(vn("2026-01-05 07:30"));
  const jan = await submitOnline(ctx, p);
  await runToProcessed(ctx, s, jan, {
    receive: vn("2026-01-05 08:00"),
    forward: vn("2026-01-05 08:30"),
    appraise: vn("2026-01-05 09:00"),
    approve: vn("2026-01-30 09:00"),
  });
  // March: online, received and processed on 2 March: early
  ctx.setNow(vn("2026-03-02 07:30"));
  const early = await submitOnline(ctx, p);
  await runToProcessed(ctx, s, early, {
    receive: vn("2026-03-02 08:00"),
    forward: vn("2026-03-02 08:30"),
    appraise: vn("2026-03-02 09:00"),
    approve: vn("2026-03-02 09:30"),
  });
  // March: at the counter on 3 March, left at the first step: overdue at the centre
  ctx.setNow(vn("2026-03-03 09:00"));
  const up = await upload(ctx, s.receiving, [{ name: "to-khai.pdf", bytes: PDF_BYTES }]);
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/office/intake",
    headers: await as(ctx, s.receiving),
    payload: {
      procedureId: p.procedureId,
      channel: "counter",
      applicant: { type: "citizen", name: "Phạm Thị Hoa", idNumber: "001185004321", phone: "0987654321" },
      data: { applicant: { fullName: "Phạm Thị Hoa", idNumber: "001185004321", birthDate: "1985-04-01" } },
      components: [{ code: "TK", fileIds: [up.body.files[0].id] }],
      returnMethod: "counter",
    },
  });
  expect(res.statusCode).toBe(201);
  // March: online, received 30 March and forwarded to the department (appraisal): overdue there in April
  ctx.setNow(vn("2026-03-30 09:50"));
  const held = await submitOnline(ctx, p);
  ctx.setNow(vn("2026-03-30 10:00"));
  await ok(ctx, s.receiving, held, "receive");
  await ok(ctx, s.receiving, held, "forward");
  ctx.setNow(vn("2026-04-15 10:00"));
});
afterAll(() => ctx.close());

const get = async (who: { id: string } | null, url: string, html = false) => {
  const res = await ctx.app.inject({
    method: "GET",
    url,
    headers: { ...(who ? await as(ctx, who) : {}), ...(html ? { accept: "text/html" } : {}) },
  });
  return { status: res.statusCode, body: html ? res.body : (res.json() as any), headers: res.headers };
};
const ratio = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator ? numerator / denominator : null,
});

describe("dashboard figures", () => {
  it("the year to date: monthly trend, rates and overdue dossiers by unit and step", async () => {
    const r = await get(s.supervisor, "/api/office/dashboard");
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.period).toMatchObject({ kind: "year", year: 2026, from: "2026-01-01" });
    expect(d.through).toBe("2026-04-15");
    expect(d.months.map((m: any) => [m.month, m.received, m.receivedOnline, m.resolved, m.resolvedOnTime])).toEqual([
      ["2026-01", 1, 1, 1, 0],
      ["2026-02", 0, 0, 0, 0],
      ["2026-03", 3, 2, 1, 1],
      ["2026-04", 0, 0, 0, 0],
    ]);
    expect(d.total).toMatchObject({
      received: 4,
      receivedOnline: 3,
      resolved: 2,
      resolvedOnTime: 1,
      onTimeRate: ratio(1, 2),
      onlineShare: ratio(3, 4),
    });
    expect(d.overdue.total).toBe(2);
    expect(d.overdue.byStep.map((x: any) => [x.unitId, x.step, x.n]).sort()).toEqual(
      [
        [p.unitId, "Tiếp nhận hồ sơ", 1],
        [p.specialistUnitId, "Thẩm định", 1],
      ].sort(),
    );
    expect(d.overdue.byUnit.map((x: any) => x.n)).toEqual([1, 1]);
  });

  it("the 766 components with data, the most points lost first", async () => {
    const d = (await get(s.supervisor, "/api/office/dashboard?kind=quarter&index=1")).body;
    expect(d.pointsLost.length).toBeGreaterThan(0);
    for (const c of d.pointsLost) expect(c.lost).toBeCloseTo(c.max - c.points, 2);
    const lost = d.pointsLost.map((c: any) => c.lost);
    expect([...lost].sort((a: number, b: number) => b - a)).toEqual(lost);
    const progress = d.pointsLost.find((c: any) => c.key === "progress");
    // Q1: 4 received, 1 resolved early or on time
    expect(progress.ratio).toEqual(ratio(1, 4));
    expect(d.index766.noData.length).toBeGreaterThan(0);
    expect(d.pointsLost.some((c: any) => d.index766.noData.includes(c.key))).toBe(false);
  });

  it("filters by channel, field and unit", async () => {
    const counter = (await get(s.supervisor, "/api/office/dashboard?channel=counter")).body;
    expect(counter.total).toMatchObject({ received: 1, receivedOnline: 0, resolved: 0 });
    expect(counter.overdue.total).toBe(1);
    const otherField = (await get(s.supervisor, `/api/office/dashboard?fieldId=${randomUUID()}`)).body;
    expect(otherField.total).toMatchObject({ received: 0, resolved: 0 });
    expect(otherField.overdue.total).toBe(0);
    // the department receives nothing itself, but holds one overdue dossier
    const dept = (await get(s.supervisor, `/api/office/dashboard?unitId=${p.specialistUnitId}`)).body;
    expect(dept.total.received).toBe(0);
    expect(dept.overdue.byStep.map((x: any) => x.step)).toEqual(["Thẩm định"]);
    const march = (await get(s.supervisor, "/api/office/dashboard?kind=month&index=3")).body;
    expect(march.months.map((m: any) => m.month)).toEqual(["2026-03"]);
    expect(march.total).toMatchObject({ received: 3, resolved: 1 });
  });

  it("a leader sees the own unit only; others are refused", async () => {
    // the province's figures kept (and their JSON, compressed once) are not what a unit's leader gets next
    const province = await ctx.app.inject({
      url: "/api/office/dashboard",
      headers: { ...(await as(ctx, s.supervisor)), "accept-encoding": "br" },
    });
    expect(province.headers["content-encoding"]).toBe("br");
    const provinceJson = JSON.parse(brotliDecompressSync(province.rawPayload).toString());
    expect(provinceJson).toEqual((await get(s.supervisor, "/api/office/dashboard")).body);
    expect(provinceJson.total.received).toBe(4);
    const own = await get(s.deptLeader, "/api/office/dashboard");
    expect(own.status).toBe(200);
    expect(own.body.total.received).toBe(0);
    expect(own.body.overdue.total).toBe(1);
    expect(own.body.choices.units.map((u: any) => u.id)).toEqual([p.specialistUnitId]);
    const centre = await get(s.centreLeader, "/api/office/dashboard");
    expect(centre.body.total.received).toBe(4);
    expect((await get(s.deptLeader, `/api/office/dashboard?unitId=${p.unitId}`)).status).toBe(403);
    const clerk = await get(s.receiving, "/api/office/dashboard");
    expect(clerk.status).toBe(403);
    expect((await get(s.deptSpecialist, "/api/office/dashboard")).status).toBe(403);
    expect((await get(null, "/api/office/dashboard")).status).toBe(401);
    expect((await get(s.supervisor, "/api/office/dashboard?kind=quarter&index=5")).status).toBe(422);
  });
});

describe("dashboard page", () => {
  it("shows the figures and the charts as inline SVG without styles; empty filters mean none", async () => {
    const r = await get(
      s.supervisor,
      "/office/bang-dieu-khien?kind=year&index=1&year=2026&unitId=&fieldId=&channel=",
      true,
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain("<h1>Bảng điều khiển lãnh đạo</h1>");
    expect(r.body).toContain("<strong>50,0 %</strong> đúng hạn");
    expect(r.body).toContain("<strong>75,0 %</strong> tiếp nhận trực tuyến");
    expect(r.body).toMatch(/<th scope="row">Sở Tư pháp tỉnh Thử nghiệm<\/th><td>Thẩm định<\/td><td>1<\/td>/);
    const svgs = r.body.match(/<svg [^>]*role="img"[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(3);
    expect(r.body).not.toMatch(/\sstyle=|<style/);
    expect(r.body).toContain('href="/office/bang-dieu-khien"');
  });

  it("refuses a receiving officer", async () => {
    const r = await get(s.receiving, "/office/bang-dieu-khien", true);
    expect(r.status).toBe(403);
  });
});
