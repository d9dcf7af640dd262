import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { throwawayDatabase } from "./child.js";

const run = promisify(execFile);

/**
 * `pgbench` in the same window as the other figures, so each figure can be given as a ratio to what the database
 * server alone does on this machine at that moment (the machine is shared; absolute numbers drift, ratios hold).
 * Runs in a database it creates and drops.
 */
export interface PgbenchResult {
  /** single-row insert (custom script), TPC-B (pgbench's default), select-only (pgbench -S). */
  insert: number;
  tpcb: number;
  select: number;
  clients: number;
  seconds: number;
}

function pgbenchBinary(): string {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  const debian = "/usr/lib/postgresql/15/bin/pgbench";
  return existsSync(debian) ? debian : "pgbench";
}

const tps = (out: string) => {
  const m = /tps = ([0-9.]+) \(without initial connection time\)/.exec(out);
  if (!m) throw new Error(`pgbench: no tps in its output:\n${out}`);
  return Number(m[1]);
};

export async function runPgbench(clients = 8, seconds = Number(process.env.BENCH_PGBENCH_SECONDS ?? 4)) {
  const bin = pgbenchBinary();
  const db = await throwawayDatabase("motcua_pgbench");
  const dir = await mkdtemp(join(tmpdir(), "motcua-pgbench-"));
  try {
    const common = ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds)];
    await run(bin, ["-i", "-q", "-s", "1", db.url]);
    const tpcb = tps((await run(bin, [...common, db.url])).stdout);
    const select = tps((await run(bin, [...common, "-S", db.url])).stdout);
    const { default: pg } = await import("pg");
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(
      "create table bench_insert (id bigserial primary key, at timestamptz not null default now(), v text)",
    );
    await c.end();
    const script = join(dir, "insert.sql");
    await writeFile(script, "insert into bench_insert (v) values ('x');\n");
    const insert = tps((await run(bin, [...common, "-f", script, db.url])).stdout);
    return { insert, tpcb, select, clients, seconds } satisfies PgbenchResult;
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** "1,234/s (0.12 × TPC-B, 0.03 × insert)" style ratios. */
export function ratios(perSecond: number, pgb: PgbenchResult | undefined) {
  if (!pgb) return {};
  const r = (x: number) => Math.round((perSecond / x) * 1000) / 1000;
  return { "÷insert": r(pgb.insert), "÷tpcb": r(pgb.tpcb), "÷select": r(pgb.select) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table([await runPgbench()]);
