import { randomBytes, randomUUID } from "node:crypto";
import { type Insertable, type Kysely, type QueryCreator, type Selectable, sql, type Transaction } from "kysely";
import { type Step, withSteps } from "../../adapters/db/cte.js";
import type { Database } from "../../adapters/db/index.js";
import type { Applicant, DossiersTable } from "../../adapters/db/schema.js";
import { vnDay } from "../../domain/calendar/days.js";
import { mayReceive } from "../../domain/catalogue.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES } from "../../domain/rules.js";
import { Status } from "../../domain/status.js";
import { type DeclarationSource, declarationFiles } from "../declarations.js";
import { AppError } from "../errors.js";
import { type Actor, firstEvent } from "../history.js";
import { emcPushSteps } from "../emc.js";
import { isSyncRelevant, nationalSyncSteps } from "../national-portal/sync.js";
import { factChanges } from "../dossier-facts.js";
import { reusedAmong } from "../warehouse.js";
import { firstEventStatistics } from "../statistics.js";
import { type FileOwner, fileInAnotherDossier } from "../uploads.js";

/**
 * The one way a dossier comes into being (issue #11 "one way to create a dossier"): online submission, counter and
 * postal intake, the coming national-portal intake, and the tests' fixtures all call `createDossier`, in their own
 * transaction. It decides, in one place each:
 * - the rule set in force (pinned on the dossier, domain.md §5): `ruleSetInForce`;
 * - who may receive the procedure: `mayReceive` (src/domain/catalogue.ts);
 * - the reference given at once (by channel), the files attached (one dossier per file: `attachFiles`), the
 *   application form rendered from the e-form (declaration components),
 *   the first ("submitted") history event, and the outbox key scheme `<dossier id>:<event seq>`.
 * The channel has already checked what is its own to check (the e-form data, the applicant, the files' owner).
 */

type Tx = Transaction<Database> | Kysely<Database>;
export type DossierRow = Selectable<DossiersTable>;
export type Channel = "online" | "counter" | "postal" | "national_portal";

/** The rule set in force at `at`: the newest whose effective day has come, in Vietnam (one query, also a sub-query). */
function ruleSetInForceQuery(db: QueryCreator<Database>, at: Date) {
  return db
    .selectFrom("rule_sets")
    .select("code")
    .where("effective_from", "<=", vnDay(at))
    .orderBy("effective_from", "desc")
    .limit(1);
}

/** Records the default rule set (Decree 118/2025), for a database that holds none in force yet. */
async function recordDefaultRuleSet(tx: Tx): Promise<void> {
  await tx
    .insertInto("rule_sets")
    .values({
      code: DEFAULT_RULE_SET_CODE,
      name: "Nghị định 118/2025/NĐ-CP",
      effective_from: "2025-07-01",
      rules: JSON.stringify(DEFAULT_RULES),
    })
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
}

/**
 * The rule set in force at `at` (the newest whose effective day has come, in Vietnam). When the database holds none
 * yet, the default one (Decree 118/2025) is recorded, so a dossier always pins a rule set that exists.
 */
export async function ruleSetInForce(tx: Tx, at: Date): Promise<string> {
  const row = await ruleSetInForceQuery(tx, at).executeTakeFirst();
  if (row) return row.code;
  await recordDefaultRuleSet(tx);
  return DEFAULT_RULE_SET_CODE;
}

/** Unambiguous base32 (no I, L, O, U). */
const ONLINE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const INTAKE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A new applicant reference for an online dossier, e.g. "HS-7K2M9QXD" (40 random bits). */
export function newReference(): string {
  const bytes = randomBytes(8);
  let s = "";
  for (let i = 0; i < 8; i++) s += ONLINE_ALPHABET[bytes[i] & 31];
  return `HS-${s}`;
}

/** A reference for a dossier before it has its legal code: `TQ-YYMMDD-XXXXXX` (counter/postal intake). */
export function intakeReference(at: Date): string {
  const day = vnDay(at).replace(/-/g, "").slice(2);
  const bytes = randomBytes(6);
  let s = "";
  for (const b of bytes) s += INTAKE_ALPHABET[b % INTAKE_ALPHABET.length];
  return `TQ-${day}-${s}`;
}

