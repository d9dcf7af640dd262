/**
 * Report aggregates over a generated province (issue #8 "scale"): the seeded generator (bench/province-gen.ts) at a
 * small scale on this database, then
 * - the invariants of form II.06a for every month and quarter, the province and each busy unit (received = online +
 *   counter/postal + carried over; resolved = early + on time + late; pending = within the deadline + overdue;
 *   received = resolved + pending + withdrawn + stopped + refused; next period's carried over = this period's pending),
 *   and the same figures whether read from the daily rows alone or from the monthly roll-ups (migration 0045);
 * - a rebuild from history gives the same daily, monthly and per-dossier statistics as the generator (which folds
 *   each history the way the app does as events happen) and as rolling up again;
 * - a later change to a dossier (an event appended now) does not change a closed period's report, and an event dated
 *   in a rolled-up month is forwarded to the monthly rows (and the public page sees it) exactly as a rebuild counts it.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateProvince, prng } from "../../bench/province-gen.js";
import { appendEvent } from "../../src/app/history.js";
import { publicStatistics } from "../../src/app/public-statistics.js";
import { periodCounts, rebuildStatistics, rollUpStatistics } from "../../src/app/statistics.js";
import {
  checkReport,
  emptyCounts,
  nextPeriod,
  type Period,
  period,
  periodicReport,
} from "../../src/domain/measure/periodic-report.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure } from "../helpers/catalogue.js";

let ctx: TestContext;
const END = new Date("2026-06-20T03:00:00Z");
const N = Number(process.env.MOTCUA_PROVINCE_DOSSIERS ?? 1500);
let busyUnits: string[] = [];

const DATES = new Set(["day", "month", "received_day", "closed_day"]);
const norm = (rows: unknown[]) =>
  (JSON.parse(JSON.stringify(rows)) as Record<string, unknown>[])
    .map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, DATES.has(k) && typeof v === "string" ? v.slice(0, 10) : v]),
      ),
    )
    .map((r) => JSON.stringify(r))
    .sort();

async function snapshot() {
  const db = ctx.deps.db;
  return {
    daily: norm(await db.selectFrom("stat_daily").selectAll().where("n", "!=", 0).execute()),
    monthly: norm(await db.selectFrom("stat_monthly").selectAll().where("n", "!=", 0).execute()),
    procedures: norm(await db.selectFrom("stat_monthly_procedures").selectAll().where("n", "!=", 0).execute()),
    province: norm(await db.selectFrom("stat_monthly_province").selectAll().where("n", "!=", 0).execute()),
    states: norm(await db.selectFrom("stat_dossiers").selectAll().execute()),
  };
}

const PERIODS: Period[] = [
  ...Array.from({ length: 12 }, (_, i) => period("month", 2025, i + 1)),
  ...Array.from({ length: 6 }, (_, i) => period("month", 2026, i + 1)),
  ...[1, 2, 3, 4].map((q) => period("quarter", 2025, q)),
  period("quarter", 2026, 1),
  period("half", 2025, 2),
  period("year", 2025),
  period("year", 2026),
];

/** Every report of PERIODS for the province and the busy units, as read now. */
async function reports() {
  const out: Record<string, unknown> = {};
  for (const scope of [undefined, ...busyUnits.map((u) => [u])])
    for (const p of PERIODS)
      out[`${scope?.[0] ?? "province"}|${p.kind}|${p.from}|${p.to}`] =
        (await periodCounts(ctx.deps.db, { unitIds: scope }, p)).get("") ?? emptyCounts();
  return out;
}

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: END });
  await insertTestProcedure(ctx.deps.db);
  await generateProvince(ctx.deps.db, { dossiers: N, seed: 20260601, end: END, batch: 500 });
  busyUnits = (
    await ctx.deps.db
      .selectFrom("stat_dossiers")
      .select(["unit_id", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("unit_id")
      .orderBy("n", "desc")
      .orderBy("unit_id")
      .limit(3)
      .execute()
  ).map((r) => r.unit_id);
}, 600_000);
afterAll(() => ctx?.close());

