/**
 * Work-queue and deadline-watcher latency on a populated database, through the engine's own functions (getQueue,
 * runDeadlineWatch): warm-up, then many iterations, p50/p99 in milliseconds. Each case is then run once with the
 * queries captured, and every captured query that reads dossiers is EXPLAIN ANALYZEd: a sequential scan on
 * dossiers, or the indexes used, are reported next to the timings.
 */
import { sql } from "kysely";
import { getQueue } from "../src/app/office/index.js";
import { loadOfficer, type Officer } from "../src/http/officer-auth.js";
import { runDeadlineWatch } from "../src/jobs/deadlines.js";
import type { CapturedQuery, OfficeBenchDb } from "./office-populate.js";
import { percentile, round } from "./stats.js";

export interface LatencyRow {
  case: string;
  /** Rows on the page and the total the queue reported (or what the watcher marked). */
  rows: number;
  total: number | string;
  p50: number;
  p99: number;
  mean: number;
  iterations: number;
  /** Database queries the call ran. */
  queries: number;
  /** The slowest captured query's EXPLAIN ANALYZE execution time (ms) and the scans its plan used. */
  explainMs: number;
  scans: string;
  seqScanOnDossiers: boolean;
}

export interface PlanReport {
  case: string;
  sql: string;
  executionMs: number;
  plan: string;
}

interface Case {
  name: string;
  run: () => Promise<{ rows: number; total: number | string }>;
}

async function officerByUsername(h: OfficeBenchDb, username: string): Promise<Officer> {
  const row = await h.deps.db
    .selectFrom("officers")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return (await loadOfficer(h.deps, row.id))!;
}

/** The department holding the most open dossiers now (its specialists' and leaders' queue is the longest). */
async function busiestDepartment(h: OfficeBenchDb): Promise<{ id: string; code: string; open: number }> {
  const r = await h.deps.db
    .selectFrom("dossier_counts as c")
    .innerJoin("units as u", "u.id", "c.unit_id")
    .select(["u.id", "u.code", sql<number>`sum(c.n)::int`.as("open")])
    .where("c.scope", "=", "c")
    .where("c.bucket", "in", ["s2", "s4", "s5", "s6"])
    .where("u.kind", "=", "department")
    .groupBy(["u.id", "u.code"])
    .orderBy("open", "desc")
    .executeTakeFirstOrThrow();
  return r;
}

const SCAN_RE =
  /(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan|Index Scan Backward)(?: Backward)?(?: using (\S+))? on (\S+)/g;

function scansOf(plan: string): string[] {
  const out: string[] = [];
  for (const m of plan.matchAll(SCAN_RE)) {
    const [, kind, index, rel] = m;
    if (kind === "Seq Scan") out.push(`seq:${rel}`);
    else if (kind === "Bitmap Index Scan") out.push(`bitmap:${rel}`);
    else out.push(`${kind === "Index Only Scan" ? "ios" : "idx"}:${index}`);
  }
  return [...new Set(out)];
}

async function explain(h: OfficeBenchDb, q: CapturedQuery): Promise<{ ms: number; plan: string }> {
  const r = await h.pool.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
  const plan = r.rows.map((x: Record<string, string>) => x["QUERY PLAN"]).join("\n");
  const m = /Execution Time: ([\d.]+) ms/.exec(plan);
  return { ms: m ? Number(m[1]) : Number.NaN, plan };
}

/** Runs the case `warmup` times, then `iterations` times timed (fewer if it takes over `maxSeconds`, at least 20). */
async function timeCase(c: Case, warmup: number, iterations: number, maxSeconds = 20) {
  for (let i = 0; i < warmup; i++) await c.run();
  const times: number[] = [];
  let last = { rows: 0, total: 0 as number | string };
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    last = await c.run();
    times.push(performance.now() - s);
    if (i >= 19 && performance.now() - start > maxSeconds * 1000) break;
  }
  return { times, last };
}

/** Captures the queries of one call of the case and EXPLAIN ANALYZEs those reading dossiers or tasks. */
async function planCase(h: OfficeBenchDb, c: Case, plans: PlanReport[]) {
  const captured: CapturedQuery[] = [];
  h.capture = captured;
  try {
    await c.run();
  } finally {
    h.capture = null;
  }
  let worst = { ms: 0, scans: [] as string[] };
  let seq = false;
  for (const q of captured) {
    if (!/\b(dossiers|dossier_tasks)\b/.test(q.sql) || /^\s*(update|insert|delete)/i.test(q.sql)) continue;
    const e = await explain(h, q);
    const scans = scansOf(e.plan);
    if (scans.includes("seq:dossiers")) seq = true;
    plans.push({ case: c.name, sql: q.sql, executionMs: e.ms, plan: e.plan });
    if (e.ms >= worst.ms) worst = { ms: e.ms, scans };
  }
  return { queries: captured.length, worst, seq };
}

