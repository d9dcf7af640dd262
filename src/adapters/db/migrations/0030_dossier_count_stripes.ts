import { type Kysely, sql } from "kysely";

/**
 * Issue #11 "one busy receiving unit must not become a queue". The statement-level triggers of 0002 keep per-unit
 * counts of dossiers by status in `dossier_counts`; every new dossier upserted the row (its receiving unit, 'r', 's1'),
 * and that row stayed locked until the creating transaction committed, so all submissions to one unit waited for each
 * other's commit (no group commit of their WAL flushes: one flush after another).
 *
 * Now each unit's counts are kept in STRIPES (16 rows per unit, scope and bucket at most): a transaction adds to the
 * stripe of its database connection (pg_backend_pid() % 16), so concurrent writers on different connections do not
 * wait for one another, and `dossier_counts` becomes the view that adds the stripes up (same columns, same rows, same
 * readers: the queue's counts, the tests, the benchmarks). The quals of a reader (unit, scope) are pushed into the
 * grouping, so a read is one index range scan over at most 16 rows per bucket. Rows are still upserted in key order.
 * (The legal dossier code is another counter, `code_counters`, taken at receipt and gap-free by law; see
 * docs/law.md#dossier-code.)
 */

const STRIPES = 16;

const triggers = (target: string, stripe: string) => sql`
create or replace function dossier_counts_insert() returns trigger language plpgsql as $$
begin
  insert into ${sql.raw(target)} as c (unit_id, scope, bucket, ${sql.raw(stripe ? "stripe, " : "")}n)
  select u, sc, b, ${sql.raw(stripe ? `${stripe}, ` : "")}sum(d)::integer from (
    select receiving_unit_id as u, 'r' as sc, 's' || status as b, 1 as d from new_rows
    union all select current_unit_id, 'c', 's' || status, 1 from new_rows
    union all select receiving_unit_id, 'r', due_state, 1 from new_rows where due_state in ('due_soon', 'overdue')
    union all select current_unit_id, 'c', due_state, 1 from new_rows where due_state in ('due_soon', 'overdue')
  ) x
  where u is not null
  group by u, sc, b
  having sum(d) <> 0
  order by u, sc, b
  on conflict (unit_id, scope, bucket${sql.raw(stripe ? ", stripe" : "")}) do update set n = c.n + excluded.n;
  return null;
end $$;

create or replace function dossier_counts_delete() returns trigger language plpgsql as $$
begin
  insert into ${sql.raw(target)} as c (unit_id, scope, bucket, ${sql.raw(stripe ? "stripe, " : "")}n)
  select u, sc, b, ${sql.raw(stripe ? `${stripe}, ` : "")}sum(d)::integer from (
    select receiving_unit_id as u, 'r' as sc, 's' || status as b, -1 as d from old_rows
    union all select current_unit_id, 'c', 's' || status, -1 from old_rows
    union all select receiving_unit_id, 'r', due_state, -1 from old_rows where due_state in ('due_soon', 'overdue')
    union all select current_unit_id, 'c', due_state, -1 from old_rows where due_state in ('due_soon', 'overdue')
  ) x
  where u is not null
  group by u, sc, b
  having sum(d) <> 0
  order by u, sc, b
  on conflict (unit_id, scope, bucket${sql.raw(stripe ? ", stripe" : "")}) do update set n = c.n + excluded.n;
  return null;
end $$;

create or replace function dossier_counts_update() returns trigger language plpgsql as $$
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
  insert into ${sql.raw(target)} as c (unit_id, scope, bucket, ${sql.raw(stripe ? "stripe, " : "")}n)
  select u, sc, b, ${sql.raw(stripe ? `${stripe}, ` : "")}sum(d)::integer from (
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
  on conflict (unit_id, scope, bucket${sql.raw(stripe ? ", stripe" : "")}) do update set n = c.n + excluded.n;
  return null;
end $$;
`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table dossier_counts rename to dossier_count_stripes;
alter table dossier_count_stripes add column stripe smallint not null default 0;
alter table dossier_count_stripes drop constraint dossier_counts_pkey;
alter table dossier_count_stripes add constraint dossier_count_stripes_pkey primary key (unit_id, scope, bucket, stripe);
create view dossier_counts as
  select unit_id, scope, bucket, sum(n)::integer as n from dossier_count_stripes group by unit_id, scope, bucket;
`.execute(db);
  await triggers("dossier_count_stripes", `(pg_backend_pid() % ${STRIPES})::smallint`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop view if exists dossier_counts;
create table dossier_counts (
  unit_id uuid not null,
  scope text not null check (scope in ('r', 'c')),
  bucket text not null,
  n integer not null,
  primary key (unit_id, scope, bucket)
);
insert into dossier_counts (unit_id, scope, bucket, n)
  select unit_id, scope, bucket, sum(n)::integer from dossier_count_stripes group by unit_id, scope, bucket;
drop table dossier_count_stripes;
`.execute(db);
  await triggers("dossier_counts", "").execute(db);
}