/**
 * A file whose row is written with the dossier: its bytes already durable in the file store, or (`render`) a document
 * rendered from the dossier at its first read.
 */
export type NewFile = NewFileBase &
  (
    | { key: string; size: number; sha256: string; render?: undefined }
    | { key: null; size: null; sha256: null; render: "declaration" }
  );

interface NewFileBase {
  id: string;
  name: string;
  mime: string;
  /** Who uploaded it, or the dossier itself for a document generated with it. */
  owner: FileOwner | { kind: "dossier"; id: string };
  componentCode: string;
}

export interface NewDossier {
  channel: Channel;
  /** The published version the dossier pins, with the units that may receive it. */
  procedure: {
    procedureId: string;
    versionId: string;
    implementingUnitIds: readonly string[];
    competentUnitId: string;
  };
  receivingUnitId: string;
  /** The applicant's account (online), or none (counter, postal, national portal). */
  applicantAccountId: string | null;
  applicant: Applicant;
  /** E-form data, already validated by the channel. */
  data: Record<string, unknown>;
  /** Files already stored and checked by the channel (owner); each may belong to this dossier only. */
  files: { fileId: string; componentCode: string | null }[];
  /**
   * Files sent with the request (the one-request submission): checked, their bytes durable in the file store, their
   * rows written and attached with the dossier. On any failure the caller removes their bytes (discardStaged).
   */
  newFiles?: NewFile[];
  returnMethod: "counter" | "post" | "online";
  returnAddress: string | null;
  sets?: number;
  /** An Idempotency-Key of the applicant's account, with the fingerprint of the request. */
  idempotency?: { key: string; hash: string };
  /** Who submitted it and what the "submitted" event records (channel-specific). */
  event: { actor: Actor; data: Record<string, unknown> };
  /**
   * The procedure's text, e-form and components, when the dossier's application form is to be rendered from its
   * e-form data (declaration components, issue #10 item 7); absent when there is no data yet (a postal dossier left
   * for checking).
   */
  declarations?: {
    procedure: DeclarationSource["procedure"];
    applicantName: string;
  };
  /** Whether the applicant is told of the new status through the outbox (online: yes). */
  notify: boolean;
  at: Date;
}

/** Columns a channel sets at insertion (e.g. counter intake inserts the dossier already received). */
export type DossierPatch = Partial<Insertable<DossiersTable>>;

export type Created =
  | { created: true; row: DossierRow; head: { id: string; last_event_seq: number; last_event_hash: string | null } }
  | { created: false; row: DossierRow };

type PgError = { code?: string; constraint?: string; message?: string; detail?: string; column?: string };
const violates = (e: unknown, code: string, what: RegExp) => {
  const err = e as PgError;
  return (
    err?.code === code &&
    what.test(`${err.constraint ?? ""} ${err.column ?? ""} ${err.message ?? ""} ${err.detail ?? ""}`)
  );
};

/**
 * Creates a dossier at status 1 with everything that comes into being with it — the row (its history's head already
 * at the first event), the files sent with it and the attachment of every file, the application form rendered from the
 * e-form, the "submitted" event, the statistics' record, the outbox messages (the applicant's notice, the national
 * portal's push when connected) and, for an applicant's account, the removal of their draft — in ONE statement of
 * data-modifying common table expressions: one round trip, and, run outside a transaction (online submission), one
 * commit. The rule set in force is chosen inside that statement (`ruleSetInForceQuery`) unless `patch` needs it first.
 * With an Idempotency-Key already used by the account, nothing is written and the existing row is returned
 * (`created: false`; the caller compares the request fingerprint) — outside a transaction; inside one, the unique
 * violation is thrown (the transaction is lost anyway). `patch(values)` may add columns computed from the row to be
 * (the rule set, the receiving unit), e.g. the receipt of a dossier received at once.
 */
