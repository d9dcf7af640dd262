import { randomBytes } from "node:crypto";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyReply } from "fastify";
import {
  type OrderRequest,
  type PaymentNotice,
  type PaymentStatus,
  type SettlementRow,
  settlementCsv,
  sign,
  signatureValid,
} from "../../adapters/payment/protocol.js";
import { html } from "../../web/html.js";
import type { RunningSandbox } from "../index.js";
import { sandboxPage } from "../page.js";

/**
 * National online payment platform SANDBOX. The province (merchant) creates an order server-to-server, sends the
 * citizen's browser to the platform's page (choose a bank, a card, a QR code, or cancel), and learns the outcome
 * from a signed server-to-server notice to its `notifyUrl` (retried until it answers `{"code":"00"}`) and from the
 * browser's return to `returnUrl` (signed too, but never to be trusted alone). Every message is HMAC-SHA256 signed
 * (src/adapters/payment/protocol.ts).
 *
 *   POST /api/v1/orders          signed OrderRequest → {code:"00", platformRef, paymentUrl} | {code, message}
 *   POST /api/v1/orders/query    signed {merchantCode, orderId} → {code:"00", status, amount, transactionId?}
 *   GET  /api/v1/settlement?merchantCode&date=yyyy-mm-dd&signature  → CSV of the day's settled transactions
 *   GET  /pay/:platformRef       the payment page; POST it {method, bankCode?, outcome: success|fail|cancel}
 * Controls (sandbox only): POST /sandbox/pay {platformRef, outcome, method?} (pay without a browser),
 *   POST /sandbox/fault {mode: none|error|slow, delayMs?}, POST /sandbox/notices {mode: normal|duplicate|drop},
 *   POST /sandbox/notify {...a notice} (send an arbitrary — e.g. forged or replayed — notice), GET /sandbox/state.
 */

export interface PaymentSandboxOptions {
  port: number;
  host?: string;
  merchants: { code: string; secret: string }[];
  now?: () => Date;
}

interface Order extends OrderRequest {
  platformRef: string;
  status: PaymentStatus;
  transactionId?: string;
  method?: string;
  bankCode?: string;
  paidAt?: string;
  createdAt: string;
}

export interface PaymentSandbox extends RunningSandbox {
  /** Completes an order as if the citizen had paid (or failed, or cancelled) on the payment page. */
  pay(platformRef: string, outcome: "success" | "fail" | "cancel", method?: string): Promise<{ returnUrl: string }>;
  setFault(mode: "none" | "error" | "slow", delayMs?: number): void;
  setNoticeMode(mode: "normal" | "duplicate" | "drop"): void;
  orders(): Order[];
  /** Notices sent and the merchant's answers. */
  notices(): { notice: PaymentNotice; status: number; body: string }[];
}

const BANKS = [
  ["VCB", "Vietcombank"],
  ["BIDV", "BIDV"],
  ["CTG", "VietinBank"],
  ["AGR", "Agribank"],
  ["TCB", "Techcombank"],
] as const;

