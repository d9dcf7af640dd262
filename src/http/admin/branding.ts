/** Branding and contacts (issue #9): `/office/quan-tri/thuong-hieu`, `/api/admin/branding`, and the public emblem. */
import { Type } from "@sinclair/typebox";
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import { BrandingInput, emblemFile, noEmblem, saveBranding } from "../../app/branding.js";
import { siteBranding } from "../../app/catalogue.js";
import { AppError } from "../../app/errors.js";
import { fileBytes } from "../../app/file-bytes.js";
import type { UploadInput } from "../../app/uploads.js";
import { pick } from "../../shared/text.js";
import { BRANDING_TEXT, brandingForm, brandingPage, LINK_ROWS } from "../../web/admin/branding.js";
import { formRecord, readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import { userOf } from "../office/page-helpers.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const HTML = "text/html; charset=utf-8";
const BASE = "/office/quan-tri/thuong-hieu";
const errors = { 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 422: ErrorBody };

const LTextSchema = Type.Object({ vi: Type.String(), en: Type.Optional(Type.String()) });
const BrandingSchema = Type.Object({
  portalName: LTextSchema,
  provinceName: Type.String(),
  hotline: Type.String(),
  address: Type.String(),
  email: Type.String(),
  footerLinks: Type.Array(Type.Object({ label: LTextSchema, url: Type.String() })),
  emblemFileId: Type.Union([Type.String(), Type.Null()]),
});

/** A refused field's place in the page's form: `body.footerLinks.1.url` → `links.1.url`. */
const formId = (path: string) =>
  path
    .replace(/^body\./, "")
    .replace(/^footerLinks\./, "links.")
    .replace(/^footerLinks$/, "links.0.url");

export const adminBrandingRoutes: RouteModule = (app, deps) => {
  app.get("/thuong-hieu/bieu-trung", { schema: { hide: true } }, async (_req, reply) => {
    const f = await emblemFile(deps, await siteBranding(deps));
    if (!f) throw noEmblem();
    return reply
      .type(f.mime)
      .header("cache-control", "public, max-age=86400")
      .header("content-disposition", "inline")
      .send(await fileBytes(deps, f));
  });

  app.get(
    "/api/admin/branding",
    {
      schema: {
        tags: ["admin"],
        summary: "The province's branding and contacts",
        response: { 200: BrandingSchema, ...errors },
      },
    },
    async (req) => {
      authoriseOfficerAdmin(await requireOfficer(req, deps));
      return siteBranding(deps);
    },
  );

  app.put(
    "/api/admin/branding",
    {
      schema: {
        tags: ["admin"],
        summary: "Change the branding and contacts (audited); every node shows it within seconds",
        description: "The emblem is uploaded on the administration page (multipart); this route keeps or removes it.",
        body: BrandingInput,
        response: { 200: BrandingSchema, ...errors },
      },
    },
    async (req) => saveBranding(deps, await requireOfficer(req, deps), req.body, undefined, { ip: req.ip }),
  );

  app.get(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const saved = (req.query as { saved?: string }).saved === "1";
    return reply.type(HTML).send(
      brandingPage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        form: brandingForm(await siteBranding(deps)),
        flash: saved ? pick(BRANDING_TEXT.saved, req.lang) : undefined,
      }),
    );
  });

  app.post(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    // the emblem is read here and stored by saveBranding, through the upload pipeline, with its own limits
    let emblem: UploadInput | undefined;
    const body = await readFormBody(req, deps, {
      maxFileBytes: 1024 * 1024,
      maxFiles: 1,
      maxFields: 60,
      files: {
        owner: { kind: "officer", id: officer.id },
        limitsFor: (field) => (field === "emblem" ? { maxBytes: 1024 * 1024, accept: [] } : null),
        store: async (input) => {
          emblem = input;
          return { id: "emblem", name: input.name ?? "emblem", size: input.bytes.length, mime: "", sha256: "" };
        },
      },
    });
    const r = formRecord(body);
    const links = Array.from({ length: LINK_ROWS }, (_, i) => ({
      labelVi: r[`links.${i}.labelVi`] ?? "",
      labelEn: r[`links.${i}.labelEn`] ?? "",
      url: r[`links.${i}.url`] ?? "",
    })).filter((l) => l.labelVi.trim() || l.labelEn.trim() || l.url.trim());
    const input = {
      portalNameVi: r.portalNameVi ?? "",
      portalNameEn: r.portalNameEn ?? "",
      provinceName: r.provinceName ?? "",
      hotline: r.hotline ?? "",
      address: r.address ?? "",
      email: r.email ?? "",
      footerLinks: links,
      removeEmblem: r.removeEmblem === "1",
    };
    try {
      await saveBranding(deps, officer, input, emblem, { ip: req.ip });
    } catch (e) {
      if (!(e instanceof AppError) || (e.status !== 422 && e.status !== 413)) throw e;
      const current = await siteBranding(deps);
      const fieldErrors: Record<string, string> = {};
      for (const f of e.fields) fieldErrors[formId(f.path)] ??= pick(f.text, req.lang);
      if (Object.keys(fieldErrors).length === 0) fieldErrors.emblem = pick(e.text, req.lang);
      return reply
        .code(e.status)
        .type(HTML)
        .send(
          brandingPage({
            lang: req.lang,
            url: req.url,
            user: userOf(officer),
            form: { ...input, links, emblemFileId: current.emblemFileId },
            errors: fieldErrors,
          }),
        );
    }
    return reply.redirect(`${BASE}?saved=1${req.lang === "en" ? "&lang=en" : ""}`, 303);
  });
};
