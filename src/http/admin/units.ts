/** Administration of units (issue #9): `/office/quan-tri/don-vi` and `/api/admin/units`. */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Officer } from "../../app/actors.js";
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import {
  createUnit,
  listAdminUnits,
  NewUnit,
  ReceptionHoursSchema,
  UnitChanges,
  updateUnit,
} from "../../app/admin/units.js";
import { DAY_NAMES, parseDayPeriods, type ReceptionHours } from "../../domain/reception-hours.js";
import { AppError, fill } from "../../app/errors.js";
import { pick } from "../../shared/text.js";
import { UNIT_TEXT, type UnitFormValues, unitPage, unitsPage } from "../../web/admin/units.js";
import { formRecord, readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { userOf } from "../office/page-helpers.js";

const HTML = "text/html; charset=utf-8";
const BASE = "/office/quan-tri/don-vi";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const N = (t: import("@sinclair/typebox").TSchema) => Type.Union([t, Type.Null()]);
const UnitSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  shortName: N(Type.String()),
  kind: Type.String(),
  level: Type.String(),
  parentId: N(Type.String()),
  parentName: N(Type.String()),
  address: N(Type.String()),
  phone: N(Type.String()),
  email: N(Type.String()),
  receivesDossiers: Type.Boolean(),
  receptionHours: ReceptionHoursSchema,
  officers: Type.Integer(),
  depth: Type.Integer(),
});

function formValues(r: Record<string, string>): UnitFormValues {
  const { code, name, shortName, kind, level, parentCode, address, phone, email } = r;
  return {
    code,
    name,
    shortName,
    kind,
    level,
    parentCode,
    address,
    phone,
    email,
    receivesDossiers: r.receivesDossiers === "1",
    ownHours: r.ownHours === "1",
    hours: Array.from({ length: 7 }, (_, i) => r[`hours.${i}`] ?? ""),
  };
}

/** The week typed on the page, or the page's errors (id `hours.<day>`). */
function hoursOf(
  v: UnitFormValues,
  lang: "vi" | "en",
): { hours: ReceptionHours | null } | { errors: { id: string; message: string }[] } {
  if (!v.ownHours) return { hours: null };
  const week: ReceptionHours = [];
  const errs: { id: string; message: string }[] = [];
  (v.hours ?? []).forEach((text, i) => {
    const r = parseDayPeriods(text);
    if ("problem" in r) errs.push({ id: `hours.${i}`, message: `${DAY_NAMES[lang][i]}: ${pick(r.problem, lang)}` });
    else week.push(r);
  });
  return errs.length ? { errors: errs } : { hours: week };
}
const pageErrors = (e: unknown, lang: "vi" | "en") => {
  if (!(e instanceof AppError) || e.status !== 422) throw e;
  return e.fields.map((f) => {
    const path = f.path.replace(/^body\./, "");
    return {
      id: path.startsWith("receptionHours.") ? `hours.${path.split(".")[1]}` : path.split(".")[0]!,
      message: pick(f.text, lang),
    };
  });
};

