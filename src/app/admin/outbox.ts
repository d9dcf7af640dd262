import { sql } from "kysely";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { conflict, notFound } from "../errors.js";
import { auditOfficer } from "../officers.js";
import { authoriseOfficerAdmin } from "./officers.js";

/**
 * The outbox on the operations page (issue #9): what waits to be delivered (e-mails, national portal pushes, EMC
 * feed …) per topic, what failed for good and why, and "requeue" for a failed message once its cause is fixed.
 * Administrators only; a requeue is audited. The dispatcher itself is src/jobs/outbox.ts.
 */

export interface OutboxTopicCount {
  topic: string;
  pending: number;
  failed: number;
  doneLastDay: number;
  oldestPendingAt: Date | null;
}

export interface OutboxItem {
  id: number;
  topic: string;
  key: string;
  dossierCode: string | null;
  createdAt: Date;
  availableAt: Date;
  attempts: number;
  lastError: string | null;
  failedAt: Date | null;
}

export type OutboxState = "pending" | "failed";

export async function outboxOverview(
  deps: Deps,
  admin: Pick<Officer, "roles">,
  opts: { state?: OutboxState; topic?: string; limit?: number } = {},
): Promise<{ topics: OutboxTopicCount[]; items: OutboxItem[] }> {
  authoriseOfficerAdmin(admin);
  const dayAgo = new Date(deps.now().getTime() - 24 * 3600_000);
  const topics = await deps.db
    .selectFrom("outbox")
    .select([
      "topic",
      sql<number>`count(*) filter (where done_at is null and failed_at is null)::int`.as("pending"),
      sql<number>`count(*) filter (where failed_at is not null and done_at is null)::int`.as("failed"),
      sql<number>`count(*) filter (where done_at >= ${dayAgo})::int`.as("done"),
      sql<Date | null>`min(created_at) filter (where done_at is null and failed_at is null)`.as("oldest"),
    ])
    .where((eb) => eb.or([eb("done_at", "is", null), eb("done_at", ">=", dayAgo)]))
    .groupBy("topic")
    .orderBy("topic")
    .execute();
  const state = opts.state ?? "failed";
  let q = deps.db
    .selectFrom("outbox as m")
    .leftJoin("dossiers as d", "d.id", "m.dossier_id")
    .select([
      "m.id",
      "m.topic",
      "m.key",
      "d.code",
      "m.created_at",
      "m.available_at",
      "m.attempts",
      "m.last_error",
      "m.failed_at",
    ])
    .where("m.done_at", "is", null);
  q = state === "failed" ? q.where("m.failed_at", "is not", null) : q.where("m.failed_at", "is", null);
  if (opts.topic) q = q.where("m.topic", "=", opts.topic);
  const rows = await q
    .orderBy("m.id")
    .limit(Math.min(Math.max(opts.limit ?? 100, 1), 500))
    .execute();
  return {
    topics: topics.map((t) => ({
      topic: t.topic,
      pending: t.pending,
      failed: t.failed,
      doneLastDay: t.done,
      oldestPendingAt: t.oldest ? new Date(t.oldest) : null,
    })),
    items: rows.map((r) => ({
      id: Number(r.id),
      topic: r.topic,
      key: r.key,
      dossierCode: r.code,
      createdAt: r.created_at,
      availableAt: r.available_at,
      attempts: r.attempts,
      lastError: r.last_error,
      failedAt: r.failed_at,
    })),
  };
}

/** Puts a failed message back in the queue, due now, with its attempts counted from zero (audited). */
export async function requeueOutboxMessage(
  deps: Deps,
  admin: Officer,
  id: number,
  ctx: { ip?: string | null } = {},
): Promise<{ id: number; topic: string }> {
  authoriseOfficerAdmin(admin);
  return deps.db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom("outbox")
      .select(["id", "topic", "key", "failed_at", "done_at", "last_error"])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw notFound("not_found", { vi: "Không tìm thấy thông điệp.", en: "Message not found." });
    if (!m.failed_at || m.done_at)
      throw conflict("not_failed", {
        vi: "Thông điệp này không ở trạng thái lỗi.",
        en: "This message has not failed.",
      });
    await tx
      .updateTable("outbox")
      .set({ failed_at: null, attempts: 0, available_at: deps.now(), locked_until: null })
      .where("id", "=", id)
      .execute();
    await auditOfficer(
      deps,
      {
        action: "outbox.requeued",
        actorId: admin.id,
        unitId: admin.unitId,
        target: `${m.topic}:${m.key}`.slice(0, 200),
        ip: ctx.ip ?? null,
        data: { id, lastError: m.last_error },
      },
      tx,
    );
    return { id: Number(m.id), topic: m.topic };
  });
}
