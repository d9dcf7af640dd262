import type { EForm } from "../shared/eform.js";
import { validateEForm } from "../shared/eform-validate.js";
import type { FieldError } from "./errors.js";

/**
 * The e-form validator the browser runs (src/shared/eform-validate.ts), with each error in both languages:
 * use cases do not know the caller's language. `prefix` is put before each field path ("data", "body.data").
 */
export function checkEForm(
  form: EForm,
  data: unknown,
  today: string,
  prefix: string,
): { value: Record<string, unknown>; errors: FieldError[] } {
  const vi = validateEForm(form, data, "vi", { today });
  if (!vi.errors.length) return { value: vi.value, errors: [] };
  const en = validateEForm(form, data, "en", { today }).errors;
  return {
    value: vi.value,
    errors: vi.errors.map((e, i) => ({
      path: e.path ? `${prefix}.${e.path}` : prefix,
      text: { vi: e.message, en: en[i]?.message ?? e.message },
    })),
  };
}
