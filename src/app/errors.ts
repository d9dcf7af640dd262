import type { TSchema } from "@sinclair/typebox";
import { Value, ValueErrorType } from "@sinclair/typebox/value";
import type { Decision } from "../domain/lifecycle.js";
import type { LText } from "../shared/text.js";

/**
 * The one error type of the application (issue #11 "one error type"). Every expected failure carries:
 * - `status`: the HTTP status it maps to,
 * - `code`: a stable code for integrators (the same failure has the same code and status on every channel),
 * - `text`: the message in Vietnamese and English,
 * - `fields`: the fields at fault, each with its own bilingual text.
 * Use cases never know the caller's language: the HTTP layer alone picks it (sendError in src/http/app.ts, and
 * the pages that show errors in place).
 */
export interface FieldError {
  /** Path of the field, e.g. "data.birthDate" or "data.children[1].name". */
  path: string;
  text: LText;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: LText,
    readonly fields: FieldError[] = [],
  ) {
    super(`${code}: ${text.vi}`);
    this.name = "AppError";
  }
}

/** The generic texts of each kind of failure (used when a failure has no more specific text). */
export const GENERIC = {
  notFound: { vi: "Không tìm thấy trang hoặc dữ liệu yêu cầu.", en: "The page or data you asked for was not found." },
  validation: { vi: "Dữ liệu gửi lên không hợp lệ.", en: "The submitted data is not valid." },
  unauthenticated: {
    vi: "Bạn cần đăng nhập để thực hiện thao tác này.",
    en: "Please log in to do this.",
  },
  forbidden: { vi: "Bạn không có quyền thực hiện thao tác này.", en: "You are not allowed to do this." },
  conflict: {
    vi: "Dữ liệu đã bị thay đổi bởi thao tác khác. Vui lòng tải lại và thử lại.",
    en: "The data was changed by someone else. Reload and try again.",
  },
  tooLarge: {
    vi: "Tệp hoặc dữ liệu gửi lên vượt quá dung lượng cho phép.",
    en: "The file or data is larger than allowed.",
  },
  rateLimited: {
    vi: "Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.",
    en: "Too many requests. Please try again in a few minutes.",
  },
  generic: { vi: "Đã có lỗi xảy ra. Vui lòng thử lại.", en: "Something went wrong. Please try again." },
} satisfies Record<string, LText>;

/** Fills `{name}` placeholders in both languages; a parameter may itself be bilingual. */
export function fill(t: LText, p: Record<string, string | number | LText> = {}): LText {
  const one = (s: string, lang: "vi" | "en") =>
    s.replace(/\{(\w+)\}/g, (_, k) => {
      const v = p[k];
      if (v === undefined) return "";
      if (typeof v === "object") return lang === "en" ? (v.en ?? v.vi) : v.vi;
      return String(v);
    });
  return { vi: one(t.vi, "vi"), en: one(t.en ?? t.vi, "en") };
}

export const notFound = (code = "not_found", text: LText = GENERIC.notFound) => new AppError(404, code, text);
export const forbidden = (code = "forbidden", text: LText = GENERIC.forbidden) => new AppError(403, code, text);
export const unauthenticated = (code = "unauthenticated", text: LText = GENERIC.unauthenticated) =>
  new AppError(401, code, text);
export const conflict = (code = "conflict", text: LText = GENERIC.conflict) => new AppError(409, code, text);

/** A 422 naming the fields at fault; each field message given in both languages. */
export function invalidInput(
  fields: FieldError[],
  text: LText = GENERIC.validation,
  code = "validation_failed",
): AppError {
  return new AppError(422, code, text, fields);
}

/** A 422 about one field, whose text is also the error's message. */
export function fieldError(path: string, text: LText, code = "validation_failed", status = 422): AppError {
  return new AppError(status, code, text, [{ path, text }]);
}

/** A refusal of the lifecycle rules as an error (403 role/unit, 409 state). */
export function refusal(d: Exclude<Decision, { ok: true }>): AppError {
  return new AppError(d.status, d.code, d.message);
}

function schemaMessage(e: { type: ValueErrorType; schema: TSchema }): LText {
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

/**
 * Checks (and converts) `input` against a TypeBox schema, for use cases called without the HTTP schema check;
 * throws a 422 naming every bad field.
 */
export function parseInput<T extends TSchema>(
  schema: T,
  input: unknown,
  root = "body",
): import("@sinclair/typebox").Static<T> {
  const value = Value.Convert(schema, Value.Clone(input ?? {}));
  if (Value.Check(schema, value)) return value as import("@sinclair/typebox").Static<T>;
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const e of Value.Errors(schema, value)) {
    const path = root + e.path.replace(/\//g, ".");
    if (seen.has(path)) continue;
    seen.add(path);
    fields.push({ path, text: schemaMessage(e) });
  }
  throw invalidInput(fields);
}
