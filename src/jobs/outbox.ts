import { notifyPetition } from "./notify-petition.js";
import { sql } from "kysely";
import { EMC_TOPIC, emcPushHandler } from "../app/emc.js";
import type { Deps } from "../app/deps.js";
import { pullNationalSubmissions } from "../app/national-portal/inbound.js";
import { INBOUND_TOPIC, nationalSyncHandler, SYNC_TOPIC } from "../app/national-portal/sync.js";
import { RetryLater } from "../app/outbox.js";
import { POSTAL_TOPIC, postalBookHandler } from "../app/postal/service.js";
import { SMS_TOPIC } from "../app/sms.js";
import { notifySms, notifyStatus } from "./notify.js";
import { notifyRating } from "./notify-rating.js";

/**
 * Outbox dispatcher. Messages are queued by use cases in their own transaction (src/app/outbox.ts); this delivers
 * them:
 *
 * 1. claim: in one statement, pick the oldest due rows (`done_at is null and failed_at is null and available_at <=
 *    now and (locked_until is null or locked_until < now)`, `order by available_at, id`, read in that order from the
 *    partial index `outbox_due`, migration 0042) with `for update skip locked`, and lease them (`locked_until = now +
 *    lease`, `attempts + 1`). Concurrent dispatchers (threads, nodes) never get the same row.
 * 2. run the topics' handlers, outside any transaction (one may call a slow SMTP server without holding a
 *    connection — PGlite has only one). The messages of one dossier run one after another, in queue order; those
 *    of different dossiers (and messages of no dossier) run side by side, up to `concurrency` at a time (4; 1 on
 *    PGlite), so one dispatcher keeps several round trips to the database and the remote services in flight.
 * 3. at once after the handler returns, mark the row done — only if our lease still holds, so a row is handled by
 *    one dispatcher at a time. On failure: keep `last_error`, release the lease and retry after an exponential
 *    backoff; after `maxAttempts` the row stays in the table as failed (`failed_at`) until an operator requeues it.
 *
 * A handler that throws `RetryLater` (src/app/outbox.ts) is not failing: its row comes due again after the delay it
 * names, and the attempt is not counted. Topics may set their own retry policy (TOPIC_POLICIES).
 *
 * A handler runs again only when it failed, or when the process died between the handler's side effect and step 3
 * (at-least-once across crashes; handlers therefore pass the row's stable key downstream, e.g. as Message-ID).
 *
 * Time: the dispatcher's clock is the later of the database clock and `deps.now()`, so rows queued with the
 * database default `available_at = now()` are due at once even when a test pins the application clock in the
 * past, and a test can move the application clock forward to make a backed-off row due.
 */

export interface OutboxRow {
  id: number;
  topic: string;
  key: string;
  dossierId: string | null;
  payload: Record<string, unknown>;
  /** 1 on the first run. */
  attempt: number;
}

export type OutboxHandler = (row: OutboxRow, deps: Deps) => Promise<void>;
export type OutboxHandlers = Record<string, OutboxHandler>;

export interface DispatchOptions {
  batchSize?: number;
  /** How long a claimed row is reserved for its dispatcher. */
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Backoff after the n-th failed attempt: min(base × 2^(n−1), cap). */
  backoffBaseSeconds?: number;
  backoffCapSeconds?: number;
  /** A handler running longer than this counts as failed (must stay below the lease). */
  handlerTimeoutSeconds?: number;
  /**
   * Handlers running at once, each for a different dossier (a dossier's messages run one after another). On PGlite
   * (one connection, in this process) the default is 1: running side by side gains nothing there.
   */
  concurrency?: number;
}

export const DISPATCH_DEFAULTS: Required<DispatchOptions> = {
  batchSize: 10,
  leaseSeconds: 120,
  maxAttempts: 8,
  backoffBaseSeconds: 30,
  backoffCapSeconds: 3600,
  handlerTimeoutSeconds: 60,
  concurrency: 4,
};

/**
 * Retry policies of topics that differ from the defaults. The national portal sync never gives up (a dossier's
 * later changes wait behind its earlier ones, and the 766 index counts what was synced): it retries at most every
 * 10 minutes and shows as failing on the sync health page until delivered.
 */
