import { type Kysely, sql } from "kysely";

/** Vietnamese letters with diacritics (lower and upper case) and their plain lower-case letters, for vn_fold(). */
const VN_LOWER = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ";
function foldMap(): { from: string; to: string } {
  let from = "";
  let to = "";
  const plain = (c: string) =>
    c === "đ" || c === "Đ"
      ? "d"
      : c
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, "")
          .toLowerCase();
  for (const c of VN_LOWER + VN_LOWER.toUpperCase()) {
    from += c;
    to += plain(c);
  }
  return { from, to };
}

/**
 * The one-stop office (issue #3): what processing needs beyond the foundation.
 * - dossiers: the clock's suspension (supplement, financial obligation), the log-book entry (form 07);
 * - dossier_tasks.data: consultation questions and replies, inter-agency task texts;
 * - payment_obligations (status 6); dossier_forms (the forms 01–05 issued, one row per issuing event);
 * - logbook_counters: the log book of a receiving unit is numbered continuously through the year;
 * - dossier_counts: per unit (receiving scope 'r', current scope 'c') counts of dossiers by status and by
 *   due state, maintained by statement-level triggers so the work queue never counts by scanning (1 M+ dossiers);
 * - indexes for the queue (open dossiers by due instant, due soon / overdue, assignee, search by ID number and by
 *   accent-folded name) and the deadline watcher.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const fold = foldMap();
  await sql`
alter table dossiers add column status_before smallint;
alter table dossiers add column suspended_at timestamptz;
alter table dossiers add column remaining_hours double precision;
alter table dossiers add column step_remaining_hours double precision;
alter table dossiers add column logbook_year integer;
alter table dossiers add column logbook_no integer;

alter table dossier_tasks add column data jsonb not null default '{}';
alter table dossier_tasks add column requested_by uuid references officers(id);
alter table dossier_tasks add column finished_by uuid references officers(id);

create table logbook_counters (
  unit_id uuid not null references units(id),
  year integer not null,
  last integer not null,
  primary key (unit_id, year)
);

create table payment_obligations (
  id uuid primary key default gen_random_uuid(),
  dossier_id uuid not null references dossiers(id),
  amount bigint not null check (amount > 0),
  description text not null,
  status text not null default 'requested' check (status in ('requested', 'paid', 'cancelled')),
  requested_at timestamptz not null,
  requested_by uuid references officers(id),
  paid_at timestamptz,
  method text check (method in ('counter', 'post', 'online')),
  reference text,
  confirmed_by uuid references officers(id)
);
create index payment_obligations_dossier on payment_obligations (dossier_id);

create table dossier_forms (
  dossier_id uuid not null references dossiers(id),
  form_no text not null check (form_no in ('01', '02', '03', '04', '05')),
  event_seq integer not null,
  file_id uuid not null references files(id),
  issued_at timestamptz not null,
  primary key (dossier_id, form_no, event_seq)
);

create table dossier_counts (
  unit_id uuid not null,
  scope text not null check (scope in ('r', 'c')),
  bucket text not null,
  n integer not null,
  primary key (unit_id, scope, bucket)
);
`.execute(db);

  await sql`
-- Statement-level triggers with transition tables: one aggregated upsert per statement, so a bulk load of a million
-- dossiers costs one pass, and a single-row action a handful of rows. Rows are upserted in key order, so concurrent
-- transactions lock counter rows in the same order (no deadlock between them).
create function dossier_counts_insert() returns trigger language plpgsql as $$
begin
  insert into dossier_counts as c (unit_id, scope, bucket, n)
  select u, sc, b, sum(d)::integer from (
    select receiving_unit_id as u, 'r' as sc, 's' || status as b, 1 as d from new_rows
    union all select current_unit_id, 'c', 's' || status, 1 from new_rows
    union all select receiving_unit_id, 'r', due_state, 1 from new_rows where due_state in ('due_soon', 'overdue')
    union all select current_unit_id, 'c', due_state, 1 from new_rows where due_state in ('due_soon', 'overdue')
  ) x
  where u is not null
  group by u, sc, b
  having sum(d) <> 0
  order by u, sc, b
  on conflict (unit_id, scope, bucket) do update set n = c.n + excluded.n;
  return null;
end $$;

create function dossier_counts_delete() returns trigger language plpgsql as $$
begin
  insert into dossier_counts as c (unit_id, scope, bucket, n)
  select u, sc, b, sum(d)::integer from (
    select receiving_unit_id as u, 'r' as sc, 's' || status as b, -1 as d from old_rows
    union all select current_unit_id, 'c', 's' || status, -1 from old_rows
    union all select receiving_unit_id, 'r', due_state, -1 from old_rows where due_state in ('due_soon', 'overdue')
    union all select current_unit_id, 'c', due_state, -1 from old_rows where due_state in ('due_soon', 'overdue')
  ) x
  where u is not null
  group by u, sc, b
  having sum(d) <> 0
  order by u, sc, b
  on conflict (unit_id, scope, bucket) do update set n = c.n + excluded.n;
  return null;
end $$;

create function dossier_counts_update() returns trigger language plpgsql as $$
begin
  with ch as (
    select o.receiving_unit_id as o_r, o.current_unit_id as o_c, 's' || o.status as o_s,
           case when o.due_state in ('due_soon', 'overdue') then o.due_state end as o_d,
           n.receiving_unit_id as n_r, n.current_unit_id as n_c, 's' || n.status as n_s,
           case when n.due_state in ('due_soon', 'overdue') then n.due_state end as n_d
    from old_rows o join new_rows n on n.id = o.id
    where o.receiving_unit_id is distinct from n.receiving_unit_id
       or o.current_unit_id is distinct from n.current_unit_id
       or o.status <> n.status
       or o.due_state <> n.due_state
  )
  insert into dossier_counts as c (unit_id, scope, bucket, n)
  select u, sc, b, sum(d)::integer from (
    select o_r as u, 'r' as sc, o_s as b, -1 as d from ch
    union all select o_c, 'c', o_s, -1 from ch
    union all select o_r, 'r', o_d, -1 from ch
    union all select o_c, 'c', o_d, -1 from ch
    union all select n_r, 'r', n_s, 1 from ch
    union all select n_c, 'c', n_s, 1 from ch
    union all select n_r, 'r', n_d, 1 from ch
    union all select n_c, 'c', n_d, 1 from ch
  ) x
  where u is not null and b is not null
  group by u, sc, b
  having sum(d) <> 0
  order by u, sc, b
  on conflict (unit_id, scope, bucket) do update set n = c.n + excluded.n;
  return null;
end $$;

create trigger dossiers_counts_insert after insert on dossiers
  referencing new table as new_rows for each statement execute function dossier_counts_insert();
create trigger dossiers_counts_update after update on dossiers
  referencing old table as old_rows new table as new_rows for each statement execute function dossier_counts_update();
create trigger dossiers_counts_delete after delete on dossiers
  referencing old table as old_rows for each statement execute function dossier_counts_delete();

insert into dossier_counts (unit_id, scope, bucket, n)
select unit_id, scope, bucket, count(*)::integer from (
  select receiving_unit_id as unit_id, 'r' as scope, 's' || status as bucket from dossiers
  union all select current_unit_id, 'c', 's' || status from dossiers where current_unit_id is not null
  union all select receiving_unit_id, 'r', due_state from dossiers where due_state in ('due_soon', 'overdue')
  union all select current_unit_id, 'c', due_state from dossiers
    where current_unit_id is not null and due_state in ('due_soon', 'overdue')
) x group by unit_id, scope, bucket;
`.execute(db);

  await sql`
create function vn_fold(text) returns text language sql immutable parallel safe as $$
  select lower(translate($1, ${sql.lit(fold.from)}, ${sql.lit(fold.to)}))
$$;

-- the queue's page with a status filter is one range scan in (due instant, id) order; these supersede the 0001
-- indexes on the same leading columns
drop index if exists dossiers_receiving_queue;
drop index if exists dossiers_current_queue;
create index dossiers_recv_status on dossiers (receiving_unit_id, status, due_at, id);
create index dossiers_curr_status on dossiers (current_unit_id, status, step_due_at, id);
create index dossiers_recv_open on dossiers (receiving_unit_id, due_at, id) where status in (1, 2, 4, 5, 6, 9);
create index dossiers_curr_open on dossiers (current_unit_id, step_due_at, id) where status in (1, 2, 4, 5, 6, 9);
create index dossiers_recv_late on dossiers (receiving_unit_id, due_state, due_at, id) where due_state in ('due_soon', 'overdue');
create index dossiers_curr_late on dossiers (current_unit_id, due_state, step_due_at, id) where due_state in ('due_soon', 'overdue');
create index dossiers_assignee_open on dossiers (assignee_id, due_at, id) where status in (1, 2, 4, 5, 6, 9);
create index dossiers_watch on dossiers (due_at) where status in (2, 4) and due_state in ('none', 'ok', 'due_soon');
create index dossiers_logbook on dossiers (receiving_unit_id, logbook_year, logbook_no) where logbook_no is not null;
create index dossiers_id_number on dossiers ((applicant->>'idNumber'));
create index dossiers_name_fold on dossiers (vn_fold(applicant->>'name') text_pattern_ops);
create index dossier_tasks_open_unit on dossier_tasks (unit_id, kind, due_at) where status = 'open';
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop trigger if exists dossiers_counts_insert on dossiers;
drop trigger if exists dossiers_counts_update on dossiers;
drop trigger if exists dossiers_counts_delete on dossiers;
drop function if exists dossier_counts_insert(), dossier_counts_update(), dossier_counts_delete();
drop index if exists dossiers_name_fold;
drop function if exists vn_fold(text);
drop table if exists dossier_counts, dossier_forms, payment_obligations, logbook_counters;
drop index if exists dossiers_recv_status, dossiers_curr_status, dossiers_recv_open, dossiers_curr_open, dossiers_recv_late, dossiers_curr_late,
  dossiers_assignee_open, dossiers_watch, dossiers_logbook, dossiers_id_number, dossier_tasks_open_unit;
create index dossiers_receiving_queue on dossiers (receiving_unit_id, status, due_at);
create index dossiers_current_queue on dossiers (current_unit_id, status, step_due_at);
alter table dossier_tasks drop column data, drop column requested_by, drop column finished_by;
alter table dossiers drop column status_before, drop column suspended_at, drop column remaining_hours,
  drop column step_remaining_hours, drop column logbook_year, drop column logbook_no;
`.execute(db);
}
