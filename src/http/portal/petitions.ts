/**
 * Petitions and feedback on the portal (issue #8): the citizen's API (`/api/my/petitions…`) and pages (file one at
 * `/phan-anh-kien-nghi/gui`, follow them at `/phan-anh-cua-toi`, read the answer and rate it), and the public Q&A
 * (`/api/petitions/answers`, `/hoi-dap`). The use cases (src/app/petitions) authorise.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Citizen } from "../../app/actors.js";
import { AppError, type FieldError } from "../../app/errors.js";
import {
  filePetition,
  getMyPetition,
  listMyPetitions,
  MAX_PETITION_FILES,
  myPetitionHistory,
  PetitionInput,
  PetitionRatingInput,
  petitionDossiers,
  petitionUnits,
  ratePetition,
  readMyPetitionFile,
} from "../../app/petitions/citizen.js";
import { publishedAnswers, QaQuery } from "../../app/petitions/public.js";
import { discardStaged, limitsOf, type StagedUpload, stageUpload } from "../../app/uploads.js";
import { pick } from "../../shared/text.js";
import type { Html } from "../../web/html.js";
import { page } from "../../web/layout.js";
import {
  PETITION_TEXT,
  renderMyPetition,
  renderMyPetitions,
  renderPetitionForm,
  renderQa,
} from "../../web/portal/petitions.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import { formRecord, readFormBody } from "../form-body.js";
import { DateTime, ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const Str = Type.String();
const StrOrNull = Type.Union([Type.String(), Type.Null()]);
const Level = Type.Union([Type.Literal("very_satisfied"), Type.Literal("satisfied"), Type.Literal("unsatisfied")]);

export const PetitionSchema = Type.Object({
  id: Str,
  code: Str,
  subjectKind: Str,
  subjectText: StrOrNull,
  procedureCode: StrOrNull,
  procedureName: StrOrNull,
  dossierCode: StrOrNull,
  title: Str,
  content: Str,
  publishConsent: Type.Boolean(),
  unitName: Str,
  status: Type.Union([
    Type.Literal("received"),
    Type.Literal("assigned"),
    Type.Literal("drafted"),
    Type.Literal("answered"),
  ]),
  receivedAt: DateTime,
  dueAt: DateTime,
  answeredAt: Type.Union([DateTime, Type.Null()]),
  answer: StrOrNull,
  publishedAt: Type.Union([DateTime, Type.Null()]),
  rating: Type.Union([Level, Type.Null()]),
  ratingReason: StrOrNull,
  ratedAt: Type.Union([DateTime, Type.Null()]),
  files: Type.Array(Type.Object({ id: Str, name: Str, size: Type.Integer(), mime: Str })),
});

const QaItemSchema = Type.Object({
  code: Str,
  subjectKind: Str,
  procedureCode: StrOrNull,
  procedureName: StrOrNull,
  unitName: Str,
  title: Str,
  question: Str,
  answer: Str,
  receivedAt: DateTime,
  answeredAt: DateTime,
});

const errors = { 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

const login = (req: FastifyRequest, reply: FastifyReply) =>
  reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);

function send(
  req: FastifyRequest,
  reply: FastifyReply,
  citizen: Citizen | undefined | null,
  title: string,
  body: Html,
  status = 200,
) {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(
      page({
        brand: req.brand,
        title,
        lang: req.lang,
        url: req.url,
        body,
        area: "portal",
        user: citizen ? { name: citizen.name } : null,
      }),
    );
}

const fieldsOf = (e: AppError): FieldError[] => (e.fields.length ? e.fields : [{ path: "body.title", text: e.text }]);

export const petitionPortalRoutes: RouteModule = (app, deps) => {
  // --- API ---
  app.post(
    "/api/my/petitions",
    {
      schema: {
        tags: ["portal"],
        summary: "File a petition (phản ánh, kiến nghị); answers it with its code",
        body: PetitionInput,
        response: { 201: PetitionSchema, ...errors },
      },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      return reply.code(201).send(await filePetition(deps, citizen, req.body, { ip: req.ip }));
    },
  );

  app.get(
    "/api/my/petitions",
    {
      schema: {
        tags: ["portal"],
        summary: "My petitions, newest first",
        response: { 200: Type.Array(PetitionSchema), 401: ErrorBody },
      },
    },
    async (req) => listMyPetitions(deps, await requireCitizen(req, deps)),
  );

  app.get<{ Params: { id: string } }>(
    "/api/my/petitions/:id",
    {
      schema: {
        tags: ["portal"],
        summary: "One of my petitions, with the answer once approved",
        description: "Another account's petition answers 404 (its existence is not revealed).",
        params: Type.Object({ id: Type.String({ maxLength: 60 }) }),
        response: { 200: PetitionSchema, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => getMyPetition(deps, await requireCitizen(req, deps), req.params.id),
  );

  app.post<{ Params: { id: string } }>(
    "/api/my/petitions/:id/rating",
    {
      schema: {
        tags: ["portal"],
        summary: "Rate the handling of one of my answered petitions (once)",
        params: Type.Object({ id: Type.String({ maxLength: 60 }) }),
        body: PetitionRatingInput,
        response: { 200: PetitionSchema, ...errors },
      },
    },
    async (req) => ratePetition(deps, await requireCitizen(req, deps), req.params.id, req.body, { ip: req.ip }),
  );

  app.get(
    "/api/petitions/answers",
    {
      schema: {
        tags: ["portal"],
        summary: "Published answers to petitions (Q&A), searchable ignoring diacritics; no citizen's identity",
        querystring: QaQuery,
        response: {
          200: Type.Object({
            items: Type.Array(QaItemSchema),
            total: Type.Integer(),
            page: Type.Integer(),
            pages: Type.Integer(),
          }),
          422: ErrorBody,
        },
      },
    },
    async (req) => publishedAnswers(deps, req.query),
  );

  // --- pages ---
  app.get("/hoi-dap", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    const raw = req.query as Record<string, unknown>;
    const q = typeof raw.q === "string" ? raw.q.slice(0, 200) : "";
    const pageNo = Number.parseInt(typeof raw.trang === "string" ? raw.trang : "1", 10);
    const result = await publishedAnswers(deps, {
      q,
      page: Number.isFinite(pageNo) && pageNo > 0 ? Math.min(pageNo, 10000) : 1,
    });
    return send(req, reply, citizen, pick(PETITION_TEXT.qaTitle, req.lang), renderQa(result, q, req.lang));
  });

  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    citizen: Citizen,
    values: Record<string, string>,
    errs: FieldError[] = [],
    status = 200,
  ) => {
    const [units, dossiers] = await Promise.all([petitionUnits(deps), petitionDossiers(deps, citizen)]);
    return send(
      req,
      reply,
      citizen,
      pick(PETITION_TEXT.fileTitle, req.lang),
      renderPetitionForm({ lang: req.lang, units, dossiers, values, errors: errs, maxFiles: MAX_PETITION_FILES }),
      status,
    );
  };

  app.get("/phan-anh-kien-nghi/gui", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return login(req, reply);
    const q = req.query as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const k of ["subjectKind", "procedureCode", "dossierId"])
      if (typeof q[k] === "string") values[k] = (q[k] as string).slice(0, 60);
    return formPage(req, reply, citizen, values);
  });

  app.post("/phan-anh-kien-nghi/gui", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return login(req, reply);
    // files are staged (checked, on their way to the store): their rows are written with the petition, or dropped
    const staged: StagedUpload[] = [];
    let body: Awaited<ReturnType<typeof readFormBody>>;
    try {
      body = await readFormBody(req, deps, {
        files: {
          owner: { kind: "citizen", id: citizen.id },
          limitsFor: (f) => (f === "attachments" ? limitsOf(undefined) : null),
          store: async (input, limits, path) => {
            const file = await stageUpload(deps, input, { limits, path });
            staged.push(file);
            return file;
          },
        },
        maxFiles: MAX_PETITION_FILES,
      });
    } catch (e) {
      await discardStaged(deps, staged);
      throw e;
    }
    const values = formRecord(body);
    const input = {
      subjectKind: values.subjectKind,
      procedureCode: values.procedureCode || undefined,
      dossierId: values.dossierId || undefined,
      unitId: values.unitId || undefined,
      subjectText: values.subjectText || undefined,
      title: values.title ?? "",
      content: values.content ?? "",
      publishConsent: values.publishConsent === "yes",
    };
    if (body.fileErrors.length) {
      await discardStaged(deps, staged);
      return formPage(
        req,
        reply,
        citizen,
        values,
        body.fileErrors.map((f) => ({ path: "attachments", text: f.error.text })),
        body.fileErrors[0].error.status,
      );
    }
    try {
      const p = await filePetition(deps, citizen, input, { ip: req.ip, staged });
      return reply.redirect(`/phan-anh-cua-toi/${p.id}?xong=gui`, 303);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return formPage(req, reply, citizen, values, fieldsOf(e), e.status);
    }
  });

  app.get("/phan-anh-cua-toi", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return login(req, reply);
    const rows = await listMyPetitions(deps, citizen);
    return send(req, reply, citizen, pick(PETITION_TEXT.myTitle, req.lang), renderMyPetitions(rows, req.lang));
  });

  const detailPage = async (
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    citizen: Citizen,
    o: { done?: "gui" | "danh-gia"; values?: Record<string, string>; errors?: FieldError[]; status?: number } = {},
  ) => {
    const [p, history] = await Promise.all([
      getMyPetition(deps, citizen, req.params.id),
      myPetitionHistory(deps, citizen, req.params.id),
    ]);
    return send(req, reply, citizen, p.title, renderMyPetition(p, history, { lang: req.lang, ...o }), o.status);
  };

  app.get<{ Params: { id: string } }>("/phan-anh-cua-toi/:id", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return login(req, reply);
    const xong = (req.query as Record<string, unknown>).xong;
    return detailPage(req, reply, citizen, { done: xong === "gui" || xong === "danh-gia" ? xong : undefined });
  });

  app.post<{ Params: { id: string } }>(
    "/phan-anh-cua-toi/:id/danh-gia",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const values = formRecord(await readFormBody(req, deps));
      try {
        await ratePetition(
          deps,
          citizen,
          req.params.id,
          { level: values.level, reason: values.reason || undefined },
          {
            ip: req.ip,
          },
        );
        return reply.redirect(`/phan-anh-cua-toi/${req.params.id}?xong=danh-gia`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404) throw e;
        const errs = e.fields.length ? e.fields : [{ path: "level", text: e.text }];
        return detailPage(req, reply, citizen, { values, errors: errs, status: e.status });
      }
    },
  );

  app.get<{ Params: { id: string; fileId: string } }>(
    "/phan-anh-cua-toi/:id/tep/:fileId",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const f = await readMyPetitionFile(deps, citizen, req.params.id, req.params.fileId);
      return reply
        .type(f.row.mime)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(f.row.name)}`)
        .send(f.bytes);
    },
  );
};
