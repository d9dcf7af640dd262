import { type Kysely, sql } from "kysely";

/**
 * Monthly statistics for the reports (issue #8 "a province-year in a second, not a scan"). The daily roll-ups of
 * 0025 (`stat_daily`) stay what every event writes; the days before a watermark (`stat_rollup.through`, a day) are
 * also kept summed by month, so a report over a year reads at most a few rows per unit × field × month instead of one
 * per unit × procedure × day:
 *
 * - `stat_monthly`: per receiving unit × field × month × channel × metric × bucket (the open-due bucket as the first
 *   day of its due month: the reports compare buckets with month starts only), for form II.06a, the 766 index and
 *   the dashboard;
 * - `stat_monthly_procedures`: per procedure × month × channel × metric (no open-due stock), for the public page's
 *   figures per service.
 *
 * Readers add the monthly rows (days before the watermark) and the daily rows from the watermark on, in one
 * statement (one snapshot). The watermark is advanced by `rollUpStatistics` (src/app/statistics.ts): it takes a
 * SHARE lock on `stat_daily` (so no writer is between its daily row and its commit), adds the daily rows of the days
 * it passes, moves the watermark, and commits; writers wait for it for that moment only. A writer whose delta falls
 * on a day already passed (an event dated in the past) has it forwarded to the
 * monthly rows by the triggers below, in its own transaction; an event of today never touches the monthly rows, so
 * no monthly row becomes a queue for a busy unit. \`stat_rollup.version\` changes whenever the monthly rows do (a
 * roll-up, a forwarded delta, a rebuild): what is computed from them alone can be kept until it changes.
 */
/**
 * Adds the daily rows of relation \`src\` (columns of stat_daily) into the monthly roll-ups: one statement (a
 * data-modifying CTE and an insert), rows upserted in key order. Used by the triggers and by \`rollUpStatistics\`.
 */
export const FORWARD = (src: string) => `, m1 as (
    insert into stat_monthly as m (unit_id, field_id, month, channel, metric, bucket, n)
    select unit_id, field_id, date_trunc('month', day)::date, channel, metric,
      case when metric = 'open_due' then substr(bucket, 1, 8) || '01' else bucket end, sum(n)::integer
    from ${src}
    group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 3, 2, 4, 5, 6
    on conflict (unit_id, month, field_id, channel, metric, bucket) do update set n = m.n + excluded.n
  )
  insert into stat_monthly_procedures as m (procedure_id, month, channel, metric, n)
  select procedure_id, date_trunc('month', day)::date, channel, metric, sum(n)::integer
  from ${src} where metric <> 'open_due'
  group by 1, 2, 3, 4 having sum(n) <> 0 order by 2, 1, 3, 4
  on conflict (month, procedure_id, channel, metric) do update set n = m.n + excluded.n`;

/**
 * The triggers that forward a delta on a day before the watermark to the monthly roll-ups, with \`forward\` (a
 * FORWARD text over relation \`d\`); 0055 replaces them when it adds the province's roll-ups.
 */
export function forwardTriggers(forward: string): string {
  return `
create or replace function stat_daily_forward_insert() returns trigger language plpgsql as $$
declare w date;
begin
  select through into w from stat_rollup where id = 1;
  if not exists (select 1 from new_rows where day < w) then return null; end if;
  with d as (
    select unit_id, field_id, procedure_id, day, channel, metric, bucket, n from new_rows where day < w
  )
  ${forward};
  update stat_rollup set version = version + 1 where id = 1;
  return null;
end $$;

create or replace function stat_daily_forward_update() returns trigger language plpgsql as $$
declare w date;
begin
  select through into w from stat_rollup where id = 1;
  if not exists (select 1 from new_rows where day < w) then return null; end if;
  with d as (
    select nw.unit_id, nw.field_id, nw.procedure_id, nw.day, nw.channel, nw.metric, nw.bucket, nw.n - o.n as n
    from new_rows nw join old_rows o on o.unit_id = nw.unit_id and o.day = nw.day and o.field_id = nw.field_id
      and o.procedure_id = nw.procedure_id and o.channel = nw.channel and o.metric = nw.metric and o.bucket = nw.bucket
    where nw.day < w and nw.n <> o.n
  )
  ${forward};
  update stat_rollup set version = version + 1 where id = 1;
  return null;
end $$;
`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table stat_rollup (
  id smallint primary key check (id = 1),
  through date not null,
  version bigint not null default 0
);
insert into stat_rollup (id, through) values (1, date '2000-01-01');

create table stat_monthly (
  unit_id uuid not null,
  field_id uuid not null,
  month date not null,
  channel text not null,
  metric text not null,
  bucket text not null default '',
  n integer not null,
  primary key (unit_id, month, field_id, channel, metric, bucket)
);
create index stat_monthly_month on stat_monthly (month);

create table stat_monthly_procedures (
  procedure_id uuid not null,
  month date not null,
  channel text not null,
  metric text not null,
  n integer not null,
  primary key (month, procedure_id, channel, metric)
);

create index stat_dossiers_open_due on stat_dossiers (due_day) where open and not suspended;
`.execute(db);
  await sql.raw(forwardTriggers(FORWARD("d"))).execute(db);
  await sql`
create trigger stat_daily_forward_insert after insert on stat_daily
  referencing new table as new_rows for each statement execute function stat_daily_forward_insert();
create trigger stat_daily_forward_update after update on stat_daily
  referencing old table as old_rows new table as new_rows for each statement execute function stat_daily_forward_update();
`.execute(db);
}
