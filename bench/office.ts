/**
 * One-stop office benchmark (issue #3): on a fresh PostgreSQL database with 1,000,000 dossiers,
 * 1. the work queue (getQueue) of a receiving officer of the provincial centre, of a department's specialist and
 *    leader, of a ward and of a consulted department, and the deadline watcher's pass (runDeadlineWatch): p50/p99 in
 *    ms over a few hundred calls each, every query EXPLAIN ANALYZEd for sequential scans on dossiers;
 * 2. receive-and-process throughput: dossiers taken in at the counter, then run through their whole process
 *    (receive → … → return_result) with performAction by 4 and 8 concurrent workers.
 * Nothing here asserts timings; the figures go to the README.
 *
 *   npx tsx bench/office.ts          # all (about 5–8 minutes on 2 cores)
 *   BENCH_OFFICE_DOSSIERS=200000 BENCH_OFFICE_ITERATIONS=100 npx tsx bench/office.ts     # quicker
 *   BENCH_OFFICE_DB=motcua_bench_xxx npx tsx bench/office.ts   # measure an already populated database (kept)
 *   BENCH_OFFICE_KEEP=1 …            # keep the database afterwards (prints its name)
 *
 * Env: BENCH_PG (server, default postgres://postgres@127.0.0.1:5432/postgres), BENCH_OFFICE_DOSSIERS (1000000),
 * BENCH_OFFICE_ITERATIONS (300), BENCH_OFFICE_WARMUP (20), BENCH_OFFICE_WORKERS ("4,8,8:on_demand": workers per
 * throughput run, ":on_demand" = forms 01 not rendered during the run),
 * BENCH_OFFICE_PROCESS (dossiers per throughput run, 200), BENCH_OFFICE_PLANS=1 (print every plan),
 * BENCH_OFFICE_ONLY (queue cases whose name contains this text; "0" as workers skips the throughput runs).
 */
import { loadavg } from "node:os";
import type { FormRendering } from "../src/app/office/index.js";
import { pathToFileURL } from "node:url";
import {
  benchQueues,
  benchWatcher,
  type LatencyRow,
  type PlanReport,
  type WatchBenchResult,
} from "./office-measure.js";
import {
  attachBenchDatabase,
  createBenchDatabase,
  type OfficeBenchDb,
  type PopulationInfo,
  populate,
} from "./office-populate.js";
import { benchThroughput, PIPELINE, type ThroughputResult } from "./office-throughput.js";

export { attachBenchDatabase, createBenchDatabase, populate } from "./office-populate.js";
export { benchQueues, benchWatcher } from "./office-measure.js";
export { benchThroughput } from "./office-throughput.js";

export interface OfficeBenchOptions {
  dossiers?: number;
  iterations?: number;
  warmup?: number;
  /** Throughput runs: concurrent workers and when forms 01 render (default 4 and 8 "background", 8 "on_demand"). */
  runs?: { workers: number; forms?: FormRendering }[];
  /** Dossiers per throughput run. */
  processDossiers?: number;
  /** Only the queue cases whose name contains this text. */
  only?: string;
  /** Measure this existing (populated) database instead of creating one; it is kept. */
  database?: string;
  keep?: boolean;
  adminUrl?: string;
  log?: (s: string) => void;
}

export interface OfficeBenchResult {
  database: string;
  population?: PopulationInfo;
  queues: LatencyRow[];
  watcher: WatchBenchResult;
  throughput: ThroughputResult[];
  /** Queries whose plan scans dossiers sequentially (none expected). */
  seqScans: { case: string; sql: string; executionMs: number }[];
  /** Load average (1 min) before each phase: the machine is shared. */
  loadAverage: { queues: number; watcher: number; throughput: number };
  plans: PlanReport[];
}

const la = () => Math.round(loadavg()[0] * 100) / 100;

/** Runs the whole office benchmark and returns its figures as plain objects. */
export async function benchOffice(opts: OfficeBenchOptions = {}): Promise<OfficeBenchResult> {
  const log = opts.log ?? (() => {});
  let h: OfficeBenchDb;
  let population: PopulationInfo | undefined;
  if (opts.database) {
    h = await attachBenchDatabase(opts.database, { adminUrl: opts.adminUrl });
  } else {
    h = await createBenchDatabase({ adminUrl: opts.adminUrl });
    log(`database ${h.name}: populating ${opts.dossiers ?? 1_000_000} dossiers`);
  }
  try {
    if (!opts.database) population = await populate(h, { dossiers: opts.dossiers, log });
    const loadAverage = { queues: la(), watcher: 0, throughput: 0 };
    log("work queues");
    const q = await benchQueues(h, { iterations: opts.iterations, warmup: opts.warmup, only: opts.only, log });
    loadAverage.watcher = la();
    log("deadline watcher");
    const watcher = await benchWatcher(h, { iterations: opts.iterations, warmup: opts.warmup, log });
    loadAverage.throughput = la();
    log("receive-and-process throughput");
    const throughput: ThroughputResult[] = [];
    const runs = opts.runs ?? [{ workers: 4 }, { workers: 8 }, { workers: 8, forms: "on_demand" }];
    for (const run of runs)
      throughput.push(await benchThroughput(h, { ...run, dossiers: opts.processDossiers ?? 200, log }));
    const plans = [...q.plans, ...watcher.plans];
    return {
      database: h.name,
      population,
      queues: q.rows,
      watcher,
      throughput,
      seqScans: plans
        .filter((p) => /Seq Scan on dossiers\b/.test(p.plan))
        .map((p) => ({ case: p.case, sql: p.sql, executionMs: p.executionMs })),
      loadAverage,
      plans,
    };
  } finally {
    if (opts.keep || opts.database) {
      if (opts.keep && !opts.database) log(`kept database ${h.name}`);
      await h.deps.db.destroy();
    } else await h.drop();
  }
}

