/**
 * Administration of officer accounts and the audit log (issue #9): JSON under `/api/admin/...` (tag "admin") and
 * pages under `/office/quan-tri/...`. The use cases in src/app/admin authorise and audit; this file reads the
 * request and picks the language.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AuditFilter, authoriseAuditReader, listAudit } from "../../app/admin/audit.js";
import {
  adminCreateOfficer,
  authoriseOfficerAdmin,
  getOfficerDetail,
  listOfficers,
  lockedAccounts,
  NewOfficerInput,
  OfficerChanges,
  OfficerFilter,
  resetOfficerCredentials,
  setOfficerActive,
  unlockOfficer,
  updateOfficer,
} from "../../app/admin/officers.js";
import type { Officer } from "../../app/actors.js";
import { listUnits } from "../../app/catalogue.js";
import { AppError } from "../../app/errors.js";
import { pick } from "../../shared/text.js";
import {
  ADMIN_TEXT,
  auditPage,
  credentialsPage,
  newOfficerPage,
  type OfficerFormValues,
  officerPage,
  officersListPage,
} from "../../web/admin/officers.js";
import { formRecord, type FormBody, readFormBody } from "../form-body.js";
import { requireOfficer } from "../officer-auth.js";
import { officerForPage } from "../office/auth.js";
import { DateTime, ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { one, userOf } from "../office/page-helpers.js";

const HTML = "text/html; charset=utf-8";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE = "/office/quan-tri/can-bo";
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

const Summary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.String(),
  unitName: Type.String(),
  roles: Type.Array(Type.String()),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  hasSecondFactor: Type.Boolean(),
  signingMethod: Type.String({ description: "remote | local | none" }),
  signingCredential: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  lastLoginAt: Type.Union([DateTime, Type.Null()]),
});
const Throttled = Type.Object({
  username: Type.String(),
  failures: Type.Integer(),
  blockedUntil: DateTime,
});
const Detail = Type.Intersect([
  Summary,
  Type.Object({
    lastLogins: Type.Array(Type.Object({ at: DateTime, ip: Type.Union([Type.String(), Type.Null()]) })),
    throttled: Type.Union([Throttled, Type.Null()]),
  }),
]);
const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

/** The officer form's fields as the use case takes them (roles: every checked box). */
function officerForm(body: FormBody): OfficerFormValues & { roles: string[] } {
  const r = formRecord(body);
  return {
    username: r.username,
    name: r.name,
    title: r.title,
    email: r.email,
    unitCode: r.unitCode,
    roles: body.fields.filter(([k]) => k === "roles").map(([, v]) => v),
    signingMethod: r.signingMethod,
    signingCredential: r.signingCredential,
  };
}

/** A use case's 422 as errors beside the page's fields (paths `body.x` or `x` → id `x`). */
function pageErrors(e: unknown, lang: "vi" | "en") {
  if (!(e instanceof AppError) || e.status !== 422) throw e;
  const list = e.fields.length ? e.fields : [{ path: "name", text: e.text }];
  return list.map((f) => ({ id: f.path.replace(/^(body|query)\./, "").split(".")[0], message: pick(f.text, lang) }));
}