export async function startPaymentSandbox(o: PaymentSandboxOptions): Promise<PaymentSandbox> {
  const now = o.now ?? (() => new Date());
  const host = o.host ?? "127.0.0.1";
  const secrets = new Map(o.merchants.map((m) => [m.code, m.secret]));
  const orders = new Map<string, Order>();
  const byMerchantOrder = new Map<string, string>();
  const sent: { notice: PaymentNotice; status: number; body: string }[] = [];
  let fault: { mode: "none" | "error" | "slow"; delayMs: number } = { mode: "none", delayMs: 0 };
  let noticeMode: "normal" | "duplicate" | "drop" = "normal";

  const app = Fastify({ logger: false });
  await app.register(formbody);
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "payment-platform");
  });
  app.addHook("onRequest", async (req, reply) => {
    if (!req.url.startsWith("/api/")) return;
    if (fault.mode === "error") return reply.code(500).send({ code: "99", message: "SANDBOX: simulated failure" });
    if (fault.mode === "slow") await new Promise((r) => setTimeout(r, fault.delayMs));
  });

  const refuse = (reply: FastifyReply, code: string, message: string, status = 400) =>
    reply.code(status).send({ code, message });

  app.post("/api/v1/orders", async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const secret = typeof b.merchantCode === "string" ? secrets.get(b.merchantCode) : undefined;
    if (!secret) return refuse(reply, "01", "Unknown merchant");
    if (!signatureValid(b, secret)) return refuse(reply, "02", "Invalid signature", 401);
    const r = b as unknown as OrderRequest;
    const problems: string[] = [];
    if (typeof r.orderId !== "string" || !/^[\w.-]{6,64}$/.test(r.orderId)) problems.push("orderId");
    if (!Number.isInteger(r.amount) || r.amount <= 0 || r.amount > 10_000_000_000) problems.push("amount");
    if (r.currency !== "VND") problems.push("currency");
    if (typeof r.description !== "string" || !r.description || r.description.length > 255) problems.push("description");
    for (const u of ["returnUrl", "notifyUrl"] as const)
      if (typeof r[u] !== "string" || !/^https?:\/\//.test(r[u])) problems.push(u);
    if (typeof r.expireAt !== "string" || Number.isNaN(Date.parse(r.expireAt))) problems.push("expireAt");
    if (problems.length) return refuse(reply, "03", `Invalid fields: ${problems.join(", ")}`);
    const key = `${r.merchantCode}/${r.orderId}`;
    const existing = byMerchantOrder.get(key);
    if (existing) {
      const e = orders.get(existing)!;
      if (e.amount !== r.amount) return refuse(reply, "04", "Order id already used with another amount", 409);
      return { code: "00", message: "OK", orderId: e.orderId, platformRef: e.platformRef, paymentUrl: payUrl(e) };
    }
    const platformRef = `PG${randomBytes(6).toString("hex").toUpperCase()}`;
    const order: Order = {
      merchantCode: r.merchantCode,
      orderId: r.orderId,
      amount: r.amount,
      currency: "VND",
      description: r.description,
      returnUrl: r.returnUrl,
      notifyUrl: r.notifyUrl,
      expireAt: r.expireAt,
      platformRef,
      status: "PENDING",
      createdAt: now().toISOString(),
    };
    orders.set(platformRef, order);
    byMerchantOrder.set(key, platformRef);
    return { code: "00", message: "OK", orderId: order.orderId, platformRef, paymentUrl: payUrl(order) };
  });

  app.post("/api/v1/orders/query", async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const secret = typeof b.merchantCode === "string" ? secrets.get(b.merchantCode) : undefined;
    if (!secret) return refuse(reply, "01", "Unknown merchant");
    if (!signatureValid(b, secret)) return refuse(reply, "02", "Invalid signature", 401);
    const ref = byMerchantOrder.get(`${b.merchantCode}/${String(b.orderId)}`);
    const order = ref ? orders.get(ref) : undefined;
    if (!order) return refuse(reply, "05", "Unknown order", 404);
    expire(order);
    return sign(
      {
        code: "00",
        orderId: order.orderId,
        platformRef: order.platformRef,
        status: order.status,
        amount: order.amount,
        ...(order.transactionId ? { transactionId: order.transactionId } : {}),
      },
      secret,
    );
  });

  app.get("/api/v1/settlement", async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const secret = typeof q.merchantCode === "string" ? secrets.get(q.merchantCode) : undefined;
    if (!secret) return refuse(reply, "01", "Unknown merchant");
    if (!signatureValid(q, secret)) return refuse(reply, "02", "Invalid signature", 401);
    if (typeof q.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(q.date)) return refuse(reply, "03", "Invalid date");
    const rows: SettlementRow[] = [...orders.values()]
      .filter((x) => x.merchantCode === q.merchantCode && x.status === "SUCCESS" && vnDate(x.paidAt!) === q.date)
      .map((x) => ({
        transactionId: x.transactionId!,
        orderId: x.orderId,
        platformRef: x.platformRef,
        amount: x.amount,
        status: x.status,
        paidAt: x.paidAt!,
      }));
    return reply.type("text/csv; charset=utf-8").send(settlementCsv(rows));
  });

  app.get("/pay/:ref", async (req, reply) => {
    const order = orders.get((req.params as { ref: string }).ref);
    if (!order)
      return reply
        .code(404)
        .type("text/html; charset=utf-8")
        .send(page("Không tìm thấy giao dịch", html`<p>Không tìm thấy giao dịch.</p>`));
    expire(order);
    if (order.status !== "PENDING")
      return reply
        .type("text/html; charset=utf-8")
        .send(page("Giao dịch đã kết thúc", html`<p>Giao dịch ${order.orderId} đã ở trạng thái ${order.status}.</p>`));
    const body = html`<h1>Thanh toán phí, lệ phí</h1>
<p>${order.description}</p>
<p><strong>Số tiền: ${new Intl.NumberFormat("vi-VN").format(order.amount)} ₫</strong> — mã giao dịch ${order.platformRef}</p>
<form method="post" action="/pay/${order.platformRef}">
<fieldset><legend>Phương thức thanh toán</legend>
${BANKS.map(([code, name], i) => html`<div class="person"><input type="radio" id="b-${code}" name="choice" value="bank:${code}"${i === 0 ? html` checked` : ""}><label for="b-${code}">Tài khoản ngân hàng ${name}</label></div>`)}
<div class="person"><input type="radio" id="card" name="choice" value="card:"><label for="card">Thẻ quốc tế (Visa, Mastercard)</label></div>
<div class="person"><input type="radio" id="qr" name="choice" value="qr:"><label for="qr">Quét mã VietQR</label></div>
</fieldset>
<fieldset><legend>Kết quả (SANDBOX)</legend>
<div class="person"><input type="radio" id="ok" name="outcome" value="success" checked><label for="ok">Thanh toán thành công</label></div>
<div class="person"><input type="radio" id="ko" name="outcome" value="fail"><label for="ko">Thanh toán không thành công (ngân hàng từ chối)</label></div>
</fieldset>
<button type="submit">Thanh toán</button>
<button type="submit" class="secondary" name="outcome" value="cancel">Hủy giao dịch</button>
</form>`;
    return reply.type("text/html; charset=utf-8").send(page("Thanh toán", body));
  });

  app.post("/pay/:ref", async (req, reply) => {
    const b = (req.body ?? {}) as { choice?: string; outcome?: string | string[] };
    // the "cancel" button sends its value beside the checked outcome radio: cancelling wins
    const given = ([] as string[]).concat(b.outcome ?? []);
    const outcome = given.includes("cancel") ? "cancel" : given.includes("fail") ? "fail" : "success";
    const [method = "bank", bankCode] = (b.choice ?? "bank:VCB").split(":");
    try {
      const { returnUrl } = await pay((req.params as { ref: string }).ref, outcome, method, bankCode || undefined);
      return reply.redirect(returnUrl, 303);
    } catch (e) {
      return reply
        .code(409)
        .type("text/html; charset=utf-8")
        .send(page("Không thể thanh toán", html`<p>${(e as Error).message}</p>`));
    }
  });

  app.post("/sandbox/pay", async (req, reply) => {
    const b = (req.body ?? {}) as { platformRef?: string; outcome?: "success" | "fail" | "cancel"; method?: string };
    try {
      return await pay(b.platformRef ?? "", b.outcome ?? "success", b.method ?? "bank", "VCB");
    } catch (e) {
      return reply.code(409).send({ error: (e as Error).message });
    }
  });
  app.post("/sandbox/fault", async (req) => {
    const b = (req.body ?? {}) as { mode?: "none" | "error" | "slow"; delayMs?: number };
    fault = { mode: b.mode ?? "none", delayMs: b.delayMs ?? 2000 };
    return { fault };
  });
  app.post("/sandbox/notices", async (req) => {
    noticeMode = ((req.body ?? {}) as { mode?: typeof noticeMode }).mode ?? "normal";
    return { noticeMode };
  });
  app.post("/sandbox/notify", async (req) => {
    const b = (req.body ?? {}) as { url: string; notice: Record<string, unknown> };
    const res = await fetch(b.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(b.notice),
    });
    return { status: res.status, body: await res.text() };
  });
  app.get("/sandbox/state", async () => ({ sandbox: true, orders: [...orders.values()], notices: sent }));

  function page(title: string, body: ReturnType<typeof html>) {
    return sandboxPage({ title, service: "Nền tảng thanh toán trực tuyến", body });
  }
  function payUrl(order: Order) {
    return `${url}/pay/${order.platformRef}`;
  }
  function expire(order: Order) {
    if (order.status === "PENDING" && Date.parse(order.expireAt) < now().getTime()) order.status = "EXPIRED";
  }
  function vnDate(iso: string) {
    return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
  }

  async function deliver(order: Order, secret: string) {
    const notice = sign<PaymentNotice>(
      {
        merchantCode: order.merchantCode,
        orderId: order.orderId,
        platformRef: order.platformRef,
        transactionId: order.transactionId!,
        amount: order.amount,
        currency: "VND",
        status: order.status,
        method: order.method ?? "bank",
        ...(order.bankCode ? { bankCode: order.bankCode } : {}),
        ...(order.paidAt ? { paidAt: order.paidAt } : {}),
        timestamp: Math.floor(now().getTime() / 1000),
      },
      secret,
    );
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(order.notifyUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(notice),
          signal: AbortSignal.timeout(5000),
        });
        const body = await res.text();
        sent.push({ notice, status: res.status, body });
        if (res.ok && /"code"\s*:\s*"00"/.test(body)) return;
      } catch (e) {
        sent.push({ notice, status: 0, body: (e as Error).message });
      }
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }

  async function pay(ref: string, outcome: "success" | "fail" | "cancel", method = "bank", bankCode?: string) {
    const order = orders.get(ref);
    if (!order) throw new Error("Không tìm thấy giao dịch.");
    expire(order);
    if (order.status !== "PENDING") throw new Error(`Giao dịch đã ở trạng thái ${order.status}.`);
    order.status = outcome === "success" ? "SUCCESS" : outcome === "fail" ? "FAILED" : "CANCELLED";
    order.transactionId = `TX${randomBytes(8).toString("hex").toUpperCase()}`;
    order.method = method;
    if (bankCode) order.bankCode = bankCode;
    if (outcome === "success") order.paidAt = now().toISOString();
    const secret = secrets.get(order.merchantCode)!;
    if (noticeMode !== "drop") {
      await deliver(order, secret);
      if (noticeMode === "duplicate") await deliver(order, secret);
    }
    const back = sign(
      { orderId: order.orderId, platformRef: order.platformRef, status: order.status, amount: order.amount },
      secret,
    );
    const u = new URL(order.returnUrl);
    for (const [k, v] of Object.entries(back)) u.searchParams.set(k, String(v));
    return { returnUrl: u.toString() };
  }

  await app.listen({ port: o.port, host });
  const url = `http://${host}:${(app.server.address() as { port: number }).port}`;
  return {
    name: "payment platform",
    url,
    pay,
    setFault(mode, delayMs = 2000) {
      fault = { mode, delayMs };
    },
    setNoticeMode(m) {
      noticeMode = m;
    },
    orders: () => [...orders.values()],
    notices: () => [...sent],
    close: () => app.close(),
  };
}
