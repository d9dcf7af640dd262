import { materialiseDossierFiles } from "../file-bytes.js";
import { randomUUID } from "node:crypto";
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { type Step, withSteps } from "../../adapters/db/cte.js";
import type { Database } from "../../adapters/db/index.js";
import type { DossierEventsTable, DossiersTable } from "../../adapters/db/schema.js";
import { LgspClient } from "../../adapters/national-portal/client.js";
import {
  type NationalDossier,
  nationalTime,
  type ProgressStep,
  type SubmittedFile,
} from "../../adapters/national-portal/protocol.js";
import type { Static } from "@sinclair/typebox";
import type { Deps } from "../deps.js";
import { RetryLater } from "../outbox.js";
import { recordFirstSync } from "../statistics.js";
import { NationalPortalError, type NationalPortalPort } from "./port.js";

type Tx = Transaction<Database> | Kysely<Database>;
type EventRow = Selectable<DossierEventsTable>;
type DossierRow = Selectable<DossiersTable>;

/**
 * Outbound sync with the National Public Service Portal (issue #6, domain.md §§5, 9).
 *
 * Queuing: `appendEvent` (src/app/history.ts), the one place every channel and action appends a dossier's event,
 * calls `queueNationalSync` in the same transaction for every event the portal must hear about — a status change
 * (pushed with `DongBoHoSoMC`), a hand-over between steps (`CapNhatTienDoHoSoMC`, `MaTienDo` = the event id), or a
 * moved deadline. It queues one outbox message per event and raises the dossier's `national_sync.target_seq`, only
 * while the province is connected (`settings` key `national_portal.sync`, set at start from the configuration).
 *
 * Delivery (`nationalSyncHandler`, run by the outbox dispatcher): whichever message of a dossier runs takes the
 * dossier's lease, then delivers every undelivered event up to its own, in history order, advancing the cursor
 * (`delivered_seq`) after each; a message whose event is already behind the cursor is done at once. So changes reach
 * the portal in order even when an earlier message is backing off and a later one comes due, and two dispatchers
 * never push one dossier at the same time (the second is told to come back shortly without losing an attempt).
 *
 * Idempotence: a first push answered `DOSSIER_DUPLICATE` was delivered before (a crash after the portal took it and
 * before the cursor moved): the dossier is known there, so the push is re-sent as an update; an update with the
 * status the portal already holds is accepted as is; a step is recorded once per `MaTienDo`.
 *
 * Events before the dossier got its code (an online dossier not yet received) are not pushed: the portal knows a
 * dossier by its code; the first push is the receipt.
 */

export const SYNC_TOPIC = "national.sync";
/** Outbox topic of a pull of new national-portal dossiers (queued by the portal's callback). */
export const INBOUND_TOPIC = "national.inbound";
export const SYNC_SETTING = "national_portal.sync";
/** Events delivered per handler run; the rest is picked up at once by a retry. */
const EVENTS_PER_RUN = 25;
const LEASE_SECONDS = 90;
/** After a transient failure, other dossiers' pushes fail at once for this long instead of each waiting it out. */
const BREAKER_SECONDS = 30;
let breakers = new WeakMap<object, { until: number; error: NationalPortalError }>();

/** An operator asked to retry now: pushes are tried again at once, whatever failed a moment ago. */
export function resetSyncBreakers(): void {
  breakers = new WeakMap();
}

interface SyncEvent {
  type: string;
  fromStatus?: number | null;
  toStatus?: number | null;
  data?: Record<string, unknown>;
}

/** Whether the national portal must hear about this event. */
export function isSyncRelevant(ev: SyncEvent): boolean {
  if ((ev.fromStatus ?? null) !== (ev.toStatus ?? null) && ev.toStatus != null) return true;
  const data = ev.data ?? {};
  if (data.handover) return true;
  const changes = data.changes as Record<string, unknown> | undefined;
  return !!changes && ("due_at" in changes || "code" in changes || "returned_at" in changes);
}

/**
 * The steps that queue the push of one event, as common table expressions of one statement: an outbox message keyed
 * by the event, and the dossier's sync record moved forward, both only while the province is connected. Used alone
 * (queueNationalSync) or inside the statement that creates a dossier (src/app/dossiers/create.ts).
 */