export interface QueueBenchOptions {
  warmup?: number;
  iterations?: number;
  /** Only run cases whose name contains this text. */
  only?: string;
  log?: (s: string) => void;
}

/** The queue cases (officers of the centre, the busiest department, a big ward, Justice's consultations). */
async function queueCases(h: OfficeBenchDb): Promise<{ cases: Case[]; department: string }> {
  const db = h.deps.db;
  const receiving = await officerByUsername(h, "tiepnhan.tttphcc");
  const ward = await officerByUsername(h, "tiepnhan.hoankiem");
  const justice = await officerByUsername(h, "chuyenvien.stp");
  const dept = await busiestDepartment(h);
  const specialist = await officerByUsername(h, `bench.cv.${dept.code}`);
  const leader = await officerByUsername(h, `bench.ld.${dept.code}`);
  const centreId = receiving.unitId;

  // search terms taken from the data (the same ones on every run of the same data): a code, an ID number, and 20
  // full names of dossiers of the centre that the name cases go through in turn
  const sample = await db
    .selectFrom("dossiers")
    .select(["code", sql<string>`applicant->>'idNumber'`.as("idNumber"), sql<string>`applicant->>'name'`.as("name")])
    .where("receiving_unit_id", "=", centreId)
    .where("status", "in", [4, 10])
    .orderBy("reference")
    .limit(20)
    .execute();
  const names = sample.map((s) => s.name);
  let turn = 0;
  const nextName = () => names[turn++ % names.length];
  const land = await db
    .selectFrom("procedures")
    .select("id")
    .where("national_code", "=", "1.012766")
    .executeTakeFirst();
  const rare = await db
    .selectFrom("dossiers")
    .select(["procedure_id", sql<number>`count(*)::int`.as("n")])
    .where("receiving_unit_id", "=", centreId)
    .where("status", "in", [1, 2, 4, 5, 6, 9])
    .groupBy("procedure_id")
    .orderBy("n")
    .limit(1)
    .executeTakeFirstOrThrow();
  const code = sample[0].code!;
  const codePrefix = code.slice(0, code.lastIndexOf("-") - 2); // unit-YYMM

  const q = (officer: Officer, filters: Record<string, unknown> | (() => Record<string, unknown>)) => async () => {
    const r = await getQueue(h.deps, officer, typeof filters === "function" ? filters() : filters);
    return { rows: r.items.length, total: `${r.total}${r.totalCapped ? "+" : ""}` };
  };
  const cases: Case[] = [
    { name: "centre receiving: default (open, by due)", run: q(receiving, {}) },
    { name: "centre receiving: page 5", run: q(receiving, { page: 5 }) },
    { name: "centre receiving: status 4", run: q(receiving, { status: 4 }) },
    { name: "centre receiving: status 10 (returned)", run: q(receiving, { status: 10 }) },
    { name: "centre receiving: due soon", run: q(receiving, { due: "due_soon" }) },
    { name: "centre receiving: overdue", run: q(receiving, { due: "overdue" }) },
    { name: "centre receiving: overdue + status 4", run: q(receiving, { due: "overdue", status: 4 }) },
    { name: "centre receiving: search code", run: q(receiving, { q: code }) },
    { name: `centre receiving: search code prefix (${codePrefix})`, run: q(receiving, { q: codePrefix }) },
    { name: "centre receiving: search ID number", run: q(receiving, { q: sample[0].idNumber }) },
    { name: "centre receiving: search full name (20 names in turn)", run: q(receiving, () => ({ q: nextName() })) },
    { name: "centre receiving: search name prefix 'Trần Văn'", run: q(receiving, { q: "Trần Văn" }) },
    { name: "centre receiving: search 'nguyen' (no accents)", run: q(receiving, { q: "nguyen" }) },
    ...(land
      ? [{ name: "centre receiving: procedure (land, common)", run: q(receiving, { procedureId: land.id }) }]
      : []),
    { name: "centre receiving: procedure (rarest)", run: q(receiving, { procedureId: rare.procedure_id }) },
    { name: "centre receiving: channel postal", run: q(receiving, { channel: "postal" }) },
    { name: "centre receiving: processing view", run: q(receiving, { view: "processing" }) },
    {
      name: "centre receiving: processing view, search 'Trần Văn'",
      run: q(receiving, { view: "processing", q: "Trần Văn" }),
    },
    {
      name: "centre receiving: processing view, search full name (in turn)",
      run: q(receiving, () => ({ view: "processing", q: nextName() })),
    },
    { name: `dept ${dept.code} specialist: default`, run: q(specialist, {}) },
    { name: `dept ${dept.code} specialist: assigned to me`, run: q(specialist, { assignee: "me" }) },
    { name: `dept ${dept.code} specialist: overdue`, run: q(specialist, { due: "overdue" }) },
    { name: `dept ${dept.code} leader: default`, run: q(leader, {}) },
    { name: `dept ${dept.code} leader: status 4`, run: q(leader, { status: 4 }) },
    { name: "ward Hoàn Kiếm receiving: default", run: q(ward, {}) },
    { name: "ward Hoàn Kiếm receiving: search 'nguyen'", run: q(ward, { q: "nguyen" }) },
    { name: "ward Hoàn Kiếm receiving: search 'Trần Văn'", run: q(ward, { q: "Trần Văn" }) },
    { name: "Justice specialist: consultation tasks", run: q(justice, { view: "tasks" }) },
  ];
  return { cases, department: dept.code };
}

