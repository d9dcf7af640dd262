import type { FieldMessage } from "../shared/text.js";
import type { Lang } from "../shared/text.js";

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns the schema validator's errors into localised field errors (the same words the UI uses). */
export function localiseSchemaErrors(errors: AjvError[], context: string, lang: Lang): FieldMessage[] {
  return errors.map((e) => {
    let path = context + e.instancePath.replace(/\//g, ".");
    if (e.keyword === "required") path = `${path}.${e.params.missingProperty}`;
    if (e.keyword === "additionalProperties") path = `${path}.${e.params.additionalProperty}`;
    return { path, message: message(e, lang) };
  });
}

function message(e: AjvError, lang: Lang): string {
  const vi = lang === "vi";
  switch (e.keyword) {
    case "required":
      return vi ? "Trường này là bắt buộc." : "This field is required.";
    case "type":
      return vi
        ? `Sai kiểu dữ liệu, cần ${typeName(String(e.params.type), lang)}.`
        : `Wrong type, expected ${e.params.type}.`;
    case "minLength":
      return vi ? `Cần ít nhất ${e.params.limit} ký tự.` : `Must be at least ${e.params.limit} characters.`;
    case "maxLength":
      return vi ? `Không được quá ${e.params.limit} ký tự.` : `Must be at most ${e.params.limit} characters.`;
    case "minimum":
      return vi ? `Giá trị nhỏ nhất là ${e.params.limit}.` : `Must be at least ${e.params.limit}.`;
    case "maximum":
      return vi ? `Giá trị lớn nhất là ${e.params.limit}.` : `Must be at most ${e.params.limit}.`;
    case "pattern":
    case "format":
      return vi ? "Giá trị không đúng định dạng." : "The value is not in the expected format.";
    case "enum":
    case "const":
    case "anyOf":
      return vi ? "Giá trị không nằm trong danh sách cho phép." : "The value is not one of the allowed values.";
    case "additionalProperties":
      return vi ? "Trường này không được phép." : "This field is not allowed.";
    default:
      return vi ? "Giá trị không hợp lệ." : (e.message ?? "Invalid value.");
  }
}

function typeName(t: string, lang: Lang) {
  if (lang === "en") return t;
  return (
    (
      {
        string: "chuỗi ký tự",
        number: "số",
        integer: "số nguyên",
        boolean: "đúng/sai",
        object: "đối tượng",
        array: "danh sách",
      } as Record<string, string>
    )[t] ?? t
  );
}
