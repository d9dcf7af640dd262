/**
 * National portal sync health (issue #6): the page and API for administrators and supervisors (and the refusals for
 * everyone else), "retry now" (audited), the 766 sync rate per unit and period.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNationalSyncEnabled } from "../../src/app/national-portal/sync.js";
import { rebuildStatistics } from "../../src/app/statistics.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { type NationalPortalSandbox, startNationalPortalSandbox } from "../../src/sandboxes/national-portal/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { ok, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

let sb: NationalPortalSandbox;
let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let failing: string;
let synced: string;
let notReceived: string;

async function drain() {
  for (let i = 0; i < 100; i++) if ((await runOutboxOnce(ctx.deps)).claimed === 0) break;
}
async function syncedIn766() {
  const r = await ctx.app.inject({
    url: `/api/office/reports/index766?kind=month&year=2027&index=4&unitId=${p.unitId}`,
    headers: s.supervisor.headers,
  });
  expect(r.statusCode).toBe(200);
  const c = r
    .json()
    .index.groups.flatMap((g: any) => g.components)
    .find((x: any) => x.key === "dossiers_synced");
  return c.ratio && { numerator: c.ratio.numerator, denominator: c.ratio.denominator };
}
const codeOf = async (id: string) =>
  (await ctx.deps.db.selectFrom("dossiers").select("code").where("id", "=", id).executeTakeFirstOrThrow()).code!;

beforeAll(async () => {
  sb = await startNationalPortalSandbox({ port: 0, username: "u", password: "p" });
  ctx = await createTestApp({
    demo: false,
    now: vn("2027-04-05 07:00"),
    config: {
      nationalPortal: {
        url: sb.url,
        username: "u",
        password: "p",
        callbackSecret: "x",
        timeoutMs: 2000,
        pollSeconds: 0,
        catalogueSyncSeconds: 0,
      },
    },
  });
  p = await insertTestProcedure(ctx.deps.db);
  await ctx.deps.db
    .updateTable("procedures")
    .set({ portal_code: "1.001193" })
    .where("id", "=", p.procedureId)
    .execute();
  s = await staff(ctx, p);
  await setNationalSyncEnabled(ctx.deps.db, true);
  // One dossier synced while the portal answers…
  ctx.setNow(vn("2027-04-05 08:00"));
  synced = await submitOnline(ctx, p);
  await ok(ctx, s.receiving, synced, "receive");
  await drain();
  // …one received while it is down (failing), one never received (not counted in the rate).
  sb.setFault("unavailable");
  ctx.setNow(vn("2027-04-05 09:00"));
  failing = await submitOnline(ctx, p);
  await ok(ctx, s.receiving, failing, "receive");
  notReceived = await submitOnline(ctx, p);
  await drain();
  s = await staff(ctx, p); // fresh sessions at the current clock
});
afterAll(async () => {
  await ctx.close();
  await sb.close();
});

describe("sync health: who may see it", () => {
  it("refuses officers who are neither administrator nor supervisor (API and page), and anonymous callers", async () => {
    for (const who of [s.receiving, s.specialist, s.leader]) {
      const api = await ctx.app.inject({ url: "/api/office/national-sync", headers: who.headers });
      expect(api.statusCode).toBe(403);
      expect(api.json().error.code).toBe("sync_health_forbidden");
      expect(api.json().error.message).toBe(
        "Chỉ quản trị viên và cán bộ giám sát được xem và thao tác tình trạng đồng bộ với Cổng Dịch vụ công quốc gia.",
      );
      const rates = await ctx.app.inject({ url: "/api/office/national-sync/rates", headers: who.headers });
      expect(rates.statusCode).toBe(403);
      const page = await ctx.app.inject({
        url: "/office/national-sync",
        headers: { ...who.headers, accept: "text/html" },
      });
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain("Chỉ quản trị viên và cán bộ giám sát");
      expect(page.body).not.toContain(await codeOf(failing));
      const retry = await ctx.app.inject({
        method: "POST",
        url: `/api/office/national-sync/${failing}/retry`,
        headers: who.headers,
      });
      expect(retry.statusCode).toBe(403);
    }
    // The refused retries wrote nothing.
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "national_sync.retry")
      .execute();
    expect(audit).toEqual([]);
    expect((await ctx.app.inject({ url: "/api/office/national-sync" })).statusCode).toBe(401);
    const anon = await ctx.app.inject({ url: "/office/national-sync", headers: { accept: "text/html" } });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe("/office/login?next=%2Foffice%2Fnational-sync");
    // The office menu shows the page only to those who may open it.
    const queue = await ctx.app.inject({ url: "/office", headers: { ...s.receiving.headers, accept: "text/html" } });
    expect(queue.body).not.toContain('href="/office/national-sync"');
    const adminQueue = await ctx.app.inject({ url: "/office", headers: { ...s.admin.headers, accept: "text/html" } });
    expect(adminQueue.body).toContain('href="/office/national-sync"');
  });
});

describe("sync health: pending and failing, retry now, rate", () => {
  it("lists the failing dossier with its last error; the synced one only when asked for", async () => {
    for (const who of [s.admin, s.supervisor]) {
      const r = await ctx.app.inject({ url: "/api/office/national-sync", headers: who.headers });
      expect(r.statusCode).toBe(200);
      const body = r.json();
      // The dossier not yet received has nothing to send (the portal knows dossiers by their code).
      expect(body.counts).toEqual({ failing: 1, pending: 0, synced: 1, waiting: 1 });
      expect(body.items.map((i: any) => [i.dossierId, i.state])).toEqual([[failing, "failing"]]);
      expect(body.items[0]).toMatchObject({
        code: await codeOf(failing),
        syncedStatus: null,
        lastSyncedAt: null,
        deliveredSeq: 1,
        targetSeq: 2,
      });
      expect(body.items[0].lastError).toMatch(/^UNAVAILABLE: /);
      expect(body.items[0].failures).toBeGreaterThanOrEqual(1);
    }
    const one = await ctx.app.inject({
      url: `/api/office/national-sync?code=${encodeURIComponent(await codeOf(synced))}`,
      headers: s.admin.headers,
    });
    expect(one.json().items).toEqual([
      expect.objectContaining({ dossierId: synced, state: "synced", syncedStatus: 2, lastError: null }),
    ]);
    const page = await ctx.app.inject({
      url: "/office/national-sync",
      headers: { ...s.supervisor.headers, accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Đồng bộ với Cổng Dịch vụ công quốc gia");
    expect(page.body).toContain(await codeOf(failing));
    expect(page.body).toContain("Đang lỗi");
    expect(page.body).toContain("UNAVAILABLE: ");
    expect(page.body).toContain(`action="/office/national-sync/${failing}/retry"`);
    expect(page.body).not.toContain(await codeOf(synced));
    const all = await ctx.app.inject({ url: "/api/office/national-sync?view=all", headers: s.admin.headers });
    expect(all.json().items.map((i: any) => [i.dossierId, i.state])).toEqual([
      [failing, "failing"],
      [synced, "synced"],
      [notReceived, "waiting"],
    ]);
  });

  it("the sync rate per unit and period counts received dossiers the portal has", async () => {
    const r = await ctx.app.inject({
      url: "/api/office/national-sync/rates?from=2027-04-01&to=2027-04-30",
      headers: s.supervisor.headers,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      from: "2027-04-01",
      to: "2027-04-30",
      units: [expect.objectContaining({ unitId: p.unitId, received: 2, synced: 1, upToDate: 1, rate: 0.5 })],
    });
    const before = await ctx.app.inject({
      url: "/api/office/national-sync/rates?from=2027-03-01&to=2027-03-31",
      headers: s.supervisor.headers,
    });
    expect(before.json().units).toEqual([]);
    const bad = await ctx.app.inject({
      url: "/api/office/national-sync/rates?from=2027-04-31&to=2027-04-01",
      headers: s.supervisor.headers,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields).toEqual([
      { path: "from", message: "Ngày không hợp lệ (định dạng năm-tháng-ngày, ví dụ 2026-12-01)." },
    ]);
    const page = await ctx.app.inject({
      url: "/office/national-sync?from=2027-04-01&to=2027-04-30",
      headers: { ...s.admin.headers, accept: "text/html" },
    });
    expect(page.body).toContain("50 %");
    // the Decision 766 component counts the same, kept with the flows (received_synced on the day of receipt)
    expect(await syncedIn766()).toEqual({ numerator: 1, denominator: 2 });
  });

  it("retry now: audited, due at once, delivered when the portal is back; refused when nothing is left", async () => {
    sb.setFault("none");
    // The failing row backs off; without a retry nothing is due yet.
    expect((await runOutboxOnce(ctx.deps)).claimed).toBe(0);
    const r = await ctx.app.inject({
      method: "POST",
      url: `/office/national-sync/${failing}/retry`,
      headers: { ...s.admin.headers, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: "view=failing",
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/office/national-sync?view=failing&retried=${failing}`);
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "national_sync.retry")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: s.admin.id, target: failing });
    expect(audit[0].data).toMatchObject({ before: { deliveredSeq: 1, targetSeq: 2 } });
    await drain();
    const code = await codeOf(failing);
    expect(
      sb
        .state()
        .dossiers.find((d) => d.dossier.MaHoSo === code)
        ?.statuses.map((x) => x.status),
    ).toEqual([2]);
    const after = await ctx.app.inject({
      url: r.headers.location as string,
      headers: { ...s.admin.headers, accept: "text/html" },
    });
    expect(after.body).toContain(`Đã đưa hồ sơ ${code} vào hàng gửi lại ngay.`);
    const again = await ctx.app.inject({
      method: "POST",
      url: `/api/office/national-sync/${failing}/retry`,
      headers: s.supervisor.headers,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("sync_up_to_date");
    const none = await ctx.app.inject({
      method: "POST",
      url: "/api/office/national-sync/00000000-0000-4000-8000-000000000000/retry",
      headers: s.supervisor.headers,
    });
    expect(none.statusCode).toBe(404);
    const rates = await ctx.app.inject({
      url: "/api/office/national-sync/rates?from=2027-04-01&to=2027-04-30",
      headers: s.supervisor.headers,
    });
    expect(rates.json().units[0]).toMatchObject({ received: 2, synced: 2, rate: 1 });
    expect(await syncedIn766()).toEqual({ numerator: 2, denominator: 2 });
    // a rebuild from the history (and the sync state) counts what was kept
    await rebuildStatistics(ctx.deps.db);
    expect(await syncedIn766()).toEqual({ numerator: 2, denominator: 2 });
  });
});
