import { type Kysely, sql } from "kysely";

/**
 * 0041 (issue #9, search words): per procedure, the colloquial names and abbreviations people type ("sổ hồng",
 * "TNHH", "LLTP"), kept outside the versions (editing them changes no dossier) and searched like the name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table procedures add column if not exists search_words jsonb not null default '[]'::jsonb`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table procedures drop column if exists search_words`.execute(db);
}
