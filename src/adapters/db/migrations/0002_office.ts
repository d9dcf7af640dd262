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
 *   due state, maintained by a trigger so the work queue never counts by scanning (1 M+ dossiers);
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
create function dossier_counts_track() returns trigger language plpgsql as $$
declare
  o_r uuid; o_c uuid; o_s text; o_d text;
  n_r uuid; n_c uuid; n_s text; n_d text;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    o_r := old.receiving_unit_id; o_c := old.current_unit_id; o_s := 's' || old.status;
    o_d := case when old.due_state in ('due_soon', 'overdue') then old.due_state end;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    n_r := new.receiving_unit_id; n_c := new.current_unit_id; n_s := 's' || new.status;
    n_d := case when new.due_state in ('due_soon', 'overdue') then new.due_state end;
  end if;
  if tg_op = 'UPDATE' and o_r is not distinct from n_r and o_c is not distinct from n_c
     and o_s = n_s and o_d is not distinct from n_d then
    return null;
  end if;
  -- one statement, rows in key order: concurrent transactions lock counter rows in the same order (no deadlock)
  insert into dossier_counts as c (unit_id, scope, bucket, n)
  select u, sc, b, sum(d)::integer from (values
      (o_r, 'r', o_s, -1), (o_c, 'c', o_s, -1), (o_r, 'r', o_d, -1), (o_c, 'c', o_d, -1),
      (n_r, 'r', n_s, 1), (n_c, 'c', n_s, 1), (n_r, 'r', n_d, 1), (n_c, 'c', n_d, 1)
    ) v(u, sc, b, d)
  where u is not null and b is not null
  group by u, sc, b
  having sum(d) <> 0
  order by u, sc, b
  on conflict (unit_id, scope, bucket) do update set n = c.n + excluded.n;
  return null;
end $$;

create trigger dossiers_counts after insert or delete or update of status, receiving_unit_id, current_unit_id, due_state
  on dossiers for each row execute function dossier_counts_track();

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
drop trigger if exists dossiers_counts on dossiers;
drop function if exists dossier_counts_track();
drop index if exists dossiers_name_fold;
drop function if exists vn_fold(text);
drop table if exists dossier_counts, dossier_forms, payment_obligations, logbook_counters;
drop index if exists dossiers_recv_open, dossiers_curr_open, dossiers_recv_late, dossiers_curr_late,
  dossiers_assignee_open, dossiers_watch, dossiers_logbook, dossiers_id_number, dossier_tasks_open_unit;
alter table dossier_tasks drop column data, drop column requested_by, drop column finished_by;
alter table dossiers drop column status_before, drop column suspended_at, drop column remaining_hours,
  drop column step_remaining_hours, drop column logbook_year, drop column logbook_no;
`.execute(db);
}
