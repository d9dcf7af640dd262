import type { Deps } from "../../app/deps.js";
import type { App } from "../types.js";
import { registerAuthFirst } from "./auth-first.js";
import { registerCsrfCheck } from "./csrf.js";
import { registerSecurityHeaders } from "./headers.js";
import { registerRateLimits } from "./rate-limit.js";
import { registerTextBoundary } from "./text.js";

export { translateError } from "./errors.js";
export { clientErrorHandler } from "./text.js";

/**
 * What every request passes through, whatever route it reaches (registered by src/http/app.ts before the routes):
 * security headers and compression, the cross-site check on state-changing requests, the refusal of control
 * characters and NFC normalisation of text, per-address rate limits on login, look-up and submission, and
 * authentication before validation on officer, administrator and citizen-account routes.
 */
export async function registerBoundary(app: App, deps: Deps): Promise<void> {
  await registerSecurityHeaders(app, deps);
  registerCsrfCheck(app, deps);
  registerTextBoundary(app);
  await registerRateLimits(app, deps);
  registerAuthFirst(app, deps);
}
