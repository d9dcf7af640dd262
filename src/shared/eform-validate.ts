import { findCommune, findProvince, hasCommuneList } from "./admin-units.js";
import type { EForm, EFormField, EFormRule, PrefillSource } from "./eform.js";
import { type Lang, type LText, pick } from "./text.js";

/**
 * The one e-form validator: the server runs it on every submission and the browser runs the same code on blur and
 * submit (it is bundled for the browser, so no Node APIs here). It never throws on bad input: wrong types give
 * field errors. The returned `value` holds only known keys, normalised (dates 'YYYY-MM-DD', phones '0…', trimmed
 * text, numbers as numbers, booleans for checkboxes).
 *
 * Data is keyed by section, then by field: `{ applicant: { fullName }, family: { children: [{ fullName }] } }`
 * (the same field key may appear in several sections: the applicant's, the mother's, the father's name…).
 * Error paths follow the data: "applicant.birthDate", "family.children[1].fullName" (item indexes start at 0).
 * When the form has several sections, messages name the section too ("Thông tin người mẹ – Họ và tên: …").
 */

export type EFormErrorKey =
  | "form"
  | "section"
  | "required"
  | "requiredCheckbox"
  | "type"
  | "minLength"
  | "maxLength"
  | "pattern"
  | "number"
  | "min"
  | "max"
  | "date"
  | "dateFuture"
  | "datePast"
  | "cccd"
  | "phone"
  | "email"
  | "taxcode"
  | "option"
  | "checkbox"
  | "province"
  | "commune"
  | "communeName"
  | "communeProvince"
  | "group"
  | "minItems"
  | "maxItems"
  | "rule";

export interface EFormError {
  /** Path in the data, e.g. "applicant.birthDate" or "family.children[1].fullName" (item indexes start at 0). */
  path: string;
  key: EFormErrorKey;
  /** Localised sentence that names the field, shown next to the field, in the error summary and by the API. */
  message: string;
}

export interface EFormResult {
  value: Record<string, unknown>;
  errors: EFormError[];
}

export interface ValidateOptions {
  /** Today in Vietnam ('YYYY-MM-DD'), for date rules; defaults to the current day in UTC+7. */
  today?: string;
}

