/**
 * The dossier lifecycle of the one-stop office (domain.md §5): the actions officers take, who may take each one and
 * in which state. Pure: the office use cases (src/app/office) build a `LifecycleState` from the database, ask
 * `decide` before acting, and `allowedActions` tells the UI which actions to offer. The server enforces exactly these
 * rules; the order of checks is: the officer's role and unit (403), then the dossier's state (409).
 * See docs/law.md#lifecycle-and-who-may-act.
 */
import { formatDateTime } from "../shared/format.js";
import type { LText } from "../shared/text.js";
import type { ProcessSpec, ProcessStep, Role, TimeLimit } from "./catalogue.js";
import { STATUS_NAMES, Status, type StatusCode } from "./status.js";

export const OFFICER_ACTIONS = [
  "receive",
  "request_supplement",
  "complete_supplement",
  "refuse",
  "assign",
  "take",
  "forward",
  "approve",
  "return_step",
  "consult",
  "reply_consultation",
  "start_interagency",
  "complete_interagency",
  "request_payment",
  "confirm_payment",
  "attach_result",
  "generate_result",
  "certify_copy",
  "sign_result",
  "stop",
  "record_withdrawal",
  "apologise",
  "return_result",
] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];

export const ACTION_LABELS: Record<OfficerAction, LText> = {
  receive: { vi: "Tiếp nhận hồ sơ", en: "Receive the dossier" },
  request_supplement: { vi: "Yêu cầu bổ sung, hoàn thiện hồ sơ", en: "Request a supplement" },
  complete_supplement: { vi: "Ghi nhận hồ sơ đã bổ sung", en: "Record the completed supplement" },
  refuse: { vi: "Từ chối tiếp nhận", en: "Refuse the dossier" },
  assign: { vi: "Phân công xử lý", en: "Assign" },
  take: { vi: "Nhận xử lý", en: "Take" },
  forward: { vi: "Chuyển bước tiếp theo", en: "Forward to the next step" },
  approve: { vi: "Phê duyệt", en: "Approve" },
  return_step: { vi: "Trả lại bước trước", en: "Return to an earlier step" },
  consult: { vi: "Xin ý kiến đơn vị khác", en: "Consult another unit" },
  reply_consultation: { vi: "Trả lời xin ý kiến", en: "Reply to a consultation" },
  start_interagency: { vi: "Chuyển xử lý liên thông", en: "Start inter-agency processing" },
  complete_interagency: { vi: "Hoàn thành phần việc liên thông", en: "Complete the inter-agency task" },
  request_payment: { vi: "Yêu cầu thực hiện nghĩa vụ tài chính", en: "Request a financial obligation" },
  confirm_payment: { vi: "Xác nhận đã thực hiện nghĩa vụ tài chính", en: "Confirm payment" },
  attach_result: { vi: "Đính kèm kết quả", en: "Attach the result" },
  generate_result: { vi: "Tạo văn bản kết quả", en: "Generate a result document" },
  certify_copy: { vi: "Chứng thực bản sao điện tử từ bản chính", en: "Issue an electronic certified copy" },
  sign_result: { vi: "Ký số văn bản kết quả", en: "Sign the result document" },
  stop: { vi: "Dừng xử lý hồ sơ", en: "Stop processing" },
  record_withdrawal: { vi: "Ghi nhận công dân rút hồ sơ", en: "Record the withdrawal" },
  apologise: { vi: "Xin lỗi và gia hạn thời gian giải quyết", en: "Apologise and extend the deadline" },
  return_result: { vi: "Trả kết quả", en: "Return the result" },
};

export const ROLE_LABELS: Record<Role, LText> = {
  receiving: { vi: "cán bộ tiếp nhận và trả kết quả", en: "receiving officer" },
  specialist: { vi: "chuyên viên xử lý", en: "specialist" },
  leader: { vi: "lãnh đạo", en: "leader" },
  admin: { vi: "quản trị hệ thống", en: "administrator" },
  supervisor: { vi: "giám sát", en: "supervisor" },
};

/** The open step of the internal process, as the state machine needs it. */
export interface StepState {
  index: number;
  code: string;
  name: string;
  role: Role;
  unitId: string;
  assigneeId: string | null;
  dueAt: Date | null;
}

