import { type Kysely, sql } from "kysely";

/**
 * 0053 (issue #9, units): a unit's reception hours when they differ from the province's working time — seven days,
 * Monday first, each a list of {start, end} periods (src/domain/reception-hours.ts); null: the working time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table units add column if not exists reception_hours jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table units drop column if exists reception_hours`.execute(db);
}
