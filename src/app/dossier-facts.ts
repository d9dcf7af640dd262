/**
 * The Decision 766 facts of each dossier (issue #6; domain.md §8: "record, per dossier, channel, on-time flag, sync
 * success, digitised and reused components, e-result, payment obligation and online payment, rating").
 *
 * Recorded where they happen: the channel on the dossier, the on-time flag in the statistics state
 * (`stat_dossiers.closed_as`), the sync in `national_sync`, the rating in `dossier_ratings`; the rest in
 * `dossier_facts`, maintained here by `appendEvent` (src/app/history.ts) in the transaction of the event that changes
 * it — an event that changes none of them costs nothing:
 * - components digitised: the component and supplement files the dossier holds (scanned at the counter, uploaded
 *   online, fetched from the national portal, or rendered from the e-form), counted at submission, receipt and each
 *   completed supplement;
 * - electronic result: true once a result document is attached; false when the dossier is resolved without one;
 * - payment obligation: false from submission, true once a payment is requested; paid online: null until a payment
 *   is confirmed, then whether every confirmed payment was made online;
 * - reuse of digitised data (issue #7): whether a component file was picked from the applicant's data warehouse,
 *   counted with the components digitised;
 * - population-database use (issue #7): whether the submission relied on a look-up in the population or business
 *   database (the "submitted" event's `registryLookups`);
 * - electronic certified copies (issue #7): the number issued (certify_copy); null when none. A null is never
 *   counted as zero.
 * `dossierFacts` reads them all together.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../adapters/db/index.js";
import type { RatingLevel } from "../domain/measure/index766.js";
import { Status } from "../domain/status.js";

type Tx = Transaction<Database> | Kysely<Database>;

interface FactEvent {
  type: string;
  at: Date;
  fromStatus?: number | null;
  toStatus?: number | null;
  data?: Record<string, unknown>;
}

const FILE_EVENTS = new Set(["submitted", "received", "supplement_completed"]);

/**
 * What one event changes in a dossier's facts: the columns of a first record (`insert`) and of an update of the record
 * (`set`), or undefined when it changes none. `componentsDigitised` is the number of the dossier's component and
 * supplement files after the event (a sub-query, or a number when the caller knows it).
 */
export function factChanges(
  dossierId: string,
  ev: FactEvent,
  componentsDigitised: unknown = sql<number>`(select count(*)::int from dossier_files
      where dossier_id = ${dossierId}::uuid and kind in ('component', 'supplement'))`,
  dataReused: unknown = sql<boolean>`exists (select 1 from dossier_files df join files f on f.id = df.file_id
      where df.dossier_id = ${dossierId}::uuid and f.warehouse_document_id is not null)`,
): { set: Record<string, unknown>; insert: Record<string, unknown> } | undefined {
  const resolved =
    ev.toStatus != null &&
    ev.toStatus !== ev.fromStatus &&
    (ev.toStatus === Status.PROCESSED || ev.toStatus === Status.RETURNED);
  const set: Record<string, unknown> = {};
  const insert: Record<string, unknown> = {};
  if (FILE_EVENTS.has(ev.type)) {
    set.components_digitised = componentsDigitised;
    insert.components_digitised = componentsDigitised;
    set.data_reused = dataReused;
    insert.data_reused = dataReused;
  }
  if (ev.type === "submitted") {
    const lookups = ev.data?.registryLookups;
    const used = Array.isArray(lookups) && lookups.length > 0;
    set.population_data_used = used;
    insert.population_data_used = used;
    // nothing to pay unless an officer asks for it (request_payment)
    set.payment_required = sql`coalesce(dossier_facts.payment_required, false)`;
    insert.payment_required = false;
  }
  if (ev.type === "payment_requested") {
    set.payment_required = true;
    insert.payment_required = true;
  }
  if (ev.type === "payment_confirmed") {
    const online = ev.data?.method === "online";
    set.paid_online = sql`coalesce(dossier_facts.paid_online, true) and ${online}`;
    insert.paid_online = online;
  }
  if (ev.type === "certified_copy_issued") {
    set.e_certified_copies = sql`coalesce(dossier_facts.e_certified_copies, 0) + 1`;
    insert.e_certified_copies = 1;
  }
  if (ev.type === "result_attached" || ev.type === "certified_copy_issued") {
    set.electronic_result = true;
    insert.electronic_result = true;
  } else if (resolved) {
    set.electronic_result = sql`coalesce(dossier_facts.electronic_result, false)`;
    insert.electronic_result = false;
  }
  return Object.keys(set).length === 0 ? undefined : { set, insert };
}