export async function benchQueues(
  h: OfficeBenchDb,
  opts: QueueBenchOptions = {},
): Promise<{ rows: LatencyRow[]; plans: PlanReport[]; department: string }> {
  const warmup = opts.warmup ?? 20;
  const iterations = opts.iterations ?? 300;
  const { cases, department } = await queueCases(h);
  const rows: LatencyRow[] = [];
  const plans: PlanReport[] = [];
  for (const c of cases) {
    if (opts.only && !c.name.includes(opts.only)) continue;
    const { times, last } = await timeCase(c, warmup, iterations);
    const p = await planCase(h, c, plans);
    const row: LatencyRow = {
      case: c.name,
      rows: last.rows,
      total: last.total,
      p50: round(percentile(times, 50), 2),
      p99: round(percentile(times, 99), 2),
      mean: round(times.reduce((a, b) => a + b, 0) / times.length, 2),
      iterations: times.length,
      queries: p.queries,
      explainMs: round(p.worst.ms, 2),
      scans: p.worst.scans.join(" "),
      seqScanOnDossiers: p.seq,
    };
    rows.push(row);
    opts.log?.(`  ${c.name}: p50 ${row.p50} ms, p99 ${row.p99} ms${p.seq ? "  SEQ SCAN on dossiers" : ""}`);
  }
  return { rows, plans, department };
}

export interface WatchBenchResult {
  /** The first pass after the load marks the dossiers whose state went stale (about 1 % of the overdue ones). */
  firstPass: { ms: number; overdue: number; dueSoon: number };
  /** Then steady passes (nothing or little to mark): the watcher's selecting queries. */
  steady: LatencyRow;
  plans: PlanReport[];
}

/** runDeadlineWatch: one marking pass, then `iterations` steady passes. */
export async function benchWatcher(h: OfficeBenchDb, opts: QueueBenchOptions = {}): Promise<WatchBenchResult> {
  const s = performance.now();
  const first = await runDeadlineWatch(h.deps);
  const firstMs = performance.now() - s;
  let marked = { overdue: 0, dueSoon: 0 };
  const c: Case = {
    name: "deadline watcher: steady pass (runDeadlineWatch)",
    run: async () => {
      const r = await runDeadlineWatch(h.deps);
      marked = { overdue: marked.overdue + r.overdue, dueSoon: marked.dueSoon + r.dueSoon };
      return { rows: r.overdue + r.dueSoon, total: r.overdue + r.dueSoon };
    },
  };
  const { times } = await timeCase(c, opts.warmup ?? 20, opts.iterations ?? 300);
  const plans: PlanReport[] = [];
  const p = await planCase(h, c, plans);
  const steady: LatencyRow = {
    case: c.name,
    rows: marked.overdue + marked.dueSoon,
    total: `marked ${marked.overdue} overdue + ${marked.dueSoon} due soon over the passes`,
    p50: round(percentile(times, 50), 2),
    p99: round(percentile(times, 99), 2),
    mean: round(times.reduce((a, b) => a + b, 0) / times.length, 2),
    iterations: times.length,
    queries: p.queries,
    explainMs: round(p.worst.ms, 2),
    scans: p.worst.scans.join(" "),
    seqScanOnDossiers: p.seq,
  };
  opts.log?.(`  ${c.name}: p50 ${steady.p50} ms, p99 ${steady.p99} ms${p.seq ? "  SEQ SCAN on dossiers" : ""}`);
  return { firstPass: { ms: round(firstMs, 1), overdue: first.overdue, dueSoon: first.dueSoon }, steady, plans };
}
