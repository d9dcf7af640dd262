import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The wire contract with the national online payment platform (as the province's merchant account reaches it):
 * every message is a flat JSON object signed with HMAC-SHA256 over its canonical form — the fields other than
 * `signature`, sorted by name, as `name=value` joined by `&` (values as their JSON text for non-strings, absent and
 * null fields left out). Both the platform SANDBOX and the province's adapter use these functions.
 */

export type PaymentStatus = "PENDING" | "SUCCESS" | "FAILED" | "CANCELLED" | "EXPIRED";

export interface OrderRequest {
  merchantCode: string;
  /** The province's payment order id (unique per merchant; idempotency key of the order). */
  orderId: string;
  /** Whole VND. */
  amount: number;
  currency: "VND";
  description: string;
  returnUrl: string;
  notifyUrl: string;
  /** ISO instant after which the platform refuses payment. */
  expireAt: string;
}

export interface OrderCreated {
  code: string;
  message: string;
  orderId?: string;
  platformRef?: string;
  paymentUrl?: string;
}

/** The platform's server-to-server notice of a payment outcome. */
export interface PaymentNotice {
  merchantCode: string;
  orderId: string;
  platformRef: string;
  transactionId: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  /** bank | card | qr */
  method: string;
  bankCode?: string;
  paidAt?: string;
  /** Seconds since the epoch when the notice was signed (replay window). */
  timestamp: number;
}

export interface SettlementRow {
  transactionId: string;
  orderId: string;
  platformRef: string;
  amount: number;
  status: PaymentStatus;
  paidAt: string;
}

export function canonical(msg: Record<string, unknown>): string {
  return Object.keys(msg)
    .filter((k) => k !== "signature" && msg[k] !== undefined && msg[k] !== null)
    .sort()
    .map((k) => `${k}=${typeof msg[k] === "string" ? msg[k] : JSON.stringify(msg[k])}`)
    .join("&");
}

export function sign<T extends object>(msg: T, secret: string): T & { signature: string } {
  const signature = createHmac("sha256", secret)
    .update(canonical(msg as Record<string, unknown>))
    .digest("hex");
  return { ...msg, signature };
}

export function signatureValid(msg: Record<string, unknown>, secret: string): boolean {
  const given = msg.signature;
  if (typeof given !== "string" || !/^[0-9a-f]{64}$/.test(given)) return false;
  const want = createHmac("sha256", secret).update(canonical(msg)).digest();
  return timingSafeEqual(want, Buffer.from(given, "hex"));
}

/** The settlement file: CSV with a header line, one settled transaction a line. */
export function settlementCsv(rows: SettlementRow[]): string {
  const head = "transactionId,orderId,platformRef,amount,status,paidAt";
  return [
    head,
    ...rows.map((r) => [r.transactionId, r.orderId, r.platformRef, r.amount, r.status, r.paidAt].join(",")),
  ].join("\n");
}

export function parseSettlementCsv(text: string): SettlementRow[] {
  const lines = text.trim().split(/\r?\n/);
  if (lines[0] !== "transactionId,orderId,platformRef,amount,status,paidAt") throw new Error("not a settlement file");
  return lines.slice(1).map((line, i) => {
    const [transactionId, orderId, platformRef, amount, status, paidAt] = line.split(",");
    const n = Number(amount);
    if (!transactionId || !orderId || !platformRef || !Number.isInteger(n) || !status || !paidAt)
      throw new Error(`settlement file line ${i + 2} is malformed`);
    return { transactionId, orderId, platformRef, amount: n, status: status as PaymentStatus, paidAt };
  });
}
