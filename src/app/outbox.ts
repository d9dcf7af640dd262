import type { Kysely, Transaction } from "kysely";
import type { Database } from "../adapters/db/index.js";

type Tx = Transaction<Database> | Kysely<Database>;

/**
 * Queues an outgoing message in the caller's transaction (transactional outbox). `key` makes it idempotent:
 * queuing the same (topic, key) twice keeps one message. Topics: "notify.status" (applicant e-mail),
 * "national.sync", "emc.push" (src/app/emc.ts), later "payment.request", … See docs/law.md#outbox-and-notifications.
 */
export async function enqueue(
  tx: Tx,
  msg: { topic: string; key: string; dossierId?: string | null; payload: Record<string, unknown>; availableAt?: Date },
): Promise<void> {
  await tx
    .insertInto("outbox")
    .values({
      topic: msg.topic,
      key: msg.key,
      dossier_id: msg.dossierId ?? null,
      payload: JSON.stringify(msg.payload),
      ...(msg.availableAt ? { available_at: msg.availableAt } : {}),
    })
    .onConflict((oc) => oc.columns(["topic", "key"]).doNothing())
    .execute();
}

/**
 * Thrown by an outbox handler that cannot proceed now for a reason that is not a failure (another dispatcher holds
 * the resource, more work remains): the message comes due again after `afterSeconds`, without counting an attempt.
 */
export class RetryLater extends Error {
  constructor(
    readonly afterSeconds: number,
    reason: string,
  ) {
    super(reason);
    this.name = "RetryLater";
  }
}
