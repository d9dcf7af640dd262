import type { EForm, PrefillSource } from "./eform.js";

/**
 * The applicant's own details inside an e-form. A field marked `prefill` holds the applicant's identity attribute
 * (the portal copies it from the account, "provide once"); the counter intake reads the same fields instead of asking
 * the officer to type the applicant's name, ID number, date of birth… a second time.
 */

/** Dossier applicant keys (adapters/db Applicant) and the prefill source that carries each. */
export const APPLICANT_SOURCES = {
  name: "name",
  idNumber: "idNumber",
  taxCode: "taxCode",
  birthDate: "birthDate",
  address: "address",
  phone: "phone",
  email: "email",
} as const satisfies Record<string, PrefillSource>;

export type ApplicantKey = keyof typeof APPLICANT_SOURCES;

/** Where each applicant detail sits in the e-form (its first top-level field with that prefill source). */
export function applicantFieldsOf(form: EForm): Partial<Record<ApplicantKey, { section: string; key: string }>> {
  const out: Partial<Record<ApplicantKey, { section: string; key: string }>> = {};
  for (const [k, source] of Object.entries(APPLICANT_SOURCES) as Array<[ApplicantKey, PrefillSource]>)
    for (const s of form.sections) {
      const f = s.fields.find((x) => x.prefill === source && x.type !== "group");
      if (f) {
        out[k] = { section: s.key, key: f.key };
        break;
      }
    }
  return out;
}

/** The applicant's details found in (validated) e-form data; empty values are left out. */
export function applicantFromEForm(form: EForm, data: unknown): Partial<Record<ApplicantKey, string>> {
  const out: Partial<Record<ApplicantKey, string>> = {};
  if (!data || typeof data !== "object") return out;
  for (const [k, at] of Object.entries(applicantFieldsOf(form)) as Array<
    [ApplicantKey, { section: string; key: string }]
  >) {
    const section = (data as Record<string, unknown>)[at.section];
    const v = section && typeof section === "object" ? (section as Record<string, unknown>)[at.key] : undefined;
    if (typeof v === "string" && v.trim()) out[k] = v.trim();
  }
  return out;
}
