/**
 * Public statistics (Circular 32/2017; issue #8): hand-counted figures of dossiers driven through the real write paths
 * (portal submission factory, counter intake, office actions, citizens' ratings), per province, month, unit and
 * service, for the year to date, a month and a past year; the same after a rebuild of the roll-ups from history; the
 * page without login, in both languages, with its charts as inline SVG that the strict CSP allows.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PublicStatistics, rollUpAndPrime } from "../../src/app/public-statistics.js";
import { rollUpStatistics } from "../../src/app/statistics.js";
import { renderPublicStatistics } from "../../src/web/portal/statistics.js";
import { rebuildStatistics } from "../../src/app/statistics.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { as, ok, PDF_BYTES, runToProcessed, type Staff, staff, submitOnline, upload, vn } from "./office-fixtures.js";

let ctx: TestContext;
let a: TestProcedure;
let b: TestProcedure;
let s: Staff;
let owner: TestCitizen;

async function counter(p: TestProcedure, at: Date): Promise<string> {
  ctx.setNow(at);
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
  return res.json().dossier.id;
}

/** An online dossier of `owner` received at `day` 08:00 and processed at `approve`, then returned. */
async function resolved(p: TestProcedure, day: string, approve: Date): Promise<string> {
  ctx.setNow(vn(`${day} 07:30`));
  const id = await submitOnline(ctx, p, { citizenId: owner.id });
  await runToProcessed(ctx, s, id, {
    receive: vn(`${day} 08:00`),
    forward: vn(`${day} 08:30`),
    appraise: vn(`${day} 09:00`),
    approve,
  });
  ctx.setNow(new Date(approve.getTime() + 3600_000));
  await ok(ctx, s.receiving, id, "return_result", { method: "counter" });
  return id;
}

async function rate(id: string, overall: string, reason?: string) {
  const res = await ctx.app.inject({
    method: "POST",
    url: `/api/my/dossiers/${id}/rating`,
    headers: await as(ctx, owner, "citizen"),
    payload: { overall, ...(reason ? { reason } : {}) },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2025-12-01 07:00") });
  a = await insertTestProcedure(ctx.deps.db, { code: "9.999001", name: "Cấp giấy xác nhận thử nghiệm A" });
  b = await insertTestProcedure(ctx.deps.db, { code: "9.999002", name: "Cấp giấy xác nhận thử nghiệm B" });
  s = await staff(ctx, a);
  owner = await loginAsCitizen(ctx);
  // 2025: one online dossier of A, received and resolved early in December
  await resolved(a, "2025-12-01", vn("2025-12-01 10:00"));
  // January 2026: A online, resolved the same day (early), rated "very satisfied"
  const jan = await resolved(a, "2026-01-06", vn("2026-01-06 10:00"));
  ctx.setNow(vn("2026-01-06 15:00"));
  await rate(jan, "very_satisfied");
  // March 2026: A online resolved early; B online resolved late (due 5 March, approved 20 March), rated unsatisfied
  await resolved(a, "2026-03-02", vn("2026-03-02 10:00"));
  const late = await resolved(b, "2026-03-02", vn("2026-03-20 10:00"));
  ctx.setNow(vn("2026-03-20 15:00"));
  await rate(late, "unsatisfied", "Giải quyết trễ hẹn");
  // March 2026: A at the counter, still pending; A online never received (not counted)
  await counter(a, vn("2026-03-03 09:00"));
  ctx.setNow(vn("2026-03-31 10:00"));
  await submitOnline(ctx, a);
  ctx.setNow(vn("2026-04-15 10:00"));
});
afterAll(() => ctx.close());

const api = async (query = "") => {
  const res = await ctx.app.inject({ method: "GET", url: `/api/statistics${query}` });
  return { status: res.statusCode, body: res.json() as any };
};
const ratio = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator ? numerator / denominator : null,
});

