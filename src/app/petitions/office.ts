/**
 * The office's side of petitions (issue #8): the queue of the handling unit with each petition's due instant and
 * overdue flag, the petition with its history and the actions the officer may take, and the actions themselves —
 * assign (to an officer of the unit, or transfer to another unit), draft the answer (the assignee), approve and send
 * it (a leader; publishing it on the portal's Q&A page only with the citizen's consent), return a draft, publish an
 * approved answer. Rules in src/domain/petitions.ts (`decidePetition`). Each action is one transaction: the row
 * locked, the decision, the change, the history event and the audit log entry.
 *
 * Who sees what: officers of the handling unit; supervisors and administrators see every unit's petitions (read
 * only). Anyone else gets a 404 (the petition's existence is not revealed).
 */
import { enqueue } from "../outbox.js";
import { type Static, Type } from "@sinclair/typebox";
import { dueState } from "../../domain/calendar/clock.js";
import { normalizeText } from "../../domain/text-normalize.js";
import {
  allowedPetitionActions,
  answeredOnTime,
  decidePetition,
  isOverdue,
  NO_CONSENT,
  PETITION_ACTIONS,
  type PetitionAction,
  type PetitionState,
} from "../../domain/petitions.js";
import type { Officer } from "../actors.js";
import { getCalendar, ruleSetAt } from "../calendar.js";
import { fileBytes } from "../file-bytes.js";
import type { Deps } from "../deps.js";
import { AppError, fieldError, notFound, parseInput, refusal } from "../errors.js";
import type { Actor } from "../history.js";
import { auditOfficer } from "../officers.js";
import { isUuid } from "../uploads.js";
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

const READ_ALL_ROLES = ["supervisor", "admin"];

export const PETITION_ACTION_INPUTS = {
  assign: Type.Object({
    officerId: Type.Optional(Type.String({ maxLength: 60, description: "An officer of the unit" })),
    unitId: Type.Optional(Type.String({ maxLength: 60, description: "Transfer to another unit" })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  }),
  answer: Type.Object({ answer: Type.String({ maxLength: 10000, description: "Required (not blank)" }) }),
  approve: Type.Object({ publish: Type.Optional(Type.Boolean()) }),
  return: Type.Object({ note: Type.String({ maxLength: 2000, description: "Required (not blank)" }) }),
  publish: Type.Object({}),
} satisfies Record<PetitionAction, unknown>;

export const PetitionQueueQuery = Type.Object({
  state: Type.Optional(
    Type.Union([Type.Literal("open"), Type.Literal("overdue"), Type.Literal("answered"), Type.Literal("all")], {
      description: "open (default) | overdue | answered | all",
    }),
  ),
});
export type PetitionQueueQuery = Static<typeof PetitionQueueQuery>;

export interface OfficePetitionRow {
  id: string;
  code: string;
  title: string;
  subjectKind: string;
  status: PetitionView["status"];
  unitName: string;
  assigneeName: string | null;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  dueState: "none" | "ok" | "due_soon" | "overdue";
  published: boolean;
}

export interface OfficePetition extends PetitionView {
  unitId: string;
  assigneeId: string | null;
  assigneeName: string | null;
  /** The draft (before approval) or the answer. */
  draft: string | null;
  citizenName: string;
  citizenContact: { phone: string | null; email: string | null };
  overdue: boolean;
  onTime: boolean | null;
  events: PetitionEventView[];
  allowedActions: PetitionAction[];
  /** Officers of the unit the petition may be assigned to. */
  assignees: { id: string; name: string }[];
  /** Other units it may be transferred to (when the officer may assign it). */
  transferUnits: { id: string; name: string }[];
}

const canReadAll = (o: Officer) => o.roles.some((r) => READ_ALL_ROLES.includes(r));

/** The queue: the unit's petitions (every unit's for supervisors and administrators), due first. */
export async function petitionQueue(deps: Deps, officer: Officer, raw: unknown = {}): Promise<OfficePetitionRow[]> {
  const q = parseInput(PetitionQueueQuery, raw, "querystring");
  const state = q.state ?? "open";
  const now = deps.now();
  let query = selectPetitions(deps.db);
  if (!canReadAll(officer)) query = query.where("p.unit_id", "=", officer.unitId);
  if (state === "open") query = query.where("p.status", "!=", "answered");
  if (state === "overdue") query = query.where("p.status", "!=", "answered").where("p.due_at", "<", now);
  if (state === "answered") query = query.where("p.status", "=", "answered");
  const rows = (await query
    .orderBy(state === "answered" ? "p.answered_at" : "p.due_at", state === "answered" ? "desc" : "asc")
    .orderBy("p.id")
    .limit(500)
    .execute()) as JoinedRow[];
  const [cal, { rules }] = await Promise.all([getCalendar(deps), ruleSetAt(deps, now)]);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    subjectKind: r.subject_kind,
    status: r.status,
    unitName: r.unit_name,
    assigneeName: r.assignee_name,
    receivedAt: new Date(r.received_at).toISOString(),
    dueAt: new Date(r.due_at).toISOString(),
    overdue: isOverdue({ status: r.status, dueAt: new Date(r.due_at) }, now),
    dueState: r.status === "answered" ? "none" : dueState(cal, now, new Date(r.due_at), rules),
    published: r.published_at !== null,
  }));
}

