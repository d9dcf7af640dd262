/**
 * Online payment reconciliation (issue #7), for administrators and supervisors: the page `/office/thanh-toan` (runs
 * by day with their mismatches, payments to refund, refused notices; "run the reconciliation" for a day) and the same
 * as JSON under `/api/office/payments/reconciliations`. The use cases authorise (403 for other roles).
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Officer } from "../../app/actors.js";
import { AppError, fill } from "../../app/errors.js";
import {
  authoriseReconciliation,
  listReconciliations,
  paymentFollowUp,
  type ReconciliationRun,
  runReconciliation,
  yesterday,
} from "../../app/payments/reconcile.js";
import { pick } from "../../shared/text.js";
import { RECON_TEXT, reconciliationPage } from "../../web/office/payments.js";
import { formValue, readFormBody } from "../form-body.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { officerForPage } from "./auth.js";
import { one, userOf } from "./page-helpers.js";

const Run = Type.Object({
  id: Type.String(),
  day: Type.String(),
  runAt: Type.String(),
  settledCount: Type.Integer(),
  localCount: Type.Integer(),
  settledAmount: Type.Integer(),
  localAmount: Type.Integer(),
  mismatches: Type.Array(Type.Object({ kind: Type.String(), orderId: Type.String() }, { additionalProperties: true })),
  error: Type.Union([Type.String(), Type.Null()]),
});
const json = (r: ReconciliationRun) => ({ ...r, runAt: r.runAt.toISOString() });
const errors = { 401: ErrorBody, 403: ErrorBody, 422: ErrorBody, 503: ErrorBody };

export const paymentOfficeRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/office/payments/reconciliations",
    {
      schema: {
        tags: ["office"],
        summary: "Online payment reconciliation: the latest run of each of the last 30 days, with its mismatches",
        response: { 200: Type.Object({ runs: Type.Array(Run) }), ...errors },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return { runs: (await listReconciliations(deps, officer)).map(json) };
    },
  );

  app.post(
    "/api/office/payments/reconciliations",
    {
      schema: {
        tags: ["office"],
        summary: "Reconcile a day (Vietnam time) against the payment platform's settlement file",
        body: Type.Object({ day: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "yyyy-mm-dd" }) }),
        response: { 201: Run, ...errors },
      },
    },
    async (req, reply) => {
      const officer = await requireOfficer(req, deps);
      const run = await runReconciliation(deps, officer, req.body.day, { ip: req.ip });
      return reply.code(201).send(json(run));
    },
  );

  const render = async (
    req: FastifyRequest,
    reply: FastifyReply,
    officer: Officer,
    o: { day?: string; flash?: string; errors?: { id: string; message: string }[]; status?: number } = {},
  ) => {
    authoriseReconciliation(officer);
    const [runs, follow] = await Promise.all([listReconciliations(deps, officer), paymentFollowUp(deps, officer)]);
    return reply
      .code(o.status ?? 200)
      .type("text/html; charset=utf-8")
      .send(
        reconciliationPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          runs,
          ...follow,
          day: o.day ?? yesterday(deps.now()),
          flash: o.flash,
          errors: o.errors,
        }),
      );
  };

  app.get<{ Querystring: Record<string, unknown> }>(
    "/office/thanh-toan",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const ran = one(req.query.ran);
      const flash =
        ran && /^\d{4}-\d{2}-\d{2}$/.test(ran) ? pick(fill(RECON_TEXT.ran, { day: ran }), req.lang) : undefined;
      return render(req, reply, officer, { flash });
    },
  );

  app.post("/office/thanh-toan/doi-soat", { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const day = (formValue(await readFormBody(req, deps), "day") ?? "").trim();
    try {
      await runReconciliation(deps, officer, day, { ip: req.ip });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      return render(req, reply, officer, {
        day,
        status: 422,
        errors: [{ id: "recon-day", message: pick(e.text, req.lang) }],
      });
    }
    return reply.redirect(`/office/thanh-toan?ran=${day}${req.lang === "en" ? "&lang=en" : ""}`, 303);
  });
};
