import { type SignedAccount, signedCaller } from "../signed-http.js";
import { postalSignatureValid, type ShipmentRequest, type TrackingEvent, type TrackingStatus } from "./protocol.js";

/**
 * The province's side of the public postal service: quotes, bookings (idempotent by reference), tracking, and the
 * check of a tracking callback before it is believed. Failures come back as `PostalError` with the service's code.
 */

export class PostalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`postal service: ${code}: ${message}`);
  }
}

export type PostalAccount = SignedAccount;

export function postalService(a: PostalAccount) {
  const call = signedCaller("x-postal", a, (status, code, message) => new PostalError(status, code, message));
  return {
    quote: (q: { service: ShipmentRequest["service"]; weightGrams: number; from: string; to: string }) =>
      call<{ fee: number; estimatedDays: number }>("POST", "/api/v1/quote", q),
    book: (s: ShipmentRequest) =>
      call<{ trackingNumber: string; fee: number; status: TrackingStatus }>("POST", "/api/v1/shipments", s),
    track: (trackingNumber: string) =>
      call<{ trackingNumber: string; reference: string; events: TrackingEvent[] }>(
        "GET",
        `/api/v1/shipments/${encodeURIComponent(trackingNumber)}`,
      ),
    /** Checks a tracking callback (signature over the raw body, replay window, shape). */
    checkCallback(
      headers: Record<string, string | string[] | undefined>,
      path: string,
      rawBody: string,
      now: Date,
    ): { ok: true; event: TrackingEvent } | { ok: false; reason: string } {
      const v = postalSignatureValid(a.secret, headers, "POST", path, rawBody, now);
      if (v !== "ok") return { ok: false, reason: v };
      let e: TrackingEvent;
      try {
        e = JSON.parse(rawBody) as TrackingEvent;
      } catch {
        return { ok: false, reason: "malformed" };
      }
      const statuses = ["CREATED", "PICKED_UP", "IN_TRANSIT", "DELIVERED", "FAILED", "RETURNED"];
      if (
        typeof e.trackingNumber !== "string" ||
        typeof e.reference !== "string" ||
        !statuses.includes(e.status) ||
        !Number.isInteger(e.sequence) ||
        Number.isNaN(Date.parse(e.at))
      )
        return { ok: false, reason: "malformed" };
      return { ok: true, event: e };
    },
  };
}
