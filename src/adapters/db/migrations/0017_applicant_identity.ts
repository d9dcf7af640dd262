import { type Kysely, sql } from "kysely";

/**
 * 0017 (issue #10 item 6): "my dossiers" also finds dossiers of any channel by the applicant's identity. The
 * personal identification number is indexed since 0002 (dossiers_id_number); this adds the business tax code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists dossiers_tax_code on dossiers ((applicant->>'taxCode'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossiers_tax_code`.execute(db);
}
