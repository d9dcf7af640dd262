/**
 * National Public Service Portal sync benchmark (issue #6): `npm run bench -- national`.
 *
 * The portal SANDBOX runs as its own server (its own process, src/sandboxes/national-portal/main.ts); motcua's side
 * runs in this process on a throwaway PostgreSQL database (BENCH_PG) with the demo catalogue: officers' actions are
 * real `appendEvent` transactions (status changes 4 ⇄ 9 after a receipt, each one push), and the outbox dispatchers
 * (`startOutboxDispatcher`, the production loop, polling every second) deliver them through the LGSP adapter. The
 * dispatchers share this process's event loop with the simulated officers, as they share a node's in production.
 *
 * 1. Sustained pushes: BENCH_NATIONAL_PUSHES pushes queued, then delivered by the dispatchers: pushes per second.
 * 2. Lag: officers act at BENCH_NATIONAL_RATE actions per second for BENCH_NATIONAL_LAG_SECONDS; the lag from each
 *    action's commit to the moment the sandbox recorded its status (the sandbox's own clock, same machine): p50/p99.
 * 3. Backlog drain: the sandbox's fault switch on ("unavailable"), BENCH_NATIONAL_BACKLOG pushes (default 100,000)
 *    queued by officers while the dispatchers keep trying (and back off, as in production), the switch off; the time
 *    until everything is delivered, while officers keep acting at BENCH_NATIONAL_RATE: their action p50/p99 during
 *    the drain, beside the same figures with the portal healthy (phase 2).
 *
 * Env: BENCH_PG, BENCH_NATIONAL_BACKLOG (100000), BENCH_NATIONAL_PUSHES (5000), BENCH_NATIONAL_RATE (20),
 * BENCH_NATIONAL_LAG_SECONDS (20), BENCH_NATIONAL_DISPATCHERS (1: app nodes, one dispatcher each),
 * BENCH_NATIONAL_QUEUERS (8: concurrent officers while the backlog is queued). Throughputs are printed with their
 * ratio to the window's pgbench (bench/pgbench.ts) when run from bench/run.ts. Nothing is asserted.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { sql } from "kysely";
import { openDatabase } from "../src/adapters/db/index.js";
import { migrateToLatest } from "../src/adapters/db/migrate.js";
import type { Mailer } from "../src/adapters/mail/index.js";
import { LocalFileStore } from "../src/adapters/files/index.js";
import type { Deps } from "../src/app/deps.js";
import { createDossier } from "../src/app/dossiers/create.js";
import { type Actor, appendEvent } from "../src/app/history.js";
import { SYNC_TOPIC, setNationalSyncEnabled } from "../src/app/national-portal/sync.js";
import { loadOnlineProcedure, receivingUnits } from "../src/app/submission.js";
import { loadConfig } from "../src/config.js";
import { seedDemo } from "../src/demo/seed.js";
import { type Dispatcher, startOutboxDispatcher } from "../src/jobs/outbox.js";
import { throwawayDatabase } from "./child.js";
import { type PgbenchResult, ratios } from "./pgbench.js";
import { percentile, round } from "./stats.js";

const num = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const BACKLOG = num("BENCH_NATIONAL_BACKLOG", 100_000);
const PUSHES = num("BENCH_NATIONAL_PUSHES", 5000);
const RATE = num("BENCH_NATIONAL_RATE", 20);
const LAG_SECONDS = num("BENCH_NATIONAL_LAG_SECONDS", 20);
const DISPATCHERS = num("BENCH_NATIONAL_DISPATCHERS", 1);
const QUEUERS = num("BENCH_NATIONAL_QUEUERS", 8);
/** Officers acting at once at most (the database pool has 20 connections). */
const OFFICERS = 8;
/** Status changes per dossier (after its receipt) when queuing many pushes. */
const EVENTS_PER_DOSSIER = 9;
const CREDS = { username: "H99-bench", password: "bench-lgsp-password" };
const OFFICER: Actor = { kind: "officer", id: null, name: "Cán bộ thử tải" };
const la = () => round(loadavg()[0], 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The sandbox in its own process; resolves once it listens. */
async function startSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "src/sandboxes/national-portal/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      NATIONAL_PORTAL_URL: url,
      NATIONAL_PORTAL_USERNAME: CREDS.username,
      NATIONAL_PORTAL_PASSWORD: CREDS.password,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const rl = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    rl.on("line", (l) => {
      if (l.includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return { url, child };
}

interface Fixture {
  deps: Deps;
  proc: Awaited<ReturnType<typeof loadOnlineProcedure>>;
  unit: { id: string; code: string };
  close: () => Promise<void>;
}

/** No e-mail leaves the benchmark (counter dossiers without notification send none anyway). */
const mailer: Mailer = { send: async () => {}, close: () => {} };

async function setUp(dbUrl: string, portalUrl: string): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "motcua-bench-national-"));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: "development",
    DATA_DIR: dir,
    DATABASE_URL: dbUrl,
    SANDBOXES: "off",
    DEMO_DATA: "on",
    NATIONAL_PORTAL_URL: portalUrl,
    NATIONAL_PORTAL_USERNAME: CREDS.username,
    NATIONAL_PORTAL_PASSWORD: CREDS.password,
    NATIONAL_PORTAL_TIMEOUT_MS: "5000",
  });
  const opened = await openDatabase(dbUrl, undefined, 20);
  await migrateToLatest(opened.db);
  await setNationalSyncEnabled(opened.db, true);
  const deps: Deps = {
    config,
    db: opened.db,
    dbKind: opened.kind,
    files: new LocalFileStore(config.filesDir),
    mailer,
    now: () => new Date(),
  };
  await seedDemo(deps);
  const proc = await loadOnlineProcedure(deps, process.env.BENCH_PROCEDURE ?? "1.001193", { allowOffline: true });
  const unit = (await receivingUnits(deps, proc))[0];
  return {
    deps,
    proc,
    unit,
    close: async () => {
      await opened.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let serial = 0;
/** A dossier taken in and received (its code given: the first push), in one transaction. */
async function receivedDossier(f: Fixture): Promise<string> {
  const i = serial++;
  const code = `${f.unit.code}-${String(100000 + Math.floor(i / 9000))}-${String((i % 9000) + 1).padStart(4, "0")}`;
  return f.deps.db.transaction().execute(async (trx) => {
    const at = new Date();
    const made = await createDossier(trx, {
      channel: "counter",
      procedure: f.proc,
      receivingUnitId: f.unit.id,
      applicantAccountId: null,
      applicant: { type: "citizen", name: `Công dân thử tải ${i}`, idNumber: String(100000000000 + i) },
      data: {},
      files: [],
      returnMethod: "counter",
      returnAddress: null,
      event: { actor: OFFICER, data: { channel: "counter" } },
      notify: false,
      at,
    });
    if (!made.created) throw new Error("not created");
    const due = new Date(at.getTime() + 5 * 86400_000);
    await trx
      .updateTable("dossiers")
      .set({ status: 2, code, received_at: at, due_at: due })
      .where("id", "=", made.row.id)
      .execute();
    await appendEvent(trx, made.head, OFFICER, {
      type: "received",
      at,
      fromStatus: 1,
      toStatus: 2,
      data: { changes: { code: { from: null, to: code }, due_at: { from: null, to: due.toISOString() } } },
    });
    return made.row.id;
  });
}

/** One officer action: the dossier's status moves 2/9 → 4 or 4 → 9, one history event (one push). Returns ms. */
async function officerAction(f: Fixture, id: string): Promise<{ ms: number; committedAt: number }> {
  const t0 = performance.now();
  await f.deps.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom("dossiers")
      .select(["id", "status", "last_event_seq", "last_event_hash"])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const to = d.status === 4 ? 9 : 4;
    const at = new Date();
    await trx.updateTable("dossiers").set({ status: to }).where("id", "=", id).execute();
    await appendEvent(trx, d, OFFICER, {
      type: to === 9 ? "approved" : "forwarded",
      at,
      fromStatus: d.status,
      toStatus: to,
      data: { note: "thử tải" },
    });
  });
  return { ms: performance.now() - t0, committedAt: Date.now() };
}

