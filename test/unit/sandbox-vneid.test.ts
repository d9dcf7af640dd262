import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PEOPLE } from "../../src/sandboxes/vneid/people.js";
import { startVneidSandbox, type VneidSandbox } from "../../src/sandboxes/vneid/server.js";

const CLIENT = {
  clientId: "rp-1",
  clientSecret: "rp-secret",
  redirectUris: ["http://rp.test/callback"],
  postLogoutRedirectUris: ["http://rp.test/"],
};

const b64url = (b: Buffer) => b.toString("base64url");

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
}

function newFlow(): Flow {
  return { verifier: b64url(randomBytes(32)), state: b64url(randomBytes(12)), nonce: b64url(randomBytes(12)) };
}

function authorizeUrl(s: VneidSandbox, f: Flow, over: Record<string, string | null> = {}) {
  const u = new URL(`${s.url}/authorize`);
  const params: Record<string, string | null> = {
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUris[0],
    response_type: "code",
    scope: "openid profile email phone address",
    state: f.state,
    nonce: f.nonce,
    code_challenge: b64url(createHash("sha256").update(f.verifier).digest()),
    code_challenge_method: "S256",
    ...over,
  };
  for (const [k, v] of Object.entries(params)) if (v !== null) u.searchParams.set(k, v);
  return u;
}

