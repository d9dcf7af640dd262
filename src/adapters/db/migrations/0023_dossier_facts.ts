import { type Kysely, sql } from "kysely";

/**
 * The Decision 766 facts of each dossier that no other table records (issue #6; domain.md §8), maintained by
 * `appendEvent` in the transaction of the event that changes them (src/app/dossier-facts.ts). Channel, on-time flag,
 * national-portal sync and rating are recorded elsewhere (`dossiers.channel`, `stat_dossiers.closed_as`,
 * `national_sync`, `dossier_ratings`). A null is "no data" (not known, or not measurable yet), never zero.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table dossier_facts (
  dossier_id uuid primary key references dossiers(id) on delete cascade,
  components_digitised integer,
  electronic_result boolean,
  payment_required boolean,
  paid_online boolean,
  data_reused boolean,
  population_data_used boolean,
  e_certified_copies integer,
  updated_at timestamptz not null
);
`.execute(db);
}