export function nationalSyncSteps(dossierId: string, seq: number, at: Date): Step[] {
  return [
    ["sync_link", sql`select 1 from settings where key = ${SYNC_SETTING} and (value->>'enabled')::boolean`],
    [
      "sync_queued",
      sql`insert into outbox (topic, key, dossier_id, payload)
select ${SYNC_TOPIC}, ${`${dossierId}:${seq}`}, ${dossierId}::uuid, ${JSON.stringify({ dossierId, seq })}::jsonb
from sync_link
on conflict (topic, key) do nothing`,
    ],
    [
      "sync_target",
      sql`insert into national_sync (dossier_id, target_seq, pending_since)
select ${dossierId}::uuid, ${seq}::int, ${at}::timestamptz from sync_link
on conflict (dossier_id) do update set
  target_seq = greatest(national_sync.target_seq, excluded.target_seq),
  pending_since = coalesce(national_sync.pending_since, excluded.pending_since)`,
    ],
  ];
}

/**
 * Queues the push of one event (in the caller's transaction): an outbox message keyed by the event, and the
 * dossier's sync record moved forward. One statement; nothing is queued while the province is not connected.
 */
export async function queueNationalSync(tx: Tx, dossierId: string, seq: number, at: Date): Promise<void> {
  await sql`with ${withSteps(nationalSyncSteps(dossierId, seq, at))} select 1`.execute(tx);
}

/** Connects or disconnects the province: from now on, events are (or are no longer) queued for the portal. */
export async function setNationalSyncEnabled(db: Tx, enabled: boolean): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key: SYNC_SETTING, value: JSON.stringify({ enabled }) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify({ enabled }), updated_at: new Date() }))
    .execute();
}

const clients = new WeakMap<object, LgspClient>();

/** The national portal port for these deps: the injected one, else an LGSP client for the configuration. */
export function nationalPortalOf(deps: Deps): NationalPortalPort | undefined {
  if (deps.nationalPortal) return deps.nationalPortal;
  const np = deps.config.nationalPortal;
  if (!np) return undefined;
  let c = clients.get(np);
  if (!c) {
    c = new LgspClient({ url: np.url, username: np.username, password: np.password, timeoutMs: np.timeoutMs });
    clients.set(np, c);
  }
  return c;
}

/** The dispatcher's clock (the later of the database clock and the application clock), as in jobs/outbox.ts. */
const clock = (deps: Deps) => sql<Date>`greatest(now(), ${deps.now()}::timestamptz)`;

/** Outbox handler of `national.sync` messages: delivers the dossier's changes up to the message's event. */
export async function nationalSyncHandler(
  row: { dossierId: string | null; payload: Record<string, unknown> },
  deps: Deps,
): Promise<void> {
  const dossierId = String(row.payload.dossierId ?? row.dossierId);
  const seq = Number(row.payload.seq);
  const port = nationalPortalOf(deps);
  if (!port) throw new NationalPortalError("NOT_CONFIGURED", "The national portal is not configured", true);
  await deliverUpTo(deps, port, dossierId, seq);
}

/**
 * Delivers a dossier's undelivered events up to `seq` (or up to everything queued when `seq` is undefined), under
 * the dossier's lease.
 */
