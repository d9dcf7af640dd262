import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { OidcLoginError, oidcClientFor, type OidcFailure, type PendingLogin } from "../../adapters/identity/oidc.js";
import type { Deps } from "../../app/deps.js";
import { beginCitizenLogin, endSession, recordCitizenLogin, takePendingLogin } from "../../app/actors.js";
import { type LText, type Lang, pick } from "../../shared/text.js";
import { html } from "../../web/html.js";
import { page } from "../../web/layout.js";
import { CITIZEN_COOKIE, currentCitizen, endCitizenSession, startCitizenSession } from "../citizen-auth.js";
import type { RouteModule } from "../types.js";
import { HtmlResponse, RedirectResponse } from "../schemas.js";

/**
 * Citizen login through VNeID (OpenID Connect, authorization code + PKCE):
 *   GET  /dang-nhap           explains the login, with a button (`?next=` a local path to return to)
 *   GET  /dang-nhap/vneid     starts the login: a short-lived server-side "pending" session keeps state, nonce,
 *                             PKCE verifier and next; redirects to the provider
 *   GET  /dang-nhap/callback  verifies the response and the ID token, upserts the account by `iss|sub`, starts the
 *                             citizen session, returns to next
 *   POST /dang-xuat           ends the session
 */

export const PENDING_COOKIE = "motcua_oidc";
/** How long the user has to finish the login at the provider. */
export const PENDING_TTL_SECONDS = 10 * 60;
const DEFAULT_NEXT = "/ho-so-cua-toi";

const T = {
  title: { vi: "Đăng nhập", en: "Log in" },
  intro: {
    vi: "Công dân và doanh nghiệp đăng nhập Cổng dịch vụ công bằng tài khoản định danh điện tử VNeID do Bộ Công an cấp. Bạn không cần tạo tài khoản riêng.",
    en: "Citizens and businesses log in to the portal with their VNeID electronic identity account issued by the Ministry of Public Security. No separate account is needed.",
  },
  data: {
    vi: "Khi bạn đồng ý, VNeID cung cấp cho Cổng: họ và tên, số định danh cá nhân (hoặc mã số thuế của doanh nghiệp), ngày sinh, giới tính, địa chỉ, số điện thoại và thư điện tử. Các thông tin này được điền sẵn vào tờ khai để bạn không phải khai lại.",
    en: "With your consent, VNeID gives the portal your full name, personal identification number (or the business's tax code), date of birth, gender, address, phone number and e-mail. They pre-fill your application forms so you do not type them again.",
  },
  button: { vi: "Đăng nhập bằng VNeID", en: "Log in with VNeID" },
  sandbox: {
    vi: "Môi trường thử nghiệm: bạn sẽ được chuyển đến VNeID SANDBOX và chọn một danh tính mẫu, không cần mật khẩu.",
    en: "Test environment: you will go to the VNeID SANDBOX and pick a demo identity; no password is needed.",
  },
  already: { vi: "Bạn đang đăng nhập với tên", en: "You are logged in as" },
  continue: { vi: "Tiếp tục", en: "Continue" },
  logout: { vi: "Đăng xuất", en: "Log out" },
  failedTitle: { vi: "Không đăng nhập được", en: "Login failed" },
  cancelledTitle: { vi: "Bạn đã hủy đăng nhập", en: "Login cancelled" },
  retry: { vi: "Đăng nhập lại", en: "Try again" },
  home: { vi: "Về trang chủ", en: "Back to the home page" },
} satisfies Record<string, LText>;

