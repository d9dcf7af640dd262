import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../app/deps.js";
import { unauthenticated } from "../app/errors.js";
import { type Citizen, citizenFromSession, endSession, openCitizenSession } from "../app/actors.js";

export { type Citizen, CITIZEN_SESSION_TTL } from "../app/actors.js";

export const CITIZEN_COOKIE = "motcua_sid";
/** The logged-in citizen or business, if any. */
export async function currentCitizen(req: FastifyRequest, deps: Deps): Promise<Citizen | undefined> {
  return citizenFromSession(deps, req.cookies[CITIZEN_COOKIE]);
}

export async function requireCitizen(req: FastifyRequest, deps: Deps): Promise<Citizen> {
  const c = await currentCitizen(req, deps);
  if (!c) throw unauthenticated();
  return c;
}

/** Starts a citizen session (after a verified OIDC login) and sets the secure session cookie. */
export async function startCitizenSession(reply: FastifyReply, deps: Deps, citizenId: string): Promise<string> {
  const token = await openCitizenSession(deps, citizenId);
  reply.setCookie(CITIZEN_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: deps.config.baseUrl.startsWith("https://"),
  });
  return token;
}

export async function endCitizenSession(req: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<void> {
  await endSession(deps, req.cookies[CITIZEN_COOKIE]);
  reply.clearCookie(CITIZEN_COOKIE, { path: "/" });
}
