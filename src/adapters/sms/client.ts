import { type SignedAccount, signedCaller } from "../signed-http.js";
import { type DeliveryReport, type SmsRequest, smsSignatureValid, SMS_PREFIX } from "./protocol.js";

/**
 * The province's side of the SMS gateway: send (idempotent by reference), look a message up, and check a delivery
 * report before it is believed. Failures come back as `SmsError` with the gateway's code.
 */
export class SmsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`SMS gateway: ${code}: ${message}`);
  }
}

export function smsGateway(a: SignedAccount) {
  const call = signedCaller(SMS_PREFIX, a, (status, code, message) => new SmsError(status, code, message));
  return {
    send: (m: SmsRequest) =>
      call<{ messageId: string; segments: number; status: "ACCEPTED" }>("POST", "/api/v1/messages", m),
    get: (messageId: string) =>
      call<{ messageId: string; ref: string; status: string; segments: number }>(
        "GET",
        `/api/v1/messages/${encodeURIComponent(messageId)}`,
      ),
    /** Checks a delivery report (signature over the raw body, replay window, shape). */
    checkReport(
      headers: Record<string, string | string[] | undefined>,
      path: string,
      rawBody: string,
      now: Date,
    ): { ok: true; report: DeliveryReport } | { ok: false; reason: string } {
      const v = smsSignatureValid(a.secret, headers, "POST", path, rawBody, now);
      if (v !== "ok") return { ok: false, reason: v };
      let r: DeliveryReport;
      try {
        r = JSON.parse(rawBody) as DeliveryReport;
      } catch {
        return { ok: false, reason: "malformed" };
      }
      if (
        !r ||
        typeof r.messageId !== "string" ||
        typeof r.ref !== "string" ||
        (r.status !== "DELIVERED" && r.status !== "FAILED") ||
        typeof r.at !== "string" ||
        Number.isNaN(Date.parse(r.at))
      )
        return { ok: false, reason: "malformed" };
      return { ok: true, report: r };
    },
  };
}

export type SmsGateway = ReturnType<typeof smsGateway>;