export async function deliverUpTo(deps: Deps, port: NationalPortalPort, dossierId: string, seq?: number) {
  const token = randomUUID();
  await deps.db
    .insertInto("national_sync")
    .values({ dossier_id: dossierId })
    .onConflict((oc) => oc.column("dossier_id").doNothing())
    .execute();
  const leased = await deps.db
    .updateTable("national_sync")
    .set({
      locked_until: sql`${clock(deps)} + make_interval(secs => ${LEASE_SECONDS})`,
      lock_token: token,
      last_attempt_at: clock(deps),
    })
    .where("dossier_id", "=", dossierId)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", clock(deps))]))
    .returningAll()
    .executeTakeFirst();
  if (!leased) throw new RetryLater(5, "another dispatcher is pushing this dossier");
  const upTo = seq ?? leased.target_seq;
  const release = (set: Record<string, unknown> = {}) =>
    deps.db
      .updateTable("national_sync")
      .set({ locked_until: null, lock_token: null, ...set })
      .where("dossier_id", "=", dossierId)
      .where("lock_token", "=", token)
      .execute();
  if (leased.delivered_seq >= upTo) {
    await release();
    return;
  }
  let firstPushed = leased.first_pushed;
  let counted = leased.first_pushed;
  let cursor = leased.delivered_seq;
  let tripped = false;
  /** Fails at once while the breaker is open (another push failed transiently a moment ago). */
  const guard = () => {
    const open = breakers.get(port);
    if (!open || open.until <= deps.now().getTime()) return;
    tripped = true;
    throw new NationalPortalError(
      open.error.code,
      `${open.error.message} (portal failing: not retried before ${new Date(open.until).toISOString()})`,
      true,
    );
  };
  try {
    // the portal gets each file's checksum: a generated document not read yet is rendered first (file-bytes.ts)
    await materialiseDossierFiles(deps, dossierId);
    const d = await deps.db.selectFrom("dossiers").selectAll().where("id", "=", dossierId).executeTakeFirstOrThrow();
    const events = await deps.db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .where("seq", "<=", upTo)
      .orderBy("seq")
      .execute();
    const coded = codeAssignedAt(events);
    const pending = events.filter((e) => e.seq > cursor).slice(0, EVENTS_PER_RUN);
    for (const e of pending) {
      const pushable = d.code !== null && coded !== undefined && e.seq >= coded;
      let synced: number | undefined;
      if (pushable && isSyncRelevant({ ...e, fromStatus: e.from_status, toStatus: e.to_status })) {
        const statusChanged = e.to_status !== null && (e.from_status !== e.to_status || !firstPushed);
        if (statusChanged || !firstPushed || dueMoved(e)) {
          const nd = await nationalDossier(deps.db, d, e, events);
          guard();
          await pushDossier(port, nd, firstPushed);
          firstPushed = true;
          synced = nd.TrangThaiHoSo;
        }
        if ((e.data as { handover?: unknown }).handover) {
          const step = await progressStep(deps.db, d, e);
          guard();
          await port.pushStep(step);
        }
      }
      cursor = e.seq;
      const record = (tx: Kysely<Database>) =>
        tx
          .updateTable("national_sync")
          .set({
            delivered_seq: e.seq,
            first_pushed: firstPushed,
            ...(synced !== undefined ? { synced_status: synced } : {}),
            ...(synced !== undefined || firstPushed ? { last_synced_at: clock(deps) } : {}),
            ...(firstPushed ? { first_synced_at: sql`coalesce(first_synced_at, ${clock(deps)})` } : {}),
            last_error: null,
            last_error_at: null,
            failures: 0,
          })
          .where("dossier_id", "=", dossierId)
          .where("lock_token", "=", token)
          .executeTakeFirst();
      // the first push: the dossier counts as sent to the portal (Decision 766), in the same transaction
      const first = firstPushed && !counted;
      const moved = first
        ? await deps.db.transaction().execute(async (trx) => {
            const m = await record(trx);
            if (Number(m.numUpdatedRows) === 1) await recordFirstSync(trx, dossierId);
            return m;
          })
        : await record(deps.db);
      if (first) counted = true;
      if (Number(moved.numUpdatedRows) !== 1) throw new RetryLater(5, "the dossier's sync lease was lost");
    }
    breakers.delete(port);
  } catch (e) {
    if (e instanceof NationalPortalError && e.transient && !tripped)
      breakers.set(port, { until: deps.now().getTime() + BREAKER_SECONDS * 1000, error: e });
    const message =
      e instanceof NationalPortalError ? e.summary() : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (!(e instanceof RetryLater))
      await release({
        last_error: message.slice(0, 2000),
        last_error_at: clock(deps),
        failures: sql`failures + 1`,
      });
    else await release();
    throw e;
  }
  // Up to date when nothing newer was queued meanwhile.
  await deps.db
    .updateTable("national_sync")
    .set({
      locked_until: null,
      lock_token: null,
      pending_since: sql`case when target_seq <= ${cursor} then null else pending_since end`,
    })
    .where("dossier_id", "=", dossierId)
    .where("lock_token", "=", token)
    .execute();
  if (cursor < upTo) throw new RetryLater(0, "more events to deliver");
}

/** `DongBoHoSoMC`; a first push the portal already has (delivered before a crash) is sent again as an update. */
async function pushDossier(port: NationalPortalPort, nd: NationalDossier, known: boolean) {
  if (known) return port.pushDossier(nd, true);
  try {
    await port.pushDossier(nd, false);
  } catch (e) {
    if (e instanceof NationalPortalError && e.code === "DOSSIER_DUPLICATE") return port.pushDossier(nd, true);
    throw e;
  }
}

/**
 * The seq of the event from which the dossier is known by its code: the one that gave it its code (receipt), else
 * the first that took it past "submitted" (a supplement asked before receipt does not count). Undefined when none.
 */
function codeAssignedAt(events: EventRow[]): number | undefined {
  for (const e of events) {
    const changes = (e.data as { changes?: Record<string, { to?: unknown }> }).changes;
    if (changes?.code?.to) return e.seq;
  }
  for (const e of events) if (e.to_status !== null && e.to_status !== 1 && e.to_status !== 5) return e.seq;
  return undefined;
}

