/**
 * The dossier as an officer sees it: its data, procedure (components, process steps with their units), files,
 * history timeline, tasks, issued forms and the actions this officer may take now with the fields each one needs.
 */
import { POSTAL_EVENT_NAMES, SHIPMENT_STATUS_NAMES } from "../../domain/postal.js";
import { dossierPostal } from "../postal/service.js";
import type { TSchema } from "@sinclair/typebox";
import type { DossierStatusCode } from "../../adapters/db/schema.js";
import type { Role } from "../../domain/catalogue.js";
import { ACTION_LABELS, allowedActions, type OfficerAction } from "../../domain/lifecycle.js";
import { STATUS_NAMES, type StatusCode } from "../../domain/status.js";
import type { Officer } from "../actors.js";
import type { LText } from "../../shared/text.js";
import { getCalendar } from "../calendar.js";
import type { Deps } from "../deps.js";
import {
  canSee,
  type Loaded,
  lifecycleState,
  loadDossier,
  loadUnits,
  loadVisible,
  stepUnitId,
  type Tx,
} from "./context.js";
import { dossierEvents, dossierFiles } from "../dossiers/repo.js";
import { EXEMPTION_CATEGORIES } from "../../domain/fees.js";
import { DOSSIER_NOT_FOUND } from "./errors.js";
import { issuedForms } from "./forms.js";
import { ACTION_INPUTS } from "./schemas.js";
import { checkDossierFiles, signatureChecksOf } from "../signing/checks.js";
import { signResultFields } from "../signing/result.js";
import { certifyCopyFields } from "./certified-copy.js";

export interface ActionField {
  name: string;
  type:
    | "text"
    | "textarea"
    | "lines"
    | "number"
    | "datetime"
    | "select"
    | "file"
    | "files"
    | "items"
    | "units"
    | "checkbox";
  label: LText;
  required: boolean;
  options?: { value: string; label: string }[];
  /** For "items" and "units": the fields of each entry. */
  itemFields?: ActionField[];
  hint?: LText;
}

export interface AllowedAction {
  action: OfficerAction;
  label: LText;
  /** The fields the action takes (what a form must ask), and the JSON schema the server validates against. */
  input: { fields: ActionField[]; schema: TSchema };
}

export const EVENT_LABELS: Record<string, LText> = {
  submitted: { vi: "Nộp hồ sơ", en: "Submitted" },
  received: { vi: "Tiếp nhận hồ sơ", en: "Received" },
  supplement_requested: { vi: "Yêu cầu bổ sung, hoàn thiện hồ sơ", en: "Supplement requested" },
  supplement_completed: { vi: "Đã bổ sung hồ sơ", en: "Supplement completed" },
  refused: { vi: "Từ chối tiếp nhận", en: "Refused" },
  assigned: { vi: "Phân công xử lý", en: "Assigned" },
  taken: { vi: "Nhận xử lý", en: "Taken" },
  handed_over: { vi: "Chuyển bước xử lý", en: "Handed over" },
  approved: { vi: "Phê duyệt", en: "Approved" },
  processed: { vi: "Đã xử lý xong", en: "Processed" },
  returned_to_step: { vi: "Trả lại bước trước", en: "Returned to an earlier step" },
  consultation_requested: { vi: "Xin ý kiến đơn vị khác", en: "Consultation requested" },
  consultation_replied: { vi: "Trả lời xin ý kiến", en: "Consultation replied" },
  interagency_started: { vi: "Chuyển xử lý liên thông", en: "Inter-agency processing started" },
  interagency_task_completed: { vi: "Đơn vị liên thông hoàn thành", en: "Inter-agency task completed" },
  payment_requested: { vi: "Yêu cầu thực hiện nghĩa vụ tài chính", en: "Financial obligation requested" },
  payment_confirmed: { vi: "Đã thực hiện nghĩa vụ tài chính", en: "Payment confirmed" },
  result_attached: { vi: "Đính kèm kết quả", en: "Result attached" },
  certified_copy_issued: { vi: "Cấp bản sao điện tử được chứng thực", en: "Electronic certified copy issued" },
  result_signed: { vi: "Ký số văn bản kết quả", en: "Result document signed" },
  stopped: { vi: "Dừng xử lý", en: "Processing stopped" },
  withdrawn: { vi: "Rút hồ sơ", en: "Withdrawn" },
  deadline_extended: { vi: "Xin lỗi và gia hạn", en: "Apology and extension" },
  returned: { vi: "Trả kết quả", en: "Result returned" },
  deadline_due_soon: { vi: "Sắp đến hạn", en: "Due soon" },
  deadline_overdue: { vi: "Quá hạn", en: "Overdue" },
  ...POSTAL_EVENT_NAMES,
};