/** Runs the benchmark with the BENCH_OFFICE_* settings and prints it (`npm run bench -- office`, `npx tsx bench/office.ts`). */
export async function main(): Promise<void> {
  const env = process.env;
  const started = performance.now();
  const r = await benchOffice({
    dossiers: env.BENCH_OFFICE_DOSSIERS ? Number(env.BENCH_OFFICE_DOSSIERS) : undefined,
    iterations: env.BENCH_OFFICE_ITERATIONS ? Number(env.BENCH_OFFICE_ITERATIONS) : undefined,
    warmup: env.BENCH_OFFICE_WARMUP ? Number(env.BENCH_OFFICE_WARMUP) : undefined,
    runs: env.BENCH_OFFICE_WORKERS
      ? env.BENCH_OFFICE_WORKERS.split(",")
          .map((x) => {
            const [n, forms] = x.split(":");
            return { workers: Number(n), forms: (forms || undefined) as FormRendering | undefined };
          })
          .filter((r) => r.workers > 0)
      : undefined,
    only: env.BENCH_OFFICE_ONLY || undefined,
    processDossiers: env.BENCH_OFFICE_PROCESS ? Number(env.BENCH_OFFICE_PROCESS) : undefined,
    database: env.BENCH_OFFICE_DB || undefined,
    keep: !!env.BENCH_OFFICE_KEEP,
    log: (s) => console.log(s),
  });
  printOfficeResult(r, !!env.BENCH_OFFICE_PLANS);
  console.log(`\noffice benchmark: ${Math.round((performance.now() - started) / 1000)} s in all`);
}

/** Prints the figures as compact tables. */
export function printOfficeResult(r: OfficeBenchResult, plans = false): void {
  const p = r.population;
  if (p) {
    console.log(
      `\n## Office data: ${p.dossiers.toLocaleString("en")} dossiers (${p.open.toLocaleString("en")} open), ` +
        `${p.events.toLocaleString("en")} events, ${p.openTasks.toLocaleString("en")} open tasks; ` +
        `table ${p.tableMB} MB + indexes ${p.indexesMB} MB; loaded in ${p.seconds.total} s ` +
        `(rows ${p.seconds.load} s, indexes/keys ${p.seconds.indexes} s, vacuum analyze ${p.seconds.vacuumAnalyze} s)`,
    );
    console.log(`   by status: ${JSON.stringify(p.byStatus)}`);
  }
  console.log(`\n## Work queue (getQueue), ms per call (load average ${r.loadAverage.queues}, 2 cores)`);
  console.table(
    r.queues.map((x) => ({
      case: x.case,
      rows: x.rows,
      total: x.total,
      p50: x.p50,
      p99: x.p99,
      queries: x.queries,
      "slowest query (EXPLAIN ms)": x.explainMs,
      scans: x.scans,
    })),
  );
  console.log(`\n## Deadline watcher (load average ${r.loadAverage.watcher})`);
  console.log(
    `   first pass after the load: ${r.watcher.firstPass.ms} ms, marked ${r.watcher.firstPass.overdue} overdue and ` +
      `${r.watcher.firstPass.dueSoon} due soon`,
  );
  const w = r.watcher.steady;
  console.table([
    {
      case: w.case,
      p50: w.p50,
      p99: w.p99,
      queries: w.queries,
      "slowest query (EXPLAIN ms)": w.explainMs,
      scans: w.scans,
    },
  ]);
  console.log(`\n## Receive-and-process throughput on PostgreSQL (load average ${r.loadAverage.throughput})`);
  console.table(
    r.throughput.map((t) => ({
      workers: t.workers,
      "forms 01": t.forms,
      dossiers: `${t.completed}/${t.dossiers}`,
      "dossiers/s": t.dossiersPerSecond,
      "actions/s": t.actionsPerSecond,
      seconds: t.seconds,
      "s incl. forms 01": t.secondsWithForms,
      errors: t.errors,
      "load avg": t.loadAverage,
    })),
  );
  console.table(
    r.throughput.flatMap((t) => [
      {
        workers: `${t.workers} (${t.forms})`,
        stat: "p50 ms",
        intake: t.intake.p50,
        ...Object.fromEntries(PIPELINE.map((s) => [s, t.perAction[s].p50])),
      },
      {
        workers: `${t.workers} (${t.forms})`,
        stat: "p99 ms",
        intake: t.intake.p99,
        ...Object.fromEntries(PIPELINE.map((s) => [s, t.perAction[s].p99])),
      },
    ]),
  );
  for (const t of r.throughput) for (const e of t.firstErrors) console.log(`   error (${t.workers} workers): ${e}`);
  if (r.seqScans.length) {
    console.log("\n## Sequential scans on dossiers");
    for (const s of r.seqScans) console.log(`   ${s.case}: ${s.executionMs} ms\n     ${s.sql}`);
  } else console.log("\nNo query of these cases scans dossiers sequentially.");
  if (plans) for (const pl of r.plans) console.log(`\n--- ${pl.case} (${pl.executionMs} ms)\n${pl.sql}\n${pl.plan}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
