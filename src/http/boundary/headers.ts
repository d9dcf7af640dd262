import compress from "@fastify/compress";
import type { Deps } from "../../app/deps.js";
import type { App } from "../types.js";

/**
 * Security headers on every response, from this one place. Pages carry no inline script or style (scripts and
 * styles are files under /static; JSON data blocks are not scripts), so the policy needs neither 'unsafe-inline'
 * nor nonces. The only exception is the third-party Swagger UI under /api/docs, which sets styles inline.
 */
export function contentSecurityPolicy(url: string): string {
  const docs = url.startsWith("/api/docs");
  return [
    "default-src 'self'",
    "script-src 'self'",
    docs ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export async function registerSecurityHeaders(app: App, deps: Deps): Promise<void> {
  const https = deps.config.baseUrl.startsWith("https://");
  app.addHook("onRequest", async (req, reply) => {
    reply.header("content-security-policy", contentSecurityPolicy(req.url));
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "strict-origin-when-cross-origin");
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (https) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
  });
  // Text answers (pages, JSON, CSS, scripts) are compressed when the client accepts it; PDFs and images are not.
  await app.register(compress, { global: true, threshold: 1024, encodings: ["br", "gzip", "deflate"] });
}