export interface LifecycleState {
  status: StatusCode;
  /** The dossier has been received (it has a code and a running or suspended clock). */
  received: boolean;
  receivingUnitId: string;
  /** The unit currently holding the dossier (the open step's unit). */
  currentUnitId: string | null;
  step: StepState | null;
  /** Number of steps of the pinned process. */
  stepCount: number;
  /** Index of the final return-at-the-counter step, if the process ends with one. */
  returnStepIndex: number | null;
  openConsultations: { id: string; unitId: string }[];
  openInteragency: { id: string; unitId: string }[];
  /** An inter-agency round has been started and not all its tasks are done. */
  interagencyActive: boolean;
  hasResult: boolean;
  /** A result PDF not yet carrying a valid signature (something to sign). Absent = same as `hasResult`. */
  unsignedResult?: boolean;
  /** The procedure certifies copies (its result is a certified copy): certify_copy belongs to it only. */
  certifiesCopies?: boolean;
  pendingPayment: boolean;
  extensionCount: number;
  maxExtensions: number;
  /** A supplement may still be requested (within the rule set's window after receipt). */
  supplementWindowOpen: boolean;
  /**
   * Whether one more supplement request is allowed by the rule set's limit per dossier (before and after receipt
   * together; see `supplementAllowance` in calendar/clock.ts): "exception_only" asks the request to name the legal
   * basis of the exception. Absent = "allowed".
   */
  supplementAllowance?: "allowed" | "exception_only" | "refused";
  /**
   * An apology now would come later than the rule set allows (less than one working day before the due instant) and
   * the rule set refuses late apologies; `latestAt` is when it was still in time. Absent = not refused.
   */
  lateApologyRefused?: { latestAt: Date } | null;
}

export interface ActingOfficer {
  id: string;
  unitId: string;
  roles: Role[];
}

export type Decision = { ok: true } | { ok: false; status: 403 | 409; code: string; message: LText };

const OK: Decision = { ok: true };
const deny = (code: string, message: LText): Decision => ({ ok: false, status: 403, code, message });
const conflict = (code: string, message: LText): Decision => ({ ok: false, status: 409, code, message });

/** Statuses in which the processing clock runs or is suspended (the dossier is being resolved). */
export const IN_PROGRESS: StatusCode[] = [
  Status.RECEIVED,
  Status.PROCESSING,
  Status.SUPPLEMENT_REQUESTED,
  Status.FINANCIAL_OBLIGATION,
];
/** Statuses from which the applicant may withdraw (before processing ends). */
export const WITHDRAWABLE: StatusCode[] = [
  Status.SUBMITTED,
  Status.RECEIVED,
  Status.PROCESSING,
  Status.SUPPLEMENT_REQUESTED,
  Status.FINANCIAL_OBLIGATION,
];

const has = (o: ActingOfficer, r: Role) => o.roles.includes(r);
const hasAny = (o: ActingOfficer, rs: Role[]) => rs.some((r) => has(o, r));
const atReceiving = (o: ActingOfficer, s: LifecycleState) => o.unitId === s.receivingUnitId;
const receivingOfficer = (o: ActingOfficer, s: LifecycleState) => atReceiving(o, s) && has(o, "receiving");
/** The officer may work on the open step: same unit and the step's role. */
const holdsStep = (o: ActingOfficer, s: LifecycleState) =>
  s.step !== null && o.unitId === s.step.unitId && has(o, s.step.role);
const assignedToOther = (o: ActingOfficer, s: LifecycleState) =>
  s.step?.assigneeId != null && s.step.assigneeId !== o.id;

function statusText(s: StatusCode): LText {
  return STATUS_NAMES[s];
}

function wrongStatus(action: OfficerAction, s: LifecycleState): Decision {
  const st = statusText(s.status);
  const label = ACTION_LABELS[action];
  return conflict("action_not_allowed_in_status", {
    vi: `Không thể "${label.vi}" khi hồ sơ đang ở trạng thái "${st.vi}".`,
    en: `Cannot "${label.en}" while the dossier is "${st.en}".`,
  });
}

