import { type Kysely, sql } from "kysely";

/**
 * Online submission (issue #2 §4): one server-side draft per account and procedure (resumable from any device),
 * with the chosen return method; look-up of a dossier by its applicant reference is served by dossiers.reference's
 * unique index, by code by dossiers.code's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create unique index drafts_account_procedure on drafts (account_id, procedure_id);
alter table drafts add column return_method text check (return_method in ('counter', 'post', 'online'));
alter table drafts add column return_address text;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop index if exists drafts_account_procedure;
alter table drafts drop column if exists return_method;
alter table drafts drop column if exists return_address;
`.execute(db);
}
