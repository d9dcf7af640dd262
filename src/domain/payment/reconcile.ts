/**
 * Daily reconciliation of online payments (issue #7): what the province recorded against the platform's settlement
 * file for the same day. Every difference is listed; nothing is corrected automatically.
 */

export interface LocalPayment {
  orderId: string;
  amount: number;
  /** What the province believes: settled (paid) or not. */
  status: "paid" | "pending" | "failed" | "cancelled" | "expired";
  transactionId?: string;
}

export interface SettledPayment {
  orderId: string;
  transactionId: string;
  amount: number;
}

export type Mismatch =
  | { kind: "missing_locally"; orderId: string; platform: SettledPayment }
  | { kind: "missing_at_platform"; orderId: string; local: LocalPayment }
  | { kind: "amount_mismatch"; orderId: string; local: LocalPayment; platform: SettledPayment }
  | { kind: "not_paid_locally"; orderId: string; local: LocalPayment; platform: SettledPayment }
  | { kind: "transaction_mismatch"; orderId: string; local: LocalPayment; platform: SettledPayment };

/** Compares the day's locally paid orders (and any local order the platform settled) with the settlement rows. */
export function reconcile(local: LocalPayment[], settled: SettledPayment[]): Mismatch[] {
  const out: Mismatch[] = [];
  const byOrder = new Map(local.map((p) => [p.orderId, p]));
  const seen = new Set<string>();
  for (const s of settled) {
    seen.add(s.orderId);
    const l = byOrder.get(s.orderId);
    if (!l) out.push({ kind: "missing_locally", orderId: s.orderId, platform: s });
    else if (l.status !== "paid") out.push({ kind: "not_paid_locally", orderId: s.orderId, local: l, platform: s });
    else if (l.amount !== s.amount) out.push({ kind: "amount_mismatch", orderId: s.orderId, local: l, platform: s });
    else if (l.transactionId && l.transactionId !== s.transactionId)
      out.push({ kind: "transaction_mismatch", orderId: s.orderId, local: l, platform: s });
  }
  for (const l of local)
    if (l.status === "paid" && !seen.has(l.orderId))
      out.push({ kind: "missing_at_platform", orderId: l.orderId, local: l });
  return out.sort((a, b) => a.orderId.localeCompare(b.orderId) || a.kind.localeCompare(b.kind));
}
