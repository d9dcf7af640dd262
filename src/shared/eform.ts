import type { LText } from "./text.js";

/**
 * The e-form schema of a procedure version. One definition drives the rendered form (server HTML + client script)
 * and the server's validation, so a request that bypasses the UI gets the same errors.
 */
export type EFormFieldType =
  | "text"
  | "textarea"
  | "number"
  | "date"
  | "cccd" // 12-digit citizen identity number
  | "phone"
  | "email"
  | "taxcode"
  | "select"
  | "radio"
  | "checkbox"
  | "province" // province picker (administrative-unit list)
  | "commune" // commune picker, filtered by a sibling province field
  | "group"; // repeating group of sub-fields

/** Identity attribute copied from the logged-in account into the form ("provide once"). */
export type PrefillSource = "name" | "idNumber" | "birthDate" | "gender" | "address" | "phone" | "email" | "taxCode";

export interface EFormField {
  key: string;
  type: EFormFieldType;
  label: LText;
  help?: LText;
  required?: boolean;
  options?: Array<{ value: string; label: LText }>;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  pattern?: string;
  patternMessage?: LText;
  /** For dates: must not be in the future ("past") or must not be in the past ("future"). */
  dateRule?: "past" | "future";
  prefill?: PrefillSource;
  /** For "commune": the key of the province field in the same object that filters it. */
  provinceField?: string;
  /** For "group": sub-fields and bounds on the number of items. */
  fields?: EFormField[];
  minItems?: number;
  maxItems?: number;
  /**
   * A conditional field: shown, and checked (its `required` included), only when the sibling field `field` (same
   * section or group item) has a value — any value, or one of `values`. Hidden, it is neither required nor kept.
   */
  showIf?: EFormCondition;
}

export interface EFormCondition {
  /** Key of a sibling field (not a group). */
  field: string;
  /** The values that show this field (a checkbox's are "true"/"false"); absent: any non-empty value. */
  values?: string[];
}

/**
 * A cross-field rule between two top-level fields ("section.key"), both dates or both numbers: `field` must be
 * before / not after / less than… `other`. Checked only when both have a valid value; the error is on `field`.
 */
export interface EFormRule {
  field: string;
  op: "lt" | "lte" | "gt" | "gte";
  other: string;
  message: LText;
}

export interface EFormSection {
  key: string;
  title: LText;
  fields: EFormField[];
}

export interface EForm {
  sections: EFormSection[];
  /** Cross-field rules (e.g. a parent born before the child). */
  rules?: EFormRule[];
}
