import type { MessageKey } from "../web/i18n/index.js";

export interface FieldError {
  /** Path of the field, e.g. "data.birthDate" or "data.children[1].name". */
  path: string;
  message: string;
}

/**
 * An expected failure with an HTTP status, a stable code for integrators and a localised message key.
 * `message` is filled in the caller's language by the HTTP layer unless given.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly fields: FieldError[] = [],
    readonly localizedMessage?: string,
  ) {
    super(localizedMessage ?? code);
  }
}

export const notFound = (code = "not_found") => new AppError(404, code, "error.notFound");
export const forbidden = (code = "forbidden") => new AppError(403, code, "error.forbidden");
export const unauthenticated = () => new AppError(401, "unauthenticated", "error.unauthenticated");
export const conflict = (code = "conflict", message?: string) => new AppError(409, code, "error.conflict", [], message);
export const invalid = (fields: FieldError[], code = "validation_failed", message?: string) =>
  new AppError(422, code, "error.validation", fields, message);
