/**
 * Petitions in the office (issue #8): the queue, one petition and its actions, as JSON (`/api/office/petitions…`) and
 * as pages (`/office/phan-anh…`, working without JavaScript). The use cases (src/app/petitions/office.ts) authorise.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Officer } from "../../app/actors.js";
import { AppError, type FieldError } from "../../app/errors.js";
import {
  getOfficePetition,
  PETITION_ACTION_INPUTS,
  PetitionQueueQuery,
  petitionAction,
  petitionQueue,
  readPetitionFile,
} from "../../app/petitions/office.js";
import { PETITION_ACTIONS, type PetitionAction } from "../../domain/petitions.js";
import { pick } from "../../shared/text.js";
import { officePage } from "../../web/office/common.js";
import { OFFICE_PETITION_TEXT, renderOfficePetition, renderPetitionQueue } from "../../web/office/petitions.js";
import { formRecord, readFormBody } from "../form-body.js";
import { requireOfficer } from "../officer-auth.js";
import { PetitionSchema } from "../portal/petitions.js";
import { DateTime, ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { officerForPage } from "./auth.js";
import { one, userOf } from "./page-helpers.js";

const Str = Type.String();
const StrOrNull = Type.Union([Type.String(), Type.Null()]);

const QueueRow = Type.Object({
  id: Str,
  code: Str,
  title: Str,
  subjectKind: Str,
  status: Str,
  unitName: Str,
  assigneeName: StrOrNull,
  receivedAt: DateTime,
  dueAt: DateTime,
  overdue: Type.Boolean(),
  dueState: Str,
  published: Type.Boolean(),
});

const OfficePetitionSchema = Type.Intersect([
  PetitionSchema,
  Type.Object({
    unitId: Str,
    assigneeId: StrOrNull,
    assigneeName: StrOrNull,
    draft: StrOrNull,
    citizenName: Str,
    citizenContact: Type.Object({ phone: StrOrNull, email: StrOrNull }),
    overdue: Type.Boolean(),
    onTime: Type.Union([Type.Boolean(), Type.Null()]),
    events: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        type: Str,
        at: DateTime,
        actorKind: Str,
        actorName: StrOrNull,
        data: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    allowedActions: Type.Array(Str),
    assignees: Type.Array(Type.Object({ id: Str, name: Str })),
    transferUnits: Type.Array(Type.Object({ id: Str, name: Str })),
  }),
]);

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const QUEUE = "/office/phan-anh";

export const petitionOfficeRoutes: RouteModule = (app, deps) => {
  // --- API ---
  app.get(
    "/api/office/petitions",
    {
      schema: {
        tags: ["office"],
        summary: "Petitions of my unit (every unit for supervisors and administrators), due first",
        querystring: PetitionQueueQuery,
        response: { 200: Type.Array(QueueRow), 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => petitionQueue(deps, await requireOfficer(req, deps), req.query),
  );

  app.get<{ Params: { id: string } }>(
    "/api/office/petitions/:id",
    {
      schema: {
        tags: ["office"],
        summary: "One petition: the citizen's contact, the draft, the history, the actions I may take",
        params: Type.Object({ id: Type.String({ maxLength: 60 }) }),
        response: { 200: OfficePetitionSchema, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => getOfficePetition(deps, await requireOfficer(req, deps), req.params.id),
  );

  for (const action of PETITION_ACTIONS)
    app.post<{ Params: { id: string } }>(
      `/api/office/petitions/:id/actions/${action}`,
      {
        schema: {
          tags: ["office"],
          summary: `Petition action: ${action}`,
          params: Type.Object({ id: Type.String({ maxLength: 60 }) }),
          body: PETITION_ACTION_INPUTS[action],
          response: { 200: OfficePetitionSchema, ...errors },
        },
      },
      async (req) =>
        petitionAction(deps, await requireOfficer(req, deps), req.params.id, action, req.body ?? {}, { ip: req.ip }),
    );

  // --- pages ---
  const send = (
    req: FastifyRequest,
    reply: FastifyReply,
    officer: Officer,
    title: string,
    body: ReturnType<typeof renderPetitionQueue>,
    status = 200,
  ) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .send(officePage({ title, lang: req.lang, url: req.url, body, user: userOf(officer), current: QUEUE }));

  app.get(QUEUE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const raw = one((req.query as Record<string, unknown>).trang_thai);
    const state = raw === "overdue" || raw === "answered" || raw === "all" ? raw : "open";
    const rows = await petitionQueue(deps, officer, { state });
    return send(
      req,
      reply,
      officer,
      pick(OFFICE_PETITION_TEXT.queueTitle, req.lang),
      renderPetitionQueue(rows, state, req.lang),
    );
  });

  const detail = async (
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    officer: Officer,
    o: { done?: string; action?: string; values?: Record<string, string>; errors?: FieldError[]; status?: number } = {},
  ) => {
    const p = await getOfficePetition(deps, officer, req.params.id);
    return send(
      req,
      reply,
      officer,
      `${p.code} – ${p.title}`,
      renderOfficePetition(p, { lang: req.lang, ...o }),
      o.status,
    );
  };

  app.get<{ Params: { id: string } }>(`${QUEUE}/:id`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const done = one((req.query as Record<string, unknown>).xong);
    return detail(req, reply, officer, {
      done: done && (PETITION_ACTIONS as readonly string[]).includes(done) ? done : undefined,
    });
  });

  app.post<{ Params: { id: string; action: string } }>(
    `${QUEUE}/:id/:action`,
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const action = req.params.action;
      if (!(PETITION_ACTIONS as readonly string[]).includes(action))
        throw new AppError(404, "not_found", { vi: "Không tìm thấy.", en: "Not found." });
      const values = formRecord(await readFormBody(req, deps));
      const input: Record<string, unknown> = { ...values };
      if (action === "approve") input.publish = values.publish === "yes";
      for (const k of ["officerId", "unitId", "note"]) if (input[k] === "") delete input[k];
      try {
        const p = await petitionAction(deps, officer, req.params.id, action, input, { ip: req.ip });
        if (p.unitId !== officer.unitId && !p.allowedActions.length && action === "assign")
          return reply.redirect(`${QUEUE}${req.lang === "en" ? "?lang=en" : ""}`, 303);
        return reply.redirect(`${QUEUE}/${p.id}?xong=${action}${req.lang === "en" ? "&lang=en" : ""}`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404) throw e;
        return detail(req, reply, officer, {
          action: action as PetitionAction,
          values,
          errors: e.fields.length ? e.fields : [{ path: `${action}-form`, text: e.text }],
          status: e.status,
        });
      }
    },
  );

  app.get<{ Params: { id: string; fileId: string } }>(
    `${QUEUE}/:id/tep/:fileId`,
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const f = await readPetitionFile(deps, officer, req.params.id, req.params.fileId, req.ip);
      return reply
        .type(f.row.mime)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(f.row.name)}`)
        .send(f.bytes);
    },
  );
};
