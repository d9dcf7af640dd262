import { type Kysely, sql } from "kysely";

/**
 * 0054 (issue #9, procedures: "components with templates"): the blank forms (mẫu đơn, tờ khai) an administrator
 * uploads for the province's own procedures, by the file name components refer to; the demo's ship in
 * src/demo/templates.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table if not exists catalogue_templates (
  file text primary key,
  name text not null,
  file_id uuid not null references files(id),
  uploaded_by uuid references officers(id),
  uploaded_at timestamptz not null default now()
)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists catalogue_templates`.execute(db);
}
