import type { Component, Fee, LegalBasis, ProcessSpec, ProcessStep, ResultSpec, Role, TimeLimit } from "./catalogue.js";
import type { EForm, EFormField } from "../shared/eform.js";
import type { LText } from "../shared/text.js";

/**
 * The rules a procedure of a catalogue must follow before it is published — its codes, units, time limit and fees,
 * components, e-form and internal process (step budgets that fit the legal time limit, reception first). One checker
 * for the demo catalogue, the import of a province's catalogue files and (next) the administrator's editor.
 */

/** A unit of a catalogue file, named by its code (the tree by the parent's code). */
export interface CatalogueUnit {
  code: string;
  name: string;
  shortName?: string;
  kind: "province" | "department" | "centre" | "commune" | "agency";
  level: "province" | "commune";
  parent?: string;
  address: string;
  phone: string;
  email?: string;
  /** Whether the unit receives dossiers from applicants (one-stop counter). Default true. */
  receivesDossiers?: boolean;
}

/** A field (lĩnh vực) of a catalogue file. */
export interface CatalogueField {
  code: string;
  name: string;
  nameEn: string;
}

/** A procedure of a catalogue file: units and field named by code. */
export interface CatalogueProcedure {
  /** National code from the national TTHC database (e.g. 1.001193). */
  code: string;
  name: string;
  fieldCode: string;
  level: "province" | "commune";
  /**
   * The competent unit. For commune-level procedures every commune's People's Committee is competent for the
   * dossiers it receives; the row names a reference commune and the process runs at the receiving unit.
   */
  competentUnit: string;
  /** Units that receive dossiers for this procedure. */
  implementingUnits: string[];
  applicantTypes: Array<"citizen" | "business">;
  description: string;
  requirements: string;
  timeLimit: TimeLimit;
  fees: Fee[];
  components: Component[];
  result: ResultSpec;
  legalBases: LegalBasis[];
  onlineKind: "end_to_end" | "partial" | "none";
  /** Published reason why the procedure is only partly online (required for `partial`). */
  onlineReason?: string;
  eform: EForm;
  process: ProcessSpec;
  /** The colloquial names and abbreviations people search it by ("sổ hồng", "TNHH"). */
  searchWords?: string[];
}

/** The working hours a time limit allows (8 a working day; "immediate" means within the half-day). */
export function totalHours(limit: TimeLimit): number {
  if (limit.unit === "working_days") return limit.value * 8;
  if (limit.unit === "working_hours") return limit.value;
  return 4;
}

/** A step to budget: its code, name, where it runs, who does it, and its share of the time limit. */
export type StepDef = [code: string, name: string, unit: ProcessStep["unit"], role: Role, weight: number];

/**
 * Distributes the time limit over the steps by weight, in whole hours (at least 1 each) summing exactly to it — the
 * budgets the checker below asks for (the process builder's "fit to the time limit").
 */
export function distributeBudget(limit: TimeLimit, steps: StepDef[]): ProcessSpec {
  const total = totalHours(limit);
  if (total < steps.length) throw new Error(`process: ${steps.length} steps do not fit in ${total} h`);
  const weights = steps.reduce((s, x) => s + x[4], 0);
  const hours = steps.map((s) => Math.max(1, Math.floor((total * s[4]) / weights)));
  let diff = total - hours.reduce((a, b) => a + b, 0);
  // Give the remainder to (or take the excess from) the heaviest step that can absorb it.
  const order = steps.map((_, i) => i).sort((a, b) => steps[b]![4] - steps[a]![4]);
  for (let k = 0; diff !== 0; k = (k + 1) % order.length) {
    const i = order[k]!;
    if (diff > 0) {
      hours[i]! += 1;
      diff -= 1;
    } else if (hours[i]! > 1) {
      hours[i]! -= 1;
      diff += 1;
    }
  }
  return {
    steps: steps.map(([code, name, unit, role], i) => ({ code, name, unit, role, budgetHours: hours[i]! })),
  };
}

/** The e-form field kinds, prefill sources and process roles a catalogue may use (the file schema lists these too). */
export const FIELD_TYPE_NAMES = [
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
] as const;
export const PREFILL_NAMES = [
  "name",
  "idNumber",
  "birthDate",
  "gender",
  "address",
  "phone",
  "email",
  "taxCode",
] as const;
export const PROCESS_ROLES = ["receiving", "specialist", "leader", "admin", "supervisor"] as const;
const FIELD_TYPES = new Set<string>(FIELD_TYPE_NAMES);
const PREFILL = new Set<string>(PREFILL_NAMES);
const ROLES = new Set<string>(PROCESS_ROLES);
const FORMS = new Set(["original", "certified_copy", "copy", "original_or_copy"]);
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