const FAILURES: Record<OidcFailure | "expired", LText> = {
  denied: {
    vi: "Bạn đã hủy đăng nhập hoặc không đồng ý chia sẻ thông tin trên VNeID. Bạn có thể đăng nhập lại bất cứ lúc nào.",
    en: "You cancelled the login or did not agree to share your information on VNeID. You can log in again at any time.",
  },
  state: {
    vi: "Phản hồi đăng nhập không khớp với yêu cầu đăng nhập của bạn (có thể liên kết đã bị dùng lại hoặc bị giả mạo). Vì an toàn, vui lòng đăng nhập lại.",
    en: "The login response does not match your login request (the link may have been reused or forged). For your safety, please log in again.",
  },
  invalid: {
    vi: "Không xác minh được thông tin đăng nhập từ VNeID. Vui lòng đăng nhập lại.",
    en: "The login information from VNeID could not be verified. Please log in again.",
  },
  unavailable: {
    vi: "Hiện không kết nối được với VNeID. Vui lòng thử lại sau ít phút.",
    en: "VNeID cannot be reached at the moment. Please try again in a few minutes.",
  },
  expired: {
    vi: "Phiên đăng nhập đã hết hạn hoặc đã được sử dụng. Vui lòng đăng nhập lại.",
    en: "The login session has expired or was already used. Please log in again.",
  },
};

