/**
 * Petitions and feedback (phản ánh, kiến nghị — PAKN; issue #8): the pure rules. A citizen files a petition about a
 * regulation, a procedure, an officer or unit, or one of their own dossiers; it gets a code; the unit that handles it
 * assigns it to an officer, who drafts the answer; a leader of the unit approves it (and publishes it on the portal's
 * Q&A page when the citizen agreed); the citizen rates the handling on the three levels of Circular 32/2017.
 *
 * Deadline: domain.md names no legal time limit for answering petitions, so it is a rule of the rule set in force at
 * receipt (`petitionAnswerWorkingDays`, default 10 working days), counted on the working-time calendar like a
 * dossier's time limit. Decision 766 counts petitions handled on time (answered no later than the due instant) and
 * the satisfaction of the ratings given, each a share; no petition or no rating is "no data".
 */
import { classifyOutcome, dueInstant } from "./calendar/deadline.js";
import type { WorkingCalendar } from "./calendar/working-time.js";
import type { Role } from "./catalogue.js";
import { RATING_LEVELS, type RatingLevel, satisfaction } from "./measure/index766.js";
import { type Ratio, ratio } from "./measure/ratio.js";
import type { RuleSet } from "./rules.js";
import { formatDossierCode } from "./dossier-code.js";
import type { LText } from "../shared/text.js";