function dueMoved(e: EventRow): boolean {
  const changes = (e.data as { changes?: Record<string, unknown> }).changes;
  return !!changes && ("due_at" in changes || "returned_at" in changes);
}

const t = (d: Date | string | null | undefined) => (d ? nationalTime(new Date(d)) : undefined);
const CHANNEL: Record<string, 1 | 2 | 3> = { counter: 1, online: 2, national_portal: 2, postal: 3 };
const PAID_BY: Record<string, 1 | 2 | 3> = { counter: 1, online: 2, post: 3 };

/**
 * The dossier as the national portal records it (DongBoHoSoMC), with the status of event `e`: the rest is the
 * dossier as it is now (its dates, files, fees), with the supplement rounds up to `e`.
 */
export async function nationalDossier(
  db: Tx,
  d: DossierRow,
  e: EventRow,
  events: EventRow[],
): Promise<NationalDossier> {
  const info = await db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .innerJoin("fields as f", "f.id", "v.field_id")
    .select(["p.national_code", "p.portal_code", "v.name", "f.code as field_code", "f.name as field_name"])
    .where("p.id", "=", d.procedure_id)
    .executeTakeFirstOrThrow();
  const pinned = await db
    .selectFrom("procedure_versions")
    .select("name")
    .where("id", "=", d.procedure_version_id)
    .executeTakeFirst();
  const unit = await db
    .selectFrom("units")
    .select("code")
    .where("id", "=", d.receiving_unit_id)
    .executeTakeFirstOrThrow();
  const files = await db
    .selectFrom("dossier_files as df")
    .innerJoin("files as fi", "fi.id", "df.file_id")
    .select(["df.kind", "df.component_code", "fi.id", "fi.name", "fi.sha256"])
    .where("df.dossier_id", "=", d.id)
    .where("df.kind", "in", ["component", "supplement", "result"])
    .orderBy("df.added_at")
    .execute();
  const payments = await db
    .selectFrom("payment_obligations")
    .selectAll()
    .where("dossier_id", "=", d.id)
    .where("status", "!=", "cancelled")
    .orderBy("requested_at")
    .execute();
  const a = d.applicant;
  const status = e.to_status ?? d.status;
  const nationalId = await nationalIdOf(db, d);
  const submitted: Static<typeof SubmittedFile>[] = files
    .filter((f) => f.kind !== "result")
    .map((f) => ({
      MaThanhPhan: (f.component_code || "KHAC").slice(0, 50),
      TenTepDinhKem: f.name.slice(0, 255) || "tep",
      ...(f.sha256 ? { SHA256: f.sha256 } : {}),
      SoHoa: true,
    }));
  const rounds: NationalDossier["DanhSachHoSoBoSung"] = [];
  for (const ev of events) {
    if (ev.seq > e.seq) break;
    const data = ev.data as {
      items?: unknown;
      note?: unknown;
      changes?: Record<string, { from?: unknown; to?: unknown }>;
    };
    if (ev.type === "supplement_requested") {
      const items = Array.isArray(data.items)
        ? data.items.map((x) => (typeof x === "string" ? x : JSON.stringify(x)))
        : [];
      rounds.push({
        NgayYeuCau: nationalTime(ev.at),
        NoiDung: (items.join("; ") || String(data.note ?? "") || "Yêu cầu bổ sung").slice(0, 4000),
      });
    } else if (ev.type === "supplement_completed" && rounds.length) {
      const r = rounds[rounds.length - 1];
      r.NgayBoSung = nationalTime(ev.at);
      const due = data.changes?.due_at;
      if (due?.from) r.HanCu = t(due.from as string);
      if (due?.to) r.HanMoi = t(due.to as string);
    }
  }
  const received = d.received_at ?? (status >= 2 && status !== 3 ? e.at : null);
  return {
    MaHoSo: d.code ?? "",
    ...(nationalId ? { MaHoSoQG: nationalId } : {}),
    MaTTHC: info.portal_code ?? info.national_code,
    TenTTHC: (pinned?.name ?? info.name).slice(0, 1000),
    MaLinhVuc: info.field_code.slice(0, 50),
    TenLinhVuc: info.field_name.slice(0, 500),
    KenhThucHien: CHANNEL[d.channel] ?? 2,
    ChuHoSo: a.name.slice(0, 300),
    LoaiDoiTuong: a.type === "business" ? 2 : 1,
    ...((a.idNumber ?? a.taxCode) ? { MaDoiTuong: (a.idNumber ?? a.taxCode)!.slice(0, 50) } : {}),
    ...(a.phone ? { SoDienThoai: a.phone.slice(0, 30) } : {}),
    ...(a.email ? { Email: a.email.slice(0, 200) } : {}),
    ...(a.address ? { DiaChi: a.address.slice(0, 1000) } : {}),
    TrichYeuHoSo: `${pinned?.name ?? info.name} — ${a.name}`.slice(0, 2000),
    ...(received ? { NgayTiepNhan: nationalTime(new Date(received)) } : {}),
    ...(d.due_at || received ? { NgayHenTra: nationalTime(new Date(d.due_at ?? received!)) } : {}),
    ...(status === 10 ? { NgayTra: nationalTime(new Date(d.returned_at ?? e.at)) } : {}),
    TrangThaiHoSo: status,
    TraKetQuaQuaBuuChinh: d.return_method === "post",
    DonViXuLy: unit.code.slice(0, 100),
    TaiLieuNop: submitted.slice(0, 200),
    DanhSachLePhi: payments.slice(0, 50).map((p) => ({
      TenPhiLePhi: p.description.slice(0, 500) || "Phí, lệ phí",
      MucPhi: Math.max(0, Math.round(p.amount)),
      ...(p.method ? { HinhThucThu: PAID_BY[p.method] } : {}),
      DaThu: p.status === "paid",
    })),
    DanhSachHoSoBoSung: rounds.slice(-20),
    DanhSachGiayToKetQua: files
      .filter((f) => f.kind === "result")
      .slice(0, 50)
      .map((f) => ({ TenGiayTo: f.name.slice(0, 500) || "Kết quả", DienTu: true })),
  };
}

