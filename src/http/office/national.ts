/**
 * National Public Service Portal sync health (issue #6), for administrators and supervisors: the page
 * `/office/national-sync` (pending / failing dossiers, look-up by code, "retry now", the 766 sync rate per unit and
 * period) and the same as JSON under `/api/office/national-sync` (tag "admin"). The catalogue update from the national
 * database, for administrators: `/office/national-catalogue` (fetch, review the differences, apply) and
 * `/api/office/national-catalogue`. The use cases authorise.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Officer } from "../../app/actors.js";
import type { Deps } from "../../app/deps.js";
import { AppError, fieldError } from "../../app/errors.js";
import {
  authoriseSyncViewer,
  getSyncHealth,
  getSyncRates,
  retrySyncNow,
  syncDossierLabel,
  type SyncView,
} from "../../app/national-portal/health.js";
import {
  applyCatalogueImport,
  authoriseCatalogueAdmin,
  catalogueImportCounts,
  latestCatalogueImport,
  previewCatalogueImport,
} from "../../app/national-portal/catalogue-sync.js";
import { addDays, dayStartMs, isValidDay, vnDay } from "../../domain/calendar/days.js";
import { CATALOGUE_TEXT, nationalCataloguePage } from "../../web/office/national-catalogue.js";
import { fill } from "../../app/errors.js";
import { pick } from "../../shared/text.js";
import { nationalSyncPage, SYNC_TEXT } from "../../web/office/national-sync.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import { formValue, readFormBody } from "../form-body.js";
import type { RouteModule } from "../types.js";
import { officerForPage } from "./auth.js";
import { one, userOf } from "./page-helpers.js";

const HTML = "text/html; charset=utf-8";
const VIEWS: SyncView[] = ["problems", "failing", "pending", "all"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BAD_DAY = {
  vi: "Ngày không hợp lệ (định dạng năm-tháng-ngày, ví dụ 2026-12-01).",
  en: "Not a valid day (year-month-day, e.g. 2026-12-01).",
};
const BAD_RANGE = { vi: "Ngày kết thúc phải sau ngày bắt đầu.", en: "The end day must be after the start day." };

/** A period of Vietnamese days [from, to] as instants [from 00:00, the day after `to` 00:00). */
function period(deps: Deps, fromRaw?: string, toRaw?: string) {
  const today = vnDay(deps.now());
  const from = fromRaw?.trim() || `${today.slice(0, 8)}01`;
  const to = toRaw?.trim() || today;
  if (!isValidDay(from)) throw fieldError("from", BAD_DAY);
  if (!isValidDay(to)) throw fieldError("to", BAD_DAY);
  if (to < from) throw fieldError("to", BAD_RANGE);
  return { from, to, fromAt: new Date(dayStartMs(from)), toAt: new Date(dayStartMs(addDays(to, 1))) };
}

