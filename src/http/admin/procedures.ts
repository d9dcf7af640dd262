/**
 * The procedure editor (issue #9): `/api/admin/procedures…` (JSON) and `/office/quan-tri/thu-tuc…` (pages, see
 * ./procedure-pages.ts). Administrators only, at the first line of every use case.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import { ProcedureSchema } from "../../app/admin/catalogue-file.js";
import {
  createProcedure,
  getProcedure,
  listProcedures,
  newDraft,
  publishVersion,
  saveVersion,
  withdrawProcedure,
} from "../../app/admin/procedures.js";
import { requireOfficer } from "../officer-auth.js";
import { DateTime, ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Code = Type.Object({ code: Type.String({ maxLength: 40 }) });
const CodeVersion = Type.Object({ code: Type.String({ maxLength: 40 }), version: Type.Integer({ minimum: 1 }) });
const Ref = Type.Object({ code: Type.String(), version: Type.Integer() });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const adminProcedureRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { q?: string } }>(
    "/api/admin/procedures",
    {
      schema: {
        tags: ["admin"],
        summary: "Procedures with their published version and draft (administrators)",
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                published: Nullable(Type.Object({ version: Type.Integer(), publishedAt: Nullable(DateTime) })),
                withdrawn: Type.Boolean(),
                draft: Nullable(Type.Object({ version: Type.Integer(), publishAt: Nullable(DateTime) })),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({ items: await listProcedures(deps, await requireOfficer(req, deps), { q: req.query.q }) }),
  );

  app.post(
    "/api/admin/procedures",
    {
      schema: {
        tags: ["admin"],
        summary: "Create a procedure as draft version 1 (audited; published by the publish action)",
        description:
          "The body is a procedure as in a catalogue file (`motcua-catalogue`), checked by the catalogue's rules: a broken e-form or an impossible process answers 422 `procedure_invalid` with every problem, each naming its field or step.",
        body: Type.Object({}, { additionalProperties: true }),
        response: { 201: Ref, ...errors },
      },
    },
    async (req, reply) => {
      const r = await createProcedure(deps, await requireOfficer(req, deps), req.body, { ip: req.ip });
      return reply.code(201).send(r);
    },
  );

  app.get<{ Params: { code: string } }>(
    "/api/admin/procedures/:code",
    {
      schema: {
        tags: ["admin"],
        summary: "A procedure's versions, and its draft's content (or its current version's)",
        params: Code,
        response: {
          200: Type.Object({
            code: Type.String(),
            versions: Type.Array(
              Type.Object({
                version: Type.Integer(),
                status: Type.Union([Type.Literal("draft"), Type.Literal("published"), Type.Literal("retired")]),
                publishedAt: Nullable(DateTime),
                publishAt: Nullable(DateTime),
                current: Type.Boolean(),
              }),
            ),
            content: ProcedureSchema,
            draft: Nullable(Type.Object({ version: Type.Integer(), publishAt: Nullable(DateTime) })),
          }),
          ...errors,
        },
      },
    },
    async (req) => getProcedure(deps, await requireOfficer(req, deps), req.params.code),
  );

  app.post<{ Params: { code: string } }>(
    "/api/admin/procedures/:code/versions",
    {
      schema: {
        tags: ["admin"],
        summary: "Start the procedure's next version as a draft, a copy of its current version (audited)",
        params: Code,
        response: { 201: Ref, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await newDraft(deps, await requireOfficer(req, deps), req.params.code, { ip: req.ip })),
  );

  app.put<{ Params: { code: string; version: number } }>(
    "/api/admin/procedures/:code/versions/:version",
    {
      schema: {
        tags: ["admin"],
        summary: "Replace a draft version's content (audited); a published or retired version is refused",
        description:
          "A published or retired version never changes (409 `version_not_draft`): dossiers were submitted under it. The body is checked as on creation.",
        params: CodeVersion,
        body: Type.Object({}, { additionalProperties: true }),
        response: { 200: Ref, ...errors },
      },
    },
    async (req) =>
      saveVersion(deps, await requireOfficer(req, deps), req.params.code, req.params.version, req.body, {
        ip: req.ip,
      }),
  );

  app.post<{ Params: { code: string; version: number }; Body: { at?: string | null } }>(
    "/api/admin/procedures/:code/versions/:version/publish",
    {
      schema: {
        tags: ["admin"],
        summary: "Publish a draft now, or schedule it (`at` in the future) (audited)",
        description:
          "Checked again by the catalogue's rules. Published now, it becomes the version new dossiers are submitted under and the previous one is retired; the portal and the office see it through the catalogue snapshot. Scheduled, the publication job publishes it when due.",
        params: CodeVersion,
        body: Type.Object({ at: Type.Optional(Nullable(Type.String({ format: "date-time" }))) }),
        response: {
          200: Type.Object({
            code: Type.String(),
            version: Type.Integer(),
            publishedAt: Nullable(DateTime),
            publishAt: Nullable(DateTime),
          }),
          ...errors,
        },
      },
    },
    async (req) =>
      publishVersion(
        deps,
        await requireOfficer(req, deps),
        req.params.code,
        req.params.version,
        { at: req.body?.at ? new Date(req.body.at) : null },
        { ip: req.ip },
      ),
  );

  app.post<{ Params: { code: string } }>(
    "/api/admin/procedures/:code/withdraw",
    {
      schema: {
        tags: ["admin"],
        summary: "Withdraw a procedure: retire its published version and cancel a scheduled publication (audited)",
        params: Code,
        response: {
          200: Type.Object({
            code: Type.String(),
            retired: Type.Array(Type.Integer()),
            unscheduled: Type.Array(Type.Integer()),
          }),
          ...errors,
        },
      },
    },
    async (req) => withdrawProcedure(deps, await requireOfficer(req, deps), req.params.code, { ip: req.ip }),
  );
};
