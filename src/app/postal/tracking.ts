/**
 * The postal service's signed tracking callbacks (issue #7). Each is checked (HMAC signature over the raw body,
 * replay window, shape: src/adapters/postal/client.ts), matched to its shipment (tracking number and reference), and
 * judged by its sequence number (src/domain/postal.ts): a duplicate or a late (reordered) one changes nothing; a new
 * step is applied in one transaction with the dossier locked — the shipment's status and a `postal_*` event in the
 * history (officer and applicant see it). A delivered result ends the return step through the same code as a return
 * at the counter (`returnResult`); a failed or returned delivery puts the dossier back in the counter's hands with a
 * note and tells the applicant. Every callback is logged in `postal_callbacks` with what was done.
 */
import type { TrackingEvent } from "../../adapters/postal/protocol.js";
import { judgeTracking, type ShipmentStatus } from "../../domain/postal.js";
import { Status } from "../../domain/status.js";
import type { LText } from "../../shared/text.js";
import type { Deps } from "../deps.js";
import { AppError } from "../errors.js";
import { returnResult } from "../office/actions.js";
import { commit } from "../office/engine.js";
import { CALLBACK_PATH, postalEvent, requirePostal } from "./service.js";

const REFUSED: Record<string, { status: number; text: LText }> = {
  missing: {
    status: 401,
    text: { vi: "Thiếu hoặc sai định dạng chữ ký của thông báo bưu chính.", en: "The postal notice is not signed." },
  },
  bad_signature: {
    status: 401,
    text: {
      vi: "Chữ ký của thông báo bưu chính không hợp lệ; thông báo bị từ chối.",
      en: "The postal notice's signature is not valid; the notice is refused.",
    },
  },
  stale: {
    status: 401,
    text: {
      vi: "Thông báo bưu chính đã được ký quá lâu (có thể bị phát lại); thông báo bị từ chối.",
      en: "The postal notice was signed too long ago (possibly replayed); the notice is refused.",
    },
  },
  malformed: {
    status: 400,
    text: { vi: "Nội dung thông báo bưu chính không đúng định dạng.", en: "The postal notice is malformed." },
  },
  unknown_shipment: {
    status: 404,
    text: {
      vi: "Không có bưu gửi nào với số hiệu và mã tham chiếu này; thông báo bị từ chối.",
      en: "No shipment has this tracking number and reference; the notice is refused.",
    },
  },
};

const MESSAGES: Record<string, LText> = {
  applied: { vi: "Đã ghi nhận trạng thái bưu gửi.", en: "The tracking step was recorded." },
  duplicate: { vi: "Thông báo này đã được ghi nhận trước đó.", en: "This notice was already recorded." },
  reordered: {
    vi: "Thông báo cũ hơn trạng thái đã ghi nhận; bỏ qua.",
    en: "The notice is older than the step recorded; ignored.",
  },
  no_change: { vi: "Thông báo không làm thay đổi trạng thái; bỏ qua.", en: "The notice changes nothing; ignored." },
  closed: { vi: "Bưu gửi đã kết thúc; bỏ qua.", en: "The shipment is closed; ignored." },
};

export interface TrackingResult {
  outcome: "applied" | "duplicate" | "ignored";
  status: ShipmentStatus;
  message: LText;
}

async function log(
  deps: Deps,
  e: Partial<TrackingEvent>,
  outcome: "applied" | "duplicate" | "ignored" | "refused",
  reason: string | null,
  raw: string,
  db: Deps["db"] = deps.db,
) {
  const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 100) : null);
  await db
    .insertInto("postal_callbacks")
    .values({
      received_at: deps.now(),
      tracking_number: str(e.trackingNumber),
      reference: str(e.reference),
      status: str(e.status),
      sequence: Number.isSafeInteger(e.sequence) ? (e.sequence as number) : null,
      outcome,
      reason,
      body: raw.slice(0, 8000),
    })
    .execute();
}

