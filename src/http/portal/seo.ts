import { searchProcedures } from "../../app/catalogue.js";
import { MAX_PAGE_SIZE } from "../../domain/search.js";
import { escapeHtml } from "../../web/html.js";
import type { RouteModule } from "../types.js";

/**
 * What search engines need to find every public service (domain.md §10: "findable by search engines"):
 * `robots.txt` (crawl the public portal, not the office, the API or anyone's own pages) and `sitemap.xml` (home, the
 * catalogue search, the look-up page and every published procedure page, from the in-process catalogue).
 */

/** Paths no crawler should visit: officer pages, the API, and pages that exist only for a logged-in applicant. */
export const DISALLOWED = ["/office", "/api/", "/ho-so-cua-toi", "/nop-ho-so", "/dang-nhap", "/dang-xuat"];

export function robotsTxt(baseUrl: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    ...DISALLOWED.map((p) => `Disallow: ${p}`),
    "",
    `Sitemap: ${baseUrl}/sitemap.xml`,
    "",
  ].join("\n");
}

export const seoRoutes: RouteModule = (app, deps) => {
  const base = deps.config.baseUrl;

  app.get("/robots.txt", { schema: { hide: true } }, async (_req, reply) =>
    reply.type("text/plain; charset=utf-8").header("cache-control", "public, max-age=3600").send(robotsTxt(base)),
  );

  app.get("/sitemap.xml", { schema: { hide: true } }, async (_req, reply) => {
    const urls: Array<{ loc: string; lastmod?: Date | null }> = [
      { loc: `${base}/` },
      { loc: `${base}/thu-tuc` },
      { loc: `${base}/tra-cuu` },
    ];
    for (let page = 1; ; page++) {
      const r = await searchProcedures(deps, { page, pageSize: MAX_PAGE_SIZE });
      for (const h of r.items)
        urls.push({ loc: `${base}/thu-tuc/${encodeURIComponent(h.doc.code)}`, lastmod: h.doc.publishedAt });
      if (page * MAX_PAGE_SIZE >= r.total || r.items.length === 0) break;
    }
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...urls.map(
        (u) =>
          `<url><loc>${escapeHtml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString().slice(0, 10)}</lastmod>` : ""}</url>`,
      ),
      "</urlset>",
      "",
    ].join("\n");
    return reply.type("application/xml; charset=utf-8").header("cache-control", "public, max-age=600").send(body);
  });
};
