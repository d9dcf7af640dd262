import { sql } from "kysely";
/**
 * The office actions (issue #3): receive, request a supplement, refuse, assign, take, forward, approve, return to an
 * earlier step, consult, inter-agency processing, financial obligation, result, stop, withdrawal, apology and return.
 * Each runs in ONE transaction: lock the dossier, authorise (role and unit → 403, outside the officer's units → 404),
 * decide with the lifecycle rules (state → 409), validate the input (422), update the row and tasks, append the
 * event, queue the notification. Forms issued by the action are rendered after commit.
 */
import {
  apologyTiming,
  type ResumeMode,
  resumeClock,
  supplementAllowance,
  supplementResumeMode,
  suspendClock,
} from "../../domain/calendar/clock.js";
import { classifyOutcome, dueInstant } from "../../domain/calendar/deadline.js";
import { eformHasFields, isPaperChannel, receiptGaps } from "../../domain/receipt.js";
import {
  assessFees,
  checkFeeSelection,
  describeAssessment,
  type ExemptionCategory,
  type FeeLine,
} from "../../domain/fees.js";
import type { WorkingCalendar } from "../../domain/calendar/working-time.js";
import {
  ACTION_LABELS,
  decide,
  OFFICER_ACTIONS,
  type OfficerAction,
  statusAfterForward,
} from "../../domain/lifecycle.js";
import { Status, type StatusCode } from "../../domain/status.js";
import type { Officer } from "../actors.js";
import { getCalendar } from "../calendar.js";
import type { Deps } from "../deps.js";
import type { Actor } from "../history.js";
import { type Loaded, lifecycleState, loadVisible, openStepTask, stepUnitId, type TaskRow } from "./context.js";
import {
  type ActionContext,
  attachFiles,
  checkOfficerFor,
  checkOwnFiles,
  commit,
  type DossierPatch,
  nextDocumentNo,
  receivedPapers,
  refuseGaps,
  dueState,
  insertFirstStep,
  officerRef,
  openStep,
  receiptPatch,
  ref,
  unitRef,
} from "./engine.js";
import { AppError, fieldError, invalidInput, parseInput, refusal } from "./errors.js";
import { renderDocument } from "../../docs/render-pool.js";
import type { ResultViewModel } from "../../docs/result.js";
import { storeGeneratedFile } from "./files.js";
import { prepareCertifiedCopy } from "./certified-copy.js";
import { ensureIssuedForms } from "./forms.js";
import { ACTION_INPUTS, type ActionInputs } from "./schemas.js";
import { nextDossierCode } from "../dossier-code.js";
import { bookResultDelivery, refuseWhileDelivering } from "../postal/service.js";
import { recordCheck } from "../signing/checks.js";
import { signResultDocument } from "../signing/result.js";

export interface ActionMeta {
  ip?: string | null;
}

export function officerActor(officer: Officer, meta: ActionMeta): Actor {
  return { kind: "officer", id: officer.id, name: officer.name, unitId: officer.unitId, ip: meta.ip ?? null };
}

export const isOfficerAction = (a: string): a is OfficerAction => (OFFICER_ACTIONS as readonly string[]).includes(a);

const hoursOf = (cal: WorkingCalendar, x: { workingDays?: number; workingHours?: number }, path: string) => {
  if (x.workingHours !== undefined) return x.workingHours;
  if (x.workingDays !== undefined) return x.workingDays * cal.hoursPerDay;
  throw fieldError(
    `${path}.workingDays`,
    "Cần nhập thời hạn (ngày làm việc).",
    "A deadline (working days) is required.",
  );
};

function parseInstant(v: string, path: string): Date {
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(d.getTime()))
    throw fieldError(
      path,
      "Thời điểm không hợp lệ (ISO-8601, ví dụ 2026-03-16T08:00:00+07:00).",
      "Invalid instant (ISO-8601).",
    );
  return d;
}

/** Closes an open task: done, with its outcome against its own due instant. */
async function finishTask(c: ActionContext, t: TaskRow, note?: string | null, extra?: Record<string, unknown>) {
  const outcome = t.due_at ? classifyOutcome(c.now, t.due_at) : null;
  await c.trx
    .updateTable("dossier_tasks")
    .set({
      status: "done",
      finished_at: c.now,
      outcome,
      finished_by: c.actor.id,
      note: note ?? t.note,
      ...(extra ? { data: JSON.stringify({ ...(t.data ?? {}), ...extra }) } : {}),
    })
    .where("id", "=", t.id)
    .execute();
  t.status = "done";
  t.finished_at = c.now;
  t.outcome = outcome;
  return outcome;
}

async function cancelOpenTasks(c: ActionContext) {
  await c.trx
    .updateTable("dossier_tasks")
    .set({ status: "cancelled", finished_at: c.now })
    .where("dossier_id", "=", c.l.d.id)
    .where("status", "=", "open")
    .execute();
}

