/**
 * Issue #10 item 16: robots.txt and sitemap.xml. The sitemap lists the home page, the catalogue search, the look-up
 * and every published procedure page (not drafts); robots.txt points to it and keeps crawlers out of the office, the
 * API and the pages that exist only for a logged-in applicant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure } from "../helpers/catalogue.js";

describe("robots.txt and sitemap.xml", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, config: { baseUrl: "https://dichvucong.example.gov.vn" } });
    await insertTestProcedure(ctx.deps.db, { code: "9.999001" });
    await insertTestProcedure(ctx.deps.db, { code: "9.999002", name: "Thủ tục thử nghiệm thứ hai" });
    await insertTestProcedure(ctx.deps.db, { code: "9.999003", status: "draft" });
  });
  afterAll(() => ctx.close());

  it("robots.txt allows the portal, disallows private areas and names the sitemap", async () => {
    const res = await ctx.app.inject({ url: "/robots.txt" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const lines = res.body.split("\n");
    expect(lines).toContain("User-agent: *");
    for (const p of ["/office", "/api/", "/ho-so-cua-toi", "/nop-ho-so"]) expect(lines).toContain(`Disallow: ${p}`);
    expect(lines).not.toContain("Disallow: /thu-tuc");
    expect(lines).toContain("Sitemap: https://dichvucong.example.gov.vn/sitemap.xml");
  });

  it("sitemap.xml lists home, search, look-up and every published procedure page, and no draft", async () => {
    const res = await ctx.app.inject({ url: "/sitemap.xml" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(res.body).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const base = "https://dichvucong.example.gov.vn";
    expect(locs).toEqual([
      `${base}/`,
      `${base}/thu-tuc`,
      `${base}/tra-cuu`,
      `${base}/thu-tuc/9.999001`,
      `${base}/thu-tuc/9.999002`,
    ]);
    // each listed procedure page exists
    for (const loc of locs.filter((l) => l.includes("/thu-tuc/")))
      expect((await ctx.app.inject({ url: loc.slice(base.length) })).statusCode).toBe(200);
  });
});
