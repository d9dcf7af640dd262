import type { OidcIdentity } from "../adapters/identity/oidc.js";
import type { Role } from "../domain/catalogue.js";
import type { Deps } from "./deps.js";
import { createSession, destroySession, findSession, sessionId, touchSession } from "./sessions.js";

/**
 * The actors of the application and how they are loaded from a session: an officer (password and second factor
 * verified) or a citizen/business (logged in through the national identity provider). The HTTP layer only reads the
 * session cookie and passes its token here.
 */

/** Officer sessions end after 30 idle minutes or 10 hours in all. */
export const OFFICER_IDLE_TTL = 30 * 60;
export const OFFICER_ABSOLUTE_TTL = 10 * 3600;
/** Citizen sessions last 30 minutes from the last activity (sliding), like the national portal. */
export const CITIZEN_SESSION_TTL = 30 * 60;
/** A session's last-seen time is written at most once a minute. */
const TOUCH_EVERY_MS = 60_000;

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

/** An active officer account with its unit, by id. */
export async function loadOfficer(deps: Pick<Deps, "db">, id: string): Promise<Officer | undefined> {
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

/** The officer of a live officer session (idle and absolute limits applied), if any. */
export async function officerFromSession(deps: Deps, token: string | undefined): Promise<Officer | undefined> {
  const now = deps.now();
  const s = await findSession(deps.db, token, "officer", now);
  if (!s?.accountId) return undefined;
  if (now.getTime() - s.createdAt.getTime() > OFFICER_ABSOLUTE_TTL * 1000) return undefined;
  const officer = await loadOfficer(deps, s.accountId);
  if (!officer) return undefined;
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await touchSession(deps.db, token!, now, OFFICER_IDLE_TTL);
  return officer;
}

/** A citizen or business account, by id. */
export async function loadCitizen(deps: Pick<Deps, "db">, id: string): Promise<Citizen | undefined> {
  return deps.db.selectFrom("citizens").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The citizen or business of a live citizen session (sliding expiry), if any: the session and account in one query. */
export async function citizenFromSession(deps: Deps, token: string | undefined): Promise<Citizen | undefined> {
  if (!token || token.length > 100) return undefined;
  const now = deps.now();
  const row = await deps.db
    .selectFrom("sessions as s")
    .innerJoin("citizens", "citizens.id", "s.account_id")
    .selectAll("citizens")
    .select(["s.last_seen_at as session_last_seen_at", "s.expires_at as session_expires_at"])
    .where("s.id", "=", sessionId(token))
    .where("s.kind", "=", "citizen")
    .executeTakeFirst();
  if (!row || row.session_expires_at.getTime() <= now.getTime()) return undefined;
  const { session_last_seen_at: lastSeen, session_expires_at: _, ...citizen } = row;
  if (now.getTime() - lastSeen.getTime() > TOUCH_EVERY_MS) await touchSession(deps.db, token, now, CITIZEN_SESSION_TTL);
  return citizen;
}

/** Opens an officer session (password and second factor verified); returns its token for the cookie. */
export function openOfficerSession(deps: Deps, officerId: string): Promise<string> {
  return createSession(deps.db, {
    kind: "officer",
    accountId: officerId,
    ttlSeconds: OFFICER_IDLE_TTL,
    now: deps.now(),
  });
}

/** Opens a citizen session (after a verified login at the identity provider); returns its token for the cookie. */
export function openCitizenSession(deps: Deps, citizenId: string): Promise<string> {
  return createSession(deps.db, {
    kind: "citizen",
    accountId: citizenId,
    ttlSeconds: CITIZEN_SESSION_TTL,
    now: deps.now(),
  });
}

/** Ends the session of a token, whatever its kind (logout, a fresh login, a used login ticket). */
export function endSession(deps: Deps, token: string | undefined): Promise<void> {
  return destroySession(deps.db, token);
}

/**
 * Starts a citizen's login at the identity provider: a short-lived "pending" session keeps what the callback must
 * check (state, nonce, PKCE verifier) and where to go next; an earlier unfinished attempt (`previous`) is dropped.
 */
export async function beginCitizenLogin(
  deps: Deps,
  previous: string | undefined,
  data: Record<string, unknown>,
  ttlSeconds: number,
): Promise<string> {
  await destroySession(deps.db, previous);
  return createSession(deps.db, { kind: "pending", accountId: null, data, ttlSeconds, now: deps.now() });
}

/** The pending login of a token, used once: it is ended whatever happens next, so it cannot be replayed. */
export async function takePendingLogin(
  deps: Deps,
  token: string | undefined,
): Promise<Record<string, unknown> | undefined> {
  const pending = await findSession(deps.db, token, "pending", deps.now());
  if (token) await destroySession(deps.db, token);
  return pending?.data;
}

/**
 * Records a verified login: the account is created or updated from the identity provider's claims (by `iss|sub`)
 * and the login is audited, in one transaction. Returns the account's id.
 */
export async function recordCitizenLogin(
  deps: Deps,
  identity: OidcIdentity,
  meta: { ip: string | null },
): Promise<string> {
  const now = deps.now();
  const values = {
    kind: identity.kind,
    name: identity.name,
    id_number: identity.idNumber,
    tax_code: identity.taxCode,
    birth_date: identity.birthDate,
    gender: identity.gender,
    address: identity.address,
    phone: identity.phone,
    email: identity.email,
    last_login_at: now,
  };
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("citizens")
      .values({ subject: identity.subject, ...values })
      .onConflict((oc) => oc.column("subject").doUpdateSet(values))
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("audit_log")
      .values({
        at: now,
        actor_kind: "citizen",
        actor_id: row.id,
        action: "citizen.login",
        target: identity.subject,
        ip: meta.ip,
        data: JSON.stringify({ issuer: identity.issuer, kind: identity.kind }),
      })
      .execute();
    return row.id;
  });
}
