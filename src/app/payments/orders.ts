/**
 * The applicant pays a financial obligation online (issue #7): the payment page of a dossier shows what is owed and
 * why (the fee lines computed when the obligation was raised), `startPayment` creates a payment order (one pending
 * order per obligation; an expired or failed one can be retried) and returns the platform's page to send the browser
 * to. The outcome comes only from the platform (src/app/payments/notices.ts).
 */
import { randomBytes } from "node:crypto";
import { PaymentPlatformError } from "../../adapters/payment/client.js";
import { explainFeeLine, type FeeLine } from "../../domain/fees.js";
import { Status } from "../../domain/status.js";
import { formatVnd } from "../../shared/format.js";
import type { LText } from "../../shared/text.js";
import type { Citizen } from "../actors.js";
import { ownedBy } from "../citizen-dossiers.js";
import type { Deps } from "../deps.js";
import { AppError } from "../errors.js";
import { loadDossier } from "../office/context.js";
import { NOTIFY_PATH, ORDER_TTL_MINUTES, platformOf, RETURN_PATH, requirePlatform } from "./platform.js";

export const PAYMENT_TEXT = {
  notYours: { vi: "Không tìm thấy hồ sơ này trong các hồ sơ của bạn.", en: "This dossier was not found among yours." },
  nothingDue: {
    vi: "Hồ sơ không có nghĩa vụ tài chính đang chờ thanh toán.",
    en: "No financial obligation of this dossier awaits payment.",
  },
  platformDown: {
    vi: "Nền tảng thanh toán trực tuyến quốc gia tạm thời không phản hồi; chưa có khoản tiền nào được thu. Vui lòng thử lại sau ít phút.",
    en: "The national online payment platform is not answering; nothing was charged. Please try again in a few minutes.",
  },
} satisfies Record<string, LText>;

export type OrderStatus = "pending" | "paid" | "failed" | "cancelled" | "expired" | "refund_due";

export interface PaymentOrderView {
  id: string;
  orderNo: string;
  amount: number;
  status: OrderStatus;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  method: string | null;
  transactionId: string | null;
  receiptNo: string | null;
  paymentUrl: string | null;
  note: string | null;
}

export interface ObligationView {
  id: string;
  amount: number;
  description: string;
  status: "requested" | "paid" | "cancelled";
  requestedAt: Date;
  paidAt: Date | null;
  method: string | null;
  /** What is owed and why, line by line (absent when the officer typed the amount). */
  lines: (FeeLine & { why: LText })[] | null;
  orders: PaymentOrderView[];
}

export interface DossierPayments {
  dossier: { id: string; code: string | null; reference: string; procedureName: string; status: number };
  obligations: ObligationView[];
  /** The obligation the applicant can pay now online, if any. */
  payable: ObligationView | null;
  /** A pending, unexpired order of the payable obligation: "continue paying". */
  pendingOrder: PaymentOrderView | null;
  online: boolean;
}

const notYours = () => new AppError(404, "dossier_not_found", PAYMENT_TEXT.notYours);

function orderView(o: {
  id: string;
  order_no: string;
  amount: number;
  status: OrderStatus;
  created_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  method: string | null;
  transaction_id: string | null;
  receipt_no: string | null;
  payment_url: string | null;
  note: string | null;
}): PaymentOrderView {
  return {
    id: o.id,
    orderNo: o.order_no,
    amount: o.amount,
    status: o.status,
    createdAt: o.created_at,
    expiresAt: o.expires_at,
    paidAt: o.paid_at,
    method: o.method,
    transactionId: o.transaction_id,
    receiptNo: o.receipt_no,
    paymentUrl: o.payment_url,
    note: o.note,
  };
}

/** The obligations and payment orders of one of the applicant's dossiers (404 when it is not theirs). */
export async function dossierPayments(deps: Deps, citizenId: string, dossierId: string): Promise<DossierPayments> {
  if (!/^[0-9a-f-]{36}$/i.test(dossierId)) throw notYours();
  const d = await deps.db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["d.id", "d.code", "d.reference", "d.status", "v.name"])
    .where("d.id", "=", dossierId)
    .where(ownedBy(citizenId))
    .executeTakeFirst();
  if (!d) throw notYours();
  const [obligations, orders] = await Promise.all([
    deps.db
      .selectFrom("payment_obligations")
      .selectAll()
      .where("dossier_id", "=", d.id)
      .orderBy("requested_at")
      .execute(),
    deps.db.selectFrom("payment_orders").selectAll().where("dossier_id", "=", d.id).orderBy("created_at").execute(),
  ]);
  const now = deps.now();
  const views: ObligationView[] = obligations.map((p) => ({
    id: p.id,
    amount: p.amount,
    description: p.description,
    status: p.status,
    requestedAt: p.requested_at,
    paidAt: p.paid_at,
    method: p.method,
    lines: p.lines ? (p.lines as FeeLine[]).map((l) => ({ ...l, why: explainFeeLine(l) })) : null,
    orders: orders.filter((o) => o.obligation_id === p.id).map(orderView),
  }));
  const payable =
    d.status === Status.FINANCIAL_OBLIGATION ? (views.find((v) => v.status === "requested") ?? null) : null;
  const pendingOrder =
    payable?.orders.find((o) => o.status === "pending" && o.expiresAt.getTime() > now.getTime()) ?? null;
  return {
    dossier: { id: d.id, code: d.code, reference: d.reference, procedureName: d.name, status: d.status },
    obligations: views,
    payable,
    pendingOrder,
    online: !!platformOf(deps),
  };
}

