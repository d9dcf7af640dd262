import { type Kysely, sql } from "kysely";

/**
 * Numbers of the one-stop documents that carry one ("Số: 12/HDHS" on form 02, Circular 03/2025/TT-VPCP): a counter
 * per unit, year and series, taken atomically in the transaction that issues the document (as the log book's).
 * Form 01's "…/TNHS" is the log-book entry (logbook_counters) and needs no counter of its own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table document_counters (
  unit_id uuid not null references units(id),
  year integer not null,
  series text not null,
  last integer not null,
  primary key (unit_id, year, series)
);
`.execute(db);
}
