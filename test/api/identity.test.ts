import type { FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CITIZEN_COOKIE, currentCitizen } from "../../src/http/citizen-auth.js";
import { PENDING_COOKIE, safeNext } from "../../src/http/portal/auth.js";
import { DEMO_PEOPLE, subjectOf } from "../../src/sandboxes/vneid/people.js";
import { type IdTokenTamper, startVneidSandbox, type VneidSandbox } from "../../src/sandboxes/vneid/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";

const CITIZEN = DEMO_PEOPLE.find((p) => p.key === "001192034567")!;
const BUSINESS = DEMO_PEOPLE.find((p) => p.kind === "business")!;

type Cookie = { name: string; value: string; maxAge?: number; expires?: Date; httpOnly?: boolean; sameSite?: string };

describe("citizen login through the VNeID sandbox (OIDC)", () => {
  let ctx: TestContext;
  let vneid: VneidSandbox;

  beforeAll(async () => {
    vneid = await startVneidSandbox({
      port: 0,
      clients: [
        {
          clientId: "motcua-portal",
          clientSecret: "sandbox-secret",
          redirectUris: ["http://localhost:3000/dang-nhap/callback"],
        },
      ],
    });
    ctx = await createTestApp({
      demo: false,
      config: { oidc: { issuer: vneid.issuer, clientId: "motcua-portal", clientSecret: "sandbox-secret" } },
    });
    expect(ctx.deps.config.baseUrl).toBe("http://localhost:3000");
  });
  afterAll(async () => {
    await ctx.close();
    await vneid.close();
  });

  const cookieOf = (res: { cookies: Cookie[] }, name: string) => res.cookies.find((c) => c.name === name);

  /** GET /dang-nhap/vneid: returns the provider URL and the pending-login cookie. */
  async function begin(next?: string) {
    const res = await ctx.app.inject({
      url: `/dang-nhap/vneid${next ? `?next=${encodeURIComponent(next)}` : ""}`,
    });
    expect(res.statusCode).toBe(302);
    const pending = cookieOf(res as never, PENDING_COOKIE)!;
    expect(pending.httpOnly).toBe(true);
    return { authorize: new URL(res.headers.location as string), cookie: `${PENDING_COOKIE}=${pending.value}` };
  }

  /** At the sandbox: open the login page, pick a person (or cancel); returns the callback URL. */
  async function atProvider(authorize: URL, person = CITIZEN.key, action = "allow") {
    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    const requestId = /name="request_id" value="([^"]+)"/.exec(await page.text())![1];
    const res = await fetch(`${vneid.url}/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ request_id: requestId, person, action }),
    });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get("location")!);
    expect(back.origin + back.pathname).toBe("http://localhost:3000/dang-nhap/callback");
    return back;
  }

  function callback(url: URL, cookie?: string) {
    return ctx.app.inject({
      url: url.pathname + url.search,
      headers: { accept: "text/html", ...(cookie ? { cookie } : {}) },
    });
  }

  const countCitizens = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom("citizens")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  function expectRefused(res: { statusCode: number; body: string; cookies: Cookie[] }, status: number, text: string) {
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(text);
    expect(res.body).not.toMatch(/\bat [\w.]+ \(|Error:|stack/);
    expect(cookieOf(res, CITIZEN_COOKIE)).toBeUndefined();
  }

  it("explains the login on /dang-nhap, keeping only a local return path", async () => {
    const res = await ctx.app.inject({ url: "/dang-nhap?next=/thu-tuc/1.001193" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("Đăng nhập bằng VNeID");
    expect(res.body).toContain('action="/dang-nhap/vneid"');
    expect(res.body).toContain('name="next" value="/thu-tuc/1.001193"');
    expect(res.body).toContain("VNeID SANDBOX");
    const evil = await ctx.app.inject({ url: "/dang-nhap?next=//evil.example/x" });
    expect(evil.body).not.toContain('name="next"');
    const en = await ctx.app.inject({ url: "/dang-nhap?lang=en" });
    expect(en.body).toContain("Log in with VNeID");
    expect(safeNext("https://evil.example")).toBe("/ho-so-cua-toi");
    expect(safeNext("/\\evil.example")).toBe("/ho-so-cua-toi");
    expect(safeNext("/ho-so-cua-toi/123?x=1")).toBe("/ho-so-cua-toi/123?x=1");
  });

  it("logs a citizen in end to end: provider, verified ID token, account, session", async () => {
    const { authorize, cookie } = await begin("/ho-so-cua-toi/abc");
    expect(authorize.origin).toBe(vneid.url);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get("state")).toBeTruthy();
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
    expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost:3000/dang-nhap/callback");

    const back = await atProvider(authorize);
    const res = await callback(back, cookie);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/ho-so-cua-toi/abc");
    const sid = cookieOf(res as never, CITIZEN_COOKIE)!;
    expect(sid.httpOnly).toBe(true);
    expect(sid.sameSite).toBe("Lax");
    // The pending login is gone.
    const cleared = cookieOf(res as never, PENDING_COOKIE)!;
    expect(cleared.value).toBe("");
    const pendings = await ctx.deps.db.selectFrom("sessions").select("id").where("kind", "=", "pending").execute();
    expect(pendings).toHaveLength(0);

    const row = await ctx.deps.db
      .selectFrom("citizens")
      .selectAll()
      .where("subject", "=", `${vneid.issuer}|${subjectOf(CITIZEN)}`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: "citizen",
      name: "Trần Thị Bích Ngọc",
      id_number: "001192034567",
      tax_code: null,
      birth_date: "1992-07-25",
      gender: "female",
      address: CITIZEN.address.formatted,
      phone: CITIZEN.phone,
      email: CITIZEN.email,
    });
    expect(row.last_login_at).toBeInstanceOf(Date);

    const who = await currentCitizen(
      { cookies: { [CITIZEN_COOKIE]: sid.value } } as unknown as FastifyRequest,
      ctx.deps,
    );
    expect(who?.id).toBe(row.id);
    const page = await ctx.app.inject({ url: "/dang-nhap", headers: { cookie: `${CITIZEN_COOKIE}=${sid.value}` } });
    expect(page.body).toContain("Bạn đang đăng nhập với tên");
    expect(page.body).toContain("Trần Thị Bích Ngọc");

    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "citizen.login")
      .where("actor_id", "=", row.id)
      .execute();
    expect(audit).toHaveLength(1);

    // Logging in again finds the same account.
    const again = await begin();
    const res2 = await callback(await atProvider(again.authorize), again.cookie);
    expect(res2.statusCode).toBe(303);
    expect(res2.headers.location).toBe("/ho-so-cua-toi");
    const rows = await ctx.deps.db
      .selectFrom("citizens")
      .select("id")
      .where("id_number", "=", "001192034567")
      .execute();
    expect(rows).toEqual([{ id: row.id }]);
  });

  it("logs a business in with its tax code", async () => {
    const { authorize, cookie } = await begin();
    const res = await callback(await atProvider(authorize, BUSINESS.key), cookie);
    expect(res.statusCode).toBe(303);
    const row = await ctx.deps.db
      .selectFrom("citizens")
      .selectAll()
      .where("subject", "=", `${vneid.issuer}|${subjectOf(BUSINESS)}`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: "business", name: BUSINESS.name, tax_code: "0109876543", id_number: null });
  });

  it("refuses a callback whose state does not match, and uses the pending login up", async () => {
    const before = await countCitizens();
    const { authorize, cookie } = await begin();
    const back = await atProvider(authorize, DEMO_PEOPLE[2].key);
    const forged = new URL(back);
    forged.searchParams.set("state", "forged-state");
    expectRefused(await callback(forged, cookie), 400, "không khớp với yêu cầu đăng nhập");
    // The genuine response cannot be used afterwards either: the pending login was single-use.
    expectRefused(await callback(back, cookie), 400, "Phiên đăng nhập đã hết hạn hoặc đã được sử dụng");
    expect(await countCitizens()).toBe(before);
  });

  it("refuses a callback without a code", async () => {
    const { authorize, cookie } = await begin();
    const back = await atProvider(authorize, DEMO_PEOPLE[2].key);
    back.searchParams.delete("code");
    expectRefused(await callback(back, cookie), 400, "Không xác minh được thông tin đăng nhập từ VNeID");
  });

  it("refuses a replayed callback and a replayed code", async () => {
    const first = await begin();
    const back = await atProvider(first.authorize, DEMO_PEOPLE[3].key);
    expect((await callback(back, first.cookie)).statusCode).toBe(303);
    // Same browser, same URL again.
    expectRefused(await callback(back, first.cookie), 400, "Phiên đăng nhập đã hết hạn hoặc đã được sử dụng");
    // Without any pending login.
    expectRefused(await callback(back), 400, "Phiên đăng nhập đã hết hạn");
    // In a new login attempt: the old code carries the old state.
    const second = await begin();
    expectRefused(await callback(back, second.cookie), 400, "không khớp với yêu cầu đăng nhập");
    // Even with the new state, the provider refuses the used code.
    const third = await begin();
    const replay = new URL(back);
    replay.searchParams.set("state", third.authorize.searchParams.get("state")!);
    expectRefused(await callback(replay, third.cookie), 400, "Không xác minh được thông tin đăng nhập từ VNeID");
  });

  const tampered: [string, IdTokenTamper][] = [
    ["a corrupted signature", { corruptSignature: true }],
    ["a key that is not in the provider's JWKS", { foreignKey: true }],
    ["another audience", { claims: { aud: "another-client" } }],
    ["another nonce", { claims: { nonce: "replayed-nonce" } }],
    ["another issuer", { claims: { iss: "http://127.0.0.1:9/fake" } }],
    ["an expiry in the past", { claims: { exp: Math.floor(Date.now() / 1000) - 3600 } }],
  ];
  for (const [what, t] of tampered) {
    it(`refuses an ID token with ${what}`, async () => {
      const before = await countCitizens();
      const { authorize, cookie } = await begin();
      const back = await atProvider(authorize, DEMO_PEOPLE[4].key);
      vneid.tamperNextIdToken(t);
      expectRefused(await callback(back, cookie), 400, "Không xác minh được thông tin đăng nhập từ VNeID");
      expect(await countCitizens()).toBe(before);
    });
  }

  it("refuses a login finished after the pending session expired", async () => {
    const { authorize, cookie } = await begin();
    const back = await atProvider(authorize, DEMO_PEOPLE[0].key);
    ctx.setNow(new Date(Date.now() + 11 * 60 * 1000));
    try {
      expectRefused(await callback(back, cookie), 400, "Phiên đăng nhập đã hết hạn");
    } finally {
      ctx.setNow(new Date());
    }
  });

  it("tells the user plainly when they cancel at VNeID", async () => {
    const { authorize, cookie } = await begin();
    const back = await atProvider(authorize, CITIZEN.key, "deny");
    expect(back.searchParams.get("error")).toBe("access_denied");
    const res = await callback(back, cookie);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Bạn đã hủy đăng nhập");
    expect(res.body).toContain('href="/dang-nhap"');
    expect(cookieOf(res as never, CITIZEN_COOKIE)).toBeUndefined();
  });

  it("shows a clear page when VNeID cannot be reached", async () => {
    const saved = ctx.deps.config.oidc;
    ctx.deps.config.oidc = { ...saved, issuer: "http://127.0.0.1:9" };
    try {
      const res = await ctx.app.inject({ url: "/dang-nhap/vneid", headers: { accept: "text/html" } });
      expect(res.statusCode).toBe(502);
      expect(res.body).toContain("Hiện không kết nối được với VNeID");
      expect(cookieOf(res as never, PENDING_COOKIE)).toBeUndefined();
    } finally {
      ctx.deps.config.oidc = saved;
    }
  });

  it("logs out: the session is gone and its cookie no longer works", async () => {
    const { authorize, cookie } = await begin();
    const res = await callback(await atProvider(authorize, CITIZEN.key), cookie);
    const sid = cookieOf(res as never, CITIZEN_COOKIE)!.value;
    const headers = { cookie: `${CITIZEN_COOKIE}=${sid}` };
    const fakeReq = { cookies: { [CITIZEN_COOKIE]: sid } } as unknown as FastifyRequest;
    expect(await currentCitizen(fakeReq, ctx.deps)).toBeDefined();
    const out = await ctx.app.inject({ method: "POST", url: "/dang-xuat", headers });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe("/");
    const cleared = cookieOf(out as never, CITIZEN_COOKIE)!;
    expect(cleared.value).toBe("");
    expect(await currentCitizen(fakeReq, ctx.deps)).toBeUndefined();
    const page = await ctx.app.inject({ url: "/dang-nhap", headers });
    expect(page.body).not.toContain("Bạn đang đăng nhập với tên");
  });
});
