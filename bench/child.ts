import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";

export type Engine = "postgres" | "pglite";

export const ADMIN_URL = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** What bench/server-child.ts prints when ready. */
export interface ChildInfo {
  /** The motcua server. */
  url: string;
  /** A bare Fastify app in the same process (one small HTML page at /), the ceiling of the same window. */
  bareUrl: string;
  cookies: string[];
  units: string[];
  db: string;
}

export interface Child extends ChildInfo {
  child: ChildProcess;
}

/** A throwaway PostgreSQL database: created now, dropped by the returned function. */
export async function throwawayDatabase(
  prefix = "motcua_bench",
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/**
 * Starts the server under benchmark in its own process (so the load generator does not share its event loop).
 * BENCH_NODE_ARGS adds node options to it, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
 */
export async function startChild(env: Record<string, string>): Promise<Child> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "bench/server-child.ts"], {
    env: {
      ...process.env,
      // production refuses the embedded PGlite (development only): a PGlite run is the same build outside production
      NODE_ENV: env.DATABASE_URL ? "production" : "development",
      // the load comes from a handful of test accounts on one address, far beyond what a person sends
      RATE_LIMIT_SUBMISSION: "1000000000",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      // production refuses to start without these; the benchmark signs in through sessions it makes and sends no mail
      BASE_URL: "http://127.0.0.1",
      OIDC_ISSUER: "https://id.bench.invalid",
      OIDC_CLIENT_ID: "bench",
      OIDC_CLIENT_SECRET: "bench-client-secret",
      SMTP_URL: "smtp://127.0.0.1:9",
      MAIL_FROM: "bench@example.vn",
      ...env,
      PORT: "0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const rl = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as ChildInfo) };
}

export async function stopChild(c: Child): Promise<void> {
  if (c.child.exitCode !== null) return;
  const exited = new Promise((r) => c.child.once("exit", r));
  c.child.kill("SIGTERM");
  await exited;
}

/**
 * Runs `fn` against a fresh server on `engine`: a data directory and (for PostgreSQL) a database made for the run and
 * removed after it.
 */
export async function withServer<T>(
  engine: Engine,
  env: Record<string, string>,
  fn: (c: Child) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "motcua-bench-"));
  const db = engine === "postgres" ? await throwawayDatabase() : undefined;
  try {
    const c = await startChild({ DATA_DIR: dir, ...env, ...(db ? { DATABASE_URL: db.url } : {}) });
    try {
      return await fn(c);
    } finally {
      await stopChild(c);
    }
  } finally {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
