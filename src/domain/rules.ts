/**
 * Effective-dated rule sets (domain.md §§5, 7): what differs between provinces or changed in 2025–26.
 * Each dossier pins the rule set in force when it was received.
 */
export interface RuleSet {
  /** On a completed supplement, the time limit restarts from zero (Decree 61 Art. 19) or resumes (pause). */
  supplementClock: "restart" | "pause";
  /** Receipt outside working hours counts from the start of the next working period, or from the receipt instant. */
  outsideHoursReceipt: "next_period" | "as_is";
  /** One-stop systems count working hours; the Civil Code counts whole days from the next day. */
  deadlineMode: "working_hours" | "civil_code";
  /** Paper dossiers received after this time go to the processing unit at the start of the next working day. */
  paperHandoverCutoff: string;
  /** A dossier is "due soon" this many working hours before its due instant. */
  dueSoonWorkingHours: number;
  /** The due date may be moved by an apology (form 04) this many times. */
  maxExtensions: number;
  /** A supplement may be requested within this many working days of receipt. */
  supplementWindowWorkingDays: number;
}

export const DEFAULT_RULE_SET_CODE = "ND118-2025";

export const DEFAULT_RULES: RuleSet = {
  supplementClock: "restart",
  outsideHoursReceipt: "next_period",
  deadlineMode: "working_hours",
  paperHandoverCutoff: "15:00",
  dueSoonWorkingHours: 8,
  maxExtensions: 1,
  supplementWindowWorkingDays: 3,
};
