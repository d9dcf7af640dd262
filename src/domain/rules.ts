/**
 * Effective-dated rule sets (domain.md §§5, 7): what differs between provinces or changed in 2025–26.
 * Each dossier pins the rule set in force when it was received. A stored rule set is merged over DEFAULT_RULES, so a
 * rule added here applies its default to rule sets stored before it existed. See docs/law.md#rule-sets.
 */
export interface RuleSet {
  /** On a completed supplement, the time limit restarts from zero (Decree 61 Art. 19) or resumes (pause). */
  supplementClock: "restart" | "pause";
  /** Receipt outside working hours counts from the start of the next working period, or from the receipt instant. */
  outsideHoursReceipt: "next_period" | "as_is";
  /** One-stop systems count working hours; the Civil Code counts whole days from the next day. */
  deadlineMode: "working_hours" | "civil_code";
  /**
   * Paper dossiers (counter, postal) received after this time (HH:MM, Vietnam time) go to the processing unit at the
   * start of the next working day; before it, within the same working day (Decree 61 Art. 20). Electronic dossiers go
   * at once.
   */
  paperHandoverCutoff: string;
  /** "At the start of the next working day": the hand-over is due this many working hours into that day. */
  paperHandoverNextDayHours: number;
  /**
   * A same-day (immediate-result) procedure received after this time (HH:MM) is due by the end of the next working
   * day instead of the end of the day of receipt.
   */
  sameDayCutoff: string;
  /** A dossier is "due soon" this many working hours before its due instant. */
  dueSoonWorkingHours: number;
  /** The due date may be moved by an apology (form 04) this many times. */
  maxExtensions: number;
  /** Form 04 must be issued at least this many working days before the due instant (Decree 61 Art. 19). */
  apologyLeadWorkingDays: number;
  /**
   * An apology issued later than that: "flag" — accepted, recorded as late and reported, and a dossier already past
   * its due instant stays reported as overdue; "refuse" — refused (409), the dossier stays late.
   */
  lateApology: "flag" | "refuse";
  /** A supplement may be requested within this many working days of receipt. */
  supplementWindowWorkingDays: number;
  /**
   * How many supplement requests a dossier may receive in all, before and after receipt together (Decree 61 Art. 15,
   * as amended: once, in writing, listing everything missing).
   */
  maxSupplementRequests: number;
  /**
   * Beyond that limit: "none" — refused (409); "with_legal_basis" — allowed only as an explicit exception naming the
   * legal basis that permits it (a specialised law), recorded in the history and listed in the exceptions report.
   * Such an exceptional request never restarts the clock: its completion resumes the hours left.
   */
  supplementException: "none" | "with_legal_basis";
  /**
   * A counter or postal dossier is digitised at receipt: "none" — every required paper is scanned; "allowed" — a paper
   * may instead be recorded explicitly as kept on paper only (where the province's rules allow it).
   */
  paperOnlyReceipt: "none" | "allowed";
}

export const DEFAULT_RULE_SET_CODE = "ND118-2025";

export const DEFAULT_RULES: RuleSet = {
  supplementClock: "restart",
  outsideHoursReceipt: "next_period",
  deadlineMode: "working_hours",
  paperHandoverCutoff: "15:00",
  paperHandoverNextDayHours: 1,
  sameDayCutoff: "15:00",
  dueSoonWorkingHours: 8,
  maxExtensions: 1,
  apologyLeadWorkingDays: 1,
  lateApology: "flag",
  supplementWindowWorkingDays: 3,
  maxSupplementRequests: 1,
  supplementException: "none",
  paperOnlyReceipt: "none",
};
