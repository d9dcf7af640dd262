/**
 * The applicant pays fees and charges online (issue #7): the payment page of a dossier
 * (`/ho-so-cua-toi/:id/thanh-toan`: what is owed and why, the pay button), which creates the payment order and
 * redirects the browser to the national payment platform; the page the platform sends the browser back to
 * (`/thanh-toan/ket-qua`), which asks the platform itself (a signed status query) and otherwise shows "waiting for
 * confirmation" until the platform's signed notice arrives; the electronic receipt; and the same as JSON under
 * `/api/dossiers/:id/payments`. Another applicant's dossier answers 404.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../app/errors.js";
import { queryAndApply } from "../../app/payments/notices.js";
import { dossierPayments, myOrder, startPayment } from "../../app/payments/orders.js";
import { platformOf, RETURN_PATH } from "../../app/payments/platform.js";
import { receiptPdf } from "../../app/payments/receipt.js";
import { pick } from "../../shared/text.js";
import { PAY_TEXT, renderPaymentPage, renderPaymentResult } from "../../web/portal/payment.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import { ErrorBody } from "../schemas.js";
import { send } from "./dossier-actions.js";
import type { RouteModule } from "../types.js";

const Params = Type.Object({ id: Type.String({ format: "uuid" }) });
const errors = { 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const Order = Type.Object({
  orderNo: Type.String(),
  amount: Type.Integer(),
  status: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.String(), Type.Null()]),
  receiptNo: Type.Union([Type.String(), Type.Null()]),
});
const Payments = Type.Object({
  dossierId: Type.String(),
  online: Type.Boolean({ description: "The national payment platform is connected" }),
  payable: Type.Union([Type.String(), Type.Null()], { description: "The obligation that can be paid now" }),
  obligations: Type.Array(
    Type.Object({
      id: Type.String(),
      amount: Type.Integer(),
      description: Type.String(),
      status: Type.String(),
      requestedAt: Type.String(),
      paidAt: Type.Union([Type.String(), Type.Null()]),
      method: Type.Union([Type.String(), Type.Null()]),
      lines: Type.Union([
        Type.Array(
          Type.Object({
            name: Type.String(),
            basis: Type.String(),
            unitAmount: Type.Number(),
            quantity: Type.Integer(),
            amount: Type.Integer(),
            exemptBy: Type.Union([Type.String(), Type.Null()]),
            why: Type.String({ description: "How it is computed, in the caller's language" }),
          }),
        ),
        Type.Null(),
      ]),
      orders: Type.Array(Order),
    }),
  ),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const paymentPortalRoutes: RouteModule = (app, deps) => {
  const login = (req: FastifyRequest, reply: FastifyReply) =>
    reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);

  // ---- JSON ----
  app.get<{ Params: { id: string } }>(
    "/api/dossiers/:id/payments",
    {
      schema: {
        tags: ["portal"],
        summary: "Fees and charges of my dossier: what is owed and why, and the payments made",
        params: Params,
        response: { 200: Payments, ...errors },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const p = await dossierPayments(deps, citizen.id, req.params.id);
      return {
        dossierId: p.dossier.id,
        online: p.online,
        payable: p.payable?.id ?? null,
        obligations: p.obligations.map((o) => ({
          id: o.id,
          amount: o.amount,
          description: o.description,
          status: o.status,
          requestedAt: o.requestedAt.toISOString(),
          paidAt: iso(o.paidAt),
          method: o.method,
          lines: o.lines
            ? o.lines.map((l) => ({
                name: l.name,
                basis: l.basis,
                unitAmount: l.unitAmount,
                quantity: l.quantity,
                amount: l.amount,
                exemptBy: l.exemptBy,
                why: pick(l.why, req.lang),
              }))
            : null,
          orders: o.orders.map((x) => ({
            orderNo: x.orderNo,
            amount: x.amount,
            status: x.status,
            createdAt: x.createdAt.toISOString(),
            expiresAt: x.expiresAt.toISOString(),
            paidAt: iso(x.paidAt),
            method: x.method,
            receiptNo: x.receiptNo,
          })),
        })),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/dossiers/:id/payments",
    {
      schema: {
        tags: ["portal"],
        summary: "Pay my dossier's awaited fees online: creates (or continues) a payment order",
        description:
          "Send the applicant's browser to `paymentUrl` (the national payment platform). The outcome is known only from the platform's signed notice; poll GET /api/dossiers/:id/payments.",
        params: Params,
        response: {
          201: Type.Object({ orderNo: Type.String(), paymentUrl: Type.String() }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      const r = await startPayment(deps, citizen, req.params.id);
      return reply.code(201).send({ orderNo: r.orderNo, paymentUrl: r.paymentUrl });
    },
  );

  // ---- pages ----
  app.get<{ Params: { id: string } }>(
    "/ho-so-cua-toi/:id/thanh-toan",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const p = await dossierPayments(deps, citizen.id, req.params.id);
      return send(req, reply, citizen, pick(PAY_TEXT.title, req.lang), renderPaymentPage(p, req.lang));
    },
  );

  app.post<{ Params: { id: string } }>(
    "/ho-so-cua-toi/:id/thanh-toan",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      try {
        const r = await startPayment(deps, citizen, req.params.id);
        return reply.redirect(r.paymentUrl, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404 || e.status === 401) throw e;
        const p = await dossierPayments(deps, citizen.id, req.params.id);
        const body = renderPaymentPage(p, req.lang, pick(e.text, req.lang));
        return send(req, reply, citizen, pick(PAY_TEXT.title, req.lang), body, e.status);
      }
    },
  );

  app.get<{ Querystring: Record<string, string> }>(RETURN_PATH, { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return login(req, reply);
    const q = req.query ?? {};
    const orderNo = typeof q.orderId === "string" ? q.orderId.slice(0, 64) : "";
    const title = pick(PAY_TEXT.resultTitle, req.lang);
    const platform = platformOf(deps);
    // the platform's signed return names the order; without a signature, only a look at one's own order (refresh)
    const signed = "signature" in q;
    if (!orderNo || (signed && !platform?.checkReturn(q).ok))
      return send(
        req,
        reply,
        citizen,
        title,
        renderPaymentResult({ dossierId: "", order: undefined, canRetry: false }, req.lang),
        400,
      );
    let order = await myOrder(deps, citizen.id, orderNo);
    if (!order)
      throw new AppError(404, "payment_order_not_found", {
        vi: "Không tìm thấy lệnh thanh toán.",
        en: "Payment order not found.",
      });
    if (order.status === "pending" && platform) {
      // the browser's word is not believed: ask the platform (signed query); a notice may also have arrived meanwhile
      await queryAndApply(deps, orderNo, "return").catch((e) => {
        if (!(e instanceof AppError)) throw e;
        req.log.warn({ code: e.code, order: orderNo }, "payment return: platform answer refused");
      });
      order = (await myOrder(deps, citizen.id, orderNo)) ?? order;
    }
    const p = await dossierPayments(deps, citizen.id, order.dossierId);
    const body = renderPaymentResult(
      { dossierId: order.dossierId, order, canRetry: !!p.payable && !p.pendingOrder && p.online },
      req.lang,
    );
    return send(req, reply, citizen, title, body);
  });

  app.get<{ Params: { id: string; orderNo: string } }>(
    "/ho-so-cua-toi/:id/bien-lai/:orderNo",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const r = await receiptPdf(deps, citizen.id, req.params.id, req.params.orderNo);
      return reply
        .type("application/pdf")
        .header("cache-control", "private, no-store")
        .header("x-content-type-options", "nosniff")
        .header("content-disposition", `inline; filename="${r.name}"`)
        .send(r.bytes);
    },
  );
};