const L = (vi: string, en: string): LText => ({ vi, en });
const NOTE: ActionField = { name: "note", type: "textarea", label: L("Ghi chú", "Note"), required: false };
const LEGAL: ActionField = {
  name: "legalBasis",
  type: "lines",
  label: L("Căn cứ pháp lý (mỗi dòng một căn cứ)", "Legal bases (one per line)"),
  required: true,
};
const DAYS: ActionField = {
  name: "workingDays",
  type: "number",
  label: L("Thời hạn (ngày làm việc)", "Deadline (working days)"),
  required: true,
};
const METHODS = [
  { value: "counter", label: "Trực tiếp tại Bộ phận Một cửa" },
  { value: "post", label: "Qua dịch vụ bưu chính công ích" },
  { value: "online", label: "Trực tuyến" },
];

async function officersOf(tx: Tx, unitId: string, role: Role) {
  const rows = await tx
    .selectFrom("officers")
    .select(["id", "name", "roles"])
    .where("unit_id", "=", unitId)
    .where("active", "=", true)
    .orderBy("name")
    .execute();
  return rows.filter((r) => (r.roles as string[]).includes(role)).map((r) => ({ value: r.id, label: r.name }));
}

async function otherUnits(tx: Tx, except: string | null) {
  const rows = await tx.selectFrom("units").select(["id", "name"]).orderBy("name").limit(500).execute();
  return rows.filter((r) => r.id !== except).map((r) => ({ value: r.id, label: r.name }));
}

