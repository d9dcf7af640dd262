import { sql } from "kysely";
import { EMC_TOPIC, emcPushHandler } from "../app/emc.js";
import type { Deps } from "../app/deps.js";
import { pullNationalSubmissions } from "../app/national-portal/inbound.js";
import { INBOUND_TOPIC, nationalSyncHandler, SYNC_TOPIC } from "../app/national-portal/sync.js";
import { RetryLater } from "../app/outbox.js";
import { notifyStatus } from "./notify.js";
import { notifyRating } from "./notify-rating.js";

/**
 * Outbox dispatcher. Messages are queued by use cases in their own transaction (src/app/outbox.ts); this delivers
 * them:
 *
 * 1. claim: in a short transaction, pick due rows (`done_at is null and failed_at is null and available_at <= now
 *    and (locked_until is null or locked_until < now)`) with `for update skip locked`, and lease them
 *    (`locked_until = now + lease`, `attempts + 1`). Concurrent dispatchers (threads, nodes) never get the same row.
 * 2. run the topic's handler, outside any transaction (it may call a slow SMTP server without holding a
 *    connection — PGlite has only one).
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
}

export const DISPATCH_DEFAULTS: Required<DispatchOptions> = {
  batchSize: 10,
  leaseSeconds: 120,
  maxAttempts: 8,
  backoffBaseSeconds: 30,
  backoffCapSeconds: 3600,
  handlerTimeoutSeconds: 60,
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
  return deps.db.transaction().execute(async (trx) => {
    const due = await trx
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
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable("outbox")
      .set({
        // Milliseconds only, so the lease read back into a JS Date compares equal when we mark the row.
        locked_until: sql`date_trunc('milliseconds', ${now} + make_interval(secs => ${o.leaseSeconds}))`,
        attempts: sql`attempts + 1`,
      })
      .where(
        "id",
        "in",
        due.map((r) => r.id),
      )
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
  });
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
  const o = { ...DISPATCH_DEFAULTS, ...options };
  const rows = await claim(deps, o);
  const result: DispatchResult = { claimed: rows.length, done: 0, retried: 0, failed: 0 };
  for (const row of rows) {
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
      continue;
    }
    if (error === undefined) {
      await deps.db
        .updateTable("outbox")
        .set({ done_at: clock(deps), locked_until: null, last_error: null })
        .where("id", "=", row.id)
        .where("locked_until", "=", lease)
        .execute();
      result.done++;
      continue;
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
  }
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
  "notify.rating": notifyRating,
  [SYNC_TOPIC]: nationalSyncHandler,
  [EMC_TOPIC]: emcPushHandler,
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
  const o = { ...DISPATCH_DEFAULTS, ...opts };
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