async function visibleRow(db: Tx, officer: Officer, id: string, lock = false, anyUnit = false): Promise<JoinedRow> {
  if (!isUuid(id)) throw PETITION_NOT_FOUND;
  if (lock) await db.selectFrom("petitions").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
  let q = selectPetitions(db).where("p.id", "=", id);
  if (!anyUnit && !canReadAll(officer)) q = q.where("p.unit_id", "=", officer.unitId);
  const r = (await q.executeTakeFirst()) as JoinedRow | undefined;
  if (!r) throw PETITION_NOT_FOUND;
  return r;
}

const stateOf = (r: JoinedRow): PetitionState => ({
  status: r.status,
  unitId: r.unit_id,
  assigneeId: r.assignee_id,
  publishConsent: r.publish_consent,
  published: r.published_at !== null,
});

async function unitAssignees(db: Tx, unitId: string) {
  const rows = await db
    .selectFrom("officers")
    .select(["id", "name", "roles"])
    .where("unit_id", "=", unitId)
    .where("active", "=", true)
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows
    .filter((r) => (r.roles as string[]).some((x) => x === "receiving" || x === "specialist" || x === "leader"))
    .map((r) => ({ id: r.id, name: r.name }));
}

/** A petition as the office sees it: the citizen's contact, the draft, the history, the allowed actions. */
export async function getOfficePetition(
  deps: Deps,
  officer: Officer,
  id: string,
  /** Once, right after the officer transferred it to another unit: shown without actions. */
  justTransferred = false,
): Promise<OfficePetition> {
  const r = await visibleRow(deps.db, officer, id, false, justTransferred);
  const [files, events, assignees, citizen] = await Promise.all([
    filesOf(deps.db, r.id),
    eventsOf(deps.db, r.id),
    unitAssignees(deps.db, r.unit_id),
    deps.db
      .selectFrom("citizens")
      .select(["name", "phone", "email"])
      .where("id", "=", r.citizen_id)
      .executeTakeFirstOrThrow(),
  ]);
  const allowedActions = allowedPetitionActions(stateOf(r), officer);
  const transferUnits = allowedActions.includes("assign")
    ? await deps.db
        .selectFrom("units")
        .select(["id", "name"])
        .where("id", "!=", r.unit_id)
        .orderBy("name")
        .orderBy("id")
        .execute()
    : [];
  return {
    ...citizenView(r, files),
    unitId: r.unit_id,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    draft: r.answer,
    citizenName: citizen.name,
    citizenContact: { phone: citizen.phone, email: citizen.email },
    overdue: isOverdue({ status: r.status, dueAt: new Date(r.due_at) }, deps.now()),
    onTime: r.on_time,
    events,
    allowedActions,
    assignees,
    transferUnits,
  };
}

/** The file of a petition the officer may see (audited like the dossiers' files). */
export async function readPetitionFile(deps: Deps, officer: Officer, id: string, fileId: string, ip?: string | null) {
  const r = await visibleRow(deps.db, officer, id);
  if (!isUuid(fileId)) throw PETITION_NOT_FOUND;
  const f = await deps.db
    .selectFrom("petition_files as pf")
    .innerJoin("files as fl", "fl.id", "pf.file_id")
    .selectAll("fl")
    .where("pf.petition_id", "=", r.id)
    .where("pf.file_id", "=", fileId)
    .executeTakeFirst();
  if (!f) throw PETITION_NOT_FOUND;
  await auditOfficer(deps, {
    action: "petition.file_read",
    actorId: officer.id,
    unitId: officer.unitId,
    target: r.code,
    ip: ip ?? null,
    data: { fileId },
  });
  return { row: f, bytes: await fileBytes(deps, f) };
}

const REQUIRED = { vi: "Trường này là bắt buộc.", en: "This field is required." };

const M = {
  officer: {
    vi: "Vui lòng chọn cán bộ của đơn vị để phân công.",
    en: "Choose an officer of the unit to assign.",
  },
  unit: { vi: "Không tìm thấy đơn vị được chuyển đến.", en: "The unit to transfer to was not found." },
  oneOf: {
    vi: "Chọn hoặc cán bộ xử lý, hoặc đơn vị chuyển đến (không chọn cả hai).",
    en: "Choose either an officer or a unit to transfer to, not both.",
  },
};

/**
 * Takes an action on a petition. Refusals: 404 (not visible), 403 (role, unit, not the assignee), 409 (state, no
 * consent to publish, concurrent action), 422 (input). Nothing is written on a refusal.
 */
