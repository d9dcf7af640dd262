/** Notification templates (issue #9): `/office/quan-tri/mau-thong-bao` and `/api/admin/notification-templates`. */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Officer } from "../../app/actors.js";
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import { AppError } from "../../app/errors.js";
import {
  DEFAULT_TEMPLATES,
  DOSSIER_VARIABLES,
  listTemplates,
  previewTemplate,
  resetTemplate,
  saveTemplate,
  TEMPLATE_IDS,
  TemplateInput,
  templateIdOf,
  templateText,
} from "../../app/notify-templates.js";
import { pick } from "../../shared/text.js";
import { TEMPLATE_TEXT, TEMPLATES_BASE, templateEditPage, templateListPage } from "../../web/admin/notify-templates.js";
import { formRecord, readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import { userOf } from "../office/page-helpers.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const HTML = "text/html; charset=utf-8";
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const LTextSchema = Type.Object({ vi: Type.String(), en: Type.Optional(Type.String()) });
const Id = Type.Object({ id: Type.Union(TEMPLATE_IDS.map((i) => Type.Literal(i))) });
const Template = Type.Object({
  id: Type.String(),
  channel: Type.Union([Type.Literal("email"), Type.Literal("sms")]),
  name: LTextSchema,
  subject: Type.Optional(Type.String()),
  body: Type.String(),
  custom: Type.Boolean(),
});
const Preview = Type.Object({
  subject: Type.Optional(Type.String()),
  body: Type.String(),
  segments: Type.Optional(Type.Integer()),
});

export const adminNotifyTemplateRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/admin/notification-templates",
    {
      schema: {
        tags: ["admin"],
        summary: "The notification templates (e-mail and SMS) in force",
        response: { 200: Type.Array(Template), ...errors },
      },
    },
    async (req) => listTemplates(deps, await requireOfficer(req, deps)),
  );

  app.put<{ Params: { id: string } }>(
    "/api/admin/notification-templates/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Change a notification template (checked like the preview; audited)",
        params: Id,
        body: TemplateInput,
        response: { 200: Type.Object({ subject: Type.Optional(Type.String()), body: Type.String() }), ...errors },
      },
    },
    async (req) =>
      saveTemplate(deps, await requireOfficer(req, deps), templateIdOf(req.params.id), req.body, { ip: req.ip }),
  );

  app.delete<{ Params: { id: string } }>(
    "/api/admin/notification-templates/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Restore a notification template's default text (audited)",
        params: Id,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await resetTemplate(deps, await requireOfficer(req, deps), templateIdOf(req.params.id), { ip: req.ip });
      return reply.code(204).send(null);
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/admin/notification-templates/:id/preview",
    {
      schema: {
        tags: ["admin"],
        summary: "Preview a template text with sample values (nothing is saved)",
        params: Id,
        body: TemplateInput,
        response: { 200: Preview, ...errors },
      },
    },
    async (req) => {
      authoriseOfficerAdmin(await requireOfficer(req, deps));
      return previewTemplate(templateIdOf(req.params.id), req.body);
    },
  );

  app.get(TEMPLATES_BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const templates = await listTemplates(deps, officer);
    return reply.type(HTML).send(templateListPage({ lang: req.lang, url: req.url, user: userOf(officer), templates }));
  });

  const editPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    officer: Officer,
    id: string,
    o: {
      form?: { subject?: string; body: string };
      preview?: { subject?: string; body: string; segments?: number };
      flash?: string;
      errors?: Record<string, string>;
      status?: number;
    } = {},
  ) => {
    authoriseOfficerAdmin(officer);
    const tid = templateIdOf(id);
    const current = await templateText(deps, tid);
    const def = DEFAULT_TEMPLATES[tid];
    return reply
      .code(o.status ?? 200)
      .type(HTML)
      .send(
        templateEditPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          id: tid,
          name: def.name,
          channel: def.channel,
          form: o.form ?? { subject: current.subject, body: current.body },
          custom: current.custom,
          variables: DOSSIER_VARIABLES,
          preview: o.preview,
          flash: o.flash,
          errors: o.errors,
        }),
      );
  };

  app.get<{ Params: { id: string } }>(`${TEMPLATES_BASE}/:id`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const q = req.query as { xong?: string };
    const flash =
      q.xong === "luu"
        ? pick(TEMPLATE_TEXT.saved, req.lang)
        : q.xong === "khoi-phuc"
          ? pick(TEMPLATE_TEXT.wasReset, req.lang)
          : undefined;
    return editPage(req, reply, officer, req.params.id, { flash });
  });

  app.post<{ Params: { id: string } }>(`${TEMPLATES_BASE}/:id`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const tid = templateIdOf(req.params.id);
    const r = formRecord(await readFormBody(req, deps, { maxFields: 10 }));
    const form = {
      ...(DEFAULT_TEMPLATES[tid].channel === "email" ? { subject: r.subject ?? "" } : {}),
      body: (r.body ?? "").replace(/\r\n/g, "\n"),
    };
    try {
      if (r.action === "save") {
        await saveTemplate(deps, officer, tid, form, { ip: req.ip });
        return reply.redirect(`${TEMPLATES_BASE}/${tid}?xong=luu${req.lang === "en" ? "&lang=en" : ""}`, 303);
      }
      return editPage(req, reply, officer, tid, { form, preview: previewTemplate(tid, form) });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      const errs: Record<string, string> = {};
      for (const f of e.fields) errs[f.path.replace(/^body\./, "")] ??= pick(f.text, req.lang);
      if (!Object.keys(errs).length) errs.body = pick(e.text, req.lang);
      return editPage(req, reply, officer, tid, { form, errors: errs, status: 422 });
    }
  });

  app.post<{ Params: { id: string } }>(
    `${TEMPLATES_BASE}/:id/khoi-phuc`,
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const tid = templateIdOf(req.params.id);
      await resetTemplate(deps, officer, tid, { ip: req.ip });
      return reply.redirect(`${TEMPLATES_BASE}/${tid}?xong=khoi-phuc${req.lang === "en" ? "&lang=en" : ""}`, 303);
    },
  );
};