async function fieldsFor(tx: Tx, action: OfficerAction, l: Loaded, officer: Officer): Promise<ActionField[]> {
  const { d, version, tasks } = l;
  const open = tasks.find((t) => t.kind === "step" && t.status === "open");
  switch (action) {
    case "receive":
      return [{ name: "sets", type: "number", label: L("Số bộ hồ sơ", "Number of sets"), required: false }, NOTE];
    case "request_supplement":
      return [
        {
          name: "items",
          type: "items",
          label: L("Nội dung yêu cầu bổ sung, hoàn thiện", "What to add or correct"),
          required: true,
          itemFields: [
            { name: "content", type: "text", label: L("Nội dung", "What"), required: true },
            { name: "reason", type: "text", label: L("Lý do", "Why"), required: true },
          ],
          hint: L("Hướng dẫn một lần, đầy đủ (Điều 15 Nghị định 61/2018/NĐ-CP).", "Guide once and in full."),
        },
        NOTE,
      ];
    case "complete_supplement":
      return [
        {
          name: "files",
          type: "files",
          label: L("Giấy tờ bổ sung (bản quét)", "Supplementary papers (scans)"),
          required: false,
        },
        NOTE,
      ];
    case "refuse":
    case "stop":
      return [{ name: "reason", type: "textarea", label: L("Lý do", "Reason"), required: true }, LEGAL];
    case "assign":
      return [
        {
          name: "officerId",
          type: "select",
          label: L("Cán bộ xử lý", "Officer"),
          required: true,
          options: open ? await officersOf(tx, open.unit_id, open.role as Role) : [],
        },
        NOTE,
      ];
    case "take":
      return [];
    case "forward":
    case "approve": {
      const nextIndex = (open?.step_index ?? -1) + 1;
      const next = version.process.steps[nextIndex];
      const options = next ? await officersOf(tx, await stepUnitId(tx, next, d, version), next.role) : [];
      return [
        ...(next
          ? [
              {
                name: "assigneeId",
                type: "select" as const,
                label: L(
                  `Cán bộ nhận bước "${next.name}" (không bắt buộc)`,
                  `Officer for step "${next.name}" (optional)`,
                ),
                required: false,
                options,
              },
            ]
          : []),
        NOTE,
      ];
    }
    case "return_step":
      return [
        {
          name: "toStep",
          type: "select",
          label: L("Trả lại bước", "Return to step"),
          required: true,
          options: version.process.steps
            .slice(0, open?.step_index ?? 0)
            .map((s, i) => ({ value: String(i), label: `${i + 1}. ${s.name}` })),
        },
        { name: "reason", type: "textarea", label: L("Lý do", "Reason"), required: true },
      ];
    case "consult":
      return [
        {
          name: "unitId",
          type: "select",
          label: L("Đơn vị được xin ý kiến", "Unit consulted"),
          required: true,
          options: await otherUnits(tx, d.current_unit_id),
        },
        { name: "question", type: "textarea", label: L("Nội dung xin ý kiến", "Question"), required: true },
        DAYS,
      ];
    case "reply_consultation":
    case "complete_interagency": {
      const kind = action === "reply_consultation" ? "consultation" : "interagency";
      const options = tasks
        .filter((t) => t.kind === kind && t.status === "open" && t.unit_id === officer.unitId)
        .map((t) => ({ value: t.id, label: t.name }));
      return [
        {
          name: "taskId",
          type: "select",
          label: L("Phiếu / phần việc", "Task"),
          required: options.length > 1,
          options,
        },
        action === "reply_consultation"
          ? { name: "reply", type: "textarea", label: L("Nội dung trả lời", "Reply"), required: true }
          : NOTE,
      ];
    }
    case "start_interagency":
      return [
        {
          name: "units",
          type: "units",
          label: L("Các đơn vị tham gia", "Participating units"),
          required: true,
          options: await otherUnits(tx, null),
          itemFields: [
            { name: "unitId", type: "select", label: L("Đơn vị", "Unit"), required: true },
            { name: "task", type: "text", label: L("Phần việc", "Task"), required: true },
            DAYS,
            { name: "lead", type: "checkbox", label: L("Chủ trì", "Lead"), required: false },
          ],
        },
        NOTE,
      ];
    case "request_payment":
      return [
        {
          name: "copies",
          type: "number",
          label: L("Số bản sao cấp", "Copies issued"),
          required: false,
          hint: L("Cho các khoản phí tính theo bản (mặc định 1).", "For fees charged per copy (default 1)."),
        },
        {
          name: "items",
          type: "number",
          label: L("Số trang / việc", "Pages / items"),
          required: false,
          hint: L("Cho các khoản phí tính theo trang, việc (mặc định 1).", "For fees charged per item (default 1)."),
        },
        {
          name: "exemption",
          type: "select",
          label: L("Đối tượng miễn phí, lệ phí", "Exemption"),
          required: false,
          options: Object.entries(EXEMPTION_CATEGORIES).map(([value, t]) => ({ value, label: t.vi })),
        },
        {
          name: "amount",
          type: "number",
          label: L("Số tiền (đồng), nếu nhập tay", "Amount (VND), if typed"),
          required: false,
          hint: L(
            "Bỏ trống để tính theo phí, lệ phí của thủ tục.",
            "Leave empty to compute it from the procedure's fees.",
          ),
        },
        { name: "description", type: "text", label: L("Nội dung", "Description"), required: false },
      ];
    case "confirm_payment":
      return [
        { name: "method", type: "select", label: L("Hình thức nộp", "Paid by"), required: true, options: METHODS },
        {
          name: "reference",
          type: "text",
          label: L("Số biên lai / mã giao dịch", "Receipt / transaction number"),
          required: false,
        },
      ];
    case "attach_result":
      return [{ name: "fileId", type: "file", label: L("Tệp kết quả", "Result file"), required: true }, NOTE];
    case "generate_result":
      return [
        { name: "title", type: "text", label: L("Tên văn bản", "Title"), required: true },
        { name: "content", type: "textarea", label: L("Nội dung", "Content"), required: true },
      ];
    case "certify_copy":
      return certifyCopyFields(tx, l);
    case "sign_result":
      return signResultFields(tx, l, officer);
    case "record_withdrawal":
      return [{ name: "reason", type: "textarea", label: L("Lý do", "Reason"), required: false }];
    case "apologise":
      return [
        { name: "reason", type: "textarea", label: L("Lý do chậm trễ", "Reason for the delay"), required: true },
        { name: "newDueAt", type: "datetime", label: L("Ngày hẹn trả kết quả mới", "New due date"), required: true },
      ];
    case "return_result":
      return [
        { name: "method", type: "select", label: L("Hình thức trả", "Returned by"), required: true, options: METHODS },
        { name: "receiverName", type: "text", label: L("Người nhận kết quả", "Received by"), required: false },
        NOTE,
      ];
  }
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface DetailOptions {
  /** Record the view in the audit log (default true). */
  audit?: boolean;
  /**
   * Right after this officer acted on the dossier: show it even if the action handed it out of their units (their
   * allowed actions are then empty).
   */
  afterAction?: boolean;
  ip?: string | null;
}

/**
 * The fields `action` takes on this dossier when this officer may take it now, or undefined when they may not (a
 * page reads its posted form with them); 404 when the officer may not see the dossier. Loads the dossier only, not
 * its whole detail.
 */
export async function allowedActionFields(
  deps: Deps,
  officer: Officer,
  id: string,
  action: string,
): Promise<ActionField[] | undefined> {
  const cal = await getCalendar(deps);
  const l = await loadVisible(deps.db, officer, id, { hoursPerDay: cal.hoursPerDay });
  if (!l) throw DOSSIER_NOT_FOUND();
  const may = allowedActions(officer, lifecycleState(l, cal, deps.now())).find((a) => a === action);
  return may ? fieldsFor(deps.db, may, l, officer) : undefined;
}

/** The dossier page's data. 404 when the officer may not see it. */
export async function getDossierDetail(deps: Deps, officer: Officer, id: string, opts: DetailOptions = {}) {
  const cal = await getCalendar(deps);
  const now = deps.now();
  const tx = deps.db;
  const l = opts.afterAction
    ? await loadDossier(tx, id, { hoursPerDay: cal.hoursPerDay })
    : await loadVisible(tx, officer, id, { hoursPerDay: cal.hoursPerDay });
  if (!l) throw DOSSIER_NOT_FOUND();
  const visible = canSee(officer, l);
  const { d, version } = l;
  const state = lifecycleState(l, cal, now);
  const actions = visible ? allowedActions(officer, state) : [];
  const stepUnits = await Promise.all(
    version.process.steps.map((s) => stepUnitId(tx, s, d, version).catch(() => null)),
  );
  // the PDFs' signatures are verified once, at the first look, and the verdict kept (src/app/signing/checks.ts)
  if (visible) await checkDossierFiles(deps, id);
  const [files, events, forms, payments, postal] = await Promise.all([
    dossierFiles(tx, id),
    dossierEvents(tx, id),
    issuedForms(tx, id),
    tx.selectFrom("payment_obligations").selectAll().where("dossier_id", "=", id).orderBy("requested_at").execute(),
    dossierPostal(deps, id),
  ]);
  const units = await loadUnits(tx, [
    d.receiving_unit_id,
    d.current_unit_id,
    version.competentUnitId,
    ...stepUnits,
    ...l.tasks.map((t) => t.unit_id),
    ...events.map((e) => e.unit_id),
  ]);
  const officerIds = [
    ...new Set([d.assignee_id, ...l.tasks.map((t) => t.assignee_id)].filter((x): x is string => !!x)),
  ];
  const officers = officerIds.length
    ? new Map(
        (await tx.selectFrom("officers").select(["id", "name"]).where("id", "in", officerIds).execute()).map((o) => [
          o.id,
          o.name,
        ]),
      )
    : new Map<string, string>();
  const checks = await signatureChecksOf(
    tx,
    files.map((f) => f.id),
  );
  const unitName = (uid: string | null | undefined) => (uid ? (units.get(uid)?.name ?? null) : null);
  const allowed: AllowedAction[] = [];
  for (const a of actions)
    allowed.push({
      action: a,
      label: ACTION_LABELS[a],
      input: { fields: await fieldsFor(tx, a, l, officer), schema: ACTION_INPUTS[a] },
    });

  if (opts.audit !== false)
    await tx
      .insertInto("audit_log")
      .values({
        at: now,
        actor_kind: "officer",
        actor_id: officer.id,
        unit_id: officer.unitId,
        action: "dossier.view",
        target: id,
        ip: opts.ip ?? null,
        data: JSON.stringify({ code: d.code }),
      })
      .execute();

  const base = `/api/office`;
  return {
    dossier: {
      id: d.id,
      code: d.code,
      reference: d.reference,
      status: d.status as DossierStatusCode,
      statusName: STATUS_NAMES[d.status as StatusCode],
      channel: d.channel,
      applicant: d.applicant,
      applicantAccountId: d.applicant_account_id,
      data: d.data,
      returnMethod: d.return_method,
      returnAddress: d.return_address,
      sets: d.sets,
      submittedAt: iso(d.submitted_at),
      receivedAt: iso(d.received_at),
      dueAt: iso(d.due_at),
      originalDueAt: iso(d.original_due_at),
      processedAt: iso(d.processed_at),
      returnedAt: iso(d.returned_at),
      closedAt: iso(d.closed_at),
      outcome: d.outcome,
      dueState: d.due_state,
      extensionCount: d.extension_count,
      supplementRounds: d.supplement_rounds,
      suspendedAt: iso(d.suspended_at),
      currentStep: d.current_step,
      currentUnit: d.current_unit_id ? { id: d.current_unit_id, name: unitName(d.current_unit_id) } : null,
      receivingUnit: { id: d.receiving_unit_id, name: unitName(d.receiving_unit_id) },
      assignee: d.assignee_id ? { id: d.assignee_id, name: officers.get(d.assignee_id) ?? null } : null,
      stepDueAt: iso(d.step_due_at),
      logbook: d.logbook_no ? { year: d.logbook_year, no: d.logbook_no } : null,
      ruleSet: d.rule_set_code,
    },
    procedure: {
      id: d.procedure_id,
      versionId: version.id,
      code: version.procedureCode,
      name: version.name,
      timeLimit: version.timeLimit,
      components: version.components,
      fees: version.fees,
      legalBases: version.legalBases,
      result: version.result,
      competentUnit: { id: version.competentUnitId, name: unitName(version.competentUnitId) },
      steps: version.process.steps.map((s, i) => ({
        index: i,
        code: s.code,
        name: s.name,
        role: s.role,
        budgetHours: s.budgetHours,
        unit: stepUnits[i] ? { id: stepUnits[i], name: unitName(stepUnits[i]) } : null,
      })),
    },
    files: files.map((f) => ({
      signature: checks.get(f.id) ?? null,
      id: f.id,
      name: f.name,
      mime: f.mime,
      size: f.size,
      kind: f.kind,
      componentCode: f.component_code,
      addedAt: iso(f.added_at),
      url: `${base}/files/${f.id}`,
      warehouse: f.warehouse_id
        ? {
            documentId: f.warehouse_id,
            title: f.warehouse_title,
            verified: f.warehouse_verified_at !== null,
            verifiedAt: iso(f.warehouse_verified_at),
          }
        : null,
    })),
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      label: EVENT_LABELS[e.type] ?? { vi: e.type, en: e.type },
      at: iso(e.at),
      actor: { kind: e.actor_kind, id: e.actor_id, name: e.actor_name },
      unit: e.unit_id ? { id: e.unit_id, name: unitName(e.unit_id) } : null,
      ip: e.ip,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      data: e.data,
    })),
    tasks: l.tasks.map((t) => ({
      id: t.id,
      kind: t.kind,
      stepIndex: t.step_index,
      name: t.name,
      unit: { id: t.unit_id, name: unitName(t.unit_id) },
      role: t.role,
      assignee: t.assignee_id ? { id: t.assignee_id, name: officers.get(t.assignee_id) ?? null } : null,
      lead: t.lead,
      status: t.status,
      startedAt: iso(t.started_at),
      dueAt: iso(t.due_at),
      finishedAt: iso(t.finished_at),
      outcome: t.outcome,
      note: t.note,
      data: t.data,
    })),
    payments: payments.map((p) => ({
      id: p.id,
      amount: p.amount,
      description: p.description,
      status: p.status,
      requestedAt: iso(p.requested_at),
      paidAt: iso(p.paid_at),
      method: p.method,
      reference: p.reference,
    })),
    forms: forms.map((f) => ({ no: f.no, issuedAt: iso(f.issuedAt), url: `${base}/dossiers/${id}/forms/${f.no}` })),
    postal: {
      choice: postal.choice
        ? {
            collect: postal.choice.collect,
            deliver: postal.choice.deliver,
            service: postal.choice.service,
            name: postal.choice.receiver.name,
            phone: postal.choice.receiver.phone,
            address: postal.choice.receiver.address,
          }
        : null,
      shipments: postal.shipments.map((s) => ({
        kind: s.kind,
        reference: s.reference,
        status: s.status,
        statusName: SHIPMENT_STATUS_NAMES[s.status],
        trackingNumber: s.tracking_number,
        fee: s.fee,
        error: s.error,
        updatedAt: iso(s.updated_at),
      })),
    },
    allowedActions: allowed,
  };
}

export type DossierDetail = Awaited<ReturnType<typeof getDossierDetail>>;
