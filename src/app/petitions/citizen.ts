/**
 * The citizen's side of petitions (issue #8): file one (about a regulation, a procedure picked by its code, an officer
 * or unit, or one of their own dossiers), with attachments of the one upload pipeline and the consent to publish the
 * answer; follow them ("my petitions"); read the answer; rate the handling once. Another account's petition is a 404
 * (its existence is not revealed). Filing is one transaction: the code from the per-unit-per-day counter, the row
 * with its due instant from the working-time calendar and the rule set in force, the attachments, the first event.
 */
import { type Static, Type } from "@sinclair/typebox";
import { vnDay } from "../../domain/dossier-code.js";
import { RATING_LEVELS } from "../../domain/measure/index766.js";
import { formatPetitionCode, petitionDueAt, SUBJECT_KINDS } from "../../domain/petitions.js";
import { MAX_DOSSIERS_PER_UNIT_DAY } from "../../domain/dossier-code.js";
import type { Citizen } from "../actors.js";
import { getCalendar, ruleSetAt } from "../calendar.js";
import { fileBytes } from "../file-bytes.js";
import { ownedBy } from "../citizen-dossiers.js";
import type { Deps } from "../deps.js";
import { conflict, type FieldError, fieldError, fill, invalidInput, parseInput } from "../errors.js";
import type { Actor } from "../history.js";
import { discardStaged, isUuid, type StagedUpload, stagedFileRow } from "../uploads.js";
import {
  appendPetitionEvent,
  citizenView,
  eventsOf,
  filesOf,
  type JoinedRow,
  PETITION_NOT_FOUND,
  type PetitionEventView,
  type PetitionView,
  selectPetitions,
  type Tx,
} from "./common.js";

export const MAX_PETITION_FILES = 5;

export const PetitionInput = Type.Object({
  subjectKind: Type.Union(
    SUBJECT_KINDS.map((k) => Type.Literal(k)),
    { description: "regulation | procedure | officer | dossier" },
  ),
  procedureCode: Type.Optional(Type.String({ maxLength: 60, description: "The procedure's code (subject procedure)" })),
  dossierId: Type.Optional(Type.String({ maxLength: 60, description: "One of my dossiers (subject dossier)" })),
  unitId: Type.Optional(Type.String({ maxLength: 60, description: "The unit concerned (regulation, officer)" })),
  subjectText: Type.Optional(
    Type.String({ maxLength: 300, description: "The regulation, or the officer or unit, named by the citizen" }),
  ),
  title: Type.String({ maxLength: 200, description: "Required (not blank)" }),
  content: Type.String({ maxLength: 10000, description: "Required (not blank)" }),
  publishConsent: Type.Boolean({ description: "Whether the answer may be published on the portal's Q&A page" }),
  attachments: Type.Optional(
    Type.Array(Type.String({ maxLength: 60 }), {
      maxItems: MAX_PETITION_FILES,
      description: "Files uploaded with POST /api/uploads",
    }),
  ),
});
export type PetitionInput = Static<typeof PetitionInput>;

