import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PaymentPlatformError, paymentPlatform } from "../../src/adapters/payment/client.js";
import { canonical, sign } from "../../src/adapters/payment/protocol.js";
import { reconcile } from "../../src/domain/payment/reconcile.js";
import { type PaymentSandbox, startPaymentSandbox } from "../../src/sandboxes/payment/server.js";
import { startCaptureServer } from "../helpers/capture-server.js";

let sb: PaymentSandbox;
let hook: Awaited<ReturnType<typeof startCaptureServer>>;
let hookUrl: string;
const received = () => hook.calls.map((c) => JSON.parse(c.body) as unknown);
const SECRET = "merchant-secret-for-tests";
const platform = () => paymentPlatform({ baseUrl: sb.url, merchantCode: "H26", secret: SECRET });
let n = 0;
const order = (over: Record<string, unknown> = {}) => ({
  orderId: `ORD-${Date.now()}-${++n}`,
  amount: 8000,
  description: "Lệ phí đăng ký khai sinh - 000.00.12.H26-261204-0001",
  returnUrl: "http://127.0.0.1:1/thanh-toan/ket-qua",
  notifyUrl: hookUrl,
  expireAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  ...over,
});

beforeAll(async () => {
  hook = await startCaptureServer(JSON.stringify({ code: "00" }));
  hookUrl = `${hook.url}/notify`;
  sb = await startPaymentSandbox({ port: 0, merchants: [{ code: "H26", secret: SECRET }] });
});
afterAll(async () => {
  await sb.close();
  await hook.close();
});
beforeEach(() => {
  hook.clear();
  sb.setFault("none");
  sb.setNoticeMode("normal");
});

describe("payment platform sandbox and the province's client", () => {
  it("creates an order idempotently, pays it, and sends a signed notice the client accepts", async () => {
    const p = platform();
    const o = order();
    const created = await p.createOrder(o);
    expect(created.paymentUrl).toBe(`${sb.url}/pay/${created.platformRef}`);
    expect((await p.createOrder(o)).platformRef).toBe(created.platformRef);
    await expect(p.createOrder({ ...o, amount: 9000 })).rejects.toThrow("04");
    const page = await (await fetch(created.paymentUrl)).text();
    expect(page).toContain("SANDBOX");
    expect(page).toContain("8.000 ₫");
    const back = await sb.pay(created.platformRef, "success");
    expect(received()).toHaveLength(1);
    const check = p.checkNotice(received()[0], new Date());
    expect(check.ok).toBe(true);
    expect(check.ok && check.notice).toMatchObject({ orderId: o.orderId, amount: 8000, status: "SUCCESS" });
    const ret = Object.fromEntries(new URL(back.returnUrl).searchParams);
    expect(ret.status).toBe("SUCCESS");
    expect(await p.queryOrder(o.orderId)).toMatchObject({ status: "SUCCESS", amount: 8000 });
    await expect(sb.pay(created.platformRef, "success")).rejects.toThrow("SUCCESS");
  });

  it("refuses unsigned or wrongly signed orders, unknown merchants and bad fields", async () => {
    const body = { ...order(), merchantCode: "H26", currency: "VND" };
    const forged = { ...sign(body, "not-the-secret") };
    const r1 = await fetch(`${sb.url}/api/v1/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(forged),
    });
    expect(r1.status).toBe(401);
    await expect(
      paymentPlatform({ baseUrl: sb.url, merchantCode: "H99", secret: SECRET }).createOrder(order()),
    ).rejects.toThrow("01");
    const bad = await platform()
      .createOrder(order({ amount: -5, notifyUrl: "javascript:alert(1)" }))
      .catch((e) => e);
    expect(bad).toBeInstanceOf(PaymentPlatformError);
    expect((bad as Error).message).toContain("amount, notifyUrl");
  });

  it("the client refuses forged, foreign, malformed and stale notices", async () => {
    const p = platform();
    const good = sign(
      {
        merchantCode: "H26",
        orderId: "ORD-1",
        platformRef: "PG1",
        transactionId: "TX1",
        amount: 8000,
        currency: "VND",
        status: "SUCCESS",
        method: "bank",
        timestamp: Math.floor(Date.now() / 1000),
      },
      SECRET,
    );
    expect(p.checkNotice(good, new Date()).ok).toBe(true);
    expect(p.checkNotice({ ...good, amount: 1 }, new Date())).toEqual({ ok: false, reason: "bad_signature" });
    expect(p.checkNotice(sign({ ...good, merchantCode: "H01" }, SECRET), new Date())).toEqual({
      ok: false,
      reason: "other_merchant",
    });
    expect(p.checkNotice(sign({ ...good, amount: "8000" }, SECRET), new Date())).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(p.checkNotice(good, new Date(Date.now() + 3600_000))).toEqual({ ok: false, reason: "stale" });
    expect(canonical({ b: 1, a: "x", signature: "s", c: null })).toBe("a=x&b=1");
  });

  it("duplicate notices, an expired order, a dropped notice recovered by query, and the settlement file", async () => {
    const p = platform();
    sb.setNoticeMode("duplicate");
    const o1 = order();
    const c1 = await p.createOrder(o1);
    await sb.pay(c1.platformRef, "success");
    expect(received()).toHaveLength(2);
    expect(received()[0]).toEqual(received()[1]);

    const expired = await p.createOrder(order({ expireAt: new Date(Date.now() - 1000).toISOString() }));
    await expect(sb.pay(expired.platformRef, "success")).rejects.toThrow("EXPIRED");

    sb.setNoticeMode("drop");
    const o3 = order();
    const c3 = await p.createOrder(o3);
    hook.clear();
    await sb.pay(c3.platformRef, "success");
    expect(received()).toHaveLength(0);
    expect((await p.queryOrder(o3.orderId)).status).toBe("SUCCESS");

    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const rows = await p.settlement(today);
    expect(rows.map((r) => r.orderId)).toEqual(expect.arrayContaining([o1.orderId, o3.orderId]));
    const mismatches = reconcile(
      [
        { orderId: o1.orderId, amount: 8000, status: "paid" },
        { orderId: o3.orderId, amount: 8000, status: "pending" },
        { orderId: "ORD-LOCAL-ONLY", amount: 5000, status: "paid" },
      ],
      rows,
    );
    const kinds = Object.fromEntries(mismatches.map((m) => [m.orderId, m.kind]));
    expect(kinds[o3.orderId]).toBe("not_paid_locally");
    expect(kinds["ORD-LOCAL-ONLY"]).toBe("missing_at_platform");
    expect(kinds[o1.orderId]).toBeUndefined();
    sb.setFault("error");
    await expect(p.queryOrder(o1.orderId)).rejects.toThrow("99");
  });
});

describe("reconcile", () => {
  it("lists every kind of difference and nothing when both sides agree", () => {
    const s = (orderId: string, amount: number, transactionId = `T-${orderId}`) => ({ orderId, amount, transactionId });
    expect(reconcile([{ orderId: "A", amount: 10, status: "paid", transactionId: "T-A" }], [s("A", 10)])).toEqual([]);
    const m = reconcile(
      [
        { orderId: "A", amount: 10, status: "paid" },
        { orderId: "B", amount: 10, status: "paid", transactionId: "T-X" },
        { orderId: "C", amount: 10, status: "paid" },
      ],
      [s("A", 12), s("B", 10), s("D", 5)],
    );
    expect(m.map((x) => `${x.orderId}:${x.kind}`)).toEqual([
      "A:amount_mismatch",
      "B:transaction_mismatch",
      "C:missing_at_platform",
      "D:missing_locally",
    ]);
  });
});
