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
}

export interface EFormSection {
  key: string;
  title: LText;
  fields: EFormField[];
}

export interface EForm {
  sections: EFormSection[];
}