const M: Record<EFormErrorKey, LText> = {
  form: { vi: "Dữ liệu tờ khai phải là một đối tượng.", en: "The form data must be an object." },
  section: { vi: "dữ liệu của phần này phải là một đối tượng.", en: "the data of this part must be an object." },
  required: { vi: "{label}: vui lòng nhập thông tin này.", en: "{label}: this field is required." },
  requiredCheckbox: { vi: "{label}: vui lòng đánh dấu để xác nhận.", en: "{label}: please tick to confirm." },
  type: { vi: "{label}: giá trị phải là chuỗi ký tự.", en: "{label}: the value must be text." },
  minLength: { vi: "{label}: cần ít nhất {min} ký tự.", en: "{label}: must be at least {min} characters." },
  maxLength: { vi: "{label}: không được quá {max} ký tự.", en: "{label}: must be at most {max} characters." },
  pattern: { vi: "{label}: giá trị không đúng định dạng.", en: "{label}: the value is not in the expected format." },
  number: { vi: "{label}: vui lòng nhập một số.", en: "{label}: enter a number." },
  min: { vi: "{label}: giá trị nhỏ nhất là {min}.", en: "{label}: must be at least {min}." },
  max: { vi: "{label}: giá trị lớn nhất là {max}.", en: "{label}: must be at most {max}." },
  date: {
    vi: "{label}: ngày không hợp lệ, nhập theo dạng ngày/tháng/năm (ví dụ 15/03/1990).",
    en: "{label}: not a valid date, use day/month/year (for example 15/03/1990).",
  },
  dateFuture: { vi: "{label}: không được là ngày trong tương lai.", en: "{label}: must not be in the future." },
  datePast: { vi: "{label}: không được là ngày đã qua.", en: "{label}: must not be in the past." },
  cccd: {
    vi: "{label}: số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.",
    en: "{label}: the personal identification number must be exactly 12 digits.",
  },
  phone: {
    vi: "{label}: số điện thoại không hợp lệ (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09 hoặc cố định 11 số bắt đầu bằng 02).",
    en: "{label}: not a valid Vietnamese phone number (mobile: 10 digits starting 03, 05, 07, 08 or 09; landline: 11 digits starting 02).",
  },
  email: {
    vi: "{label}: địa chỉ thư điện tử không hợp lệ (ví dụ ten@example.vn).",
    en: "{label}: not a valid e-mail address (for example name@example.vn).",
  },
  taxcode: {
    vi: "{label}: mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số (dạng 10 số-3 số).",
    en: "{label}: the tax code must be 10 digits, or 13 digits (10-3).",
  },
  option: {
    vi: "{label}: vui lòng chọn một giá trị trong danh sách.",
    en: "{label}: choose one of the listed values.",
  },
  checkbox: { vi: "{label}: giá trị phải là có hoặc không.", en: "{label}: the value must be yes or no." },
  province: {
    vi: "{label}: vui lòng chọn tỉnh/thành phố trong danh sách.",
    en: "{label}: choose a province or city from the list.",
  },
  commune: {
    vi: "{label}: vui lòng chọn xã/phường trong danh sách.",
    en: "{label}: choose a commune or ward from the list.",
  },
  communeName: {
    vi: "{label}: vui lòng nhập tên xã/phường (2–100 ký tự).",
    en: "{label}: enter the name of the commune or ward (2–100 characters).",
  },
  communeProvince: {
    vi: "{label}: xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn.",
    en: "{label}: the chosen commune is not in the chosen province.",
  },
  group: { vi: "{label}: dữ liệu phải là một danh sách.", en: "{label}: the value must be a list." },
  minItems: { vi: "{label}: cần ít nhất {min} mục.", en: "{label}: at least {min} entries are required." },
  maxItems: { vi: "{label}: tối đa {max} mục.", en: "{label}: at most {max} entries." },
  rule: { vi: "{label}: giá trị không phù hợp với trường liên quan.", en: "{label}: does not fit the related field." },
};

const ITEM_LABEL: LText = { vi: "{label} (mục {n})", en: "{label} (entry {n})" };

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? `{${k}}`));
}

export function eformMessage(
  key: EFormErrorKey,
  label: string,
  lang: Lang,
  params: Record<string, string | number> = {},
): string {
  return fill(pick(M[key], lang), { label, ...params });
}

/** The label of an item of a repeating group, e.g. "Thông tin con (mục 2)". */
export function itemLabel(groupLabel: string, index: number, lang: Lang): string {
  return fill(pick(ITEM_LABEL, lang), { label: groupLabel, n: index + 1 });
}

/** Today's date in Vietnam (UTC+7) as 'YYYY-MM-DD'. */
export function vnToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Empty means absent: undefined, null, or a string of only spaces. */
const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** Parses 'YYYY-MM-DD', 'dd/mm/yyyy' (also with '-' or '.', one-digit day/month) into 'YYYY-MM-DD' if it is a real date. */
export function parseDate(input: string): string | undefined {
  const s = input.trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (match) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (!match) return undefined;
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  }
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return undefined;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Vietnamese phone numbers to '0…': mobile 10 digits (03/05/07/08/09), landline 11 digits (02x). */
export function normalisePhone(input: string): string | undefined {
  let s = input.replace(/[\s.\-()]/g, "");
  if (s.startsWith("+84")) s = `0${s.slice(3)}`;
  else if (/^84\d{9,10}$/.test(s)) s = `0${s.slice(2)}`;
  if (/^0[35789]\d{8}$/.test(s) || /^02\d{9}$/.test(s)) return s;
  return undefined;
}

/** Tax codes: 10 digits, or 13 digits written 10-3. */
export function normaliseTaxCode(input: string): string | undefined {
  const s = input.replace(/\s/g, "");
  if (/^\d{10}$/.test(s)) return s;
  if (/^\d{13}$/.test(s)) return `${s.slice(0, 10)}-${s.slice(10)}`;
  if (/^\d{10}-\d{3}$/.test(s)) return s;
  return undefined;
}

