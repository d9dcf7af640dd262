import type { Component, Fee, LegalBasis, ProcessSpec, ProcessStep, ResultSpec, Role, TimeLimit } from "./catalogue.js";
import type { EForm, EFormField, EFormRule } from "../shared/eform.js";
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
  /** The version this content is, when the file says (see ProcedureSchema in src/app/admin/catalogue-file.ts). */
  version?: number;
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
/** The national databases a component's data may be held by (Component.heldBy). */
export const REGISTRY_NAMES = ["population", "business"] as const;
/**
 * The kinds of paper the data warehouse matches a component with (Component.kind, ResultSpec.kind): one list, its
 * names shown to citizens and officers.
 */
export const DOCUMENT_KINDS = {
  "giay-khai-sinh": { vi: "Giấy khai sinh", en: "Birth certificate" },
  "xac-nhan-tinh-trang-hon-nhan": { vi: "Giấy xác nhận tình trạng hôn nhân", en: "Marital status certificate" },
  "phieu-ly-lich-tu-phap": { vi: "Phiếu lý lịch tư pháp", en: "Criminal record certificate" },
  "giay-kham-suc-khoe": { vi: "Giấy khám sức khỏe", en: "Health certificate" },
  "giay-phep-lai-xe": { vi: "Giấy phép lái xe", en: "Driving licence" },
  "giay-to-tuy-than": { vi: "Giấy tờ tùy thân", en: "Identity document" },
  "giay-chung-nhan-dkdn": { vi: "Giấy chứng nhận đăng ký doanh nghiệp", en: "Business registration certificate" },
  "giay-chung-nhan-qsdd": { vi: "Giấy chứng nhận quyền sử dụng đất", en: "Land use right certificate" },
  "giay-to-cho-o": { vi: "Giấy tờ chứng minh chỗ ở hợp pháp", en: "Proof of lawful residence" },
  // the result of a certification procedure: only there may an officer issue electronic certified copies
  "ban-sao-chung-thuc": { vi: "Bản sao được chứng thực từ bản chính", en: "Certified copy" },
} as const satisfies Record<string, LText>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_NAMES = Object.keys(DOCUMENT_KINDS) as DocumentKind[];
const DOC_KINDS = new Set<string>(DOCUMENT_KIND_NAMES);
const REGISTRIES = new Set<string>(REGISTRY_NAMES);
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
    if (f.showIf) {
      const on = fields.find((x) => x.key === f.showIf!.field);
      if (!on || on === f || on.type === "group")
        out.push({
          vi: `${at}: điều kiện hiển thị chỉ tới trường ${f.showIf.field} không có bên cạnh`,
          en: `${at}: the display condition names ${f.showIf.field}, which is not a field beside it`,
        });
      else {
        const allowed =
          on.type === "select" || on.type === "radio"
            ? (on.options ?? []).map((o) => o.value)
            : on.type === "checkbox"
              ? ["true", "false"]
              : undefined;
        for (const v of f.showIf.values ?? [])
          if (allowed && !allowed.includes(v))
            out.push({
              vi: `${at}: điều kiện hiển thị dùng giá trị ${v} mà trường ${on.key} không có`,
              en: `${at}: the display condition uses ${v}, which ${on.key} does not offer`,
            });
        // conditions may chain (A shown when B, B when C) but not loop back
        const seen = new Set([f.key]);
        for (let c: EFormField | undefined = on; c?.showIf; c = fields.find((x) => x.key === c!.showIf!.field)) {
          if (seen.has(c.key)) {
            out.push({
              vi: `${at}: điều kiện hiển thị vòng quanh (${[...seen].join(" → ")})`,
              en: `${at}: display conditions go round in a circle (${[...seen].join(" → ")})`,
            });
            break;
          }
          seen.add(c.key);
        }
      }
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
    if (c.kind !== undefined && !DOC_KINDS.has(c.kind))
      out.push({
        vi: `${p.code}/${c.code}: loại giấy tờ ${c.kind} không có`,
        en: `${p.code}/${c.code}: unknown document kind ${c.kind}`,
      });
    if (c.heldBy !== undefined && !REGISTRIES.has(c.heldBy))
      out.push({
        vi: `${p.code}/${c.code}: cơ sở dữ liệu ${c.heldBy} không có`,
        en: `${p.code}/${c.code}: unknown national database ${c.heldBy}`,
      });
    if (c.heldBy !== undefined && c.declaration)
      out.push({
        vi: `${p.code}/${c.code}: tờ khai không thể được thay bằng dữ liệu từ cơ sở dữ liệu quốc gia`,
        en: `${p.code}/${c.code}: a declaration cannot be replaced by national database data`,
      });
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
  if (p.result.kind !== undefined && !DOC_KINDS.has(p.result.kind))
    out.push({ vi: `${p.code}: loại giấy tờ kết quả ${p.result.kind} không có`, en: `${p.code}: unknown result kind` });
  const validity = p.result.validityMonths;
  if (validity !== undefined && (!Number.isInteger(validity) || validity < 1))
    out.push({ vi: `${p.code}: thời hạn hiệu lực của kết quả không hợp lệ`, en: `${p.code}: bad result validity` });
  const formKeys = new Set(p.eform.sections.flatMap((sec) => sec.fields.map((f) => `${sec.key}.${f.key}`)));
  for (const k of p.result.data ?? [])
    if (!formKeys.has(k))
      out.push({
        vi: `${p.code}: dữ liệu kết quả ${k} không phải trường của biểu mẫu điện tử`,
        en: `${p.code}: result data ${k} is not an e-form field (section.field)`,
      });
  if (p.legalBases.length === 0) out.push({ vi: `${p.code}: thiếu căn cứ pháp lý`, en: `${p.code}: no legal basis` });
  if (p.onlineKind === "partial" && !p.onlineReason?.trim())
    out.push({
      vi: `${p.code}: trực tuyến một phần mà không nêu lý do`,
      en: `${p.code}: partial online without a reason`,
    });

  out.push(...eformProblems(p.eform, p.code));
  out.push(...processProblems(p.process, p.code, t, unit));
  return out;
}

