import { type Kysely, sql } from "kysely";

/**
 * Indexes found missing by the office benchmark (bench/office.ts, 1,000,000 dossiers); no table changes.
 * - Queue search (q = a name or reference) looks at every status of a unit, ordered as the page is: without an index
 *   on (unit, due instant) a common name ("Nguyễn…") sorted all its matches or scanned the table (seconds); with it
 *   the page walks the unit's dossiers in order and stops at the page. The capped count of the same search needs the
 *   unit and the folded name together, or the planner scans the table evaluating vn_fold() on each row.
 * - The deadline watcher's due-soon pass asks for running dossiers not yet marked; the 0002 watch index also holds the
 *   ones already due soon, which the pass read and discarded every minute (all of the next working day's).
 * - Filtering the open queue by procedure walked every open dossier of the unit to count the rare ones.
 * - Whether a name search walks the unit's dossiers in order or collects the name's matches and sorts them depends on
 *   how many matches the planner expects: with the default statistics it overestimated mid-frequency full names
 *   ("Nguyễn Thành Đạt") several times and walked 30,000+ rows (0.3–0.4 s). Larger statistics on the folded name
 *   (most common full names and a finer histogram) fix the estimates; ANALYZE samples more rows for it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index dossiers_recv_due on dossiers (receiving_unit_id, due_at, id);
create index dossiers_curr_due on dossiers (current_unit_id, step_due_at, id);
create index dossiers_recv_name on dossiers (receiving_unit_id, vn_fold(applicant->>'name') text_pattern_ops);
create index dossiers_curr_name on dossiers (current_unit_id, vn_fold(applicant->>'name') text_pattern_ops);
create index dossiers_watch_soon on dossiers (due_at) where status in (2, 4) and due_state in ('none', 'ok');
create index dossiers_recv_open_proc on dossiers (receiving_unit_id, procedure_id, due_at, id)
  where status in (1, 2, 4, 5, 6, 9);
alter index dossiers_recv_name alter column 2 set statistics 1000;
alter index dossiers_curr_name alter column 2 set statistics 1000;
alter index dossiers_name_fold alter column 1 set statistics 1000;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter index dossiers_name_fold alter column 1 set statistics -1;
drop index if exists dossiers_recv_due, dossiers_curr_due, dossiers_recv_name, dossiers_curr_name, dossiers_watch_soon,
  dossiers_recv_open_proc;
`.execute(db);
}
