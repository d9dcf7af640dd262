import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Deps } from "./deps.js";

/**
 * Sign-in throttling without denial of service (issue #10 item 12). Failures are counted per account AND source
 * (the client address, or the officer's known device), with delays that grow with each failure, so a guesser is slowed
 * down while the officer at their counter is not locked out by someone else's failures. A second counter per account
 * over all sources catches guessing spread over many addresses; it binds only unknown devices, and an officer can pass
 * it by giving the second factor together with the password.
 *
 * Counters are rows of the `sessions` table (kind "pending", id "login-throttle:<sha256(key)>"), forgotten a day
 * after their last failure; unknown usernames are counted exactly like accounts, so nothing tells whether one exists.
 */

/** Failures allowed per account and source before delays start; then 15 s, 30 s, 1 min, … up to 15 minutes. */
export const SOURCE_FREE_FAILURES = 3;
/** Failures allowed per account over every unknown source before it asks for the second factor with the password. */
export const ACCOUNT_FREE_FAILURES = 10;
export const BASE_DELAY_SECONDS = 15;
export const MAX_DELAY_SECONDS = 15 * 60;

/** The wait imposed after the `failures`-th failure in a row. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - free));
}

export const sourceKey = (username: string, source: string) => `source:${username}:${source}`;
export const accountKey = (username: string) => `account:${username}`;

const rowId = (key: string) => `login-throttle:${createHash("sha256").update(key).digest("hex")}`;

export interface ThrottleState {
  failures: number;
  /** Seconds to wait before the next attempt (0 when free to try). */
  waitSeconds: number;
}

export async function throttleState(deps: Deps, key: string): Promise<ThrottleState> {
  const now = deps.now();
  const row = await deps.db
    .selectFrom("sessions")
    .select(["data", "expires_at"])
    .where("id", "=", rowId(key))
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) return { failures: 0, waitSeconds: 0 };
  const until = typeof row.data.blockedUntil === "string" ? Date.parse(row.data.blockedUntil) : 0;
  return {
    failures: Number(row.data.failures ?? 0),
    waitSeconds: Math.max(0, Math.ceil((until - now.getTime()) / 1000)),
  };
}

/** Counts one failure (atomically, so parallel guesses all count) and returns the new state. */
export async function countFailure(deps: Deps, key: string, free: number, account: string): Promise<ThrottleState> {
  const now = deps.now();
  const expires = new Date(now.getTime() + 24 * 3600_000);
  const id = rowId(key);
  // The account (normalised username) is kept so that an administrator can list and lift an account's delays.
  const first = JSON.stringify({ purpose: "login-throttle", account, failures: 1 });
  const result = await sql<{ failures: number }>`
    insert into sessions (id, kind, account_id, data, created_at, last_seen_at, expires_at)
    values (${id}, 'pending', null, ${first}::jsonb, ${now}, ${now}, ${expires})
    on conflict (id) do update set
      data = case
        when sessions.expires_at <= ${now} then ${first}::jsonb
        else jsonb_build_object('purpose', 'login-throttle', 'account', ${account}::text,
          'failures', coalesce((sessions.data->>'failures')::int, 0) + 1,
          'blockedUntil', sessions.data->'blockedUntil')
      end,
      last_seen_at = excluded.last_seen_at,
      expires_at = excluded.expires_at
    returning (data->>'failures')::int as failures`.execute(deps.db);
  const failures = Number(result.rows[0]?.failures ?? 1);
  const waitSeconds = delayAfter(failures, free);
  if (waitSeconds > 0) {
    const until = new Date(now.getTime() + waitSeconds * 1000).toISOString();
    // The latest end wins when parallel failures race.
    await sql`
      update sessions set data = jsonb_set(data, '{blockedUntil}', to_jsonb(greatest(coalesce(data->>'blockedUntil', ''), ${until}::text)))
      where id = ${id}`.execute(deps.db);
  }
  return { failures, waitSeconds };
}

export async function clearFailures(deps: Deps, ...keys: string[]): Promise<void> {
  if (keys.length) await deps.db.deleteFrom("sessions").where("id", "in", keys.map(rowId)).execute();
}

/** An account whose sign-in is being delayed, for the administrators' operations page. */
export interface ThrottledAccount {
  username: string;
  failures: number;
  /** The end of the longest delay now imposed (from some source, or on unknown devices). */
  blockedUntil: Date;
}

/** Accounts with a sign-in delay in force now (unknown usernames included: they are counted the same way). */
export async function throttledAccounts(deps: Deps): Promise<ThrottledAccount[]> {
  const now = deps.now().toISOString();
  const rows = await sql<{ account: string; failures: number; until: string }>`
    select data->>'account' as account, sum((data->>'failures')::int)::int as failures,
           max(data->>'blockedUntil') as until
    from sessions
    where kind = 'pending' and id like 'login-throttle:%' and data ? 'account'
      and data->>'blockedUntil' > ${now} and expires_at > ${deps.now()}
    group by data->>'account'
    order by max(data->>'blockedUntil') desc
    limit 500`.execute(deps.db);
  return rows.rows.map((r) => ({ username: r.account, failures: r.failures, blockedUntil: new Date(r.until) }));
}

/** Lifts every delay on an account (from every source and on unknown devices); answers how many counters were cleared. */
export async function clearAccount(deps: Deps, username: string): Promise<number> {
  const r = await sql`
    delete from sessions where kind = 'pending' and id like 'login-throttle:%' and data->>'account' = ${username}`.execute(
    deps.db,
  );
  return Number(r.numAffectedRows ?? 0);
}
