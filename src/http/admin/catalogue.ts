/** Catalogue import and export (issue #9): `/office/quan-tri/danh-muc` and `/api/admin/catalogue`. */
import { Type } from "@sinclair/typebox";
import { type ImportSummary, exportCatalogue, importCatalogue } from "../../app/admin/catalogue.js";
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import { AppError, fill } from "../../app/errors.js";
import { pick } from "../../shared/text.js";
import { CATALOGUE_TEXT, cataloguePage } from "../../web/admin/catalogue.js";
import { readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import { userOf } from "../office/page-helpers.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const HTML = "text/html; charset=utf-8";
const BASE = "/office/quan-tri/danh-muc";
/** A province's whole catalogue (2,000 procedures with their e-forms) is tens of megabytes of JSON. */
const MAX_CATALOGUE_BYTES = 64 * 1024 * 1024;
const errors = { 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 422: ErrorBody };

const Summary = Type.Object({
  unitsWritten: Type.Integer(),
  fieldsWritten: Type.Integer(),
  proceduresCreated: Type.Integer(),
  proceduresVersioned: Type.Integer(),
  proceduresUnchanged: Type.Integer(),
  searchWordsSet: Type.Integer(),
});

const notJson = (name: string) =>
  new AppError(422, "catalogue_not_json", {
    vi: `Tệp ${name} không phải JSON hợp lệ.`,
    en: `The file ${name} is not valid JSON.`,
  });

export const adminCatalogueRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/admin/catalogue",
    {
      schema: {
        tags: ["admin"],
        summary: "Export the whole catalogue (units, fields, procedures at their current version) as one JSON file",
        description:
          "The file format is `motcua-catalogue` version 1; the same file imports into another installation.",
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errors },
      },
    },
    async (req, reply) => {
      const file = await exportCatalogue(deps, await requireOfficer(req, deps));
      const day = deps.now().toISOString().slice(0, 10).replace(/-/g, "");
      return reply
        .header("content-disposition", `attachment; filename="motcua-catalogue-${day}.json"`)
        .type("application/json; charset=utf-8")
        .send(JSON.stringify(file, null, 2));
    },
  );

  app.post(
    "/api/admin/catalogue",
    {
      bodyLimit: MAX_CATALOGUE_BYTES,
      schema: {
        tags: ["admin"],
        summary: "Import catalogue files (audited): checked whole, then applied in one transaction",
        description:
          "The body is one catalogue file (`format: motcua-catalogue`, `version: 1`, `units`, `fields`, `procedures`) or `{ files: [...] }`. Units and fields are upserted by code; a new procedure is published as version 1, and one whose content differs from its current version gets a new published version (dossiers keep the version they pinned). Any problem answers 422 `catalogue_invalid` with every problem and its record, and imports nothing.",
        body: Type.Object({}, { additionalProperties: true }),
        response: { 200: Summary, ...errors },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      const body = req.body as { files?: unknown };
      const files = Array.isArray(body.files) && !("format" in body) ? body.files : [body];
      return importCatalogue(deps, officer, files, { ip: req.ip });
    },
  );

  app.get(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    return reply.type(HTML).send(cataloguePage({ lang: req.lang, url: req.url, user: userOf(officer) }));
  });

  app.post(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    // the files are read, not stored: each is parsed as JSON and the import checks it whole
    const texts: Array<{ name: string; bytes: Uint8Array }> = [];
    const page = (o: { flash?: string; refused?: AppError }) =>
      cataloguePage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        flash: o.flash,
        refused: o.refused && {
          message: pick(o.refused.text, req.lang),
          problems: o.refused.fields.map((f) => ({ where: f.path, message: pick(f.text, req.lang) })),
        },
      });
    let summary: ImportSummary;
    try {
      await readFormBody(req, deps, {
        maxFileBytes: MAX_CATALOGUE_BYTES,
        maxFiles: 50,
        files: {
          owner: { kind: "officer", id: officer.id },
          throwFileErrors: true,
          limitsFor: (field) => (field === "catalogue" ? { maxBytes: MAX_CATALOGUE_BYTES, accept: [] } : null),
          store: async (input) => {
            const name = input.name || `catalogue-${texts.length + 1}.json`;
            texts.push({ name, bytes: input.bytes });
            return { id: String(texts.length), name, size: input.bytes.length, mime: "application/json", sha256: "" };
          },
        },
      });
      const files = texts.map((t) => {
        try {
          return JSON.parse(Buffer.from(t.bytes).toString("utf8")) as unknown;
        } catch {
          throw notJson(t.name);
        }
      });
      summary = await importCatalogue(deps, officer, files, { ip: req.ip });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      return reply
        .code(422)
        .type(HTML)
        .send(page({ refused: e }));
    }
    const flash = pick(
      fill(CATALOGUE_TEXT.done, {
        units: summary.unitsWritten,
        fields: summary.fieldsWritten,
        created: summary.proceduresCreated,
        versioned: summary.proceduresVersioned,
        unchanged: summary.proceduresUnchanged,
        words: summary.searchWordsSet,
      }),
      req.lang,
    );
    return reply.type(HTML).send(page({ flash }));
  });
};