describe("public statistics API", () => {
  it("counts the year to date by province, month, unit and service, without login", async () => {
    const r = await api();
    expect(r.status).toBe(200);
    const y = r.body;
    expect(y.period).toMatchObject({ kind: "year", year: 2026, from: "2026-01-01", to: "2027-01-01" });
    expect(y.through).toBe("2026-04-15");
    expect(y.total).toEqual({
      received: 4,
      receivedOnline: 3,
      resolved: 3,
      resolvedOnline: 3,
      resolvedOnTime: 2,
      onTimeRate: ratio(2, 3),
      ratings: { verySatisfied: 1, satisfied: 0, unsatisfied: 1 },
      satisfaction: ratio(1, 2),
    });
    expect(y.months.map((m: any) => [m.month, m.figures.received, m.figures.resolved])).toEqual([
      ["2026-01", 1, 1],
      ["2026-02", 0, 0],
      ["2026-03", 3, 2],
      ["2026-04", 0, 0],
    ]);
    expect(y.units).toHaveLength(1);
    expect(y.units[0]).toMatchObject({ id: a.unitId, figures: { received: 4, resolved: 3 } });
    // services: the busiest first
    expect(y.procedures.map((p: any) => [p.code, p.name])).toEqual([
      ["9.999001", "Cấp giấy xác nhận thử nghiệm A"],
      ["9.999002", "Cấp giấy xác nhận thử nghiệm B"],
    ]);
    expect(y.procedures[0].figures).toMatchObject({
      received: 3,
      receivedOnline: 2,
      resolved: 2,
      resolvedOnTime: 2,
      onTimeRate: ratio(2, 2),
      satisfaction: ratio(1, 1),
    });
    expect(y.procedures[1].figures).toMatchObject({
      received: 1,
      receivedOnline: 1,
      resolved: 1,
      resolvedOnTime: 0,
      onTimeRate: ratio(0, 1),
      satisfaction: ratio(0, 1),
    });
  });

  it("a month and a past year count only their own days", async () => {
    const march = (await api("?period=m3")).body;
    expect(march.period).toMatchObject({ kind: "month", index: 3, from: "2026-03-01", to: "2026-04-01" });
    expect(march.through).toBe("2026-03-31");
    expect(march.total).toMatchObject({ received: 3, receivedOnline: 2, resolved: 2, resolvedOnTime: 1 });
    expect(march.total.satisfaction).toEqual(ratio(0, 1));
    const q1 = (await api("?period=q1")).body;
    expect(q1.total).toMatchObject({ received: 4, resolved: 3 });
    const feb = (await api("?period=m2")).body;
    expect(feb.total).toMatchObject({ received: 0, resolved: 0, onTimeRate: ratio(0, 0) });
    expect(feb.units).toEqual([]);
    const y2025 = (await api("?year=2025")).body;
    expect(y2025.through).toBe("2025-12-31");
    expect(y2025.total).toMatchObject({ received: 1, receivedOnline: 1, resolved: 1, resolvedOnTime: 1 });
    expect(y2025.months).toHaveLength(12);
  });

  it("answers compressed when asked, the same JSON compressed once", async () => {
    const plain = await ctx.app.inject({
      method: "GET",
      url: "/api/statistics",
      headers: { "accept-encoding": "identity" },
    });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const [accept, encoding, unpack] of [
      ["gzip, deflate", "gzip", gunzipSync],
      ["gzip, deflate, br", "br", brotliDecompressSync],
      ["br;q=0, gzip", "gzip", gunzipSync],
    ] as const) {
      const r = await ctx.app.inject({ method: "GET", url: "/api/statistics", headers: { "accept-encoding": accept } });
      expect(r.headers["content-encoding"]).toBe(encoding);
      expect(r.headers.vary).toContain("accept-encoding");
      expect(JSON.parse(unpack(r.rawPayload).toString("utf8"))).toEqual(plain.json());
    }
  });

  it("refuses a period that is not one, or has not begun", async () => {
    const bad = await api("?period=m13");
    expect(bad.status).toBe(422);
    const future = await api("?year=2027");
    expect(future.status).toBe(422);
    expect(future.body.error.fields.map((f: any) => f.path)).toEqual(["querystring.period"]);
  });

  it("a rebuild of the roll-ups from history gives the same figures", async () => {
    const before = (await api()).body;
    await rebuildStatistics(ctx.deps.db);
    expect((await api()).body).toEqual(before);
  });
});

