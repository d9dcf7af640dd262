/**
 * What the petition use cases share: the views (the citizen's, the office's, the public Q&A's), the history append,
 * and the errors. See src/domain/petitions.ts for the rules and src/app/petitions/{citizen,office,public}.ts for the
 * use cases.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import type { PetitionsTable } from "../../adapters/db/schema.js";
import type { RatingLevel } from "../../domain/measure/index766.js";
import type { PetitionStatus, SubjectKind } from "../../domain/petitions.js";
import { conflict, notFound } from "../errors.js";
import type { Actor } from "../history.js";

export type Tx = Transaction<Database> | Kysely<Database>;
export type PetitionRow = Selectable<PetitionsTable>;

export const PETITION_NOT_FOUND = notFound("petition_not_found", {
  vi: "Không tìm thấy phản ánh, kiến nghị.",
  en: "Petition not found.",
});

export interface PetitionEventView {
  seq: number;
  type: string;
  at: string;
  actorKind: string;
  actorName: string | null;
  data: Record<string, unknown>;
}

export interface PetitionFileView {
  id: string;
  name: string;
  size: number;
  mime: string;
}

/** A petition as its citizen sees it (no officer names beyond the unit; the answer only once approved). */
export interface PetitionView {
  id: string;
  code: string;
  subjectKind: SubjectKind;
  subjectText: string | null;
  procedureCode: string | null;
  procedureName: string | null;
  dossierCode: string | null;
  title: string;
  content: string;
  publishConsent: boolean;
  unitName: string;
  status: PetitionStatus;
  receivedAt: string;
  dueAt: string;
  answeredAt: string | null;
  answer: string | null;
  publishedAt: string | null;
  rating: RatingLevel | null;
  ratingReason: string | null;
  ratedAt: string | null;
  files: PetitionFileView[];
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The row joined with what the views name: the unit, the procedure, the dossier. */
export function selectPetitions(db: Tx) {
  return db
    .selectFrom("petitions as p")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .leftJoin("procedures as pr", "pr.id", "p.procedure_id")
    .leftJoin("procedure_versions as pv", "pv.id", "pr.current_version_id")
    .leftJoin("dossiers as d", "d.id", "p.dossier_id")
    .leftJoin("officers as a", "a.id", "p.assignee_id")
    .selectAll("p")
    .select([
      "u.name as unit_name",
      "u.code as unit_code",
      "pr.national_code as procedure_code",
      "pv.name as procedure_name",
      "d.code as dossier_code",
      "d.reference as dossier_reference",
      "a.name as assignee_name",
    ]);
}
export type JoinedRow = PetitionRow & {
  unit_name: string;
  unit_code: string;
  procedure_code: string | null;
  procedure_name: string | null;
  dossier_code: string | null;
  dossier_reference: string | null;
  assignee_name: string | null;
};

export async function filesOf(db: Tx, petitionId: string): Promise<PetitionFileView[]> {
  const rows = await db
    .selectFrom("petition_files as pf")
    .innerJoin("files as f", "f.id", "pf.file_id")
    .select(["f.id", "f.name", "f.size", "f.mime"])
    .where("pf.petition_id", "=", petitionId)
    .orderBy("f.created_at")
    .orderBy("f.id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, size: Number(r.size), mime: r.mime }));
}

export function citizenView(r: JoinedRow, files: PetitionFileView[]): PetitionView {
  const answered = r.status === "answered";
  return {
    id: r.id,
    code: r.code,
    subjectKind: r.subject_kind,
    subjectText: r.subject_text,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    dossierCode: r.dossier_code ?? r.dossier_reference,
    title: r.title,
    content: r.content,
    publishConsent: r.publish_consent,
    unitName: r.unit_name,
    status: r.status,
    receivedAt: iso(r.received_at)!,
    dueAt: iso(r.due_at)!,
    answeredAt: iso(r.answered_at),
    answer: answered ? r.answer : null,
    publishedAt: iso(r.published_at),
    rating: r.rating,
    ratingReason: r.rating_reason,
    ratedAt: iso(r.rated_at),
    files,
  };
}

export async function eventsOf(db: Tx, petitionId: string): Promise<PetitionEventView[]> {
  const rows = await db
    .selectFrom("petition_events")
    .selectAll()
    .where("petition_id", "=", petitionId)
    .orderBy("seq")
    .execute();
  return rows.map((e) => ({
    seq: e.seq,
    type: e.type,
    at: new Date(e.at).toISOString(),
    actorKind: e.actor_kind,
    actorName: e.actor_name,
    data: (typeof e.data === "string" ? JSON.parse(e.data) : e.data) as Record<string, unknown>,
  }));
}

/**
 * Appends the next event of a petition's history and advances its head, in the caller's transaction; the head moves
 * only from the sequence the caller read, so two concurrent actions cannot both succeed (409).
 */
export async function appendPetitionEvent(
  tx: Tx,
  head: { id: string; last_event_seq: number },
  actor: Actor,
  ev: { type: string; at: Date; data?: Record<string, unknown> },
): Promise<number> {
  const seq = head.last_event_seq + 1;
  const moved = await tx
    .updateTable("petitions")
    .set({ last_event_seq: seq, updated_at: ev.at })
    .where("id", "=", head.id)
    .where("last_event_seq", "=", head.last_event_seq)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw conflict();
  await tx
    .insertInto("petition_events")
    .values({
      petition_id: head.id,
      seq,
      type: ev.type,
      at: ev.at,
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      unit_id: actor.unitId ?? null,
      data: JSON.stringify(ev.data ?? {}),
    })
    .execute();
  return seq;
}
