import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../app/deps.js";
import { unauthenticated } from "../app/errors.js";
import { createSession, destroySession, findSession, touchSession } from "../app/sessions.js";

export const CITIZEN_COOKIE = "motcua_sid";
/** Citizen sessions last 30 minutes from the last activity (sliding), like the national portal. */
export const CITIZEN_SESSION_TTL = 30 * 60;

export interface Citizen {
  id: string;
  subject: string;
  kind: "citizen" | "business";
  name: string;
  id_number: string | null;
  tax_code: string | null;
  birth_date: string | null;
  gender: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/** The logged-in citizen or business, if any. */
export async function currentCitizen(req: FastifyRequest, deps: Deps): Promise<Citizen | undefined> {
  const token = req.cookies[CITIZEN_COOKIE];
  const now = deps.now();
  const s = await findSession(deps.db, token, "citizen", now);
  if (!s?.accountId) return undefined;
  const row = await deps.db.selectFrom("citizens").selectAll().where("id", "=", s.accountId).executeTakeFirst();
  if (!row) return undefined;
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await touchSession(deps.db, token!, now, CITIZEN_SESSION_TTL);
  return row;
}

export async function requireCitizen(req: FastifyRequest, deps: Deps): Promise<Citizen> {
  const c = await currentCitizen(req, deps);
  if (!c) throw unauthenticated();
  return c;
}

/** Starts a citizen session (after a verified OIDC login) and sets the secure session cookie. */
export async function startCitizenSession(reply: FastifyReply, deps: Deps, citizenId: string): Promise<string> {
  const token = await createSession(deps.db, {
    kind: "citizen",
    accountId: citizenId,
    ttlSeconds: CITIZEN_SESSION_TTL,
    now: deps.now(),
  });
  reply.setCookie(CITIZEN_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: deps.config.baseUrl.startsWith("https://"),
  });
  return token;
}

export async function endCitizenSession(req: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<void> {
  await destroySession(deps.db, req.cookies[CITIZEN_COOKIE]);
  reply.clearCookie(CITIZEN_COOKIE, { path: "/" });
}
