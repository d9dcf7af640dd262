import compress from "@fastify/compress";
import type { Deps } from "../../app/deps.js";
import type { App } from "../types.js";

/**
 * Security headers on every response, from this one place. Pages carry no inline script or style (scripts and
 * styles are files under /static; JSON data blocks are not scripts), so the policy needs neither 'unsafe-inline'
 * nor nonces. The only exception is the third-party Swagger UI under /api/docs, which sets styles inline.
 */
export function contentSecurityPolicy(url: string, formTargets: string[] = [], monitoringOrigin?: string): string {
  const docs = url.startsWith("/api/docs");
  // the national monitoring platform's script (and what it loads and reports to) on public pages, when configured
  const emc = monitoringOrigin && isPublicPage(url) ? ` ${monitoringOrigin}` : "";
  return [
    "default-src 'self'",
    `script-src 'self'${emc}`,
    docs ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    `img-src 'self' data:${emc}`,
    "font-src 'self'",
    `connect-src 'self'${emc}`,
    "object-src 'none'",
    "base-uri 'none'",
    // A form may lead (by its redirect) to the identity provider's or the payment platform's page: browsers apply
    // form-action to redirect targets too.
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A page of the public portal (not the office, the API or a static file). */
export function isPublicPage(url: string): boolean {
  return !/^\/(office|api|static)(\/|\?|$)/.test(url);
}

/** The monitoring platform's script tag (EMC), as the platform gives it to a registered site. */
export function monitoringTag(emc: { scriptUrl: string; siteCode: string }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<script async src="${esc(emc.scriptUrl)}" id="emc-monitoring" data-site-code="${esc(emc.siteCode)}"></script>`;
}

export async function registerSecurityHeaders(app: App, deps: Deps): Promise<void> {
  const https = deps.config.baseUrl.startsWith("https://");
  const formTargets = formTargetOrigins([deps.config.oidc.issuer, deps.config.services.payment?.url]);
  const emc = deps.config.services.emc;
  const monitoringOrigin = emc ? new URL(emc.scriptUrl).origin : undefined;
  app.addHook("onRequest", async (req, reply) => {
    reply.header("content-security-policy", contentSecurityPolicy(req.url, formTargets, monitoringOrigin));
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "strict-origin-when-cross-origin");
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (https) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
  });
  app.decorateRequest("pageTag", null);
  if (emc) {
    // every public page (including error pages and pages kept whole in a cache) carries the monitoring script; added
    // here, before compression, so no page can forget it (a kept page puts it in once: src/http/kept-text.ts)
    const tag = monitoringTag(emc);
    app.addHook("onRequest", async (req) => {
      if (isPublicPage(req.url)) req.pageTag = tag;
    });
    app.addHook("onSend", async (req, reply, payload) => {
      if (typeof payload !== "string" || !req.pageTag) return payload;
      if (!String(reply.getHeader("content-type") ?? "").startsWith("text/html")) return payload;
      return withTag(payload, req.pageTag);
    });
  }
  // Text answers (pages, JSON, CSS, scripts) are compressed when the client accepts it; PDFs and images are not.
  await app.register(compress, { global: true, threshold: 1024, encodings: ["br", "gzip", "deflate"] });
}

/** `html` with `tag` put in before `</head>` (unchanged when it has no head). */
export function withTag(html: string, tag: string): string {
  const at = html.indexOf("</head>");
  return at < 0 ? html : html.slice(0, at) + tag + html.slice(at);
}

/** The origins of the outside services a page's form leads to (identity provider, payment platform). */
export function formTargetOrigins(urls: (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    try {
      out.add(new URL(u).origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return [...out];
}
