import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../app/deps.js";
import { forbidden, unauthenticated } from "../app/errors.js";
import type { Role } from "../domain/catalogue.js";
import { endSession, type Officer, officerFromSession, openOfficerSession } from "../app/actors.js";

export { loadOfficer, type Officer, OFFICER_ABSOLUTE_TTL, OFFICER_IDLE_TTL } from "../app/actors.js";

export const OFFICER_COOKIE = "motcua_osid";
const seen = new WeakMap<FastifyRequest, { token: string | undefined; officer: Promise<Officer | undefined> }>();

/**
 * The logged-in officer (password and second factor verified), if any. Looked up once per request: the gate that
 * authenticates before validation (src/http/boundary/auth-first.ts) and the handler share the answer.
 */
export function currentOfficer(req: FastifyRequest, deps: Deps): Promise<Officer | undefined> {
  const token = req.cookies[OFFICER_COOKIE];
  const hit = seen.get(req);
  if (hit && hit.token === token) return hit.officer;
  const officer = officerFromSession(deps, token);
  seen.set(req, { token, officer });
  return officer;
}

/** The logged-in officer; with `roles`, one of them is required. */
export async function requireOfficer(req: FastifyRequest, deps: Deps, roles?: Role[]): Promise<Officer> {
  const o = await currentOfficer(req, deps);
  if (!o) throw unauthenticated();
  if (roles && !roles.some((r) => o.roles.includes(r))) throw forbidden();
  return o;
}

export async function startOfficerSession(reply: FastifyReply, deps: Deps, officerId: string): Promise<string> {
  const token = await openOfficerSession(deps, officerId);
  reply.setCookie(OFFICER_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    secure: deps.config.baseUrl.startsWith("https://"),
  });
  return token;
}

export async function endOfficerSession(req: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<void> {
  await endSession(deps, req.cookies[OFFICER_COOKIE]);
  reply.clearCookie(OFFICER_COOKIE, { path: "/" });
}
