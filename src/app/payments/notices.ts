/**
 * Learning a payment's outcome from the platform (issue #7): its signed server-to-server notice (the callback), or —
 * when the browser comes back — a signed status query made by motcua itself (the browser's word alone is never
 * believed). Both go through `applyNotice`: one transaction locks the dossier and the order, asks the pure rule
 * (`judgeNotice`, src/domain/payment/notice.ts), and writes the order's outcome; a success settles the financial
 * obligation through the office lifecycle (`settleObligation`: the clock resumes, `payment_confirmed` in the
 * history, the applicant notified through the outbox). Every notice is logged in `payment_notices` with what was done.
 */
import type { PaymentNotice } from "../../adapters/payment/protocol.js";
import type { Selectable } from "kysely";
import type { PaymentOrdersTable } from "../../adapters/db/schema.js";
import {
  type Judgement,
  judgeNotice,
  type NoticeFacts,
  type OrderState,
  type OrderStatus,
} from "../../domain/payment/notice.js";
import { Status } from "../../domain/status.js";
import type { LText } from "../../shared/text.js";
import { getCalendar } from "../calendar.js";
import type { Deps } from "../deps.js";
import { AppError } from "../errors.js";
import type { Actor } from "../history.js";
import { settleObligation } from "../office/actions.js";
import { loadDossier } from "../office/context.js";
import { type ActionContext, commit, nextDocumentNo } from "../office/engine.js";
import { ensureIssuedForms } from "../office/forms.js";
import { NOTICE_MAX_AGE_SECONDS, requirePlatform } from "./platform.js";

export const PLATFORM_ACTOR: Actor = {
  kind: "integration",
  id: null,
  name: "Nền tảng thanh toán trực tuyến quốc gia",
};

const REFUSED: Record<string, { status: number; text: LText }> = {
  not_an_object: {
    status: 400,
    text: { vi: "Nội dung thông báo thanh toán không đúng định dạng.", en: "The payment notice is malformed." },
  },
  malformed: {
    status: 400,
    text: { vi: "Nội dung thông báo thanh toán không đúng định dạng.", en: "The payment notice is malformed." },
  },
  bad_signature: {
    status: 401,
    text: {
      vi: "Chữ ký của thông báo thanh toán không hợp lệ; thông báo bị từ chối.",
      en: "The payment notice's signature is not valid; the notice is refused.",
    },
  },
  other_merchant: {
    status: 401,
    text: {
      vi: "Thông báo thanh toán không dành cho tài khoản đơn vị chấp nhận thanh toán này.",
      en: "The payment notice is for another merchant account.",
    },
  },
  stale: {
    status: 401,
    text: {
      vi: "Thông báo thanh toán đã được ký quá lâu (có thể là thông báo bị phát lại); thông báo bị từ chối.",
      en: "The payment notice was signed too long ago (possibly replayed); the notice is refused.",
    },
  },
  unknown_order: {
    status: 404,
    text: {
      vi: "Không có lệnh thanh toán này; thông báo bị từ chối.",
      en: "There is no such payment order; the notice is refused.",
    },
  },
};

export interface NoticeResult {
  outcome: "applied" | "duplicate" | "ignored";
  orderNo: string;
  orderStatus: OrderStatus;
  message: LText;
}

const MESSAGES: Record<string, LText> = {
  paid: { vi: "Đã ghi nhận thanh toán thành công.", en: "The payment was recorded." },
  paid_late: {
    vi: "Đã ghi nhận thanh toán thành công sau thời hạn của lệnh thanh toán; nghĩa vụ tài chính được xác nhận.",
    en: "The payment succeeded after the order expired; it was recorded and the obligation confirmed.",
  },
  refund_due: {
    vi: "Thanh toán thành công nhưng hồ sơ không còn chờ nộp khoản này; khoản tiền được ghi nhận để hoàn trả.",
    en: "The payment succeeded but the dossier no longer awaits it; the amount is recorded to be refunded.",
  },
  failed: { vi: "Đã ghi nhận giao dịch không thành công.", en: "The failed payment was recorded." },
  cancelled: { vi: "Đã ghi nhận giao dịch bị hủy.", en: "The cancelled payment was recorded." },
  expired: { vi: "Đã ghi nhận lệnh thanh toán hết hạn.", en: "The expired order was recorded." },
  duplicate: {
    vi: "Thông báo này đã được ghi nhận trước đó.",
    en: "This notice was already recorded.",
  },
  pending_notice: {
    vi: "Giao dịch đang chờ xử lý; không có thay đổi.",
    en: "The payment is pending; nothing changed.",
  },
  reordered: {
    vi: "Thông báo cũ hơn thông báo đã ghi nhận; bỏ qua.",
    en: "The notice is older than the one recorded; ignored.",
  },
  order_closed: {
    vi: "Lệnh thanh toán đã hết hạn; không có thay đổi.",
    en: "The payment order had expired; nothing changed.",
  },
};

