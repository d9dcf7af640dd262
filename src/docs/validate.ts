/** Input checks for the form view models: a renderer refuses a view model that would print a wrong or empty form. */
import type { FormBase } from "./types.js";

/** A view model is missing something or holds a bad value; `field` names it (a dotted path). */
export class FormInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "FormInputError";
  }
}

export function requireText(value: unknown, field: string): void {
  if (typeof value !== "string" || value.trim() === "") throw new FormInputError(field, "required text is missing");
}

export function optionalText(value: unknown, field: string): void {
  if (value !== undefined && value !== null && typeof value !== "string") {
    throw new FormInputError(field, "must be text");
  }
}

export function requireDate(value: unknown, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new FormInputError(field, "must be a valid Date");
}

export function optionalDate(value: unknown, field: string): void {
  if (value !== undefined && value !== null) requireDate(value, field);
}

/** A Date, or a calendar day 'YYYY-MM-DD'. */
export function requireDay(value: unknown, field: string): void {
  if (typeof value === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
    if (!d || d.getUTCDate() !== +m![3] || d.getUTCMonth() !== +m![2] - 1) {
      throw new FormInputError(field, "must be a Date or a 'YYYY-MM-DD' day");
    }
    return;
  }
  requireDate(value, field);
}

export function optionalDay(value: unknown, field: string): void {
  if (value !== undefined && value !== null && value !== "") requireDay(value, field);
}

export function requirePositiveInt(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new FormInputError(field, "must be a whole number ≥ 1");
  }
}

export function requireNonEmptyList(value: unknown, field: string): void {
  if (!Array.isArray(value) || value.length === 0) throw new FormInputError(field, "needs at least one entry");
}

/** The parts every form has: issuer, issue date, look-up URL. */
export function checkBase(vm: FormBase): void {
  if (!vm || typeof vm !== "object") throw new FormInputError("vm", "a view model object is required");
  if (!vm.issuer || typeof vm.issuer !== "object") throw new FormInputError("issuer", "required");
  requireText(vm.issuer.name, "issuer.name");
  requireText(vm.issuer.place, "issuer.place");
  optionalText(vm.issuer.parentName, "issuer.parentName");
  optionalText(vm.documentNumber, "documentNumber");
  requireDate(vm.issuedAt, "issuedAt");
  requireText(vm.lookupUrl, "lookupUrl");
  let url: URL;
  try {
    url = new URL(vm.lookupUrl);
  } catch {
    throw new FormInputError("lookupUrl", "must be an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new FormInputError("lookupUrl", "must be an http(s) URL");
  }
}
