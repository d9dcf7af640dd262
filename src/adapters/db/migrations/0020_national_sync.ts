import { type Kysely, sql } from "kysely";

/**
 * National Public Service Portal sync (issue #6).
 * - `procedures.portal_code`: the code the national portal knows the procedure by, when it differs from the local
 *   `national_code` (a locality suffix, a code being renumbered); null = the same code.
 * - `national_sync`: one row per dossier that has something to push. `delivered_seq` is the cursor (the last event of
 *   the dossier's history that was delivered, or that needs no push); `target_seq` the last event queued. The lease
 *   (`locked_until`, `lock_token`) lets one dispatcher at a time push a dossier's changes, in order.
 *   `pending_since` is when the oldest undelivered change was queued (null when up to date); `last_error` the last
 *   failure, cleared by the next success.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table procedures add column portal_code text;

create table national_sync (
  dossier_id uuid primary key references dossiers(id),
  target_seq integer not null default 0,
  delivered_seq integer not null default 0,
  first_pushed boolean not null default false,
  synced_status smallint,
  first_synced_at timestamptz,
  last_synced_at timestamptz,
  pending_since timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  failures integer not null default 0,
  locked_until timestamptz,
  lock_token text
);
create index national_sync_pending on national_sync (pending_since) where pending_since is not null;
create index national_sync_failing on national_sync (last_error_at) where last_error is not null;
`.execute(db);
}