export async function petitionAction(
  deps: Deps,
  officer: Officer,
  id: string,
  action: string,
  raw: unknown,
  meta: { ip?: string | null } = {},
): Promise<OfficePetition> {
  if (!(PETITION_ACTIONS as readonly string[]).includes(action)) throw notFound();
  const a = action as PetitionAction;
  const now = deps.now();
  const actor: Actor = { kind: "officer", id: officer.id, name: officer.name, unitId: officer.unitId, ip: meta.ip };
  let transferred = false;
  await deps.db.transaction().execute(async (trx) => {
    const r = await visibleRow(trx, officer, id, true);
    const d = decidePetition(a, stateOf(r), officer);
    if (!d.ok) throw refusal(d);
    const audit = (data: Record<string, unknown>) =>
      auditOfficer(
        deps,
        { action: `petition.${a}`, actorId: officer.id, unitId: officer.unitId, target: r.code, ip: meta.ip, data },
        trx,
      );
    const event = (data: Record<string, unknown>, type: string = a) =>
      appendPetitionEvent(trx, r, actor, { type, at: now, data });
    switch (a) {
      case "assign": {
        const input = parseInput(PETITION_ACTION_INPUTS.assign, raw);
        const officerId = input.officerId?.trim() || undefined;
        const unitId = input.unitId?.trim() || undefined;
        if (officerId && unitId) throw fieldError("body.officerId", M.oneOf);
        if (unitId) {
          const u =
            isUuid(unitId) && unitId !== r.unit_id
              ? await trx.selectFrom("units").select(["id", "name"]).where("id", "=", unitId).executeTakeFirst()
              : undefined;
          if (!u) throw fieldError("body.unitId", M.unit);
          await trx
            .updateTable("petitions")
            .set({ unit_id: u.id, status: "received", assignee_id: null, answer: null })
            .where("id", "=", r.id)
            .execute();
          const data = { fromUnitId: r.unit_id, toUnitId: u.id, toUnitName: u.name, note: input.note ?? null };
          await event(data, "transferred");
          await audit(data);
          transferred = u.id !== officer.unitId;
          break;
        }
        const target = officerId ? (await unitAssignees(trx, r.unit_id)).find((o) => o.id === officerId) : undefined;
        if (!target) throw fieldError("body.officerId", M.officer);
        await trx
          .updateTable("petitions")
          .set({ status: "assigned", assignee_id: target.id })
          .where("id", "=", r.id)
          .execute();
        const data = { assigneeId: target.id, assigneeName: target.name, note: input.note ?? null };
        await event(data);
        await audit(data);
        break;
      }
      case "answer": {
        const input = parseInput(PETITION_ACTION_INPUTS.answer, raw);
        const answer = input.answer.trim();
        if (!answer) throw fieldError("body.answer", REQUIRED);
        await trx
          .updateTable("petitions")
          .set({ status: "drafted", answer, answer_by: officer.id })
          .where("id", "=", r.id)
          .execute();
        await event({ length: answer.length });
        await audit({ length: answer.length });
        break;
      }
      case "approve": {
        const input = parseInput(PETITION_ACTION_INPUTS.approve, raw);
        if (input.publish && !r.publish_consent) throw new AppError(409, "petition_no_consent", NO_CONSENT);
        const onTime = answeredOnTime(now, new Date(r.due_at));
        await trx
          .updateTable("petitions")
          .set({
            status: "answered",
            answered_at: now,
            on_time: onTime,
            approved_by: officer.id,
            ...(input.publish ? { published_at: now, search_text: searchText(r) } : {}),
          })
          .where("id", "=", r.id)
          .execute();
        const data = { onTime, published: !!input.publish };
        await event(data, "answered");
        await audit(data);
        // the citizen is told the answer (src/jobs/notify-petition.ts), once per petition
        await enqueue(trx, { topic: "notify.petition", key: `answered:${r.id}`, payload: { petitionId: r.id } });
        break;
      }
      case "return": {
        const input = parseInput(PETITION_ACTION_INPUTS.return, raw);
        if (!input.note.trim()) throw fieldError("body.note", REQUIRED);
        await trx.updateTable("petitions").set({ status: "assigned" }).where("id", "=", r.id).execute();
        await event({ note: input.note.trim() }, "returned");
        await audit({ note: input.note.trim() });
        break;
      }
      case "publish": {
        parseInput(PETITION_ACTION_INPUTS.publish, raw ?? {});
        if (!r.publish_consent) throw new AppError(409, "petition_no_consent", NO_CONSENT);
        await trx
          .updateTable("petitions")
          .set({ published_at: now, search_text: searchText(r) })
          .where("id", "=", r.id)
          .execute();
        await event({}, "published");
        await audit({});
        break;
      }
    }
  });
  return getOfficePetition(deps, officer, id, transferred);
}

/** The folded words of the question and the answer, searched on the Q&A page (diacritics ignored). */
function searchText(r: JoinedRow): string {
  return normalizeText([r.code, r.title, r.content, r.answer ?? "", r.procedure_name ?? ""].join(" "));
}
