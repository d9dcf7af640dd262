/**
 * SMS notifications through the gateway (SMS_URL, SMS_CLIENT_ID, SMS_SECRET, SMS_SENDER; a local SANDBOX outside
 * production): every message is recorded in `sms_messages` before it is sent, sent idempotently by its reference,
 * and its signed delivery report (POST DELIVERY_PATH) is checked and applied once.
 */
import { type SmsGateway, SmsError, smsGateway } from "../adapters/sms/client.js";
import type { Deps } from "./deps.js";
import { AppError } from "./errors.js";

export const SMS_TOPIC = "notify.sms";
export const DELIVERY_PATH = "/api/integration/sms/report";

const cache = new WeakMap<object, SmsGateway>();

export function gatewayOf(deps: Pick<Deps, "config">): SmsGateway | undefined {
  const s = deps.config.services.sms;
  if (!s) return undefined;
  let g = cache.get(s);
  if (!g) {
    g = smsGateway({ baseUrl: s.url, clientId: s.clientId, secret: s.secret });
    cache.set(s, g);
  }
  return g;
}

/** Sends one SMS (recorded first; a retry with the same reference sends nothing twice). Throws to be retried. */
export async function sendSms(
  deps: Deps,
  m: { ref: string; dossierId: string | null; to: string; text: string },
): Promise<void> {
  const gw = gatewayOf(deps);
  const s = deps.config.services.sms;
  if (!gw || !s) return;
  await deps.db
    .insertInto("sms_messages")
    .values({ ref: m.ref, dossier_id: m.dossierId, to_phone: m.to, body: m.text })
    .onConflict((oc) => oc.column("ref").doNothing())
    .execute();
  try {
    const r = await gw.send({
      ref: m.ref,
      to: m.to,
      text: m.text,
      sender: s.sender,
      callbackUrl: `${deps.config.baseUrl}${DELIVERY_PATH}`,
    });
    await deps.db
      .updateTable("sms_messages")
      .set({ gateway_id: r.messageId, segments: r.segments })
      .where("ref", "=", m.ref)
      .execute();
  } catch (e) {
    // a refusal of this message (bad number, text) will not change on retry: record it and stop
    if (e instanceof SmsError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429) {
      await deps.db
        .updateTable("sms_messages")
        .set({ status: "failed", error: `${e.code}: ${e.message}`, reported_at: deps.now() })
        .where("ref", "=", m.ref)
        .execute();
      return;
    }
    throw e;
  }
}

const refused = (status: number, code: string, vi: string, en: string) => new AppError(status, code, { vi, en });

/**
 * A delivery report from the gateway: signature and replay window checked, then applied to its message once. A
 * repeat is answered as accepted and changes nothing; a report for a message we never sent is refused (404, so a
 * report that overtook our own record is retried by the gateway).
 */
export async function receiveDeliveryReport(
  deps: Deps,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<{ outcome: "applied" | "duplicate"; status: string }> {
  const gw = gatewayOf(deps);
  if (!gw) throw refused(503, "sms_not_configured", "Chưa kết nối cổng tin nhắn.", "No SMS gateway is connected.");
  const c = gw.checkReport(headers, DELIVERY_PATH, rawBody, deps.now());
  if (!c.ok)
    throw c.reason === "malformed"
      ? refused(400, "malformed_report", "Báo cáo gửi tin không đúng định dạng.", "The delivery report is malformed.")
      : refused(
          401,
          `report_${c.reason}`,
          "Chữ ký báo cáo gửi tin không hợp lệ.",
          "The delivery report's signature is not valid.",
        );
  const r = c.report;
  const status = r.status === "DELIVERED" ? "delivered" : "failed";
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("sms_messages")
      .select(["id", "status", "gateway_id"])
      .where("ref", "=", r.ref)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (row.gateway_id && row.gateway_id !== r.messageId))
      throw refused(404, "unknown_message", "Không có tin nhắn này.", "No such message.");
    if (row.status !== "sent") return { outcome: "duplicate" as const, status: row.status };
    await tx
      .updateTable("sms_messages")
      .set({ status, gateway_id: r.messageId, error: r.error ?? null, reported_at: new Date(r.at) })
      .where("id", "=", row.id)
      .execute();
    return { outcome: "applied" as const, status };
  });
}

/** The latest messages, for the operations page. */
export async function recentSms(deps: Deps, limit = 50) {
  return deps.db
    .selectFrom("sms_messages")
    .leftJoin("dossiers as d", "d.id", "sms_messages.dossier_id")
    .select([
      "sms_messages.id",
      "sms_messages.to_phone",
      "sms_messages.body",
      "sms_messages.status",
      "sms_messages.error",
      "sms_messages.sent_at",
      "sms_messages.reported_at",
      "d.code as dossier_code",
    ])
    .orderBy("sms_messages.id", "desc")
    .limit(limit)
    .execute();
}
