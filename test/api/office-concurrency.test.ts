/**
 * 200 concurrent receipts in one unit give 200 distinct, well-formed codes numbered 0001..0200 for the day, 200
 * log-book entries, 200 first-step tasks and counts in step with the table (real concurrency on PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../src/app/history.js";
import { setFormRendering } from "../../src/app/office/index.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { as, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
const N = 200;
const ids: string[] = [];

beforeAll(async () => {
  // 200 requests share the pool's 20 connections: on a busy machine some wait longer than the application's 10 s,
  // which it answers 503 (shedding overload); this test is about the codes, so here they may wait
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 07:00"), connectTimeoutMs: 120_000 });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  // forms 01 render when first read (rendering 200 PDFs is not what this test measures)
  setFormRendering(ctx.deps, "on_demand");
  // the dossiers to receive, created through the one write path (setup, not what this test measures)
  for (let i = 0; i < N; i++) ids.push(await submitOnline(ctx, p, { name: `Công dân ${i}` }));
});
afterAll(() => ctx.close());

describe("concurrent receipts", () => {
  it(`${N} receipts at once in one unit: distinct codes 0001..${N}`, async () => {
    ctx.setNow(vn("2026-03-02 09:15"));
    const headers = await as(ctx, s.receiving);
    const results = await Promise.all(
      ids.map((id) =>
        ctx.app.inject({ method: "POST", url: `/api/office/dossiers/${id}/actions/receive`, headers, payload: {} }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    const codes = results.map((r) => r.json().dossier.code as string);
    for (const c of codes) expect(c).toMatch(/^000\.00\.99\.H99-260302-\d{4}$/);
    expect(new Set(codes).size).toBe(N);
    const expected = Array.from({ length: N }, (_, i) => `000.00.99.H99-260302-${String(i + 1).padStart(4, "0")}`);
    expect([...codes].sort()).toEqual(expected);

    const rows = await ctx.deps.db
      .selectFrom("dossiers")
      .select(["status", "logbook_no"])
      .where("id", "in", ids)
      .execute();
    expect(rows.every((r) => r.status === 2)).toBe(true);
    expect(rows.map((r) => r.logbook_no).sort((a, b) => a! - b!)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const tasks = await ctx.deps.db.selectFrom("dossier_tasks").select("id").where("dossier_id", "in", ids).execute();
    expect(tasks.length).toBe(N);
    const counts = await ctx.deps.db
      .selectFrom("dossier_counts")
      .select(["bucket", "n"])
      .where("unit_id", "=", p.unitId)
      .where("scope", "=", "r")
      .orderBy("bucket")
      .execute();
    expect(counts.filter((c) => c.n !== 0)).toEqual([{ bucket: "s2", n: N }]);
    expect((await verifyChains(ctx.deps.db)).broken).toBeUndefined();
    // the receipt (form 01) is rendered and stored when first read
    expect(await ctx.deps.db.selectFrom("dossier_forms").select("file_id").execute()).toEqual([]);
    const f = await ctx.app.inject({ method: "GET", url: `/api/office/dossiers/${ids[0]}/forms/01`, headers });
    expect(f.statusCode).toBe(200);
    expect(f.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await ctx.deps.db.selectFrom("dossier_forms").select("form_no").execute()).map((r) => r.form_no)).toEqual([
      "01",
    ]);
  });
});