function checkFields(fields: EFormField[], where: string, out: LText[]): void {
  const keys = new Set<string>();
  for (const f of fields) {
    const at = `${where}.${f.key}`;
    if (!CAMEL.test(f.key))
      out.push({ vi: `${at}: khoá không viết kiểu camelCase`, en: `${at}: key is not camelCase` });
    if (keys.has(f.key)) out.push({ vi: `${at}: khoá lặp lại`, en: `${at}: duplicate key` });
    keys.add(f.key);
    if (!FIELD_TYPES.has(f.type))
      out.push({ vi: `${at}: kiểu ${f.type} không có`, en: `${at}: unknown type ${f.type}` });
    if (!f.label?.vi) out.push({ vi: `${at}: thiếu nhãn tiếng Việt`, en: `${at}: missing Vietnamese label` });
    if (f.prefill && !PREFILL.has(f.prefill))
      out.push({ vi: `${at}: nguồn điền sẵn ${f.prefill} không có`, en: `${at}: unknown prefill ${f.prefill}` });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      out.push({ vi: `${at}: giá trị nhỏ nhất lớn hơn lớn nhất`, en: `${at}: min > max` });
    if (f.type === "select" || f.type === "radio") {
      const values = (f.options ?? []).map((o) => o.value);
      if (values.length === 0)
        out.push({ vi: `${at}: ${f.type} không có lựa chọn`, en: `${at}: ${f.type} without options` });
      if (new Set(values).size !== values.length)
        out.push({ vi: `${at}: giá trị lựa chọn lặp lại`, en: `${at}: duplicate option values` });
    }
    if (f.type === "commune") {
      const p = fields.find((x) => x.key === f.provinceField);
      if (p?.type !== "province")
        out.push({
          vi: `${at}: provinceField không chỉ tới trường tỉnh/thành bên cạnh`,
          en: `${at}: provinceField does not name a province field beside it`,
        });
    }
    if (f.type === "group") {
      if (!f.fields?.length) out.push({ vi: `${at}: nhóm không có trường`, en: `${at}: group without fields` });
      else checkFields(f.fields, at, out);
      if (f.minItems !== undefined && f.maxItems !== undefined && f.minItems > f.maxItems)
        out.push({ vi: `${at}: minItems lớn hơn maxItems`, en: `${at}: minItems > maxItems` });
    } else if (f.fields)
      out.push({ vi: `${at}: trường con trên kiểu ${f.type}`, en: `${at}: sub-fields on a ${f.type}` });
  }
}

