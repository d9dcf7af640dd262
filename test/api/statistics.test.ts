/**
 * Statistics from history (issue #8): dossiers with random lifecycles driven through the real use cases (portal
 * submission fixture, counter intake, office actions over HTTP); the roll-ups kept as events happen equal a rebuild
 * from history; the periodic report read from the roll-ups equals a naive replay of each dossier's events (instant
 * by instant, without the roll-up fold); the report invariants hold for consecutive months and quarters; a past
 * period's figures do not change when its dossiers change later.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodCounts, rebuildStatistics } from "../../src/app/statistics.js";
import { dayStartMs } from "../../src/domain/calendar/days.js";
import {
  checkReport,
  emptyCounts,
  nextPeriod,
  type Period,
  type PeriodCounts,
  period,
  periodicReport,
} from "../../src/domain/measure/periodic-report.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { act, as, PDF_BYTES, type Staff, staff, submitOnline, upload, vn } from "./office-fixtures.js";

let ctx: TestContext;
let procs: TestProcedure[];
let s: Staff;

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.MOTCUA_STATS_SEED ?? 20260304);
const rand = rng(SEED);
const chance = (p: number) => rand() < p;
const pickOne = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

/** Moves the clock forward by 0.2–6 days, landing inside or outside working hours. */
function advance(t: Date): Date {
  const hours = 4 + Math.floor(rand() * 140);
  return new Date(t.getTime() + hours * 3600_000 + Math.floor(rand() * 60) * 60_000);
}

async function must(r: Promise<{ status: number; body: any }>, what: string) {
  const x = await r;
  if (x.status !== 200 && x.status !== 201) throw new Error(`${what} → ${x.status} ${JSON.stringify(x.body)}`);
  return x.body;
}

async function counterIntake(p: TestProcedure, receive: boolean, channel: "counter" | "postal") {
  const up = await upload(ctx, s.receiving, [{ name: "to-khai.pdf", bytes: PDF_BYTES }]);
  expect(up.status).toBe(201);
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/office/intake",
    headers: await as(ctx, s.receiving),
    payload: {
      procedureId: p.procedureId,
      channel,
      applicant: { type: "citizen", name: "Phạm Thị Hoa", idNumber: "001185004321", phone: "0987654321" },
      data: { applicant: { fullName: "Phạm Thị Hoa", idNumber: "001185004321", birthDate: "1985-04-01" } },
      components: [{ code: "TK", fileIds: [up.body.files[0].id] }],
      returnMethod: "counter",
      receive,
    },
  });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`intake ${res.statusCode} ${res.body}`);
  return res.json().dossier.id as string;
}

