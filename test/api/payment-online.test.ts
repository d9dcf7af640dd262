/**
 * Online payment through the national payment platform (issue #7), against the platform SANDBOX over HTTP: the fee
 * computed when the obligation is raised, the order, the signed callback settling the obligation through the office
 * lifecycle (clock resumed, history, outbox, Decision 766 fact), and every fault — forged, replayed, reordered,
 * duplicated notices, amounts that do not match, unknown or settled orders, a success after the order expired, the
 * platform down — each refused or absorbed with a clear message, logged, and the dossier left consistent.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireOrders } from "../../src/app/payments/expiry.js";
import { startPayment } from "../../src/app/payments/orders.js";
import { sign } from "../../src/adapters/payment/protocol.js";
import type { PaymentSandbox } from "../../src/sandboxes/payment/server.js";
import type { TestContext } from "../helpers/app.js";
import type { TestCitizen } from "../helpers/citizen.js";
import { act, as, eventsOf, ok, type Staff, submitOnline, vn } from "./office-fixtures.js";
import { MERCHANT, type PaymentWorld, paymentWorld, platformRef, SECRET } from "./payment-fixtures.js";

let w: PaymentWorld;
let ctx: TestContext;
let sb: PaymentSandbox;
let p: PaymentWorld["p"];
let s: Staff;
let citizen: TestCitizen;
let other: TestCitizen;

beforeAll(async () => {
  w = await paymentWorld();
  ({ ctx, sb, p, s, citizen, other } = w);
});
afterAll(() => w?.close());

const owing = (fees?: object) => w.owing(fees);

const dossier = (id: string) =>
  ctx.deps.db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const orderOf = (no: string) =>
  ctx.deps.db.selectFrom("payment_orders").selectAll().where("order_no", "=", no).executeTakeFirstOrThrow();
const noticesOf = (no: string) =>
  ctx.deps.db.selectFrom("payment_notices").selectAll().where("order_no", "=", no).orderBy("id").execute();

async function notify(body: object, lang?: "en") {
  const res = await ctx.app.inject({
    method: "POST",
    url: `/api/integration/payment/notify${lang ? "?lang=en" : ""}`,
    payload: body,
  });
  return { status: res.statusCode, body: res.json() as any };
}

/** A notice as the platform would sign it (or forge it with another secret). */
function notice(orderNo: string, over: Record<string, unknown> = {}, secret = SECRET) {
  return sign(
    {
      merchantCode: MERCHANT,
      orderId: orderNo,
      platformRef: "PG0000",
      transactionId: `TX-${orderNo}`,
      amount: 70000,
      currency: "VND",
      status: "SUCCESS",
      method: "bank",
      bankCode: "VCB",
      timestamp: Math.floor(ctx.deps.now().getTime() / 1000),
      ...over,
    },
    secret,
  );
}

