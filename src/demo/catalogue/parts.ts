import type { Component, ProcessSpec, ProcessStep, Role, TimeLimit } from "../../domain/catalogue.js";
import type { EFormField, EFormSection } from "../../shared/eform.js";
import type { LText } from "../../shared/text.js";

/** Building blocks shared by the demo procedures: e-form fragments and internal-process budgets. */

export const l = (vi: string, en: string): LText => ({ vi, en });

export const GENDER_OPTIONS = [
  { value: "male", label: l("Nam", "Male") },
  { value: "female", label: l("Nữ", "Female") },
];

export const ETHNICITY_OPTIONS = [
  ["kinh", "Kinh"],
  ["tay", "Tày"],
  ["thai", "Thái"],
  ["muong", "Mường"],
  ["khmer", "Khmer"],
  ["hoa", "Hoa"],
  ["nung", "Nùng"],
  ["hmong", "Mông"],
  ["dao", "Dao"],
  ["other", "Dân tộc khác"],
].map(([value, vi]) => ({ value: value!, label: l(vi!, value === "other" ? "Other" : vi!) }));

export const RELATIONSHIP_OPTIONS = [
  ["spouse", "Vợ/chồng", "Spouse"],
  ["child", "Con", "Child"],
  ["parent", "Cha/mẹ", "Parent"],
  ["sibling", "Anh/chị/em", "Sibling"],
  ["grandchild", "Cháu", "Grandchild"],
  ["grandparent", "Ông/bà", "Grandparent"],
  ["other", "Khác", "Other"],
].map(([value, vi, en]) => ({ value: value!, label: l(vi!, en!) }));

export const opts = (pairs: Array<[value: string, vi: string, en: string]>) =>
  pairs.map(([value, vi, en]) => ({ value, label: l(vi, en) }));

/** Applicant fields copied from the account ("provide once"). */
export function applicantFields(opts: { gender?: boolean; email?: boolean } = {}): EFormField[] {
  const fields: EFormField[] = [
    {
      key: "fullName",
      type: "text",
      label: l("Họ, chữ đệm và tên", "Full name"),
      required: true,
      maxLength: 100,
      prefill: "name",
    },
    {
      key: "birthDate",
      type: "date",
      label: l("Ngày, tháng, năm sinh", "Date of birth"),
      required: true,
      dateRule: "past",
      prefill: "birthDate",
    },
  ];
  if (opts.gender !== false)
    fields.push({
      key: "gender",
      type: "select",
      label: l("Giới tính", "Gender"),
      options: GENDER_OPTIONS,
      prefill: "gender",
    });
  fields.push(
    {
      key: "idNumber",
      type: "cccd",
      label: l("Số định danh cá nhân (CCCD)", "Personal identification number"),
      required: true,
      prefill: "idNumber",
    },
    {
      key: "residence",
      type: "text",
      label: l("Nơi cư trú", "Place of residence"),
      required: true,
      maxLength: 250,
      prefill: "address",
    },
    { key: "phone", type: "phone", label: l("Số điện thoại", "Phone number"), required: true, prefill: "phone" },
  );
  if (opts.email !== false)
    fields.push({ key: "email", type: "email", label: l("Thư điện tử", "E-mail"), prefill: "email" });
  return fields;
}

export function applicantSection(
  title: LText = l("Người yêu cầu", "Applicant"),
  o?: { gender?: boolean; email?: boolean },
): EFormSection {
  return { key: "applicant", title, fields: applicantFields(o) };
}

/** A province picker, a commune picker filtered by it and a street line. Keys: `${p}Province`, `${p}Commune`, `${p}Street`. */
export function addressFields(p: string, label: LText, required = true): EFormField[] {
  return [
    {
      key: `${p}Province`,
      type: "province",
      label: l(`${label.vi}: tỉnh, thành phố`, `${label.en}: province`),
      required,
    },
    {
      key: `${p}Commune`,
      type: "commune",
      label: l(`${label.vi}: xã, phường, đặc khu`, `${label.en}: commune or ward`),
      required,
      provinceField: `${p}Province`,
    },
    {
      key: `${p}Street`,
      type: "text",
      label: l(`${label.vi}: số nhà, đường phố, thôn, tổ dân phố`, `${label.en}: house number, street, hamlet`),
      required,
      maxLength: 200,
    },
  ];
}

/** The identity of a person other than the applicant (parent, spouse, member…). */
export function personFields(o: { required?: boolean; ethnicity?: boolean; residence?: boolean } = {}): EFormField[] {
  const required = o.required ?? true;
  const f: EFormField[] = [
    { key: "fullName", type: "text", label: l("Họ, chữ đệm và tên", "Full name"), required, maxLength: 100 },
    { key: "birthDate", type: "date", label: l("Ngày, tháng, năm sinh", "Date of birth"), required, dateRule: "past" },
  ];
  if (o.ethnicity !== false)
    f.push({
      key: "ethnicity",
      type: "select",
      label: l("Dân tộc", "Ethnicity"),
      required,
      options: ETHNICITY_OPTIONS,
    });
  f.push({ key: "nationality", type: "text", label: l("Quốc tịch", "Nationality"), required, maxLength: 50 });
  f.push({
    key: "idNumber",
    type: "cccd",
    label: l("Số định danh cá nhân", "Personal identification number"),
    required,
  });
  if (o.residence !== false)
    f.push({ key: "residence", type: "text", label: l("Nơi cư trú", "Place of residence"), required, maxLength: 250 });
  return f;
}

export function copiesField(key: string, what: LText, max = 10): EFormField {
  return {
    key,
    type: "number",
    label: l(`Số lượng ${what.vi} đề nghị cấp`, `Number of ${what.en} requested`),
    required: true,
    min: 1,
    max,
  };
}

