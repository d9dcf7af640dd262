import { type Kysely, sql } from "kysely";

/**
 * Outbox messages that exhausted their retries stay in the table, visible as failed (`failed_at`), instead of
 * being retried for ever or silently dropped; an operator can requeue them. The index serves the dispatcher's
 * "due and not failed" scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table outbox add column failed_at timestamptz;
drop index if exists outbox_pending;
create index outbox_pending on outbox (available_at) where done_at is null and failed_at is null;
create index outbox_failed on outbox (failed_at) where failed_at is not null;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop index if exists outbox_failed;
drop index if exists outbox_pending;
alter table outbox drop column failed_at;
create index outbox_pending on outbox (available_at) where done_at is null;
`.execute(db);
}
