/** Blank forms for procedure components (issue #9): `/office/quan-tri/mau-don` and `/api/admin/templates`. */
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { Officer } from "../../app/actors.js";
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import { AppError } from "../../app/errors.js";
import {
  listCatalogueTemplates,
  TEMPLATE_LIMITS,
  type TemplateEntry,
  uploadCatalogueTemplate,
} from "../../app/templates.js";
import { noFileError, type UploadInput } from "../../app/uploads.js";
import { pick } from "../../shared/text.js";
import { TEMPLATE_LIBRARY, TEMPLATE_LIBRARY_TEXT, templateLibraryPage } from "../../web/admin/catalogue-templates.js";
import type { Deps } from "../../app/deps.js";
import { formRecord, readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import { userOf } from "../office/page-helpers.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const HTML = "text/html; charset=utf-8";
const errors = { 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 422: ErrorBody };
const Entry = Type.Object({
  file: Type.String(),
  name: Type.String(),
  source: Type.Union([Type.Literal("shipped"), Type.Literal("uploaded")]),
  uploadedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  url: Type.String(),
});
const json = (t: TemplateEntry) => ({
  ...t,
  uploadedAt: t.uploadedAt ? new Date(t.uploadedAt).toISOString() : null,
  url: `/mau-don/${t.file}`,
});

/** Reads the multipart form: the title and the one file, through the one form-body reader and its limits. */
async function readUpload(req: FastifyRequest, deps: Deps, officer: Officer) {
  let upload: UploadInput | undefined;
  const body = await readFormBody(req, deps, {
    maxFileBytes: TEMPLATE_LIMITS.maxBytes,
    maxFiles: 1,
    maxFields: 5,
    files: {
      owner: { kind: "officer", id: officer.id },
      limitsFor: (field) => (field === "template" ? { maxBytes: TEMPLATE_LIMITS.maxBytes, accept: [] } : null),
      store: async (input) => {
        upload = input;
        return { id: "template", name: input.name ?? "template", size: input.bytes.length, mime: "", sha256: "" };
      },
    },
  });
  return { title: formRecord(body).title, upload };
}

export const adminTemplateRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/admin/templates",
    {
      schema: {
        tags: ["admin"],
        summary: "Blank forms components may offer: the shipped ones and the province's uploads",
        response: { 200: Type.Array(Entry), ...errors },
      },
    },
    async (req) => (await listCatalogueTemplates(deps, await requireOfficer(req, deps))).map(json),
  );

  app.post(
    "/api/admin/templates",
    {
      schema: {
        tags: ["admin"],
        summary: "Upload a blank form (multipart: `title`, `template` — PDF or DOCX by content, at most 5 MB; audited)",
        consumes: ["multipart/form-data"],
        response: { 201: Entry, ...errors },
      },
    },
    async (req, reply) => {
      const officer = await requireOfficer(req, deps);
      authoriseOfficerAdmin(officer);
      const { title, upload } = await readUpload(req, deps, officer);
      if (!upload) throw noFileError();
      const t = await uploadCatalogueTemplate(deps, officer, upload, title, { ip: req.ip });
      return reply.code(201).send(json(t));
    },
  );

  app.get(TEMPLATE_LIBRARY, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const templates = await listCatalogueTemplates(deps, officer);
    const done = (req.query as { tep?: string }).tep;
    const flash = done ? pick(TEMPLATE_LIBRARY_TEXT.uploaded, req.lang).replace("{file}", done) : undefined;
    return reply
      .type(HTML)
      .send(templateLibraryPage({ lang: req.lang, url: req.url, user: userOf(officer), templates, flash }));
  });

  app.post(TEMPLATE_LIBRARY, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    let title: string | undefined;
    try {
      const r = await readUpload(req, deps, officer);
      title = r.title;
      if (!r.upload) throw noFileError();
      const t = await uploadCatalogueTemplate(deps, officer, r.upload, title, { ip: req.ip });
      return reply.redirect(
        `${TEMPLATE_LIBRARY}?tep=${encodeURIComponent(t.file)}${req.lang === "en" ? "&lang=en" : ""}`,
        303,
      );
    } catch (e) {
      if (!(e instanceof AppError) || (e.status !== 422 && e.status !== 413)) throw e;
      const templates = await listCatalogueTemplates(deps, officer);
      return reply
        .code(e.status)
        .type(HTML)
        .send(
          templateLibraryPage({
            lang: req.lang,
            url: req.url,
            user: userOf(officer),
            templates,
            title,
            errors: { template: pick(e.fields[0]?.text ?? e.text, req.lang) },
          }),
        );
    }
  });
};