const orderNo = (now: Date) =>
  `TT${new Date(now.getTime() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, "")}${randomBytes(6).toString("hex").toUpperCase()}`;

/**
 * Starts (or continues) paying the dossier's awaited obligation online: one transaction locks the dossier, checks
 * that it is the applicant's and awaits payment, closes an expired pending order and writes the new order; then the
 * platform is asked for the order (outside the transaction). Returns the platform page to send the browser to.
 */
export async function startPayment(
  deps: Deps,
  citizen: Pick<Citizen, "id">,
  dossierId: string,
): Promise<{ orderId: string; orderNo: string; paymentUrl: string }> {
  const platform = requirePlatform(deps);
  const now = deps.now();
  const order = await deps.db.transaction().execute(async (trx) => {
    const l = await loadDossier(trx, dossierId, { lock: true });
    if (!l) throw notYours();
    const own = await trx
      .selectFrom("dossiers as d")
      .select("d.id")
      .where("d.id", "=", dossierId)
      .where(ownedBy(citizen.id))
      .executeTakeFirst();
    if (!own) throw notYours();
    const p = l.pendingPayment;
    if (l.d.status !== Status.FINANCIAL_OBLIGATION || !p)
      throw new AppError(409, "no_payment_awaited", PAYMENT_TEXT.nothingDue);
    const pending = await trx
      .selectFrom("payment_orders")
      .selectAll()
      .where("obligation_id", "=", p.id)
      .where("status", "=", "pending")
      .forUpdate()
      .executeTakeFirst();
    if (pending && pending.expires_at.getTime() > now.getTime()) return pending;
    if (pending)
      await trx
        .updateTable("payment_orders")
        .set({ status: "expired", settled_at: now, settled_by: "expiry" })
        .where("id", "=", pending.id)
        .execute();
    return trx
      .insertInto("payment_orders")
      .values({
        order_no: orderNo(now),
        obligation_id: p.id,
        dossier_id: l.d.id,
        citizen_id: citizen.id,
        amount: p.amount,
        description: `${p.description}`.slice(0, 200),
        created_at: now,
        expires_at: new Date(now.getTime() + ORDER_TTL_MINUTES * 60_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  if (order.payment_url) return { orderId: order.id, orderNo: order.order_no, paymentUrl: order.payment_url };
  const base = deps.config.baseUrl;
  try {
    // idempotent at the platform per order number: a retry after a crash gets the same page
    const created = await platform.createOrder({
      orderId: order.order_no,
      amount: order.amount,
      description: `${order.description} (${formatVnd(order.amount)})`.slice(0, 255),
      returnUrl: `${base}${RETURN_PATH}`,
      notifyUrl: `${base}${NOTIFY_PATH}`,
      expireAt: order.expires_at.toISOString(),
    });
    await deps.db
      .updateTable("payment_orders")
      .set({ platform_ref: created.platformRef, payment_url: created.paymentUrl })
      .where("id", "=", order.id)
      .execute();
    return { orderId: order.id, orderNo: order.order_no, paymentUrl: created.paymentUrl };
  } catch (e) {
    if (!(e instanceof PaymentPlatformError)) throw e;
    await deps.db
      .updateTable("payment_orders")
      .set({ status: "failed", settled_at: deps.now(), settled_by: "platform", note: e.message.slice(0, 500) })
      .where("id", "=", order.id)
      .where("status", "=", "pending")
      .execute();
    throw new AppError(503, "payment_platform_unavailable", PAYMENT_TEXT.platformDown);
  }
}

/** The order a browser came back for, if it is this applicant's. */
export async function myOrder(deps: Deps, citizenId: string, orderNo: string) {
  const o = await deps.db
    .selectFrom("payment_orders as o")
    .innerJoin("dossiers as d", "d.id", "o.dossier_id")
    .selectAll("o")
    .where("o.order_no", "=", orderNo)
    .where(ownedBy(citizenId))
    .executeTakeFirst();
  return o ? { ...orderView(o), dossierId: o.dossier_id } : undefined;
}

/** What the dossier page links to: fees awaited ("due"), fees paid ("paid"), or nothing. */
export async function paymentLink(deps: Deps, dossierId: string): Promise<"due" | "paid" | undefined> {
  const rows = await deps.db
    .selectFrom("payment_obligations as p")
    .innerJoin("dossiers as d", "d.id", "p.dossier_id")
    .select(["p.status", "d.status as dossier_status"])
    .where("p.dossier_id", "=", dossierId)
    .execute();
  if (rows.some((r) => r.status === "requested" && r.dossier_status === Status.FINANCIAL_OBLIGATION)) return "due";
  return rows.some((r) => r.status === "paid") ? "paid" : undefined;
}