describe(`a generated province of ${N} dossiers`, () => {
  it("looks like a province: channels, outcomes, pending and overdue, ratings", async () => {
    const r = periodicReport((await periodCounts(ctx.deps.db, {}, period("year", 2025))).get("") ?? emptyCounts());
    const share = r.onlineShare.value ?? 0;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.6);
    expect(r.onTimeRate.value ?? 0).toBeGreaterThan(0.85);
    expect(r.resolved.late).toBeGreaterThan(0);
    const june = periodicReport((await periodCounts(ctx.deps.db, {}, period("month", 2026, 6))).get("")!);
    expect(june.pending.total).toBeGreaterThan(0);
    expect(june.pending.overdue).toBeGreaterThan(0);
    const rated = await ctx.deps.db
      .selectFrom("dossier_ratings")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(rated.n)).toBeGreaterThan(N / 20);
    // the generator rolled up to its last day
    const w = await ctx.deps.db.selectFrom("stat_rollup").select("through").executeTakeFirstOrThrow();
    expect(JSON.stringify(w.through).slice(1, 11)).toBe("2026-06-20");
  });

  it("every report balances, and chains from one period to the next", async () => {
    for (const scope of [undefined, ...busyUnits.map((u) => [u])])
      for (const kind of ["month", "quarter"] as const) {
        let p = period(kind, 2025, 1);
        while (p.from < "2026-06-01") {
          const q = nextPeriod(p);
          const c = (await periodCounts(ctx.deps.db, { unitIds: scope }, p)).get("") ?? emptyCounts();
          const a = periodicReport(c);
          const b = periodicReport((await periodCounts(ctx.deps.db, { unitIds: scope }, q)).get("") ?? emptyCounts());
          expect(checkReport(a, b), `${scope ?? "province"} ${p.from}`).toEqual([]);
          expect(a.received.total).toBe(c.receivedOnline + c.receivedCounterPostal + c.carriedOver);
          expect(a.resolved.total).toBe(c.resolvedEarly + c.resolvedOnTime + c.resolvedLate);
          expect(a.pending.total).toBe(a.pending.withinDeadline + a.pending.overdue);
          expect(b.received.carriedOver).toBe(a.pending.total);
          p = q;
        }
      }
  });

  it("the monthly roll-ups give the figures the daily rows give", async () => {
    const monthly = await reports();
    // the daily rows alone: the watermark back to its start (nothing rolled up), then rolled up again
    await ctx.deps.db.updateTable("stat_rollup").set({ through: "2000-01-01", version: sql`version + 1` }).execute();
    await ctx.deps.db.deleteFrom("stat_monthly").execute();
    await ctx.deps.db.deleteFrom("stat_monthly_procedures").execute();
    await ctx.deps.db.deleteFrom("stat_monthly_province").execute();
    const daily = await reports();
    expect(daily).toEqual(monthly);
    await rollUpStatistics(ctx.deps.db, "2026-06-20");
    expect(await reports()).toEqual(monthly);
  });

  it("a rebuild from history gives what the generator and the roll-up wrote", async () => {
    const before = await snapshot();
    expect(before.monthly.length).toBeGreaterThan(0);
    // the province's roll-ups are the units' monthly rows summed over the units
    const summed = await sql<
      Record<string, unknown>
    >`select field_id, month, channel, metric, bucket, sum(n)::integer as n
from stat_monthly group by 1, 2, 3, 4, 5 having sum(n) <> 0`.execute(ctx.deps.db);
    expect(norm(summed.rows)).toEqual(before.province);
    const r = await rebuildStatistics(ctx.deps.db);
    expect(r.dossiers).toBe(N);
    // the rebuild starts the monthly rows from nothing and rolls them up again to where they were
    expect(await snapshot()).toEqual(before);
  });

  it("a later change does not change a closed period; a change dated in a rolled-up month is counted as a rebuild counts it", async () => {
    const closed = await reports();
    const publicBefore = await publicStatistics(ctx.deps, { year: 2026 });
    const rand = prng(7);
    const open = await ctx.deps.db
      .selectFrom("dossiers")
      .select(["id", "last_event_seq", "last_event_hash", "status"])
      .where("status", "=", 4)
      .orderBy("id")
      .limit(20)
      .execute();
    expect(open.length).toBeGreaterThan(2);
    const actor = { kind: "officer" as const, id: null, name: "Cán bộ" };
    // withdrawn now (after the periods), in the open month
    const later = new Date("2026-06-20T04:00:00Z");
    for (const d of open.slice(0, Math.ceil(open.length / 2))) {
      await ctx.deps.db.transaction().execute((trx) =>
        appendEvent(trx, { id: d.id, last_event_seq: d.last_event_seq, last_event_hash: d.last_event_hash }, actor, {
          type: "withdrawn",
          at: later,
          fromStatus: 4,
          toStatus: 7,
          data: { changes: { status: { from: 4, to: 7 } } },
        }),
      );
    }
    const closedOnly = (r: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => k.slice(-10) <= "2026-06-01"));
    expect(closedOnly(await reports())).toEqual(closedOnly(closed));
    expect(await reports()).not.toEqual(closed);
    // a stop recorded with a date in May (rolled up): forwarded to the monthly rows by the triggers
    const version = await ctx.deps.db.selectFrom("stat_rollup").select("version").executeTakeFirstOrThrow();
    const back = open.slice(Math.ceil(open.length / 2));
    for (const d of back)
      await ctx.deps.db.transaction().execute((trx) =>
        appendEvent(trx, { id: d.id, last_event_seq: d.last_event_seq, last_event_hash: d.last_event_hash }, actor, {
          type: "stopped",
          at: new Date(Date.UTC(2026, 4, 4 + Math.floor(rand() * 20), 3)),
          fromStatus: 4,
          toStatus: 8,
          data: { changes: { status: { from: 4, to: 8 } } },
        }),
      );
    const after = await ctx.deps.db.selectFrom("stat_rollup").select("version").executeTakeFirstOrThrow();
    expect(Number(after.version)).toBeGreaterThan(Number(version.version));
    const may = (await periodCounts(ctx.deps.db, {}, period("month", 2026, 5))).get("")!;
    expect(may.stopped).toBe((closed["province|month|2026-05-01|2026-06-01"] as typeof may).stopped + back.length);
    // the maintained figures equal a rebuild from the history as it now is
    const maintained = await snapshot();
    const figures = await reports();
    const publicAfter = await publicStatistics(ctx.deps, { year: 2026 });
    await rebuildStatistics(ctx.deps.db);
    expect(await snapshot()).toEqual(maintained);
    expect(await reports()).toEqual(figures);
    expect(await publicStatistics(ctx.deps, { year: 2026 })).toEqual(publicAfter);
    expect(publicAfter.total.received).toBe(publicBefore.total.received);
  });
});
