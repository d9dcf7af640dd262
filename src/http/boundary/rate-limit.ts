import rateLimit from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import type { Deps } from "../../app/deps.js";
import { AppError } from "../../app/errors.js";
import type { App } from "../types.js";

export type RateGroup = "login" | "lookup" | "submission";

/** The routes whose use is limited per client address, by method and route pattern. */
const GROUPS: Record<string, RateGroup> = {
  "POST /api/office/login": "login",
  "POST /api/office/login/otp": "login",
  "POST /office/login": "login",
  "POST /office/login/otp": "login",
  "GET /api/lookup/:code": "lookup",
  "GET /tra-cuu": "lookup",
  "POST /api/dossiers": "submission",
  "POST /api/uploads": "submission",
  "POST /nop-ho-so/:code": "submission",
  "POST /nop-ho-so/:code/nop": "submission",
};

export function rateGroup(req: FastifyRequest): RateGroup | undefined {
  return GROUPS[`${req.method} ${req.routeOptions.url}`];
}

/**
 * Requests per minute and client address on the login, public look-up and submission routes (RATE_LIMIT_*), so a
 * script cannot guess passwords or dossier codes, or flood the intake. Over the limit: 429 with Retry-After and a
 * localised message. Counted in each node's memory: behind a load balancer of N nodes the limit is at most N times
 * the setting. The look-up page counts only when it carries a code to look up.
 */
export async function registerRateLimits(app: App, deps: Deps): Promise<void> {
  const limits = deps.config.rateLimits;
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    allowList: (req) => {
      const g = rateGroup(req);
      if (!g) return true;
      if (req.routeOptions.url === "/tra-cuu" && !(req.query as { ma?: string } | undefined)?.ma) return true;
      return false;
    },
    keyGenerator: (req) => `${rateGroup(req)}:${req.ip}`,
    max: (req) => limits[rateGroup(req) ?? "lookup"],
    addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
    errorResponseBuilder: (_req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError(429, "too_many_requests", {
        vi: `Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ${seconds} giây.`,
        en: `Too many requests. Please try again in ${seconds} seconds.`,
      });
    },
  });
}
