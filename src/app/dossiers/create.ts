import { randomBytes } from "node:crypto";
import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import type { Applicant, DossiersTable } from "../../adapters/db/schema.js";
import { vnDay } from "../../domain/calendar/days.js";
import { mayReceive } from "../../domain/catalogue.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES } from "../../domain/rules.js";
import { Status } from "../../domain/status.js";
import { attachDeclarations, type DeclarationSource } from "../declarations.js";
import type { Deps } from "../deps.js";
import { AppError } from "../errors.js";
import { type Actor, appendEvent } from "../history.js";
import { enqueue } from "../outbox.js";
import { attachFiles } from "../uploads.js";

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

/**
 * The rule set in force at `at` (the newest whose effective day has come, in Vietnam). When the database holds none
 * yet, the default one (Decree 118/2025) is recorded, so a dossier always pins a rule set that exists.
 */
export async function ruleSetInForce(tx: Tx, at: Date): Promise<string> {
  const row = await tx
    .selectFrom("rule_sets")
    .select("code")
    .where("effective_from", "<=", vnDay(at))
    .orderBy("effective_from", "desc")
    .limit(1)
    .executeTakeFirst();
  if (row) return row.code;
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
  declarations?: { procedure: DeclarationSource["procedure"]; applicantName: string };
  /** Whether the applicant is told of the new status through the outbox (online: yes). */
  notify: boolean;
  at: Date;
}

/** Columns a channel sets at insertion (e.g. counter intake inserts the dossier already received). */
export type DossierPatch = Partial<Insertable<DossiersTable>>;

export type Created =
  | { created: true; row: DossierRow; head: { id: string; last_event_seq: number; last_event_hash: string | null } }
  | { created: false; row: DossierRow };

/**
 * Creates a dossier at status 1 in the caller's transaction: row, files, "submitted" event, outbox message.
 * With an Idempotency-Key already used by the account, nothing is written and the existing row is returned
 * (`created: false`; the caller compares the request fingerprint). `patch(values)` may add columns computed from the
 * row to be (the rule set, the receiving unit), e.g. the receipt of a dossier received at once.
 */
export async function createDossier(
  deps: Deps,
  tx: Tx,
  input: NewDossier,
  patch?: (values: Insertable<DossiersTable> & { rule_set_code: string }) => Promise<DossierPatch>,
): Promise<Created> {
  if (!mayReceive(input.procedure, input.receivingUnitId))
    throw new AppError(422, "unit_does_not_receive_procedure", {
      vi: "Đơn vị tiếp nhận không thực hiện thủ tục này.",
      en: "The receiving unit does not carry out this procedure.",
    });
  const ruleSetCode = await ruleSetInForce(tx, input.at);
  const online = input.channel === "online" || input.channel === "national_portal";
  const values = {
    reference: online ? newReference() : intakeReference(input.at),
    procedure_id: input.procedure.procedureId,
    procedure_version_id: input.procedure.versionId,
    rule_set_code: ruleSetCode,
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
  } satisfies Insertable<DossiersTable>;
  const extra = patch ? await patch(values) : {};
  let q = tx
    .insertInto("dossiers")
    .values({ ...values, ...extra })
    .returningAll();
  if (input.idempotency && input.applicantAccountId)
    q = q.onConflict((oc) => oc.columns(["applicant_account_id", "idempotency_key"]).doNothing());
  const row = await q.executeTakeFirst();
  if (!row) {
    // A concurrent request with the same key won: answer with its dossier.
    const existing = await tx
      .selectFrom("dossiers")
      .selectAll()
      .where("applicant_account_id", "=", input.applicantAccountId)
      .where("idempotency_key", "=", input.idempotency!.key)
      .executeTakeFirstOrThrow();
    return { created: false, row: existing };
  }
  await attachFiles(tx, row.id, input.files, "component", input.at);
  // the application form itself is rendered from the e-form, never uploaded (issue #10 item 7)
  const declarations = input.declarations
    ? await attachDeclarations(deps, tx, {
        dossierId: row.id,
        reference: row.reference,
        channel: input.channel,
        at: input.at,
        procedure: input.declarations.procedure,
        data: input.data,
        applicantName: input.declarations.applicantName,
        receivingUnitId: input.receivingUnitId,
      })
    : [];
  const head = { id: row.id, last_event_seq: 0, last_event_hash: null as string | null };
  const ev = await appendEvent(tx, head, input.event.actor, {
    type: "submitted",
    at: input.at,
    fromStatus: null,
    toStatus: Status.SUBMITTED,
    data: declarations.length ? { ...input.event.data, declarations } : input.event.data,
  });
  if (input.notify)
    await enqueue(tx, {
      topic: "notify.status",
      key: `${row.id}:${ev.seq}`,
      dossierId: row.id,
      payload: { dossierId: row.id, status: Status.SUBMITTED, seq: ev.seq },
    });
  return { created: true, row, head };
}