export const adminOfficerRoutes: RouteModule = (app, deps) => {
  // ---- JSON ------------------------------------------------------------------------------------------------------
  app.get<{ Querystring: OfficerFilter }>(
    "/api/admin/officers",
    {
      schema: {
        tags: ["admin"],
        summary: "Officer accounts, filtered (administrators)",
        querystring: OfficerFilter,
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Summary) }), ...errors },
      },
    },
    async (req) => listOfficers(deps, await requireOfficer(req, deps), req.query),
  );

  app.post(
    "/api/admin/officers",
    {
      schema: {
        tags: ["admin"],
        summary: "Create an officer account (audited); answers its temporary password once",
        description:
          "The new officer signs in with the temporary password and the authenticator secret of `totpUri`, and must choose a new password at the first sign-in.",
        body: NewOfficerInput,
        response: {
          201: Type.Object({ officer: Summary, password: Type.String(), totpUri: Type.String() }),
          409: ErrorBody,
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const admin = await requireOfficer(req, deps);
      return reply.code(201).send(await adminCreateOfficer(deps, admin, req.body, { ip: req.ip }));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/admin/officers/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "One officer account with its recent sign-ins and any sign-in delay",
        params: IdParams,
        response: { 200: Detail, ...errors },
      },
    },
    async (req) => getOfficerDetail(deps, await requireOfficer(req, deps), req.params.id),
  );

  app.patch<{ Params: { id: string } }>(
    "/api/admin/officers/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Edit an officer account (audited); one's own roles and unit are refused",
        params: IdParams,
        body: OfficerChanges,
        response: { 200: Summary, ...errors },
      },
    },
    async (req) => updateOfficer(deps, await requireOfficer(req, deps), req.params.id, req.body, { ip: req.ip }),
  );

  for (const [path, summary] of [
    ["disable", "Disable an account: every session ends at once (audited; never one's own)"],
    ["enable", "Enable a disabled account again (audited)"],
  ] as const)
    app.post<{ Params: { id: string } }>(
      `/api/admin/officers/:id/${path}`,
      { schema: { tags: ["admin"], summary, params: IdParams, response: { 200: Summary, ...errors } } },
      async (req) =>
        setOfficerActive(deps, await requireOfficer(req, deps), req.params.id, path === "enable", { ip: req.ip }),
    );

  app.post<{ Params: { id: string } }>(
    "/api/admin/officers/:id/unlock",
    {
      schema: {
        tags: ["admin"],
        summary: "Lift every sign-in delay on an account (audited)",
        params: IdParams,
        response: { 200: Type.Object({ cleared: Type.Integer() }), ...errors },
      },
    },
    async (req) => unlockOfficer(deps, await requireOfficer(req, deps), req.params.id, { ip: req.ip }),
  );

  app.post<{ Params: { id: string } }>(
    "/api/admin/officers/:id/reset",
    {
      schema: {
        tags: ["admin"],
        summary: "Reset an account's password and second factor (audited; never one's own)",
        description:
          "Answers a temporary password once. Every session of the account ends; at the next sign-in the officer enrols a new authenticator and chooses a new password.",
        params: IdParams,
        response: { 200: Type.Object({ username: Type.String(), temporaryPassword: Type.String() }), ...errors },
      },
    },
    async (req) => resetOfficerCredentials(deps, await requireOfficer(req, deps), req.params.id, { ip: req.ip }),
  );

  app.get(
    "/api/admin/locked-accounts",
    {
      schema: {
        tags: ["admin"],
        summary: "Accounts whose sign-in is being delayed after failures (administrators)",
        response: { 200: Type.Object({ items: Type.Array(Throttled) }), ...errors },
      },
    },
    async (req) => ({ items: await lockedAccounts(deps, await requireOfficer(req, deps)) }),
  );

  app.get<{ Querystring: AuditFilter }>(
    "/api/office/audit",
    {
      schema: {
        tags: ["admin"],
        summary: "The audit log, newest first, filtered (administrators and supervisors)",
        querystring: AuditFilter,
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                at: DateTime,
                actorKind: Type.String(),
                actorUsername: Type.Union([Type.String(), Type.Null()]),
                actorName: Type.Union([Type.String(), Type.Null()]),
                unitName: Type.Union([Type.String(), Type.Null()]),
                action: Type.String(),
                target: Type.Union([Type.String(), Type.Null()]),
                ip: Type.Union([Type.String(), Type.Null()]),
                data: Type.Record(Type.String(), Type.Unknown()),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => listAudit(deps, await requireOfficer(req, deps), req.query),
  );

  // ---- pages -----------------------------------------------------------------------------------------------------
  const units = async () => (await listUnits(deps)).map((u) => ({ code: u.code, name: u.name }));
  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type(HTML).send(body);
  const back = (req: FastifyRequest, id: string, done?: string) =>
    `${BASE}/${id}?${done ? `done=${done}` : ""}${req.lang === "en" ? "&lang=en" : ""}`;

  app.get<{ Querystring: Record<string, unknown> }>(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const q = req.query ?? {};
    const filter = {
      q: one(q.q)?.slice(0, 100) || undefined,
      unitCode: one(q.unitCode) || undefined,
      role: one(q.role) || undefined,
      state: one(q.state) || undefined,
    };
    const list = await listOfficers(deps, officer, {
      q: filter.q,
      unitCode: filter.unitCode,
      role: ["receiving", "specialist", "leader", "admin", "supervisor"].includes(filter.role ?? "")
        ? (filter.role as OfficerFilter["role"])
        : undefined,
      state: ["active", "disabled", "all"].includes(filter.state ?? "")
        ? (filter.state as OfficerFilter["state"])
        : undefined,
    });
    return page(
      reply,
      200,
      officersListPage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        filter,
        units: await units(),
        total: list.total,
        items: list.items,
        locked: await lockedAccounts(deps, officer),
      }),
    );
  });

  app.get(`${BASE}/moi`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    return page(
      reply,
      200,
      newOfficerPage({ lang: req.lang, url: req.url, user: userOf(officer), units: await units() }),
    );
  });

  app.post(`${BASE}/moi`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const values = officerForm(await readFormBody(req, deps));
    try {
      const r = await adminCreateOfficer(
        deps,
        officer,
        {
          ...values,
          title: values.title || undefined,
          email: values.email || undefined,
        },
        { ip: req.ip },
      );
      reply.header("cache-control", "no-store");
      return page(
        reply,
        201,
        credentialsPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          officerId: r.officer.id,
          username: r.officer.username,
          password: r.password,
        }),
      );
    } catch (e) {
      const errs = pageErrors(e, req.lang);
      return page(
        reply,
        422,
        newOfficerPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          units: await units(),
          values,
          errors: errs,
        }),
      );
    }
  });

  const DONE: Record<string, keyof typeof ADMIN_TEXT> = {
    saved: "saved",
    disabled: "disabledDone",
    enabled: "enabledDone",
    unlocked: "unlockedDone",
  };

  const renderOfficer = async (
    req: FastifyRequest,
    reply: FastifyReply,
    officer: Officer,
    id: string,
    extra: {
      status?: number;
      flash?: string;
      values?: OfficerFormValues;
      errors?: { id: string; message: string }[];
    } = {},
  ) => {
    const detail = await getOfficerDetail(deps, officer, id);
    return page(
      reply,
      extra.status ?? 200,
      officerPage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        officer: detail,
        self: detail.id === officer.id,
        units: await units(),
        values: extra.values,
        errors: extra.errors,
        flash: extra.flash,
      }),
    );
  };

  const pageId = (id: string) => {
    if (!UUID.test(id))
      throw new AppError(404, "not_found", { vi: "Không tìm thấy cán bộ.", en: "Officer not found." });
    return id;
  };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    `${BASE}/:id`,
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const key = DONE[one(req.query.done) ?? ""];
      return renderOfficer(req, reply, officer, pageId(req.params.id), {
        flash: key ? pick(ADMIN_TEXT[key], req.lang) : undefined,
      });
    },
  );

  app.post<{ Params: { id: string } }>(`${BASE}/:id`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const id = pageId(req.params.id);
    authoriseOfficerAdmin(officer);
    const values = officerForm(await readFormBody(req, deps));
    const self = id === officer.id;
    try {
      await updateOfficer(
        deps,
        officer,
        id,
        {
          name: values.name ?? "",
          title: values.title ?? "",
          email: values.email ?? "",
          signingMethod: values.signingMethod as "remote" | "local" | "none" | undefined,
          signingCredential: values.signingCredential,
          // Disabled controls are not posted: one's own unit and roles are left as they are.
          ...(self ? {} : { unitCode: values.unitCode, roles: values.roles }),
        },
        { ip: req.ip },
      );
    } catch (e) {
      return renderOfficer(req, reply, officer, id, { status: 422, values, errors: pageErrors(e, req.lang) });
    }
    return reply.redirect(back(req, id, "saved"), 303);
  });

  for (const path of ["disable", "enable", "unlock"] as const)
    app.post<{ Params: { id: string } }>(`${BASE}/:id/${path}`, { schema: { hide: true } }, async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const id = pageId(req.params.id);
      if (path === "unlock") await unlockOfficer(deps, officer, id, { ip: req.ip });
      else await setOfficerActive(deps, officer, id, path === "enable", { ip: req.ip });
      const done = { disable: "disabled", enable: "enabled", unlock: "unlocked" }[path];
      return reply.redirect(back(req, id, done), 303);
    });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/reset`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const id = pageId(req.params.id);
    const r = await resetOfficerCredentials(deps, officer, id, { ip: req.ip });
    reply.header("cache-control", "no-store");
    return page(
      reply,
      200,
      credentialsPage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        officerId: id,
        username: r.username,
        password: r.temporaryPassword,
      }),
    );
  });

  app.get<{ Querystring: Record<string, unknown> }>(
    "/office/quan-tri/nhat-ky",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      authoriseAuditReader(officer);
      const q = req.query ?? {};
      const filter: Record<string, string | undefined> = {};
      for (const k of ["action", "officer", "target", "from", "to"]) filter[k] = one(q[k])?.trim() || undefined;
      const offset = Math.min(Math.max(Number.parseInt(one(q.offset) ?? "0", 10) || 0, 0), 1_000_000);
      const limit = 100;
      try {
        const r = await listAudit(deps, officer, { ...filter, offset, limit });
        return page(
          reply,
          200,
          auditPage({ lang: req.lang, url: req.url, user: userOf(officer), filter, offset, limit, ...r }),
        );
      } catch (e) {
        const errs = pageErrors(e, req.lang).map((x) => ({ ...x, id: `a-${x.id}` }));
        return page(
          reply,
          422,
          auditPage({
            lang: req.lang,
            url: req.url,
            user: userOf(officer),
            filter,
            offset: 0,
            limit,
            total: 0,
            items: [],
            errors: errs,
          }),
        );
      }
    },
  );
};