/**
 * The national portal's own id of a dossier a citizen submitted there (taken in by src/app/national-portal/inbound.ts),
 * echoed on every push so the portal links it to the province's dossier; undefined for the other channels.
 */
async function nationalIdOf(db: Tx, d: Pick<DossierRow, "id" | "channel">): Promise<string | undefined> {
  if (d.channel !== "national_portal") return undefined;
  const r = await db
    .selectFrom("national_inbound")
    .select("national_id")
    .where("dossier_id", "=", d.id)
    .where("state", "=", "accepted")
    .executeTakeFirst();
  return r?.national_id;
}

/** The processing step of a hand-over event (CapNhatTienDoHoSoMC), identified by the event's id. */
export async function progressStep(db: Tx, d: DossierRow, e: EventRow): Promise<ProgressStep> {
  const h = (e.data as { handover?: Record<string, unknown> }).handover ?? {};
  const step = (h.step ?? {}) as { name?: string; index?: number };
  const fromUnit = (h.fromUnit ?? null) as { name?: string } | null;
  const toUnit = (h.toUnit ?? null) as { name?: string } | null;
  const officer = e.actor_id
    ? await db.selectFrom("officers").select(["title"]).where("id", "=", e.actor_id).executeTakeFirst()
    : undefined;
  const task =
    typeof step.index === "number"
      ? await db
          .selectFrom("dossier_tasks")
          .select(["started_at", "due_at"])
          .where("dossier_id", "=", d.id)
          .where("kind", "=", "step")
          .where("step_index", "=", step.index)
          .where("started_at", "<=", e.at)
          .orderBy("started_at", "desc")
          .executeTakeFirst()
      : undefined;
  const note = (e.data as { note?: unknown; reason?: unknown }).note ?? (e.data as { reason?: unknown }).reason;
  const what = [
    `${step.name ?? e.type}`,
    toUnit?.name ? `chuyển ${toUnit.name}` : "",
    typeof note === "string" && note ? note : "",
  ]
    .filter(Boolean)
    .join(" — ");
  const nationalId = await nationalIdOf(db, d);
  return {
    MaHoSo: d.code ?? "",
    ...(nationalId ? { MaHoSoQG: nationalId } : {}),
    MaTienDo: String(e.id),
    NguoiXuLy: (e.actor_name ?? "Hệ thống").slice(0, 300),
    ...(officer?.title ? { ChucDanh: officer.title.slice(0, 300) } : {}),
    ThoiDiemXuLy: nationalTime(e.at),
    PhongBanXuLy: (fromUnit?.name ?? toUnit?.name ?? "Bộ phận một cửa").slice(0, 500),
    NoiDungXuLy: what.slice(0, 4000) || e.type,
    TrangThai: e.to_status ?? d.status,
    ...(task?.started_at ? { NgayBatDau: nationalTime(task.started_at) } : {}),
    ...(task?.due_at || h.dueAt
      ? { NgayKetThucTheoQuyDinh: nationalTime(new Date((task?.due_at ?? h.dueAt) as Date | string)) }
      : {}),
  };
}
