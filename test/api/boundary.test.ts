import { connect } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { loginAsOfficer } from "../helpers/officer.js";
import { counts, insertSubmitProcedure, multipart, PDF, submit, upload, VALID_DATA } from "./submission-helpers.js";

/**
 * The HTTP boundary (issue #10 items 10, 11, 13, 14 and the rate limits of 12): what every request passes through,
 * whatever route it reaches. Each case here failed before src/http/boundary existed.
 */

const NOW = "2026-03-16T02:30:00.000Z";
const NUL_VI = "Dữ liệu gửi lên có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL). Vui lòng nhập lại.";
const NUL_EN = "The request contains control characters that are not allowed (such as NUL). Please enter it again.";

describe("control characters and NFC at the boundary", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let an: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: NOW });
    proc = await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
  });
  afterAll(() => ctx.close());

  it("refuses NUL in a JSON body with a localised 400 naming the field, and writes nothing", async () => {
    const before = await counts(ctx);
    const data = { ...VALID_DATA, applicant: { ...VALID_DATA.applicant, fullName: "Nguyễn\u0000Văn An" } };
    const res = await submit(ctx, an, { procedureCode: proc.code, data, files: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "invalid_characters",
      message: NUL_VI,
      fields: [{ path: "body.data.applicant.fullName", message: NUL_VI }],
    });
    const en = await submit(ctx, an, { procedureCode: proc.code, data, files: [] }, { lang: "en" });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe(NUL_EN);
    // Other control characters (here a C1 control and a lone surrogate) are refused the same way.
    for (const bad of ["a\u0085b", "a\ud800b", "a\u001bb"]) {
      const r = await submit(ctx, an, {
        procedureCode: proc.code,
        data: { ...VALID_DATA, applicant: { ...VALID_DATA.applicant, fullName: bad } },
        files: [],
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe("invalid_characters");
    }
    expect(await counts(ctx)).toEqual(before);
  });

  it("refuses NUL in an HTML form post (urlencoded) with a page, not a server error", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/office/login",
      payload: "username=can.bo%00x&password=secret",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain(NUL_VI);
  });

  it("refuses NUL in a multipart field and in a file name", async () => {
    const form = multipart([
      { name: "applicant.fullName", value: "An\u0000" },
      { name: "_action", value: "draft" },
    ]);
    const res = await ctx.app.inject({
      method: "POST",
      url: `/nop-ho-so/${proc.code}`,
      payload: form.payload,
      headers: { ...form.headers, ...an.headers },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "invalid_characters",
      fields: [{ path: "body.applicant.fullName" }],
    });
    const file = await upload(ctx, an, { filename: "to\u0000khai.pdf", content: PDF() });
    expect(file.statusCode).toBe(400);
    expect(file.json().error.code).toBe("invalid_characters");
  });

  it("refuses NUL in the query string, the path and a header", async () => {
    const query = await ctx.app.inject({ url: "/api/procedures?q=gi%E1%BA%A5y%00" });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.code).toBe("invalid_characters");
    const path = await ctx.app.inject({ url: "/api/procedures/1.%00001" });
    expect(path.statusCode).toBe(400);
    expect(path.json().error.code).toBe("invalid_characters");
    const lookup = await ctx.app.inject({ url: "/api/lookup/H01%00X" });
    expect(lookup.statusCode).toBe(400);
    const header = await submit(ctx, an, { procedureCode: proc.code, data: VALID_DATA, files: [] }, { key: "k\u0000" });
    expect(header.statusCode).toBe(400);
    expect(header.json().error).toMatchObject({
      code: "invalid_characters",
      fields: [{ path: "header.idempotency-key" }],
    });
  });

  it("answers a header that Node's parser refuses with the same kind of 400, in both languages", async () => {
    await ctx.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = ctx.app.server.address() as { port: number };
    const answer = await new Promise<string>((resolve, reject) => {
      const s = connect(port, "127.0.0.1", () =>
        s.end("GET /api/procedures HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000b\r\nConnection: close\r\n\r\n"),
      );
      let data = "";
      s.on("data", (c) => {
        data += c;
      });
      s.on("end", () => resolve(data));
      s.on("error", reject);
    });
    expect(answer.startsWith("HTTP/1.1 400 Bad Request")).toBe(true);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("ký tự điều khiển");
    expect(body.error.message).toContain("control character");
  });

  it("stores text normalised to NFC, whatever form it was typed in", async () => {
    const nfd = "Tờ khai Nguyễn".normalize("NFD");
    expect(nfd).not.toBe(nfd.normalize("NFC"));
    const res = await upload(ctx, an, { filename: `${nfd}.pdf`, content: PDF() });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe("Tờ khai Nguyễn.pdf".normalize("NFC"));
    const row = await ctx.deps.db
      .selectFrom("files")
      .select("name")
      .where("id", "=", res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe("Tờ khai Nguyễn.pdf".normalize("NFC"));
    // The e-form data of a submission: what the officer searches and prints is in one form.
    const name = "Nguyễn Thị Ánh Tuyết";
    const sub = await submit(ctx, an, {
      procedureCode: proc.code,
      data: { ...VALID_DATA, applicant: { ...VALID_DATA.applicant, fullName: name.normalize("NFD") } },
      files: [{ componentCode: "TK", fileId: res.json().id }],
    });
    expect(sub.statusCode).toBe(201);
    const dossier = await ctx.deps.db
      .selectFrom("dossiers")
      .select("data")
      .where("id", "=", sub.json().id)
      .executeTakeFirstOrThrow();
    expect((dossier.data as { applicant: { fullName: string } }).applicant.fullName).toBe(name.normalize("NFC"));
    // A search typed in NFD finds what one typed in NFC finds.
    const a = await ctx.app.inject({ url: `/api/procedures?q=${encodeURIComponent("thủ tục".normalize("NFD"))}` });
    const b = await ctx.app.inject({ url: `/api/procedures?q=${encodeURIComponent("thủ tục".normalize("NFC"))}` });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual(b.json());
  });
});

