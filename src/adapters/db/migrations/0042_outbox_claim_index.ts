import { type Kysely, sql } from "kysely";

/**
 * The outbox dispatcher's claim (src/jobs/outbox.ts) takes the oldest due messages `order by available_at, id limit
 * N`. The 0004 index held `available_at` alone, so PostgreSQL could not stop after N rows: it read every due message
 * and sorted them (with 109,000 due after a national portal outage: 0.2 s and an on-disk sort per claim of 10, about
 * 20 ms per message, so the drain slowed as the backlog grew). With `id` in the index the claim reads its N rows in
 * order and stops (0.1 ms). It replaces the 0004 index, whose searches (by `available_at`) it serves as well.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index outbox_due on outbox (available_at, id) where done_at is null and failed_at is null;
drop index if exists outbox_pending;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
create index outbox_pending on outbox (available_at) where done_at is null and failed_at is null;
drop index if exists outbox_due;
`.execute(db);
}