/** Fields that end the clock when the dossier leaves processing (refused, stopped, withdrawn, returned). */
const closedPatch = (now: Date): DossierPatch => ({
  closed_at: now,
  due_state: "none",
  current_step: null,
  assignee_id: null,
  step_due_at: null,
  suspended_at: null,
  remaining_hours: null,
  step_remaining_hours: null,
});

/** Suspends the clock (supplement after receipt, financial obligation): remember what is left. */
function suspendPatch(c: ActionContext): DossierPatch {
  const d = c.l.d;
  const left = suspendClock(c.cal, c.now, { dueAt: d.due_at, stepDueAt: d.step_due_at });
  return {
    status_before: d.status,
    suspended_at: c.now,
    remaining_hours: left.remainingHours,
    step_remaining_hours: left.stepRemainingHours,
    due_state: "none",
  };
}

/**
 * Resumes a suspended clock (the rule is `resumeClock` in the domain): `restart` counts the time limit again from
 * zero (Decree 61 Art. 19) and gives the open step its whole budget; `pause` adds the working hours left.
 */
async function resumePatch(
  c: ActionContext,
  mode: ResumeMode,
): Promise<{ patch: DossierPatch; data: Record<string, unknown> }> {
  const { d, version, rules } = c.l;
  const step = openStepTask(c.l.tasks);
  const clock = resumeClock(c.cal, c.now, mode, {
    running: { dueAt: d.due_at, stepDueAt: d.step_due_at },
    suspended: { remainingHours: d.remaining_hours, stepRemainingHours: d.step_remaining_hours },
    restartDue: mode === "restart" ? dueInstant(c.cal, c.now, version.timeLimit, rules) : null,
    stepBudgetHours: step?.step_index != null ? version.process.steps[step.step_index]?.budgetHours : undefined,
  });
  const due = clock.dueAt;
  const stepDue = clock.stepDueAt;
  if (step && stepDue) {
    await c.trx.updateTable("dossier_tasks").set({ due_at: stepDue }).where("id", "=", step.id).execute();
    step.due_at = stepDue;
  }
  const patch: DossierPatch = {
    status: (d.status_before ?? Status.PROCESSING) as StatusCode,
    status_before: null,
    suspended_at: null,
    remaining_hours: null,
    step_remaining_hours: null,
    due_at: due,
    step_due_at: stepDue,
    due_state: dueState(c.cal, c.now, due, rules),
  };
  // a new appointment replaces the one on form 01 unless the date was already moved by an apology
  if (d.extension_count === 0) patch.original_due_at = due;
  return {
    patch,
    data: {
      clock: mode,
      suspendedAt: d.suspended_at?.toISOString() ?? null,
      dueAt: due?.toISOString() ?? null,
      stepDueAt: stepDue?.toISOString() ?? null,
    },
  };
}

/**
 * The financial obligation is met (confirmed by an officer, or paid online and confirmed by the payment platform):
 * the obligation is marked paid, the clock resumes the hours that were left (the time the applicant takes to pay is
 * not counted) and the `payment_confirmed` event records how it was paid. The one path for both.
 */
export async function settleObligation(
  c: ActionContext,
  by: { method: "counter" | "post" | "online"; reference: string | null; officerId?: string; orderId?: string },
): Promise<void> {
  const p = c.l.pendingPayment;
  if (p)
    await c.trx
      .updateTable("payment_obligations")
      .set({
        status: "paid",
        paid_at: c.now,
        method: by.method,
        reference: by.reference,
        confirmed_by: by.officerId ?? null,
        ...(by.orderId ? { order_id: by.orderId } : {}),
      })
      .where("id", "=", p.id)
      .execute();
  const { patch, data } = await resumePatch(c, "pause");
  await commit(c, patch, {
    type: "payment_confirmed",
    data: {
      ...data,
      payment: p?.id ?? null,
      amount: p?.amount ?? null,
      method: by.method,
      reference: by.reference,
      ...(by.orderId ? { order: by.orderId } : {}),
    },
  });
}

/** The obligation an officer raises: the amount typed (with its description), or the procedure's fees computed. */
function obligationOf(
  version: Loaded["version"],
  input: ActionInputs["request_payment"],
): { amount: number; description: string; lines: FeeLine[] | null } {
  if (input.amount !== undefined) {
    if (!input.description)
      throw fieldError(
        "body.description",
        "Cần nêu nội dung nghĩa vụ tài chính khi nhập số tiền.",
        "Describe the obligation when typing an amount.",
      );
    return { amount: input.amount, description: input.description, lines: null };
  }
  const sel = {
    include: input.include,
    copies: input.copies,
    items: input.items,
    exemptions: input.exemption ? [input.exemption as ExemptionCategory] : [],
  };
  const problems = checkFeeSelection(version.fees, sel);
  if (problems.length) throw invalidInput(problems.map((p) => ({ path: `body.${p.path}`, text: p.text })));
  const a = assessFees(version.fees, sel);
  if (a.total <= 0)
    throw fieldError(
      "body.amount",
      "Không có khoản phí, lệ phí nào phải nộp (không thu hoặc được miễn): không cần yêu cầu thực hiện nghĩa vụ tài chính.",
      "Nothing is owed (no fee is charged or the applicant is exempt): no financial obligation is needed.",
    );
  return { amount: a.total, description: input.description ?? describeAssessment(version.name, a), lines: a.lines };
}