describe("security headers, compression and static caching", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: NOW });
  });
  afterAll(() => ctx.close());

  it("sends a strict Content-Security-Policy and the other security headers on pages, API answers and errors", async () => {
    for (const url of ["/", "/api/procedures", "/khong-co-trang-nay", "/office/login"]) {
      const res = await ctx.app.inject({ url, headers: { accept: "text/html" } });
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(res.headers["strict-transport-security"]).toBeUndefined(); // served over http here
    }
  });

  it("pages carry no inline script or style that the policy would block", async () => {
    const page = (await ctx.app.inject({ url: "/office/login", headers: { accept: "text/html" } })).body;
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attrs, content] of scripts)
      if (content.trim()) expect(attrs).toMatch(/type="application\/(ld\+)?json"/); // data blocks, not scripts
    expect(page).not.toMatch(/\sstyle="|<style\b|\son[a-z]+="/);
  });

  it("adds HSTS when the base URL is https", async () => {
    const https = await createTestApp({ demo: false, config: { baseUrl: "https://dichvucong.example.gov.vn" } });
    try {
      const res = await https.app.inject({ url: "/healthz" });
      expect(res.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    } finally {
      await https.close();
    }
  }, 300_000); // builds a second app

  it("compresses text answers for clients that accept it", async () => {
    const plain = await ctx.app.inject({ url: "/", headers: { accept: "text/html" } });
    const gz = await ctx.app.inject({ url: "/", headers: { accept: "text/html", "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(gunzipSync(gz.rawPayload).toString("utf8")).toBe(plain.body);
  });

  it("links fingerprinted static files and serves them with a year-long immutable cache", async () => {
    const page = (await ctx.app.inject({ url: "/", headers: { accept: "text/html" } })).body;
    const href = /<link rel="stylesheet" href="(\/static\/app\.([0-9a-f]{12})\.css)">/.exec(page);
    expect(href).not.toBeNull();
    const css = await ctx.app.inject({ url: href![1] });
    expect(css.statusCode).toBe(200);
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const plain = await ctx.app.inject({ url: "/static/app.css" });
    expect(plain.headers["cache-control"]).toBe("no-cache");
    expect(css.body).toBe(plain.body);
    // A stale fingerprint is not cached for a year under the new content.
    const stale = await ctx.app.inject({ url: "/static/app.000000000000.css" });
    expect(stale.headers["cache-control"]).toBe("no-cache");
  });
});

describe("cross-site requests and authentication before validation", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let an: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: NOW, config: { baseUrl: "http://dichvucong.test" } });
    proc = await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
  });
  afterAll(() => ctx.close());

  it("refuses a cross-site POST that carries the session cookie, and accepts the same-origin one", async () => {
    const before = await counts(ctx);
    const body = { procedureCode: proc.code, data: VALID_DATA, files: [] };
    const crossSite = await ctx.app.inject({
      method: "POST",
      url: "/api/dossiers",
      payload: body,
      headers: { ...an.headers, "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error).toMatchObject({
      code: "cross_site_request",
      message: "Yêu cầu bị từ chối vì được gửi từ một trang web khác. Vui lòng mở lại trang trên cổng và thử lại.",
    });
    // Without Fetch Metadata (older browsers), the Origin decides.
    const foreignOrigin = await ctx.app.inject({
      method: "POST",
      url: "/api/dossiers?lang=en",
      payload: body,
      headers: { ...an.headers, origin: "https://evil.example" },
    });
    expect(foreignOrigin.statusCode).toBe(403);
    expect(foreignOrigin.json().error.message).toBe(
      "The request was refused because it came from another website. Please open the page on the portal again and retry.",
    );
    const sameSite = await ctx.app.inject({
      method: "POST",
      url: "/office/logout",
      headers: { ...an.headers, "sec-fetch-site": "same-site" },
    });
    expect(sameSite.statusCode).toBe(403);
    expect(await counts(ctx)).toEqual(before);

    const sameOrigin = await ctx.app.inject({
      method: "POST",
      url: "/api/dossiers",
      payload: body,
      headers: { ...an.headers, "sec-fetch-site": "same-origin", origin: "http://dichvucong.test" },
    });
    // Past the cross-site check: the submission itself answers (here: the required paper is missing).
    expect(sameOrigin.statusCode).toBe(422);
    const byOrigin = await ctx.app.inject({
      method: "POST",
      url: "/api/office/logout",
      headers: { ...an.headers, origin: "http://dichvucong.test" },
    });
    expect(byOrigin.statusCode).toBe(204);
  });

  it("leaves API clients without cookies alone", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "khong.ai", password: "sai" },
      headers: { "sec-fetch-site": "cross-site", origin: "https://integrator.example" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("invalid_credentials");
  });

  it("answers an anonymous officer or admin request with 401 before validating its body", async () => {
    for (const [method, url] of [
      ["POST", "/api/office/intake"],
      ["POST", "/api/office/uploads"],
      ["PUT", "/api/admin/calendar/2026-05-01"],
      ["PUT", "/api/admin/calendar/not-a-day"],
    ] as const) {
      const res = await ctx.app.inject({ method, url, payload: { nonsense: true } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({ code: "unauthenticated", fields: [] });
      expect(res.body).not.toMatch(/procedure|working|reason/);
    }
    // A signed-in officer without the role is refused (403) before validation too; with it, validation answers.
    const unit = await ctx.deps.db.selectFrom("units").select("id").executeTakeFirstOrThrow();
    const clerk = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["receiving"], username: "mot.cua" });
    const notAdmin = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/calendar/2026-05-01",
      payload: {},
      headers: clerk.headers,
    });
    expect(notAdmin.statusCode).toBe(403);
    const admin = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["admin"], username: "quan.tri" });
    const invalid = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/calendar/2026-05-01",
      payload: {},
      headers: admin.headers,
    });
    expect(invalid.statusCode).toBe(422);
    // Office pages send an anonymous browser to the login page before reading the form.
    const page = await ctx.app.inject({
      method: "POST",
      url: "/office/intake",
      payload: "procedure=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/office\/login/);
  });
});

