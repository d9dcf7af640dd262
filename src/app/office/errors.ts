import type { TSchema } from "@sinclair/typebox";
import { Value, ValueErrorType } from "@sinclair/typebox/value";
import type { Decision } from "../../domain/lifecycle.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { AppError, type FieldError } from "../errors.js";

/**
 * An office error with its message in both languages. The Vietnamese text is the default message; the HTTP layer
 * re-picks the caller's language with `localiseError`.
 */
export class OfficeError extends AppError {
  constructor(
    status: number,
    code: string,
    readonly text: LText,
    fields: FieldError[] = [],
    readonly fieldTexts: LText[] = [],
  ) {
    const key =
      status === 403
        ? "error.forbidden"
        : status === 404
          ? "error.notFound"
          : status === 409
            ? "error.conflict"
            : "error.validation";
    super(status, code, key, fields, text.vi);
  }
}

export const officeError = (status: number, code: string, text: LText) => new OfficeError(status, code, text);

/** A refusal of the lifecycle rules as an error (403 role/unit, 409 state). */
export function refusal(d: Exclude<Decision, { ok: true }>): OfficeError {
  return new OfficeError(d.status, d.code, d.message);
}

export const DOSSIER_NOT_FOUND = () =>
  new OfficeError(404, "dossier_not_found", {
    vi: "Không tìm thấy hồ sơ, hoặc hồ sơ không thuộc đơn vị của bạn.",
    en: "Dossier not found, or it does not belong to your unit.",
  });

/** A 422 with field errors; each field message given in both languages. */
export function invalidInput(fields: { path: string; text: LText }[], text?: LText): OfficeError {
  const t = text ?? { vi: "Dữ liệu gửi lên không hợp lệ.", en: "The submitted data is not valid." };
  return new OfficeError(
    422,
    "validation_failed",
    t,
    fields.map((f) => ({ path: f.path, message: f.text.vi })),
    fields.map((f) => f.text),
  );
}

export const fieldError = (path: string, vi: string, en: string) => invalidInput([{ path, text: { vi, en } }]);

/** Re-states an office error in the caller's language (other errors pass through). */
export function localiseError(err: unknown, lang: Lang): unknown {
  if (!(err instanceof OfficeError) || lang === "vi") return err;
  const fields = err.fields.map((f, i) => ({
    path: f.path,
    message: err.fieldTexts[i] ? pick(err.fieldTexts[i], lang) : f.message,
  }));
  return new AppError(err.status, err.code, err.messageKey, fields, pick(err.text, lang));
}

function message(e: { type: ValueErrorType; schema: TSchema }): LText {
  const s = e.schema as Record<string, unknown>;
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { vi: "Trường này là bắt buộc.", en: "This field is required." };
    case ValueErrorType.StringMinLength:
      return s.minLength === 1
        ? { vi: "Trường này là bắt buộc.", en: "This field is required." }
        : { vi: `Cần ít nhất ${s.minLength} ký tự.`, en: `Must be at least ${s.minLength} characters.` };
    case ValueErrorType.StringMaxLength:
      return { vi: `Không được quá ${s.maxLength} ký tự.`, en: `Must be at most ${s.maxLength} characters.` };
    case ValueErrorType.ArrayMinItems:
      return { vi: `Cần ít nhất ${s.minItems} mục.`, en: `Needs at least ${s.minItems} item(s).` };
    case ValueErrorType.ArrayMaxItems:
      return { vi: `Không được quá ${s.maxItems} mục.`, en: `At most ${s.maxItems} item(s).` };
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return { vi: `Giá trị nhỏ nhất là ${s.minimum}.`, en: `Must be at least ${s.minimum}.` };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return { vi: `Giá trị lớn nhất là ${s.maximum}.`, en: `Must be at most ${s.maximum}.` };
    case ValueErrorType.Union:
    case ValueErrorType.Literal:
      return { vi: "Giá trị không nằm trong danh sách cho phép.", en: "The value is not one of the allowed values." };
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat:
      return { vi: "Giá trị không đúng định dạng.", en: "The value is not in the expected format." };
    default:
      return { vi: "Giá trị không hợp lệ.", en: "Invalid value." };
  }
}

/** Checks (and converts) `input` against a TypeBox schema; throws a 422 naming every bad field. */
export function parseInput<T extends TSchema>(
  schema: T,
  input: unknown,
  root = "body",
): import("@sinclair/typebox").Static<T> {
  const value = Value.Convert(schema, Value.Clone(input ?? {}));
  if (Value.Check(schema, value)) return value as import("@sinclair/typebox").Static<T>;
  const seen = new Set<string>();
  const fields: { path: string; text: LText }[] = [];
  for (const e of Value.Errors(schema, value)) {
    const path = root + e.path.replace(/\//g, ".");
    if (seen.has(path)) continue;
    seen.add(path);
    fields.push({ path, text: message(e) });
  }
  throw invalidInput(fields);
}

// Formats the office schemas use, for direct (non-HTTP) calls checked with TypeBox.
import { FormatRegistry } from "@sinclair/typebox";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!FormatRegistry.Has("uuid")) FormatRegistry.Set("uuid", (v) => UUID_RE.test(v));
if (!FormatRegistry.Has("email")) FormatRegistry.Set("email", (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v));
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID_RE.test(v);
