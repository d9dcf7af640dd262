/** Issue #9, operations: the outbox per topic, a failed message requeued (audited), the refusals. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../src/app/outbox.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let ctx: TestContext;
let admin: TestOfficer;
let supervisor: TestOfficer;
let failedId: number;
let pendingId: number;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: new Date("2027-02-01T03:00:00Z") });
  const p = await insertTestProcedure(ctx.deps.db);
  admin = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["admin"], username: "quantri.ops" });
  supervisor = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["supervisor"], username: "giamsat.ops" });
  // far in the future, so that no dispatcher of the test app picks them up
  const later = new Date("2030-01-01T00:00:00Z");
  await enqueue(ctx.deps.db, { topic: "test.ops", key: "a", payload: { n: 1 }, availableAt: later });
  await enqueue(ctx.deps.db, { topic: "test.ops", key: "b", payload: { n: 2 }, availableAt: later });
  const rows = await ctx.deps.db.selectFrom("outbox").select(["id", "key"]).where("topic", "=", "test.ops").execute();
  failedId = Number(rows.find((r) => r.key === "a")!.id);
  pendingId = Number(rows.find((r) => r.key === "b")!.id);
  // as the dispatcher leaves a message whose retries are used up
  await ctx.deps.db
    .updateTable("outbox")
    .set({ attempts: 8, last_error: "SMTP 550 mailbox unavailable", failed_at: new Date("2027-01-31T03:00:00Z") })
    .where("id", "=", failedId)
    .execute();
});
afterAll(async () => ctx?.close());

describe("outbox operations", () => {
  it("counts per topic and lists failed and pending messages", async () => {
    const r = await ctx.app.inject({ method: "GET", url: "/api/admin/outbox?topic=test.ops", headers: admin.headers });
    expect(r.statusCode).toBe(200);
    const t = r.json().topics.find((x: { topic: string }) => x.topic === "test.ops");
    expect(t).toMatchObject({ pending: 1, failed: 1 });
    expect(r.json().items.map((i: { id: number }) => i.id)).toEqual([failedId]);
    expect(r.json().items[0].lastError).toBe("SMTP 550 mailbox unavailable");
    const pending = await ctx.app.inject({
      method: "GET",
      url: "/api/admin/outbox?state=pending&topic=test.ops",
      headers: admin.headers,
    });
    expect(pending.json().items.map((i: { id: number }) => i.id)).toEqual([pendingId]);
    const page = await ctx.app.inject({ method: "GET", url: "/office/quan-tri/hang-doi", headers: admin.headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("SMTP 550 mailbox unavailable");
  });

  it("refuses non-administrators", async () => {
    expect(
      (await ctx.app.inject({ method: "GET", url: "/api/admin/outbox", headers: supervisor.headers })).statusCode,
    ).toBe(403);
    expect(
      (await ctx.app.inject({ method: "GET", url: "/office/quan-tri/hang-doi", headers: supervisor.headers }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await ctx.app.inject({
          method: "POST",
          url: `/office/quan-tri/hang-doi/${failedId}/requeue`,
          headers: supervisor.headers,
        })
      ).statusCode,
    ).toBe(403);
  });

  it("requeues a failed message once, audited; a message that has not failed is a conflict", async () => {
    const notFailed = await ctx.app.inject({
      method: "POST",
      url: `/api/admin/outbox/${pendingId}/requeue`,
      headers: admin.headers,
    });
    expect(notFailed.statusCode).toBe(409);
    const r = await ctx.app.inject({
      method: "POST",
      url: `/office/quan-tri/hang-doi/${failedId}/requeue`,
      headers: admin.headers,
    });
    expect(r.statusCode).toBe(303);
    const row = await ctx.deps.db.selectFrom("outbox").selectAll().where("id", "=", failedId).executeTakeFirstOrThrow();
    expect(row.failed_at).toBeNull();
    expect(row.attempts).toBe(0);
    expect(row.available_at.getTime()).toBe(ctx.deps.now().getTime());
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "outbox.requeued")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(admin.id);
    const again = await ctx.app.inject({
      method: "POST",
      url: `/api/admin/outbox/${failedId}/requeue`,
      headers: admin.headers,
    });
    expect(again.statusCode).toBe(409);
  });
});