/** One random life: submit, maybe refuse, receive, supplements, payment, apology, processing, return or an exit. */
async function randomLife(start: Date): Promise<string> {
  const p = pickOne(procs);
  let t = start;
  ctx.setNow(t);
  const kind = pickOne(["online", "online", "counter", "counter_unreceived", "postal"] as const);
  const id =
    kind === "online"
      ? await submitOnline(ctx, p, { at: t })
      : await counterIntake(p, kind !== "counter_unreceived", kind === "postal" ? "postal" : "counter");
  const step = async (who: Staff[keyof Staff], action: string, body: object = {}) => {
    t = advance(t);
    ctx.setNow(t);
    return must(act(ctx, who, id, action, body), action);
  };
  if (kind === "online" || kind === "counter_unreceived") {
    if (chance(0.1)) {
      await step(s.receiving, "refuse", { reason: "Hồ sơ không thuộc thẩm quyền", legalBasis: "Điều 15 NĐ 61" });
      return id;
    }
    if (chance(0.08)) return id; // left waiting for receipt
    await step(s.receiving, "receive");
  }
  if (chance(0.15)) return id; // pending at the first step
  if (chance(0.2)) {
    await step(s.receiving, "request_supplement", { items: [{ content: "Bản sao CCCD", reason: "Thiếu" }] });
    if (chance(0.2)) return id; // waiting for the applicant
    if (chance(0.15)) {
      await step(s.receiving, "record_withdrawal", { reason: "Công dân rút" });
      return id;
    }
    await step(s.receiving, "complete_supplement", {});
  }
  await step(s.receiving, "forward");
  if (chance(0.15)) {
    await step(s.deptSpecialist, "request_payment", { amount: 50000, description: "Lệ phí" });
    if (chance(0.2)) return id;
    await step(s.receiving, "confirm_payment", { method: "counter" });
  }
  if (chance(0.08)) {
    await step(s.deptLeader, "stop", { reason: "Dừng theo yêu cầu cơ quan", legalBasis: "Điều 20" });
    return id;
  }
  if (chance(0.2)) {
    // the apology comes from the leader of the unit holding the dossier (the department), while its clock runs
    t = advance(t);
    ctx.setNow(t);
    const row = await ctx.deps.db
      .selectFrom("dossiers")
      .select("due_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const newDue = new Date(Math.max(row.due_at!.getTime(), t.getTime()) + 5 * 86400_000);
    await must(
      act(ctx, s.deptLeader, id, "apologise", { reason: "Cần xác minh thêm", newDueAt: newDue.toISOString() }),
      "apologise",
    );
  }
  if (chance(0.1)) return id; // pending at appraisal
  await step(s.deptSpecialist, "generate_result", { title: "Giấy xác nhận", content: "Xác nhận." });
  await step(s.deptSpecialist, "forward");
  await step(s.deptLeader, "approve");
  if (chance(0.6)) await step(s.receiving, "return_result", { method: "counter" });
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle: a naive replay of each dossier's events, instant by instant.

interface Ev {
  at: Date;
  to_status: number | null;
  from_status: number | null;
  data: any;
}

function naiveCounts(dossiers: { channel: string; events: Ev[] }[], p: Period): PeriodCounts {
  const from = dayStartMs(p.from);
  const to = dayStartMs(p.to);
  const c = emptyCounts();
  for (const d of dossiers) {
    const evs = d.events;
    const rec = evs.find((e) => e.to_status === 2 && e.from_status !== 2);
    if (!rec) continue;
    const recAt = new Date(rec.at).getTime();
    const close = evs.find(
      (e) =>
        new Date(e.at).getTime() >= recAt &&
        e.to_status !== e.from_status &&
        [3, 7, 8, 9].includes(e.to_status ?? 0) &&
        evs.indexOf(e) > evs.indexOf(rec),
    );
    const closeAt = close ? new Date(close.at).getTime() : Number.POSITIVE_INFINITY;
    const pendingAt = (T: number) => recAt < T && !(closeAt < T);
    if (pendingAt(from)) c.carriedOver++;
    if (recAt >= from && recAt < to) {
      if (d.channel === "online" || d.channel === "national_portal") c.receivedOnline++;
      else c.receivedCounterPostal++;
    }
    if (close && closeAt >= from && closeAt < to) {
      if (close.to_status === 9) {
        const o = close.data.changes?.outcome?.to;
        if (o === "early") c.resolvedEarly++;
        else if (o === "late") c.resolvedLate++;
        else c.resolvedOnTime++;
      } else if (close.to_status === 7) c.withdrawn++;
      else if (close.to_status === 8) c.stopped++;
      else c.refused++;
    }
    if (pendingAt(to)) {
      c.pending++;
      let due: number | null = null;
      let suspended = false;
      for (const e of evs) {
        if (new Date(e.at).getTime() >= to) break;
        const ch = e.data.changes ?? {};
        if ("due_at" in ch) due = ch.due_at.to ? new Date(ch.due_at.to).getTime() : null;
        if ("suspended_at" in ch) suspended = ch.suspended_at.to != null;
      }
      if (!suspended && due !== null && due < to) c.pendingOverdue++;
    }
  }
  return c;
}

async function allHistories() {
  const ds = await ctx.deps.db.selectFrom("dossiers").select(["id", "channel"]).execute();
  const evs = await ctx.deps.db
    .selectFrom("dossier_events")
    .select(["dossier_id", "at", "from_status", "to_status", "data"])
    .orderBy("dossier_id")
    .orderBy("seq")
    .execute();
  return ds.map((d) => ({
    channel: d.channel,
    events: evs
      .filter((e) => e.dossier_id === d.id)
      .map((e) => ({ ...e, data: typeof e.data === "string" ? JSON.parse(e.data) : e.data })),
  }));
}

async function snapshot() {
  const daily = await ctx.deps.db.selectFrom("stat_daily").selectAll().where("n", "!=", 0).execute();
  const states = await ctx.deps.db.selectFrom("stat_dossiers").selectAll().execute();
  const norm = (x: unknown) => JSON.parse(JSON.stringify(x));
  return {
    daily: norm(daily)
      .map((r: any) => ({ ...r, day: String(r.day).slice(0, 10) }))
      .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    states: norm(states)
      .map((r: any) => ({
        ...r,
        received_day: r.received_day && String(r.received_day).slice(0, 10),
        closed_day: r.closed_day && String(r.closed_day).slice(0, 10),
      }))
      .sort((a: any, b: any) => a.dossier_id.localeCompare(b.dossier_id)),
  };
}

const N = Number(process.env.MOTCUA_STATS_DOSSIERS ?? 30);

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-01-05 08:00") });
  procs = [
    await insertTestProcedure(ctx.deps.db),
    await insertTestProcedure(ctx.deps.db, { code: "9.999002", name: "Thủ tục thử nghiệm thứ hai" }),
  ];
  s = await staff(ctx, procs[0]);
  for (let i = 0; i < N; i++) {
    const start = new Date(vn("2026-01-05 07:30").getTime() + Math.floor(rand() * 120 * 24) * 3600_000);
    await randomLife(start);
  }
}, 600_000);
afterAll(() => ctx.close());

