/**
 * What a payment platform notice (a signed callback, or the verified answer to a status query after the browser's
 * return) does to a payment order (issue #7). Pure: the use case has already checked the signature, the merchant and
 * the replay window, loads the order and its obligation under lock, asks `judgeNotice`, and writes what it says.
 *
 * - The amount and the currency must be the order's: otherwise refused (nothing changes; reconciliation lists it).
 * - A settled order (paid, failed, cancelled, refund due): the same transaction and outcome again is a duplicate
 *   (answered as accepted, nothing changes); a notice older than the one applied is a reordered one (ignored); any
 *   other notice is refused ("already settled").
 * - A pending order takes the notice's outcome. A success settles the obligation when it is still awaiting payment;
 *   when it is not (paid at the counter meanwhile, or the dossier withdrawn or stopped), the money is owed back
 *   ("refund_due") and the dossier is left as it is.
 * - An expired order (not paid within its time): a success that still arrives is recorded as paid and settles the
 *   obligation when it is still awaiting payment, flagged late; otherwise refund due. Other outcomes are ignored.
 * - A PENDING notice changes nothing.
 */
import type { LText } from "../../shared/text.js";

export type OrderStatus = "pending" | "paid" | "failed" | "cancelled" | "expired" | "refund_due";
export type NoticeStatus = "PENDING" | "SUCCESS" | "FAILED" | "CANCELLED" | "EXPIRED";

export interface OrderState {
  status: OrderStatus;
  amount: number;
  currency: string;
  transactionId: string | null;
  expiresAt: Date;
  /** Signing time (epoch seconds) of the notice that settled the order, if any. */
  settledNoticeTs: number | null;
}

export interface NoticeFacts {
  status: NoticeStatus;
  amount: number;
  currency: string;
  transactionId: string;
  /** Epoch seconds when the platform signed it. */
  timestamp: number;
}

export type Judgement =
  | { kind: "refuse"; code: string; status: 409 | 422; message: LText }
  | { kind: "duplicate" }
  | { kind: "ignore"; reason: "pending_notice" | "reordered" | "order_closed" }
  | {
      kind: "settle";
      to: OrderStatus;
      /** Settle the dossier's financial obligation (status 6 → back to processing). */
      settleObligation: boolean;
      /** The success came after the order's expiry. */
      late: boolean;
    };

const SETTLED: OrderStatus[] = ["paid", "failed", "cancelled", "refund_due"];
const OUTCOME: Record<Exclude<NoticeStatus, "PENDING" | "SUCCESS">, OrderStatus> = {
  FAILED: "failed",
  CANCELLED: "cancelled",
  EXPIRED: "expired",
};
const sameOutcome = (o: OrderStatus, n: NoticeStatus) =>
  n === "SUCCESS" ? o === "paid" || o === "refund_due" : o === OUTCOME[n as keyof typeof OUTCOME];

export function judgeNotice(
  order: OrderState,
  notice: NoticeFacts,
  obligationAwaitingPayment: boolean,
  now: Date,
): Judgement {
  if (notice.currency !== order.currency)
    return {
      kind: "refuse",
      code: "payment_currency_mismatch",
      status: 422,
      message: {
        vi: `Loại tiền của thông báo (${notice.currency}) khác loại tiền của lệnh thanh toán (${order.currency}).`,
        en: `The notice's currency (${notice.currency}) differs from the order's (${order.currency}).`,
      },
    };
  if (notice.amount !== order.amount)
    return {
      kind: "refuse",
      code: "payment_amount_mismatch",
      status: 422,
      message: {
        vi: `Số tiền của thông báo (${notice.amount} đồng) khác số tiền của lệnh thanh toán (${order.amount} đồng); không ghi nhận.`,
        en: `The notice's amount (${notice.amount} VND) differs from the order's (${order.amount} VND); not recorded.`,
      },
    };
  if (SETTLED.includes(order.status)) {
    if (order.transactionId === notice.transactionId && sameOutcome(order.status, notice.status))
      return { kind: "duplicate" };
    if (notice.status === "PENDING") return { kind: "ignore", reason: "pending_notice" };
    if (order.settledNoticeTs !== null && notice.timestamp < order.settledNoticeTs)
      return { kind: "ignore", reason: "reordered" };
    return {
      kind: "refuse",
      code: "payment_order_settled",
      status: 409,
      message: {
        vi: "Lệnh thanh toán đã được quyết toán trước đó; thông báo này không được ghi nhận.",
        en: "The payment order was already settled; this notice is not recorded.",
      },
    };
  }
  if (notice.status === "PENDING") return { kind: "ignore", reason: "pending_notice" };
  const late = order.status === "expired" || now.getTime() > order.expiresAt.getTime();
  if (notice.status === "SUCCESS")
    return obligationAwaitingPayment
      ? { kind: "settle", to: "paid", settleObligation: true, late }
      : { kind: "settle", to: "refund_due", settleObligation: false, late };
  if (order.status === "expired") return { kind: "ignore", reason: "order_closed" };
  return { kind: "settle", to: OUTCOME[notice.status], settleObligation: false, late: false };
}
