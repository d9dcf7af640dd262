import { type Kysely, sql } from "kysely";

/**
 * 0056 (issue #8, the leaders' dashboard): the dossiers overdue now — received or in processing, clock running, past
 * their due instant — read by an index-only scan grouped by where they are held (unit, procedure version, step), not
 * by fetching each dossier. Submitted dossiers (status 1) and closed ones are not in it, so a submission writes no
 * entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index if not exists dossiers_overdue on dossiers (due_at)
  include (current_unit_id, receiving_unit_id, procedure_version_id, current_step, status, channel)
  where status in (2, 4) and suspended_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossiers_overdue`.execute(db);
}