const NOTE = {
  pickupDelivered: "Hồ sơ giấy do bưu chính thu gom đã đến nơi tiếp nhận.",
  deliveryFailed:
    "Bưu chính phát kết quả không thành công; kết quả trở lại Bộ phận Một cửa để liên hệ công dân, trả trực tiếp hoặc gửi lại qua bưu chính.",
  deliveryReturned:
    "Bưu chính đã chuyển hoàn kết quả; kết quả trở lại Bộ phận Một cửa để trả trực tiếp hoặc gửi lại qua bưu chính.",
};

function parsed(raw: string): Partial<TrackingEvent> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" ? (v as Partial<TrackingEvent>) : {};
  } catch {
    return {};
  }
}

/** Receives one callback: verified, applied, logged. Throws a logged AppError for the refused ones. */
export async function receiveTracking(
  deps: Deps,
  headers: Record<string, string | string[] | undefined>,
  raw: string,
): Promise<TrackingResult> {
  const client = requirePostal(deps);
  const check = client.checkCallback(headers, CALLBACK_PATH, raw, deps.now());
  if (!check.ok) {
    await log(deps, parsed(raw), "refused", check.reason, raw);
    const r = REFUSED[check.reason] ?? REFUSED.malformed;
    throw new AppError(r.status, `postal_callback_${check.reason}`, r.text);
  }
  const e = check.event;
  const found = await deps.db
    .selectFrom("postal_shipments")
    .select(["id", "dossier_id", "reference"])
    .where("tracking_number", "=", e.trackingNumber)
    .executeTakeFirst();
  if (!found || found.reference !== e.reference) {
    await log(deps, e, "refused", "unknown_shipment", raw);
    throw new AppError(404, "postal_unknown_shipment", REFUSED.unknown_shipment.text);
  }
  let result: TrackingResult | undefined;
  await postalEvent(deps, found.dossier_id, async (c) => {
    const s = await c.trx
      .selectFrom("postal_shipments")
      .selectAll()
      .where("id", "=", found.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const j = judgeTracking({ status: s.status, lastSequence: s.last_sequence }, e);
    if (j.kind !== "apply") {
      const reason = j.kind === "duplicate" ? "duplicate" : j.reason;
      await log(deps, e, j.kind === "duplicate" ? "duplicate" : "ignored", reason, raw, c.trx);
      result = {
        outcome: j.kind === "duplicate" ? "duplicate" : "ignored",
        status: s.status,
        message: MESSAGES[reason],
      };
      return;
    }
    await c.trx
      .updateTable("postal_shipments")
      .set({ status: j.to, last_sequence: e.sequence, updated_at: c.now })
      .where("id", "=", s.id)
      .execute();
    const delivery = s.kind === "delivery";
    const backToCounter = delivery && (j.to === "failed" || j.to === "returned") && c.l.d.status === Status.PROCESSED;
    const note =
      e.note ??
      (j.to === "delivered" && !delivery ? NOTE.pickupDelivered : null) ??
      (backToCounter ? (j.to === "failed" ? NOTE.deliveryFailed : NOTE.deliveryReturned) : null);
    await commit(c, backToCounter ? { current_unit_id: c.l.d.receiving_unit_id } : {}, {
      type: `postal_${j.to}`,
      data: {
        shipment: s.id,
        kind: s.kind,
        trackingNumber: e.trackingNumber,
        at: e.at,
        sequence: e.sequence,
        note:
          backToCounter && e.note
            ? `${e.note} — ${j.to === "failed" ? NOTE.deliveryFailed : NOTE.deliveryReturned}`
            : note,
      },
      notify: backToCounter,
    });
    // the result reached the applicant: the return step ends as at the counter
    if (delivery && j.to === "delivered" && c.l.d.status === Status.PROCESSED)
      await returnResult(
        c,
        { method: "post", note: `Bưu chính công ích, số hiệu ${e.trackingNumber}` },
        { trackingNumber: e.trackingNumber },
      );
    await log(deps, e, "applied", j.to, raw, c.trx);
    result = { outcome: "applied", status: j.to, message: MESSAGES.applied };
  });
  return result!;
}
