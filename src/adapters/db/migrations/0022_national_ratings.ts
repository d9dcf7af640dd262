import { type Kysely, sql } from "kysely";

/**
 * Ratings given on the National Public Service Portal (issue #6), pulled with `LayDanhGia`.
 * - `national_ratings`: each national rating pulled, by its national id (`MaDanhGia`), and what became of it: recorded
 *   as the dossier's rating, kept out because the dossier was already rated (the first rating stands), or skipped
 *   (unknown dossier, dossier not finished). A rating pulled twice is looked at once.
 * - `dossier_ratings.via` may also be 'national_portal'. Migration 0026 (which creates that table) was amended to
 *   allow it; on a database where 0026 ran before this one, the check is replaced here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table national_ratings (
  rating_id text primary key,
  dossier_ref text not null,
  dossier_id uuid references dossiers(id) on delete cascade,
  state text not null check (state in ('recorded', 'kept_first', 'skipped')),
  reason text,
  given_at text not null,
  pulled_at timestamptz not null default now()
);
create index national_ratings_dossier on national_ratings (dossier_id);
`.execute(db);
  const has = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
where table_name = 'dossier_ratings' and table_schema = current_schema()`.execute(db);
  if (Number(has.rows[0]?.n ?? 0) > 0)
    await sql`
alter table dossier_ratings drop constraint if exists dossier_ratings_via_check;
alter table dossier_ratings add constraint dossier_ratings_via_check
  check (via in ('portal', 'link', 'kiosk', 'national_portal'));
`.execute(db);
}