describe("public statistics page", () => {
  it("shows the figures, the charts as inline SVG without inline styles, in Vietnamese by default", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/thong-ke" });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain("<h1>Thống kê giải quyết thủ tục hành chính</h1>");
    expect(body).toContain("từ 01/01/2026 đến 15/04/2026");
    expect(body).toMatch(/<strong>66,7 %<\/strong> giải quyết đúng hạn/);
    expect(body).toMatch(/<strong>50,0 %<\/strong> người dân hài lòng/);
    expect(body).toContain("Cấp giấy xác nhận thử nghiệm B");
    // two charts, each an image with a name and a description
    const svgs = body.match(/<svg [^>]*>/g) ?? [];
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) expect(svg).toMatch(/role="img" aria-labelledby="chart-[a-z]+-title chart-[a-z]+-desc"/);
    expect(body).toContain('<title id="chart-months-title">Hồ sơ tiếp nhận và giải quyết theo tháng</title>');
    // the strict policy holds: no inline style anywhere on the page
    expect(body).not.toMatch(/\sstyle=|<style/);
    expect(res.headers["content-security-policy"]).toContain("style-src 'self';");
    // the month table has the months' figures
    expect(body).toMatch(/<th scope="row">03\/2026<\/th><td data-label="Tiếp nhận">3<\/td>/);
    // the footer links the page
    expect(body).toContain('<a href="/thong-ke">Thống kê</a>');
  });

  it("keeps the whole page for visitors, compressed once, and never shows a citizen's name to the next one", async () => {
    const visitor = (encoding: string) =>
      ctx.app.inject({ method: "GET", url: "/thong-ke?trang=1", headers: { "accept-encoding": encoding } });
    const plain = await visitor("identity");
    const br = await visitor("br");
    const gz = await visitor("gzip, deflate");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(br.headers.vary).toContain("accept-encoding");
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    // a logged-in citizen gets the page with their name, made for them; the next visitor the kept one
    const mine = await ctx.app.inject({
      method: "GET",
      url: "/thong-ke?trang=1",
      headers: { ...(await as(ctx, owner, "citizen")), "accept-encoding": "br" },
    });
    expect(brotliDecompressSync(mine.rawPayload).toString()).toContain("Nguyễn Văn An");
    expect(plain.body).not.toContain("Nguyễn Văn An");
    const next = await visitor("br");
    expect(next.rawPayload.equals(br.rawPayload)).toBe(true);
    expect(brotliDecompressSync(next.rawPayload).toString()).not.toContain("Nguyễn Văn An");
  });

  it("in English, and for a chosen period", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/thong-ke?lang=en&period=m3" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Statistics on administrative procedures");
    expect(res.body).toContain("Figures from 01/03/2026 to 31/03/2026.");
    expect(res.body).toMatch(/<strong>50.0%<\/strong> resolved on time/);
    expect(res.body).toContain('<option value="m3" selected>');
  });

  it("finds a service without diacritics, and pages a long list of services", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/thong-ke?dv=thu%20nghiem%20b" });
    expect(res.statusCode).toBe(200);
    const services = res.body.slice(res.body.indexOf('id="by-service"'));
    expect(services).toContain("Cấp giấy xác nhận thử nghiệm B");
    expect(services).not.toContain("Cấp giấy xác nhận thử nghiệm A");
    expect(res.body).toContain('name="dv" value="thu nghiem b"');
    const none = await ctx.app.inject({ method: "GET", url: "/thong-ke?dv=khong%20co" });
    expect(none.body).toContain("Không có dịch vụ nào khớp với từ tìm kiếm.");
    // 120 services: 50 a page, the busiest first, pages linked with the period kept
    const s = (await api("?period=m3")).body as PublicStatistics;
    const many = {
      ...s,
      procedures: Array.from({ length: 120 }, (_, i) => ({
        ...s.procedures[0],
        id: `p${i}`,
        code: `9.${String(i).padStart(6, "0")}`,
        name: `Dịch vụ ${i + 1}`,
      })),
    };
    const page2 = String(renderPublicStatistics(many, "vi", [2026], "m3", { q: "", page: 2 }));
    const rows = page2.slice(page2.indexOf('id="by-service"')).match(/href="\/thu-tuc\/[^"]+"/g) ?? [];
    expect(rows).toHaveLength(50);
    expect(page2).toContain(">Dịch vụ 51<");
    expect(page2).not.toContain(">Dịch vụ 50<");
    expect(page2).toContain("120 dịch vụ, nhiều hồ sơ nhất trước; trang 2/3.");
    expect(page2).toContain('href="/thong-ke?year=2026&amp;period=m3&amp;trang=3#service-h"');
    expect(page2).toContain('rel="prev" href="/thong-ke?year=2026&amp;period=m3#service-h"');
    const last = String(renderPublicStatistics(many, "vi", [2026], "m3", { q: "", page: 9 }));
    expect(last).toContain(">Dịch vụ 120<");
  });

  it("an invalid period is a readable error page", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/thong-ke?period=x", headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("text/html");
  });
});

