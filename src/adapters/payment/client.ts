import {
  type OrderCreated,
  type OrderRequest,
  type PaymentNotice,
  type PaymentStatus,
  parseSettlementCsv,
  type SettlementRow,
  sign,
  signatureValid,
} from "./protocol.js";

/**
 * The province's side of the national payment platform: create a payment order, ask an order's status, fetch the
 * day's settlement file, and check a notice (server-to-server callback or the browser's return) before anything is
 * believed. Network and platform failures come back as `PaymentPlatformError`.
 */

export class PaymentPlatformError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`payment platform: ${code}: ${message}`);
  }
}

export interface PaymentAccount {
  baseUrl: string;
  merchantCode: string;
  secret: string;
  timeoutMs?: number;
}

async function call<T>(a: PaymentAccount, path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${a.baseUrl.replace(/\/$/, "")}${path}`, {
      ...init,
      signal: AbortSignal.timeout(a.timeoutMs ?? 15_000),
    });
  } catch (e) {
    throw new PaymentPlatformError("unreachable", (e as Error).message);
  }
  const text = await res.text();
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = text.slice(0, 200);
    try {
      const j = JSON.parse(text) as { code?: string; message?: string };
      code = j.code ?? code;
      message = j.message ?? message;
    } catch {
      // not JSON
    }
    throw new PaymentPlatformError(code, message);
  }
  return (res.headers.get("content-type") ?? "").includes("json") ? (JSON.parse(text) as T) : (text as T);
}

export function paymentPlatform(a: PaymentAccount) {
  const post = <T>(path: string, body: object) =>
    call<T>(a, path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sign(body, a.secret)),
    });
  return {
    async createOrder(o: Omit<OrderRequest, "merchantCode" | "currency">): Promise<Required<OrderCreated>> {
      const r = await post<OrderCreated>("/api/v1/orders", { ...o, merchantCode: a.merchantCode, currency: "VND" });
      if (r.code !== "00" || !r.paymentUrl || !r.platformRef || !r.orderId)
        throw new PaymentPlatformError(r.code, r.message);
      return r as Required<OrderCreated>;
    },
    async queryOrder(orderId: string): Promise<{ status: PaymentStatus; amount: number; transactionId?: string }> {
      const r = await post<Record<string, unknown>>("/api/v1/orders/query", { merchantCode: a.merchantCode, orderId });
      if (!signatureValid(r, a.secret)) throw new PaymentPlatformError("bad_signature", "the answer is not signed");
      return {
        status: r.status as PaymentStatus,
        amount: Number(r.amount),
        ...(typeof r.transactionId === "string" ? { transactionId: r.transactionId } : {}),
      };
    },
    /** The settlement file of a day (Vietnam date yyyy-mm-dd). */
    async settlement(date: string): Promise<SettlementRow[]> {
      const q = sign({ merchantCode: a.merchantCode, date }, a.secret);
      const text = await call<string>(a, `/api/v1/settlement?${new URLSearchParams(q).toString()}`, { method: "GET" });
      return parseSettlementCsv(text);
    },
    /**
     * Checks a notice from the platform: signed with our secret, for our merchant account, well-formed and recent
     * (within `maxAgeSeconds` of `now`, so an old notice cannot be replayed later). Whether the order exists, the
     * amount matches and the notice was already applied is for the caller, against its own records.
     */
    checkNotice(
      body: unknown,
      now: Date,
      maxAgeSeconds = 600,
    ): { ok: true; notice: PaymentNotice } | { ok: false; reason: string } {
      if (!body || typeof body !== "object") return { ok: false, reason: "not_an_object" };
      const m = body as Record<string, unknown>;
      if (!signatureValid(m, a.secret)) return { ok: false, reason: "bad_signature" };
      if (m.merchantCode !== a.merchantCode) return { ok: false, reason: "other_merchant" };
      const statuses = ["SUCCESS", "FAILED", "CANCELLED", "EXPIRED", "PENDING"];
      if (
        typeof m.orderId !== "string" ||
        typeof m.platformRef !== "string" ||
        typeof m.transactionId !== "string" ||
        !Number.isInteger(m.amount) ||
        typeof m.status !== "string" ||
        !statuses.includes(m.status) ||
        typeof m.timestamp !== "number"
      )
        return { ok: false, reason: "malformed" };
      if (Math.abs(now.getTime() / 1000 - m.timestamp) > maxAgeSeconds) return { ok: false, reason: "stale" };
      return { ok: true, notice: m as unknown as PaymentNotice };
    },
    /**
     * Checks the parameters of the browser's return (signed by the platform, but carried by the browser: a valid
     * one only says which order to look at; the outcome is believed from a notice or a status query).
     */
    checkReturn(q: Record<string, unknown>): { ok: true; orderId: string; status: string } | { ok: false } {
      if (!signatureValid(q, a.secret) || typeof q.orderId !== "string" || typeof q.status !== "string")
        return { ok: false };
      return { ok: true, orderId: q.orderId, status: q.status };
    },
  };
}

export type PaymentPlatform = ReturnType<typeof paymentPlatform>;
