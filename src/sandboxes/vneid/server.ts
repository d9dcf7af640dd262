import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { decodeJwt, SignJWT } from "jose";
import { html } from "../../web/html.js";
import type { RunningSandbox } from "../index.js";
import { sandboxPage } from "../page.js";
import { loadOrCreateSigningKey, newSigningKey, type SigningKey } from "./keys.js";
import { claimsOf, DEMO_PEOPLE, type DemoPerson, subjectOf } from "./people.js";

/**
 * VNeID SANDBOX: a small OpenID Provider standing in for the national identity service (Decree 69/2024), so the
 * portal's real OIDC client can be exercised end to end. Authorization code flow only, PKCE S256, state and nonce
 * required, RS256-signed ID tokens, client_secret_basic / client_secret_post. It lets anyone pick one of the demo
 * identities: it must never run in production.
 */

export interface VneidClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export interface VneidSandboxOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** Issuer identifier; default `http://<host>:<port>`. */
  issuer?: string;
  clients: VneidClient[];
  /** Where to keep the signing key so it survives restarts; generated in memory when absent. */
  keyFile?: string;
  people?: DemoPerson[];
  /** Clock (tests). */
  now?: () => Date;
  codeTtlSeconds?: number;
  tokenTtlSeconds?: number;
}

/** One-shot tampering of the next ID token, for tests of relying parties (in-process only, never over HTTP). */
export interface IdTokenTamper {
  /** Claims merged over the real ones (e.g. a wrong `aud`, `nonce`, `iss` or an `exp` in the past). */
  claims?: Record<string, unknown>;
  /** Sign with a key that is not in the published JWKS. */
  foreignKey?: boolean;
  /** Flip bits in the signature after signing. */
  corruptSignature?: boolean;
}

export interface VneidSandbox extends RunningSandbox {
  issuer: string;
  /** The next ID token issued is altered as described. */
  tamperNextIdToken(t: IdTokenTamper): void;
}

interface AuthRequest {
  client: VneidClient;
  redirectUri: string;
  scope: string[];
  state: string;
  nonce: string;
  codeChallenge: string;
  expiresAt: number;
}

interface IssuedCode {
  client: VneidClient;
  redirectUri: string;
  scope: string[];
  nonce: string;
  codeChallenge: string;
  person: DemoPerson;
  authTime: number;
  expiresAt: number;
  used: boolean;
  accessTokens: string[];
}

interface AccessToken {
  person: DemoPerson;
  scope: string[];
  expiresAt: number;
}

const SUPPORTED_SCOPES = ["openid", "profile", "email", "phone", "address"];
const SERVICE = "VNeID – Hệ thống định danh và xác thực điện tử (SANDBOX)";
const REQUEST_TTL_MS = 10 * 60 * 1000;

const b64url = (b: Buffer) => b.toString("base64url");
const random = (n = 32) => b64url(randomBytes(n));
const sha256b64url = (s: string) => b64url(createHash("sha256").update(s).digest());

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Claims of a person restricted to the granted scopes. */
function scopedClaims(p: DemoPerson, scope: string[]): Record<string, unknown> {
  const all = claimsOf(p);
  const out: Record<string, unknown> = {};
  const take = (...keys: string[]) => {
    for (const k of keys) if (all[k] !== undefined) out[k] = all[k];
  };
  if (scope.includes("profile"))
    take("name", "birthdate", "gender", "account_type", "cccd", "tax_code", "representative");
  if (scope.includes("email")) take("email", "email_verified");
  if (scope.includes("phone")) take("phone_number", "phone_number_verified");
  if (scope.includes("address")) take("address");
  return out;
}

function formatDob(d?: string) {
  if (!d) return "";
  const [y, m, day] = d.split("-");
  return `${day}/${m}/${y}`;
}

