import { type Kysely, sql } from "kysely";

/**
 * 0050 (issue #7): the citizen's data warehouse (kho quản lý dữ liệu điện tử) and the national registries' look-ups.
 * - `warehouse_documents`: a holder's electronic documents (a citizen by identity number, a business by tax code):
 *   results shared when returned, papers digitised at the counter, uploads the holder keeps; each points at the file
 *   row whose stored bytes it is (one document per file) and has its validity dates and, for a result whose procedure
 *   defines it, structured data.
 * - `files.warehouse_document_id`: a file picked from the warehouse into a submission ("provide once") is a new file
 *   row over the same stored bytes (no copy; one file row still belongs to one dossier), and says which document it
 *   came from and when its bytes were verified against the document's checksum.
 * - `registry_lookups`: each look-up in the population or business database (who asked, for what, the outcome), so a
 *   submission or an intake can prove the registry data it relied on (766 CITIZEN_DATA_CONNECTED_*).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table warehouse_documents (
  id uuid primary key default gen_random_uuid(),
  holder_type text not null check (holder_type in ('citizen', 'business')),
  holder_id text not null,
  source text not null check (source in ('result', 'digitised', 'kept')),
  kind text,
  title text not null,
  file_id uuid not null references files(id),
  data jsonb,
  dossier_id uuid references dossiers(id),
  valid_from timestamptz not null,
  valid_until timestamptz,
  created_at timestamptz not null
);
create unique index warehouse_documents_file on warehouse_documents (file_id);
create index warehouse_documents_holder on warehouse_documents (holder_type, holder_id, kind);
alter table files add column warehouse_document_id uuid references warehouse_documents(id);
alter table files add column warehouse_verified_at timestamptz;
create table registry_lookups (
  id uuid primary key default gen_random_uuid(),
  registry text not null check (registry in ('population', 'business')),
  subject text not null,
  actor_kind text not null check (actor_kind in ('citizen', 'officer')),
  actor_id uuid not null,
  purpose text not null,
  outcome text not null check (outcome in ('found', 'not_found', 'failed')),
  error text,
  at timestamptz not null
);
create index registry_lookups_actor on registry_lookups (actor_kind, actor_id, registry, subject, at);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table registry_lookups;
alter table files drop column warehouse_verified_at;
alter table files drop column warehouse_document_id;
drop table warehouse_documents;
`.execute(db);
}