const TERMINAL: OrderStatus[] = ["paid", "failed", "cancelled", "refund_due"];

function orderState(o: Selectable<PaymentOrdersTable>): OrderState {
  return {
    status: o.status,
    amount: o.amount,
    currency: o.currency,
    transactionId: o.transaction_id,
    expiresAt: o.expires_at,
    settledNoticeTs: o.settled_at && o.status !== "expired" ? Math.floor(o.settled_at.getTime() / 1000) : null,
  };
}

async function logNotice(
  deps: Deps,
  n: { orderNo?: unknown; transactionId?: unknown; status?: unknown; amount?: unknown },
  outcome: "applied" | "duplicate" | "ignored" | "refused",
  reason: string | null,
  source: string,
  body: unknown,
  db: Pick<Deps, "db">["db"] = deps.db,
) {
  const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 100) : null);
  await db
    .insertInto("payment_notices")
    .values({
      received_at: deps.now(),
      order_no: str(n.orderNo),
      transaction_id: str(n.transactionId),
      status: str(n.status),
      amount: Number.isSafeInteger(n.amount) ? (n.amount as number) : null,
      outcome,
      reason,
      source,
      body: JSON.stringify(body ?? null).slice(0, 8000),
    })
    .execute();
}

/**
 * Applies one verified notice to its order. Throws a logged AppError for refusals (unknown order, amount or
 * currency mismatch, an already-settled order); answers duplicates and stale ones without changing anything.
 */
