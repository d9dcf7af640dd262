import type { Role } from "../domain/catalogue.js";
import type { Deps } from "./deps.js";
import { findSession, touchSession } from "./sessions.js";

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

/** The citizen or business of a live citizen session (sliding expiry), if any. */
export async function citizenFromSession(deps: Deps, token: string | undefined): Promise<Citizen | undefined> {
  const now = deps.now();
  const s = await findSession(deps.db, token, "citizen", now);
  if (!s?.accountId) return undefined;
  const row = await loadCitizen(deps, s.accountId);
  if (!row) return undefined;
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await touchSession(deps.db, token!, now, CITIZEN_SESSION_TTL);
  return row;
}
