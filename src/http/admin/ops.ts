/**
 * Operations (issue #9): the outbox — `/office/quan-tri/hang-doi` and `/api/admin/outbox` — with "requeue" for a
 * failed message. Locked accounts and the audit log are in ./officers.ts.
 */
import { Type } from "@sinclair/typebox";
import { outboxOverview, type OutboxState, requeueOutboxMessage } from "../../app/admin/outbox.js";
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import { AppError, fill } from "../../app/errors.js";
import { pick } from "../../shared/text.js";
import { OPS_TEXT, outboxPage } from "../../web/admin/ops.js";
import { officerForPage } from "../office/auth.js";
import { requireOfficer } from "../officer-auth.js";
import { DateTime, ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { one, userOf } from "../office/page-helpers.js";

const HTML = "text/html; charset=utf-8";
const BASE = "/office/quan-tri/hang-doi";
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Nullable = <T extends import("@sinclair/typebox").TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const adminOpsRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { state?: OutboxState; topic?: string; limit?: number } }>(
    "/api/admin/outbox",
    {
      schema: {
        tags: ["admin"],
        summary: "The outbox per topic, and its pending or failed messages (administrators)",
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("failed")])),
          topic: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: {
          200: Type.Object({
            topics: Type.Array(
              Type.Object({
                topic: Type.String(),
                pending: Type.Integer(),
                failed: Type.Integer(),
                doneLastDay: Type.Integer(),
                oldestPendingAt: Nullable(DateTime),
              }),
            ),
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                topic: Type.String(),
                key: Type.String(),
                dossierCode: Nullable(Type.String()),
                createdAt: DateTime,
                availableAt: DateTime,
                attempts: Type.Integer(),
                lastError: Nullable(Type.String()),
                failedAt: Nullable(DateTime),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => outboxOverview(deps, await requireOfficer(req, deps), req.query),
  );

  app.post<{ Params: { id: number } }>(
    "/api/admin/outbox/:id/requeue",
    {
      schema: {
        tags: ["admin"],
        summary: "Requeue a failed outbox message, due now (audited)",
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ id: Type.Integer(), topic: Type.String() }), ...errors },
      },
    },
    async (req) => requeueOutboxMessage(deps, await requireOfficer(req, deps), req.params.id, { ip: req.ip }),
  );

  app.get<{ Querystring: Record<string, unknown> }>(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const state: OutboxState = one(req.query.state) === "pending" ? "pending" : "failed";
    const topic = one(req.query.topic)?.slice(0, 100) || undefined;
    const requeued = one(req.query.requeued);
    const r = await outboxOverview(deps, officer, { state, topic });
    return reply.type(HTML).send(
      outboxPage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        state,
        topic,
        ...r,
        flash:
          requeued && /^\d+$/.test(requeued) ? pick(fill(OPS_TEXT.requeued, { id: requeued }), req.lang) : undefined,
      }),
    );
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/requeue`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const id = Number(req.params.id);
    if (!/^\d{1,15}$/.test(req.params.id) || id < 1)
      throw new AppError(404, "not_found", { vi: "Không tìm thấy thông điệp.", en: "Message not found." });
    const r = await requeueOutboxMessage(deps, officer, id, { ip: req.ip });
    const q = new URLSearchParams({ state: "failed", topic: r.topic, requeued: String(r.id) });
    if (req.lang === "en") q.set("lang", "en");
    return reply.redirect(`${BASE}?${q}`, 303);
  });
};
