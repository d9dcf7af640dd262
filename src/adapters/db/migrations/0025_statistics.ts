import { type Kysely, sql } from "kysely";

/**
 * Statistics kept from the dossiers' history (issue #8): daily roll-ups per unit × field × procedure × channel ×
 * metric (src/domain/measure/statistics.ts says what each metric counts) and each dossier's statistics state (the
 * day it was received, the day and way it left, its current due-day bucket). Both are written in the transaction
 * that appends the event (src/app/history.ts → src/app/statistics.ts) and can be rebuilt from the history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table stat_daily (
  unit_id uuid not null,
  day date not null,
  field_id uuid not null,
  procedure_id uuid not null,
  channel text not null,
  metric text not null,
  bucket text not null default '',
  n integer not null,
  primary key (unit_id, day, field_id, procedure_id, channel, metric, bucket)
);
create index stat_daily_day on stat_daily (day, metric);

create table stat_dossiers (
  dossier_id uuid primary key references dossiers(id) on delete cascade,
  unit_id uuid not null,
  field_id uuid not null,
  procedure_id uuid not null,
  channel text not null,
  received boolean not null default false,
  open boolean not null default false,
  due_day text,
  suspended boolean not null default false,
  received_day date,
  closed_day date,
  closed_as text
);
create index stat_dossiers_received on stat_dossiers (unit_id, received_day) where received;
create index stat_dossiers_closed on stat_dossiers (unit_id, closed_day) where closed_day is not null;
`.execute(db);
}
