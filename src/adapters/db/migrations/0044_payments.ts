import { type Kysely, sql } from "kysely";

/**
 * 0044 (issue #7, online payment through the national payment platform):
 * - payment_obligations gains the fee lines it was computed from (what is owed and why) and the settling order;
 * - payment_orders: one row per attempt to pay an obligation online (the merchant order id sent to the platform),
 *   pending until the platform's signed notice (or a verified query) settles it, or it expires and can be retried;
 *   at most one pending and one paid order per obligation; the platform's transaction id is unique;
 * - payment_notices: every notice received (applied, duplicate, ignored or refused, with the reason): the log the
 *   issue asks for, and the evidence for reconciliation;
 * - payment_reconciliations: one run per day against the platform's settlement file, with the mismatches found.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table payment_obligations add column if not exists lines jsonb;
alter table payment_obligations add column if not exists order_id uuid;

create table payment_orders (
  id uuid primary key default gen_random_uuid(),
  order_no text not null unique,
  obligation_id uuid not null references payment_obligations(id),
  dossier_id uuid not null references dossiers(id),
  citizen_id uuid references citizens(id),
  amount bigint not null check (amount > 0),
  currency text not null default 'VND',
  description text not null,
  status text not null default 'pending'
    check (status in ('pending', 'paid', 'failed', 'cancelled', 'expired', 'refund_due')),
  platform_ref text,
  payment_url text,
  transaction_id text unique,
  method text,
  bank_code text,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  settled_at timestamptz,
  paid_at timestamptz,
  settled_by text,
  note text,
  receipt_no text,
  receipt_file_id uuid references files(id)
);
create unique index payment_orders_one_pending on payment_orders (obligation_id) where status = 'pending';
create unique index payment_orders_one_paid on payment_orders (obligation_id) where status = 'paid';
create index payment_orders_dossier on payment_orders (dossier_id, created_at);
create index payment_orders_expiry on payment_orders (expires_at) where status = 'pending';
create index payment_orders_paid_at on payment_orders (paid_at) where paid_at is not null;

create table payment_notices (
  id bigserial primary key,
  received_at timestamptz not null,
  order_no text,
  transaction_id text,
  status text,
  amount bigint,
  outcome text not null check (outcome in ('applied', 'duplicate', 'ignored', 'refused')),
  reason text,
  source text not null default 'callback',
  body jsonb not null
);
create index payment_notices_order on payment_notices (order_no, received_at);
create index payment_notices_refused on payment_notices (received_at) where outcome = 'refused';

create table payment_reconciliations (
  id uuid primary key default gen_random_uuid(),
  day date not null,
  run_at timestamptz not null,
  settled_count integer not null,
  local_count integer not null,
  settled_amount bigint not null,
  local_amount bigint not null,
  mismatches jsonb not null,
  error text
);
create index payment_reconciliations_day on payment_reconciliations (day, run_at desc);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table if exists payment_reconciliations;
drop table if exists payment_notices;
drop table if exists payment_orders;
alter table payment_obligations drop column if exists order_id;
alter table payment_obligations drop column if exists lines;
`.execute(db);
}