describe("fees computed when the obligation is raised", () => {
  it("fixed + per copy, lines stored with the obligation; an exempt applicant owes only the copies", async () => {
    const id = await owing({ copies: 2 });
    const ob = await ctx.deps.db
      .selectFrom("payment_obligations")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(ob.amount).toBe(70000);
    expect(ob.description).toBe("Lệ phí cấp giấy xác nhận; Phí cấp bản sao – Thủ tục thử nghiệm cấp giấy xác nhận");
    expect((ob.lines as any[]).map((l) => [l.name, l.quantity, l.amount])).toEqual([
      ["Lệ phí cấp giấy xác nhận", 1, 50000],
      ["Phí cấp bản sao", 2, 20000],
    ]);
    const exempt = await owing({ copies: 1, exemption: "poor_household" });
    const ob2 = await ctx.deps.db
      .selectFrom("payment_obligations")
      .select(["amount"])
      .where("dossier_id", "=", exempt)
      .executeTakeFirstOrThrow();
    expect(ob2.amount).toBe(10000);
  });

  it("refuses a selection that owes nothing, or names a fee the procedure lacks; nothing is written", async () => {
    ctx.setNow(vn("2026-03-02 07:50"));
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    await ok(ctx, s.receiving, id, "forward");
    const none = await act(ctx, s.deptSpecialist, id, "request_payment", {
      copies: 0,
      exemption: "poor_household",
    });
    expect(none.status).toBe(422);
    expect(none.body.error.message).toContain("Không có khoản phí, lệ phí nào phải nộp");
    const bad = await act(ctx, s.deptSpecialist, id, "request_payment", { include: [5] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([
      expect.objectContaining({ path: "body.include[0]", message: "Thủ tục không có khoản phí, lệ phí này." }),
    ]);
    expect((await dossier(id)).status).toBe(4);
    const n = await ctx.deps.db.selectFrom("payment_obligations").select("id").where("dossier_id", "=", id).execute();
    expect(n).toHaveLength(0);
  });
});

describe("paying online", () => {
  it("order → platform page → signed callback: paid, receipt number, clock resumed, history, outbox, 766 fact", async () => {
    const id = await owing();
    ctx.setNow(vn("2026-03-05 10:00"));
    const started = await startPayment(ctx.deps, citizen, id);
    expect(started.paymentUrl).toBe(`${sb.url}/pay/${platformRef(started.paymentUrl)}`);
    // continuing: the same pending order and page
    expect((await startPayment(ctx.deps, citizen, id)).orderNo).toBe(started.orderNo);
    const back = await sb.pay(platformRef(started.paymentUrl), "success", "qr");
    expect(back.returnUrl).toContain("/thanh-toan/ket-qua?");
    const o = await orderOf(started.orderNo);
    expect(o).toMatchObject({ status: "paid", amount: 70000, method: "qr", settled_by: "callback" });
    expect(o.receipt_no).toMatch(/^BL26E-\d{7}$/);
    const d = await dossier(id);
    expect(d.status).toBe(4);
    // 14 working hours were left at Tue 10:00 → from Thu 10:00: Mon 09/03 08:00
    expect(d.due_at?.toISOString()).toBe(vn("2026-03-09 08:00").toISOString());
    const evs = await eventsOf(ctx, id);
    const last = evs[evs.length - 1];
    expect(last).toMatchObject({ type: "payment_confirmed", actor_kind: "integration", from_status: 6, to_status: 4 });
    expect(last.data).toMatchObject({ method: "online", amount: 70000, order: o.id, reference: o.transaction_id });
    const ob = await ctx.deps.db
      .selectFrom("payment_obligations")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(ob).toMatchObject({ status: "paid", method: "online", order_id: o.id });
    const facts = await ctx.deps.db
      .selectFrom("dossier_facts")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(facts).toMatchObject({ payment_required: true, paid_online: true });
    const outbox = await ctx.deps.db
      .selectFrom("outbox")
      .select("payload")
      .where("dossier_id", "=", id)
      .where("topic", "=", "notify.status")
      .orderBy("id")
      .execute();
    expect(outbox.map((x) => (x.payload as any).status)).toEqual([1, 2, 4, 6, 4]);
    expect((await noticesOf(started.orderNo)).map((n) => [n.outcome, n.reason])).toEqual([["applied", "paid"]]);
    // the platform's notice is final: nothing is awaited any more
    const again = await startPayment(ctx.deps, citizen, id).catch((e) => e);
    expect(again).toMatchObject({ status: 409, code: "no_payment_awaited" });
  });

  it("a duplicated callback is applied once and answered as accepted", async () => {
    const id = await owing();
    const started = await startPayment(ctx.deps, citizen, id);
    sb.setNoticeMode("duplicate");
    try {
      await sb.pay(platformRef(started.paymentUrl), "success");
    } finally {
      sb.setNoticeMode("normal");
    }
    const sent = sb.notices().filter((n) => n.notice.orderId === started.orderNo);
    expect(sent.map((n) => n.status)).toEqual([200, 200]);
    expect(JSON.parse(sent[1].body)).toMatchObject({ code: "00", outcome: "duplicate" });
    expect((await eventsOf(ctx, id)).filter((e) => e.type === "payment_confirmed")).toHaveLength(1);
    expect((await noticesOf(started.orderNo)).map((n) => n.outcome)).toEqual(["applied", "duplicate"]);
  });

  it("a failed or cancelled payment leaves the obligation awaiting; a new order can be paid", async () => {
    const id = await owing();
    const first = await startPayment(ctx.deps, citizen, id);
    await sb.pay(platformRef(first.paymentUrl), "cancel");
    expect((await orderOf(first.orderNo)).status).toBe("cancelled");
    expect((await dossier(id)).status).toBe(6);
    const second = await startPayment(ctx.deps, citizen, id);
    expect(second.orderNo).not.toBe(first.orderNo);
    await sb.pay(platformRef(second.paymentUrl), "fail");
    expect((await orderOf(second.orderNo)).status).toBe("failed");
    const third = await startPayment(ctx.deps, citizen, id);
    await sb.pay(platformRef(third.paymentUrl), "success");
    expect((await dossier(id)).status).toBe(4);
  });

  it("only the applicant's own dossier, only when a payment is awaited", async () => {
    const id = await owing();
    await expect(startPayment(ctx.deps, other, id)).rejects.toMatchObject({ status: 404, code: "dossier_not_found" });
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${id}/payments`,
      headers: await as(ctx, other, "citizen"),
    });
    expect(res.statusCode).toBe(404);
    const n = await ctx.deps.db.selectFrom("payment_orders").select("id").where("dossier_id", "=", id).execute();
    expect(n).toHaveLength(0);
  });

  it("the platform down: a clear 503, nothing charged, the order failed; a retry works", async () => {
    const id = await owing();
    sb.setFault("error");
    const e = await startPayment(ctx.deps, citizen, id).catch((x) => x);
    sb.setFault("none");
    expect(e).toMatchObject({ status: 503, code: "payment_platform_unavailable" });
    expect(e.text.vi).toContain("chưa có khoản tiền nào được thu");
    const orders = await ctx.deps.db.selectFrom("payment_orders").selectAll().where("dossier_id", "=", id).execute();
    expect(orders.map((o) => o.status)).toEqual(["failed"]);
    const retry = await startPayment(ctx.deps, citizen, id);
    await sb.pay(platformRef(retry.paymentUrl), "success");
    expect((await dossier(id)).status).toBe(4);
  });
});

describe("faulty callbacks are refused, logged, and change nothing", () => {
  it("forged (wrong secret), unsigned, another merchant", async () => {
    const id = await owing();
    const started = await startPayment(ctx.deps, citizen, id);
    const forged = await notify(notice(started.orderNo, {}, "not-the-secret"));
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatchObject({
      code: "payment_notice_bad_signature",
      message: "Chữ ký của thông báo thanh toán không hợp lệ; thông báo bị từ chối.",
    });
    const unsigned = { ...notice(started.orderNo), signature: undefined };
    expect((await notify(unsigned, "en")).body.error.message).toBe(
      "The payment notice's signature is not valid; the notice is refused.",
    );
    const elsewhere = await notify(notice(started.orderNo, { merchantCode: "OTHER" }));
    expect(elsewhere.body.error.code).toBe("payment_notice_other_merchant");
    expect((await orderOf(started.orderNo)).status).toBe("pending");
    expect((await dossier(id)).status).toBe(6);
    expect((await noticesOf(started.orderNo)).map((n) => [n.outcome, n.reason])).toEqual([
      ["refused", "bad_signature"],
      ["refused", "bad_signature"],
      ["refused", "other_merchant"],
    ]);
  });

  it("replayed: a genuine notice re-sent later is refused as stale; re-sent at once it is a duplicate", async () => {
    const id = await owing();
    const started = await startPayment(ctx.deps, citizen, id);
    await sb.pay(platformRef(started.paymentUrl), "success");
    const genuine = sb.notices().find((n) => n.notice.orderId === started.orderNo)!.notice;
    const events = (await eventsOf(ctx, id)).length;
    expect((await notify(genuine)).body).toMatchObject({ code: "00", outcome: "duplicate" });
    ctx.setNow(new Date(ctx.deps.now().getTime() + 11 * 60_000));
    const replay = await notify(genuine);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toContain("có thể là thông báo bị phát lại");
    expect((await eventsOf(ctx, id)).length).toBe(events);
  });

  it("an amount or currency that does not match the order is refused", async () => {
    const id = await owing();
    const started = await startPayment(ctx.deps, citizen, id);
    const more = await notify(notice(started.orderNo, { amount: 7000 }));
    expect(more.status).toBe(422);
    expect(more.body.error).toMatchObject({
      code: "payment_amount_mismatch",
      message: "Số tiền của thông báo (7000 đồng) khác số tiền của lệnh thanh toán (70000 đồng); không ghi nhận.",
    });
    const usd = await notify(notice(started.orderNo, { currency: "USD" }));
    expect(usd.body.error.code).toBe("payment_currency_mismatch");
    expect((await orderOf(started.orderNo)).status).toBe("pending");
    expect((await dossier(id)).status).toBe(6);
    expect((await noticesOf(started.orderNo)).map((n) => n.reason)).toEqual([
      "payment_amount_mismatch",
      "payment_currency_mismatch",
    ]);
  });

  it("an unknown order is refused and logged", async () => {
    const r = await notify(notice("TT000000NOSUCH"));
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe("Không có lệnh thanh toán này; thông báo bị từ chối.");
    expect((await noticesOf("TT000000NOSUCH")).map((n) => [n.outcome, n.reason])).toEqual([
      ["refused", "unknown_order"],
    ]);
  });

  it("an already-settled order: another transaction is refused; an older (reordered) notice is ignored", async () => {
    const id = await owing();
    const started = await startPayment(ctx.deps, citizen, id);
    ctx.setNow(new Date(ctx.deps.now().getTime() + 60_000));
    await sb.pay(platformRef(started.paymentUrl), "success");
    const other = await notify(notice(started.orderNo, { transactionId: "TX-SECOND" }));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("payment_order_settled");
    // a FAILED notice signed before the success arrives after it
    const earlier = notice(started.orderNo, {
      status: "FAILED",
      transactionId: "TX-EARLIER",
      timestamp: Math.floor(ctx.deps.now().getTime() / 1000) - 30,
    });
    expect((await notify(earlier)).body).toMatchObject({ code: "00", outcome: "ignored" });
    expect((await orderOf(started.orderNo)).status).toBe("paid");
    expect((await dossier(id)).status).toBe(4);
    expect((await eventsOf(ctx, id)).filter((e) => e.type === "payment_confirmed")).toHaveLength(1);
  });

  it("a success after the order expired settles a still-awaited obligation (flagged late)", async () => {
    const id = await owing();
    const started = await startPayment(ctx.deps, citizen, id);
    ctx.setNow(new Date(ctx.deps.now().getTime() + 16 * 60_000));
    // (other tests' unpaid orders expire too)
    expect((await expireOrders(ctx.deps)).expired).toBeGreaterThanOrEqual(1);
    expect((await orderOf(started.orderNo)).status).toBe("expired");
    // the sandbox refuses to pay an expired order: the platform page says so
    await expect(sb.pay(platformRef(started.paymentUrl), "success")).rejects.toThrow("EXPIRED");
    const late = await notify(notice(started.orderNo));
    expect(late.body).toMatchObject({ code: "00", outcome: "applied", orderStatus: "paid" });
    expect(late.body.message).toContain("sau thời hạn của lệnh thanh toán");
    expect(await orderOf(started.orderNo)).toMatchObject({ status: "paid", note: "paid after the order expired" });
    expect((await dossier(id)).status).toBe(4);
  });

  it("a success after expiry when a retry already paid: recorded for refund, the dossier unchanged", async () => {
    const id = await owing();
    const first = await startPayment(ctx.deps, citizen, id);
    ctx.setNow(new Date(ctx.deps.now().getTime() + 16 * 60_000));
    await expireOrders(ctx.deps);
    const retry = await startPayment(ctx.deps, citizen, id);
    expect(retry.orderNo).not.toBe(first.orderNo);
    await sb.pay(platformRef(retry.paymentUrl), "success");
    const before = await dossier(id);
    expect(before.status).toBe(4);
    const late = await notify(notice(first.orderNo));
    expect(late.body).toMatchObject({ code: "00", outcome: "applied", orderStatus: "refund_due" });
    expect(late.body.message).toContain("hoàn trả");
    const after = await dossier(id);
    expect(after).toMatchObject({ status: 4, due_at: before.due_at });
    const evs = await eventsOf(ctx, id);
    expect(evs[evs.length - 1]).toMatchObject({ type: "payment_refund_due", from_status: 4, to_status: 4 });
    expect(evs.filter((e) => e.type === "payment_confirmed")).toHaveLength(1);
  });
});

describe("the applicant's pages and API", () => {
  const get = async (url: string, who: TestCitizen = citizen) =>
    ctx.app.inject({ method: "GET", url, headers: await as(ctx, who, "citizen") });
  const text = (b: Buffer) =>
    execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: b }).toString("utf8").replace(/\s+/g, " ");

  it("what is owed and why, the pay button → the platform; back: paid, with the receipt (PDF)", async () => {
    const id = await owing({ copies: 2 });
    const dossierPage = await get(`/ho-so-cua-toi/${id}`);
    expect(dossierPage.body).toContain(`href="/ho-so-cua-toi/${id}/thanh-toan"`);
    expect(dossierPage.body).toContain("Nộp phí, lệ phí trực tuyến");
    const pay = await get(`/ho-so-cua-toi/${id}/thanh-toan`);
    expect(pay.statusCode).toBe(200);
    expect(pay.body).toContain("Phí cấp bản sao");
    expect(pay.body).toContain("10.000 ₫ × 2 bản = 20.000 ₫");
    expect(pay.body).toContain("Thanh toán trực tuyến (70.000 ₫)");
    const api = await get(`/api/dossiers/${id}/payments?lang=en`);
    expect(api.json().obligations[0].lines[1]).toMatchObject({
      quantity: 2,
      amount: 20000,
      why: "10.000 ₫ × 2 copies = 20.000 ₫",
    });
    const post = await ctx.app.inject({
      method: "POST",
      url: `/ho-so-cua-toi/${id}/thanh-toan`,
      headers: await as(ctx, citizen, "citizen"),
    });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toMatch(new RegExp(`^${sb.url}/pay/PG`));
    const platformPage = await (await fetch(post.headers.location as string)).text();
    expect(platformPage).toContain("SANDBOX");
    expect(platformPage).toContain("70.000 ₫");
    const back = await sb.pay(platformRef(post.headers.location as string), "success", "card");
    const ret = await get(back.returnUrl.replace(/^https?:\/\/[^/]+/, ""));
    expect(ret.statusCode).toBe(200);
    expect(ret.body).toContain("Đã thanh toán thành công");
    const o = await ctx.deps.db
      .selectFrom("payment_orders")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(ret.body).toContain(o.receipt_no);
    const pdf = await get(`/ho-so-cua-toi/${id}/bien-lai/${o.order_no}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const t = text(pdf.rawPayload);
    expect(t).toContain("BIÊN LAI THU PHÍ, LỆ PHÍ");
    expect(t).toContain(`Số: ${o.receipt_no}`);
    expect(t).toContain("Người nộp: Nguyễn Văn An");
    expect(t).toContain("Phí cấp bản sao");
    expect(t).toContain("Tổng cộng: 70.000 ₫");
    expect(t).toContain(`Mã giao dịch: ${o.transaction_id}`);
    // another applicant gets neither the receipt nor the page
    expect((await get(`/ho-so-cua-toi/${id}/bien-lai/${o.order_no}`, other)).statusCode).toBe(404);
    expect((await get(`/ho-so-cua-toi/${id}/thanh-toan`, other)).statusCode).toBe(404);
    expect((await get(`/api/dossiers/${id}/payments`, other)).statusCode).toBe(404);
  });

  it("back before any notice: the platform is asked; unreachable → 'waiting for confirmation' until the notice", async () => {
    const id = await owing();
    const started = await startPayment(ctx.deps, citizen, id);
    sb.setNoticeMode("drop");
    let back: { returnUrl: string };
    try {
      back = await sb.pay(platformRef(started.paymentUrl), "success");
    } finally {
      sb.setNoticeMode("normal");
    }
    const path = back.returnUrl.replace(/^https?:\/\/[^/]+/, "");
    sb.setFault("error");
    const waiting = await get(path);
    sb.setFault("none");
    expect(waiting.body).toContain("Đang chờ xác nhận từ nền tảng thanh toán");
    expect((await dossier(id)).status).toBe(6);
    // a forged return is not believed
    const forged = await get(path.replace("status=SUCCESS", "status=FAILED"));
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain("Thông tin trả về từ nền tảng thanh toán không hợp lệ");
    // the platform answers now: the signed query settles it
    const paid = await get(path);
    expect(paid.body).toContain("Đã thanh toán thành công");
    expect(await orderOf(started.orderNo)).toMatchObject({ status: "paid", settled_by: "return" });
    expect((await dossier(id)).status).toBe(4);
  });

  it("the API creates the order; a dossier not awaiting payment is refused with a clear 409", async () => {
    const id = await owing();
    const r = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${id}/payments`,
      headers: await as(ctx, citizen, "citizen"),
    });
    expect(r.statusCode).toBe(201);
    await sb.pay(platformRef(r.json().paymentUrl), "success");
    const again = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${id}/payments?lang=en`,
      headers: await as(ctx, citizen, "citizen"),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("No financial obligation of this dossier awaits payment.");
  });
});