const MONTHS = [1, 2, 3, 4, 5, 6, 7].map((m) => period("month", 2026, m));

describe(`statistics roll-ups over ${N} random lifecycles (seed ${SEED})`, () => {
  it("exercised every outcome the report distinguishes", async () => {
    const totals = await ctx.deps.db
      .selectFrom("stat_daily")
      .select(["metric"])
      .select((eb) => eb.fn.sum<number>("n").as("n"))
      .where("metric", "!=", "open_due")
      .groupBy("metric")
      .execute();
    const m = Object.fromEntries(totals.map((r) => [r.metric, Number(r.n)]));
    expect(m.received).toBeGreaterThan(N / 2);
    expect((m.resolved_early ?? 0) + (m.resolved_on_time ?? 0) + (m.resolved_late ?? 0)).toBeGreaterThan(0);
  });

  it("maintained roll-ups equal a rebuild from history", async () => {
    const maintained = await snapshot();
    expect(maintained.daily.length).toBeGreaterThan(0);
    const r = await rebuildStatistics(ctx.deps.db);
    expect(r.dossiers).toBe(N);
    const rebuilt = await snapshot();
    expect(rebuilt).toEqual(maintained);
  });

  it("the periodic report from the roll-ups equals a naive replay of every dossier's events", async () => {
    const histories = await allHistories();
    const unit = [procs[0].unitId];
    for (const p of [...MONTHS, period("quarter", 2026, 1), period("quarter", 2026, 2), period("year", 2026)]) {
      const measured = (await periodCounts(ctx.deps.db, { unitIds: unit }, p)).get("") ?? emptyCounts();
      expect({ period: p.from, ...measured }).toEqual({ period: p.from, ...naiveCounts(histories, p) });
    }
    // per procedure: the rows add up to the unit's
    const byProc = await periodCounts(ctx.deps.db, {}, period("quarter", 2026, 1), "procedure");
    expect([...byProc.keys()].sort()).toEqual(procs.map((x) => x.procedureId).sort());
    const one = await periodCounts(ctx.deps.db, { procedureId: procs[1].procedureId }, period("quarter", 2026, 1));
    expect(one.get("")).toEqual(byProc.get(procs[1].procedureId));
  });

  it("the report balances and chains: next period's carried over = this period's pending", async () => {
    for (const kind of ["month", "quarter"] as const) {
      let p = period(kind, 2026, 1);
      for (let i = 0; i < (kind === "month" ? 7 : 3); i++) {
        const q = nextPeriod(p);
        const a = periodicReport((await periodCounts(ctx.deps.db, {}, p)).get("") ?? emptyCounts());
        const b = periodicReport((await periodCounts(ctx.deps.db, {}, q)).get("") ?? emptyCounts());
        expect(checkReport(a, b)).toEqual([]);
        p = q;
      }
    }
  });

  it("a past period's report does not change when its dossiers change later", async () => {
    const jan = period("month", 2026, 1);
    const before = await periodCounts(ctx.deps.db, {}, jan);
    // every dossier still open is now withdrawn or stopped, in August
    ctx.setNow(vn("2026-08-03 09:00"));
    const open = await ctx.deps.db
      .selectFrom("dossiers")
      .select(["id", "status"])
      .where("status", "in", [2, 4])
      .execute();
    expect(open.length).toBeGreaterThan(0);
    for (const d of open)
      await must(act(ctx, s.receiving, d.id, "record_withdrawal", { reason: "Rút hồ sơ" }), "record_withdrawal");
    expect(await periodCounts(ctx.deps.db, {}, jan)).toEqual(before);
    const aug = (await periodCounts(ctx.deps.db, {}, period("month", 2026, 8))).get("")!;
    expect(aug.withdrawn).toBe(open.length);
    expect(aug).toEqual(naiveCounts(await allHistories(), period("month", 2026, 8)));
  });
});