const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const TRUE_STRINGS = ["true", "on", "1", "yes"];
const FALSE_STRINGS = ["false", "off", "0", "no", ""];

const patternCache = new Map<string, RegExp | null>();
function compilePattern(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${p})$`, "u");
    } catch {
      re = null;
    }
    patternCache.set(p, re);
  }
  return re;
}

const charLength = (s: string) => Array.from(s).length;

interface Ctx {
  lang: Lang;
  today: string;
  errors: EFormError[];
}

/** Every field of the form, in order, across sections. */
export function formFields(form: EForm): EFormField[] {
  return (form?.sections ?? []).flatMap((s) => s.fields ?? []);
}

export function validateEForm(form: EForm, data: unknown, lang: Lang = "vi", opts: ValidateOptions = {}): EFormResult {
  const ctx: Ctx = { lang, today: opts.today ?? vnToday(), errors: [] };
  let obj: Record<string, unknown> = {};
  if (isPlainObject(data)) obj = data;
  else if (data !== undefined && data !== null) ctx.errors.push({ path: "", key: "form", message: pick(M.form, lang) });
  const sections = form?.sections ?? [];
  const value: Record<string, unknown> = {};
  for (const section of sections) {
    const raw = obj[section.key];
    const title = sections.length > 1 ? pick(section.title, lang) : "";
    let sectionData: Record<string, unknown> = {};
    if (isPlainObject(raw)) sectionData = raw;
    else if (raw !== undefined && raw !== null)
      ctx.errors.push({
        path: section.key,
        key: "form",
        message: `${pick(section.title, lang)}: ${pick(M.section, lang)}`,
      });
    const v = validateObject(section.fields ?? [], sectionData, section.key, title, ctx);
    if (Object.keys(v).length) value[section.key] = v;
  }
  for (const rule of form?.rules ?? []) checkRule(form, rule, value, ctx);
  return { value, errors: ctx.errors };
}

/**
 * Whether a conditional field is shown (and so checked and kept) given the raw values beside it: the field it depends
 * on has a value — any, or one of `showIf.values` (a checkbox's value is "true" or "false").
 */
export function fieldShown(field: EFormField, fields: EFormField[], siblings: Record<string, unknown>): boolean {
  const c = field.showIf;
  if (!c) return true;
  const on = fields.find((f) => f.key === c.field);
  if (
    on?.showIf &&
    on !== field &&
    !fieldShown(
      on,
      fields.filter((f) => f !== field),
      siblings,
    )
  )
    return false;
  const raw = siblings[c.field];
  let v: string;
  if (on?.type === "checkbox")
    v = raw === true || (typeof raw === "string" && TRUE_STRINGS.includes(raw.trim().toLowerCase())) ? "true" : "false";
  else if (typeof raw === "string") v = raw.trim();
  else if (typeof raw === "number" || typeof raw === "boolean") v = String(raw);
  else v = "";
  if (c.values?.length) return c.values.includes(v);
  return v !== "" && !(on?.type === "checkbox" && v === "false");
}

/**
 * The data paths of the conditional fields hidden by the values given (raw, as typed): the renderer hides them and
 * the browser script shows and hides them as the applicant types.
 */
export function hiddenPaths(form: EForm, data: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (fields: EFormField[], obj: Record<string, unknown>, prefix: string) => {
    for (const f of fields) {
      const path = `${prefix}.${f.key}`;
      if (!fieldShown(f, fields, obj)) out.add(path);
      else if (f.type === "group" && Array.isArray(obj[f.key]))
        (obj[f.key] as unknown[]).forEach((item, i) => {
          walk(f.fields ?? [], isPlainObject(item) ? item : {}, `${path}[${i}]`);
        });
    }
  };
  const root = isPlainObject(data) ? data : {};
  for (const s of form?.sections ?? []) {
    const sd = root[s.key];
    walk(s.fields ?? [], isPlainObject(sd) ? sd : {}, s.key);
  }
  return out;
}

const RULE_OK: Record<EFormRule["op"], (c: number) => boolean> = {
  lt: (c) => c < 0,
  lte: (c) => c <= 0,
  gt: (c) => c > 0,
  gte: (c) => c >= 0,
};

/** A cross-field rule, on the validated values: checked when both fields have a valid value; the error is on `field`. */
function checkRule(form: EForm, rule: EFormRule, value: Record<string, unknown>, ctx: Ctx): void {
  const at = (path: string) => {
    const [section, key] = path.split(".");
    const s = (form.sections ?? []).find((x) => x.key === section);
    const v = value[section ?? ""];
    return {
      section: s,
      field: s?.fields.find((f) => f.key === key),
      v: isPlainObject(v) ? v[key ?? ""] : undefined,
    };
  };
  const a = at(rule.field);
  const b = at(rule.other);
  if (a.v === undefined || b.v === undefined || !a.field || !a.section) return;
  if (ctx.errors.some((e) => e.path === rule.field)) return;
  let c: number;
  if (typeof a.v === "number" && typeof b.v === "number") c = a.v - b.v;
  else if (typeof a.v === "string" && typeof b.v === "string") c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  else return;
  if (RULE_OK[rule.op]?.(c) !== false) return;
  const title = (form.sections ?? []).length > 1 ? `${pick(a.section.title, ctx.lang)} – ` : "";
  const label = `${title}${pick(a.field.label, ctx.lang)}`;
  ctx.errors.push({ path: rule.field, key: "rule", message: `${label}: ${pick(rule.message, ctx.lang)}` });
}

function validateObject(
  fields: EFormField[],
  obj: Record<string, unknown>,
  prefix: string,
  labelPrefix: string,
  ctx: Ctx,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!fieldShown(field, fields, obj)) continue; // a hidden conditional field: neither checked nor kept
    const path = prefix ? `${prefix}.${field.key}` : field.key;
    const label = labelPrefix ? `${labelPrefix} – ${pick(field.label, ctx.lang)}` : pick(field.label, ctx.lang);
    const v = validateField(field, obj[field.key], obj, path, label, ctx);
    if (v !== undefined) out[field.key] = v;
  }
  return out;
}

function validateField(
  field: EFormField,
  raw: unknown,
  siblings: Record<string, unknown>,
  path: string,
  label: string,
  ctx: Ctx,
): unknown {
  const err = (key: EFormErrorKey, params: Record<string, string | number> = {}) => {
    ctx.errors.push({ path, key, message: eformMessage(key, label, ctx.lang, params) });
    return undefined;
  };

  if (field.type === "group") return validateGroup(field, raw, path, label, ctx);

  if (field.type === "checkbox") {
    let b: boolean | undefined;
    if (raw === undefined || raw === null) b = false;
    else if (typeof raw === "boolean") b = raw;
    else if (typeof raw === "string" && TRUE_STRINGS.includes(raw.trim().toLowerCase())) b = true;
    else if (typeof raw === "string" && FALSE_STRINGS.includes(raw.trim().toLowerCase())) b = false;
    if (b === undefined) return err("checkbox");
    if (field.required && !b) return err("requiredCheckbox");
    return b;
  }

  if (isEmpty(raw)) {
    if (field.required) err("required");
    return undefined;
  }

  if (field.type === "number") {
    let n: number | undefined;
    if (typeof raw === "number") n = Number.isFinite(raw) ? raw : undefined;
    else if (typeof raw === "string") {
      const s = raw.trim().replace(/\s/g, "");
      if (/^-?\d+(?:[.,]\d+)?$/.test(s)) n = Number(s.replace(",", "."));
    }
    if (n === undefined) return err("number");
    if (field.min !== undefined && n < field.min) return err("min", { min: field.min });
    if (field.max !== undefined && n > field.max) return err("max", { max: field.max });
    return n;
  }

  // Every other type is entered as text.
  if (typeof raw !== "string") return err("type");
  const s = raw.trim();

  switch (field.type) {
    case "text":
    case "textarea": {
      const len = charLength(s);
      if (field.minLength !== undefined && len < field.minLength) return err("minLength", { min: field.minLength });
      if (field.maxLength !== undefined && len > field.maxLength) return err("maxLength", { max: field.maxLength });
      if (field.pattern) {
        const re = compilePattern(field.pattern);
        if (re && !re.test(s)) {
          if (field.patternMessage) {
            ctx.errors.push({ path, key: "pattern", message: `${label}: ${pick(field.patternMessage, ctx.lang)}` });
            return undefined;
          }
          return err("pattern");
        }
      }
      return field.type === "textarea" ? s.replace(/\r\n/g, "\n") : s.replace(/\s+/g, " ");
    }
    case "date": {
      const d = parseDate(s);
      if (!d) return err("date");
      if (field.dateRule === "past" && d > ctx.today) return err("dateFuture");
      if (field.dateRule === "future" && d < ctx.today) return err("datePast");
      return d;
    }
    case "cccd": {
      const c = s.replace(/\s/g, "");
      if (!/^\d{12}$/.test(c)) return err("cccd");
      return c;
    }
    case "phone": {
      const p = normalisePhone(s);
      return p ?? err("phone");
    }
    case "email": {
      if (s.length > 254 || !EMAIL_RE.test(s)) return err("email");
      const at = s.lastIndexOf("@");
      return s.slice(0, at) + s.slice(at).toLowerCase();
    }
    case "taxcode": {
      const t = normaliseTaxCode(s);
      return t ?? err("taxcode");
    }
    case "select":
    case "radio": {
      if (!(field.options ?? []).some((o) => o.value === s)) return err("option");
      return s;
    }
    case "province": {
      if (!findProvince(s)) return err("province");
      return s;
    }
    case "commune": {
      const raw = field.provinceField ? siblings[field.provinceField] : undefined;
      const province = typeof raw === "string" && findProvince(raw.trim()) ? raw.trim() : undefined;
      const c = findCommune(s);
      if (c) {
        if (province && province !== c.province) return err("communeProvince");
        return s;
      }
      // A province without a commune list here: the commune's name is typed.
      if (province && !hasCommuneList(province)) {
        const name = s.replace(/\s+/g, " ");
        if (charLength(name) < 2 || charLength(name) > 100 || /^\d+$/.test(name)) return err("communeName");
        return name;
      }
      return err("commune");
    }
    default:
      return s;
  }
}

function validateGroup(field: EFormField, raw: unknown, path: string, label: string, ctx: Ctx): unknown {
  const err = (key: EFormErrorKey, params: Record<string, string | number> = {}) => {
    ctx.errors.push({ path, key, message: eformMessage(key, label, ctx.lang, params) });
  };
  let items: unknown[];
  if (raw === undefined || raw === null || raw === "") items = [];
  else if (Array.isArray(raw)) items = raw;
  else {
    err("group");
    return undefined;
  }
  const sub = field.fields ?? [];
  const out: Record<string, unknown>[] = [];
  // Entries left completely empty (e.g. one added and never filled) are dropped, not reported.
  const kept = items.filter((item) => !(isPlainObject(item) && isBlankItem(sub, item)));
  kept.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    const iLabel = itemLabel(label, i, ctx.lang);
    if (!isPlainObject(item)) {
      ctx.errors.push({ path: itemPath, key: "form", message: `${iLabel}: ${pick(M.form, ctx.lang)}` });
      return;
    }
    out.push(validateObject(sub, item, itemPath, iLabel, ctx));
  });
  const min = field.minItems ?? (field.required ? 1 : 0);
  if (kept.length < min) {
    if (kept.length === 0 && field.required && min <= 1) err("required");
    else err("minItems", { min });
  }
  if (field.maxItems !== undefined && kept.length > field.maxItems) err("maxItems", { max: field.maxItems });
  return out.length ? out : undefined;
}

function isBlankItem(fields: EFormField[], item: Record<string, unknown>): boolean {
  return fields.every((f) => {
    const v = item[f.key];
    if (f.type === "checkbox") return v === undefined || v === null || v === false || v === "" || v === "false";
    if (f.type === "group") return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
    return isEmpty(v);
  });
}

/**
 * Builds e-form data from HTML form entries whose names are data paths ("applicant.fullName",
 * "family.children[1].fullName"). A hidden "<group>[i]._item" entry keeps an empty item alive for re-rendering.
 */
export function formEntriesToData(form: EForm, entries: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const sections = new Map((form?.sections ?? []).map((s) => [s.key, s]));
  for (const [name, value] of entries) {
    const segs = parsePath(name);
    if (!segs || segs.length < 2 || !sections.has(segs[0] as string)) continue;
    const fieldKey = segs[1];
    if (!sections.get(segs[0] as string)!.fields.some((f) => f.key === fieldKey)) continue;
    setPath(root, segs, value);
  }
  for (const [key, section] of sections)
    if (isPlainObject(root[key])) compactArrays(root[key] as Record<string, unknown>, section.fields ?? []);
  return root;
}

type Seg = string | number;
/** An object or array reached while walking a path: indexed by key or by position. */
export type PathNode = Record<Seg, unknown>;

/** "a[1].b" → ["a", 1, "b"]; undefined if the name is not a data path. */
export function parsePath(name: string): Seg[] | undefined {
  const segs: Seg[] = [];
  const re = /([A-Za-z_][\w-]*)|\[(\d{1,4})\]|\./gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < name.length) {
    m = re.exec(name);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      if (!expectKey) return undefined;
      segs.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (expectKey) return undefined;
      segs.push(Number(m[2]));
    } else {
      if (expectKey) return undefined;
      expectKey = true;
    }
  }
  return segs.length && !expectKey ? segs : undefined;
}

function setPath(root: Record<string, unknown>, segs: Seg[], value: string) {
  let cur: PathNode = root;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (last) {
      if (seg === "_item") return; // item marker: the item object exists now
      if (cur[seg] === undefined) cur[seg] = value;
      else if (Array.isArray(cur[seg])) return;
      else cur[seg] = value; // a later entry with the same name wins (e.g. hidden + checkbox)
      return;
    }
    const nextIsIndex = typeof segs[i + 1] === "number";
    if (cur[seg] === undefined || typeof cur[seg] !== "object") cur[seg] = nextIsIndex ? [] : {};
    if (nextIsIndex && !Array.isArray(cur[seg])) return;
    cur = cur[seg] as PathNode;
  }
}

/** Turns sparse arrays into dense ones (items in index order) for every group, recursively. */
function compactArrays(obj: Record<string, unknown>, fields: EFormField[]): Record<string, unknown> {
  for (const f of fields) {
    if (f.type !== "group") continue;
    const v = obj[f.key];
    if (!Array.isArray(v)) continue;
    obj[f.key] = v
      .filter((x) => x !== undefined)
      .map((item) => (isPlainObject(item) ? compactArrays(item, f.fields ?? []) : item));
  }
  return obj;
}

/** Identity data of the logged-in account (a subset of the citizens row). */
export interface AccountIdentity {
  name?: string | null;
  id_number?: string | null;
  tax_code?: string | null;
  birth_date?: string | null;
  gender?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

const GENDER_ALIASES: Record<string, string[]> = {
  male: ["male", "nam", "m", "1"],
  female: ["female", "nu", "nữ", "f", "2"],
};

/** "Provide once": the values of fields marked `prefill` taken from the account, keyed by section and field. */
export function prefillFromAccount(form: EForm, account: AccountIdentity): Record<string, unknown> {
  const source: Record<PrefillSource, string | null | undefined> = {
    name: account.name,
    idNumber: account.id_number,
    taxCode: account.tax_code,
    birthDate: account.birth_date,
    gender: account.gender,
    address: account.address,
    phone: account.phone,
    email: account.email,
  };
  const out: Record<string, Record<string, unknown>> = {};
  for (const section of form?.sections ?? []) {
    for (const f of section.fields ?? []) {
      if (!f.prefill) continue;
      const v = source[f.prefill];
      if (v === null || v === undefined || v === "") continue;
      let chosen: string | undefined = v;
      if ((f.type === "select" || f.type === "radio") && f.options) {
        const options = f.options.map((o) => o.value);
        if (!options.includes(v)) {
          const aliases = Object.values(GENDER_ALIASES).find((a) => a.includes(v.toLowerCase()));
          chosen = aliases && options.find((o) => aliases.includes(o.toLowerCase()));
        }
      }
      if (chosen !== undefined) out[section.key] = { ...(out[section.key] ?? {}), [f.key]: chosen };
    }
  }
  return out;
}