const Level = Type.Union([Type.Literal("very_satisfied"), Type.Literal("satisfied"), Type.Literal("unsatisfied")]);
/** The dossier's Decision 766 facts (domain.md §8); null = no data, never zero. */
const FactsSchema = Type.Object({
  channel: Type.String(),
  online: Type.Boolean(),
  onTime: Type.Union([Type.Literal("early"), Type.Literal("on_time"), Type.Literal("late"), Type.Null()]),
  synced: Type.Union([Type.Boolean(), Type.Null()]),
  componentsDigitised: Type.Union([Type.Integer(), Type.Null()]),
  electronicResult: Type.Union([Type.Boolean(), Type.Null()]),
  dataReused: Type.Union([Type.Boolean(), Type.Null()]),
  populationDataUsed: Type.Union([Type.Boolean(), Type.Null()]),
  eCertifiedCopies: Type.Union([Type.Integer(), Type.Null()]),
  paymentRequired: Type.Union([Type.Boolean(), Type.Null()]),
  paidOnline: Type.Union([Type.Boolean(), Type.Null()]),
  rating: Type.Union([Level, Type.Null()]),
});
const SyncItemSchema = Type.Object({
  dossierId: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  reference: Type.String(),
  status: Type.Integer(),
  procedureName: Type.String(),
  unitName: Type.String(),
  state: Type.Union([
    Type.Literal("failing"),
    Type.Literal("pending"),
    Type.Literal("synced"),
    Type.Literal("waiting"),
  ]),
  syncedStatus: Type.Union([Type.Integer(), Type.Null()]),
  firstSyncedAt: Type.Union([Type.String(), Type.Null()]),
  lastSyncedAt: Type.Union([Type.String(), Type.Null()]),
  pendingSince: Type.Union([Type.String(), Type.Null()]),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: Type.Union([Type.String(), Type.Null()]),
  failures: Type.Integer(),
  deliveredSeq: Type.Integer(),
  targetSeq: Type.Integer(),
  facts: Type.Union([FactsSchema, Type.Null()]),
});
const SyncRateSchema = Type.Object({
  unitId: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  received: Type.Integer(),
  synced: Type.Integer(),
  upToDate: Type.Integer(),
  rate: Type.Union([Type.Number(), Type.Null()]),
});
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export const nationalSyncRoutes: RouteModule = (app, deps) => {
  // ---- JSON ------------------------------------------------------------------------------------------------------
  app.get<{ Querystring: { view?: SyncView; code?: string; limit?: number; offset?: number } }>(
    "/api/office/national-sync",
    {
      schema: {
        tags: ["admin"],
        summary: "National portal sync health: pending and failing dossiers (administrators and supervisors)",
        querystring: Type.Object({
          view: Type.Optional(Type.Union(VIEWS.map((v) => Type.Literal(v)))),
          code: Type.Optional(Type.String({ maxLength: 60 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
        }),
        response: {
          200: Type.Object({
            counts: Type.Object({
              failing: Type.Integer(),
              pending: Type.Integer(),
              synced: Type.Integer(),
              waiting: Type.Integer(),
            }),
            total: Type.Integer(),
            items: Type.Array(SyncItemSchema),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return getSyncHealth(deps, officer, req.query);
    },
  );

  app.get<{ Querystring: { from?: string; to?: string; unitId?: string } }>(
    "/api/office/national-sync/rates",
    {
      schema: {
        tags: ["admin"],
        summary: "Share of received dossiers synced to the national portal per unit (Decision 766 DOSSIER_SYNC)",
        querystring: Type.Object({
          from: Type.Optional(Type.String({ description: "First day (yyyy-mm-dd, Vietnam time)" })),
          to: Type.Optional(Type.String({ description: "Last day, included" })),
          unitId: Type.Optional(Type.String({ format: "uuid" })),
        }),
        response: {
          200: Type.Object({ from: Type.String(), to: Type.String(), units: Type.Array(SyncRateSchema) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      authoriseSyncViewer(officer);
      const p = period(deps, req.query.from, req.query.to);
      const units = await getSyncRates(deps, officer, { from: p.fromAt, to: p.toAt, unitId: req.query.unitId });
      return { from: p.from, to: p.to, units };
    },
  );

  app.post<{ Params: { dossierId: string } }>(
    "/api/office/national-sync/:dossierId/retry",
    {
      schema: {
        tags: ["admin"],
        summary: "Retry now: the dossier's waiting national portal pushes come due at once (audited)",
        params: Type.Object({ dossierId: Type.String({ format: "uuid" }) }),
        response: { 200: Type.Object({ requeued: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return retrySyncNow(deps, officer, req.params.dossierId, { ip: req.ip });
    },
  );

  // ---- pages -----------------------------------------------------------------------------------------------------
  const render = async (
    req: FastifyRequest<{ Querystring: Record<string, unknown> }>,
    reply: FastifyReply,
    officer: Officer,
    extra: { flash?: string; status?: number } = {},
  ) => {
    authoriseSyncViewer(officer);
    const q = req.query ?? {};
    const viewRaw = one(q.view);
    const view: SyncView = VIEWS.includes(viewRaw as SyncView) ? (viewRaw as SyncView) : "problems";
    const code = one(q.code)?.trim().slice(0, 60) || undefined;
    let p: ReturnType<typeof period>;
    const fieldErrors: { id: string; message: string }[] = [];
    try {
      p = period(deps, one(q.from), one(q.to));
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      for (const f of e.fields) fieldErrors.push({ id: `rate-${f.path}`, message: pick(f.text, req.lang) });
      p = period(deps);
    }
    const health = await getSyncHealth(deps, officer, { view, code });
    const rates = await getSyncRates(deps, officer, { from: p.fromAt, to: p.toAt });
    return reply
      .code(fieldErrors.length ? 422 : (extra.status ?? 200))
      .type(HTML)
      .send(
        nationalSyncPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          view,
          code,
          health,
          rates,
          from: fieldErrors.length ? (one(q.from) ?? p.from) : p.from,
          to: fieldErrors.length ? (one(q.to) ?? p.to) : p.to,
          flash: extra.flash,
          errors: fieldErrors,
        }),
      );
  };

  app.get<{ Querystring: Record<string, unknown> }>(
    "/office/national-sync",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const done = one(req.query.retried);
      let flash: string | undefined;
      if (done && UUID.test(done)) {
        const code = await syncDossierLabel(deps, officer, done);
        if (code) flash = pick(fill(SYNC_TEXT.retried, { code }), req.lang);
      }
      return render(req, reply, officer, { flash });
    },
  );

  app.post<{ Params: { dossierId: string } }>(
    "/office/national-sync/:dossierId/retry",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      if (!UUID.test(req.params.dossierId))
        throw new AppError(404, "not_found", { vi: "Không tìm thấy hồ sơ.", en: "Dossier not found." });
      await retrySyncNow(deps, officer, req.params.dossierId, { ip: req.ip });
      const view = formValue(await readFormBody(req, deps), "view");
      const q = new URLSearchParams();
      if (view && VIEWS.includes(view as SyncView)) q.set("view", view);
      q.set("retried", req.params.dossierId);
      if (req.lang === "en") q.set("lang", "en");
      return reply.redirect(`/office/national-sync?${q.toString()}`, 303);
    },
  );

  // ---- catalogue update from the national database ------------------------------------------------------------
  const DiffSchema = Type.Object(
    {},
    { additionalProperties: true, description: "new, changed, withdrawn, broken, unchanged" },
  );
  const ImportSchema = Type.Object({
    id: Type.String(),
    createdAt: Type.String(),
    status: Type.String(),
    diff: DiffSchema,
    appliedAt: Type.Union([Type.String(), Type.Null()]),
  });

  app.get(
    "/api/office/national-catalogue",
    {
      schema: {
        tags: ["admin"],
        summary: "The latest fetch of the national catalogue and its differences with the local one (administrators)",
        response: { 200: Type.Object({ latest: Type.Union([ImportSchema, Type.Null()]) }), ...errors },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return { latest: (await latestCatalogueImport(deps, officer)) ?? null };
    },
  );

  app.post(
    "/api/office/national-catalogue/preview",
    {
      schema: {
        tags: ["admin"],
        summary: "Fetch the national catalogue and compute the differences (nothing applied yet)",
        response: { 200: ImportSchema, 502: ErrorBody, ...errors },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return (await previewCatalogueImport(deps, officer))!;
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/office/national-catalogue/:id/apply",
    {
      schema: {
        tags: ["admin"],
        summary: "Apply a previewed catalogue update, exactly as previewed (audited)",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: {
          200: Type.Object({ created: Type.Integer(), updated: Type.Integer(), withdrawn: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return applyCatalogueImport(deps, officer, req.params.id, { ip: req.ip });
    },
  );

  app.get<{ Querystring: Record<string, unknown> }>(
    "/office/national-catalogue",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      authoriseCatalogueAdmin(officer);
      const latest = await latestCatalogueImport(deps, officer);
      const done = one(req.query.done);
      let flash: string | undefined;
      if (done === "previewed") flash = pick(CATALOGUE_TEXT.previewed, req.lang);
      else if (done === "applied" && latest?.status === "applied") {
        flash = pick(fill(CATALOGUE_TEXT.applied, await catalogueImportCounts(deps, officer, latest.id)), req.lang);
      }
      return reply
        .type(HTML)
        .send(nationalCataloguePage({ lang: req.lang, url: req.url, user: userOf(officer), latest, flash }));
    },
  );

  const back = (req: FastifyRequest, done: string) =>
    `/office/national-catalogue?done=${done}${req.lang === "en" ? "&lang=en" : ""}`;

  app.post("/office/national-catalogue/preview", { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    await previewCatalogueImport(deps, officer);
    return reply.redirect(back(req, "previewed"), 303);
  });

  app.post<{ Params: { id: string } }>(
    "/office/national-catalogue/:id/apply",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      if (!UUID.test(req.params.id))
        throw new AppError(404, "not_found", { vi: "Không tìm thấy bản xem trước.", en: "Preview not found." });
      await applyCatalogueImport(deps, officer, req.params.id, { ip: req.ip });
      return reply.redirect(back(req, "applied"), 303);
    },
  );
};