const COMPARED = new Set(["date", "number"]);

/** The problems of an e-form definition (the builder's, an import's), each naming the field (`code:section.key`). */
export function eformProblems(eform: EForm, code: string): LText[] {
  const out: LText[] = [];
  const sections = new Set<string>();
  if (eform.sections.length === 0) out.push({ vi: `${code}: biểu mẫu điện tử trống`, en: `${code}: empty e-form` });
  for (const s of eform.sections) {
    if (!CAMEL.test(s.key))
      out.push({
        vi: `${code}: mục ${s.key} không viết kiểu camelCase`,
        en: `${code}: section ${s.key} is not camelCase`,
      });
    if (sections.has(s.key))
      out.push({ vi: `${code}: mục ${s.key} lặp lại`, en: `${code}: duplicate section ${s.key}` });
    sections.add(s.key);
    if (s.fields.length === 0) out.push({ vi: `${code}: mục ${s.key} trống`, en: `${code}: empty section ${s.key}` });
    checkFields(s.fields, `${code}:${s.key}`, out);
  }
  const top = (path: string) => {
    const [section, key, ...rest] = path.split(".");
    return rest.length ? undefined : eform.sections.find((x) => x.key === section)?.fields.find((f) => f.key === key);
  };
  for (const r of eform.rules ?? ([] as EFormRule[])) {
    const at = `${code}:${r.field}`;
    const a = top(r.field);
    const b = top(r.other);
    if (!a || !b)
      out.push({
        vi: `${at}: quy tắc so sánh chỉ tới trường không có (${!a ? r.field : r.other})`,
        en: `${at}: the comparison rule names a field that does not exist (${!a ? r.field : r.other})`,
      });
    else if (a === b)
      out.push({
        vi: `${at}: quy tắc so sánh một trường với chính nó`,
        en: `${at}: the rule compares a field with itself`,
      });
    else if (!COMPARED.has(a.type) || a.type !== b.type)
      out.push({
        vi: `${at}: quy tắc so sánh cần hai trường cùng kiểu ngày hoặc cùng kiểu số (${a.type}, ${b.type})`,
        en: `${at}: the rule needs two date fields or two number fields (${a.type}, ${b.type})`,
      });
    if (!["lt", "lte", "gt", "gte"].includes(r.op))
      out.push({ vi: `${at}: phép so sánh ${r.op} không có`, en: `${at}: unknown comparison ${r.op}` });
    if (!r.message?.vi?.trim())
      out.push({ vi: `${at}: quy tắc so sánh thiếu thông báo lỗi`, en: `${at}: the rule has no error message` });
  }
  return out;
}

/**
 * The problems of an internal process against its procedure's time limit: steps, roles and units, the chain of steps
 * (each reached once from reception, no loop back, no step left out), approval and inter-agency steps, and budgets
 * that sum to the legal time limit.
 */