const NEED_RECEIVING = deny("receiving_officer_only", {
  vi: "Chỉ cán bộ tiếp nhận và trả kết quả của đơn vị tiếp nhận hồ sơ được thực hiện thao tác này.",
  en: "Only a receiving officer of the unit that received the dossier may do this.",
});
const NEED_STEP_HOLDER = (s: LifecycleState) =>
  deny("not_step_holder", {
    vi: s.step
      ? `Bước "${s.step.name}" do ${ROLE_LABELS[s.step.role].vi} của đơn vị đang xử lý thực hiện; bạn không có quyền thực hiện thao tác này.`
      : "Bạn không có quyền thực hiện thao tác này ở bước xử lý hiện tại.",
    en: s.step
      ? `Step "${s.step.name}" belongs to a ${ROLE_LABELS[s.step.role].en} of the processing unit; you may not do this.`
      : "You may not do this at the current processing step.",
  });
const ASSIGNED_TO_OTHER = deny("assigned_to_other", {
  vi: "Hồ sơ đang được phân công cho cán bộ khác xử lý.",
  en: "The dossier is assigned to another officer.",
});
const NEED_LEADER = deny("leader_only", {
  vi: "Chỉ lãnh đạo đơn vị đang giải quyết hồ sơ được thực hiện thao tác này.",
  en: "Only a leader of the unit resolving the dossier may do this.",
});
const SUPPLEMENT_ALREADY_REQUESTED = conflict("supplement_already_requested", {
  vi: "Hồ sơ đã được yêu cầu bổ sung, hoàn thiện; theo quy định chỉ được yêu cầu bổ sung một lần, nêu đầy đủ các nội dung cần bổ sung.",
  en: "A supplement has already been requested for this dossier; the rules allow one request, listing everything missing.",
});
const SUPERVISOR_READ_ONLY = deny("read_only_role", {
  vi: "Tài khoản giám sát và quản trị chỉ được xem hồ sơ, không được xử lý.",
  en: "Supervisor and administrator accounts may only view dossiers, not act on them.",
});

