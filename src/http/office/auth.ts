import { randomBytes } from "node:crypto";
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import type { Deps } from "../../app/deps.js";
import { AppError, fieldError, fill, unauthenticated } from "../../app/errors.js";
import {
  type LoginFailure,
  loginWithCode,
  loginWithPassword,
  readLoginTicket,
  recordLogout,
  totpUri,
} from "../../app/officers.js";
import { endSession } from "../../app/actors.js";
import { type Lang, pick } from "../../shared/text.js";
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
import { formRecord, formValue, readFormBody } from "../form-body.js";
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
  if (f.reason === "throttled") return pick(fill(LOGIN_TEXT.throttled, { seconds: f.retryAfter }), lang);
  if (f.reason === "needs_code") return tx(lang, LOGIN_TEXT.needsCode);
  if (f.reason === "expired") return tx(lang, LOGIN_TEXT.expired);
  return tx(lang, stage === "password" ? LOGIN_TEXT.invalid : LOGIN_TEXT.badCode);
}

/** The HTTP status of a refused sign-in; a throttled one also says when to retry. */
function failureStatus(reply: FastifyReply, f: LoginFailure): number {
  if (f.reason === "throttled") {
    reply.header("retry-after", String(f.retryAfter));
    return 429;
  }
  return 401;
}

function failureError(f: LoginFailure, stage: "password" | "otp"): AppError {
  if (f.reason === "throttled")
    return new AppError(429, "login_throttled", fill(LOGIN_TEXT.throttled, { seconds: f.retryAfter }));
  if (f.reason === "needs_code") return new AppError(401, "second_factor_required", LOGIN_TEXT.needsCode);
  if (f.reason === "expired") return new AppError(401, "login_expired", LOGIN_TEXT.expired);
  return new AppError(
    401,
    stage === "password" ? "invalid_credentials" : "invalid_code",
    stage === "password" ? LOGIN_TEXT.invalid : LOGIN_TEXT.badCode,
  );
}

/** The signed cookie that makes a browser a known device of one officer (set at each full sign-in, 180 days). */
export const DEVICE_COOKIE = "motcua_odev";
const DEVICE_MAX_AGE = 180 * 24 * 3600;

/** The known device this request comes from (its signed cookie checked), if any. */
export function knownDevice(req: FastifyRequest): { id: string; officerId: string } | undefined {
  const raw = req.cookies[DEVICE_COOKIE];
  if (!raw) return undefined;
  const u = req.unsignCookie(raw);
  if (!u.valid || !u.value) return undefined;
  const m = /^([0-9a-f-]{36})\.([\w-]{16,64})$/.exec(u.value);
  return m ? { officerId: m[1], id: m[2] } : undefined;
}