/** Updates the dossier's facts for one event just appended to its history (same transaction). */
export async function recordFacts(tx: Tx, dossierId: string, ev: FactEvent): Promise<void> {
  const changes = factChanges(dossierId, ev);
  if (!changes) return;
  await tx
    .insertInto("dossier_facts")
    .values({ dossier_id: dossierId, updated_at: ev.at, ...changes.insert })
    .onConflict((oc) => oc.column("dossier_id").doUpdateSet({ ...changes.set, updated_at: ev.at }))
    .execute();
}

/** A dossier's Decision 766 facts; null = no data (not known yet, or not measurable by motcua yet). */
export interface DossierFacts {
  channel: string;
  /** Submitted online (own portal or the national portal). */
  online: boolean;
  /** How it was resolved against its deadline; null while not resolved. */
  onTime: "early" | "on_time" | "late" | null;
  /** The national portal has it (null when the province is not connected or it was never queued). */
  synced: boolean | null;
  componentsDigitised: number | null;
  electronicResult: boolean | null;
  dataReused: boolean | null;
  populationDataUsed: boolean | null;
  eCertifiedCopies: number | null;
  paymentRequired: boolean | null;
  paidOnline: boolean | null;
  rating: RatingLevel | null;
}

const ON_TIME: Record<string, DossierFacts["onTime"]> = {
  resolved_early: "early",
  resolved_on_time: "on_time",
  resolved_late: "late",
};

/** The facts of some dossiers, by id. */
export async function dossierFacts(db: Tx, ids: string[]): Promise<Map<string, DossierFacts>> {
  const out = new Map<string, DossierFacts>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("dossiers as d")
    .leftJoin("dossier_facts as f", "f.dossier_id", "d.id")
    .leftJoin("stat_dossiers as s", "s.dossier_id", "d.id")
    .leftJoin("national_sync as ns", "ns.dossier_id", "d.id")
    .leftJoin("dossier_ratings as r", "r.dossier_id", "d.id")
    .select([
      "d.id",
      "d.channel",
      "s.closed_as",
      "ns.dossier_id as sync_id",
      "ns.first_synced_at",
      "f.components_digitised",
      "f.electronic_result",
      "f.data_reused",
      "f.population_data_used",
      "f.e_certified_copies",
      "f.payment_required",
      "f.paid_online",
      "r.overall",
    ])
    .where("d.id", "in", ids)
    .execute();
  for (const r of rows)
    out.set(r.id, {
      channel: r.channel,
      online: r.channel === "online" || r.channel === "national_portal",
      onTime: r.closed_as ? (ON_TIME[r.closed_as] ?? null) : null,
      synced: r.sync_id ? r.first_synced_at !== null : null,
      componentsDigitised: r.components_digitised ?? null,
      electronicResult: r.electronic_result ?? null,
      dataReused: r.data_reused ?? null,
      populationDataUsed: r.population_data_used ?? null,
      eCertifiedCopies: r.e_certified_copies ?? null,
      paymentRequired: r.payment_required ?? null,
      paidOnline: r.paid_online ?? null,
      rating: (r.overall as RatingLevel | null) ?? null,
    });
  return out;
}