export function processProblems(
  process: ProcessSpec,
  code: string,
  t: TimeLimit,
  unit: ReadonlyMap<string, CatalogueUnit>,
): LText[] {
  const out: LText[] = [];
  const steps = process.steps;
  if (steps.length === 0) out.push({ vi: `${code}: quy trình không có bước`, en: `${code}: no process step` });
  const stepCodes = new Set<string>();
  let sum = 0;
  for (const s of steps) {
    if (stepCodes.has(s.code))
      out.push({ vi: `${code}: bước ${s.code} lặp lại`, en: `${code}: duplicate step ${s.code}` });
    stepCodes.add(s.code);
    if (!ROLES.has(s.role))
      out.push({
        vi: `${code}/${s.code}: vai trò ${s.role} không có`,
        en: `${code}/${s.code}: unknown role ${s.role}`,
      });
    if (!Number.isInteger(s.budgetHours) || s.budgetHours <= 0)
      out.push({ vi: `${code}/${s.code}: thời gian của bước không hợp lệ`, en: `${code}/${s.code}: bad budget` });
    if (typeof s.unit === "object" && !unit.has(s.unit.code))
      out.push({
        vi: `${code}/${s.code}: không có đơn vị ${s.unit.code}`,
        en: `${code}/${s.code}: unknown unit ${s.unit.code}`,
      });
    if (s.kind === "approval" && s.role !== "leader")
      out.push({
        vi: `${code}/${s.code}: bước phê duyệt phải do lãnh đạo thực hiện`,
        en: `${code}/${s.code}: an approval step must be done by a leader`,
      });
    if (s.kind === "interagency" && typeof s.unit !== "object")
      out.push({
        vi: `${code}/${s.code}: bước liên thông phải chỉ rõ cơ quan phối hợp (mã đơn vị)`,
        en: `${code}/${s.code}: an inter-agency step must name the other agency (unit code)`,
      });
    if (s.kind !== undefined && s.kind !== "approval" && s.kind !== "interagency")
      out.push({
        vi: `${code}/${s.code}: loại bước ${s.kind} không có`,
        en: `${code}/${s.code}: unknown step kind ${s.kind}`,
      });
    if (s.budgetHours > totalHours(t) && t.unit !== "immediate")
      out.push({
        vi: `${code}/${s.code}: bước cần ${s.budgetHours} giờ, vượt thời hạn ${totalHours(t)} giờ của thủ tục`,
        en: `${code}/${s.code}: the step needs ${s.budgetHours} h, more than the procedure's ${totalHours(t)} h`,
      });
    sum += s.budgetHours;
  }
  const chain = processChain(process);
  if (chain.unknown)
    out.push({
      vi: `${code}/${chain.unknown.from}: bước tiếp theo ${chain.unknown.next} không có trong quy trình`,
      en: `${code}/${chain.unknown.from}: the next step ${chain.unknown.next} is not in the process`,
    });
  else if (chain.cycle)
    out.push({
      vi: `${code}: quy trình quay vòng (${chain.cycle.join(" → ")}); hồ sơ sẽ không bao giờ xử lý xong`,
      en: `${code}: the process goes round in a circle (${chain.cycle.join(" → ")}); a dossier would never finish`,
    });
  else if (chain.unreached.length)
    out.push({
      vi: `${code}: không bước nào dẫn tới ${chain.unreached.join(", ")}`,
      en: `${code}: no step leads to ${chain.unreached.join(", ")}`,
    });
  if (t.unit === "immediate" ? sum > 8 : sum !== totalHours(t))
    out.push({
      vi: `${code}: các bước cộng lại ${sum} giờ, thời hạn cho phép ${totalHours(t)} giờ`,
      en: `${code}: step budgets sum to ${sum} h, time limit allows ${totalHours(t)} h`,
    });
  if (steps[0] && steps[0].role !== "receiving")
    out.push({ vi: `${code}: bước đầu tiên không phải tiếp nhận`, en: `${code}: first step is not reception` });
  return out;
}

/**
 * The chain of steps from reception: each step's `next` (or the one after it in the list) until the list ends.
 * `order` is the steps in the order a dossier runs them; a step named twice is a `cycle`, a `next` naming no step
 * is `unknown`, steps never reached are `unreached`.
 */
export function processChain(process: ProcessSpec): {
  order: ProcessStep[];
  cycle?: string[];
  unknown?: { from: string; next: string };
  unreached: string[];
} {
  const steps = process.steps;
  const index = new Map(steps.map((s, i) => [s.code, i]));
  const order: ProcessStep[] = [];
  const seen = new Set<number>();
  let i = steps.length ? 0 : -1;
  while (i >= 0 && i < steps.length) {
    const s = steps[i]!;
    if (seen.has(i)) return { order, cycle: [...order.map((x) => x.code), s.code], unreached: [] };
    seen.add(i);
    order.push(s);
    if (s.next === undefined) i += 1;
    else {
      const n = index.get(s.next);
      if (n === undefined) return { order, unknown: { from: s.code, next: s.next }, unreached: [] };
      i = n;
    }
  }
  return { order, unreached: steps.filter((_, k) => !seen.has(k)).map((s) => s.code) };
}

/** The process with its steps in the order they run (what the office's engine walks by index); `next` is kept. */
export function orderProcess(process: ProcessSpec): ProcessSpec {
  const c = processChain(process);
  return c.cycle || c.unknown || c.unreached.length ? process : { ...process, steps: c.order };
}

/**
 * The one rule on changing a procedure version, for the editor and the import alike: only a draft changes; a
 * published or retired version is what dossiers were submitted under and stays as it was.
 */
export function versionChangeRefusal(code: string, v: { version: number; status: string }): LText | null {
  if (v.status === "draft") return null;
  return {
    vi: `Thủ tục ${code}: phiên bản ${v.version} đã ${v.status === "published" ? "công bố" : "ngừng áp dụng"}, không được sửa; hồ sơ đã nộp theo phiên bản này. Hãy tạo phiên bản mới (bản nháp).`,
    en: `Procedure ${code}: version ${v.version} is ${v.status}, it cannot be changed; dossiers were submitted under it. Create a new version (a draft).`,
  };
}
