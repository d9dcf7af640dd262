/**
 * Daily reconciliation of online payments against the platform's settlement file (issue #7): matched days, every
 * kind of mismatch listed on the office page and in the API for administrators and supervisors (others refused),
 * the platform unreachable recorded as the run's error, the daily job running a day once, and the expiry job.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentPlatform } from "../../src/adapters/payment/client.js";
import { startPayment } from "../../src/app/payments/orders.js";
import { reconcileDay } from "../../src/app/payments/reconcile.js";
import { reconcileYesterday } from "../../src/jobs/payments.js";
import { as, vn } from "./office-fixtures.js";
import { MERCHANT, type PaymentWorld, paymentWorld, platformRef, SECRET } from "./payment-fixtures.js";

let w: PaymentWorld;
beforeAll(async () => {
  w = await paymentWorld();
});
afterAll(() => w?.close());

async function paidOnline(opts: { drop?: boolean } = {}) {
  const id = await w.owing();
  const started = await startPayment(w.ctx.deps, w.citizen, id);
  w.sb.setNoticeMode(opts.drop ? "drop" : "normal");
  try {
    await w.sb.pay(platformRef(started.paymentUrl), "success");
  } finally {
    w.sb.setNoticeMode("normal");
  }
  return { id, orderNo: started.orderNo };
}

describe("reconciliation", () => {
  it("a day where everything matches, then every kind of mismatch, on the page and in the API", async () => {
    const a = await paidOnline();
    const b = await paidOnline();
    const matched = await reconcileDay(w.ctx.deps, "2026-03-03");
    expect(matched).toMatchObject({
      settledCount: 2,
      localCount: 2,
      settledAmount: 140000,
      mismatches: [],
      error: null,
    });

    // settled at the platform, never notified here
    const c = await paidOnline({ drop: true });
    // an amount recorded here that is not what was settled
    await w.ctx.deps.db
      .updateTable("payment_orders")
      .set({ amount: 60000 })
      .where("order_no", "=", b.orderNo)
      .execute();
    // an order the platform settled that motcua never created (its notice was refused as unknown)
    const stranger = paymentPlatform({ baseUrl: w.sb.url, merchantCode: MERCHANT, secret: SECRET });
    const created = await stranger.createOrder({
      orderId: "TT260303FOREIGN",
      amount: 5000,
      description: "Không phải lệnh của hệ thống",
      returnUrl: "http://127.0.0.1:1/x",
      notifyUrl: `${w.ctx.deps.config.baseUrl}/api/integration/payment/notify`,
      expireAt: new Date(w.ctx.deps.now().getTime() + 600_000).toISOString(),
    });
    await w.sb.pay(created.platformRef, "success");

    w.ctx.setNow(new Date(w.ctx.deps.now().getTime() + 60_000));
    const res = await w.ctx.app.inject({
      method: "POST",
      url: "/api/office/payments/reconciliations",
      headers: await as(w.ctx, w.s.supervisor),
      payload: { day: "2026-03-03" },
    });
    expect(res.statusCode).toBe(201);
    const run = res.json();
    expect(run.mismatches.map((m: { kind: string; orderId: string }) => [m.kind, m.orderId])).toEqual(
      [
        ["amount_mismatch", b.orderNo],
        ["not_paid_locally", c.orderNo],
        ["missing_locally", "TT260303FOREIGN"],
      ].sort((x, y) => x[1].localeCompare(y[1]) || x[0].localeCompare(y[0])),
    );
    expect(run).toMatchObject({ settledCount: 4, settledAmount: 215000 });
    expect(a.orderNo).toBeTruthy();
    const audit = await w.ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "payment.reconcile")
      .execute();
    expect(audit).toEqual([expect.objectContaining({ actor_id: w.s.supervisor.id, target: "2026-03-03" })]);

    const page = await w.ctx.app.inject({
      method: "GET",
      url: "/office/thanh-toan",
      headers: await as(w.ctx, w.s.admin),
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Đối soát thanh toán trực tuyến");
    expect(page.body).toContain("03/03/2026");
    expect(page.body).toContain("3 chênh lệch");
    expect(page.body).toContain("Nền tảng đã quyết toán, hệ thống không có");
    expect(page.body).toContain("Số tiền khác nhau");
    expect(page.body).toContain("TT260303FOREIGN");
    // the refused notice of the foreign order is listed too
    expect(page.body).toContain("unknown_order");
  });

  it("only administrators and supervisors; a bad day is refused; nothing is run", async () => {
    const count = async () => (await w.ctx.deps.db.selectFrom("payment_reconciliations").select("id").execute()).length;
    const before = await count();
    const denied = await w.ctx.app.inject({
      method: "POST",
      url: "/api/office/payments/reconciliations?lang=en",
      headers: await as(w.ctx, w.s.receiving),
      payload: { day: "2026-03-04" },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toBe(
      "Only administrators and supervisors may see and run the online payment reconciliation.",
    );
    const page = await w.ctx.app.inject({
      method: "GET",
      url: "/office/thanh-toan",
      headers: await as(w.ctx, w.s.leader),
    });
    expect(page.statusCode).toBe(403);
    const bad = await w.ctx.app.inject({
      method: "POST",
      url: "/office/thanh-toan/doi-soat",
      headers: { ...(await as(w.ctx, w.s.admin)), "content-type": "application/x-www-form-urlencoded" },
      payload: "day=2026-02-31",
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain("Ngày không hợp lệ");
    expect(await count()).toBe(before);
  });

  it("the platform unreachable: the run records the error; the daily job reconciles yesterday once", async () => {
    w.ctx.setNow(vn("2026-03-06 01:00"));
    w.sb.setFault("error");
    const failed = await reconcileDay(w.ctx.deps, "2026-03-05");
    w.sb.setFault("none");
    expect(failed.error).toContain("SANDBOX: simulated failure");
    w.ctx.setNow(vn("2026-03-06 02:00"));
    expect(await reconcileYesterday(w.ctx.deps)).toBe("2026-03-05");
    expect(await reconcileYesterday(w.ctx.deps)).toBeUndefined();
    const list = await w.ctx.app.inject({
      method: "GET",
      url: "/api/office/payments/reconciliations",
      headers: await as(w.ctx, w.s.supervisor),
    });
    expect(list.json().runs.find((r: { day: string }) => r.day === "2026-03-05")).toMatchObject({
      error: null,
      mismatches: [],
    });
  });
});
