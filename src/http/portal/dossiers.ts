import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  getMyDossier,
  listMyDossiers,
  lookupDossier,
  notFoundForCitizen,
  readMyDossierFile,
} from "../../app/citizen-dossiers.js";
import { listDrafts } from "../../app/drafts.js";
import { decideCitizen } from "../../domain/lifecycle.js";
import { AppError } from "../../app/errors.js";
import { type Lang, pick } from "../../shared/text.js";
import type { Html } from "../../web/html.js";
import { page } from "../../web/layout.js";
import { pageText, renderLookup, renderMyDossier, renderMyDossiers } from "../../web/portal/submission/pages.js";
import type { Citizen } from "../../app/actors.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import type { RouteModule } from "../types.js";
import { DateTime, ErrorBody } from "../schemas.js";
import { paymentLink } from "../../app/payments/orders.js";
import { postalSection } from "./postal.js";

const DateOrNull = Type.Union([DateTime, Type.Null()]);

const DossierRow = Type.Object({
  id: Type.String({ format: "uuid" }),
  reference: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  status: Type.Integer(),
  statusName: Type.String(),
  channel: Type.String(),
  submittedAt: DateTime,
  receivedAt: DateOrNull,
  dueAt: DateOrNull,
  returnedAt: DateOrNull,
  updatedAt: DateTime,
});

const DossierDetail = Type.Intersect([
  DossierRow,
  Type.Object({
    procedureVersion: Type.Integer(),
    receivingUnit: Type.Object({
      id: Type.String(),
      code: Type.String(),
      name: Type.String(),
      address: Type.Union([Type.String(), Type.Null()]),
    }),
    returnMethod: Type.String(),
    returnAddress: Type.Union([Type.String(), Type.Null()]),
    applicant: Type.Record(Type.String(), Type.Unknown()),
    data: Type.Record(Type.String(), Type.Unknown()),
    files: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        size: Type.Union([Type.Integer(), Type.Null()], {
          description: "null for a document generated from the dossier (the application form) until first opened",
        }),
        mime: Type.String(),
        sha256: Type.Union([Type.String(), Type.Null()], {
          description: "null for a document generated from the dossier (the application form) until first opened",
        }),
        componentCode: Type.Union([Type.String(), Type.Null()]),
        componentName: Type.Union([Type.String(), Type.Null()]),
        kind: Type.String(),
        addedAt: DateTime,
      }),
    ),
    events: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        type: Type.String(),
        name: Type.String(),
        at: DateTime,
        fromStatus: Type.Union([Type.Integer(), Type.Null()]),
        toStatus: Type.Union([Type.Integer(), Type.Null()]),
        statusName: Type.Union([Type.String(), Type.Null()]),
        unitName: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  }),
]);

