import { type Kysely, sql } from "kysely";

/**
 * 0051 (issue #9): procedures edited by administrators. A procedure's next version is a draft (status 'draft', at
 * most one per procedure) that may carry a scheduled publication instant (`publish_at`, picked up by the
 * publication job when due); who last changed it and when. A procedure created in the editor has no published
 * version until its first draft is published (`current_version_id` stays null meanwhile).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table procedure_versions
    add column publish_at timestamptz,
    add column updated_by uuid references officers(id),
    add column updated_at timestamptz`.execute(db);
  await sql`create unique index procedure_versions_one_draft on procedure_versions (procedure_id)
    where status = 'draft'`.execute(db);
  await sql`create index procedure_versions_due on procedure_versions (publish_at)
    where status = 'draft' and publish_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index procedure_versions_due`.execute(db);
  await sql`drop index procedure_versions_one_draft`.execute(db);
  await sql`alter table procedure_versions drop column publish_at, drop column updated_by, drop column updated_at`.execute(
    db,
  );
}