/** Can `officer` do `action` on a dossier in state `s`? Role and unit first (403), then state (409). */
export function decide(officer: ActingOfficer, action: OfficerAction, s: LifecycleState): Decision {
  if (!hasAny(officer, ["receiving", "specialist", "leader"])) return SUPERVISOR_READ_ONLY;
  const inStatus = (...st: StatusCode[]) => (st.includes(s.status) ? OK : wrongStatus(action, s));
  switch (action) {
    case "receive":
      if (!receivingOfficer(officer, s)) return NEED_RECEIVING;
      return inStatus(Status.SUBMITTED);
    case "refuse":
      if (!receivingOfficer(officer, s)) return NEED_RECEIVING;
      if (s.status === Status.SUBMITTED || (s.status === Status.SUPPLEMENT_REQUESTED && !s.received)) return OK;
      return wrongStatus(action, s);
    case "request_supplement": {
      if (!s.received) {
        if (!receivingOfficer(officer, s)) return NEED_RECEIVING;
        const st = inStatus(Status.SUBMITTED);
        if (!st.ok) return st;
        return s.supplementAllowance === "refused" ? SUPPLEMENT_ALREADY_REQUESTED : OK;
      }
      const stepWorker = holdsStep(officer, s) && hasAny(officer, ["specialist", "leader"]);
      if (!receivingOfficer(officer, s) && !stepWorker) return NEED_STEP_HOLDER(s);
      const st = inStatus(Status.RECEIVED, Status.PROCESSING);
      if (!st.ok) return st;
      if (s.supplementAllowance === "refused") return SUPPLEMENT_ALREADY_REQUESTED;
      if (!s.supplementWindowOpen)
        return conflict("supplement_window_passed", {
          vi: "Đã quá thời hạn được yêu cầu bổ sung hồ sơ kể từ khi tiếp nhận; chỉ được yêu cầu bổ sung một lần trong thời hạn quy định.",
          en: "The period for requesting a supplement after receipt has passed.",
        });
      return OK;
    }
    case "complete_supplement":
      if (!receivingOfficer(officer, s)) return NEED_RECEIVING;
      return inStatus(Status.SUPPLEMENT_REQUESTED);
    case "assign": {
      if (!s.step) return wrongStatus(action, s);
      if (officer.unitId !== s.step.unitId || !hasAny(officer, ["leader", "receiving"]))
        return deny("assign_not_allowed", {
          vi: "Chỉ lãnh đạo hoặc cán bộ tiếp nhận của đơn vị đang xử lý được phân công hồ sơ.",
          en: "Only a leader or receiving officer of the processing unit may assign the dossier.",
        });
      return inStatus(Status.RECEIVED, Status.PROCESSING, Status.PROCESSED);
    }
    case "take": {
      if (!s.step) return wrongStatus(action, s);
      if (!holdsStep(officer, s)) return NEED_STEP_HOLDER(s);
      const st = inStatus(Status.RECEIVED, Status.PROCESSING, Status.PROCESSED);
      if (!st.ok) return st;
      if (s.step.assigneeId === officer.id)
        return conflict("already_assigned_to_you", {
          vi: "Hồ sơ đã được giao cho bạn.",
          en: "The dossier is already assigned to you.",
        });
      if (s.step.assigneeId)
        return conflict("assigned_to_other", {
          vi: "Hồ sơ đang được phân công cho cán bộ khác; đề nghị lãnh đạo phân công lại.",
          en: "The dossier is assigned to another officer; ask a leader to reassign it.",
        });
      return OK;
    }
    case "forward":
    case "approve": {
      if (!s.step) return wrongStatus(action, s);
      if (!holdsStep(officer, s)) return NEED_STEP_HOLDER(s);
      if (assignedToOther(officer, s)) return ASSIGNED_TO_OTHER;
      const st = inStatus(Status.RECEIVED, Status.PROCESSING);
      if (!st.ok) return st;
      const leaderStep = s.step.role === "leader";
      if (action === "forward" && leaderStep)
        return conflict("approval_required", {
          vi: `Bước "${s.step.name}" cần lãnh đạo phê duyệt.`,
          en: `Step "${s.step.name}" needs a leader's approval.`,
        });
      if (action === "approve" && !leaderStep)
        return conflict("not_an_approval_step", {
          vi: `Bước "${s.step.name}" không phải bước phê duyệt.`,
          en: `Step "${s.step.name}" is not an approval step.`,
        });
      if (s.step.index === s.returnStepIndex) return wrongStatus(action, s);
      if (s.openConsultations.length > 0)
        return conflict("consultation_open", {
          vi: "Còn ý kiến của đơn vị được xin ý kiến chưa trả lời.",
          en: "A consultation has not been answered yet.",
        });
      if (s.interagencyActive)
        return conflict("interagency_open", {
          vi: "Các đơn vị liên thông chưa hoàn thành phần việc của mình.",
          en: "The inter-agency units have not all completed their tasks.",
        });
      const next = s.step.index + 1;
      if ((next === s.returnStepIndex || next >= s.stepCount) && !s.hasResult)
        return conflict("result_missing", {
          vi: "Chưa có kết quả giải quyết: đính kèm hoặc tạo văn bản kết quả trước khi chuyển trả kết quả.",
          en: "No result yet: attach or generate the result before handing the dossier back.",
        });
      return OK;
    }
    case "return_step": {
      if (!s.step) return wrongStatus(action, s);
      if (!holdsStep(officer, s)) return NEED_STEP_HOLDER(s);
      if (assignedToOther(officer, s)) return ASSIGNED_TO_OTHER;
      const st = inStatus(Status.PROCESSING);
      if (!st.ok) return st;
      if (s.step.index === 0 || s.step.index === s.returnStepIndex) return wrongStatus(action, s);
      return OK;
    }
    case "consult":
    case "start_interagency":
    case "attach_result":
    case "generate_result":
    case "certify_copy": {
      if (!s.step) return wrongStatus(action, s);
      if (!holdsStep(officer, s) || !hasAny(officer, ["specialist", "leader"])) return NEED_STEP_HOLDER(s);
      if (assignedToOther(officer, s)) return ASSIGNED_TO_OTHER;
      if (action === "certify_copy" && !s.certifiesCopies)
        return conflict("not_a_certification_procedure", {
          vi: "Chỉ cấp bản sao chứng thực điện tử trong thủ tục chứng thực bản sao từ bản chính.",
          en: "Electronic certified copies are issued only under a procedure that certifies copies.",
        });
      const st = inStatus(Status.PROCESSING);
      if (!st.ok) return st;
      if (action === "start_interagency" && s.interagencyActive)
        return conflict("interagency_open", {
          vi: "Hồ sơ đang được xử lý liên thông.",
          en: "Inter-agency processing is already under way.",
        });
      return OK;
    }
    case "sign_result": {
      // the result is signed by whoever approves it: the leader holding the process's approval step
      if (!s.step) return wrongStatus(action, s);
      if (!holdsStep(officer, s) || s.step.role !== "leader" || !has(officer, "leader"))
        return deny("signer_only", {
          vi: "Chỉ lãnh đạo đang giữ bước phê duyệt của hồ sơ được ký số văn bản kết quả.",
          en: "Only the leader holding the dossier's approval step signs the result document.",
        });
      if (assignedToOther(officer, s)) return ASSIGNED_TO_OTHER;
      const st = inStatus(Status.PROCESSING);
      if (!st.ok) return st;
      if (!(s.unsignedResult ?? s.hasResult))
        return conflict("nothing_to_sign", {
          vi: "Hồ sơ không có văn bản kết quả (PDF) chưa ký số.",
          en: "The dossier has no unsigned result document (PDF).",
        });
      return OK;
    }
    case "reply_consultation":
      if (!s.openConsultations.some((c) => c.unitId === officer.unitId) || !hasAny(officer, ["specialist", "leader"]))
        return deny("not_consulted", {
          vi: "Chỉ chuyên viên hoặc lãnh đạo của đơn vị được xin ý kiến được trả lời.",
          en: "Only a specialist or leader of the consulted unit may reply.",
        });
      return OK;
    case "complete_interagency":
      if (!s.openInteragency.some((c) => c.unitId === officer.unitId) || !hasAny(officer, ["specialist", "leader"]))
        return deny("not_interagency_participant", {
          vi: "Chỉ chuyên viên hoặc lãnh đạo của đơn vị tham gia liên thông được hoàn thành phần việc này.",
          en: "Only a specialist or leader of a participating unit may complete this task.",
        });
      return OK;
    case "request_payment": {
      if (!receivingOfficer(officer, s) && !holdsStep(officer, s)) return NEED_STEP_HOLDER(s);
      const st = inStatus(Status.PROCESSING);
      if (!st.ok) return st;
      if (s.pendingPayment)
        return conflict("payment_pending", {
          vi: "Đã có yêu cầu thực hiện nghĩa vụ tài chính chưa được xác nhận.",
          en: "A financial obligation is already awaiting payment.",
        });
      return OK;
    }
    case "confirm_payment":
      if (!receivingOfficer(officer, s)) return NEED_RECEIVING;
      return inStatus(Status.FINANCIAL_OBLIGATION);
    case "stop": {
      const unitOk = atReceiving(officer, s) || officer.unitId === s.currentUnitId;
      if (!unitOk || !has(officer, "leader")) return NEED_LEADER;
      return inStatus(...IN_PROGRESS);
    }
    case "record_withdrawal":
      if (!receivingOfficer(officer, s)) return NEED_RECEIVING;
      return inStatus(...WITHDRAWABLE);
    case "apologise": {
      const lateUnit = s.currentUnitId ?? s.receivingUnitId;
      if (officer.unitId !== lateUnit || !has(officer, "leader"))
        return deny("late_unit_leader_only", {
          vi: "Văn bản xin lỗi và gia hạn do lãnh đạo đơn vị đang giải quyết (đơn vị để trễ hạn) ban hành.",
          en: "The apology and extension is issued by a leader of the unit currently resolving the dossier.",
        });
      // the clock must be running: a suspended dossier (supplement, payment) has no deadline to move
      const st = inStatus(Status.RECEIVED, Status.PROCESSING);
      if (!st.ok) return st;
      if (s.extensionCount >= s.maxExtensions)
        return conflict("extension_limit", {
          vi: `Thời hạn giải quyết hồ sơ đã được gia hạn ${s.extensionCount} lần; chỉ được điều chỉnh ngày hẹn trả kết quả ${s.maxExtensions} lần.`,
          en: `The deadline has already been extended ${s.extensionCount} time(s); it may be moved only ${s.maxExtensions} time(s).`,
        });
      if (s.lateApologyRefused) {
        const when = formatDateTime(s.lateApologyRefused.latestAt);
        return conflict("apology_too_late", {
          vi: `Văn bản xin lỗi và gia hạn phải được ban hành chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả (trước ${when}); hồ sơ được ghi nhận là quá hạn.`,
          en: `The apology and extension had to be issued at least one working day before the due date (by ${when}); the dossier is recorded as late.`,
        });
      }
      return OK;
    }
    case "return_result":
      if (!receivingOfficer(officer, s)) return NEED_RECEIVING;
      return inStatus(Status.PROCESSED);
  }
}

