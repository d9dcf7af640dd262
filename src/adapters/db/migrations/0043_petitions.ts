import { type Kysely, sql } from "kysely";

/**
 * 0043 (issue #8, petitions and feedback — phản ánh, kiến nghị): the petition with its code (per handling unit per
 * day, like dossier codes), its subject (a regulation, a procedure, an officer or unit, one of the citizen's dossiers),
 * the citizen's consent to publish the answer, the handling unit, the assignee, the due instant from the calendar,
 * the answer and whether it was given on time, and the citizen's rating. Every action is a row of
 * `petition_events` (one sequence per petition: two concurrent actions cannot both append the same number). The
 * attachments are files of the one upload pipeline, each in at most one petition. `search_text` is the folded text
 * (no diacritics) of the published question and answer, for the portal's Q&A search.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table petitions (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  citizen_id uuid not null references citizens(id),
  subject_kind text not null check (subject_kind in ('regulation', 'procedure', 'officer', 'dossier')),
  subject_text text,
  procedure_id uuid references procedures(id),
  dossier_id uuid references dossiers(id),
  title text not null,
  content text not null,
  publish_consent boolean not null,
  unit_id uuid not null references units(id),
  status text not null check (status in ('received', 'assigned', 'drafted', 'answered')),
  assignee_id uuid references officers(id),
  answer text,
  answer_by uuid references officers(id),
  approved_by uuid references officers(id),
  received_at timestamptz not null,
  due_at timestamptz not null,
  answered_at timestamptz,
  on_time boolean,
  published_at timestamptz,
  rating text check (rating in ('very_satisfied', 'satisfied', 'unsatisfied')),
  rating_reason text,
  rated_at timestamptz,
  search_text text not null default '',
  last_event_seq integer not null default 0,
  updated_at timestamptz not null
);
create index petitions_citizen on petitions (citizen_id, received_at desc);
create index petitions_unit_queue on petitions (unit_id, status, due_at);
create index petitions_answered on petitions (answered_at) where answered_at is not null;
create index petitions_rated on petitions (rated_at) where rated_at is not null;
create index petitions_published on petitions (published_at desc) where published_at is not null;
create table petition_events (
  petition_id uuid not null references petitions(id) on delete cascade,
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_kind text not null,
  actor_id uuid,
  actor_name text,
  unit_id uuid,
  data jsonb not null default '{}'::jsonb,
  primary key (petition_id, seq)
);
create table petition_files (
  petition_id uuid not null references petitions(id) on delete cascade,
  file_id uuid not null unique references files(id),
  primary key (petition_id, file_id)
);
create table petition_counters (
  unit_id uuid not null references units(id),
  day date not null,
  last integer not null,
  primary key (unit_id, day)
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists petition_counters; drop table if exists petition_files;
drop table if exists petition_events; drop table if exists petitions;`.execute(db);
}