export const PetitionRatingInput = Type.Object({
  level: Type.Union(
    RATING_LEVELS.map((l) => Type.Literal(l)),
    { description: "very_satisfied | satisfied | unsatisfied" },
  ),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type PetitionRatingInput = Static<typeof PetitionRatingInput>;

const T = {
  required: { vi: "Trường này là bắt buộc.", en: "This field is required." },
  kind: {
    vi: "Vui lòng chọn nội dung phản ánh, kiến nghị về quy định, thủ tục, cán bộ hay hồ sơ.",
    en: "Please choose whether the petition is about a regulation, a procedure, an officer or a dossier.",
  },
  procedure: {
    vi: "Không tìm thấy thủ tục hành chính đang áp dụng có mã này.",
    en: "No administrative procedure in force has this code.",
  },
  dossier: { vi: "Không tìm thấy hồ sơ này trong hồ sơ của Ông/Bà.", en: "This is not one of your dossiers." },
  unit: { vi: "Vui lòng chọn cơ quan, đơn vị.", en: "Please choose the agency or unit." },
  file: {
    vi: "Tệp không tồn tại, không do Ông/Bà tải lên hoặc đã được dùng ở hồ sơ, phản ánh khác.",
    en: "The file does not exist, was not uploaded by you, or is already used elsewhere.",
  },
  reason: { vi: "Xin cho biết lý do Ông/Bà chưa hài lòng.", en: "Please tell us why you are not satisfied." },
  tooMany: { vi: "Đính kèm tối đa {n} tệp.", en: "At most {n} files may be attached." },
};

const blank = (s: string | undefined) => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** Units a petition may be addressed to (about a regulation, an officer or a unit), by name. */
export async function petitionUnits(deps: Pick<Deps, "db">): Promise<{ id: string; code: string; name: string }[]> {
  return deps.db.selectFrom("units").select(["id", "code", "name"]).orderBy("name").orderBy("id").execute();
}

/** The citizen's dossiers a petition may be about (code or reference, procedure name), newest first. */
export async function petitionDossiers(deps: Deps, citizen: Citizen) {
  const rows = await deps.db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select(["d.id", "d.code", "d.reference", "v.name"])
    .where(ownedBy(citizen.id))
    .orderBy("d.created_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, label: `${r.code ?? r.reference} – ${r.name}` }));
}

/** Where the petition goes, checked against the subject: the handling unit and the subject's ids (422s named). */
async function resolveSubject(deps: Deps, citizen: Citizen, input: PetitionInput) {
  const fields: FieldError[] = [];
  let unitId: string | undefined;
  let procedureId: string | null = null;
  let dossierId: string | null = null;
  const subjectText = blank(input.subjectText) ?? null;
  if (input.subjectKind === "procedure") {
    const code = blank(input.procedureCode);
    if (!code) fields.push({ path: "body.procedureCode", text: T.required });
    else {
      const p = await deps.db
        .selectFrom("procedures as p")
        .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
        .select(["p.id", "v.competent_unit_id"])
        .where((eb) => eb.or([eb("p.national_code", "=", code), eb("p.portal_code", "=", code)]))
        .where("v.status", "=", "published")
        .executeTakeFirst();
      if (!p) fields.push({ path: "body.procedureCode", text: T.procedure });
      else {
        procedureId = p.id;
        unitId = p.competent_unit_id;
      }
    }
  } else if (input.subjectKind === "dossier") {
    const id = blank(input.dossierId);
    const d =
      id && isUuid(id)
        ? await deps.db
            .selectFrom("dossiers as d")
            .select(["d.id", "d.receiving_unit_id"])
            .where("d.id", "=", id)
            .where(ownedBy(citizen.id))
            .executeTakeFirst()
        : undefined;
    if (!id) fields.push({ path: "body.dossierId", text: T.required });
    else if (!d) fields.push({ path: "body.dossierId", text: T.dossier });
    else {
      dossierId = d.id;
      unitId = d.receiving_unit_id;
    }
  } else {
    const id = blank(input.unitId);
    const u =
      id && isUuid(id)
        ? await deps.db.selectFrom("units").select("id").where("id", "=", id).executeTakeFirst()
        : undefined;
    if (!u) fields.push({ path: "body.unitId", text: T.unit });
    else unitId = u.id;
    if (!subjectText) fields.push({ path: "body.subjectText", text: T.required });
  }
  if (!blank(input.title)) fields.push({ path: "body.title", text: T.required });
  if (!blank(input.content)) fields.push({ path: "body.content", text: T.required });
  return { fields, unitId, procedureId, dossierId, subjectText };
}

/** The citizen's own uploads among `ids`, in no dossier and no petition; a 422 naming the first bad one. */
async function checkAttachments(tx: Tx, citizen: Citizen, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const valid = [...new Set(ids.filter(isUuid))];
  const ok = valid.length
    ? await tx
        .selectFrom("files as f")
        .select("f.id")
        .where("f.id", "in", valid)
        .where("f.owner_kind", "=", "citizen")
        .where("f.owner_id", "=", citizen.id)
        .where((eb) =>
          eb.not(
            eb.or([
              eb.exists(eb.selectFrom("dossier_files as df").select("df.file_id").whereRef("df.file_id", "=", "f.id")),
              eb.exists(eb.selectFrom("petition_files as pf").select("pf.file_id").whereRef("pf.file_id", "=", "f.id")),
            ]),
          ),
        )
        .execute()
    : [];
  const good = new Set(ok.map((r) => r.id));
  const bad = ids.findIndex((id) => !good.has(id));
  if (bad >= 0) throw fieldError(`body.attachments[${bad}]`, T.file);
  if (new Set(ids).size !== ids.length) throw fieldError(`body.attachments[${ids.length - 1}]`, T.file);
}

const citizenActor = (c: Citizen, ip?: string | null): Actor => ({ kind: "citizen", id: c.id, name: c.name, ip });

/** Files a petition; returns it with its code. Nothing is written on a refusal. */
export async function filePetition(
  deps: Deps,
  citizen: Citizen,
  raw: unknown,
  meta: {
    ip?: string | null;
    /**
     * Files posted with the petition (a page's multipart form), checked and on their way to the store: their rows are
     * written with the petition, or their bytes removed when it is refused.
     */
    staged?: StagedUpload[];
  } = {},
): Promise<PetitionView> {
  const staged = meta.staged ?? [];
  let kept = false;
  try {
    const view = await file(deps, citizen, raw, meta.ip, staged);
    kept = true;
    return view;
  } finally {
    if (!kept && staged.length) await discardStaged(deps, staged);
  }
}

async function file(
  deps: Deps,
  citizen: Citizen,
  raw: unknown,
  ip: string | null | undefined,
  staged: StagedUpload[],
): Promise<PetitionView> {
  const r = (raw ?? {}) as Record<string, unknown>;
  if (!r.subjectKind) {
    // nothing chosen yet: say so, with the other required fields, in one answer
    const text = (v: unknown) => (typeof v === "string" ? blank(v) : undefined);
    const fields: FieldError[] = [{ path: "body.subjectKind", text: T.kind }];
    if (!text(r.title)) fields.push({ path: "body.title", text: T.required });
    if (!text(r.content)) fields.push({ path: "body.content", text: T.required });
    throw invalidInput(fields);
  }
  const input = parseInput(PetitionInput, raw);
  const s = await resolveSubject(deps, citizen, input);
  if (s.fields.length || !s.unitId) throw invalidInput(s.fields);
  const unitId = s.unitId;
  const now = deps.now();
  const [cal, { rules }] = await Promise.all([getCalendar(deps), ruleSetAt(deps, now)]);
  const dueAt = petitionDueAt(cal, now, rules);
  const earlier = input.attachments ?? [];
  if (earlier.length + staged.length > MAX_PETITION_FILES)
    throw fieldError("body.attachments", fill(T.tooMany, { n: MAX_PETITION_FILES }));
  const keys = await Promise.all(staged.map((f) => f.stored));
  const attachments = [...earlier, ...staged.map((f) => f.id)];
  const id = await deps.db.transaction().execute(async (trx) => {
    await checkAttachments(trx, citizen, earlier);
    if (staged.length)
      await trx
        .insertInto("files")
        .values(staged.map((f, i) => stagedFileRow(f, keys[i], { kind: "citizen", id: citizen.id }, now)))
        .execute();
    const unit = await trx
      .selectFrom("units")
      .select(["id", "code"])
      .where("id", "=", unitId)
      .executeTakeFirstOrThrow();
    const day = vnDay(now);
    const counter = await trx
      .insertInto("petition_counters")
      .values({ unit_id: unit.id, day, last: 1 })
      .onConflict((oc) =>
        oc.columns(["unit_id", "day"]).doUpdateSet((eb) => ({ last: eb("petition_counters.last", "+", 1) })),
      )
      .returning("last")
      .executeTakeFirstOrThrow();
    if (counter.last > MAX_DOSSIERS_PER_UNIT_DAY) throw conflict("daily_code_limit");
    const row = await trx
      .insertInto("petitions")
      .values({
        code: formatPetitionCode(unit.code, day, counter.last),
        citizen_id: citizen.id,
        subject_kind: input.subjectKind,
        subject_text: s.subjectText,
        procedure_id: s.procedureId,
        dossier_id: s.dossierId,
        title: input.title.trim(),
        content: input.content.trim(),
        publish_consent: input.publishConsent,
        unit_id: unit.id,
        status: "received",
        received_at: now,
        due_at: dueAt,
        updated_at: now,
      })
      .returning(["id", "last_event_seq"])
      .executeTakeFirstOrThrow();
    if (attachments.length)
      await trx
        .insertInto("petition_files")
        .values(attachments.map((f) => ({ petition_id: row.id, file_id: f })))
        .execute();
    await appendPetitionEvent(trx, row, citizenActor(citizen, ip), {
      type: "filed",
      at: now,
      data: { unitId: unit.id, dueAt: dueAt.toISOString(), files: attachments.length },
    });
    return row.id;
  });
  return getMyPetition(deps, citizen, id);
}

/** The citizen's petitions, newest first. */
export async function listMyPetitions(deps: Deps, citizen: Citizen): Promise<PetitionView[]> {
  const rows = (await selectPetitions(deps.db)
    .where("p.citizen_id", "=", citizen.id)
    .orderBy("p.received_at", "desc")
    .orderBy("p.id")
    .limit(200)
    .execute()) as JoinedRow[];
  return rows.map((r) => citizenView(r, []));
}

async function ownRow(deps: Deps, citizen: Citizen, id: string): Promise<JoinedRow> {
  if (!isUuid(id)) throw PETITION_NOT_FOUND;
  const r = (await selectPetitions(deps.db)
    .where("p.id", "=", id)
    .where("p.citizen_id", "=", citizen.id)
    .executeTakeFirst()) as JoinedRow | undefined;
  if (!r) throw PETITION_NOT_FOUND;
  return r;
}

/** One of the citizen's petitions (404 for anyone else's). */
export async function getMyPetition(deps: Deps, citizen: Citizen, id: string): Promise<PetitionView> {
  const r = await ownRow(deps, citizen, id);
  return citizenView(r, await filesOf(deps.db, r.id));
}

/** What the citizen sees of the history: the steps, not who in the unit did them. */
export async function myPetitionHistory(deps: Deps, citizen: Citizen, id: string): Promise<PetitionEventView[]> {
  const r = await ownRow(deps, citizen, id);
  return (await eventsOf(deps.db, r.id))
    .filter((e) => e.type !== "returned")
    .map((e) => ({ ...e, actorName: e.actorKind === "citizen" ? e.actorName : null, data: {} }));
}

/** The bytes of an attachment of one of the citizen's petitions. */
export async function readMyPetitionFile(deps: Deps, citizen: Citizen, id: string, fileId: string) {
  const r = await ownRow(deps, citizen, id);
  if (!isUuid(fileId)) throw PETITION_NOT_FOUND;
  const f = await deps.db
    .selectFrom("petition_files as pf")
    .innerJoin("files as f", "f.id", "pf.file_id")
    .selectAll("f")
    .where("pf.petition_id", "=", r.id)
    .where("pf.file_id", "=", fileId)
    .executeTakeFirst();
  if (!f) throw PETITION_NOT_FOUND;
  return { row: f, bytes: await fileBytes(deps, f) };
}

/**
 * Rates the handling of an answered petition, once (Circular 32/2017 levels; "Chưa hài lòng" needs a reason).
 * Refusals: 404 (not theirs), 409 (not answered yet, already rated), 422 (input).
 */
export async function ratePetition(
  deps: Deps,
  citizen: Citizen,
  id: string,
  raw: unknown,
  meta: { ip?: string | null } = {},
): Promise<PetitionView> {
  const input = parseInput(PetitionRatingInput, raw);
  const reason = blank(input.reason) ?? null;
  if (input.level === "unsatisfied" && !reason) throw fieldError("body.reason", T.reason);
  const r = await ownRow(deps, citizen, id);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom("petitions")
      .select(["id", "status", "rating", "last_event_seq"])
      .where("id", "=", r.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (p.status !== "answered")
      throw conflict("petition_not_answered", {
        vi: "Chỉ đánh giá được phản ánh đã có trả lời.",
        en: "Only an answered petition can be rated.",
      });
    if (p.rating)
      throw conflict("petition_already_rated", {
        vi: "Ông/Bà đã đánh giá việc xử lý phản ánh này.",
        en: "You have already rated the handling of this petition.",
      });
    await trx
      .updateTable("petitions")
      .set({ rating: input.level, rating_reason: reason, rated_at: now })
      .where("id", "=", p.id)
      .where("rating", "is", null)
      .execute();
    await appendPetitionEvent(trx, p, citizenActor(citizen, meta.ip), {
      type: "rated",
      at: now,
      data: { level: input.level, reason },
    });
  });
  return getMyPetition(deps, citizen, id);
}
