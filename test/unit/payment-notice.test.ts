import { describe, expect, it } from "vitest";
import { judgeNotice, type NoticeFacts, type OrderState } from "../../src/domain/payment/notice.js";

const now = new Date("2026-03-03T03:10:00Z");
const order = (over: Partial<OrderState> = {}): OrderState => ({
  status: "pending",
  amount: 70000,
  currency: "VND",
  transactionId: null,
  expiresAt: new Date("2026-03-03T03:15:00Z"),
  settledNoticeTs: null,
  ...over,
});
const notice = (over: Partial<NoticeFacts> = {}): NoticeFacts => ({
  status: "SUCCESS",
  amount: 70000,
  currency: "VND",
  transactionId: "TX1",
  timestamp: 1_772_507_400,
  ...over,
});

describe("judgeNotice (what a platform notice does to an order)", () => {
  it("a success on a pending order settles the awaited obligation; otherwise the money is owed back", () => {
    expect(judgeNotice(order(), notice(), true, now)).toEqual({
      kind: "settle",
      to: "paid",
      settleObligation: true,
      late: false,
    });
    expect(judgeNotice(order(), notice(), false, now)).toMatchObject({ to: "refund_due", settleObligation: false });
  });

  it("failure, cancellation and expiry close the order and leave the obligation awaiting", () => {
    for (const [s, to] of [
      ["FAILED", "failed"],
      ["CANCELLED", "cancelled"],
      ["EXPIRED", "expired"],
    ] as const)
      expect(judgeNotice(order(), notice({ status: s }), true, now)).toEqual({
        kind: "settle",
        to,
        settleObligation: false,
        late: false,
      });
    expect(judgeNotice(order(), notice({ status: "PENDING" }), true, now)).toEqual({
      kind: "ignore",
      reason: "pending_notice",
    });
  });

  it("refuses an amount or currency that is not the order's", () => {
    expect(judgeNotice(order(), notice({ amount: 7000 }), true, now)).toMatchObject({
      kind: "refuse",
      code: "payment_amount_mismatch",
      status: 422,
    });
    expect(judgeNotice(order(), notice({ currency: "USD" }), true, now)).toMatchObject({
      code: "payment_currency_mismatch",
    });
  });

  it("settled order: duplicate, reordered (older) notice ignored, anything else refused", () => {
    const paid = order({ status: "paid", transactionId: "TX1", settledNoticeTs: 1_772_507_400 });
    expect(judgeNotice(paid, notice(), false, now)).toEqual({ kind: "duplicate" });
    expect(
      judgeNotice(paid, notice({ status: "FAILED", transactionId: "TX0", timestamp: 1_772_507_300 }), false, now),
    ).toEqual({ kind: "ignore", reason: "reordered" });
    expect(judgeNotice(paid, notice({ transactionId: "TX2", timestamp: 1_772_507_500 }), false, now)).toMatchObject({
      kind: "refuse",
      code: "payment_order_settled",
      status: 409,
    });
    const failed = order({ status: "failed", transactionId: "TX1", settledNoticeTs: 1_772_507_400 });
    expect(judgeNotice(failed, notice({ status: "FAILED" }), true, now)).toEqual({ kind: "duplicate" });
    expect(judgeNotice(failed, notice({ transactionId: "TX9", timestamp: 1_772_507_500 }), true, now)).toMatchObject({
      code: "payment_order_settled",
    });
  });

  it("a success after expiry: paid late when still awaited, refund due when not; other outcomes ignored", () => {
    const expired = order({ status: "expired" });
    expect(judgeNotice(expired, notice(), true, now)).toEqual({
      kind: "settle",
      to: "paid",
      settleObligation: true,
      late: true,
    });
    expect(judgeNotice(expired, notice(), false, now)).toMatchObject({ to: "refund_due", late: true });
    expect(judgeNotice(expired, notice({ status: "FAILED" }), true, now)).toEqual({
      kind: "ignore",
      reason: "order_closed",
    });
    // still pending locally but past its expiry (the job has not run yet)
    const later = new Date("2026-03-03T03:20:00Z");
    expect(judgeNotice(order(), notice(), true, later)).toMatchObject({ to: "paid", late: true });
  });
});
