import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../adapters/db/index.js";
import { canonicalJson } from "../domain/canonical-json.js";
import { recordFacts } from "./dossier-facts.js";
import { conflict } from "./errors.js";
import { recordStatistics } from "./statistics.js";
import { shareOnEvent } from "./warehouse.js";
import { isEmcRelevant, queueEmcPush } from "./emc.js";
import { isSyncRelevant, queueNationalSync } from "./national-portal/sync.js";

type Tx = Transaction<Database> | Kysely<Database>;

export interface Actor {
  kind: "citizen" | "officer" | "system" | "integration";
  id: string | null;
  name: string | null;
  unitId?: string | null;
  ip?: string | null;
}

export const SYSTEM: Actor = { kind: "system", id: null, name: "Hệ thống" };

export interface NewEvent {
  type: string;
  at: Date;
  fromStatus?: number | null;
  toStatus?: number | null;
  /** What changed and why: before → after values, reason, step, due instants, document ids… */
  data?: Record<string, unknown>;
}

interface ChainHead {
  id: string;
  last_event_seq: number;
  last_event_hash: string | null;
}

/** The fields of an event that its hash covers, in their stored form. */
export function eventHash(e: {
  dossier_id: string;
  seq: number;
  type: string;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  unit_id: string | null;
  ip: string | null;
  from_status: number | null;
  to_status: number | null;
  data: unknown;
  prev_hash: string | null;
}): string {
  const body = canonicalJson({
    dossier_id: e.dossier_id,
    seq: e.seq,
    type: e.type,
    at: new Date(e.at).toISOString(),
    actor_kind: e.actor_kind,
    actor_id: e.actor_id,
    actor_name: e.actor_name,
    unit_id: e.unit_id,
    ip: e.ip,
    from_status: e.from_status,
    to_status: e.to_status,
    data: JSON.parse(JSON.stringify(e.data ?? {})),
    prev_hash: e.prev_hash,
  });
  return createHash("sha256").update(body).digest("hex");
}

/** The row of the event that follows `head` in its dossier's chain, and its hash. */
function nextEvent(head: ChainHead, actor: Actor, ev: NewEvent) {
  const row = {
    dossier_id: head.id,
    seq: head.last_event_seq + 1,
    type: ev.type,
    at: ev.at,
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_name: actor.name,
    unit_id: actor.unitId ?? null,
    ip: actor.ip ?? null,
    from_status: ev.fromStatus ?? null,
    to_status: ev.toStatus ?? null,
    data: ev.data ?? {},
    prev_hash: head.last_event_hash,
  };
  return { row, hash: eventHash(row) };
}

/**
 * The first event of a new dossier (seq 1, no previous hash) and its hash, for the statement that creates the dossier
 * with its chain head already there (src/app/dossiers/create.ts). That statement also writes what appendEvent does
 * beside the event: the statistics' record (firstEventStatistics) and the national portal's push (nationalSyncSteps).
 */
export function firstEvent(dossierId: string, actor: Actor, ev: NewEvent) {
  return nextEvent({ id: dossierId, last_event_seq: 0, last_event_hash: null }, actor, ev);
}

/**
 * Appends one event to a dossier's hash-chained history and advances the dossier's chain head, in the caller's
 * transaction, and queues its push to the national portal when the portal must hear about it. The head moves only if
 * nobody else appended since `head` was read: a concurrent action on the same dossier gets a conflict instead of a
 * forked chain. See docs/law.md#history-and-audit.
 */
export async function appendEvent(
  tx: Tx,
  head: ChainHead,
  actor: Actor,
  ev: NewEvent,
): Promise<{ seq: number; hash: string }> {
  const { row, hash } = nextEvent(head, actor, ev);
  const moved = await tx
    .updateTable("dossiers")
    .set({ last_event_seq: row.seq, last_event_hash: hash, updated_at: ev.at })
    .where("id", "=", head.id)
    .where("last_event_seq", "=", head.last_event_seq)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw conflict("dossier_changed");
  await tx
    .insertInto("dossier_events")
    .values({ ...row, hash, data: JSON.stringify(row.data) })
    .execute();
  // statistics roll-ups follow the history in the same transaction, whatever the channel (issue #8)
  await recordStatistics(tx, head.id, row.seq, {
    type: row.type,
    at: ev.at,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    data: row.data,
  });
  // and so do the dossier's Decision 766 facts (issue #6)
  await recordFacts(tx, head.id, {
    type: row.type,
    at: ev.at,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    data: row.data,
  });
  // and the holder's data warehouse receives the results returned and the papers digitised at the counter (issue #7)
  await shareOnEvent(tx, head.id, { type: row.type, at: ev.at, toStatus: row.to_status });
  head.last_event_seq = row.seq;
  head.last_event_hash = hash;
  // Every change the national portal must hear about is queued here, in the same transaction (issue #6).
  if (isSyncRelevant(ev)) await queueNationalSync(tx, head.id, row.seq, ev.at);
  // and so is every status change (or moved deadline) the monitoring platform's feed carries (issue #8)
  if (isEmcRelevant(ev)) await queueEmcPush(tx, head.id, row.seq);
  return { seq: row.seq, hash };
}

export interface BrokenLink {
  dossierId: string;
  seq: number;
  reason: "hash_mismatch" | "prev_hash_mismatch" | "sequence_gap" | "head_mismatch";
}

/**
 * Walks every dossier's chain (or one dossier's) and returns the first broken link, or undefined when intact.
 * Streams in pages so it runs in constant memory on millions of events.
 */
export async function verifyChains(
  db: Kysely<Database>,
  dossierId?: string,
): Promise<{ checked: number; broken?: BrokenLink }> {
  let checked = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    let q = db.selectFrom("dossiers").select(["id", "last_event_seq", "last_event_hash"]).orderBy("id").limit(500);
    q = dossierId ? q.where("id", "=", dossierId) : q.where("id", ">", after);
    const heads = await q.execute();
    if (heads.length === 0) break;
    for (const head of heads) {
      const events = await db
        .selectFrom("dossier_events")
        .selectAll()
        .where("dossier_id", "=", head.id)
        .orderBy("seq")
        .execute();
      let prev: string | null = null;
      let expected = 1;
      for (const e of events) {
        checked++;
        if (e.seq !== expected)
          return { checked, broken: { dossierId: head.id, seq: expected, reason: "sequence_gap" } };
        if (e.prev_hash !== prev)
          return { checked, broken: { dossierId: head.id, seq: e.seq, reason: "prev_hash_mismatch" } };
        if (eventHash(e) !== e.hash)
          return { checked, broken: { dossierId: head.id, seq: e.seq, reason: "hash_mismatch" } };
        prev = e.hash;
        expected++;
      }
      if (head.last_event_seq !== expected - 1 || head.last_event_hash !== prev)
        return { checked, broken: { dossierId: head.id, seq: expected, reason: "head_mismatch" } };
    }
    if (dossierId) break;
    after = heads[heads.length - 1].id;
  }
  return { checked };
}