export const adminUnitRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/admin/units",
    {
      schema: {
        tags: ["admin"],
        summary: "The province's units as a tree, in order (administrators)",
        response: { 200: Type.Object({ items: Type.Array(UnitSchema) }), ...errors },
      },
    },
    async (req) => ({ items: await listAdminUnits(deps, await requireOfficer(req, deps)) }),
  );
  app.post(
    "/api/admin/units",
    {
      schema: {
        tags: ["admin"],
        summary: "Create a unit (audited)",
        body: NewUnit,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ id: await createUnit(deps, await requireOfficer(req, deps), req.body, { ip: req.ip }) }),
  );
  app.patch<{ Params: { id: string } }>(
    "/api/admin/units/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Edit a unit's name, contact details, parent or reception (audited; no cycles)",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        body: UnitChanges,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await updateUnit(deps, await requireOfficer(req, deps), req.params.id, req.body, { ip: req.ip });
      return reply.code(204).send(null);
    },
  );

  const renderList = async (
    req: FastifyRequest,
    reply: FastifyReply,
    officer: Officer,
    extra: {
      status?: number;
      values?: UnitFormValues;
      errors?: { id: string; message: string }[];
      flash?: string;
    } = {},
  ) =>
    reply
      .code(extra.status ?? 200)
      .type(HTML)
      .send(
        unitsPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          units: await listAdminUnits(deps, officer),
          ...extra,
        }),
      );

  app.get<{ Querystring: { created?: string } }>(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const created = typeof req.query.created === "string" ? req.query.created.slice(0, 40) : undefined;
    return renderList(req, reply, officer, {
      flash: created ? pick(fill(UNIT_TEXT.created, { code: created }), req.lang) : undefined,
    });
  });

  app.post(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const values = formValues(formRecord(await readFormBody(req, deps)));
    try {
      await createUnit(
        deps,
        officer,
        { ...values, code: values.code?.trim() ?? "", name: values.name ?? "" },
        { ip: req.ip },
      );
    } catch (e) {
      return renderList(req, reply, officer, { status: 422, values, errors: pageErrors(e, req.lang) });
    }
    const q = new URLSearchParams({ created: values.code?.trim() ?? "" });
    if (req.lang === "en") q.set("lang", "en");
    return reply.redirect(`${BASE}?${q}`, 303);
  });

  const renderUnit = async (
    req: FastifyRequest,
    reply: FastifyReply,
    officer: Officer,
    id: string,
    extra: {
      status?: number;
      values?: UnitFormValues;
      errors?: { id: string; message: string }[];
      flash?: string;
    } = {},
  ) => {
    if (!UUID.test(id)) throw new AppError(404, "not_found", { vi: "Không tìm thấy đơn vị.", en: "Unit not found." });
    const units = await listAdminUnits(deps, officer);
    const unit = units.find((u) => u.id === id);
    if (!unit) throw new AppError(404, "not_found", { vi: "Không tìm thấy đơn vị.", en: "Unit not found." });
    const parentCode = units.find((u) => u.id === unit.parentId)?.code ?? "";
    return reply
      .code(extra.status ?? 200)
      .type(HTML)
      .send(unitPage({ lang: req.lang, url: req.url, user: userOf(officer), unit, parentCode, ...extra }));
  };

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
    `${BASE}/:id`,
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      authoriseOfficerAdmin(officer);
      return renderUnit(req, reply, officer, req.params.id, {
        flash: req.query.saved ? pick(UNIT_TEXT.saved, req.lang) : undefined,
      });
    },
  );

  app.post<{ Params: { id: string } }>(`${BASE}/:id`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    if (!UUID.test(req.params.id))
      throw new AppError(404, "not_found", { vi: "Không tìm thấy đơn vị.", en: "Unit not found." });
    const values = formValues(formRecord(await readFormBody(req, deps)));
    const week = hoursOf(values, req.lang);
    if ("errors" in week)
      return renderUnit(req, reply, officer, req.params.id, { status: 422, values, errors: week.errors });
    try {
      await updateUnit(
        deps,
        officer,
        req.params.id,
        {
          name: values.name ?? "",
          shortName: values.shortName ?? "",
          parentCode: values.parentCode ?? "",
          address: values.address ?? "",
          phone: values.phone ?? "",
          email: values.email ?? "",
          receivesDossiers: values.receivesDossiers,
          receptionHours: week.hours,
        },
        { ip: req.ip },
      );
    } catch (e) {
      return renderUnit(req, reply, officer, req.params.id, { status: 422, values, errors: pageErrors(e, req.lang) });
    }
    return reply.redirect(`${BASE}/${req.params.id}?saved=1${req.lang === "en" ? "&lang=en" : ""}`, 303);
  });
};