const LookupSchema = Type.Object({
  code: Type.Union([Type.String(), Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  procedureName: Type.String(),
  status: Type.Integer(),
  statusName: Type.String(),
  submittedAt: DateTime,
  receivedAt: DateOrNull,
  dueAt: DateOrNull,
  returnedAt: DateOrNull,
  ownerUrl: Type.Optional(Type.String()),
});

function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  citizen: Citizen | undefined,
  o: { title: string; body: Html; status?: number },
) {
  reply.code(o.status ?? 200);
  return reply.type("text/html; charset=utf-8").send(
    page({
      brand: req.brand,
      title: o.title,
      lang: req.lang,
      url: req.url,
      body: o.body,
      area: "portal",
      user: citizen ? { name: citizen.name } : null,
    }),
  );
}

const tx = (t: { vi: string; en?: string }, lang: "vi" | "en") => (lang === "en" ? (t.en ?? t.vi) : t.vi);

/** The applicant's views with their names (status, event) in the caller's language. */
const withStatusName = <T extends { statusName: { vi: string; en?: string } }>(r: T, lang: Lang) => ({
  ...r,
  statusName: pick(r.statusName, lang),
});

export const citizenDossierRoutes: RouteModule = (app, deps) => {
  // --- API ---
  app.get(
    "/api/my/dossiers",
    {
      schema: {
        tags: ["portal"],
        summary: "My dossiers, newest first",
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
        }),
        response: { 200: Type.Array(DossierRow), 401: ErrorBody },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      return (await listMyDossiers(deps, citizen.id, req.query)).map((r) => withStatusName(r, req.lang));
    },
  );

  app.get(
    "/api/my/dossiers/:id",
    {
      schema: {
        tags: ["portal"],
        summary: "One of my dossiers: data, files, history",
        description: "Another account's dossier answers 404 (its existence is not revealed).",
        params: Type.Object({ id: Type.String({ maxLength: 60 }) }),
        response: { 200: DossierDetail, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const d = await getMyDossier(deps, citizen.id, req.params.id);
      const { eform: _e, components: _c, ...rest } = d;
      return {
        ...withStatusName(rest, req.lang),
        events: rest.events.map((e) => ({
          ...e,
          name: pick(e.name, req.lang),
          statusName: e.statusName && pick(e.statusName, req.lang),
        })),
      };
    },
  );

  app.get(
    "/api/lookup/:code",
    {
      schema: {
        tags: ["portal"],
        summary: "Public look-up by dossier code or reference",
        description:
          "Anyone sees the status, the procedure and the dates; the logged-in owner also gets `ownerUrl`, the link to the whole dossier.",
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: LookupSchema, 404: ErrorBody },
      },
    },
    async (req) => {
      const citizen = await currentCitizen(req, deps);
      return withStatusName(await lookupDossier(deps, req.params.code, citizen?.id), req.lang);
    },
  );

  // --- pages ---
  app.get("/ho-so-cua-toi", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
    const [rows, drafts] = await Promise.all([
      listMyDossiers(deps, citizen.id, { limit: 200 }),
      listDrafts(deps, citizen.id),
    ]);
    return sendPage(req, reply, citizen, {
      title: tx(pageText.myDossiers, req.lang),
      body: renderMyDossiers(rows, drafts, req.lang),
    });
  });

  app.get<{ Params: { id: string }; Querystring: { xong?: string } }>(
    "/ho-so-cua-toi/:id",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
      const d = await getMyDossier(deps, citizen.id, req.params.id);
      const xong = req.query.xong;
      const body = renderMyDossier(d, req.lang, {
        done: xong === "bo-sung" ? "supplement" : xong === "rut-ho-so" ? "withdraw" : undefined,
        canSupplement: decideCitizen("supplement", { status: d.status as never }).ok,
        canWithdraw: decideCitizen("withdraw", { status: d.status as never }).ok,
        payment: await paymentLink(deps, d.id),
        postal: await postalSection(deps, d.id, req.lang),
      });
      return sendPage(req, reply, citizen, { title: d.procedureName, body });
    },
  );

  app.get<{ Params: { id: string; fileId: string } }>(
    "/ho-so-cua-toi/:id/tep/:fileId",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
      const f = await readMyDossierFile(deps, citizen.id, req.params.id, req.params.fileId);
      if (!f) throw notFoundForCitizen();
      // Shown in the browser when it is a PDF or an image (types checked on upload); never sniffed.
      return reply
        .type(f.row.mime)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(f.row.name)}`)
        .send(f.bytes);
    },
  );

  app.get<{ Querystring: { ma?: string } }>("/tra-cuu", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    const q = typeof req.query.ma === "string" ? req.query.ma.trim().slice(0, 100) : "";
    let result: Awaited<ReturnType<typeof lookupDossier>> | undefined;
    let error: string | undefined;
    if (q) {
      try {
        result = await lookupDossier(deps, q, citizen?.id);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 404) throw e;
        error = pick(e.text, req.lang);
      }
    }
    return sendPage(req, reply, citizen, {
      title: tx(pageText.lookupTitle, req.lang),
      status: error ? 404 : 200,
      body: renderLookup(q, result, error, req.lang),
    });
  });
};
