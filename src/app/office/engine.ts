/**
 * The common machinery of office actions: one transaction per action, the locked dossier, the single update of its
 * row with the before → after of every changed field in the event, the status notification in the outbox, and the
 * forms to render once the transaction has committed.
 */
import { sql, type Transaction, type Updateable } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import type { DossiersTable } from "../../adapters/db/schema.js";
import { dueState, handoverDueAt } from "../../domain/calendar/clock.js";
import { dueInstant } from "../../domain/calendar/deadline.js";
import { vnDay } from "../../domain/calendar/days.js";
import type { WorkingCalendar } from "../../domain/calendar/working-time.js";
import type { ProcessStep, Role } from "../../domain/catalogue.js";
import type { RuleSet } from "../../domain/rules.js";
import { Status } from "../../domain/status.js";
import type { Deps } from "../deps.js";
import { type Actor, appendEvent } from "../history.js";
import { enqueue } from "../outbox.js";
import { type DossierRow, type Loaded, stepUnitId, type TaskRow, type Tx, type VersionInfo } from "./context.js";
import { type ReceiptGap, type ReceivedPaper, defaultKind } from "../../domain/receipt.js";
import { fieldError, invalidInput } from "./errors.js";
import { componentFileCounts } from "../dossiers/repo.js";

export type FormNo = "01" | "02" | "03" | "04" | "05";
export type DossierPatch = Updateable<DossiersTable>;

export interface ActionContext {
  trx: Transaction<Database>;
  deps: Deps;
  cal: WorkingCalendar;
  now: Date;
  actor: Actor;
  l: Loaded;
  head: { id: string; last_event_seq: number; last_event_hash: string | null };
  /** Forms issued by this action's events, rendered after commit. */
  forms: { no: FormNo; seq: number }[];
  /** Work done before the transaction (a generated result document, rendered outside it). */
  prepared?: {
    resultPdf?: Buffer;
    signedResult?: import("../signing/result.js").SignedResult;
    certifiedCopy?: { pdf: Buffer; fromFileId: string; name: string };
  };
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
const same = (a: unknown, b: unknown) => {
  if (a instanceof Date || b instanceof Date) return iso(a) === iso(b);
  return a === b || (a == null && b == null);
};

export interface CommitEvent {
  type: string;
  data?: Record<string, unknown>;
  /** Tell the applicant even without a status change (form 04). */
  notify?: boolean;
  form?: FormNo;
}

/**
 * Applies `patch` to the locked dossier row (one UPDATE), appends the event with from → to status and the before →
 * after of each changed field, and queues `notify.status` on a status change. Returns the event's sequence number.
 */
export async function commit(c: ActionContext, patch: DossierPatch, ev: CommitEvent): Promise<number> {
  const d = c.l.d as unknown as Record<string, unknown>;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (!same(d[k], v)) changes[k] = { from: iso(d[k]) ?? null, to: iso(v) ?? null };
  }
  if (Object.keys(changes).length > 0)
    await c.trx
      .updateTable("dossiers")
      .set({ ...patch, version: sql`version + 1`, updated_at: c.now })
      .where("id", "=", c.l.d.id)
      .execute();
  const from = c.l.d.status;
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) d[k] = v;
  const to = c.l.d.status;
  const { seq } = await appendEvent(c.trx, c.head, c.actor, {
    type: ev.type,
    at: c.now,
    fromStatus: from,
    toStatus: to,
    data: { ...(ev.data ?? {}), changes },
  });
  if (from !== to || ev.notify)
    await enqueue(c.trx, {
      topic: "notify.status",
      key: `${c.l.d.id}:${seq}`,
      dossierId: c.l.d.id,
      payload: { dossierId: c.l.d.id, status: to, seq },
    });
  if (ev.form) c.forms.push({ no: ev.form, seq });
  return seq;
}

export { dueState };

export const ref = (u: { id: string; name: string } | undefined | null) => (u ? { id: u.id, name: u.name } : null);

export async function officerRef(tx: Tx, id: string | null): Promise<{ id: string; name: string } | null> {
  if (!id) return null;
  const o = await tx.selectFrom("officers").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
  return o ?? null;
}

export async function unitRef(tx: Tx, id: string | null): Promise<{ id: string; name: string } | null> {
  if (!id) return null;
  const u = await tx.selectFrom("units").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
  return u ?? null;
}

