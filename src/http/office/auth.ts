import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import type { Deps } from "../../app/deps.js";
import { AppError, unauthenticated } from "../../app/errors.js";
import {
  type LoginFailure,
  loginWithCode,
  loginWithPassword,
  readLoginTicket,
  recordLogout,
  totpUri,
} from "../../app/officers.js";
import { destroySession } from "../../app/sessions.js";
import type { Lang } from "../../shared/text.js";
import { tx, withLang } from "../../web/office/common.js";
import { LOGIN_TEXT, loginPage, otpPage } from "../../web/office/login.js";
import {
  currentOfficer,
  endOfficerSession,
  loadOfficer,
  OFFICER_COOKIE,
  type Officer,
  startOfficerSession,
} from "../officer-auth.js";
import type { RouteModule } from "../types.js";
import { ErrorBody as ErrorSchema } from "../schemas.js";

/** Cookie carrying the login ticket between the password page and the code page (browser flow only). */
export const LOGIN_TICKET_COOKIE = "motcua_oticket";

const ticketCookie = (deps: Deps) => ({
  path: "/office/login",
  httpOnly: true,
  sameSite: "strict" as const,
  secure: deps.config.baseUrl.startsWith("https://"),
  maxAge: 5 * 60,
});

/** A safe place to go after login: only office paths of this site. */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== "string" || next.length > 500) return undefined;
  return /^\/office(\/|\?|$)/.test(next) && !next.startsWith("/office/login") && !next.includes("\\")
    ? next
    : undefined;
}

/**
 * For office pages: the logged-in officer, or undefined after sending a redirect to the login page
 * (which brings the officer back here afterwards).
 */
export async function officerForPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
): Promise<Officer | undefined> {
  const o = await currentOfficer(req, deps);
  if (o) return o;
  const next = req.method === "GET" ? safeNext(req.url) : undefined;
  const q = new URLSearchParams();
  if (next) q.set("next", next);
  if (req.lang === "en") q.set("lang", "en");
  if (req.cookies[OFFICER_COOKIE]) q.set("ended", "1");
  const qs = q.toString();
  reply.redirect(`/office/login${qs ? `?${qs}` : ""}`, 303);
  return undefined;
}

function failureMessage(lang: Lang, f: LoginFailure, stage: "password" | "otp"): string {
  if (f.reason === "locked") return tx(lang, LOGIN_TEXT.locked);
  if (f.reason === "expired") return tx(lang, LOGIN_TEXT.expired);
  return tx(lang, stage === "password" ? LOGIN_TEXT.invalid : LOGIN_TEXT.badCode);
}

function failureError(f: LoginFailure, stage: "password" | "otp"): AppError {
  if (f.reason === "locked") return new AppError(423, "account_locked", LOGIN_TEXT.locked);
  if (f.reason === "expired") return new AppError(401, "login_expired", LOGIN_TEXT.expired);
  return new AppError(
    401,
    stage === "password" ? "invalid_credentials" : "invalid_code",
    stage === "password" ? LOGIN_TEXT.invalid : LOGIN_TEXT.badCode,
  );
}

const qrSvg = (uri: string) => QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2, width: 220 });

const htmlType = "text/html; charset=utf-8";

const OfficerSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  username: Type.String(),
  name: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.String({ format: "uuid" }),
  unitCode: Type.String(),
  unitName: Type.String(),
  roles: Type.Array(Type.String()),
});