export const SUBJECT_KINDS = ["regulation", "procedure", "officer", "dossier"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const SUBJECT_LABELS: Record<SubjectKind, LText> = {
  regulation: { vi: "Quy định hành chính", en: "A regulation" },
  procedure: { vi: "Thủ tục hành chính", en: "An administrative procedure" },
  officer: { vi: "Cán bộ, công chức, đơn vị", en: "An officer or unit" },
  dossier: { vi: "Hồ sơ của tôi", en: "One of my dossiers" },
};

export const PETITION_STATUSES = ["received", "assigned", "drafted", "answered"] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export const STATUS_LABELS: Record<PetitionStatus, LText> = {
  received: { vi: "Đã tiếp nhận", en: "Received" },
  assigned: { vi: "Đang xử lý", en: "Being handled" },
  drafted: { vi: "Chờ lãnh đạo duyệt", en: "Awaiting approval" },
  answered: { vi: "Đã trả lời", en: "Answered" },
};

/** Default time limit for answering a petition, when the rule set in force names none. */
export const DEFAULT_ANSWER_WORKING_DAYS = 10;

/**
 * The number of working days to answer, from the rule set in force at receipt (`petitionAnswerWorkingDays`, a
 * positive number; anything else falls back to the default).
 */
export function answerWorkingDays(rules: RuleSet | Record<string, unknown>): number {
  const v = (rules as Record<string, unknown>).petitionAnswerWorkingDays;
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : DEFAULT_ANSWER_WORKING_DAYS;
}

/** The due instant of the answer: N working days (of the calendar) from receipt. */
export function petitionDueAt(cal: WorkingCalendar, receivedAt: Date, rules: RuleSet): Date {
  return dueInstant(cal, receivedAt, { unit: "working_days", value: answerWorkingDays(rules) }, rules);
}

/** Whether an answer given at `answeredAt` met the due instant (early and on time both count as on time). */
export function answeredOnTime(answeredAt: Date, dueAt: Date): boolean {
  return classifyOutcome(answeredAt, dueAt) !== "late";
}

/** Overdue: not answered and past the due instant at `now`. */
export function isOverdue(p: { status: PetitionStatus; dueAt: Date }, now: Date): boolean {
  return p.status !== "answered" && now.getTime() > p.dueAt.getTime();
}

/** `PAKN-<unit code>-<YYMMDD>-<NNNN>`: the sequence per handling unit per Vietnamese day (max 9,999). */
export function formatPetitionCode(unitCode: string, day: string, seq: number): string {
  return `PAKN-${formatDossierCode(unitCode, day, seq)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Who may do what

export const PETITION_ACTIONS = ["assign", "answer", "approve", "return", "publish"] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

export const ACTION_LABELS: Record<PetitionAction, LText> = {
  assign: { vi: "Phân công xử lý", en: "Assign" },
  answer: { vi: "Soạn trả lời", en: "Draft the answer" },
  approve: { vi: "Duyệt và gửi trả lời", en: "Approve and send the answer" },
  return: { vi: "Trả lại để soạn lại", en: "Return for redrafting" },
  publish: { vi: "Công khai trả lời", en: "Publish the answer" },
};

export interface PetitionState {
  status: PetitionStatus;
  unitId: string;
  assigneeId: string | null;
  publishConsent: boolean;
  published: boolean;
}

export interface PetitionOfficer {
  id: string;
  unitId: string;
  roles: readonly Role[];
}

export type PetitionDecision = { ok: true } | { ok: false; status: 403 | 409; code: string; message: LText };

const no = (status: 403 | 409, code: string, vi: string, en: string): PetitionDecision => ({
  ok: false,
  status,
  code,
  message: { vi, en },
});

const ROLES: Record<PetitionAction, Role[]> = {
  assign: ["receiving", "leader"],
  answer: ["receiving", "specialist", "leader"],
  approve: ["leader"],
  return: ["leader"],
  publish: ["leader"],
};

const STATES: Record<PetitionAction, PetitionStatus[]> = {
  assign: ["received", "assigned"],
  answer: ["assigned", "drafted"],
  approve: ["drafted"],
  return: ["drafted"],
  publish: ["answered"],
};

/**
 * May this officer take this action on this petition? The officer's unit and role first (403), then the state (409);
 * the caller has already refused officers of other units with a 404 (the petition is not visible to them).
 */
export function decidePetition(action: PetitionAction, p: PetitionState, o: PetitionOfficer): PetitionDecision {
  if (o.unitId !== p.unitId)
    return no(403, "petition_other_unit", "Phản ánh thuộc đơn vị khác.", "The petition belongs to another unit.");
  if (!ROLES[action].some((r) => o.roles.includes(r)))
    return no(
      403,
      "petition_role",
      "Vai trò của Ông/Bà không được thực hiện thao tác này.",
      "Your role may not do this.",
    );
  if (action === "answer" && p.assigneeId !== o.id)
    return no(
      403,
      "petition_not_assignee",
      "Chỉ cán bộ được phân công mới soạn trả lời phản ánh này.",
      "Only the assigned officer drafts the answer to this petition.",
    );
  if (!STATES[action].includes(p.status))
    return no(
      409,
      "petition_state",
      "Phản ánh không ở trạng thái cho phép thao tác này.",
      "The petition is not in a state that allows this.",
    );
  if (action === "publish" && p.published)
    return no(409, "petition_already_published", "Trả lời đã được công khai.", "The answer is already published.");
  return { ok: true };
}

/** The actions this officer may take now (for the UI). */
export function allowedPetitionActions(p: PetitionState, o: PetitionOfficer): PetitionAction[] {
  return PETITION_ACTIONS.filter((a) => decidePetition(a, p, o).ok);
}

/** Publishing needs the citizen's consent (given when filing). */
export const NO_CONSENT: LText = {
  vi: "Công dân không đồng ý công khai nội dung trả lời; không thể công khai.",
  en: "The citizen did not agree to publish the answer; it cannot be published.",
};

// ---------------------------------------------------------------------------------------------------------------
// Decision 766

/** Petitions handled on time: answered by their due instant / answered (in the period); none answered is no data. */
export function petitionsOnTime(counts: { onTime: number; late: number }): Ratio {
  return ratio(counts.onTime, counts.onTime + counts.late);
}

/** Satisfaction with petition handling: "Rất hài lòng" or "Hài lòng" / ratings given (the dossiers' formula). */
export function petitionSatisfaction(counts: Record<RatingLevel, number>): Ratio {
  return satisfaction(counts);
}

export const isRatingLevel = (s: unknown): s is RatingLevel => RATING_LEVELS.includes(s as RatingLevel);