export async function createDossier(
  tx: Tx,
  input: NewDossier,
  patch?: (values: Insertable<DossiersTable> & { rule_set_code: string }) => Promise<DossierPatch>,
): Promise<Created> {
  if (!mayReceive(input.procedure, input.receivingUnitId))
    throw new AppError(422, "unit_does_not_receive_procedure", {
      vi: "Đơn vị tiếp nhận không thực hiện thủ tục này.",
      en: "The receiving unit does not carry out this procedure.",
    });
  const online = input.channel === "online" || input.channel === "national_portal";
  const id = randomUUID();
  const values = {
    id,
    reference: online ? newReference() : intakeReference(input.at),
    procedure_id: input.procedure.procedureId,
    procedure_version_id: input.procedure.versionId,
    receiving_unit_id: input.receivingUnitId,
    status: Status.SUBMITTED as 1,
    channel: input.channel,
    applicant_account_id: input.applicantAccountId,
    applicant: JSON.stringify(input.applicant),
    data: JSON.stringify(input.data),
    return_method: input.returnMethod,
    return_address: input.returnAddress,
    sets: input.sets ?? 1,
    submitted_at: input.at,
    idempotency_key: input.idempotency?.key ?? null,
    idempotency_hash: input.idempotency?.hash ?? null,
    created_at: input.at,
    updated_at: input.at,
  } satisfies Omit<Insertable<DossiersTable>, "rule_set_code">;
  // A channel that computes columns from the rule set reads it first; otherwise the statement chooses it.
  const ruleSet = patch ? await ruleSetInForce(tx, input.at) : undefined;
  const extra = patch && ruleSet ? await patch({ ...values, rule_set_code: ruleSet }) : {};

  // the application form itself is rendered from the e-form, never uploaded (issue #10 item 7): its file row is
  // written and attached here, its bytes rendered at its first read (file-bytes.ts) — the PDF costs more CPU than the
  // rest of the submission, and everything it is rendered from is fixed by this statement
  const generated: NewFile[] = input.declarations
    ? declarationFiles(input.declarations.procedure.components).map((d) => ({
        id: randomUUID(),
        key: null,
        name: d.name,
        mime: "application/pdf",
        size: null,
        sha256: null,
        render: "declaration" as const,
        owner: { kind: "dossier" as const, id },
        componentCode: d.componentCode,
      }))
    : [];

  const newFiles = [...(input.newFiles ?? []), ...generated];
  const attached = [
    ...input.files,
    ...newFiles.map((f) => ({ fileId: f.id, componentCode: f.componentCode as string | null })),
  ].filter((f, i, all) => all.findIndex((g) => g.fileId === f.fileId) === i);
  const declarations = generated.map((g) => ({ fileId: g.id, componentCode: g.componentCode, name: g.name }));
  const event = firstEvent(id, input.event.actor, {
    type: "submitted",
    at: input.at,
    fromStatus: null,
    toStatus: Status.SUBMITTED,
    data: declarations.length ? { ...input.event.data, declarations } : input.event.data,
  });
  const stats = firstEventStatistics(
    id,
    {
      unit_id: input.receivingUnitId,
      field_id: sql<string>`(select field_id from procedure_versions where id = ${input.procedure.versionId})`,
      procedure_id: input.procedure.procedureId,
      channel: input.channel,
    },
    { type: event.row.type, at: input.at, fromStatus: null, toStatus: Status.SUBMITTED, data: event.row.data },
  );

  const steps = (reference: string): Step[] => {
    const out: Step[] = [
      [
        "dossier",
        tx
          .insertInto("dossiers")
          .values({
            ...values,
            reference,
            rule_set_code: ruleSet ?? sql<string>`(${ruleSetInForceQuery(tx, input.at)})`,
            last_event_seq: event.row.seq,
            last_event_hash: event.hash,
            ...extra,
          })
          .returningAll(),
      ],
    ];
    if (newFiles.length)
      out.push([
        "new_files",
        tx.insertInto("files").values(
          newFiles.map((f) => ({
            id: f.id,
            storage_key: f.key,
            sha256: f.sha256,
            size: f.size,
            render: f.render ?? null,
            mime: f.mime,
            name: f.name,
            owner_kind: f.owner.kind,
            owner_id: f.owner.id,
            created_at: input.at,
          })),
        ),
      ]);
    if (attached.length)
      out.push([
        "attached",
        tx.insertInto("dossier_files").values(
          attached.map((f) => ({
            dossier_id: id,
            file_id: f.fileId,
            component_code: f.componentCode ?? null,
            kind: "component" as const,
            added_at: input.at,
          })),
        ),
      ]);
    out.push([
      "event",
      tx.insertInto("dossier_events").values({ ...event.row, data: JSON.stringify(event.row.data), hash: event.hash }),
    ]);
    out.push(["statistics", tx.insertInto("stat_dossiers").values(stats.dossier)]);
    // the dossier's Decision 766 facts (recordFacts for later events); its files are counted here, since a query in
    // this statement does not see the rows the statement inserts
    const facts = factChanges(
      id,
      { ...event.row, at: input.at, fromStatus: null, toStatus: Status.SUBMITTED },
      attached.length,
      reusedAmong(input.files.map((f) => f.fileId)),
    );
    if (facts)
      out.push([
        "facts",
        tx.insertInto("dossier_facts").values({ dossier_id: id, updated_at: input.at, ...facts.insert }),
      ]);
    if (stats.daily.length)
      out.push([
        "statistics_daily",
        tx
          .insertInto("stat_daily")
          .values(stats.daily)
          .onConflict((oc) =>
            oc
              .columns(["unit_id", "day", "field_id", "procedure_id", "channel", "metric", "bucket"])
              .doUpdateSet({ n: sql`stat_daily.n + excluded.n` }),
          ),
      ]);
    if (input.notify)
      out.push([
        "notice",
        tx.insertInto("outbox").values({
          topic: "notify.status",
          key: `${id}:${event.row.seq}`,
          dossier_id: id,
          payload: JSON.stringify({ dossierId: id, status: Status.SUBMITTED, seq: event.row.seq }),
        }),
      ]);
    // every change the national portal must hear about is queued with it (as appendEvent does for later events)
    if (isSyncRelevant({ type: event.row.type, fromStatus: null, toStatus: Status.SUBMITTED, data: event.row.data }))
      out.push(...nationalSyncSteps(id, event.row.seq, input.at));
    // and so is the monitoring platform's feed (issue #8; queueEmcPush for later events)
    out.push(...emcPushSteps(id, event.row.seq));
    // an applicant's draft of this procedure went into the dossier
    if (input.applicantAccountId)
      out.push([
        "draft",
        tx
          .deleteFrom("drafts")
          .where("account_id", "=", input.applicantAccountId)
          .where("procedure_id", "=", input.procedure.procedureId),
      ]);
    return out;
  };

  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const reference = attempt === 0 ? values.reference : online ? newReference() : intakeReference(input.at);
        const r = await sql<DossierRow>`with ${withSteps(steps(reference))} select * from dossier`.execute(tx);
        const row = r.rows[0];
        return { created: true, row, head: { id, last_event_seq: event.row.seq, last_event_hash: event.hash } };
      } catch (e) {
        // 40 random bits: a reference collision is rare; draw again
        if (attempt < 3 && !tx.isTransaction && violates(e, "23505", /reference/)) continue;
        // no rule set in force at all (a new database): record the default one and write again
        if (attempt < 3 && !tx.isTransaction && violates(e, "23502", /rule_set_code/)) {
          await recordDefaultRuleSet(tx);
          continue;
        }
        throw e;
      }
    }
  } catch (e) {
    if (violates(e, "23505", /dossier_files_one_dossier|file_id/)) throw fileInAnotherDossier();
    if (input.idempotency && input.applicantAccountId && !tx.isTransaction && violates(e, "23505", /idempotency/)) {
      // A concurrent request with the same key won: answer with its dossier.
      const existing = await tx
        .selectFrom("dossiers")
        .selectAll()
        .where("applicant_account_id", "=", input.applicantAccountId)
        .where("idempotency_key", "=", input.idempotency.key)
        .executeTakeFirst();
      if (existing) return { created: false, row: existing };
    }
    throw e;
  }
}
