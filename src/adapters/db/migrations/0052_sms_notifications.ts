import { type Kysely, sql } from "kysely";

/**
 * 0052 (issue #9, SMS notifications): the citizen's choice of channels (e-mail, SMS), and every SMS sent through
 * the gateway with its delivery report. Notification templates live in `settings` (key `notify.template.<id>`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table citizens add column if not exists notify_channels jsonb not null default '["email"]'::jsonb;
create table if not exists sms_messages (
  id bigint generated always as identity primary key,
  ref text not null unique,
  dossier_id uuid references dossiers(id),
  to_phone text not null,
  body text not null,
  gateway_id text,
  segments integer,
  status text not null default 'sent' check (status in ('sent', 'delivered', 'failed')),
  error text,
  sent_at timestamptz not null default now(),
  reported_at timestamptz
);
create index if not exists sms_messages_dossier on sms_messages (dossier_id, sent_at);
create unique index if not exists sms_messages_gateway on sms_messages (gateway_id);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists sms_messages; alter table citizens drop column if exists notify_channels`.execute(db);
}
