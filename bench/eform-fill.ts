import { COMMUNES, communesOf, DEMO_PROVINCE_CODE } from "../src/shared/admin-units.js";
import type { EForm, EFormField } from "../src/shared/eform.js";

/**
 * Valid sample data for an e-form (benchmarks and browser tests), keyed by section then field like the form posts it:
 * the first option, a demo CCCD, dates in the past…
 */
export function fillEForm(form: EForm): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of form.sections) out[s.key] = fillFields(s.fields);
  return out;
}

function fillFields(fields: EFormField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = sample(f, out);
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

function sample(f: EFormField, siblings: Record<string, unknown>): unknown {
  switch (f.type) {
    case "text":
    case "textarea": {
      if (f.pattern) return fromPattern(f.pattern);
      const base = "Nguyễn Văn Bình";
      const min = f.minLength ?? 0;
      return base.length >= min ? base.slice(0, f.maxLength ?? base.length) : base.padEnd(min, "a");
    }
    case "number":
      return f.min ?? 1;
    case "date":
      return f.dateRule === "future" ? "2030-06-15" : "1990-05-12";
    case "cccd":
      return "001090012345";
    case "phone":
      return "0912345678";
    case "email":
      return "binh.nguyen@example.vn";
    case "taxcode":
      return "0101234567";
    case "select":
    case "radio":
      return f.options?.[0]?.value;
    case "checkbox":
      return true;
    case "province":
      return DEMO_PROVINCE_CODE;
    case "commune": {
      const province = (f.provinceField && (siblings[f.provinceField] as string)) || DEMO_PROVINCE_CODE;
      return (communesOf(province)[0] ?? COMMUNES[0])?.code;
    }
    case "group":
      return Array.from({ length: Math.max(1, f.minItems ?? 1) }, () => fillFields(f.fields ?? []));
  }
}

/** A value for the patterns the catalogue uses (codes, months, times): the first one of its samples that matches. */
function fromPattern(pattern: string): string {
  const re = new RegExp(pattern);
  const samples = ["4610", "12345678", "001090012345", "05/2026", "08:30", "ABC12345", "123456789"];
  const hit = samples.find((x) => re.test(x));
  if (!hit) throw new Error(`eform-fill: no sample value matches the pattern ${pattern}`);
  return hit;
}