/** Opens the login page and picks `person`; returns the redirect back to the client. */
async function login(s: VneidSandbox, f: Flow, person = DEMO_PEOPLE[0].key): Promise<URL> {
  const page = await fetch(authorizeUrl(s, f));
  expect(page.status).toBe(200);
  const body = await page.text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(body)![1];
  const res = await fetch(`${s.url}/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request_id: requestId, person, action: "allow" }),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

function token(
  s: VneidSandbox,
  form: Record<string, string>,
  basic: string | null = `${CLIENT.clientId}:${CLIENT.clientSecret}`,
) {
  return fetch(`${s.url}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString("base64")}` } : {}),
    },
    body: new URLSearchParams(form),
  });
}

const codeForm = (code: string, f: Flow) => ({
  grant_type: "authorization_code",
  code,
  redirect_uri: CLIENT.redirectUris[0],
  code_verifier: f.verifier,
});

describe("VNeID sandbox", () => {
  let s: VneidSandbox;
  let clock = Date.now();
  beforeAll(async () => {
    s = await startVneidSandbox({ port: 0, clients: [CLIENT], now: () => new Date(clock) });
  });
  afterAll(() => s.close());

  it("publishes its discovery document and an RS256 JWKS", async () => {
    const d = await (await fetch(`${s.url}/.well-known/openid-configuration`)).json();
    expect(d.issuer).toBe(s.issuer);
    expect(d.authorization_endpoint).toBe(`${s.issuer}/authorize`);
    expect(d.token_endpoint).toBe(`${s.issuer}/token`);
    expect(d.userinfo_endpoint).toBe(`${s.issuer}/userinfo`);
    expect(d.end_session_endpoint).toBe(`${s.issuer}/logout`);
    expect(d.code_challenge_methods_supported).toEqual(["S256"]);
    expect(d.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post"]);
    const jwks = await (await fetch(d.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it("shows a Vietnamese login page marked SANDBOX listing the demo citizens and the business", async () => {
    const res = await fetch(authorizeUrl(s, newFlow()));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-sandbox")).toContain("SANDBOX");
    const body = await res.text();
    expect(body).toContain('<html lang="vi">');
    expect(body).toContain("SANDBOX");
    expect(DEMO_PEOPLE.filter((p) => p.kind === "citizen").length).toBeGreaterThanOrEqual(5);
    for (const p of DEMO_PEOPLE) {
      expect(body).toContain(p.name);
      expect(body).toMatch(new RegExp(`<label for="person-\\d+"><strong>${p.name}`));
    }
    expect(body).toContain("<legend>Tổ chức, doanh nghiệp</legend>");
  });

  it("refuses requests without PKCE S256, state or nonce by redirecting an error", async () => {
    const cases: Record<string, string | null>[] = [
      { code_challenge_method: "plain" },
      { code_challenge: null },
      { nonce: null },
      { scope: "profile" },
    ];
    for (const over of cases) {
      const f = newFlow();
      const res = await fetch(authorizeUrl(s, f, over), { redirect: "manual" });
      expect(res.status).toBe(302);
      const loc = new URL(res.headers.get("location")!);
      expect(loc.origin + loc.pathname).toBe(CLIENT.redirectUris[0]);
      expect(loc.searchParams.get("error")).toMatch(/invalid_request|invalid_scope/);
      expect(loc.searchParams.get("state")).toBe(f.state);
      expect(loc.searchParams.get("code")).toBeNull();
    }
    const noState = await fetch(authorizeUrl(s, newFlow(), { state: null }), { redirect: "manual" });
    expect(new URL(noState.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });

  it("never redirects to an unregistered redirect URI or for an unknown client", async () => {
    const bad = await fetch(authorizeUrl(s, newFlow(), { redirect_uri: "http://evil.test/cb" }), {
      redirect: "manual",
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("location")).toBeNull();
    expect(await bad.text()).toContain("redirect_uri");
    const unknown = await fetch(authorizeUrl(s, newFlow(), { client_id: "nobody" }), { redirect: "manual" });
    expect(unknown.status).toBe(400);
  });

  it("issues a code, then a signed ID token with the identity claims, and answers UserInfo", async () => {
    const f = newFlow();
    const back = await login(s, f, DEMO_PEOPLE[1].key);
    expect(back.searchParams.get("state")).toBe(f.state);
    expect(back.searchParams.get("iss")).toBe(s.issuer);
    const res = await token(s, codeForm(back.searchParams.get("code")!, f));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const t = await res.json();
    expect(t.token_type).toBe("Bearer");
    const { payload, protectedHeader } = await jwtVerify(t.id_token, createRemoteJWKSet(new URL(`${s.url}/jwks`)), {
      issuer: s.issuer,
      audience: CLIENT.clientId,
    });
    expect(protectedHeader.alg).toBe("RS256");
    const p = DEMO_PEOPLE[1];
    expect(payload).toMatchObject({
      nonce: f.nonce,
      name: p.name,
      cccd: p.cccd,
      birthdate: p.birthdate,
      gender: "female",
      email: p.email,
      phone_number: p.phone,
    });
    expect(payload.cccd).toMatch(/^\d{12}$/);
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    expect((payload.address as { formatted: string }).formatted).toBe(p.address.formatted);
    const info = await fetch(`${s.url}/userinfo`, { headers: { authorization: `Bearer ${t.access_token}` } });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ sub: payload.sub, name: p.name, cccd: p.cccd });
    expect((await fetch(`${s.url}/userinfo`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    expect((await fetch(`${s.url}/userinfo`)).status).toBe(401);
  });

  it("gives the business a tax code and its representative, no CCCD", async () => {
    const biz = DEMO_PEOPLE.find((p) => p.kind === "business")!;
    const f = newFlow();
    const back = await login(s, f, biz.key);
    const t = await (await token(s, codeForm(back.searchParams.get("code")!, f))).json();
    const info = await (
      await fetch(`${s.url}/userinfo`, { headers: { authorization: `Bearer ${t.access_token}` } })
    ).json();
    expect(info).toMatchObject({ name: biz.name, tax_code: biz.taxCode, account_type: "business" });
    expect(info.representative.name).toBe(biz.representative!.name);
    expect(info.cccd).toBeUndefined();
  });

  it("accepts client_secret_post and refuses a wrong secret", async () => {
    const f = newFlow();
    const code = (await login(s, f)).searchParams.get("code")!;
    const wrong = await token(s, { ...codeForm(code, f), client_id: CLIENT.clientId, client_secret: "nope" }, null);
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toBe("invalid_client");
    const ok = await token(
      s,
      { ...codeForm(code, f), client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
      null,
    );
    expect(ok.status).toBe(200);
    expect((await ok.json()).id_token).toBeTruthy();
    const basicWrong = await token(s, codeForm(code, f), `${CLIENT.clientId}:bad`);
    expect(basicWrong.status).toBe(401);
  });

  it("checks the PKCE verifier and the redirect URI, and lets a code be used once", async () => {
    const f = newFlow();
    const code = (await login(s, f)).searchParams.get("code")!;
    const badVerifier = await token(s, { ...codeForm(code, f), code_verifier: b64url(randomBytes(32)) });
    expect(badVerifier.status).toBe(400);
    expect((await badVerifier.json()).error).toBe("invalid_grant");
    const badRedirect = await token(s, { ...codeForm(code, f), redirect_uri: "http://rp.test/other" });
    expect((await badRedirect.json()).error).toBe("invalid_grant");
    const first = await token(s, codeForm(code, f));
    expect(first.status).toBe(200);
    const { access_token } = await first.json();
    const replay = await token(s, codeForm(code, f));
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant", error_description: "code already used" });
    // The replay revoked what the code had yielded.
    expect((await fetch(`${s.url}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(
      401,
    );
    expect((await token(s, codeForm("made-up", f))).status).toBe(400);
  });

  it("lets codes expire", async () => {
    const f = newFlow();
    const code = (await login(s, f)).searchParams.get("code")!;
    clock += 61_000;
    try {
      const res = await token(s, codeForm(code, f));
      expect(res.status).toBe(400);
      expect((await res.json()).error_description).toBe("unknown or expired code");
    } finally {
      clock = Date.now();
    }
  });

  it("asks again when nobody is picked, and returns access_denied when the user cancels", async () => {
    const f = newFlow();
    const body = await (await fetch(authorizeUrl(s, f))).text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(body)![1];
    const post = (form: Record<string, string>) =>
      fetch(`${s.url}/authorize`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
    const none = await post({ request_id: requestId, action: "allow" });
    expect(none.status).toBe(400);
    const again = await none.text();
    expect(again).toContain('class="error-summary"');
    expect(again).toContain("Hãy chọn một danh tính");
    const deny = await post({ request_id: requestId, action: "deny" });
    expect(deny.status).toBe(302);
    const loc = new URL(deny.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("state")).toBe(f.state);
    // The request is finished: it cannot be used again.
    expect((await post({ request_id: requestId, person: DEMO_PEOPLE[0].key, action: "allow" })).status).toBe(400);
  });

  it("can be told to tamper with the next ID token (for relying-party tests)", async () => {
    const f = newFlow();
    const code = (await login(s, f)).searchParams.get("code")!;
    s.tamperNextIdToken({ corruptSignature: true, claims: { aud: "someone-else" } });
    const t = await (await token(s, codeForm(code, f))).json();
    await expect(jwtVerify(t.id_token, createRemoteJWKSet(new URL(`${s.url}/jwks`)))).rejects.toThrow();
    // Only the next one.
    const f2 = newFlow();
    const code2 = (await login(s, f2)).searchParams.get("code")!;
    const t2 = await (await token(s, codeForm(code2, f2))).json();
    await expect(
      jwtVerify(t2.id_token, createRemoteJWKSet(new URL(`${s.url}/jwks`)), { audience: CLIENT.clientId }),
    ).resolves.toBeTruthy();
  });

  it("logs out to a registered address only", async () => {
    const ok = await fetch(
      `${s.url}/logout?client_id=${CLIENT.clientId}&post_logout_redirect_uri=${encodeURIComponent("http://rp.test/")}&state=xyz`,
      { redirect: "manual" },
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("http://rp.test/?state=xyz");
    const bad = await fetch(
      `${s.url}/logout?client_id=${CLIENT.clientId}&post_logout_redirect_uri=${encodeURIComponent("http://evil.test/")}`,
      { redirect: "manual" },
    );
    expect(bad.status).toBe(400);
    const plain = await fetch(`${s.url}/logout`);
    expect(plain.status).toBe(200);
    expect(await plain.text()).toContain("Bạn đã đăng xuất khỏi VNeID (SANDBOX)");
  });
});

describe("VNeID sandbox signing key", () => {
  it("persists its key in the given file, so it survives a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vneid-key-"));
    try {
      const keyFile = join(dir, "sub", "key.json");
      const kid = async () => {
        const s = await startVneidSandbox({ port: 0, clients: [CLIENT], keyFile });
        try {
          const f = newFlow();
          const back = await login(s, f);
          const t = await (await token(s, codeForm(back.searchParams.get("code")!, f))).json();
          const jwks = await (await fetch(`${s.url}/jwks`)).json();
          expect(decodeProtectedHeader(t.id_token).kid).toBe(jwks.keys[0].kid);
          return jwks.keys[0].kid as string;
        } finally {
          await s.close();
        }
      };
      const first = await kid();
      expect(await kid()).toBe(first);
      const other = await startVneidSandbox({ port: 0, clients: [CLIENT] });
      const otherKid = (await (await fetch(`${other.url}/jwks`)).json()).keys[0].kid;
      await other.close();
      expect(otherKid).not.toBe(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