export const TOPIC_POLICIES: Record<string, Pick<DispatchOptions, "maxAttempts" | "backoffCapSeconds">> = {
  [SYNC_TOPIC]: { maxAttempts: Number.MAX_SAFE_INTEGER, backoffCapSeconds: 600 },
};

export interface DispatchResult {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

/** The options in force: the defaults (for this database), overridden by the caller's. */
function optionsFor(deps: Deps, options: DispatchOptions): Required<DispatchOptions> {
  return { ...DISPATCH_DEFAULTS, ...(deps.dbKind === "pglite" ? { concurrency: 1 } : {}), ...options };
}

/** Seconds to wait after the n-th failed attempt. */
export function backoffSeconds(
  attempt: number,
  o: Pick<DispatchOptions, "backoffBaseSeconds" | "backoffCapSeconds"> = {},
) {
  const base = o.backoffBaseSeconds ?? DISPATCH_DEFAULTS.backoffBaseSeconds;
  const cap = o.backoffCapSeconds ?? DISPATCH_DEFAULTS.backoffCapSeconds;
  return Math.min(base * 2 ** Math.max(0, attempt - 1), cap);
}

/** The dispatcher's "now" as an SQL expression: the later of the database clock and the application clock. */
const clock = (deps: Deps) => sql<Date>`greatest(now(), ${deps.now()}::timestamptz)`;

async function claim(deps: Deps, o: Required<DispatchOptions>): Promise<(OutboxRow & { lease: Date })[]> {
  const now = clock(deps);
  // One statement (no round trips for begin, a select and commit): the materialized CTE picks and locks the rows once,
  // the update leases them.
  const rows = await deps.db
    .with(
      (cte) => cte("due").materialized(),
      (db) =>
        db
          .selectFrom("outbox")
          .select("id")
          .where("done_at", "is", null)
          .where("failed_at", "is", null)
          .where("available_at", "<=", now)
          .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", now)]))
          .orderBy("available_at")
          .orderBy("id")
          .limit(o.batchSize)
          .forUpdate()
          .skipLocked(),
    )
    .updateTable("outbox")
    .set({
      // Milliseconds only, so the lease read back into a JS Date compares equal when we mark the row.
      locked_until: sql`date_trunc('milliseconds', ${now} + make_interval(secs => ${o.leaseSeconds}))`,
      attempts: sql`attempts + 1`,
    })
    .where("id", "in", (eb) => eb.selectFrom("due").select("due.id"))
    .returning(["id", "topic", "key", "dossier_id", "payload", "attempts", "locked_until"])
    .execute();
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => ({
      id: r.id,
      topic: r.topic,
      key: r.key,
      dossierId: r.dossier_id,
      payload: r.payload,
      attempt: r.attempts,
      lease: r.locked_until!,
    }));
}

