import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../app/deps.js";
import { forbidden, unauthenticated } from "../app/errors.js";
import { createSession, destroySession } from "../app/sessions.js";
import type { Role } from "../domain/catalogue.js";
import { type Officer, OFFICER_IDLE_TTL, officerFromSession } from "../app/actors.js";

export { loadOfficer, type Officer, OFFICER_ABSOLUTE_TTL, OFFICER_IDLE_TTL } from "../app/actors.js";

export const OFFICER_COOKIE = "motcua_osid";
/** The logged-in officer (password and second factor verified), if any. */
export async function currentOfficer(req: FastifyRequest, deps: Deps): Promise<Officer | undefined> {
  return officerFromSession(deps, req.cookies[OFFICER_COOKIE]);
}

/** The logged-in officer; with `roles`, one of them is required. */
export async function requireOfficer(req: FastifyRequest, deps: Deps, roles?: Role[]): Promise<Officer> {
  const o = await currentOfficer(req, deps);
  if (!o) throw unauthenticated();
  if (roles && !roles.some((r) => o.roles.includes(r))) throw forbidden();
  return o;
}

export async function startOfficerSession(reply: FastifyReply, deps: Deps, officerId: string): Promise<string> {
  const token = await createSession(deps.db, {
    kind: "officer",
    accountId: officerId,
    ttlSeconds: OFFICER_IDLE_TTL,
    now: deps.now(),
  });
  reply.setCookie(OFFICER_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    secure: deps.config.baseUrl.startsWith("https://"),
  });
  return token;
}

export async function endOfficerSession(req: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<void> {
  await destroySession(deps.db, req.cookies[OFFICER_COOKIE]);
  reply.clearCookie(OFFICER_COOKIE, { path: "/" });
}