export async function startVneidSandbox(opts: VneidSandboxOptions): Promise<VneidSandbox> {
  const host = opts.host ?? "127.0.0.1";
  const people = opts.people ?? DEMO_PEOPLE;
  const now = () => (opts.now ? opts.now() : new Date()).getTime();
  const codeTtl = (opts.codeTtlSeconds ?? 60) * 1000;
  const tokenTtl = opts.tokenTtlSeconds ?? 600;
  const key: SigningKey = await loadOrCreateSigningKey(opts.keyFile);
  const clients = new Map(opts.clients.map((c) => [c.clientId, c]));
  const requests = new Map<string, AuthRequest>();
  const codes = new Map<string, IssuedCode>();
  const tokens = new Map<string, AccessToken>();
  let tamper: IdTokenTamper | undefined;
  let issuer = "";

  const purge = () => {
    const t = now();
    for (const [k, v] of requests) if (v.expiresAt < t) requests.delete(k);
    // Used codes are kept until they expire so that a replay is recognised (and its tokens revoked).
    for (const [k, v] of codes) if (v.expiresAt + codeTtl < t) codes.delete(k);
    for (const [k, v] of tokens) if (v.expiresAt < t) tokens.delete(k);
  };

  const app = Fastify({ logger: false });
  await app.register(formbody);
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "VNeID SANDBOX");
  });

  const page = (reply: FastifyReply, status: number, title: string, body: ReturnType<typeof html>) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .send(sandboxPage({ title, service: SERVICE, body }));

  const errorPage = (reply: FastifyReply, message: string) =>
    page(
      reply,
      400,
      "Yêu cầu không hợp lệ",
      html`<h1>Yêu cầu đăng nhập không hợp lệ</h1><p>${message}</p><p>Hãy quay lại cổng dịch vụ công và thử đăng nhập lại.</p>`,
    );

  const redirectWith = (reply: FastifyReply, uri: string, params: Record<string, string>) => {
    const u = new URL(uri);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return reply.header("cache-control", "no-store").redirect(u.toString(), 302);
  };

  app.get("/.well-known/openid-configuration", async () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/logout`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: SUPPORTED_SCOPES,
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "name",
      "birthdate",
      "gender",
      "address",
      "phone_number",
      "email",
      "cccd",
      "tax_code",
      "account_type",
      "representative",
    ],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${issuer}/`,
  }));

  app.get("/jwks", async () => ({ keys: [key.publicJwk] }));

  app.get("/", async (_req, reply) =>
    page(
      reply,
      200,
      "Giới thiệu",
      html`<h1>VNeID SANDBOX</h1>
<p>Nhà cung cấp định danh OpenID Connect dùng cho phát triển và kiểm thử. Cổng dịch vụ công chuyển người dùng đến đây để chọn một danh tính mẫu.</p>
<p>Tài liệu khám phá: <a href="/.well-known/openid-configuration">/.well-known/openid-configuration</a></p>
<h2>Danh tính mẫu</h2>
<table><thead><tr><th scope="col">Họ tên / Tên tổ chức</th><th scope="col">Số CCCD / Mã số thuế</th><th scope="col">Địa chỉ</th></tr></thead><tbody>
${people.map((p) => html`<tr><td>${p.name}</td><td>${p.cccd ?? p.taxCode}</td><td>${p.address.formatted}</td></tr>`)}
</tbody></table>`,
    ),
  );

  // ---- Authorization endpoint ---------------------------------------------------------------------------------

  type AuthQuery = Record<string, string | undefined>;
  app.get("/authorize", async (req: FastifyRequest<{ Querystring: AuthQuery }>, reply) => {
    purge();
    const q = req.query;
    const client = q.client_id ? clients.get(q.client_id) : undefined;
    if (!client) return errorPage(reply, "Ứng dụng (client_id) chưa được đăng ký với VNeID.");
    if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri))
      return errorPage(reply, "Địa chỉ chuyển hướng (redirect_uri) không khớp với địa chỉ đã đăng ký.");
    const fail = (error: string, description: string) =>
      redirectWith(reply, q.redirect_uri!, {
        error,
        error_description: description,
        ...(q.state ? { state: q.state } : {}),
        iss: issuer,
      });
    if (q.response_type !== "code") return fail("unsupported_response_type", "only response_type=code");
    const scope = (q.scope ?? "").split(" ").filter(Boolean);
    if (!scope.includes("openid")) return fail("invalid_scope", "scope must include openid");
    if (!q.state) return fail("invalid_request", "state is required");
    if (!q.nonce) return fail("invalid_request", "nonce is required");
    if (q.code_challenge_method !== "S256" || !q.code_challenge || !/^[\w-]{43,128}$/.test(q.code_challenge))
      return fail("invalid_request", "PKCE with code_challenge_method=S256 is required");
    const requestId = random(24);
    requests.set(requestId, {
      client,
      redirectUri: q.redirect_uri,
      scope: scope.filter((s) => SUPPORTED_SCOPES.includes(s)),
      state: q.state,
      nonce: q.nonce,
      codeChallenge: q.code_challenge,
      expiresAt: now() + REQUEST_TTL_MS,
    });
    return loginPage(reply, requestId);
  });

  function loginPage(reply: FastifyReply, requestId: string, error?: string) {
    const citizens = people.filter((p) => p.kind === "citizen");
    const businesses = people.filter((p) => p.kind === "business");
    const radio = (p: DemoPerson, i: number) => html`<div class="person">
  <input type="radio" name="person" id="person-${i}" value="${p.key}" required${error ? html` aria-describedby="person-error"` : ""}>
  <label for="person-${i}"><strong>${p.name}</strong>
  <small>${
    p.kind === "citizen"
      ? `Số CCCD ${p.cccd} · sinh ngày ${formatDob(p.birthdate)} · ${p.gender === "female" ? "Nữ" : "Nam"}`
      : `Mã số thuế ${p.taxCode} · người đại diện ${p.representative?.name ?? ""}`
  }</small>
  <small>${p.address.formatted}</small></label>
</div>`;
    let i = 0;
    return page(
      reply,
      error ? 400 : 200,
      "Đăng nhập",
      html`<h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
${
  error
    ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>Có lỗi cần sửa</h2><p><a href="#person-0" id="person-error">${error}</a></p></div>`
    : ""
}
<p>Đây là môi trường <strong>SANDBOX</strong>: không cần mật khẩu. Chọn một danh tính mẫu để đăng nhập vào cổng dịch vụ công.</p>
<form method="post" action="/authorize">
<input type="hidden" name="request_id" value="${requestId}">
<fieldset><legend>Công dân</legend>${citizens.map((p) => radio(p, i++))}</fieldset>
<fieldset><legend>Tổ chức, doanh nghiệp</legend>${businesses.map((p) => radio(p, i++))}</fieldset>
<button type="submit" name="action" value="allow">Đăng nhập</button>
<button type="submit" name="action" value="deny" class="secondary" formnovalidate>Hủy, quay lại cổng dịch vụ công</button>
</form>`,
    );
  }

  app.post(
    "/authorize",
    async (req: FastifyRequest<{ Body: { request_id?: string; person?: string; action?: string } }>, reply) => {
      purge();
      const body = req.body ?? {};
      const ar = body.request_id ? requests.get(body.request_id) : undefined;
      if (!ar) return errorPage(reply, "Phiên đăng nhập đã hết hạn hoặc không tồn tại.");
      if (body.action === "deny") {
        requests.delete(body.request_id!);
        return redirectWith(reply, ar.redirectUri, {
          error: "access_denied",
          error_description: "the user cancelled the login",
          state: ar.state,
          iss: issuer,
        });
      }
      const person = people.find((p) => p.key === body.person);
      if (!person) return loginPage(reply, body.request_id!, "Hãy chọn một danh tính để đăng nhập.");
      requests.delete(body.request_id!);
      const code = random(32);
      codes.set(code, {
        client: ar.client,
        redirectUri: ar.redirectUri,
        scope: ar.scope,
        nonce: ar.nonce,
        codeChallenge: ar.codeChallenge,
        person,
        authTime: Math.floor(now() / 1000),
        expiresAt: now() + codeTtl,
        used: false,
        accessTokens: [],
      });
      return redirectWith(reply, ar.redirectUri, { code, state: ar.state, iss: issuer });
    },
  );

  // ---- Token endpoint -----------------------------------------------------------------------------------------

  const tokenError = (reply: FastifyReply, status: number, error: string, description: string) => {
    if (status === 401) reply.header("www-authenticate", 'Basic realm="vneid-sandbox"');
    return reply.code(status).header("cache-control", "no-store").send({ error, error_description: description });
  };

  function authenticateClient(req: FastifyRequest<{ Body: Record<string, string | undefined> }>) {
    const body = req.body ?? {};
    const auth = req.headers.authorization;
    let id: string | undefined;
    let secret: string | undefined;
    if (auth?.toLowerCase().startsWith("basic ")) {
      if (body.client_secret) return undefined; // one method per request (RFC 6749 §2.3)
      const decoded = Buffer.from(auth.slice(6).trim(), "base64").toString("utf8");
      const i = decoded.indexOf(":");
      if (i < 0) return undefined;
      try {
        id = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, " "));
        secret = decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, " "));
      } catch {
        return undefined;
      }
      if (body.client_id && body.client_id !== id) return undefined;
    } else {
      id = body.client_id;
      secret = body.client_secret;
    }
    const client = id ? clients.get(id) : undefined;
    if (!client || secret === undefined || !safeEqual(secret, client.clientSecret)) return undefined;
    return client;
  }

  async function signIdToken(claims: Record<string, unknown>): Promise<string> {
    const t = tamper;
    tamper = undefined;
    const signer = t?.foreignKey ? (await newSigningKey()).key : key;
    let jwt = await new SignJWT({ ...claims, ...t?.claims })
      .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
      .sign(signer.privateKey);
    if (t?.corruptSignature) {
      const [h, p, s] = jwt.split(".");
      const sig = Buffer.from(s, "base64url");
      sig[0] ^= 0xff;
      sig[sig.length - 1] ^= 0xff;
      jwt = `${h}.${p}.${b64url(sig)}`;
    }
    return jwt;
  }

  app.post("/token", async (req: FastifyRequest<{ Body: Record<string, string | undefined> }>, reply) => {
    purge();
    const client = authenticateClient(req);
    if (!client) return tokenError(reply, 401, "invalid_client", "client authentication failed");
    const body = req.body ?? {};
    if (body.grant_type !== "authorization_code")
      return tokenError(reply, 400, "unsupported_grant_type", "only authorization_code");
    const issued = body.code ? codes.get(body.code) : undefined;
    if (!issued || issued.expiresAt < now()) return tokenError(reply, 400, "invalid_grant", "unknown or expired code");
    if (issued.used) {
      // A replayed code: refuse it and revoke what it already yielded (RFC 6749 §4.1.2).
      for (const t of issued.accessTokens) tokens.delete(t);
      return tokenError(reply, 400, "invalid_grant", "code already used");
    }
    if (issued.client.clientId !== client.clientId)
      return tokenError(reply, 400, "invalid_grant", "code issued to another client");
    if (body.redirect_uri !== issued.redirectUri)
      return tokenError(reply, 400, "invalid_grant", "redirect_uri mismatch");
    if (!body.code_verifier || !/^[\w.~-]{43,128}$/.test(body.code_verifier))
      return tokenError(reply, 400, "invalid_grant", "code_verifier missing or malformed");
    if (!safeEqual(sha256b64url(body.code_verifier), issued.codeChallenge))
      return tokenError(reply, 400, "invalid_grant", "PKCE verification failed");
    issued.used = true;
    const iat = Math.floor(now() / 1000);
    const accessToken = random(32);
    tokens.set(accessToken, { person: issued.person, scope: issued.scope, expiresAt: now() + tokenTtl * 1000 });
    issued.accessTokens.push(accessToken);
    const idToken = await signIdToken({
      iss: issuer,
      sub: subjectOf(issued.person),
      aud: client.clientId,
      iat,
      exp: iat + tokenTtl,
      auth_time: issued.authTime,
      nonce: issued.nonce,
      acr: "vneid:level2",
      ...scopedClaims(issued.person, issued.scope),
    });
    return reply.header("cache-control", "no-store").send({
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: tokenTtl,
      scope: issued.scope.join(" "),
      id_token: idToken,
    });
  });

  // ---- UserInfo -----------------------------------------------------------------------------------------------

  const userinfo = async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = req.headers.authorization ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const t = m ? tokens.get(m[1]) : undefined;
    if (!t || t.expiresAt < now()) {
      return reply
        .code(401)
        .header("www-authenticate", 'Bearer error="invalid_token"')
        .send({ error: "invalid_token", error_description: "missing, unknown or expired access token" });
    }
    return reply
      .header("cache-control", "no-store")
      .send({ sub: subjectOf(t.person), ...scopedClaims(t.person, t.scope) });
  };
  app.get("/userinfo", userinfo);
  app.post("/userinfo", userinfo);

  // ---- RP-initiated logout ------------------------------------------------------------------------------------

  const logout = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = { ...(req.query as Record<string, string>), ...((req.body as Record<string, string>) ?? {}) };
    let clientId: string | undefined = p.client_id;
    if (!clientId && p.id_token_hint) {
      try {
        const aud = decodeJwt(p.id_token_hint).aud;
        clientId = Array.isArray(aud) ? aud[0] : aud;
      } catch {
        clientId = undefined;
      }
    }
    const client = clientId ? clients.get(clientId) : undefined;
    if (p.post_logout_redirect_uri) {
      if (client?.postLogoutRedirectUris?.includes(p.post_logout_redirect_uri))
        return redirectWith(reply, p.post_logout_redirect_uri, p.state ? { state: p.state } : {});
      return errorPage(reply, "Địa chỉ quay lại sau khi đăng xuất (post_logout_redirect_uri) chưa được đăng ký.");
    }
    return page(
      reply,
      200,
      "Đã đăng xuất",
      html`<h1>Bạn đã đăng xuất khỏi VNeID (SANDBOX)</h1><p>Bạn có thể đóng trang này.</p>`,
    );
  };
  app.get("/logout", logout);
  app.post("/logout", logout);

  await app.listen({ port: opts.port, host });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  const url = `http://${host}:${port}`;
  issuer = (opts.issuer ?? url).replace(/\/$/, "");
  return {
    name: "VNeID (OIDC)",
    url,
    issuer,
    tamperNextIdToken(t) {
      tamper = t;
    },
    close: () => app.close(),
  };
}
