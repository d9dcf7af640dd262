import { type Kysely, sql } from "kysely";

/**
 * Issue #10 item 14:
 * - an uploaded file belongs to one dossier: at most one dossier_files row per file (the primary key already made
 *   the pair unique; a file attached to a second dossier is now refused by the database, whatever the channel);
 * - an Idempotency-Key reused with a different body is refused: the dossier keeps the SHA-256 of the canonical
 *   request it was created from, and a replay is compared with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create unique index dossier_files_one_dossier on dossier_files (file_id);
alter table dossiers add column idempotency_hash text;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop index if exists dossier_files_one_dossier;
alter table dossiers drop column if exists idempotency_hash;
`.execute(db);
}
