/**
 * Payment orders never confirmed expire (issue #7): past its expiry, an order still pending is first checked with the
 * platform (a success that was never notified is applied like a notice), otherwise marked expired; the applicant can
 * then start a new order. A success notified after that is handled by the "paid after expiry" rule
 * (src/domain/payment/notice.ts).
 */
import type { Deps } from "../deps.js";
import { queryAndApply } from "./notices.js";
import { platformOf } from "./platform.js";

export async function expireOrders(deps: Deps, limit = 100): Promise<{ expired: number; settled: number }> {
  const now = deps.now();
  const due = await deps.db
    .selectFrom("payment_orders")
    .select(["id", "order_no", "platform_ref"])
    .where("status", "=", "pending")
    .where("expires_at", "<", now)
    .orderBy("expires_at")
    .limit(limit)
    .execute();
  let expired = 0;
  let settled = 0;
  for (const o of due) {
    if (o.platform_ref && platformOf(deps)) {
      const r = await queryAndApply(deps, o.order_no, "expiry").catch(() => undefined);
      if (r?.outcome === "applied") {
        settled++;
        continue;
      }
    }
    const n = await deps.db
      .updateTable("payment_orders")
      .set({ status: "expired", settled_by: "expiry" })
      .where("id", "=", o.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    expired += Number(n.numUpdatedRows);
  }
  return { expired, settled };
}
