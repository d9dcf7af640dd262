import { type Kysely, sql } from "kysely";

/**
 * 0046 (issue #11, submission speed): a document generated from data the database already holds — the application
 * form rendered from a dossier's e-form (issue #10 item 7) — may be written as a row before its bytes exist. Its
 * `render` says what to render; `storage_key`, `sha256` and `size` are filled at its first read (one winner when two
 * readers race). A file has bytes, or says how to make them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table files
    alter column storage_key drop not null,
    alter column sha256 drop not null,
    alter column size drop not null,
    add column if not exists render text`.execute(db);
  await sql`alter table files add constraint files_stored_or_rendered
    check ((storage_key is not null and sha256 is not null and size is not null) or render is not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table files drop constraint if exists files_stored_or_rendered`.execute(db);
  await sql`alter table files drop column if exists render`.execute(db);
}
