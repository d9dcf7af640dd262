import { sql } from "kysely";
import type { Officer } from "../actors.js";
import { type DossierFacts, dossierFacts } from "../dossier-facts.js";
import type { Deps } from "../deps.js";
import { AppError, forbidden, notFound } from "../errors.js";
import { resetSyncBreakers, SYNC_TOPIC } from "./sync.js";

/**
 * Sync health (issue #6): per dossier whether and when it was last synced with the national portal and the last
 * error; the list of what is pending or failing with "retry now" for administrators and supervisors; the sync
 * success rate per unit and period (the Decision 766 DOSSIER_SYNC figure).
 */

export const SYNC_VIEWERS = ["admin", "supervisor"] as const;

/** Only administrators and supervisors see sync health and retry; first line of each use case here. */
export function authoriseSyncViewer(officer: Pick<Officer, "roles">): void {
  if (!officer.roles.some((r) => (SYNC_VIEWERS as readonly string[]).includes(r)))
    throw forbidden("sync_health_forbidden", {
      vi: "Chỉ quản trị viên và cán bộ giám sát được xem và thao tác tình trạng đồng bộ với Cổng Dịch vụ công quốc gia.",
      en: "Only administrators and supervisors may see and act on the national portal sync.",
    });
}

export type SyncView = "problems" | "failing" | "pending" | "all";
export type SyncState = "failing" | "pending" | "synced" | "waiting";

export interface SyncItem {
  dossierId: string;
  code: string | null;
  reference: string;
  status: number;
  procedureName: string;
  unitName: string;
  /**
   * "failing" (the last attempt failed), "pending" (changes waiting), "synced" (the portal has every change),
   * "waiting" (nothing to send yet: an online dossier not yet received has no code the portal could know it by).
   */
  state: SyncState;
  syncedStatus: number | null;
  firstSyncedAt: string | null;
  lastSyncedAt: string | null;
  pendingSince: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  failures: number;
  /** Changes delivered / queued (event sequence numbers). */
  deliveredSeq: number;
  targetSeq: number;
  /** The dossier's Decision 766 facts (src/app/dossier-facts.ts); null = no data. */
  facts: DossierFacts | null;
}

export interface SyncHealth {
  counts: Record<SyncState, number>;
  items: SyncItem[];
  total: number;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The dossiers of a view (problems = failing or pending), failing first then the oldest pending; or one by code. */
export async function getSyncHealth(
  deps: Deps,
  officer: Pick<Officer, "roles">,
  opts: { view?: SyncView; code?: string; limit?: number; offset?: number } = {},
): Promise<SyncHealth> {
  authoriseSyncViewer(officer);
  const view = opts.view ?? "problems";
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const counts = await deps.db
    .selectFrom("national_sync")
    .select([
      sql<number>`count(*) filter (where last_error is not null)::int`.as("failing"),
      sql<number>`count(*) filter (where last_error is null and pending_since is not null)::int`.as("pending"),
      sql<number>`count(*) filter (where last_error is null and pending_since is null and first_pushed)::int`.as(
        "synced",
      ),
      sql<number>`count(*) filter (where last_error is null and pending_since is null and not first_pushed)::int`.as(
        "waiting",
      ),
    ])
    .executeTakeFirstOrThrow();
  let q = deps.db
    .selectFrom("national_sync as s")
    .innerJoin("dossiers as d", "d.id", "s.dossier_id")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("units as u", "u.id", "d.receiving_unit_id");
  const code = opts.code?.trim();
  if (code) q = q.where((eb) => eb.or([eb("d.code", "=", code), eb("d.reference", "=", code)]));
  else if (view === "failing") q = q.where("s.last_error", "is not", null);
  else if (view === "pending") q = q.where("s.last_error", "is", null).where("s.pending_since", "is not", null);
  else if (view === "problems")
    q = q.where((eb) => eb.or([eb("s.last_error", "is not", null), eb("s.pending_since", "is not", null)]));
  const total = await q.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      "s.dossier_id",
      "d.code",
      "d.reference",
      "d.status",
      "v.name as procedure_name",
      "u.name as unit_name",
      "s.synced_status",
      "s.first_synced_at",
      "s.last_synced_at",
      "s.pending_since",
      "s.last_attempt_at",
      "s.last_error",
      "s.last_error_at",
      "s.failures",
      "s.delivered_seq",
      "s.target_seq",
      "s.first_pushed",
    ])
    .orderBy(sql`s.last_error is null`)
    .orderBy(sql`s.pending_since asc nulls last`)
    .orderBy(sql`s.last_synced_at desc nulls last`)
    .orderBy("s.dossier_id")
    .limit(limit)
    .offset(opts.offset ?? 0)
    .execute();
  const facts = await dossierFacts(
    deps.db,
    rows.map((r) => r.dossier_id),
  );
  return {
    counts,
    total: total.n,
    items: rows.map((r) => ({
      dossierId: r.dossier_id,
      code: r.code,
      reference: r.reference,
      status: r.status,
      procedureName: r.procedure_name,
      unitName: r.unit_name,
      state: r.last_error ? "failing" : r.pending_since ? "pending" : r.first_pushed ? "synced" : "waiting",
      syncedStatus: r.synced_status,
      firstSyncedAt: iso(r.first_synced_at),
      lastSyncedAt: iso(r.last_synced_at),
      pendingSince: iso(r.pending_since),
      lastAttemptAt: iso(r.last_attempt_at),
      lastError: r.last_error,
      lastErrorAt: iso(r.last_error_at),
      failures: r.failures,
      deliveredSeq: r.delivered_seq,
      targetSeq: r.target_seq,
      facts: facts.get(r.dossier_id) ?? null,
    })),
  };
}