function withTimeout<T>(p: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler timed out after ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Claims one batch of due messages and runs their handlers. Returns what happened; tests call it directly, the
 * polling loop (startOutboxDispatcher) calls it repeatedly.
 */
export async function runOutboxOnce(
  deps: Deps,
  handlers: OutboxHandlers = defaultHandlers,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const o = optionsFor(deps, options);
  const rows = await claim(deps, o);
  const result: DispatchResult = { claimed: rows.length, done: 0, retried: 0, failed: 0 };
  const run = async (row: (typeof rows)[number]) => {
    const { lease, ...msg } = row;
    let error: string | undefined;
    let later: RetryLater | undefined;
    const handler = handlers[row.topic];
    if (!handler) error = `no handler for topic "${row.topic}"`;
    else {
      try {
        await withTimeout(handler(msg, deps), o.handlerTimeoutSeconds);
      } catch (e) {
        if (e instanceof RetryLater) later = e;
        else error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
    }
    if (later) {
      await deps.db
        .updateTable("outbox")
        .set({
          locked_until: null,
          attempts: sql`greatest(attempts - 1, 0)`,
          available_at: sql`${clock(deps)} + make_interval(secs => ${later.afterSeconds})`,
        })
        .where("id", "=", row.id)
        .where("locked_until", "=", lease)
        .execute();
      result.retried++;
      return;
    }
    if (error === undefined) {
      await deps.db
        .updateTable("outbox")
        .set({ done_at: clock(deps), locked_until: null, last_error: null })
        .where("id", "=", row.id)
        .where("locked_until", "=", lease)
        .execute();
      result.done++;
      return;
    }
    const policy = { ...o, ...TOPIC_POLICIES[row.topic] };
    const giveUp = row.attempt >= policy.maxAttempts;
    await deps.db
      .updateTable("outbox")
      .set({
        last_error: error.slice(0, 2000),
        locked_until: null,
        ...(giveUp
          ? { failed_at: clock(deps) }
          : { available_at: sql`${clock(deps)} + make_interval(secs => ${backoffSeconds(row.attempt, policy)})` }),
      })
      .where("id", "=", row.id)
      .where("locked_until", "=", lease)
      .execute();
    if (giveUp) result.failed++;
    else result.retried++;
  };
  // A dossier's messages one after another (in queue order: rows are sorted by id), dossiers side by side.
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const k = row.dossierId ?? `#${row.id}`;
    const g = groups.get(k);
    if (g) g.push(row);
    else groups.set(k, [row]);
  }
  const queue = [...groups.values()];
  const workers = Array.from({ length: Math.max(1, Math.min(o.concurrency, queue.length)) }, async () => {
    for (let g = queue.shift(); g; g = queue.shift()) for (const row of g) await run(row);
  });
  // Every worker finishes (stop() waits for the pass) before a database error is passed on.
  const failed = (await Promise.allSettled(workers)).find((w) => w.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return result;
}

/** Puts failed messages (all, or the given ids) back in the queue with a fresh attempt count. */
export async function requeueFailed(deps: Deps, ids?: number[]): Promise<number> {
  let q = deps.db
    .updateTable("outbox")
    .set({ failed_at: null, attempts: 0, available_at: clock(deps), locked_until: null })
    .where("failed_at", "is not", null)
    .where("done_at", "is", null);
  if (ids) {
    if (ids.length === 0) return 0;
    q = q.where("id", "in", ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Counts for operations: waiting, failed, done. */
export async function outboxStats(deps: Deps): Promise<{ pending: number; failed: number; done: number }> {
  const r = await deps.db
    .selectFrom("outbox")
    .select([
      sql<number>`count(*) filter (where done_at is null and failed_at is null)::int`.as("pending"),
      sql<number>`count(*) filter (where failed_at is not null and done_at is null)::int`.as("failed"),
      sql<number>`count(*) filter (where done_at is not null)::int`.as("done"),
    ])
    .executeTakeFirstOrThrow();
  return r;
}

/** The handlers by topic. Other topics (portal sync, EMC, payment) add their line here. */
export const defaultHandlers: OutboxHandlers = {
  "notify.status": notifyStatus,
  [SMS_TOPIC]: notifySms,
  "notify.rating": notifyRating,
  "notify.petition": notifyPetition,
  [SYNC_TOPIC]: nationalSyncHandler,
  [EMC_TOPIC]: emcPushHandler,
  // Bookings with the public postal service (idempotent there by the shipment's reference).
  [POSTAL_TOPIC]: postalBookHandler,
  // The portal announced a new dossier: pull (idempotent on the national id).
  [INBOUND_TOPIC]: async (_row, deps) => {
    await pullNationalSubmissions(deps);
  },
};

export interface Dispatcher {
  /** Runs a pass now (e.g. right after a commit) instead of waiting for the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Polls the outbox every `intervalMs`, draining full batches back to back; one pass at a time per process.
 * `stop()` waits for the pass in progress.
 */
export function startOutboxDispatcher(
  deps: Deps,
  log: { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void },
  opts: DispatchOptions & { intervalMs?: number; handlers?: OutboxHandlers } = {},
): Dispatcher {
  const interval = opts.intervalMs ?? 1000;
  const o = optionsFor(deps, opts);
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const pass = async () => {
    try {
      for (;;) {
        const r = await runOutboxOnce(deps, opts.handlers ?? defaultHandlers, o);
        if (r.failed > 0) log.warn({ outbox: r }, "outbox: messages failed for good");
        if (stopped || r.claimed < o.batchSize) break;
      }
    } catch (e) {
      log.error({ err: e }, "outbox: dispatch pass failed");
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };
  const tick = () => {
    if (stopped || running) return;
    running = pass().finally(() => {
      running = undefined;
      schedule(interval);
    });
  };
  schedule(0);
  return {
    kick() {
      if (!running) schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
