import { createSession } from "../../src/app/sessions.js";
import type { Role } from "../../src/domain/catalogue.js";
import { OFFICER_COOKIE, OFFICER_IDLE_TTL } from "../../src/http/officer-auth.js";
import type { TestContext } from "./app.js";

export interface TestOfficer {
  id: string;
  unitId: string;
  cookie: string;
  headers: { cookie: string };
}

/**
 * A logged-in officer for API tests, without the password + TOTP login (the auth tests cover that path).
 * Creates the officer in the given unit with the given roles (or reuses it by username) and a session.
 */
export async function loginAsOfficer(
  ctx: TestContext,
  who: { unitId: string; roles: Role[]; username?: string; name?: string },
): Promise<TestOfficer> {
  const username = who.username ?? `${who.roles.join("-")}-${who.unitId.slice(0, 8)}`;
  const row = await ctx.deps.db
    .insertInto("officers")
    .values({
      username,
      name: who.name ?? `Cán bộ ${username}`,
      unit_id: who.unitId,
      roles: JSON.stringify(who.roles),
      password_hash: "not-used-in-tests",
    })
    .onConflict((oc) => oc.column("username").doUpdateSet({ roles: JSON.stringify(who.roles), unit_id: who.unitId }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = await createSession(ctx.deps.db, {
    kind: "officer",
    accountId: row.id,
    ttlSeconds: OFFICER_IDLE_TTL,
    now: ctx.deps.now(),
  });
  const cookie = `${OFFICER_COOKIE}=${token}`;
  return { id: row.id, unitId: who.unitId, cookie, headers: { cookie } };
}