/** Officer login (password + TOTP), logout; as pages under /office and as JSON under /api/office. */
export const officeAuthRoutes: RouteModule = (app, deps) => {
  // ---- pages -------------------------------------------------------------------------------------------------
  app.get<{ Querystring: { next?: string; ended?: string; out?: string } }>(
    "/office/login",
    { schema: { hide: true } },
    async (req, reply) => {
      const next = safeNext(req.query.next);
      // A ticket abandoned at the code page is dropped when the browser starts again.
      if (req.cookies[LOGIN_TICKET_COOKIE]) {
        await destroySession(deps.db, req.cookies[LOGIN_TICKET_COOKIE]);
        reply.clearCookie(LOGIN_TICKET_COOKIE, { path: "/office/login" });
      }
      if (await currentOfficer(req, deps)) return reply.redirect(withLang(next ?? "/office", req.lang), 303);
      const message = req.query.out
        ? tx(req.lang, LOGIN_TEXT.loggedOut)
        : req.query.ended
          ? tx(req.lang, LOGIN_TEXT.sessionEnded)
          : undefined;
      return reply.type(htmlType).send(loginPage({ lang: req.lang, url: req.url, next, message }));
    },
  );

  app.post<{ Body: Record<string, unknown> }>("/office/login", { schema: { hide: true } }, async (req, reply) => {
    const lang = req.lang;
    const body = req.body ?? {};
    const username = typeof body.username === "string" ? body.username.trim() : "";
    const password = typeof body.password === "string" ? body.password : "";
    const next = safeNext(body.next);
    const errors = [];
    if (!username)
      errors.push({
        id: "username",
        message: tx(lang, LOGIN_TEXT.required).replace("{field}", tx(lang, LOGIN_TEXT.username).toLowerCase()),
      });
    if (!password)
      errors.push({
        id: "password",
        message: tx(lang, LOGIN_TEXT.required).replace("{field}", tx(lang, LOGIN_TEXT.password).toLowerCase()),
      });
    if (errors.length)
      return reply
        .code(422)
        .type(htmlType)
        .send(loginPage({ lang, url: req.url, username, next, errors }));
    const r = await loginWithPassword(deps, { username, password, ip: req.ip });
    if (!r.ok) {
      const message = failureMessage(lang, r, "password");
      return reply
        .code(r.reason === "locked" ? 423 : 401)
        .type(htmlType)
        .send(loginPage({ lang, url: req.url, username, next, errors: [{ id: "username", message }] }));
    }
    reply.setCookie(LOGIN_TICKET_COOKIE, r.ticket, ticketCookie(deps));
    const q = new URLSearchParams();
    if (next) q.set("next", next);
    if (lang === "en") q.set("lang", "en");
    return reply.redirect(`/office/login/otp${q.size ? `?${q}` : ""}`, 303);
  });

  const renderOtp = async (req: FastifyRequest, reply: FastifyReply, status: number, error?: string) => {
    const t = await readLoginTicket(deps, req.cookies[LOGIN_TICKET_COOKIE]);
    if (!t) {
      reply.clearCookie(LOGIN_TICKET_COOKIE, { path: "/office/login" });
      return reply
        .code(status === 200 ? 200 : 401)
        .type(htmlType)
        .send(loginPage({ lang: req.lang, url: req.url, message: tx(req.lang, LOGIN_TEXT.expired) }));
    }
    let enrol: { secret: string; uri: string; qrSvg: string } | undefined;
    if (t.enrolSecret) {
      const uri = totpUri(t.username, t.enrolSecret);
      enrol = { secret: t.enrolSecret, uri, qrSvg: await qrSvg(uri) };
    }
    return reply
      .code(status)
      .type(htmlType)
      .send(otpPage({ lang: req.lang, url: req.url, username: t.username, enrol, error }));
  };

  app.get("/office/login/otp", { schema: { hide: true } }, async (req, reply) => renderOtp(req, reply, 200));

  app.post<{ Body: Record<string, unknown>; Querystring: { next?: string } }>(
    "/office/login/otp",
    { schema: { hide: true } },
    async (req, reply) => {
      const lang = req.lang;
      const code = typeof req.body?.code === "string" ? req.body.code : "";
      const ticket = req.cookies[LOGIN_TICKET_COOKIE];
      const r = await loginWithCode(deps, { ticket, code, ip: req.ip });
      if (!r.ok) {
        if (r.reason === "invalid") return renderOtp(req, reply, 401, failureMessage(lang, r, "otp"));
        reply.clearCookie(LOGIN_TICKET_COOKIE, { path: "/office/login" });
        return reply
          .code(r.reason === "locked" ? 423 : 401)
          .type(htmlType)
          .send(
            loginPage({ lang, url: req.url, errors: [{ id: "username", message: failureMessage(lang, r, "otp") }] }),
          );
      }
      reply.clearCookie(LOGIN_TICKET_COOKIE, { path: "/office/login" });
      await startOfficerSession(reply, deps, r.officerId);
      return reply.redirect(withLang(safeNext(req.query.next) ?? "/office", lang), 303);
    },
  );

  app.post("/office/logout", { schema: { hide: true } }, async (req, reply) => {
    const o = await currentOfficer(req, deps);
    if (o) await recordLogout(deps, o, req.ip);
    await endOfficerSession(req, reply, deps);
    return reply.redirect(`/office/login?out=1${req.lang === "en" ? "&lang=en" : ""}`, 303);
  });

  // ---- JSON API ----------------------------------------------------------------------------------------------
  app.post(
    "/api/office/login",
    {
      schema: {
        tags: ["office"],
        summary: "Officer login, step 1: username and password",
        description:
          "Answers a short-lived ticket (5 minutes) for step 2. `next` is `otp`, or `enrol` for an account without a TOTP secret yet (the answer then carries the new secret and its otpauth URI). Unknown user and wrong password give the same 401; 5 failures in a row lock sign-in for 15 minutes (423).",
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 100 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: {
          200: Type.Object({
            next: Type.Union([Type.Literal("otp"), Type.Literal("enrol")]),
            ticket: Type.String(),
            secret: Type.Optional(Type.String()),
            otpauthUri: Type.Optional(Type.String()),
          }),
          401: ErrorSchema,
          423: ErrorSchema,
        },
      },
    },
    async (req) => {
      const r = await loginWithPassword(deps, { ...req.body, ip: req.ip });
      if (!r.ok) throw failureError(r, "password");
      if (r.next === "enrol") return { next: r.next, ticket: r.ticket, secret: r.secret, otpauthUri: r.uri };
      return { next: r.next, ticket: r.ticket };
    },
  );

  app.post(
    "/api/office/login/otp",
    {
      schema: {
        tags: ["office"],
        summary: "Officer login, step 2: the TOTP code",
        description:
          "Checks the 6-digit code (30 s steps, ±1 step; a used code is refused) for the ticket of step 1 and sets the officer session cookie `motcua_osid` (30 minutes idle, 10 hours at most).",
        body: Type.Object({
          ticket: Type.String({ minLength: 1, maxLength: 100 }),
          code: Type.String({ minLength: 1, maxLength: 10 }),
        }),
        response: { 200: Type.Object({ officer: OfficerSchema }), 401: ErrorSchema, 423: ErrorSchema },
      },
    },
    async (req, reply) => {
      const r = await loginWithCode(deps, { ...req.body, ip: req.ip });
      if (!r.ok) throw failureError(r, "otp");
      await startOfficerSession(reply, deps, r.officerId);
      const officer = await loadOfficer(deps, r.officerId);
      if (!officer) throw unauthenticated();
      return { officer };
    },
  );

  app.post(
    "/api/office/logout",
    {
      schema: {
        tags: ["office"],
        summary: "Officer logout: ends the session",
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const o = await currentOfficer(req, deps);
      if (o) await recordLogout(deps, o, req.ip);
      await endOfficerSession(req, reply, deps);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/office/me",
    {
      schema: {
        tags: ["office"],
        summary: "The logged-in officer",
        response: { 200: Type.Object({ officer: OfficerSchema }), 401: ErrorSchema },
      },
    },
    async (req) => {
      const officer = await currentOfficer(req, deps);
      if (!officer) throw unauthenticated();
      return { officer };
    },
  );
};