export async function applyNotice(
  deps: Deps,
  orderNo: string,
  facts: NoticeFacts & { method?: string; bankCode?: string; paidAt?: string },
  source: "callback" | "return" | "expiry",
  body: unknown,
): Promise<NoticeResult> {
  const logged = { orderNo, transactionId: facts.transactionId, status: facts.status, amount: facts.amount };
  const found = await deps.db
    .selectFrom("payment_orders")
    .selectAll()
    .where("order_no", "=", orderNo)
    .executeTakeFirst();
  if (!found) {
    await logNotice(deps, logged, "refused", "unknown_order", source, body);
    throw new AppError(404, "payment_unknown_order", REFUSED.unknown_order.text);
  }
  // a settled order (paid, failed, cancelled, refund due) never changes again: its duplicates, reordered and refused
  // notices are judged without locking the dossier
  if (TERMINAL.includes(found.status)) {
    const j = judgeNotice(orderState(found), facts, false, deps.now());
    if (j.kind === "refuse") {
      await logNotice(deps, logged, "refused", j.code, source, body);
      throw new AppError(j.status, j.code, j.message);
    }
    if (j.kind === "duplicate" || j.kind === "ignore") {
      const reason = j.kind === "duplicate" ? "duplicate" : j.reason;
      await logNotice(deps, logged, j.kind === "duplicate" ? "duplicate" : "ignored", reason, source, body);
      return {
        outcome: j.kind === "duplicate" ? "duplicate" : "ignored",
        orderNo,
        orderStatus: found.status,
        message: MESSAGES[reason],
      };
    }
  }
  const cal = await getCalendar(deps);
  const now = deps.now();
  const forms: ActionContext["forms"] = [];
  let refused: Extract<Judgement, { kind: "refuse" }> | undefined;
  const result = await deps.db.transaction().execute(async (trx): Promise<NoticeResult | undefined> => {
    // the dossier first, then the order: the order in which startPayment and the office actions lock
    const l = await loadDossier(trx, found.dossier_id, { lock: true, hoursPerDay: cal.hoursPerDay });
    if (!l) throw new Error(`payment order ${orderNo}: dossier missing`);
    const o = await trx
      .selectFrom("payment_orders")
      .selectAll()
      .where("id", "=", found.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const awaiting = l.d.status === Status.FINANCIAL_OBLIGATION && l.pendingPayment?.id === o.obligation_id;
    const j = judgeNotice(orderState(o), facts, awaiting, now);
    if (j.kind === "refuse") {
      refused = j;
      return undefined;
    }
    if (j.kind === "duplicate" || j.kind === "ignore") {
      const reason = j.kind === "duplicate" ? "duplicate" : j.reason;
      await logNotice(deps, logged, j.kind === "duplicate" ? "duplicate" : "ignored", reason, source, body, trx);
      return {
        outcome: j.kind === "duplicate" ? "duplicate" : "ignored",
        orderNo,
        orderStatus: o.status,
        message: MESSAGES[reason],
      };
    }
    const paid = j.to === "paid" || j.to === "refund_due";
    const receiptNo = paid
      ? `BL${String(new Date(now.getTime() + 7 * 3600_000).getUTCFullYear()).slice(2)}E-${String(await nextDocumentNo(trx, l.d.receiving_unit_id, "BLDT", now)).padStart(7, "0")}`
      : null;
    const signedAt = new Date(facts.timestamp * 1000);
    await trx
      .updateTable("payment_orders")
      .set({
        status: j.to,
        transaction_id: facts.transactionId,
        method: facts.method ?? null,
        bank_code: facts.bankCode ?? null,
        // the notice's signing time orders later notices against this one (reordering)
        settled_at: signedAt,
        settled_by: source,
        ...(paid
          ? { paid_at: facts.paidAt && !Number.isNaN(Date.parse(facts.paidAt)) ? new Date(facts.paidAt) : now }
          : {}),
        ...(receiptNo ? { receipt_no: receiptNo } : {}),
        ...(j.kind === "settle" && j.late ? { note: "paid after the order expired" } : {}),
      })
      .where("id", "=", o.id)
      .execute();
    const c: ActionContext = {
      trx,
      deps,
      cal,
      now,
      actor: PLATFORM_ACTOR,
      l,
      head: { id: l.d.id, last_event_seq: l.d.last_event_seq, last_event_hash: l.d.last_event_hash },
      forms,
    };
    if (j.settleObligation)
      await settleObligation(c, { method: "online", reference: facts.transactionId, orderId: o.id });
    else if (j.to === "refund_due")
      await commit(
        c,
        {},
        {
          type: "payment_refund_due",
          data: { order: o.id, orderNo, amount: o.amount, transactionId: facts.transactionId, receiptNo },
        },
      );
    await logNotice(deps, logged, "applied", j.to, source, body, trx);
    const key = j.to === "paid" ? (j.late ? "paid_late" : "paid") : j.to;
    return { outcome: "applied", orderNo, orderStatus: j.to, message: MESSAGES[key] };
  });
  if (refused || !result) {
    const r = refused!;
    await logNotice(deps, logged, "refused", r.code, source, body);
    throw new AppError(r.status, r.code, r.message);
  }
  await ensureIssuedForms(deps, found.dossier_id, forms);
  return result;
}

/** The platform's callback: verified (signature, merchant, replay window) and applied; refusals are logged. */
export async function receiveNotice(deps: Deps, body: unknown): Promise<NoticeResult> {
  const platform = requirePlatform(deps);
  const check = platform.checkNotice(body, deps.now(), NOTICE_MAX_AGE_SECONDS);
  if (!check.ok) {
    const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    await logNotice(
      deps,
      { orderNo: b.orderId, transactionId: b.transactionId, status: b.status, amount: b.amount },
      "refused",
      check.reason,
      "callback",
      body,
    );
    const r = REFUSED[check.reason] ?? REFUSED.malformed;
    throw new AppError(r.status, `payment_notice_${check.reason}`, r.text);
  }
  const n: PaymentNotice = check.notice;
  return applyNotice(
    deps,
    n.orderId,
    {
      status: n.status,
      amount: n.amount,
      currency: n.currency,
      transactionId: n.transactionId,
      timestamp: n.timestamp,
      method: n.method,
      bankCode: n.bankCode,
      paidAt: n.paidAt,
    },
    "callback",
    body,
  );
}

/**
 * Asks the platform for an order's status (signed query) and applies the answer like a notice: used when the
 * browser comes back and by the expiry job. Returns undefined when the platform cannot say (unreachable, pending).
 */
export async function queryAndApply(
  deps: Deps,
  orderNo: string,
  source: "return" | "expiry",
): Promise<NoticeResult | undefined> {
  const platform = requirePlatform(deps);
  let r: Awaited<ReturnType<typeof platform.queryOrder>>;
  try {
    r = await platform.queryOrder(orderNo);
  } catch {
    return undefined;
  }
  if (r.status === "PENDING" || !r.transactionId) return undefined;
  return applyNotice(
    deps,
    orderNo,
    {
      status: r.status,
      amount: r.amount,
      currency: "VND",
      transactionId: r.transactionId,
      timestamp: Math.floor(deps.now().getTime() / 1000),
    },
    source,
    { query: orderNo, ...r },
  );
}
