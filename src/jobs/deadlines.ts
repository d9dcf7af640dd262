/**
 * The deadline watcher (issue #3, late handling): marks dossiers whose clock runs (received, processing) as due soon
 * — the rule set's `dueSoonWorkingHours` (default 1 working day) before their due instant — and as overdue once it has
 * passed. Each change is one short transaction (row lock, re-check, update, history event by the system), so the
 * watcher can run on several nodes at once (`skip locked`) and be interrupted at any point.
 */
import type { FastifyBaseLogger } from "fastify";
import { getCalendar } from "../app/calendar.js";
import type { Deps } from "../app/deps.js";
import { appendEvent, SYSTEM } from "../app/history.js";
import { DEFAULT_RULES, type RuleSet } from "../domain/rules.js";

const RUNNING = [2, 4] as const;

export interface WatchResult {
  dueSoon: number;
  overdue: number;
}

async function mark(deps: Deps, id: string, to: "due_soon" | "overdue", now: Date, threshold: Date): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom("dossiers")
      .select(["id", "status", "due_at", "due_state", "last_event_seq", "last_event_hash"])
      .where("id", "=", id)
      .forNoKeyUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!d?.due_at || !(RUNNING as readonly number[]).includes(d.status)) return false;
    const still =
      to === "overdue"
        ? d.due_at.getTime() < now.getTime() && d.due_state !== "overdue"
        : d.due_at.getTime() <= threshold.getTime() && (d.due_state === "none" || d.due_state === "ok");
    if (!still) return false;
    await trx.updateTable("dossiers").set({ due_state: to }).where("id", "=", id).execute();
    await appendEvent(trx, d, SYSTEM, {
      type: to === "overdue" ? "deadline_overdue" : "deadline_due_soon",
      at: now,
      fromStatus: d.status,
      toStatus: d.status,
      data: { dueAt: d.due_at.toISOString(), changes: { due_state: { from: d.due_state, to } } },
    });
    return true;
  });
}

/** One pass over the dossiers whose due state must change; returns how many were marked. */
export async function runDeadlineWatch(deps: Deps, opts: { batch?: number } = {}): Promise<WatchResult> {
  const batch = opts.batch ?? 200;
  const cal = await getCalendar(deps);
  const now = deps.now();
  const result: WatchResult = { dueSoon: 0, overdue: 0 };

  // overdue first: a dossier past its due instant is never reported as merely due soon
  for (;;) {
    const rows = await deps.db
      .selectFrom("dossiers")
      .select("id")
      .where("status", "in", [...RUNNING])
      .where("due_state", "in", ["none", "ok", "due_soon"])
      .where("due_at", "<", now)
      .orderBy("due_at")
      .limit(batch)
      .execute();
    let marked = 0;
    for (const r of rows) if (await mark(deps, r.id, "overdue", now, now)) marked++;
    result.overdue += marked;
    if (rows.length < batch || marked === 0) break;
  }

  const ruleSets = await deps.db.selectFrom("rule_sets").select(["code", "rules"]).execute();
  for (const rs of ruleSets) {
    const rules: RuleSet = { ...DEFAULT_RULES, ...(rs.rules ?? {}) };
    const threshold = cal.addWorkingHours(now, rules.dueSoonWorkingHours);
    for (;;) {
      const rows = await deps.db
        .selectFrom("dossiers")
        .select("id")
        .where("status", "in", [...RUNNING])
        .where("due_state", "in", ["none", "ok"])
        .where("due_at", ">=", now)
        .where("due_at", "<=", threshold)
        .where("rule_set_code", "=", rs.code)
        .orderBy("due_at")
        .limit(batch)
        .execute();
      let marked = 0;
      for (const r of rows) if (await mark(deps, r.id, "due_soon", now, threshold)) marked++;
      result.dueSoon += marked;
      if (rows.length < batch || marked === 0) break;
    }
  }
  return result;
}

/** Runs the watcher every `intervalMs` (never two passes at once in this process). */
export function startDeadlineWatcher(
  deps: Deps,
  log: FastifyBaseLogger,
  opts: { intervalMs?: number } = {},
): { stop: () => Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runDeadlineWatch(deps)
      .then((r) => {
        if (r.dueSoon || r.overdue) log.info(r, "deadlines: marked");
      })
      .catch((err) => log.error({ err }, "deadlines: watch failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      if (running) await running;
    },
  };
}
