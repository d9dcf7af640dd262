import { type Kysely, sql } from "kysely";

/**
 * 0040 (issue #9, administration of officers): an account whose password and second factor an administrator reset
 * must choose a new password at its next sign-in; the audit log is filtered by action and time on the operations page.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table officers add column if not exists must_change_password boolean not null default false`.execute(
    db,
  );
  await sql`create index if not exists audit_log_action_at on audit_log (action, at)`.execute(db);
  await sql`create index if not exists audit_log_at on audit_log (at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists audit_log_at`.execute(db);
  await sql`drop index if exists audit_log_action_at`.execute(db);
  await sql`alter table officers drop column if exists must_change_password`.execute(db);
}
