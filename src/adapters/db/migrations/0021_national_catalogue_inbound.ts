import { type Kysely, sql } from "kysely";

/**
 * National Public Service Portal, inbound side (issue #6).
 * - `catalogue_imports`: each fetch of the national catalogue with its differences from the local catalogue
 *   (`diff`) and the records it was computed from (`records`), applied only after an administrator reviewed it.
 * - `national_inbound`: each dossier submitted on the national portal that motcua pulled or was told about, by its
 *   national id: the dossier it became (one, however often it is pulled), or why it was refused.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table catalogue_imports (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  created_by uuid references officers(id),
  source_version text not null,
  status text not null check (status in ('previewed', 'applied', 'superseded')),
  diff jsonb not null,
  records jsonb not null,
  applied_at timestamptz,
  applied_by uuid references officers(id),
  result jsonb
);
create index catalogue_imports_recent on catalogue_imports (created_at desc);

create table national_inbound (
  national_id text primary key,
  dossier_id uuid unique references dossiers(id),
  state text not null check (state in ('accepted', 'refused')),
  procedure_code text,
  reason text,
  received_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  ack_error text
);
create index national_inbound_unacknowledged on national_inbound (received_at) where acknowledged_at is null;
`.execute(db);
}