describe("rate limits on login, look-up and submission", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({
      demo: false,
      now: NOW,
      config: { rateLimits: { login: 3, lookup: 2, submission: 2 } },
    });
  });
  afterAll(() => ctx.close());

  it("answers 429 with Retry-After and a localised message past the limit, per route group and address", async () => {
    const login = (ip: string) =>
      ctx.app.inject({
        method: "POST",
        url: "/api/office/login",
        payload: { username: "khong.ai", password: "sai" },
        remoteAddress: ip,
      });
    for (let i = 0; i < 3; i++) expect((await login("203.0.113.7")).statusCode).toBe(401);
    const over = await login("203.0.113.7");
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect(over.json().error.code).toBe("too_many_requests");
    expect(over.json().error.message).toMatch(/^Bạn đã gửi quá nhiều yêu cầu\. Vui lòng thử lại sau \d+ giây\.$/);
    // Another address is not affected; another route group neither.
    expect((await login("203.0.113.8")).statusCode).toBe(401);
    const look = (ip: string, lang = "") =>
      ctx.app.inject({ url: `/api/lookup/H01.99-260316-0001${lang}`, remoteAddress: ip });
    expect((await look("203.0.113.7")).statusCode).toBe(404);
    expect((await look("203.0.113.7")).statusCode).toBe(404);
    const lookOver = await look("203.0.113.7", "?lang=en");
    expect(lookOver.statusCode).toBe(429);
    expect(lookOver.json().error.message).toMatch(/^Too many requests\. Please try again in \d+ seconds\.$/);
    // Pages the limits do not cover are not counted.
    for (let i = 0; i < 5; i++) expect((await ctx.app.inject({ url: "/api/procedures" })).statusCode).toBe(200);
  });
});