/** Only local paths are accepted as the place to return to (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || next.length > 1000) return DEFAULT_NEXT;
  if (!next.startsWith("/") || next.startsWith("//") || /[\\\x00-\x1f\x7f]/.test(next)) return DEFAULT_NEXT;
  if (next.startsWith("/dang-nhap") || next.startsWith("/dang-xuat")) return DEFAULT_NEXT;
  return next;
}

const loginHref = (next: string) =>
  next === DEFAULT_NEXT ? "/dang-nhap" : `/dang-nhap?next=${encodeURIComponent(next)}`;

function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  body: ReturnType<typeof html>,
  user: { name: string } | null = null,
) {
  return reply
    .code(status)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(page({ brand: req.brand, title, lang: req.lang, url: req.url, body, user }));
}

function failurePage(req: FastifyRequest, reply: FastifyReply, reason: OidcFailure | "expired", next: string) {
  const lang: Lang = req.lang;
  const title = pick(reason === "denied" ? T.cancelledTitle : T.failedTitle, lang);
  const status = reason === "denied" ? 200 : reason === "unavailable" ? 502 : 400;
  return sendPage(
    req,
    reply,
    status,
    title,
    html`<h1>${title}</h1>
<div class="notice" role="alert"><p>${pick(FAILURES[reason], lang)}</p></div>
<p><a class="button" href="${loginHref(next)}">${pick(T.retry, lang)}</a> <a href="/">${pick(T.home, lang)}</a></p>`,
  );
}

const sandboxIssuer = (deps: Deps) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(deps.config.oidc.issuer);

export const citizenAuthRoutes: RouteModule = (app, deps) => {
  const cookieOpts = () => ({
    path: "/dang-nhap",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: deps.config.baseUrl.startsWith("https://"),
    maxAge: PENDING_TTL_SECONDS,
  });

  app.get(
    "/dang-nhap",
    {
      schema: {
        tags: ["portal: identity"],
        summary: "Login page (VNeID)",
        querystring: Type.Object({ next: Type.Optional(Type.String()) }),
        response: { 200: HtmlResponse("The login page (or, when logged in, who you are)") },
      },
    },
    async (req, reply) => {
      const lang = req.lang;
      const next = safeNext(req.query.next);
      const who = await currentCitizen(req, deps);
      const title = pick(T.title, lang);
      const body = who
        ? html`<h1>${title}</h1>
<div class="notice ok"><p>${pick(T.already, lang)} <strong>${who.name}</strong>.</p></div>
<p><a class="button" href="${next}">${pick(T.continue, lang)}</a></p>
<form method="post" action="/dang-xuat"><button type="submit" class="secondary">${pick(T.logout, lang)}</button></form>`
        : html`<h1>${title}</h1>
<p>${pick(T.intro, lang)}</p>
<p>${pick(T.data, lang)}</p>
${sandboxIssuer(deps) ? html`<p class="notice">${pick(T.sandbox, lang)}</p>` : ""}
<form method="get" action="/dang-nhap/vneid">
${next !== DEFAULT_NEXT ? html`<input type="hidden" name="next" value="${next}">` : ""}
<button type="submit">${pick(T.button, lang)}</button>
</form>`;
      return sendPage(req, reply, 200, title, body, who ? { name: who.name } : null);
    },
  );

  app.get(
    "/dang-nhap/vneid",
    {
      schema: {
        tags: ["portal: identity"],
        summary: "Start a VNeID login: redirects to the identity provider",
        querystring: Type.Object({ next: Type.Optional(Type.String()) }),
        response: {
          302: RedirectResponse("To the identity provider's authorization endpoint"),
          502: HtmlResponse("The identity provider cannot be reached"),
        },
      },
    },
    async (req, reply) => {
      const next = safeNext(req.query.next);
      let start: Awaited<ReturnType<ReturnType<typeof oidcClientFor>["begin"]>>;
      try {
        start = await oidcClientFor(deps.config).begin();
      } catch (e) {
        req.log.warn({ err: e }, "oidc: cannot start login");
        return failurePage(req, reply, e instanceof OidcLoginError ? e.reason : "unavailable", next);
      }
      // A previous unfinished attempt in this browser is dropped.
      const token = await beginCitizenLogin(
        deps,
        req.cookies[PENDING_COOKIE],
        { ...start.pending, next },
        PENDING_TTL_SECONDS,
      );
      reply.setCookie(PENDING_COOKIE, token, cookieOpts());
      return reply.header("cache-control", "no-store").redirect(start.url.toString(), 302);
    },
  );

  app.get(
    "/dang-nhap/callback",
    {
      schema: {
        tags: ["portal: identity"],
        summary: "OIDC redirect URI: verifies the login and starts the citizen session",
        response: {
          303: RedirectResponse("Logged in: back to the page the login started from"),
          200: HtmlResponse("The login was cancelled at the identity provider"),
          400: HtmlResponse("The login expired or its answer did not verify"),
          502: HtmlResponse("The identity provider cannot be reached"),
        },
      },
    },
    async (req, reply) => {
      const token = req.cookies[PENDING_COOKIE];
      // The pending login is single-use: whatever happens next, it cannot be replayed.
      const pending = await takePendingLogin(deps, token);
      if (token) reply.clearCookie(PENDING_COOKIE, { path: "/dang-nhap" });
      if (!pending) return failurePage(req, reply, "expired", DEFAULT_NEXT);
      const data = pending as unknown as PendingLogin & { next?: string };
      const next = safeNext(data.next);

      const client = oidcClientFor(deps.config);
      const callbackUrl = new URL(client.redirectUri);
      callbackUrl.search = new URL(req.url, "http://localhost").search;
      let identity: Awaited<ReturnType<typeof client.complete>>;
      try {
        identity = await client.complete(callbackUrl, {
          state: data.state,
          nonce: data.nonce,
          codeVerifier: data.codeVerifier,
        });
      } catch (e) {
        const reason = e instanceof OidcLoginError ? e.reason : "invalid";
        req.log.warn({ reason, detail: (e as Error).message }, "oidc: login refused");
        return failurePage(req, reply, reason, next);
      }

      const citizenId = await recordCitizenLogin(deps, identity, { ip: req.ip });
      // A fresh session token on every login (no session fixation).
      await endSession(deps, req.cookies[CITIZEN_COOKIE]);
      await startCitizenSession(reply, deps, citizenId);
      return reply.header("cache-control", "no-store").redirect(next, 303);
    },
  );

  app.post(
    "/dang-xuat",
    {
      schema: {
        tags: ["portal: identity"],
        summary: "Log out: ends the citizen session",
        response: { 303: RedirectResponse("To the home page") },
      },
    },
    async (req, reply) => {
      await endCitizenSession(req, reply, deps);
      return reply.redirect("/", 303);
    },
  );
};