/** The actions `officer` may take now (what the UI offers). */
export function allowedActions(officer: ActingOfficer, s: LifecycleState): OfficerAction[] {
  return OFFICER_ACTIONS.filter((a) => decide(officer, a, s).ok);
}

export type CitizenAction = "withdraw" | "supplement";

/** Can the applicant (the dossier's owner) do `action` now? */
export function decideCitizen(action: CitizenAction, s: Pick<LifecycleState, "status">): Decision {
  if (action === "withdraw") {
    if (WITHDRAWABLE.includes(s.status)) return OK;
    return conflict("withdraw_not_allowed", {
      vi: `Không thể rút hồ sơ khi hồ sơ đang ở trạng thái "${STATUS_NAMES[s.status].vi}".`,
      en: `The dossier cannot be withdrawn while it is "${STATUS_NAMES[s.status].en}".`,
    });
  }
  if (s.status === Status.SUPPLEMENT_REQUESTED) return OK;
  return conflict("no_supplement_requested", {
    vi: "Hồ sơ không có yêu cầu bổ sung đang chờ.",
    en: "No supplement is awaited for this dossier.",
  });
}

/** Index of the final return step: the last step, run by a receiving officer of the receiving unit. */
export function returnStepIndex(process: ProcessSpec): number | null {
  const n = process.steps.length;
  if (n < 2) return null;
  const last = process.steps[n - 1];
  return last.unit === "receiving" && last.role === "receiving" ? n - 1 : null;
}