/**
 * "Retry now": the dossier's waiting sync messages come due at once (failed ones get a fresh attempt count), and
 * a dossier with undelivered changes but no message left (cleared by an operator) gets one. Audited.
 */
export async function retrySyncNow(
  deps: Deps,
  officer: Pick<Officer, "id" | "roles" | "unitId">,
  dossierId: string,
  meta: { ip?: string } = {},
): Promise<{ requeued: number }> {
  authoriseSyncViewer(officer);
  const at = deps.now();
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const s = await trx
        .selectFrom("national_sync")
        .selectAll()
        .where("dossier_id", "=", dossierId)
        .forUpdate()
        .executeTakeFirst();
      if (!s)
        throw notFound("sync_not_found", {
          vi: "Hồ sơ này không có dữ liệu đồng bộ với Cổng Dịch vụ công quốc gia.",
          en: "This dossier has no national portal sync record.",
        });
      if (s.delivered_seq >= s.target_seq && !s.last_error)
        throw new AppError(409, "sync_up_to_date", {
          vi: "Hồ sơ đã được đồng bộ đầy đủ; không có gì cần gửi lại.",
          en: "The dossier is fully synced; there is nothing to send again.",
        });
      const r = await trx
        .updateTable("outbox")
        .set({
          available_at: sql`greatest(now(), ${at}::timestamptz)`,
          locked_until: null,
          failed_at: null,
          attempts: 0,
        })
        .where("topic", "=", SYNC_TOPIC)
        .where("dossier_id", "=", dossierId)
        .where("done_at", "is", null)
        .where((eb) =>
          eb.or([
            eb("locked_until", "is", null),
            eb("locked_until", "<", sql<Date>`greatest(now(), ${at}::timestamptz)`),
          ]),
        )
        .executeTakeFirst();
      let requeued = Number(r.numUpdatedRows);
      if (requeued === 0 && s.delivered_seq < s.target_seq) {
        await trx
          .insertInto("outbox")
          .values({
            topic: SYNC_TOPIC,
            key: `${dossierId}:${s.target_seq}:retry:${at.getTime()}`,
            dossier_id: dossierId,
            payload: JSON.stringify({ dossierId, seq: s.target_seq }),
          })
          .execute();
        requeued = 1;
      }
      await trx
        .insertInto("audit_log")
        .values({
          at,
          actor_kind: "officer",
          actor_id: officer.id,
          unit_id: officer.unitId,
          action: "national_sync.retry",
          target: dossierId,
          ip: meta.ip ?? null,
          data: JSON.stringify({
            requeued,
            before: { deliveredSeq: s.delivered_seq, targetSeq: s.target_seq, lastError: s.last_error },
          }),
        })
        .execute();
      return { requeued };
    })
    .then((r) => {
      resetSyncBreakers();
      return r;
    });
}

export interface SyncRate {
  unitId: string;
  unitCode: string;
  unitName: string;
  /** Dossiers received in the period. */
  received: number;
  /** Of those, the ones the national portal has (first push delivered). */
  synced: number;
  /** Of those, the ones whose every change is delivered. */
  upToDate: number;
  /** synced / received, 0..1 (null when nothing was received). */
  rate: number | null;
}

/**
 * The Decision 766 DOSSIER_SYNC figure per receiving unit: of the dossiers received in [from, to), the share the
 * national portal has. Only units that received dossiers are listed; `unitId` narrows to one unit.
 */
export async function getSyncRates(
  deps: Deps,
  officer: Pick<Officer, "roles">,
  period: { from: Date; to: Date; unitId?: string },
): Promise<SyncRate[]> {
  authoriseSyncViewer(officer);
  let q = deps.db
    .selectFrom("dossiers as d")
    .innerJoin("units as u", "u.id", "d.receiving_unit_id")
    .leftJoin("national_sync as s", "s.dossier_id", "d.id")
    .where("d.received_at", ">=", period.from)
    .where("d.received_at", "<", period.to);
  if (period.unitId) q = q.where("d.receiving_unit_id", "=", period.unitId);
  const rows = await q
    .select([
      "u.id",
      "u.code",
      "u.name",
      sql<number>`count(*)::int`.as("received"),
      sql<number>`count(*) filter (where s.first_pushed)::int`.as("synced"),
      sql<number>`count(*) filter (where s.first_pushed and s.pending_since is null and s.last_error is null)::int`.as(
        "up_to_date",
      ),
    ])
    .groupBy(["u.id", "u.code", "u.name"])
    .orderBy("u.name")
    .execute();
  return rows.map((r) => ({
    unitId: r.id,
    unitCode: r.code,
    unitName: r.name,
    received: r.received,
    synced: r.synced,
    upToDate: r.up_to_date,
    rate: r.received ? r.synced / r.received : null,
  }));
}

/** The code (or, before receipt, the reference) of a dossier, to name it in the sync view's notices. */
export async function syncDossierLabel(
  deps: Deps,
  officer: Pick<Officer, "roles">,
  dossierId: string,
): Promise<string | undefined> {
  authoriseSyncViewer(officer);
  const d = await deps.db
    .selectFrom("dossiers")
    .select(["code", "reference"])
    .where("id", "=", dossierId)
    .executeTakeFirst();
  return d ? (d.code ?? d.reference) : undefined;
}
