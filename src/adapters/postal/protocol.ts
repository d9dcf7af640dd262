import { hmacSignature, hmacSignatureValid } from "../signed-http.js";

/**
 * The wire contract with the public postal service (dịch vụ bưu chính công ích) as the province reaches it: JSON
 * over HTTP, every request and every tracking callback signed with HMAC-SHA256 over
 * `timestamp + "\n" + METHOD + "\n" + path + "\n" + sha256hex(body)` in the headers `x-postal-timestamp`,
 * `x-postal-signature` (and `x-postal-client` for requests). Used by the SANDBOX and by the province's adapter.
 */

export type ShipmentKind = "pickup" | "delivery";
export type TrackingStatus = "CREATED" | "PICKED_UP" | "IN_TRANSIT" | "DELIVERED" | "FAILED" | "RETURNED";

export interface PostalAddress {
  name: string;
  phone: string;
  /** Street, commune and province in words. */
  address: string;
  provinceCode: string;
}

export interface ShipmentRequest {
  /** The province's reference, unique per shipment (idempotency key): e.g. dossier code + ":result". */
  reference: string;
  kind: ShipmentKind;
  service: "EMS" | "BUU_KIEN";
  sender: PostalAddress;
  receiver: PostalAddress;
  weightGrams: number;
  note?: string;
  callbackUrl: string;
}

export interface TrackingEvent {
  trackingNumber: string;
  reference: string;
  status: TrackingStatus;
  at: string;
  note?: string;
  /** Increases with every event of a shipment, so late or repeated callbacks can be told apart. */
  sequence: number;
}

/** The postal service's request and callback signature (src/adapters/signed-http.ts, headers `x-postal-*`). */
export const postalSignature = hmacSignature;

export const postalSignatureValid = (
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  method: string,
  path: string,
  body: string,
  now: Date,
  maxAgeSeconds = 300,
) => hmacSignatureValid("x-postal", secret, headers, method, path, body, now, maxAgeSeconds);

/** Fee quote of the sandbox tariff (VND): a base per service, per 500 g above the first, more across provinces. */
export function tariff(service: ShipmentRequest["service"], weightGrams: number, sameProvince: boolean): number {
  const base = service === "EMS" ? 25_000 : 16_000;
  const extra = Math.max(0, Math.ceil((weightGrams - 500) / 500)) * (service === "EMS" ? 5_000 : 3_000);
  return base + extra + (sameProvince ? 0 : 10_000);
}
