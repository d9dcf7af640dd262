import type { FastifyRequest } from "fastify";
import type { Deps } from "../../app/deps.js";
import { AppError } from "../../app/errors.js";
import type { App } from "../types.js";

const CROSS_SITE = {
  vi: "Yêu cầu bị từ chối vì được gửi từ một trang web khác. Vui lòng mở lại trang trên cổng và thử lại.",
  en: "The request was refused because it came from another website. Please open the page on the portal again and retry.",
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery, beyond SameSite cookies: a state-changing request (POST, PUT, PATCH, DELETE) that
 * carries cookies must come from this site. Browsers say where a request comes from in `Sec-Fetch-Site` (all current
 * ones) and `Origin`: `same-origin` and `none` (typed, bookmarked) pass, `cross-site` and `same-site` are refused;
 * without Fetch Metadata the Origin must be this site's. Requests without cookies (API clients with no session,
 * server-to-server callbacks) carry no ambient authority and are not concerned; neither are clients that send
 * neither header (not a browser).
 */
export function crossSiteReason(req: FastifyRequest, allowedOrigins: Set<string>): string | undefined {
  if (SAFE_METHODS.has(req.method)) return undefined;
  if (!req.headers.cookie) return undefined;
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string" && site !== "") {
    if (site === "same-origin" || site === "none") return undefined;
    return `sec-fetch-site: ${site}`;
  }
  const origin = req.headers.origin;
  if (typeof origin !== "string" || origin === "") return undefined;
  if (allowedOrigins.has(origin) || origin === `${req.protocol}://${req.host}`) return undefined;
  return `origin: ${origin}`;
}

export function registerCsrfCheck(app: App, deps: Deps): void {
  const allowed = new Set([new URL(deps.config.baseUrl).origin]);
  app.addHook("onRequest", async (req) => {
    const reason = crossSiteReason(req, allowed);
    if (!reason) return;
    req.log.warn({ reason, url: req.url }, "cross-site request refused");
    throw new AppError(403, "cross_site_request", CROSS_SITE);
  });
}
