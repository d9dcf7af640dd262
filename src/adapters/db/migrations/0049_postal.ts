import { type Kysely, sql } from "kysely";

/**
 * 0049 (issue #7, public postal service):
 * - dossier_postal: the applicant's choice for one dossier — postal collection of the papers and/or postal delivery
 *   of the result, the address (street, commune, province), the service and the fees quoted by the postal service;
 * - postal_shipments: one row per booking with the postal service (a pickup of the papers or a delivery of the
 *   result), idempotent by its reference; booking → booked (tracking number) → picked up → in transit → delivered,
 *   failed or returned; booking_failed when the service refused it or kept failing. At most one open shipment per
 *   dossier and kind;
 * - postal_callbacks: every tracking callback received (applied, duplicate, ignored or refused, with the reason).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table dossier_postal (
  dossier_id uuid primary key references dossiers(id),
  collect boolean not null,
  deliver boolean not null,
  receiver jsonb not null,
  service text not null check (service in ('EMS', 'BUU_KIEN')),
  collect_fee bigint,
  deliver_fee bigint,
  estimated_days integer,
  chosen_by uuid references citizens(id),
  chosen_at timestamptz not null,
  updated_at timestamptz not null
);

create table postal_shipments (
  id uuid primary key default gen_random_uuid(),
  dossier_id uuid not null references dossiers(id),
  kind text not null check (kind in ('pickup', 'delivery')),
  reference text not null unique,
  status text not null default 'booking'
    check (status in ('booking', 'booked', 'picked_up', 'in_transit', 'delivered', 'failed', 'returned', 'booking_failed')),
  tracking_number text unique,
  fee bigint,
  last_sequence integer not null default 0,
  error text,
  requested_by text not null,
  created_at timestamptz not null,
  booked_at timestamptz,
  updated_at timestamptz not null
);
create unique index postal_shipments_one_open on postal_shipments (dossier_id, kind)
  where status in ('booking', 'booked', 'picked_up', 'in_transit');
create index postal_shipments_dossier on postal_shipments (dossier_id, created_at);

create table postal_callbacks (
  id bigserial primary key,
  received_at timestamptz not null,
  tracking_number text,
  reference text,
  status text,
  sequence integer,
  outcome text not null check (outcome in ('applied', 'duplicate', 'ignored', 'refused')),
  reason text,
  body text not null
);
create index postal_callbacks_tracking on postal_callbacks (tracking_number, received_at);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table if exists postal_callbacks;
drop table if exists postal_shipments;
drop table if exists dossier_postal;
`.execute(db);
}
