import { FormatRegistry } from "@sinclair/typebox";
import { AppError, fieldError as oneFieldError, invalidInput, parseInput, refusal } from "../errors.js";

/** Office errors are the application's one error type (src/app/errors.ts); these are the office's own texts. */
export { AppError, invalidInput, parseInput, refusal };

export const DOSSIER_NOT_FOUND = () =>
  new AppError(404, "dossier_not_found", {
    vi: "Không tìm thấy hồ sơ, hoặc hồ sơ không thuộc đơn vị của bạn.",
    en: "Dossier not found, or it does not belong to your unit.",
  });

/** A 422 about one field. */
export const fieldError = (path: string, vi: string, en: string) => oneFieldError(path, { vi, en });

// Formats the office schemas use, for direct (non-HTTP) calls checked with TypeBox.
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!FormatRegistry.Has("uuid")) FormatRegistry.Set("uuid", (v) => UUID_RE.test(v));
if (!FormatRegistry.Has("email")) FormatRegistry.Set("email", (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v));
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID_RE.test(v);
