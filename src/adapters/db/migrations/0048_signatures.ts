import { type Kysely, sql } from "kysely";

/**
 * 0048 (issue #7, digital signatures): each officer's way of signing — `remote` (their credential at the remote
 * signing service, CSC API) or `local` (a PKCS#12 key in the server's key store, for development) — set by an
 * administrator; null means the officer does not sign. And the verification of each PDF file's signatures, done
 * once and stored (a file's bytes never change): its overall status and, per signature, who signed and how it fared.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table officers
    add column if not exists signing_method text check (signing_method in ('remote', 'local')),
    add column if not exists signing_credential text`.execute(db);
  await sql`create table if not exists file_signature_checks (
    file_id uuid primary key references files(id) on delete cascade,
    checked_at timestamptz not null,
    status text not null check (status in ('valid', 'tampered', 'revoked', 'expired', 'untrusted', 'unsigned', 'unreadable')),
    signatures jsonb not null default '[]'::jsonb
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists file_signature_checks`.execute(db);
  await sql`alter table officers drop column if exists signing_method, drop column if exists signing_credential`.execute(
    db,
  );
}
