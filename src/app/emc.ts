/**
 * The dossier-level feed to the national monitoring platform (EMC; issue #8): every status change of a dossier (and a
 * moved deadline) queues, in the event's transaction (from `appendEvent`), one outbox message keyed by the event; the
 * handler sends the dossier's state as it is when the message runs — procedure code, channel, end-to-end flag,
 * status and times — with the sequence number of its last event, so retries and late or repeated messages are
 * harmless (the platform keeps the newest seq). Failures are retried by the outbox with back-off. Nothing is queued
 * while the feed is off (setting `emc.feed`, switched on at start when the feed is configured).
 */
import { sql } from "kysely";
import type { Kysely, Transaction } from "kysely";
import { type Step, withSteps } from "../adapters/db/cte.js";
import { pushEmcRecord } from "../adapters/emc/client.js";
import type { EmcDossierRecord } from "../adapters/emc/protocol.js";
import type { Database } from "../adapters/db/index.js";
import type { Deps } from "./deps.js";

type Tx = Transaction<Database> | Kysely<Database>;

export const EMC_TOPIC = "emc.push";
export const EMC_SETTING = "emc.feed";

/** Whether the platform hears about this event: a status change or a moved deadline. */
export function isEmcRelevant(ev: {
  fromStatus?: number | null;
  toStatus?: number | null;
  data?: Record<string, unknown>;
}) {
  if (ev.toStatus != null && (ev.fromStatus ?? null) !== ev.toStatus) return true;
  const changes = ev.data?.changes as Record<string, unknown> | undefined;
  return !!changes && "due_at" in changes;
}

/**
 * The statement steps that queue the push of a dossier's state after event `seq` (nothing while the feed is off), for
 * a caller that writes in one statement (createDossier).
 */
export function emcPushSteps(dossierId: string, seq: number): Step[] {
  return [
    [
      "emc_queued",
      sql`insert into outbox (topic, key, dossier_id, payload)
select ${EMC_TOPIC}, ${`${dossierId}:${seq}`}, ${dossierId}::uuid, ${JSON.stringify({ dossierId, seq })}::jsonb
where exists (select 1 from settings where key = ${EMC_SETTING} and (value->>'enabled')::boolean)
on conflict (topic, key) do nothing`,
    ],
  ];
}

/** Queues the push of a dossier's state after event `seq`, in the caller's transaction (from appendEvent). */
export async function queueEmcPush(tx: Tx, dossierId: string, seq: number): Promise<void> {
  await sql`with ${withSteps(emcPushSteps(dossierId, seq))} select 1`.execute(tx);
}

/** Switches the feed on or off (from now on, events are or are no longer queued). */
export async function setEmcFeedEnabled(db: Tx, enabled: boolean): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key: EMC_SETTING, value: JSON.stringify({ enabled }) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify({ enabled }), updated_at: new Date() }))
    .execute();
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The dossier's record as the platform wants it, read now. */
export async function emcRecord(db: Tx, dossierId: string): Promise<EmcDossierRecord | undefined> {
  const d = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select([
      "d.code",
      "d.reference",
      "p.national_code",
      "d.channel",
      "v.online_kind",
      "d.status",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "d.processed_at",
      "d.closed_at",
      "d.last_event_seq",
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirst();
  if (!d) return undefined;
  return {
    dossierCode: d.code ?? d.reference,
    procedureCode: d.national_code,
    channel: d.channel,
    endToEnd: d.online_kind === "end_to_end",
    status: d.status,
    submittedAt: iso(d.submitted_at)!,
    receivedAt: iso(d.received_at),
    dueAt: iso(d.due_at),
    finishedAt: iso(d.processed_at ?? d.closed_at),
    seq: d.last_event_seq,
  };
}

/** Outbox handler of `emc.push`: sends the dossier's current state; a failure throws (the outbox retries). */
export async function emcPushHandler(row: { payload: unknown }, deps: Deps): Promise<void> {
  const feed = deps.config.services.emcFeed;
  if (!feed) return; // switched off in the configuration since it was queued
  const { dossierId } = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as {
    dossierId: string;
  };
  const record = await emcRecord(deps.db, dossierId);
  if (!record) return;
  await pushEmcRecord(feed, record, deps.now());
}