/** The problems of one procedure against the catalogue's rules, each in Vietnamese and English (none: it may be published). */
export function checkProcedure(
  p: CatalogueProcedure,
  units: ReadonlyArray<CatalogueUnit>,
  fieldCodes: ReadonlySet<string>,
  templateExists: (file: string) => boolean = () => true,
): LText[] {
  const out: LText[] = [];
  const unit = new Map(units.map((u) => [u.code, u]));
  if (!/^\d\.\d{6}(\.[A-Z0-9]+)?$/.test(p.code))
    out.push({ vi: `${p.code}: mã thủ tục quốc gia sai dạng`, en: `${p.code}: malformed national code` });
  if (!p.name.trim()) out.push({ vi: `${p.code}: thiếu tên`, en: `${p.code}: no name` });
  if (!fieldCodes.has(p.fieldCode))
    out.push({ vi: `${p.code}: không có lĩnh vực ${p.fieldCode}`, en: `${p.code}: unknown field ${p.fieldCode}` });
  if (!unit.has(p.competentUnit))
    out.push({
      vi: `${p.code}: không có cơ quan có thẩm quyền ${p.competentUnit}`,
      en: `${p.code}: unknown competent unit ${p.competentUnit}`,
    });
  if (p.implementingUnits.length === 0)
    out.push({ vi: `${p.code}: không có đơn vị thực hiện`, en: `${p.code}: no implementing unit` });
  for (const c of p.implementingUnits) {
    const u = unit.get(c);
    if (!u)
      out.push({ vi: `${p.code}: không có đơn vị thực hiện ${c}`, en: `${p.code}: unknown implementing unit ${c}` });
    else {
      if (u.receivesDossiers === false)
        out.push({
          vi: `${p.code}: đơn vị ${c} không tiếp nhận hồ sơ`,
          en: `${p.code}: implementing unit ${c} does not receive dossiers`,
        });
      if (u.level !== p.level)
        out.push({
          vi: `${p.code}: đơn vị ${c} không ở cấp ${p.level}`,
          en: `${p.code}: implementing unit ${c} is not at ${p.level} level`,
        });
    }
  }
  if (new Set(p.implementingUnits).size !== p.implementingUnits.length)
    out.push({ vi: `${p.code}: đơn vị thực hiện lặp lại`, en: `${p.code}: duplicate implementing unit` });

  const t = p.timeLimit;
  if (t.unit === "immediate" ? t.value !== 0 : !(Number.isInteger(t.value) && t.value > 0))
    out.push({ vi: `${p.code}: thời hạn giải quyết không hợp lệ`, en: `${p.code}: bad time limit` });
  for (const f of p.fees)
    if (!Number.isInteger(f.amount) || f.amount < 0)
      out.push({
        vi: `${p.code}: phí ${f.name} không phải số đồng nguyên`,
        en: `${p.code}: fee ${f.name} is not a whole VND amount`,
      });

  const codes = new Set<string>();
  if (p.components.length === 0)
    out.push({ vi: `${p.code}: không có thành phần hồ sơ`, en: `${p.code}: no component` });
  for (const c of p.components) {
    if (codes.has(c.code))
      out.push({ vi: `${p.code}: thành phần ${c.code} lặp lại`, en: `${p.code}: duplicate component ${c.code}` });
    codes.add(c.code);
    if (!FORMS.has(c.form))
      out.push({
        vi: `${p.code}/${c.code}: loại bản ${c.form} không có`,
        en: `${p.code}/${c.code}: unknown form ${c.form}`,
      });
    if (!Number.isInteger(c.quantity) || c.quantity < 1)
      out.push({ vi: `${p.code}/${c.code}: số lượng không hợp lệ`, en: `${p.code}/${c.code}: bad quantity` });
    if (c.template && !templateExists(c.template.file))
      out.push({
        vi: `${p.code}/${c.code}: không có tệp mẫu ${c.template.file}`,
        en: `${p.code}/${c.code}: template ${c.template.file} missing`,
      });
  }
  // the application form rendered from the e-form: one per procedure, and an e-form to render it from
  const declarations = p.components.filter((c) => c.declaration);
  if (declarations.length > 1)
    out.push({
      vi: `${p.code}: nhiều hơn một thành phần là tờ khai`,
      en: `${p.code}: more than one declaration component`,
    });
  if (declarations.length && p.eform.sections.length === 0)
    out.push({
      vi: `${p.code}/${declarations[0].code}: tờ khai không có biểu mẫu điện tử`,
      en: `${p.code}/${declarations[0].code}: declaration without an e-form`,
    });
  if (!p.result.name) out.push({ vi: `${p.code}: thiếu kết quả`, en: `${p.code}: no result` });
  if (p.legalBases.length === 0) out.push({ vi: `${p.code}: thiếu căn cứ pháp lý`, en: `${p.code}: no legal basis` });
  if (p.onlineKind === "partial" && !p.onlineReason?.trim())
    out.push({
      vi: `${p.code}: trực tuyến một phần mà không nêu lý do`,
      en: `${p.code}: partial online without a reason`,
    });

  const sections = new Set<string>();
  if (p.eform.sections.length === 0)
    out.push({ vi: `${p.code}: biểu mẫu điện tử trống`, en: `${p.code}: empty e-form` });
  for (const s of p.eform.sections) {
    if (!CAMEL.test(s.key))
      out.push({
        vi: `${p.code}: mục ${s.key} không viết kiểu camelCase`,
        en: `${p.code}: section ${s.key} is not camelCase`,
      });
    if (sections.has(s.key))
      out.push({ vi: `${p.code}: mục ${s.key} lặp lại`, en: `${p.code}: duplicate section ${s.key}` });
    sections.add(s.key);
    if (s.fields.length === 0)
      out.push({ vi: `${p.code}: mục ${s.key} trống`, en: `${p.code}: empty section ${s.key}` });
    checkFields(s.fields, `${p.code}:${s.key}`, out);
  }

  const steps = p.process.steps;
  if (steps.length === 0) out.push({ vi: `${p.code}: quy trình không có bước`, en: `${p.code}: no process step` });
  const stepCodes = new Set<string>();
  let sum = 0;
  for (const s of steps) {
    if (stepCodes.has(s.code))
      out.push({ vi: `${p.code}: bước ${s.code} lặp lại`, en: `${p.code}: duplicate step ${s.code}` });
    stepCodes.add(s.code);
    if (!ROLES.has(s.role))
      out.push({
        vi: `${p.code}/${s.code}: vai trò ${s.role} không có`,
        en: `${p.code}/${s.code}: unknown role ${s.role}`,
      });
    if (!Number.isInteger(s.budgetHours) || s.budgetHours <= 0)
      out.push({ vi: `${p.code}/${s.code}: thời gian của bước không hợp lệ`, en: `${p.code}/${s.code}: bad budget` });
    if (typeof s.unit === "object" && !unit.has(s.unit.code))
      out.push({
        vi: `${p.code}/${s.code}: không có đơn vị ${s.unit.code}`,
        en: `${p.code}/${s.code}: unknown unit ${s.unit.code}`,
      });
    sum += s.budgetHours;
  }
  if (t.unit === "immediate" ? sum > 8 : sum !== totalHours(t))
    out.push({
      vi: `${p.code}: các bước cộng lại ${sum} giờ, thời hạn cho phép ${totalHours(t)} giờ`,
      en: `${p.code}: step budgets sum to ${sum} h, time limit allows ${totalHours(t)} h`,
    });
  if (steps[0] && steps[0].role !== "receiving")
    out.push({ vi: `${p.code}: bước đầu tiên không phải tiếp nhận`, en: `${p.code}: first step is not reception` });
  return out;
}
