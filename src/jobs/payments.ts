/**
 * Online payment jobs (issue #7): every minute, pending payment orders past their expiry are checked with the platform
 * and expired (src/app/payments/expiry.ts); every hour, if yesterday (Vietnam time) has no reconciliation run yet, it
 * is reconciled against the platform's settlement file (src/app/payments/reconcile.ts). Off when the province is not
 * connected to the payment platform. Safe on several nodes: expiry updates only still-pending rows, and a second
 * reconciliation of a day only adds a run.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Deps } from "../app/deps.js";
import { expireOrders } from "../app/payments/expiry.js";
import { platformOf } from "../app/payments/platform.js";
import { reconcileDay, yesterday } from "../app/payments/reconcile.js";

/** Reconciles yesterday unless it already has a run; returns the day reconciled, if any. */
export async function reconcileYesterday(deps: Deps): Promise<string | undefined> {
  const day = yesterday(deps.now());
  const done = await deps.db
    .selectFrom("payment_reconciliations")
    .select("id")
    .where("day", "=", day)
    .where("error", "is", null)
    .executeTakeFirst();
  if (done) return undefined;
  await reconcileDay(deps, day);
  return day;
}

export function startPaymentJobs(
  deps: Deps,
  log: FastifyBaseLogger,
  opts: { expiryMs?: number; reconcileMs?: number } = {},
): () => Promise<void> {
  if (!platformOf(deps)) return async () => {};
  let running: Promise<unknown> = Promise.resolve();
  const run = (name: string, f: () => Promise<unknown>) => {
    running = running
      .then(f)
      .then((r) => r && log.info({ result: r }, `payments: ${name}`))
      .catch((err) => log.error({ err }, `payments: ${name} failed`));
  };
  const expiry = setInterval(() => run("expiry", () => expireOrders(deps)), opts.expiryMs ?? 60_000);
  const daily = setInterval(() => run("reconciliation", () => reconcileYesterday(deps)), opts.reconcileMs ?? 3_600_000);
  expiry.unref();
  daily.unref();
  return async () => {
    clearInterval(expiry);
    clearInterval(daily);
    await running;
  };
}
