import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../app/deps.js";
import { forbidden, unauthenticated } from "../app/errors.js";
import { createSession, destroySession, findSession, touchSession } from "../app/sessions.js";
import type { Role } from "../domain/catalogue.js";

export const OFFICER_COOKIE = "motcua_osid";
/** Officer sessions end after 30 idle minutes or 10 hours in all. */
export const OFFICER_IDLE_TTL = 30 * 60;
export const OFFICER_ABSOLUTE_TTL = 10 * 3600;

export interface Officer {
  id: string;
  username: string;
  name: string;
  title: string | null;
  unitId: string;
  unitCode: string;
  unitName: string;
  roles: Role[];
}

const seen = new WeakMap<FastifyRequest, { token: string | undefined; officer: Promise<Officer | undefined> }>();

/**
 * The logged-in officer (password and second factor verified), if any. Looked up once per request: the gate that
 * authenticates before validation (src/http/boundary/auth-first.ts) and the handler share the answer.
 */
export function currentOfficer(req: FastifyRequest, deps: Deps): Promise<Officer | undefined> {
  const token = req.cookies[OFFICER_COOKIE];
  const hit = seen.get(req);
  if (hit && hit.token === token) return hit.officer;
  const officer = lookupOfficer(req, deps);
  seen.set(req, { token, officer });
  return officer;
}

async function lookupOfficer(req: FastifyRequest, deps: Deps): Promise<Officer | undefined> {
  const token = req.cookies[OFFICER_COOKIE];
  const now = deps.now();
  const s = await findSession(deps.db, token, "officer", now);
  if (!s?.accountId) return undefined;
  if (now.getTime() - s.createdAt.getTime() > OFFICER_ABSOLUTE_TTL * 1000) return undefined;
  const officer = await loadOfficer(deps, s.accountId);
  if (!officer) return undefined;
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await touchSession(deps.db, token!, now, OFFICER_IDLE_TTL);
  return officer;
}

/** An active officer account with its unit, by id. */
export async function loadOfficer(deps: Deps, id: string): Promise<Officer | undefined> {
  const row = await deps.db
    .selectFrom("officers")
    .innerJoin("units", "units.id", "officers.unit_id")
    .select([
      "officers.id",
      "officers.username",
      "officers.name",
      "officers.title",
      "officers.unit_id",
      "officers.roles",
      "officers.active",
      "units.code as unit_code",
      "units.name as unit_name",
    ])
    .where("officers.id", "=", id)
    .executeTakeFirst();
  if (!row?.active) return undefined;
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    title: row.title,
    unitId: row.unit_id,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    roles: row.roles as Role[],
  };
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
