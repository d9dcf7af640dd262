/**
 * Daily reconciliation of online payments (issue #7): the platform's settlement file of a Vietnamese day against the
 * orders motcua recorded as paid that day (and any order the file names), compared by the pure rule
 * (`reconcile`, src/domain/payment/reconcile.ts). Each run is kept with its mismatches; nothing is corrected
 * automatically. Administrators and supervisors read the runs and may run a day again (audited).
 */
import { addDays, dayStartMs, isValidDay, vnDay } from "../../domain/calendar/days.js";
import type { Role } from "../../domain/catalogue.js";
import { type LocalPayment, type Mismatch, reconcile } from "../../domain/payment/reconcile.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { fieldError, forbidden } from "../errors.js";
import { auditOfficer } from "../officers.js";
import { requirePlatform } from "./platform.js";

export const RECONCILE_READERS: Role[] = ["admin", "supervisor"];

export function authoriseReconciliation(officer: Pick<Officer, "roles">): void {
  if (!officer.roles.some((r) => RECONCILE_READERS.includes(r)))
    throw forbidden("reconciliation_forbidden", {
      vi: "Chỉ quản trị viên và cán bộ giám sát được xem và chạy đối soát thanh toán trực tuyến.",
      en: "Only administrators and supervisors may see and run the online payment reconciliation.",
    });
}

export interface ReconciliationRun {
  id: string;
  day: string;
  runAt: Date;
  settledCount: number;
  localCount: number;
  settledAmount: number;
  localAmount: number;
  mismatches: Mismatch[];
  error: string | null;
}

const LOCAL: Record<string, LocalPayment["status"]> = {
  paid: "paid",
  refund_due: "paid",
  pending: "pending",
  failed: "failed",
  cancelled: "cancelled",
  expired: "expired",
};

/** Reconciles one Vietnamese day (yyyy-mm-dd) and stores the run. A platform failure is stored as the run's error. */
export async function reconcileDay(deps: Deps, day: string): Promise<ReconciliationRun> {
  if (!isValidDay(day))
    throw fieldError("day", {
      vi: "Ngày không hợp lệ (định dạng năm-tháng-ngày, ví dụ 2026-12-01).",
      en: "Not a valid day (year-month-day).",
    });
  const platform = requirePlatform(deps);
  const from = new Date(dayStartMs(day));
  const to = new Date(dayStartMs(addDays(day, 1)));
  let settled: Awaited<ReturnType<typeof platform.settlement>> = [];
  let error: string | null = null;
  try {
    settled = await platform.settlement(day);
  } catch (e) {
    error = (e as Error).message.slice(0, 500);
  }
  const names = settled.map((s) => s.orderId);
  const rows = await deps.db
    .selectFrom("payment_orders")
    .select(["order_no", "amount", "status", "transaction_id", "paid_at"])
    .where((eb) =>
      eb.or([
        eb.and([eb("paid_at", ">=", from), eb("paid_at", "<", to)]),
        ...(names.length ? [eb("order_no", "in", names)] : []),
      ]),
    )
    .execute();
  const local: LocalPayment[] = rows.map((r) => ({
    orderId: r.order_no,
    amount: r.amount,
    // paid on another day: not this day's (the file of that day lists it)
    status:
      LOCAL[r.status] === "paid" && r.paid_at && (r.paid_at < from || r.paid_at >= to) && !names.includes(r.order_no)
        ? "pending"
        : LOCAL[r.status],
    ...(r.transaction_id ? { transactionId: r.transaction_id } : {}),
  }));
  const mismatches = error ? [] : reconcile(local, settled);
  const paidLocal = local.filter((l) => l.status === "paid" && rows.find((r) => r.order_no === l.orderId)?.paid_at);
  const run = await deps.db
    .insertInto("payment_reconciliations")
    .values({
      day,
      run_at: deps.now(),
      settled_count: settled.length,
      local_count: paidLocal.length,
      settled_amount: settled.reduce((s, r) => s + r.amount, 0),
      local_amount: paidLocal.reduce((s, r) => s + r.amount, 0),
      mismatches: JSON.stringify(mismatches),
      error,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRun(run);
}

function toRun(r: {
  id: string;
  day: string;
  run_at: Date;
  settled_count: number;
  local_count: number;
  settled_amount: number;
  local_amount: number;
  mismatches: unknown;
  error: string | null;
}): ReconciliationRun {
  return {
    id: r.id,
    day: r.day,
    runAt: r.run_at,
    settledCount: r.settled_count,
    localCount: r.local_count,
    settledAmount: r.settled_amount,
    localAmount: r.local_amount,
    mismatches: (r.mismatches ?? []) as Mismatch[],
    error: r.error,
  };
}

/** The latest run of each of the last `days` days that have one, newest first. */
export async function listReconciliations(
  deps: Deps,
  officer: Pick<Officer, "roles">,
  days = 30,
): Promise<ReconciliationRun[]> {
  authoriseReconciliation(officer);
  const since = addDays(vnDay(deps.now()), -days);
  const rows = await deps.db
    .selectFrom("payment_reconciliations")
    .selectAll()
    .where("day", ">=", since)
    .orderBy("day", "desc")
    .orderBy("run_at", "desc")
    .execute();
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.day) && seen.add(r.day)).map(toRun);
}

/** An administrator or supervisor runs a day again (audited). */
export async function runReconciliation(
  deps: Deps,
  officer: Officer,
  day: string,
  meta: { ip?: string | null } = {},
): Promise<ReconciliationRun> {
  authoriseReconciliation(officer);
  const run = await reconcileDay(deps, day);
  await auditOfficer(deps, {
    actorId: officer.id,
    unitId: officer.unitId,
    action: "payment.reconcile",
    target: day,
    ip: meta.ip ?? null,
    data: { mismatches: run.mismatches.length, error: run.error },
  });
  return run;
}

/** The day the daily job reconciles: yesterday, Vietnam time. */
export const yesterday = (now: Date) => addDays(vnDay(now), -1);

/** What needs following up besides the mismatches: payments to refund, and notices refused in the last days. */
export async function paymentFollowUp(deps: Deps, officer: Pick<Officer, "roles">, days = 7) {
  authoriseReconciliation(officer);
  const since = new Date(deps.now().getTime() - days * 86_400_000);
  const [refunds, refused] = await Promise.all([
    deps.db
      .selectFrom("payment_orders as o")
      .innerJoin("dossiers as d", "d.id", "o.dossier_id")
      .select(["o.order_no", "o.dossier_id", "d.code", "d.reference", "o.amount", "o.paid_at", "o.transaction_id"])
      .where("o.status", "=", "refund_due")
      .orderBy("o.paid_at", "desc")
      .limit(200)
      .execute(),
    deps.db
      .selectFrom("payment_notices")
      .select(["received_at", "order_no", "amount", "reason"])
      .where("outcome", "=", "refused")
      .where("received_at", ">=", since)
      .orderBy("received_at", "desc")
      .limit(50)
      .execute(),
  ]);
  return {
    refunds: refunds.map((r) => ({
      orderNo: r.order_no,
      dossierId: r.dossier_id,
      dossierCode: r.code ?? r.reference,
      amount: r.amount,
      paidAt: r.paid_at,
      transactionId: r.transaction_id,
    })),
    refused: refused.map((r) => ({
      receivedAt: r.received_at,
      orderNo: r.order_no,
      amount: r.amount,
      reason: r.reason,
    })),
  };
}
