import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EFormField } from "../../shared/eform.js";
import { totalHours } from "./parts.js";
import type { DemoProcedure } from "./types.js";
import type { DemoUnit } from "./units.js";

/** Consistency rules of a demo procedure; returns the problems found (empty when consistent). */

export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), "../templates");

const FIELD_TYPES = new Set([
  "text",
  "textarea",
  "number",
  "date",
  "cccd",
  "phone",
  "email",
  "taxcode",
  "select",
  "radio",
  "checkbox",
  "province",
  "commune",
  "group",
]);
const PREFILL = new Set(["name", "idNumber", "birthDate", "gender", "address", "phone", "email", "taxCode"]);
const ROLES = new Set(["receiving", "specialist", "leader", "admin", "supervisor"]);
const FORMS = new Set(["original", "certified_copy", "copy", "original_or_copy"]);
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

function checkFields(fields: EFormField[], where: string, out: string[]): void {
  const keys = new Set<string>();
  for (const f of fields) {
    const at = `${where}.${f.key}`;
    if (!CAMEL.test(f.key)) out.push(`${at}: key is not camelCase`);
    if (keys.has(f.key)) out.push(`${at}: duplicate key`);
    keys.add(f.key);
    if (!FIELD_TYPES.has(f.type)) out.push(`${at}: unknown type ${f.type}`);
    if (!f.label?.vi) out.push(`${at}: missing Vietnamese label`);
    if (f.prefill && !PREFILL.has(f.prefill)) out.push(`${at}: unknown prefill ${f.prefill}`);
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) out.push(`${at}: min > max`);
    if (f.type === "select" || f.type === "radio") {
      const values = (f.options ?? []).map((o) => o.value);
      if (values.length === 0) out.push(`${at}: ${f.type} without options`);
      if (new Set(values).size !== values.length) out.push(`${at}: duplicate option values`);
    }
    if (f.type === "commune") {
      const p = fields.find((x) => x.key === f.provinceField);
      if (p?.type !== "province") out.push(`${at}: provinceField does not name a province field beside it`);
    }
    if (f.type === "group") {
      if (!f.fields?.length) out.push(`${at}: group without fields`);
      else checkFields(f.fields, at, out);
      if (f.minItems !== undefined && f.maxItems !== undefined && f.minItems > f.maxItems)
        out.push(`${at}: minItems > maxItems`);
    } else if (f.fields) out.push(`${at}: sub-fields on a ${f.type}`);
  }
}

export function checkProcedure(p: DemoProcedure, units: DemoUnit[], fieldCodes: Set<string>): string[] {
  const out: string[] = [];
  const unit = new Map(units.map((u) => [u.code, u]));
  if (!/^\d\.\d{6}(\.[A-Z0-9]+)?$/.test(p.code)) out.push(`${p.code}: malformed national code`);
  if (!p.name.trim()) out.push(`${p.code}: no name`);
  if (!fieldCodes.has(p.fieldCode)) out.push(`${p.code}: unknown field ${p.fieldCode}`);
  if (!unit.has(p.competentUnit)) out.push(`${p.code}: unknown competent unit ${p.competentUnit}`);
  if (p.implementingUnits.length === 0) out.push(`${p.code}: no implementing unit`);
  for (const c of p.implementingUnits) {
    const u = unit.get(c);
    if (!u) out.push(`${p.code}: unknown implementing unit ${c}`);
    else {
      if (u.receivesDossiers === false) out.push(`${p.code}: implementing unit ${c} does not receive dossiers`);
      if (u.level !== p.level) out.push(`${p.code}: implementing unit ${c} is not at ${p.level} level`);
    }
  }
  if (new Set(p.implementingUnits).size !== p.implementingUnits.length)
    out.push(`${p.code}: duplicate implementing unit`);

  const t = p.timeLimit;
  if (t.unit === "immediate" ? t.value !== 0 : !(Number.isInteger(t.value) && t.value > 0))
    out.push(`${p.code}: bad time limit`);
  for (const f of p.fees)
    if (!Number.isInteger(f.amount) || f.amount < 0) out.push(`${p.code}: fee ${f.name} is not a whole VND amount`);

  const codes = new Set<string>();
  if (p.components.length === 0) out.push(`${p.code}: no component`);
  for (const c of p.components) {
    if (codes.has(c.code)) out.push(`${p.code}: duplicate component ${c.code}`);
    codes.add(c.code);
    if (!FORMS.has(c.form)) out.push(`${p.code}/${c.code}: unknown form ${c.form}`);
    if (!Number.isInteger(c.quantity) || c.quantity < 1) out.push(`${p.code}/${c.code}: bad quantity`);
    if (c.template && !existsSync(join(TEMPLATES_DIR, c.template.file)))
      out.push(`${p.code}/${c.code}: template ${c.template.file} missing`);
  }
  // the application form rendered from the e-form: one per procedure, and an e-form to render it from
  const declarations = p.components.filter((c) => c.declaration);
  if (declarations.length > 1) out.push(`${p.code}: more than one declaration component`);
  if (declarations.length && p.eform.sections.length === 0)
    out.push(`${p.code}/${declarations[0].code}: declaration without an e-form`);
  if (!p.result.name) out.push(`${p.code}: no result`);
  if (p.legalBases.length === 0) out.push(`${p.code}: no legal basis`);
  if (p.onlineKind === "partial" && !p.onlineReason?.trim()) out.push(`${p.code}: partial online without a reason`);

  const sections = new Set<string>();
  if (p.eform.sections.length === 0) out.push(`${p.code}: empty e-form`);
  for (const s of p.eform.sections) {
    if (!CAMEL.test(s.key)) out.push(`${p.code}: section ${s.key} is not camelCase`);
    if (sections.has(s.key)) out.push(`${p.code}: duplicate section ${s.key}`);
    sections.add(s.key);
    if (s.fields.length === 0) out.push(`${p.code}: empty section ${s.key}`);
    checkFields(s.fields, `${p.code}:${s.key}`, out);
  }

  const steps = p.process.steps;
  if (steps.length === 0) out.push(`${p.code}: no process step`);
  const stepCodes = new Set<string>();
  let sum = 0;
  for (const s of steps) {
    if (stepCodes.has(s.code)) out.push(`${p.code}: duplicate step ${s.code}`);
    stepCodes.add(s.code);
    if (!ROLES.has(s.role)) out.push(`${p.code}/${s.code}: unknown role ${s.role}`);
    if (!Number.isInteger(s.budgetHours) || s.budgetHours <= 0) out.push(`${p.code}/${s.code}: bad budget`);
    if (typeof s.unit === "object" && !unit.has(s.unit.code))
      out.push(`${p.code}/${s.code}: unknown unit ${s.unit.code}`);
    sum += s.budgetHours;
  }
  if (t.unit === "immediate" ? sum > 8 : sum !== totalHours(t))
    out.push(`${p.code}: step budgets sum to ${sum} h, time limit allows ${totalHours(t)} h`);
  if (steps[0] && steps[0].role !== "receiving") out.push(`${p.code}: first step is not reception`);
  return out;
}
