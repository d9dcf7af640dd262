/**
 * The province's account at the national online payment platform (PAYMENT_URL, PAYMENT_MERCHANT_CODE,
 * PAYMENT_SECRET; a local SANDBOX outside production), and the addresses the platform calls back.
 */
import { type PaymentPlatform, paymentPlatform } from "../../adapters/payment/client.js";
import type { Deps } from "../deps.js";
import { AppError } from "../errors.js";

/** How long a payment order may be paid before it expires (and a new one can be started). */
export const ORDER_TTL_MINUTES = 15;
/** A notice signed longer ago than this is refused as a replay. */
export const NOTICE_MAX_AGE_SECONDS = 600;
/** The callback the platform posts its signed notices to, and the page the citizen's browser comes back to. */
export const NOTIFY_PATH = "/api/integration/payment/notify";
export const RETURN_PATH = "/thanh-toan/ket-qua";

export const PAYMENT_OFF = () =>
  new AppError(503, "payment_not_configured", {
    vi: "Chưa kết nối Nền tảng thanh toán trực tuyến quốc gia; vui lòng nộp phí, lệ phí tại Bộ phận Một cửa.",
    en: "The national online payment platform is not connected; please pay at the one-stop counter.",
  });

const cache = new WeakMap<object, PaymentPlatform>();

/** The platform client of this configuration, or undefined when the province is not connected. */
export function platformOf(deps: Pick<Deps, "config">): PaymentPlatform | undefined {
  const p = deps.config.services.payment;
  if (!p) return undefined;
  let c = cache.get(p);
  if (!c) {
    c = paymentPlatform({ baseUrl: p.url, merchantCode: p.merchantCode, secret: p.secret });
    cache.set(p, c);
  }
  return c;
}

export function requirePlatform(deps: Pick<Deps, "config">): PaymentPlatform {
  const p = platformOf(deps);
  if (!p) throw PAYMENT_OFF();
  return p;
}
