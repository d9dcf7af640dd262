import { type Kysely, sql } from "kysely";

/**
 * 0047 (issue #6): the outbox is a queue — every message is inserted, claimed, then marked done — so its dead row
 * versions pile up at the front of the claim index (`outbox_due`, 0042) between vacuums, and the default
 * autovacuum trigger (a fraction of a table that only grows) comes later and later. A fixed threshold vacuums and
 * analyses it every few thousand changes, whatever its size.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox reset (
    autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
    autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`.execute(db);
}