/** The supplement requests and restarts so far, and whether the one awaited is an exception (from the history). */
async function supplementHistory(c: ActionContext): Promise<{ pendingExceptional: boolean; restarts: number }> {
  const evs = await c.trx
    .selectFrom("dossier_events")
    .select(["type", "data"])
    .where("dossier_id", "=", c.l.d.id)
    .where("type", "in", ["supplement_requested", "supplement_completed"])
    .orderBy("seq")
    .execute();
  const last = evs.filter((e) => e.type === "supplement_requested").pop();
  return {
    pendingExceptional: !!(last?.data as { exception?: unknown } | undefined)?.exception,
    restarts: evs.filter((e) => e.type === "supplement_completed" && (e.data as { clock?: string }).clock === "restart")
      .length,
  };
}

/** Completion of a requested supplement (by the applicant online, or recorded at the counter). */
export async function completeSupplement(
  c: ActionContext,
  files: { fileId: string; componentCode?: string | null }[],
  note: string | undefined,
): Promise<void> {
  const d = c.l.d;
  await attachFiles(c.trx, d.id, files, "supplement", c.now);
  const fileData = files.map((f) => ({ fileId: f.fileId, componentCode: f.componentCode ?? null }));
  if (d.received_at === null) {
    await commit(
      c,
      { status: Status.SUBMITTED, status_before: null, suspended_at: null },
      { type: "supplement_completed", data: { files: fileData, note: note ?? null, round: d.supplement_rounds } },
    );
    return;
  }
  const h = await supplementHistory(c);
  const mode = supplementResumeMode(c.l.rules, { exceptional: h.pendingExceptional, restartsSoFar: h.restarts });
  const { patch, data } = await resumePatch(c, mode);
  await commit(c, patch, {
    type: "supplement_completed",
    data: { ...data, files: fileData, note: note ?? null, round: d.supplement_rounds },
    // the resumed clock gives a new appointment: a new receipt (form 01) carries it
    form: c.l.version.timeLimit.unit === "immediate" ? undefined : "01",
  });
}

function resultViewModel(
  l: Loaded,
  officer: Officer,
  input: ActionInputs["generate_result"],
  now: Date,
): ResultViewModel {
  return {
    title: input.title,
    content: input.content,
    dossierCode: l.d.code ?? l.d.reference,
    procedureName: l.version.name,
    applicantName: l.d.applicant.name,
    unitName: officer.unitName,
    officerName: officer.name,
    issuedAt: now,
  };
}

const renderResultPdf = (vm: ResultViewModel) => renderDocument({ kind: "result", vm });

/** Marks the dossier withdrawn at the applicant's request (by the applicant or recorded by an officer). */
export async function withdraw(c: ActionContext, reason: string | undefined | null): Promise<void> {
  await cancelOpenTasks(c);
  await commit(
    c,
    { status: Status.WITHDRAWN, ...closedPatch(c.now) },
    { type: "withdrawn", data: { reason: reason ?? null } },
  );
}

type Handler<A extends OfficerAction> = (c: ActionContext, officer: Officer, input: ActionInputs[A]) => Promise<void>;

async function forwardOrApprove(c: ActionContext, officer: Officer, input: ActionInputs["forward"], approve: boolean) {
  const { d, version } = c.l;
  const task = openStepTask(c.l.tasks)!;
  const from = task.step_index!;
  const next = from + 1;
  const newStatus = statusAfterForward(d.status as StatusCode, next, version.process);
  const outcome = await finishTask(c, task, input.note ?? null);
  const fromUnit = await unitRef(c.trx, task.unit_id);
  let patch: DossierPatch;
  let toUnit: { id: string; name: string } | null;
  let receiver: { id: string; name: string } | null = null;
  let nextStepData: Record<string, unknown> | null = null;
  if (next < version.process.steps.length) {
    const step = version.process.steps[next];
    const unitId = await stepUnitId(c.trx, step, d, version);
    if (input.assigneeId)
      receiver = await checkOfficerFor(c.trx, input.assigneeId, unitId, step.role, "body.assigneeId");
    const opened = await openStep(c, d, version, next, c.now, receiver?.id ?? null, officer.id);
    toUnit = await unitRef(c.trx, unitId);
    patch = {
      status: newStatus,
      current_step: next,
      current_unit_id: unitId,
      assignee_id: receiver?.id ?? null,
      step_due_at: opened.task.due_at,
    };
    nextStepData = { index: next, code: step.code, name: step.name, unitId, dueAt: opened.task.due_at?.toISOString() };
  } else {
    toUnit = await unitRef(c.trx, d.receiving_unit_id);
    patch = {
      status: newStatus,
      current_step: null,
      current_unit_id: d.receiving_unit_id,
      assignee_id: null,
      step_due_at: null,
    };
  }
  let type = approve ? "approved" : "handed_over";
  if (newStatus === Status.PROCESSED && d.status !== Status.PROCESSED) {
    const against = d.original_due_at ?? d.due_at;
    patch.processed_at = c.now;
    patch.outcome = against ? classifyOutcome(c.now, against) : "on_time";
    patch.due_state = "none";
    type = "processed";
  }
  const step = version.process.steps[from];
  await commit(c, patch, {
    type,
    data: {
      approved: approve || undefined,
      note: input.note ?? null,
      handover: {
        step: { index: from, code: step.code, name: step.name },
        fromUnit,
        toUnit,
        giver: { id: officer.id, name: officer.name },
        receiver: receiver ?? (toUnit ? { id: null, name: toUnit.name } : null),
        at: c.now.toISOString(),
        dueAt: task.due_at?.toISOString() ?? null,
        outcome,
      },
      nextStep: nextStepData,
      outcome: patch.outcome ?? undefined,
      dueAt: d.due_at?.toISOString() ?? null,
    },
  });
}

