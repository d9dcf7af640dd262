import { CITIZEN_COOKIE, CITIZEN_SESSION_TTL } from "../../src/http/citizen-auth.js";
import { createSession } from "../../src/app/sessions.js";
import type { TestContext } from "./app.js";

export interface TestCitizen {
  id: string;
  cookie: string;
  headers: { cookie: string };
}

/**
 * A logged-in citizen for API tests, without the OIDC round trip (the identity tests cover that path).
 * Creates the account (or reuses it by subject) and a session; returns the cookie to send.
 */
export async function loginAsCitizen(
  ctx: TestContext,
  who: { subject?: string; name?: string; idNumber?: string; email?: string; kind?: "citizen" | "business" } = {},
): Promise<TestCitizen> {
  const subject = who.subject ?? `test|${who.idNumber ?? "001090012345"}`;
  const row = await ctx.deps.db
    .insertInto("citizens")
    .values({
      subject,
      kind: who.kind ?? "citizen",
      name: who.name ?? "Nguyễn Văn An",
      id_number: who.idNumber ?? "001090012345",
      birth_date: "1990-05-12",
      gender: "male",
      address: "12 Trần Phú, phường Ba Đình, Hà Nội",
      phone: "0912345678",
      email: who.email ?? "an.nguyen@example.vn",
      tax_code: null,
    })
    .onConflict((oc) => oc.column("subject").doUpdateSet({ name: (eb) => eb.ref("excluded.name") }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = await createSession(ctx.deps.db, {
    kind: "citizen",
    accountId: row.id,
    ttlSeconds: CITIZEN_SESSION_TTL,
    now: ctx.deps.now(),
  });
  const cookie = `${CITIZEN_COOKIE}=${token}`;
  return { id: row.id, cookie, headers: { cookie } };
}
