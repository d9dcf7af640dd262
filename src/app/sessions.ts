import { createHash, randomBytes } from "node:crypto";
import type { DB } from "../adapters/db/index.js";

export type SessionKind = "citizen" | "officer" | "pending";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The id under which a session token is kept (its SHA-256), for a query that reads the session with its account. */
export const sessionId = (token: string): string => hashToken(token);

/**
 * Server-side sessions: the cookie carries a random token, the database keeps only its hash, so a stolen
 * database does not yield live sessions and every node of a cluster sees the same sessions.
 */
export async function createSession(
  db: DB,
  s: { kind: SessionKind; accountId: string | null; data?: Record<string, unknown>; ttlSeconds: number; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      kind: s.kind,
      account_id: s.accountId,
      data: JSON.stringify(s.data ?? {}),
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: new Date(s.now.getTime() + s.ttlSeconds * 1000),
    })
    .execute();
  return token;
}

export interface SessionRow {
  kind: SessionKind;
  accountId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function findSession(
  db: DB,
  token: string | undefined,
  kind: SessionKind,
  now: Date,
): Promise<SessionRow | undefined> {
  if (!token || token.length > 100) return undefined;
  const row = await db
    .selectFrom("sessions")
    .selectAll()
    .where("id", "=", hashToken(token))
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) return undefined;
  return {
    kind: row.kind,
    accountId: row.account_id,
    data: row.data,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

/** Sliding expiry: pushes the session's end and records activity. */
export async function touchSession(db: DB, token: string, now: Date, ttlSeconds: number): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now, expires_at: new Date(now.getTime() + ttlSeconds * 1000) })
    .where("id", "=", hashToken(token))
    .execute();
}

export async function destroySession(db: DB, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.deleteFrom("sessions").where("id", "=", hashToken(token)).execute();
}
