import { hmacSignature, hmacSignatureValid } from "../signed-http.js";

/**
 * The wire contract with an SMS gateway (brandname SMS, as the carriers' gateways offer it): JSON over HTTP, every
 * request and every delivery report signed with HMAC-SHA256 (src/adapters/signed-http.ts, headers `x-sms-client`,
 * `x-sms-timestamp`, `x-sms-signature`).
 *   POST /api/v1/messages  {ref, to, text, sender, callbackUrl} → {messageId, segments, status: "ACCEPTED"}
 *        idempotent by `ref`: the same ref answers the first message and sends nothing again.
 *   GET  /api/v1/messages/:messageId → {messageId, ref, status, segments}
 * The gateway then posts a delivery report {messageId, ref, status: DELIVERED|FAILED, at, error?} to the callback.
 * Text is GSM-7 (Vietnamese written without diacritics, as brandname SMS is sent), at most MAX_SEGMENTS parts.
 */

export const SMS_PREFIX = "x-sms";
export type DeliveryStatus = "DELIVERED" | "FAILED";

export interface SmsRequest {
  /** The province's reference, unique per message (idempotency key). */
  ref: string;
  /** A Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx. */
  to: string;
  text: string;
  /** The registered brandname shown as the sender. */
  sender: string;
  callbackUrl: string;
}

export interface DeliveryReport {
  messageId: string;
  ref: string;
  status: DeliveryStatus;
  at: string;
  error?: string;
}

export const smsSignature = hmacSignature;
export const smsSignatureValid = (
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  method: string,
  path: string,
  body: string,
  now: Date,
) => hmacSignatureValid(SMS_PREFIX, secret, headers, method, path, body, now);

/** A Vietnamese mobile number (10 digits starting 03, 05, 07, 08, 09; or +84 instead of the 0). */
export const VN_MOBILE = /^(?:0|\+84)(?:3|5|7|8|9)\d{8}$/;

/** The GSM 03.38 basic character set (what one 7-bit SMS part may hold). */
const GSM7 =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXT = "^{}\\[~]|€";
const GSM7_SET = new Set(GSM7);

export const MAX_SEGMENTS = 3;

/** Characters that a GSM-7 SMS cannot carry, or undefined when the text fits the alphabet. */
export function nonGsmCharacters(text: string): string | undefined {
  const bad = [...new Set([...text].filter((c) => !GSM7_SET.has(c) && !GSM7_EXT.includes(c)))];
  return bad.length ? bad.join("") : undefined;
}

/** Number of parts of a GSM-7 text: 160 septets in one part, 153 per part when concatenated. */
export function segmentsOf(text: string): number {
  const septets = [...text].reduce((n, c) => n + (GSM7_EXT.includes(c) ? 2 : 1), 0);
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

/** Longest GSM-7 text that fits MAX_SEGMENTS parts. */
export const MAX_SMS_SEPTETS = 153 * MAX_SEGMENTS;
