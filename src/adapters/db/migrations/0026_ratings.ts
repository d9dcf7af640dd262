import { type Kysely, sql } from "kysely";

/**
 * Citizens' ratings of finished dossiers (issue #8; Circular 32/2017): one rating per dossier (overall level required,
 * the three detailed criteria optional, the reason when "not satisfied"), changeable within a window; every rating and
 * change is also an event in the dossier's history ("rated"), from which the statistics count satisfaction. Rating
 * links sent in the closing e-mail are signed and single-use: a used link is remembered here by its signature.
 * `via` 'national_portal' (a rating pulled from the National Public Service Portal, issue #6) was added later; migration
 * 0022 widens the check on databases where this one ran first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table dossier_ratings (
  dossier_id uuid primary key references dossiers(id) on delete cascade,
  overall text not null check (overall in ('very_satisfied', 'satisfied', 'unsatisfied')),
  ease text check (ease in ('very_satisfied', 'satisfied', 'unsatisfied')),
  on_time text check (on_time in ('very_satisfied', 'satisfied', 'unsatisfied')),
  attitude text check (attitude in ('very_satisfied', 'satisfied', 'unsatisfied')),
  reason text,
  via text not null check (via in ('portal', 'link', 'kiosk', 'national_portal')),
  citizen_id uuid,
  first_rated_at timestamptz not null,
  rated_at timestamptz not null,
  changes integer not null default 0
);
create table rating_link_uses (
  signature text primary key,
  dossier_id uuid not null references dossiers(id) on delete cascade,
  used_at timestamptz not null
);
`.execute(db);
}
