/** Catalogue value types shared by the database, the demo data, the portal and the office (domain.md §2). */

export type Role = "receiving" | "specialist" | "leader" | "admin" | "supervisor";

export interface TimeLimit {
  unit: "working_days" | "working_hours" | "immediate";
  value: number;
  note?: string;
}

/** A fee or charge in VND (computed for a dossier by `assessFees` in domain/fees.ts). */
export interface Fee {
  name: string;
  /** Whole VND for one unit of `basis`; 0 = not charged. */
  amount: number;
  note?: string;
  /** Once per dossier (default), per copy issued, or per item (page, signature, case). */
  basis?: "fixed" | "per_copy" | "per_item";
  /** Upper limit of this fee for one dossier, in VND. */
  max?: number;
  /** Applicant categories exempt from this fee (`ExemptionCategory` in domain/fees.ts). */
  exemptFor?: string[];
}

/** A template's file name: plain lower-case letters, digits and hyphens, PDF or DOCX (nothing outside its store). */
export const TEMPLATE_FILE = /^[a-z0-9-]+\.(pdf|docx)$/;

export interface Component {
  code: string;
  name: string;
  form: "original" | "certified_copy" | "copy" | "original_or_copy";
  quantity: number;
  required: boolean;
  note?: string;
  /** Blank template the applicant can download: a shipped or uploaded template's file name (src/app/templates.ts). */
  template?: { name: string; file: string };
  /**
   * The application form itself (tờ khai, đơn, giấy đề nghị): its content is the e-form, so the applicant fills the
   * e-form and never uploads it; the system renders it as a PDF from the e-form data when the dossier is created
   * (issue #10 item 7) and attaches it to the dossier under this component.
   */
  declaration?: boolean;
  /** Upload limits for this component; defaults: 10 MB, PDF/JPEG/PNG. */
  maxBytes?: number;
  accept?: string[];
  /**
   * The kind of paper (a code from DOCUMENT_KIND, e.g. "xac-nhan-tinh-trang-hon-nhan"): a document of this kind in the
   * applicant's data warehouse may be picked instead of an upload ("provide once", issue #7).
   */
  kind?: string;
  /**
   * The national database that holds this paper's data (REGISTRY_NAMES): when the applicant's data was looked up
   * there, the paper is not asked for.
   */
  heldBy?: Registry;
}

/** The national databases motcua looks applicants up in ("provide once"). */
export type Registry = "population" | "business";

export interface ResultSpec {
  name: string;
  electronic: boolean;
  /** The kind of document the result is (DOCUMENT_KIND), so a later procedure can take it from the warehouse. */
  kind?: string;
  /** How long the result is valid once issued, in months (absent: no end). */
  validityMonths?: number;
  /** E-form fields ("section.field") whose values are the result's structured data in the warehouse (absent: none). */
  data?: string[];
}

export interface LegalBasis {
  number: string;
  title: string;
  date?: string;
}

/**
 * One step of the internal process. `unit` says where the step runs: the unit that received the dossier,
 * the competent unit of the procedure, or a unit named by its code.
 */
export interface ProcessStep {
  code: string;
  name: string;
  unit: "receiving" | "competent" | { code: string };
  role: Role;
  budgetHours: number;
  /**
   * What the step is for (the process builder): "approval" (a leader approves; the office's Approve action) or
   * "interagency" (runs at another agency named by code); absent: handling.
   */
  kind?: "approval" | "interagency";
  /** The code of the step that follows; absent: the next one in the list. The chain must reach every step once. */
  next?: string;
}

export interface ProcessSpec {
  steps: ProcessStep[];
}

export const DEFAULT_ACCEPT = ["application/pdf", "image/jpeg", "image/png"];
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Who may receive dossiers of a procedure version (the one rule, for every channel): its implementing units, or its
 * competent unit when it names none.
 */
export function receivingUnitIds(v: { implementingUnitIds: readonly string[]; competentUnitId: string }): string[] {
  return v.implementingUnitIds.length ? [...v.implementingUnitIds] : [v.competentUnitId];
}

export const mayReceive = (
  v: { implementingUnitIds: readonly string[]; competentUnitId: string },
  unitId: string,
): boolean => receivingUnitIds(v).includes(unitId);