function rememberDevice(req: FastifyRequest, reply: FastifyReply, deps: Deps, officerId: string): void {
  const known = knownDevice(req);
  const id = known?.officerId === officerId ? known.id : randomBytes(18).toString("base64url");
  reply.setCookie(DEVICE_COOKIE, `${officerId}.${id}`, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    secure: deps.config.baseUrl.startsWith("https://"),
    maxAge: DEVICE_MAX_AGE,
    signed: true,
  });
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
        await endSession(deps, req.cookies[LOGIN_TICKET_COOKIE]);
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

  app.post("/office/login", { schema: { hide: true } }, async (req, reply) => {
    const lang = req.lang;
    const body = formRecord(await readFormBody(req, deps));
    const username = body.username?.trim() ?? "";
    const password = body.password ?? "";
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
    const code = typeof body.code === "string" ? body.code : undefined;
    const r = await loginWithPassword(deps, { username, password, code, ip: req.ip, device: knownDevice(req) });
    if (!r.ok) {
      const message = failureMessage(lang, r, "password");
      const askCode = r.reason === "needs_code" || (!!code && r.reason === "invalid");
      return reply
        .code(failureStatus(reply, r))
        .type(htmlType)
        .send(loginPage({ lang, url: req.url, username, next, askCode, errors: [{ id: "username", message }] }));
    }
    if (r.next === "done") {
      await startOfficerSession(reply, deps, r.officerId);
      rememberDevice(req, reply, deps, r.officerId);
      return reply.redirect(withLang(next ?? "/office", lang), 303);
    }
    reply.setCookie(LOGIN_TICKET_COOKIE, r.ticket, ticketCookie(deps));
    const q = new URLSearchParams();
    if (next) q.set("next", next);
    if (lang === "en") q.set("lang", "en");
    return reply.redirect(`/office/login/otp${q.size ? `?${q}` : ""}`, 303);
  });

  const renderOtp = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    error?: string,
    passwordError?: { id: string; message: string },
  ) => {
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
      .send(
        otpPage({
          lang: req.lang,
          url: req.url,
          username: t.username,
          enrol,
          error,
          newPassword: t.mustChangePassword,
          passwordError,
        }),
      );
  };

  app.get("/office/login/otp", { schema: { hide: true } }, async (req, reply) => renderOtp(req, reply, 200));

  app.post<{ Querystring: { next?: string } }>("/office/login/otp", { schema: { hide: true } }, async (req, reply) => {
    const lang = req.lang;
    const form = await readFormBody(req, deps);
    const code = formValue(form, "code") ?? "";
    const ticket = req.cookies[LOGIN_TICKET_COOKIE];
    const r = await loginWithCode(deps, {
      ticket,
      code,
      ip: req.ip,
      newPassword: formValue(form, "newPassword"),
      newPassword2: formValue(form, "newPassword2"),
    });
    if (!r.ok) {
      if (r.reason === "new_password")
        return renderOtp(req, reply, 422, undefined, { id: r.field, message: tx(lang, r.text) });
      if (r.reason === "invalid") return renderOtp(req, reply, 401, failureMessage(lang, r, "otp"));
      reply.clearCookie(LOGIN_TICKET_COOKIE, { path: "/office/login" });
      return reply
        .code(failureStatus(reply, r))
        .type(htmlType)
        .send(loginPage({ lang, url: req.url, errors: [{ id: "username", message: failureMessage(lang, r, "otp") }] }));
    }
    reply.clearCookie(LOGIN_TICKET_COOKIE, { path: "/office/login" });
    await startOfficerSession(reply, deps, r.officerId);
    rememberDevice(req, reply, deps, r.officerId);
    return reply.redirect(withLang(safeNext(req.query.next) ?? "/office", lang), 303);
  });

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
          "Answers a short-lived ticket (5 minutes) for step 2. `next` is `otp`, or `enrol` for an account without a TOTP secret yet (the answer then carries the new secret and its otpauth URI). Unknown user and wrong password give the same 401. Failures are throttled per account and source (client address, or the officer's known device: the signed cookie `motcua_odev` set at each full sign-in) with growing delays: 429 with Retry-After. After many failures from everywhere, an unknown device must send `code` (the TOTP code) with the password (401 `second_factor_required` until it does); both right answer `next: done` with the session cookie set.",
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 100 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
          code: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
        }),
        response: {
          200: Type.Object({
            next: Type.Union([Type.Literal("otp"), Type.Literal("enrol"), Type.Literal("done")]),
            ticket: Type.Optional(Type.String()),
            secret: Type.Optional(Type.String()),
            otpauthUri: Type.Optional(Type.String()),
            officer: Type.Optional(OfficerSchema),
          }),
          401: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const r = await loginWithPassword(deps, { ...req.body, ip: req.ip, device: knownDevice(req) });
      if (!r.ok) {
        failureStatus(reply, r);
        throw failureError(r, "password");
      }
      if (r.next === "done") {
        await startOfficerSession(reply, deps, r.officerId);
        rememberDevice(req, reply, deps, r.officerId);
        const officer = await loadOfficer(deps, r.officerId);
        if (!officer) throw unauthenticated();
        return { next: r.next, officer };
      }
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
          newPassword: Type.Optional(
            Type.String({
              maxLength: 200,
              description: "Required when an administrator reset the account: the officer's new password",
            }),
          ),
          newPassword2: Type.Optional(Type.String({ maxLength: 200, description: "The new password again" })),
        }),
        response: {
          200: Type.Object({ officer: OfficerSchema }),
          401: ErrorSchema,
          422: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const r = await loginWithCode(deps, { ...req.body, ip: req.ip });
      if (!r.ok && r.reason === "new_password") throw fieldError(r.field, r.text);
      if (!r.ok) {
        failureStatus(reply, r);
        throw failureError(r, "otp");
      }
      await startOfficerSession(reply, deps, r.officerId);
      rememberDevice(req, reply, deps, r.officerId);
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