async function pendingSync(f: Fixture): Promise<number> {
  const r = await f.deps.db
    .selectFrom("national_sync")
    .select(sql<number>`coalesce(sum(greatest(target_seq - delivered_seq, 0)), 0)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The newest sync message queued so far. */
async function lastSyncMessage(f: Fixture): Promise<number> {
  const r = await f.deps.db
    .selectFrom("outbox")
    .select(sql<number>`coalesce(max(id), 0)`.as("n"))
    .where("topic", "=", SYNC_TOPIC)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Waits until every sync message (up to `upTo`, when officers keep queuing new ones) is delivered. Polls whether one
 * is left (the first in the dispatcher's own index, so the poll costs the same with 100 k left as with one: counting
 * them every 250 ms took 80 ms of the database each time with a 100 k backlog); `progress` hears the count every
 * 30 s.
 */
async function waitDrained(
  f: Fixture,
  upTo?: number,
  progress?: (left: number) => void,
  timeoutMs = 6 * 3600_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  const pending = () => {
    let q = f.deps.db
      .selectFrom("outbox")
      .where("topic", "=", SYNC_TOPIC)
      .where("done_at", "is", null)
      .where("failed_at", "is", null);
    if (upTo !== undefined) q = q.where("id", "<=", upTo);
    return q;
  };
  const count = async () =>
    Number((await pending().select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()).n);
  let told = Date.now();
  for (;;) {
    const left = await pending().select("id").limit(1).executeTakeFirst();
    if (!left) return;
    if (Date.now() > until) throw new Error(`not drained: ${await count()} messages left`);
    if (progress && Date.now() - told >= 30_000) {
      told = Date.now();
      progress(await count());
    }
    await sleep(250);
  }
}

function startDispatchers(f: Fixture): Dispatcher[] {
  const log = { error: (o: unknown, m?: string) => console.error(m, o), warn: () => {} };
  return Array.from({ length: DISPATCHERS }, () => startOutboxDispatcher(f.deps, log, { intervalMs: 1000 }));
}
const stopAll = (ds: Dispatcher[]) => Promise.all(ds.map((d) => d.stop()));

/** Runs `n` tasks with `concurrency` workers. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        await task(i);
      }
    }),
  );
}

/** Queues about `pushes` pushes: dossiers received (1 push) then moved EVENTS_PER_DOSSIER times. */
async function queuePushes(f: Fixture, pushes: number): Promise<{ pushes: number; dossiers: number; ms: number[] }> {
  const dossiers = Math.max(1, Math.ceil(pushes / (EVENTS_PER_DOSSIER + 1)));
  const ms: number[] = [];
  await pool(dossiers, QUEUERS, async () => {
    const id = await receivedDossier(f);
    for (let k = 0; k < EVENTS_PER_DOSSIER; k++) ms.push((await officerAction(f, id)).ms);
  });
  return { pushes: dossiers * (EVENTS_PER_DOSSIER + 1), dossiers, ms };
}

/**
 * Officers acting at `rate` per second on their own dossiers until `stop()`: one action per dossier at a time, at
 * most OFFICERS at once (so the pool keeps connections for the dispatchers); a turn that finds every officer busy is
 * counted as skipped. Returns their action latencies and commit instants.
 */
function officersAtRate(f: Fixture, ids: string[], rate: number) {
  const ms: number[] = [];
  const actions: { id: string; committedAt: number }[] = [];
  const busy = new Set<string>();
  let stopped = false;
  let skipped = 0;
  const done = (async () => {
    const start = Date.now();
    let n = 0;
    const running: Promise<void>[] = [];
    while (!stopped) {
      const due = start + (n * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      if (stopped) break;
      n++;
      let id: string | undefined;
      for (let k = 0; k < ids.length && !id; k++) {
        const x = ids[(n + k) % ids.length];
        if (!busy.has(x)) id = x;
      }
      if (!id || busy.size >= OFFICERS) {
        skipped++;
        continue;
      }
      const mine = id;
      busy.add(mine);
      running.push(
        officerAction(f, mine)
          .then((r) => {
            ms.push(r.ms);
            actions.push({ id: mine, committedAt: r.committedAt });
          })
          .finally(() => busy.delete(mine)),
      );
    }
    await Promise.all(running);
  })();
  return {
    ms,
    actions,
    skipped: () => skipped,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function fault(url: string, mode: string) {
  const r = await fetch(`${url}/sandbox/fault`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode }),
  });
  if (!r.ok) throw new Error(`fault switch: HTTP ${r.status}`);
}

interface SandboxDossier {
  dossier: { MaHoSo: string };
  statuses: { status: number; at: string }[];
}

export interface NationalBenchResult {
  sustained: { pushes: number; dossiers: number; seconds: number; perSecond: number; dispatchers: number };
  lag: {
    actions: number;
    skipped: number;
    p50: number;
    p99: number;
    max: number;
    actionP50: number;
    actionP99: number;
  };
  drain: {
    backlog: number;
    dossiers: number;
    queueSeconds: number;
    drainSeconds: number;
    firstDeliveryAfterSeconds: number;
    pushesPerSecondOnceDue: number;
    officerActions: number;
    officerSkipped: number;
    officerP50: number;
    officerP99: number;
  };
  loadAverage: { start: number; end: number };
}

export async function benchNational(log: (s: string) => void = () => {}): Promise<NationalBenchResult> {
  const loadStart = la();
  const db = await throwawayDatabase("motcua_bench_national");
  const sandbox = await startSandbox();
  let f: Fixture | undefined;
  // interrupted (Ctrl-C, a timeout): stop the sandbox and drop the database all the same
  const interrupted = async () => {
    sandbox.child.kill("SIGTERM");
    await f?.close().catch(() => {});
    await db.drop().catch(() => {});
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    f = await setUp(db.url, sandbox.url);
    const fx = f;

    // 1. sustained pushes
    log(`queuing ${PUSHES} pushes…`);
    const q1 = await queuePushes(fx, PUSHES);
    const pending1 = await pendingSync(fx);
    const t1 = performance.now();
    let ds = startDispatchers(fx);
    await waitDrained(fx);
    const seconds1 = (performance.now() - t1) / 1000;
    await stopAll(ds);
    const sustained = {
      pushes: pending1,
      dossiers: q1.dossiers,
      seconds: round(seconds1, 1),
      perSecond: round(pending1 / seconds1, 0),
      dispatchers: DISPATCHERS,
    };
    log(`sustained: ${JSON.stringify(sustained)}`);

    // 2. lag from an officer's action to its delivery at the sandbox
    const officerDossiers: string[] = [];
    for (let i = 0; i < Math.max(RATE * 2, 20); i++) officerDossiers.push(await receivedDossier(fx));
    ds = startDispatchers(fx);
    await waitDrained(fx);
    const o2 = officersAtRate(fx, officerDossiers, RATE);
    await sleep(LAG_SECONDS * 1000);
    await o2.stop();
    await waitDrained(fx);
    const codes = new Map(
      (await fx.deps.db.selectFrom("dossiers").select(["id", "code"]).where("id", "in", officerDossiers).execute()).map(
        (r) => [r.id, r.code!],
      ),
    );
    const state = (await (await fetch(`${sandbox.url}/sandbox/state`)).json()) as { dossiers: SandboxDossier[] };
    const atPortal = new Map(state.dossiers.map((d) => [d.dossier.MaHoSo, d.statuses]));
    // the k-th action on a dossier (in commit order) is its (k+1)-th status at the portal (the first is the receipt)
    const seen = new Map<string, number>();
    const lags: number[] = [];
    for (const a of [...o2.actions].sort((x, y) => x.committedAt - y.committedAt)) {
      const k = (seen.get(a.id) ?? 0) + 1;
      seen.set(a.id, k);
      const s = atPortal.get(codes.get(a.id)!)?.[k];
      if (s) lags.push(Date.parse(s.at) - a.committedAt);
    }
    const lag = {
      actions: o2.actions.length,
      skipped: o2.skipped(),
      p50: round(percentile(lags, 50), 0),
      p99: round(percentile(lags, 99), 0),
      max: round(Math.max(...lags), 0),
      actionP50: round(percentile(o2.ms, 50), 1),
      actionP99: round(percentile(o2.ms, 99), 1),
    };
    if (lags.length !== o2.actions.length) log(`lag: ${o2.actions.length - lags.length} actions not matched`);
    log(`lag: ${JSON.stringify(lag)}`);

    // 3. backlog after an outage, drained while officers keep working
    await fault(sandbox.url, "unavailable");
    log(`portal down; queuing a backlog of ${BACKLOG} pushes…`);
    const tq = performance.now();
    const q3 = await queuePushes(fx, BACKLOG);
    const queueSeconds = (performance.now() - tq) / 1000;
    const backlog = await pendingSync(fx);
    const queued = await lastSyncMessage(fx);
    const o3 = officersAtRate(fx, officerDossiers, RATE);
    await fault(sandbox.url, "none");
    const t3 = performance.now();
    log(`portal back; draining ${backlog} pushes…`);
    const doneOfBacklog = async () =>
      Number(
        (
          await fx.deps.db
            .selectFrom("outbox")
            .select(sql<number>`count(*)::int`.as("n"))
            .where("topic", "=", SYNC_TOPIC)
            .where("id", "<=", queued)
            .where("done_at", "is not", null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const doneAtStart = await doneOfBacklog();
    let firstDelivery = Number.NaN;
    const watch = (async () => {
      while (Number.isNaN(firstDelivery)) {
        if ((await doneOfBacklog()) > doneAtStart) firstDelivery = (performance.now() - t3) / 1000;
        else await sleep(200);
      }
    })();
    let last: { left: number; at: number } | undefined;
    await waitDrained(fx, queued, (left) => {
      const at = performance.now();
      const rate = last ? `, ${round(((last.left - left) * 1000) / (at - last.at), 0)} pushes/s since` : "";
      log(`  ${round((at - t3) / 1000, 0)} s: ${left} messages left${rate} (load average ${la()})`);
      last = { left, at };
    });
    const drainSeconds = (performance.now() - t3) / 1000;
    await watch;
    await o3.stop();
    await waitDrained(fx);
    await stopAll(ds);
    const drain = {
      backlog,
      dossiers: q3.dossiers,
      queueSeconds: round(queueSeconds, 1),
      drainSeconds: round(drainSeconds, 1),
      firstDeliveryAfterSeconds: round(firstDelivery, 1),
      pushesPerSecondOnceDue: round(backlog / Math.max(drainSeconds - firstDelivery, 0.001), 0),
      officerActions: o3.ms.length,
      officerSkipped: o3.skipped(),
      officerP50: round(percentile(o3.ms, 50), 1),
      officerP99: round(percentile(o3.ms, 99), 1),
    };
    log(`drain: ${JSON.stringify(drain)}`);
    return { sustained, lag, drain, loadAverage: { start: loadStart, end: la() } };
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await f?.close();
    sandbox.child.kill("SIGTERM");
    await db.drop();
  }
}

/** Prints the tables (bench/run.ts calls this). */
export async function main(pgb?: PgbenchResult): Promise<void> {
  const r = await benchNational((s) => console.error(`[national] ${s}`));
  console.log(
    `\n## National portal sync: sandbox in its own process, ${r.sustained.dispatchers} dispatcher(s), PostgreSQL (load average ${r.loadAverage.start} → ${r.loadAverage.end}, 2 cores)`,
  );
  console.table([
    {
      measure: "sustained pushes",
      pushes: r.sustained.pushes,
      "time s": r.sustained.seconds,
      "pushes/s": r.sustained.perSecond,
      ...ratios(r.sustained.perSecond, pgb),
    },
  ]);
  console.log(
    `\n## Lag from an officer's action (appendEvent commit) to its delivery at the sandbox, ${RATE} actions/s`,
  );
  console.table([
    {
      actions: r.lag.actions,
      "turns skipped (all busy)": r.lag.skipped,
      "lag p50 ms": r.lag.p50,
      "lag p99 ms": r.lag.p99,
      "lag max ms": r.lag.max,
      "action p50 ms": r.lag.actionP50,
      "action p99 ms": r.lag.actionP99,
    },
  ]);
  console.log(
    `\n## Backlog after an outage (fault switch on, ${r.drain.backlog} pushes queued, off), drained while officers act at ${RATE}/s`,
  );
  console.table([
    {
      backlog: r.drain.backlog,
      dossiers: r.drain.dossiers,
      "queued in s": r.drain.queueSeconds,
      "drained in s": r.drain.drainSeconds,
      "first delivery after s": r.drain.firstDeliveryAfterSeconds,
      "pushes/s once due": r.drain.pushesPerSecondOnceDue,
      ...ratios(r.drain.pushesPerSecondOnceDue, pgb),
      "officer actions": r.drain.officerActions,
      "turns skipped (all busy)": r.drain.officerSkipped,
      "action p50 ms": r.drain.officerP50,
      "action p99 ms": r.drain.officerP99,
    },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