describe("figures kept between requests", () => {
  it("are at most a minute old: a receipt shows a minute later, in the API and on the page", async () => {
    ctx.setNow(vn("2026-04-15 10:00"));
    const before = await api();
    const page = await ctx.app.inject({ method: "GET", url: "/thong-ke" });
    expect(before.body.total.received).toBe(4);
    expect(before.body.asOf).toBe(vn("2026-04-15 10:00").toISOString());
    expect(page.body).toContain("Cập nhật lúc 10:00 15/04/2026.");
    await counter(b, vn("2026-04-15 10:00"));
    // the same minute: the figures read at 10:00
    ctx.setNow(new Date(vn("2026-04-15 10:00").getTime() + 59_000));
    expect((await api()).body).toEqual(before.body);
    // a minute later: read again
    ctx.setNow(vn("2026-04-15 10:01"));
    const after = await api();
    expect(after.body.total.received).toBe(5);
    expect(after.body.asOf).toBe(vn("2026-04-15 10:01").toISOString());
    expect(after.body.procedures.find((p: any) => p.code === "9.999002").figures.received).toBe(2);
    const again = await ctx.app.inject({ method: "GET", url: "/thong-ke" });
    expect(again.body).not.toEqual(page.body);
    // half a minute later the kept figures; a roll-up (the monthly rows changed) is read at once, same figures
    const half = new Date(vn("2026-04-15 10:01").getTime() + 30_000);
    ctx.setNow(half);
    expect((await api()).body.asOf).toBe(vn("2026-04-15 10:01").toISOString());
    await rollUpStatistics(ctx.deps.db, "2026-04-01");
    const rolled = await api();
    expect(rolled.body.asOf).toBe(half.toISOString());
    expect(rolled.body.total).toEqual(after.body.total);
    expect(rolled.body.months).toEqual(after.body.months);
  });

  it("are computed by the roll-up job when it rolls new days, before a visitor asks; not when it rolls none", async () => {
    const night = vn("2026-04-16 01:00");
    ctx.setNow(night);
    await rollUpAndPrime(ctx.deps);
    ctx.setNow(new Date(night.getTime() + 20_000));
    const primed = await api();
    expect(primed.body.asOf).toBe(night.toISOString());
    expect(primed.body.total.received).toBe(5);
    // an hour later nothing new to roll: the figures are read when asked (their minute is long past)
    const hour = new Date(night.getTime() + 3600_000);
    ctx.setNow(hour);
    await rollUpAndPrime(ctx.deps);
    ctx.setNow(new Date(hour.getTime() + 20_000));
    expect((await api()).body.asOf).toBe(new Date(hour.getTime() + 20_000).toISOString());
  });
});