/** An active officer of `unitId` with `role`, or a 422 on `path`. */
export async function checkOfficerFor(
  tx: Tx,
  officerId: string,
  unitId: string,
  role: Role | Role[],
  path: string,
): Promise<{ id: string; name: string }> {
  const roles = Array.isArray(role) ? role : [role];
  const o = await tx
    .selectFrom("officers")
    .select(["id", "name", "unit_id", "roles", "active"])
    .where("id", "=", officerId)
    .executeTakeFirst();
  if (!o?.active || o.unit_id !== unitId || !roles.some((r) => (o.roles as string[]).includes(r)))
    throw fieldError(
      path,
      "Cán bộ được chọn không thuộc đơn vị xử lý hoặc không có vai trò phù hợp với bước này.",
      "The chosen officer is not in the processing unit or lacks the role this step needs.",
    );
  return { id: o.id, name: o.name };
}

/** Opens the task of process step `index`: its unit, role and due instant from its budget, counted from `start`. */
export async function openStep(
  c: Pick<ActionContext, "trx" | "cal">,
  d: DossierRow,
  version: VersionInfo,
  index: number,
  start: Date,
  assigneeId: string | null,
  requestedBy: string | null,
): Promise<{ task: TaskRow; step: ProcessStep }> {
  const step = version.process.steps[index];
  const unitId = await stepUnitId(c.trx, step, d, version);
  const dueAt = c.cal.addWorkingHours(start, step.budgetHours);
  const task = await c.trx
    .insertInto("dossier_tasks")
    .values({
      // in creation order even within one transaction (now() is the transaction start)
      created_at: sql`clock_timestamp()`,
      dossier_id: d.id,
      kind: "step",
      step_index: index,
      name: step.name,
      unit_id: unitId,
      role: step.role,
      assignee_id: assigneeId,
      started_at: start,
      due_at: dueAt,
      requested_by: requestedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { task, step };
}

export async function nextLogbookNo(tx: Tx, unitId: string, at: Date): Promise<{ year: number; no: number }> {
  const year = Number(vnDay(at).slice(0, 4));
  const row = await tx
    .insertInto("logbook_counters")
    .values({ unit_id: unitId, year, last: 1 })
    .onConflict((oc) =>
      oc.columns(["unit_id", "year"]).doUpdateSet((eb) => ({ last: eb("logbook_counters.last", "+", 1) })),
    )
    .returning("last")
    .executeTakeFirstOrThrow();
  return { year, no: row.last };
}

/**
 * The papers a counter or postal dossier brought (recorded at intake: kind, number, paper-only) with the scans now
 * attached to it, per component.
 */
export async function receivedPapers(tx: Tx, d: DossierRow, version: VersionInfo): Promise<ReceivedPaper[]> {
  const [submitted, count] = await Promise.all([
    tx
      .selectFrom("dossier_events")
      .select("data")
      .where("dossier_id", "=", d.id)
      .where("type", "=", "submitted")
      .executeTakeFirst(),
    componentFileCounts(tx, d.id),
  ]);
  const recorded = ((submitted?.data as { papers?: ReceivedPaper[] } | undefined)?.papers ?? []).map((p) => ({
    ...p,
    files: count.get(p.code) ?? 0,
  }));
  const byCode = new Map(version.components.map((c) => [c.code, c]));
  // scans of components not recorded at intake (e.g. a supplement) count as received papers too
  for (const [code, n] of count)
    if (!recorded.some((p) => p.code === code))
      recorded.push({ code, kind: defaultKind(byCode.get(code)), quantity: 1, files: n, paperOnly: false });
  return recorded;
}

/** Refuses (422) to receive a paper dossier with a required paper not scanned, or without its e-form data. */
export function refuseGaps(gaps: ReceiptGap[], path: string): void {
  if (gaps.length === 0) return;
  throw invalidInput(
    gaps.map((g) =>
      g.kind === "no_eform_data"
        ? {
            path: "body.data",
            text: {
              vi: "Chưa nhập dữ liệu tờ khai điện tử: không tiếp nhận hồ sơ chưa có dữ liệu.",
              en: "The e-form data has not been entered: a dossier without its data cannot be received.",
            },
          }
        : g.kind === "paper_only_not_allowed"
          ? {
              path,
              text: {
                vi: `"${g.name}": bộ quy tắc đang áp dụng không cho phép chỉ lưu bản giấy; cần số hóa (quét) giấy tờ này.`,
                en: `"${g.name}": the rule set in force does not allow keeping it on paper only; scan it.`,
              },
            }
          : {
              path,
              text: {
                vi: `"${g.name}" là thành phần bắt buộc nhưng chưa được số hóa (quét) và đính kèm.`,
                en: `"${g.name}" is required but has not been scanned and attached.`,
              },
            },
    ),
    {
      vi: "Chưa tiếp nhận được hồ sơ: hồ sơ giấy phải được số hóa đầy đủ và có dữ liệu tờ khai điện tử.",
      en: "The dossier cannot be received yet: its papers must be scanned and its e-form data entered.",
    },
  );
}

/** The next number of a document series of a unit in the year of `at` (e.g. 12 for "12/HDHS"). */
export async function nextDocumentNo(tx: Tx, unitId: string, series: string, at: Date): Promise<number> {
  const year = Number(vnDay(at).slice(0, 4));
  const row = await tx
    .insertInto("document_counters")
    .values({ unit_id: unitId, year, series, last: 1 })
    .onConflict((oc) =>
      oc.columns(["unit_id", "year", "series"]).doUpdateSet((eb) => ({ last: eb("document_counters.last", "+", 1) })),
    )
    .returning("last")
    .executeTakeFirstOrThrow();
  return row.last;
}

/**
 * What receiving a dossier changes: the legal code (given, assigned by the caller atomically), the due instant from
 * the pinned time limit and rule set, the log-book entry, and the first step of the internal process.
 */
export async function receiptPatch(
  c: Pick<ActionContext, "trx" | "cal" | "now">,
  d: DossierRow,
  version: VersionInfo,
  rules: RuleSet,
  code: string,
  receiver: { id: string; unitId: string; roles: Role[] },
): Promise<{
  patch: DossierPatch;
  step0: { index: number; unitId: string; dueAt: Date; assigneeId: string | null };
  data: Record<string, unknown>;
}> {
  const due = dueInstant(c.cal, c.now, version.timeLimit, rules);
  const step = version.process.steps[0];
  const unitId = await stepUnitId(c.trx, step, d, version);
  const assigneeId = receiver.unitId === unitId && receiver.roles.includes(step.role) ? receiver.id : null;
  // the receiving step hands the dossier to the processing unit: a paper dossier by the close of the day, or at the
  // start of the next working day when received after the rule set's cut-off (Decree 61 Art. 20)
  const paper = d.channel === "counter" || d.channel === "postal";
  const handover =
    unitId === d.receiving_unit_id && version.process.steps.length > 1
      ? handoverDueAt(c.cal, c.now, { budgetHours: step.budgetHours, paper }, rules)
      : null;
  const stepDue = handover?.dueAt ?? c.cal.addWorkingHours(c.now, step.budgetHours);
  const logbook = await nextLogbookNo(c.trx, d.receiving_unit_id, c.now);
  const patch: DossierPatch = {
    status: Status.RECEIVED,
    code,
    received_at: c.now,
    due_at: due,
    original_due_at: due,
    current_step: 0,
    current_unit_id: unitId,
    assignee_id: assigneeId,
    step_due_at: stepDue,
    due_state: dueState(c.cal, c.now, due, rules),
    logbook_year: logbook.year,
    logbook_no: logbook.no,
  };
  return {
    patch,
    step0: { index: 0, unitId, dueAt: stepDue, assigneeId },
    data: {
      code,
      receivedAt: c.now.toISOString(),
      countsFrom: c.cal.nextWorkingInstant(c.now).toISOString(),
      dueAt: due.toISOString(),
      timeLimit: version.timeLimit,
      ruleSet: d.rule_set_code,
      logbook,
      step: { index: 0, code: step.code, name: step.name, unitId, dueAt: stepDue.toISOString() },
      ...(handover && paper
        ? {
            paperHandover: {
              cutoff: rules.paperHandoverCutoff,
              afterCutoff: handover.afterCutoff,
              dueAt: stepDue.toISOString(),
            },
          }
        : {}),
    },
  };
}

/** Inserts the task of the first step after a receipt (the dossier row already carries the receipt). */
export async function insertFirstStep(
  trx: Tx,
  d: DossierRow,
  version: VersionInfo,
  step0: { index: number; unitId: string; dueAt: Date; assigneeId: string | null },
  now: Date,
  requestedBy: string | null,
): Promise<void> {
  const step = version.process.steps[0];
  await trx
    .insertInto("dossier_tasks")
    .values({
      // in creation order even within one transaction (now() is the transaction start)
      created_at: sql`clock_timestamp()`,
      dossier_id: d.id,
      kind: "step",
      step_index: 0,
      name: step.name,
      unit_id: step0.unitId,
      role: step.role,
      assignee_id: step0.assigneeId,
      started_at: now,
      due_at: step0.dueAt,
      requested_by: requestedBy,
    })
    .execute();
}

export { attachFiles, checkOwnFiles } from "../uploads.js";