/**
 * The process a dossier follows: the pinned version's steps, or, for a procedure published without one, a default
 * four-step process (receive → appraise → approve → return) splitting the statutory time in working hours.
 */
export function effectiveProcess(
  process: ProcessSpec | null | undefined,
  limit: TimeLimit,
  hoursPerDay = 8,
): ProcessSpec {
  if (process?.steps?.length) return process;
  const total =
    limit.unit === "working_days" ? limit.value * hoursPerDay : limit.unit === "working_hours" ? limit.value : 0;
  const part = (f: number) => Math.max(0, Math.round(total * f * 100) / 100);
  const steps: ProcessStep[] = [
    { code: "TN", name: "Tiếp nhận hồ sơ", unit: "receiving", role: "receiving", budgetHours: part(1 / 8) },
    { code: "TD", name: "Thẩm định, xử lý", unit: "competent", role: "specialist", budgetHours: part(5 / 8) },
    { code: "PD", name: "Phê duyệt", unit: "competent", role: "leader", budgetHours: part(1 / 8) },
    { code: "TKQ", name: "Trả kết quả", unit: "receiving", role: "receiving", budgetHours: part(1 / 8) },
  ];
  return { steps };
}

/** The status after a step hand-over from step `from` to step `to` (or past the last step). */
export function statusAfterForward(current: StatusCode, to: number, process: ProcessSpec): StatusCode {
  const ret = returnStepIndex(process);
  if (to >= process.steps.length || to === ret) return Status.PROCESSED;
  if (current === Status.RECEIVED) return Status.PROCESSING;
  return current;
}