const HANDLERS: { [A in OfficerAction]: Handler<A> } = {
  async receive(c, officer, input) {
    const { d, version, rules } = c.l;
    // a counter or postal dossier left for checking is received only scanned and with its e-form data
    if (isPaperChannel(d.channel)) {
      const v = await c.trx
        .selectFrom("procedure_versions")
        .select("eform")
        .where("id", "=", d.procedure_version_id)
        .executeTakeFirstOrThrow();
      const data = d.data as Record<string, unknown> | null;
      refuseGaps(
        receiptGaps(
          version.components,
          await receivedPapers(c.trx, d, version),
          { hasEFormData: !!data && Object.keys(data).length > 0, eformHasFields: eformHasFields(v.eform) },
          rules,
        ),
        "body",
      );
    }
    const unit = await c.trx
      .selectFrom("units")
      .select(["id", "code"])
      .where("id", "=", d.receiving_unit_id)
      .executeTakeFirstOrThrow();
    const code = await nextDossierCode(c.trx, unit, c.now);
    const r = await receiptPatch(c, d, version, rules, code, officer);
    if (input.sets) r.patch.sets = input.sets;
    await insertFirstStep(c.trx, d, version, r.step0, c.now, officer.id);
    await commit(c, r.patch, {
      type: "received",
      data: { ...r.data, note: input.note ?? null },
      form: version.timeLimit.unit === "immediate" ? undefined : "01",
    });
  },

  async request_supplement(c, _officer, input) {
    const d = c.l.d;
    const allowance = supplementAllowance(c.l.rules, d.supplement_rounds);
    if (allowance === "exception_only" && !input.exception)
      throw fieldError(
        "body.exception",
        "Hồ sơ đã được yêu cầu bổ sung một lần: yêu cầu thêm chỉ được thực hiện như một ngoại lệ, nêu rõ căn cứ pháp lý cho phép và lý do.",
        "A supplement was already requested: a further request is an exception and must name the legal basis that allows it and the reason.",
      );
    const exception = allowance === "exception_only" ? input.exception : undefined;
    // form 02 carries a number of the receiving unit's "…/HDHS" series, and each item its kind and quantity (from the
    // catalogue's component when one is named)
    const docNo = await nextDocumentNo(c.trx, d.receiving_unit_id, "HDHS", c.now);
    const components = new Map(c.l.version.components.map((x) => [x.code, x]));
    for (const [i, it] of input.items.entries())
      if (it.componentCode && !components.has(it.componentCode))
        throw fieldError(
          `body.items[${i}].componentCode`,
          "Thủ tục không có thành phần hồ sơ này.",
          "The procedure has no such component.",
        );
    const items = input.items.map((it) => {
      const comp = it.componentCode ? components.get(it.componentCode) : undefined;
      return {
        ...it,
        form: it.form ?? (comp && comp.form !== "original_or_copy" ? comp.form : undefined),
        quantity: it.quantity ?? comp?.quantity ?? 1,
      };
    });
    const patch: DossierPatch =
      d.received_at === null
        ? { status: Status.SUPPLEMENT_REQUESTED, status_before: d.status, suspended_at: c.now }
        : { status: Status.SUPPLEMENT_REQUESTED, ...suspendPatch(c) };
    patch.supplement_rounds = d.supplement_rounds + 1;
    await commit(c, patch, {
      type: "supplement_requested",
      data: {
        items,
        documentNumber: `${docNo}/HDHS`,
        note: input.note ?? null,
        round: d.supplement_rounds + 1,
        afterReceipt: d.received_at !== null,
        clock: d.received_at === null ? null : c.l.rules.supplementClock,
        // an exception to "one request per dossier", allowed by the rule set: recorded and reported
        exception: exception
          ? { legalBasis: exception.legalBasis, reason: exception.reason, limit: c.l.rules.maxSupplementRequests }
          : null,
      },
      form: "02",
    });
  },

  async complete_supplement(c, officer, input) {
    const files = input.files ?? [];
    await checkOwnFiles(
      c.trx,
      files.map((f) => f.fileId),
      { kind: "officer", id: officer.id },
      "body.files",
      c.l.d.id,
    );
    await completeSupplement(c, files, input.note);
  },

  async refuse(c, _officer, input) {
    await cancelOpenTasks(c);
    await commit(
      c,
      { status: Status.REFUSED, ...closedPatch(c.now) },
      { type: "refused", data: { reason: input.reason, legalBasis: input.legalBasis }, form: "03" },
    );
  },

  async assign(c, _officer, input) {
    const task = openStepTask(c.l.tasks)!;
    const who = await checkOfficerFor(c.trx, input.officerId, task.unit_id, task.role as never, "body.officerId");
    const before = await officerRef(c.trx, task.assignee_id);
    await c.trx.updateTable("dossier_tasks").set({ assignee_id: who.id }).where("id", "=", task.id).execute();
    task.assignee_id = who.id;
    await commit(
      c,
      { assignee_id: who.id },
      {
        type: "assigned",
        data: { step: task.step_index, task: task.id, assignee: who, previous: before, note: input.note ?? null },
      },
    );
  },

  async take(c, officer, input) {
    const task = openStepTask(c.l.tasks)!;
    await c.trx.updateTable("dossier_tasks").set({ assignee_id: officer.id }).where("id", "=", task.id).execute();
    task.assignee_id = officer.id;
    await commit(
      c,
      { assignee_id: officer.id },
      { type: "taken", data: { step: task.step_index, task: task.id, note: input.note ?? null } },
    );
  },

  forward: (c, officer, input) => forwardOrApprove(c, officer, input, false),
  approve: (c, officer, input) => forwardOrApprove(c, officer, input, true),

  async return_step(c, officer, input) {
    const { d, version } = c.l;
    const task = openStepTask(c.l.tasks)!;
    const from = task.step_index!;
    if (input.toStep >= from)
      throw fieldError(
        "body.toStep",
        "Chỉ được trả lại một bước trước bước hiện tại.",
        "Only an earlier step can be chosen.",
      );
    const outcome = await finishTask(c, task, input.reason);
    const opened = await openStep(c, d, version, input.toStep, c.now, null, officer.id);
    const fromUnit = await unitRef(c.trx, task.unit_id);
    const toUnit = await unitRef(c.trx, opened.task.unit_id);
    const step = version.process.steps[from];
    await commit(
      c,
      {
        current_step: input.toStep,
        current_unit_id: opened.task.unit_id,
        assignee_id: null,
        step_due_at: opened.task.due_at,
      },
      {
        type: "returned_to_step",
        data: {
          reason: input.reason,
          handover: {
            step: { index: from, code: step.code, name: step.name },
            fromUnit,
            toUnit,
            giver: { id: officer.id, name: officer.name },
            receiver: toUnit ? { id: null, name: toUnit.name } : null,
            at: c.now.toISOString(),
            dueAt: task.due_at?.toISOString() ?? null,
            outcome,
            returned: true,
          },
          nextStep: {
            index: input.toStep,
            code: opened.step.code,
            name: opened.step.name,
            unitId: opened.task.unit_id,
            dueAt: opened.task.due_at?.toISOString(),
          },
        },
      },
    );
  },

  async consult(c, officer, input) {
    const unit = await unitRef(c.trx, input.unitId);
    if (!unit) throw fieldError("body.unitId", "Không tìm thấy đơn vị.", "Unit not found.");
    if (unit.id === c.l.d.current_unit_id)
      throw fieldError(
        "body.unitId",
        "Chọn một đơn vị khác đơn vị đang xử lý.",
        "Choose a unit other than the processing unit.",
      );
    const hours = hoursOf(c.cal, input, "body");
    const due = c.cal.addWorkingHours(c.now, hours);
    const task = await c.trx
      .insertInto("dossier_tasks")
      .values({
        // in creation order even within one transaction (now() is the transaction start)
        created_at: sql`clock_timestamp()`,
        dossier_id: c.l.d.id,
        kind: "consultation",
        name: `Xin ý kiến: ${input.question.slice(0, 200)}`,
        unit_id: unit.id,
        role: "specialist",
        started_at: c.now,
        due_at: due,
        requested_by: officer.id,
        data: JSON.stringify({ question: input.question, fromUnitId: officer.unitId }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await commit(
      c,
      {},
      {
        type: "consultation_requested",
        data: { task: task.id, unit, question: input.question, workingHours: hours, dueAt: due.toISOString() },
      },
    );
  },

  async reply_consultation(c, officer, input) {
    const mine = c.l.tasks.filter(
      (t) => t.kind === "consultation" && t.status === "open" && t.unit_id === officer.unitId,
    );
    const task = input.taskId ? mine.find((t) => t.id === input.taskId) : mine[0];
    if (!task)
      throw fieldError(
        "body.taskId",
        "Không có phiếu xin ý kiến này đang chờ đơn vị bạn trả lời.",
        "No such consultation awaits your unit.",
      );
    const outcome = await finishTask(c, task, null, {
      reply: input.reply,
      repliedBy: { id: officer.id, name: officer.name },
    });
    await commit(
      c,
      {},
      {
        type: "consultation_replied",
        data: {
          task: task.id,
          unit: await unitRef(c.trx, task.unit_id),
          reply: input.reply,
          dueAt: task.due_at?.toISOString(),
          outcome,
        },
      },
    );
  },

  async start_interagency(c, officer, input) {
    const ids = input.units.map((u) => u.unitId);
    if (new Set(ids).size !== ids.length)
      throw fieldError("body.units", "Mỗi đơn vị chỉ được nêu một lần.", "Each unit may be listed once.");
    const leads = input.units.filter((u) => u.lead).length;
    if (leads > 1) throw fieldError("body.units", "Chỉ có một đơn vị chủ trì.", "There can be only one lead unit.");
    const created: Record<string, unknown>[] = [];
    for (const [i, u] of input.units.entries()) {
      const unit = await unitRef(c.trx, u.unitId);
      if (!unit) throw fieldError(`body.units[${i}].unitId`, "Không tìm thấy đơn vị.", "Unit not found.");
      const hours = hoursOf(c.cal, u, `body.units[${i}]`);
      const due = c.cal.addWorkingHours(c.now, hours);
      const lead = leads === 0 ? i === 0 : !!u.lead;
      const task = await c.trx
        .insertInto("dossier_tasks")
        .values({
          // in creation order even within one transaction (now() is the transaction start) and on a clock coarser
          // than a microsecond (PGlite's): the i-th unit's task is at least i µs after the clock
          created_at: sql`clock_timestamp() + make_interval(secs => ${i} * 0.000001)`,
          dossier_id: c.l.d.id,
          kind: "interagency",
          name: u.task.slice(0, 300),
          unit_id: unit.id,
          role: "specialist",
          lead,
          started_at: c.now,
          due_at: due,
          requested_by: officer.id,
          data: JSON.stringify({ task: u.task }),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      created.push({ task: task.id, unit, lead, work: u.task, workingHours: hours, dueAt: due.toISOString() });
    }
    await commit(c, {}, { type: "interagency_started", data: { units: created, note: input.note ?? null } });
  },

  async complete_interagency(c, officer, input) {
    const mine = c.l.tasks.filter(
      (t) => t.kind === "interagency" && t.status === "open" && t.unit_id === officer.unitId,
    );
    const task = input.taskId ? mine.find((t) => t.id === input.taskId) : mine[0];
    if (!task)
      throw fieldError(
        "body.taskId",
        "Không có phần việc liên thông này đang chờ đơn vị bạn.",
        "No such inter-agency task awaits your unit.",
      );
    const outcome = await finishTask(c, task, input.note ?? null);
    const remaining = c.l.tasks.filter((t) => t.kind === "interagency" && t.status === "open").length;
    await commit(
      c,
      {},
      {
        type: "interagency_task_completed",
        data: {
          task: task.id,
          unit: await unitRef(c.trx, task.unit_id),
          lead: task.lead,
          outcome,
          note: input.note ?? null,
          allDone: remaining === 0,
        },
      },
    );
  },

  async request_payment(c, officer, input) {
    // typed by the officer, or computed from the pinned version's fees (what is owed and why, line by line)
    const owed = obligationOf(c.l.version, input);
    const row = await c.trx
      .insertInto("payment_obligations")
      .values({
        dossier_id: c.l.d.id,
        amount: owed.amount,
        description: owed.description,
        requested_at: c.now,
        requested_by: officer.id,
        lines: owed.lines ? JSON.stringify(owed.lines) : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await commit(
      c,
      { status: Status.FINANCIAL_OBLIGATION, ...suspendPatch(c) },
      {
        type: "payment_requested",
        data: { payment: row.id, amount: owed.amount, description: owed.description, lines: owed.lines },
      },
    );
  },

  async confirm_payment(c, officer, input) {
    await settleObligation(c, { method: input.method, reference: input.reference ?? null, officerId: officer.id });
  },

  async attach_result(c, officer, input) {
    const files = await checkOwnFiles(
      c.trx,
      [input.fileId],
      { kind: "officer", id: officer.id },
      "body.fileId",
      c.l.d.id,
    );
    await attachFiles(c.trx, c.l.d.id, [{ fileId: input.fileId }], "result", c.now);
    c.l.hasResult = true;
    const f = files.get(input.fileId)!;
    await commit(
      c,
      {},
      { type: "result_attached", data: { file: { id: f.id, name: f.name, mime: f.mime }, note: input.note ?? null } },
    );
  },

  async generate_result(c, officer, input) {
    const { d } = c.l;
    // rendered before the transaction (runAction): the dossier row stays locked only for storing it
    const pdf = c.prepared?.resultPdf ?? (await renderResultPdf(resultViewModel(c.l, officer, input, c.now)));
    const fileId = await storeGeneratedFile(c.deps, c.trx, pdf, `ket-qua-${d.code ?? d.reference}.pdf`, d.id);
    await attachFiles(c.trx, d.id, [{ fileId }], "result", c.now);
    c.l.hasResult = true;
    await commit(
      c,
      {},
      {
        type: "result_attached",
        data: {
          file: { id: fileId, name: `ket-qua-${d.code ?? d.reference}.pdf`, mime: "application/pdf" },
          generated: true,
          title: input.title,
        },
      },
    );
  },

  async sign_result(c, officer, input) {
    const { d } = c.l;
    const signed = c.prepared?.signedResult;
    if (!signed || signed.fromFileId !== input.fileId) throw new Error("sign_result runs with its prepared signature");
    // the draft must still be this dossier's result (not replaced or signed by someone else meanwhile)
    const gone = await c.trx
      .deleteFrom("dossier_files")
      .where("dossier_id", "=", d.id)
      .where("file_id", "=", signed.fromFileId)
      .where("kind", "=", "result")
      .returning("file_id")
      .executeTakeFirst();
    if (!gone)
      throw new AppError(409, "result_changed", {
        vi: "Văn bản kết quả đã thay đổi trong lúc ký; vui lòng tải lại trang và ký lại.",
        en: "The result document changed while it was being signed; reload the page and sign again.",
      });
    const fileId = await storeGeneratedFile(c.deps, c.trx, signed.pdf, signed.name, d.id);
    await attachFiles(c.trx, d.id, [{ fileId }], "result", c.now);
    await recordCheck(c.trx, fileId, signed.check, c.now);
    await c.trx
      .insertInto("audit_log")
      .values({
        at: c.now,
        actor_kind: "officer",
        actor_id: officer.id,
        unit_id: officer.unitId,
        action: "dossier.sign_result",
        target: d.code ?? d.id,
        ip: c.actor.ip ?? null,
        data: JSON.stringify({ dossierId: d.id, from: signed.fromFileId, file: fileId, method: signed.method }),
      })
      .execute();
    await commit(
      c,
      {},
      {
        type: "result_signed",
        data: {
          from: { id: signed.fromFileId },
          file: { id: fileId, name: signed.name, mime: "application/pdf" },
          method: signed.method,
          sealed: signed.sealed,
          signers: signed.check.signatures.map((x) => x.signer),
        },
      },
    );
  },

  async certify_copy(c, _officer, input) {
    const copy = c.prepared?.certifiedCopy;
    if (!copy || copy.fromFileId !== input.fileId) throw new Error("certify_copy runs with its prepared copy");
    const fileId = await storeGeneratedFile(c.deps, c.trx, copy.pdf, copy.name, c.l.d.id);
    await attachFiles(c.trx, c.l.d.id, [{ fileId }], "result", c.now);
    c.l.hasResult = true;
    await commit(
      c,
      {},
      {
        type: "certified_copy_issued",
        data: {
          original: { id: copy.fromFileId },
          file: { id: fileId, name: copy.name, mime: "application/pdf" },
          number: input.number,
        },
      },
    );
  },

  async stop(c, _officer, input) {
    await cancelOpenTasks(c);
    await commit(
      c,
      { status: Status.STOPPED, ...closedPatch(c.now) },
      { type: "stopped", data: { reason: input.reason, legalBasis: input.legalBasis }, form: "05" },
    );
  },

  async record_withdrawal(c, _officer, input) {
    await withdraw(c, input.reason);
  },

  async apologise(c, _officer, input) {
    const { d, rules } = c.l;
    const newDue = parseInstant(input.newDueAt, "body.newDueAt");
    if (!d.due_at || newDue.getTime() <= d.due_at.getTime() || newDue.getTime() <= c.now.getTime())
      throw fieldError(
        "body.newDueAt",
        "Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại.",
        "The new date must be after the current due date and after now.",
      );
    const original = d.original_due_at ?? d.due_at;
    // form 04 is due at least one working day before the due instant; a late one is refused or flagged (rule set)
    const timing = apologyTiming(c.cal, c.now, d.due_at, rules);
    await commit(
      c,
      {
        due_at: newDue,
        original_due_at: original,
        extension_count: d.extension_count + 1,
        // an apology after the due instant does not make the dossier on time: it stays reported as overdue
        due_state: timing.overdue ? "overdue" : dueState(c.cal, c.now, newDue, rules),
      },
      {
        type: "deadline_extended",
        data: {
          reason: input.reason,
          originalDueAt: original.toISOString(),
          previousDueAt: d.due_at.toISOString(),
          newDueAt: newDue.toISOString(),
          extension: d.extension_count + 1,
          issuedInTime: timing.inTime,
          latestInTimeAt: timing.latestAt.toISOString(),
          lateApology: timing.inTime ? null : { overdue: timing.overdue, rule: rules.lateApology },
        },
        notify: true,
        form: "04",
      },
    );
  },

  async return_result(c, _officer, input) {
    // a result on its way by post is returned when the post delivers it (src/app/postal/tracking.ts)
    await refuseWhileDelivering(c);
    if (input.method === "post" && (await bookResultDelivery(c))) return;
    await returnResult(c, input);
  },
};

/**
 * Ends the return step: the result handed over (at the counter, online, or delivered by the post, whose callback
 * calls this with its own actor), the dossier returned (status 10) and closed.
 */
export async function returnResult(
  c: ActionContext,
  input: { method: ActionInputs["return_result"]["method"]; receiverName?: string; note?: string },
  extra: Record<string, unknown> = {},
): Promise<void> {
  const task = openStepTask(c.l.tasks);
  let stepOutcome: string | null = null;
  if (task) stepOutcome = await finishTask(c, task, input.note ?? null);
  await commit(
    c,
    {
      status: Status.RETURNED,
      returned_at: c.now,
      return_method: input.method,
      current_unit_id: c.l.d.receiving_unit_id,
      ...closedPatch(c.now),
    },
    {
      type: "returned",
      data: {
        method: input.method,
        receiverName: input.receiverName ?? null,
        note: input.note ?? null,
        stepOutcome,
        outcome: c.l.d.outcome,
        ...extra,
      },
    },
  );
}

/**
 * Runs one office action on a dossier and returns nothing; callers read the new detail. Throws 404 (not visible),
 * 403 (role/unit), 409 (state), 422 (input).
 */
export async function runAction(
  deps: Deps,
  officer: Officer,
  dossierId: string,
  action: string,
  rawInput: unknown,
  meta: ActionMeta = {},
): Promise<void> {
  if (!isOfficerAction(action))
    throw new AppError(404, "unknown_action", { vi: `Không có thao tác "${action}".`, en: `No action "${action}".` });
  const cal = await getCalendar(deps);
  const now = deps.now();
  const forms: ActionContext["forms"] = [];
  // a generated result document is rendered before the transaction, from what cannot change while it is processed
  // (code, pinned procedure, applicant); if the action is then refused, nothing is stored
  let prepared: ActionContext["prepared"];
  if (action === "generate_result") {
    const input = parseInput(ACTION_INPUTS.generate_result, rawInput);
    const l = await loadVisible(deps.db, officer, dossierId, { hoursPerDay: cal.hoursPerDay });
    prepared = { resultPdf: await renderResultPdf(resultViewModel(l, officer, input, now)) };
  }
  // a certified copy is rendered before the transaction too (issue #7), after checking the officer may issue it
  if (action === "certify_copy") {
    const input = parseInput(ACTION_INPUTS.certify_copy, rawInput);
    const l = await loadVisible(deps.db, officer, dossierId, { hoursPerDay: cal.hoursPerDay });
    const decision = decide(officer, action, lifecycleState(l, cal, now));
    if (!decision.ok) throw refusal(decision);
    prepared = { certifiedCopy: await prepareCertifiedCopy(deps, officer, l, input, now) };
  }
  // a signature is made before the transaction (the signing service may be slow or down): the officer's right to
  // sign is checked first, so no OTP is spent on a refused action; nothing is stored unless the transaction commits
  if (action === "sign_result") {
    const input = parseInput(ACTION_INPUTS.sign_result, rawInput);
    const l = await loadVisible(deps.db, officer, dossierId, { hoursPerDay: cal.hoursPerDay });
    const decision = decide(officer, action, lifecycleState(l, cal, now));
    if (!decision.ok) throw refusal(decision);
    prepared = { signedResult: await signResultDocument(deps, officer, l, input, now) };
  }
  await deps.db.transaction().execute(async (trx) => {
    const l: Loaded = await loadVisible(trx, officer, dossierId, { lock: true, hoursPerDay: cal.hoursPerDay });
    const decision = decide(officer, action, lifecycleState(l, cal, now));
    if (!decision.ok) throw refusal(decision);
    const input = parseInput(ACTION_INPUTS[action], rawInput);
    const c: ActionContext = {
      trx,
      deps,
      cal,
      now,
      actor: officerActor(officer, meta),
      l,
      head: { id: l.d.id, last_event_seq: l.d.last_event_seq, last_event_hash: l.d.last_event_hash },
      forms,
      prepared,
    };
    await (HANDLERS[action] as Handler<typeof action>)(c, officer, input as never);
  });
  await ensureIssuedForms(deps, dossierId, forms);
}

export { ACTION_LABELS, invalidInput, ref };