type StepDef = [code: string, name: string, unit: ProcessStep["unit"], role: Role, weight: number];

/** Working hours the whole process may take: N working days = 8N hours; immediate results: the same half-day. */
export function totalHours(limit: TimeLimit): number {
  if (limit.unit === "working_days") return limit.value * 8;
  if (limit.unit === "working_hours") return limit.value;
  return 4;
}

/** Distributes the time limit over the steps by weight, in whole hours (at least 1 each) summing exactly to it. */
export function process(limit: TimeLimit, steps: StepDef[]): ProcessSpec {
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

/** Commune-level procedure: the commune that received the dossier handles every step. */
export function communeProcess(
  limit: TimeLimit,
  appraise = "Thẩm định hồ sơ",
  sign = "Phê duyệt, ký kết quả",
): ProcessSpec {
  return process(limit, [
    ["TN", "Tiếp nhận hồ sơ", "receiving", "receiving", 1],
    ["TD", appraise, "receiving", "specialist", 4],
    ["PD", sign, "receiving", "leader", 2],
    ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
  ]);
}

/** Province-level procedure received at the centre and decided by the competent department. */
export function centreProcess(
  limit: TimeLimit,
  appraise = "Thẩm định hồ sơ",
  sign = "Phê duyệt, ký kết quả",
): ProcessSpec {
  return process(limit, [
    ["TN", "Tiếp nhận hồ sơ, chuyển cơ quan giải quyết", "receiving", "receiving", 1],
    ["TD", appraise, "competent", "specialist", 5],
    ["PD", sign, "competent", "leader", 2],
    ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
  ]);
}

type ComponentForm = "original" | "certified_copy" | "copy" | "original_or_copy";

/** A dossier component (thành phần hồ sơ): quantity 1 and required unless told otherwise. */
export function comp(
  code: string,
  name: string,
  form: ComponentForm,
  o: {
    quantity?: number;
    required?: boolean;
    note?: string;
    template?: { name: string; file: string };
    /** The application form itself (tờ khai, đơn, giấy đề nghị): rendered from the e-form, never uploaded. */
    declaration?: boolean;
  } = {},
): Component {
  const c: Component = {
    code,
    name,
    form,
    quantity: o.quantity ?? 1,
    required: o.required ?? true,
  };
  if (o.note) c.note = o.note;
  if (o.template) c.template = o.template;
  if (o.declaration) c.declaration = true;
  return c;
}

/** Relationship of the applicant to the person the civil-status event concerns. */
export const relationField = (key: string, vi: string, en: string): EFormField => ({
  key,
  type: "select",
  label: l(vi, en),
  required: true,
  options: opts([
    ["self", "Bản thân", "Self"],
    ["father", "Cha", "Father"],
    ["mother", "Mẹ", "Mother"],
    ["spouse", "Vợ/chồng", "Spouse"],
    ["child", "Con", "Child"],
    ["grandparent", "Ông/bà", "Grandparent"],
    ["sibling", "Anh/chị/em", "Sibling"],
    ["guardian", "Người giám hộ", "Guardian"],
    ["relative", "Người thân thích khác", "Other relative"],
    ["authorised", "Người được ủy quyền", "Authorised person"],
  ]),
});

/** Applicant that is an organisation (business, household business), prefilled from the business account. */
export function businessApplicantSection(title: LText = l("Tổ chức đề nghị", "Applying organisation")): EFormSection {
  return {
    key: "applicant",
    title,
    fields: [
      {
        key: "businessName",
        type: "text",
        label: l("Tên tổ chức, doanh nghiệp", "Organisation name"),
        required: true,
        maxLength: 200,
        prefill: "name",
      },
      {
        key: "taxCode",
        type: "taxcode",
        label: l("Mã số doanh nghiệp (mã số thuế)", "Enterprise code (tax code)"),
        required: true,
        prefill: "taxCode",
      },
      {
        key: "headOffice",
        type: "text",
        label: l("Địa chỉ trụ sở chính", "Head office address"),
        required: true,
        maxLength: 250,
        prefill: "address",
      },
      { key: "phone", type: "phone", label: l("Số điện thoại", "Phone number"), required: true, prefill: "phone" },
      { key: "email", type: "email", label: l("Thư điện tử", "E-mail"), prefill: "email" },
      {
        key: "representativeName",
        type: "text",
        label: l("Người đại diện theo pháp luật", "Legal representative"),
        required: true,
        maxLength: 100,
      },
      {
        key: "representativeIdNumber",
        type: "cccd",
        label: l("Số định danh cá nhân của người đại diện", "Representative's ID number"),
        required: true,
      },
      { key: "representativeTitle", type: "text", label: l("Chức danh", "Title"), required: true, maxLength: 100 },
    ],
  };
}

/** Business lines (ngành, nghề kinh doanh) as a repeating group of VSIC level-4 codes. */
export function businessLinesGroup(max = 30): EFormField {
  return {
    key: "businessLines",
    type: "group",
    label: l("Ngành, nghề kinh doanh", "Business lines"),
    help: l(
      "Ghi mã ngành cấp 4 theo Hệ thống ngành kinh tế Việt Nam",
      "Use level-4 codes of the Vietnam industry classification",
    ),
    minItems: 1,
    maxItems: max,
    fields: [
      {
        key: "code",
        type: "text",
        label: l("Mã ngành (cấp 4)", "Code (level 4)"),
        required: true,
        pattern: "^\\d{4}$",
        patternMessage: l("Mã ngành gồm 4 chữ số", "Four digits"),
      },
      { key: "name", type: "text", label: l("Tên ngành", "Description"), required: true, maxLength: 250 },
      { key: "main", type: "checkbox", label: l("Ngành chính", "Main line") },
    ],
  };
}
