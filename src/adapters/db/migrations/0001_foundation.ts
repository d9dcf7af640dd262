import { type Kysely, sql } from "kysely";

/**
 * The foundation: catalogue, accounts, dossiers with their event history, files, drafts, counters, outbox,
 * audit, calendar and rule sets. Shaped for the whole lifecycle (reception to return) and the national
 * connections to come: every later capability reads the dossier's history and writes to the outbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table units (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  short_name text,
  kind text not null check (kind in ('province', 'department', 'centre', 'commune', 'ministry', 'agency')),
  level text not null check (level in ('province', 'commune', 'ministry')),
  parent_id uuid references units(id),
  address text,
  phone text,
  email text,
  receives_dossiers boolean not null default true,
  created_at timestamptz not null default now()
);

create table fields (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  name_en text
);

create table procedures (
  id uuid primary key default gen_random_uuid(),
  national_code text not null unique,
  current_version_id uuid,
  created_at timestamptz not null default now()
);

create table procedure_versions (
  id uuid primary key default gen_random_uuid(),
  procedure_id uuid not null references procedures(id),
  version integer not null,
  status text not null check (status in ('draft', 'published', 'retired')),
  name text not null,
  field_id uuid not null references fields(id),
  level text not null check (level in ('province', 'commune', 'ministry', 'sector')),
  competent_unit_id uuid not null references units(id),
  implementing_unit_ids jsonb not null default '[]',
  applicant_types jsonb not null default '["citizen"]',
  description text not null default '',
  requirements text not null default '',
  time_limit jsonb not null,
  fees jsonb not null default '[]',
  components jsonb not null default '[]',
  result jsonb not null,
  legal_bases jsonb not null default '[]',
  online_kind text not null check (online_kind in ('end_to_end', 'partial', 'none')),
  online_reason text,
  eform jsonb not null,
  process jsonb not null,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  unique (procedure_id, version)
);
create index procedure_versions_published on procedure_versions (status, published_at);
alter table procedures add constraint procedures_current_version_fk foreign key (current_version_id) references procedure_versions(id);

create table rule_sets (
  code text primary key,
  name text not null,
  effective_from date not null,
  rules jsonb not null,
  created_at timestamptz not null default now()
);

create table citizens (
  id uuid primary key default gen_random_uuid(),
  subject text not null unique,
  kind text not null default 'citizen' check (kind in ('citizen', 'business')),
  name text not null,
  id_number text,
  tax_code text,
  birth_date text,
  gender text,
  address text,
  phone text,
  email text,
  created_at timestamptz not null default now(),
  last_login_at timestamptz
);

create table officers (
  id uuid primary key default gen_random_uuid(),
  username text not null unique,
  name text not null,
  title text,
  email text,
  unit_id uuid not null references units(id),
  roles jsonb not null default '[]',
  password_hash text not null,
  totp_secret text,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create index officers_unit on officers (unit_id);

create table sessions (
  id text primary key,
  kind text not null check (kind in ('citizen', 'officer', 'pending')),
  account_id uuid,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_expires on sessions (expires_at);

create table files (
  id uuid primary key default gen_random_uuid(),
  storage_key text not null,
  sha256 text not null,
  size bigint not null,
  mime text not null,
  name text not null,
  owner_kind text not null,
  owner_id uuid,
  created_at timestamptz not null default now()
);
create index files_owner on files (owner_kind, owner_id);

create table dossiers (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  code text unique,
  procedure_id uuid not null references procedures(id),
  procedure_version_id uuid not null references procedure_versions(id),
  rule_set_code text not null references rule_sets(code),
  receiving_unit_id uuid not null references units(id),
  status smallint not null check (status between 1 and 10),
  channel text not null check (channel in ('online', 'counter', 'postal', 'national_portal')),
  applicant_account_id uuid references citizens(id),
  applicant jsonb not null,
  data jsonb not null,
  return_method text not null default 'counter' check (return_method in ('counter', 'post', 'online')),
  return_address text,
  sets integer not null default 1,
  submitted_at timestamptz not null,
  received_at timestamptz,
  due_at timestamptz,
  original_due_at timestamptz,
  processed_at timestamptz,
  returned_at timestamptz,
  closed_at timestamptz,
  outcome text check (outcome in ('early', 'on_time', 'late')),
  current_step integer,
  current_unit_id uuid references units(id),
  assignee_id uuid references officers(id),
  step_due_at timestamptz,
  due_state text not null default 'none' check (due_state in ('none', 'ok', 'due_soon', 'overdue')),
  extension_count smallint not null default 0,
  supplement_rounds smallint not null default 0,
  idempotency_key text,
  last_event_seq integer not null default 0,
  last_event_hash text,
  version integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (applicant_account_id, idempotency_key)
);
create index dossiers_applicant on dossiers (applicant_account_id, created_at desc);
create index dossiers_receiving_queue on dossiers (receiving_unit_id, status, due_at);
create index dossiers_current_queue on dossiers (current_unit_id, status, step_due_at);
create index dossiers_open_due on dossiers (due_at) where status in (2, 4, 5, 6);

create table dossier_events (
  id bigint generated always as identity primary key,
  dossier_id uuid not null references dossiers(id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_kind text not null check (actor_kind in ('citizen', 'officer', 'system', 'integration')),
  actor_id uuid,
  actor_name text,
  unit_id uuid references units(id),
  ip text,
  from_status smallint,
  to_status smallint,
  data jsonb not null default '{}',
  prev_hash text,
  hash text not null,
  unique (dossier_id, seq)
);
create index dossier_events_at on dossier_events (at);

create table dossier_files (
  dossier_id uuid not null references dossiers(id),
  file_id uuid not null references files(id),
  component_code text,
  kind text not null default 'component' check (kind in ('component', 'result', 'form', 'supplement', 'other')),
  added_at timestamptz not null default now(),
  primary key (dossier_id, file_id)
);

create table dossier_tasks (
  id uuid primary key default gen_random_uuid(),
  dossier_id uuid not null references dossiers(id),
  kind text not null check (kind in ('step', 'consultation', 'interagency')),
  step_index integer,
  name text not null,
  unit_id uuid not null references units(id),
  role text,
  assignee_id uuid references officers(id),
  lead boolean not null default false,
  status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  started_at timestamptz not null,
  due_at timestamptz,
  finished_at timestamptz,
  outcome text check (outcome in ('early', 'on_time', 'late')),
  note text,
  created_at timestamptz not null default now()
);
create index dossier_tasks_dossier on dossier_tasks (dossier_id);
create index dossier_tasks_queue on dossier_tasks (unit_id, status, due_at);

create table drafts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references citizens(id),
  procedure_id uuid not null references procedures(id),
  procedure_version_id uuid not null references procedure_versions(id),
  receiving_unit_id uuid references units(id),
  data jsonb not null default '{}',
  files jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index drafts_account on drafts (account_id, updated_at desc);

create table code_counters (
  unit_id uuid not null references units(id),
  day date not null,
  last integer not null,
  primary key (unit_id, day)
);

create table outbox (
  id bigint generated always as identity primary key,
  topic text not null,
  key text not null,
  dossier_id uuid,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  available_at timestamptz not null default now(),
  attempts integer not null default 0,
  last_error text,
  locked_until timestamptz,
  done_at timestamptz,
  unique (topic, key)
);
create index outbox_pending on outbox (available_at) where done_at is null;

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_kind text not null,
  actor_id uuid,
  unit_id uuid,
  action text not null,
  target text,
  ip text,
  data jsonb not null default '{}'
);
create index audit_log_actor on audit_log (actor_id, at);

create table calendar_days (
  day date primary key,
  working boolean not null,
  reason text not null,
  source text not null default 'notice',
  updated_by uuid,
  updated_at timestamptz not null default now()
);

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the foundation migration cannot be reverted");
}
