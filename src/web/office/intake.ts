import { assetUrl } from "../assets.js";
import type { Component } from "../../domain/catalogue.js";
import { defaultKind } from "../../domain/receipt.js";
import type { EForm } from "../../shared/eform.js";
import { type ApplicantKey, applicantFieldsOf } from "../../shared/eform-applicant.js";
import type { EFormError } from "../../shared/eform-validate.js";
import type { Lang, LText } from "../../shared/text.js";
import { eformScriptData, renderEForm } from "../eform.js";
import { type Html, html } from "../html.js";
import { type IntakeRegistryState, intakeRegistryPanel } from "./intake-registry.js";
import { errorSummary, type FieldErr, type OfficeUser, officePage, tx, withLang } from "./common.js";

/** Counter / postal intake: pick the procedure, then one form (applicant, e-form, scans, return method). */

const T = {
  title: { vi: "Tiếp nhận hồ sơ trực tiếp, qua bưu chính", en: "Counter and postal intake" },
  intro: {
    vi: "Tạo hồ sơ thay cho người nộp tại Bộ phận Một cửa hoặc hồ sơ nhận qua bưu chính: nhập thông tin, đính kèm bản quét, chọn hình thức trả kết quả. Hồ sơ được tiếp nhận ngay (cấp mã hồ sơ, tính hạn, ban hành mẫu 01).",
    en: "Create a dossier for a walk-in applicant or one received by post: enter the data, attach the scans, choose how the result goes back. The dossier is received at once (code, due date, form 01).",
  },
  pick: { vi: "Chọn thủ tục hành chính", en: "Choose the procedure" },
  procedure: { vi: "Thủ tục", en: "Procedure" },
  choose: { vi: "— Chọn thủ tục —", en: "— Choose a procedure —" },
  search: { vi: "Tìm thủ tục", en: "Find the procedure" },
  searchHint: {
    vi: "Gõ tên (có dấu hoặc không dấu) hoặc mã thủ tục, ví dụ “khai sinh” hoặc “1.001193”.",
    en: "Type the name (with or without diacritics) or the procedure code, e.g. “khai sinh” or “1.001193”.",
  },
  searchButton: { vi: "Tìm", en: "Search" },
  matches: { vi: "{n} thủ tục phù hợp (trong {total} thủ tục).", en: "{n} matching procedures (of {total})." },
  next: { vi: "Tiếp tục", en: "Continue" },
  change: { vi: "Đổi thủ tục", en: "Change procedure" },
  none: {
    vi: "Đơn vị của bạn chưa có thủ tục nào đang áp dụng để tiếp nhận.",
    en: "Your unit has no procedure in force to receive.",
  },
  channel: { vi: "Kênh tiếp nhận", en: "Channel" },
  counter: { vi: "Trực tiếp tại Bộ phận Một cửa", en: "At the counter" },
  postal: { vi: "Qua dịch vụ bưu chính công ích", en: "By public postal service" },
  applicant: { vi: "Người nộp hồ sơ", en: "Applicant" },
  type: { vi: "Loại người nộp", en: "Applicant type" },
  citizen: { vi: "Công dân", en: "Citizen" },
  business: { vi: "Tổ chức, doanh nghiệp", en: "Organisation or business" },
  name: { vi: "Họ và tên / tên tổ chức", en: "Full name / organisation name" },
  idNumber: { vi: "Số định danh cá nhân (CCCD)", en: "Personal ID number" },
  taxCode: { vi: "Mã số thuế (tổ chức)", en: "Tax code (organisations)" },
  birthDate: { vi: "Ngày sinh", en: "Date of birth" },
  address: { vi: "Địa chỉ", en: "Address" },
  phone: { vi: "Số điện thoại", en: "Phone" },
  email: { vi: "Thư điện tử", en: "E-mail" },
  inEForm: {
    vi: "Nhập một lần trong tờ khai điện tử bên dưới",
    en: "Entered once in the application form below",
  },
  eform: { vi: "Tờ khai điện tử", en: "Application form" },
  files: { vi: "Thành phần hồ sơ (bản quét)", en: "Dossier components (scans)" },
  filesHint: {
    vi: "Tệp PDF, JPEG hoặc PNG. Có thể chọn nhiều tệp cho một thành phần.",
    en: "PDF, JPEG or PNG files. Several files per component are allowed.",
  },
  kept: { vi: "Đã tải lên", en: "Uploaded" },
  declaration: {
    vi: "Không quét: được lập tự động từ tờ khai điện tử ở trên khi tạo hồ sơ.",
    en: "Not scanned: made from the e-form above when the dossier is created.",
  },
  removeFile: { vi: "Bỏ tệp", en: "Remove" },
  paper: { vi: "Giấy tờ nhận", en: "Paper received" },
  kind: { vi: "Hình thức", en: "Kind" },
  quantity: { vi: "Số bản", en: "Copies" },
  paperOnly: {
    vi: "Chỉ lưu bản giấy, không quét (theo bộ quy tắc đang áp dụng)",
    en: "Kept on paper only, not scanned (as the rule set in force allows)",
  },
  required: { vi: "(bắt buộc)", en: "(required)" },
  optional: { vi: "(không bắt buộc)", en: "(optional)" },
  copies: { vi: "bản", en: "copies" },
  result: { vi: "Số bộ và trả kết quả", en: "Sets and result" },
  sets: { vi: "Số bộ hồ sơ", en: "Number of sets" },
  returnMethod: { vi: "Hình thức nhận kết quả", en: "How the result is returned" },
  returnCounter: { vi: "Trực tiếp tại Bộ phận Một cửa", en: "At the counter" },
  returnPost: { vi: "Qua dịch vụ bưu chính công ích", en: "By post" },
  returnOnline: { vi: "Trực tuyến (bản điện tử)", en: "Online (electronic)" },
  returnAddress: { vi: "Địa chỉ nhận kết quả qua bưu chính", en: "Postal address for the result" },
  note: { vi: "Ghi chú", en: "Note" },
  submit: { vi: "Tạo và tiếp nhận hồ sơ", en: "Create and receive the dossier" },
} satisfies Record<string, LText>;

export const INTAKE_TEXT = T;

export interface IntakeState {
  values: Record<string, string>;
  data: Record<string, unknown>;
  /** Files already uploaded in an earlier attempt, per component code. */
  kept: Record<string, Array<{ id: string; name: string }>>;
  errors: FieldErr[];
  eformErrors: EFormError[];
  /** The look-up in a national database made for this intake (issue #7). */
  registry?: IntakeRegistryState;
}

export function intakePickPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  procedures: Array<{ id: string; code: string; name: string }>;
  /** The search typed (the list is then the matches, best first). */
  q?: string;
  /** Every procedure of the unit, when `procedures` is a search result. */
  total?: number;
}): string {
  const { lang } = o;
  const q = o.q ?? "";
  const count = q
    ? tx(lang, T.matches)
        .replace("{n}", String(o.procedures.length))
        .replace("{total}", String(o.total ?? 0))
    : "";
  const body = html`<h1>${tx(lang, T.title)}</h1>
<p>${tx(lang, T.intro)}</p>
${
  (o.total ?? o.procedures.length) === 0
    ? html`<p>${tx(lang, T.none)}</p>`
    : html`<form method="get" action="/office/intake" role="search" class="intake-search" data-intake-search>
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<div class="field"><label for="intake-q">${tx(lang, T.search)}</label>
<p class="hint" id="intake-q-hint">${tx(lang, T.searchHint)}</p>
<div class="search-row"><input type="search" id="intake-q" name="q" value="${q}" maxlength="200" autocomplete="off" spellcheck="false" aria-describedby="intake-q-hint" aria-controls="procedure">
<button type="submit" class="secondary">${tx(lang, T.searchButton)}</button></div></div>
</form>
<p id="intake-count" role="status" aria-live="polite">${count}</p>
<form method="get" action="/office/intake">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<div class="field"><label for="procedure">${tx(lang, T.pick)}</label>
<select id="procedure" name="procedure" required${q ? "" : html` autofocus`} data-match-text="${tx(lang, T.matches)}"><option value="">${tx(lang, T.choose)}</option>${o.procedures.map(
        (p) => html`<option value="${p.id}" data-code="${p.code}" data-name="${p.name}">${p.code} – ${p.name}</option>`,
      )}</select></div>
<button type="submit">${tx(lang, T.next)}</button>
</form>`
}`;
  return officePage({
    title: tx(lang, T.title),
    lang,
    url: o.url,
    body,
    user: o.user,
    current: "/office/intake",
    scripts: ["intake-pick.js"],
  });
}

const componentForm: Record<string, LText> = {
  original: { vi: "Bản chính", en: "Original" },
  certified_copy: { vi: "Bản sao chứng thực", en: "Certified copy" },
  copy: { vi: "Bản sao", en: "Copy" },
  original_or_copy: { vi: "Bản chính hoặc bản sao", en: "Original or copy" },
};

/** The kinds of paper an officer records at receipt (form 01 lists them). */
export const PAPER_KINDS = ["original", "certified_copy", "copy"] as const;

/** The names of a component's paper inputs: kind, number of copies, kept on paper only. */
export const paperInputs = (code: string) => ({
  kind: `intake.kind.${code}`,
  quantity: `intake.quantity.${code}`,
  paperOnly: `intake.paperOnly.${code}`,
});

/** The ids of a component's paper inputs (error messages point at them). */
export const paperInputIds = (code: string) => {
  const c = code.replace(/\W/g, "-");
  return { kind: `in-kind-${c}`, quantity: `in-quantity-${c}`, paperOnly: `in-paperOnly-${c}` };
};

export function intakeFormPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  procedure: {
    id: string;
    code: string;
    name: string;
    eform: EForm;
    components: Component[];
    /** The rule set in force lets a paper be recorded as kept on paper only (not scanned). */
    paperOnlyAllowed?: boolean;
  };
  state: IntakeState;
}): string {
  const { lang, state } = o;
  const v = (k: string, d = "") => state.values[k] ?? d;
  const err = (id: string) => state.errors.find((e) => e.id === id);
  const field = (id: string, label: LText, control: (aria: Html) => Html, required = false) => {
    const e = err(id);
    const aria = html`${e ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""}${required ? html` aria-required="true"` : ""}`;
    return html`<div class="field${e ? " has-error" : ""}"><label for="${id}">${tx(lang, label)} <span class="req">${tx(
      lang,
      required ? T.required : T.optional,
    )}</span></label>${e ? html`<p class="error-message" id="${id}-error">${e.message}</p>` : ""}${control(aria)}</div>`;
  };
  const text = (
    id: string,
    name: string,
    label: LText,
    opts: { required?: boolean; type?: string; auto?: string } = {},
  ) =>
    field(
      id,
      label,
      (aria) =>
        html`<input type="${opts.type ?? "text"}" id="${id}" name="${name}" value="${v(name)}"${
          opts.auto ? html` autocomplete="${opts.auto}"` : ""
        }${aria}>`,
      opts.required,
    );
  const radio = (name: string, legend: LText, options: Array<[string, LText]>, current: string) =>
    html`<fieldset class="field" id="${`in-${name.replace(/^intake\./, "").replace(/\./g, "-")}`}" tabindex="-1"><legend class="label">${tx(lang, legend)}</legend>${options.map(
      ([val, label], i) =>
        html`<div class="choice"><input type="radio" id="${`in-${name.replace(/\W/g, "-")}-${i}`}" name="${name}" value="${val}"${
          current === val ? html` checked` : ""
        }> <label for="${`in-${name.replace(/\W/g, "-")}-${i}`}">${tx(lang, label)}</label></div>`,
    )}</fieldset>`;
  const eformSummary = state.eformErrors.map((e) => ({
    id: `f-${e.path.replace(/\[([^\]]+)\]/g, "-$1").replace(/\./g, "-")}`,
    message: e.message,
  }));
  const p = o.procedure;
  // What was received of each paper (form 01 lists it): its kind, the number of copies, and — where the rule set in
  // force allows it — that it is kept on paper only. Defaults: the catalogue's kind, one copy.
  const paperFields = (c: Component) => {
    const names = paperInputs(c.code);
    const ids = paperInputIds(c.code);
    const kind = v(names.kind, defaultKind(c));
    const qe = err(ids.quantity);
    const pe = err(ids.paperOnly);
    return html`<fieldset class="paper"><legend class="label">${tx(lang, T.paper)}: ${c.name}</legend>
<div class="paper-row"><div class="field"><label for="${ids.kind}">${tx(lang, T.kind)}</label><select id="${ids.kind}" name="${names.kind}">${PAPER_KINDS.map(
      (k) => html`<option value="${k}"${kind === k ? html` selected` : ""}>${tx(lang, componentForm[k])}</option>`,
    )}</select></div>
<div class="field${qe ? " has-error" : ""}"><label for="${ids.quantity}">${tx(lang, T.quantity)}</label>${
      qe ? html`<p class="error-message" id="${ids.quantity}-error">${qe.message}</p>` : ""
    }<input type="number" id="${ids.quantity}" name="${names.quantity}" min="1" max="100" step="1" inputmode="numeric" value="${v(names.quantity, "1")}"${
      qe ? html` aria-invalid="true" aria-describedby="${ids.quantity}-error"` : ""
    }></div></div>
${
  p.paperOnlyAllowed
    ? html`<div class="choice${pe ? " has-error" : ""}">${pe ? html`<p class="error-message" id="${ids.paperOnly}-error">${pe.message}</p>` : ""}<input type="checkbox" id="${ids.paperOnly}" name="${names.paperOnly}" value="true"${
        v(names.paperOnly) === "true" ? html` checked` : ""
      }${pe ? html` aria-invalid="true" aria-describedby="${ids.paperOnly}-error"` : ""}> <label for="${ids.paperOnly}">${tx(lang, T.paperOnly)}</label></div>`
    : ""
}</fieldset>`;
  };
  // The applicant's details the e-form asks for are typed there once, not here again.
  const inForm = applicantFieldsOf(p.eform);
  const inEForm = Object.keys(inForm) as ApplicantKey[];
  const askHere = (k: ApplicantKey) => !inForm[k];
  const body = html`<h1>${tx(lang, T.title)}</h1>
<p><strong>${p.code} – ${p.name}</strong> · <a href="${withLang("/office/intake", lang)}">${tx(lang, T.change)}</a></p>
${errorSummary(lang, [...state.errors, ...eformSummary])}
<form method="post" action="${withLang("/office/intake", lang)}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="intake.procedureId" value="${p.id}">
${radio(
  "intake.channel",
  T.channel,
  [
    ["counter", T.counter],
    ["postal", T.postal],
  ],
  v("intake.channel", "counter"),
)}
<fieldset class="intake-section"><legend><h2>${tx(lang, T.applicant)}</h2></legend>
${radio(
  "intake.applicant.type",
  T.type,
  [
    ["citizen", T.citizen],
    ["business", T.business],
  ],
  v("intake.applicant.type", "citizen"),
)}
${inEForm.length ? html`<p class="hint">${tx(lang, T.inEForm)}: ${inEForm.map((k) => tx(lang, T[k])).join(", ")}.</p>` : ""}
${askHere("name") ? text("in-applicant-name", "intake.applicant.name", T.name, { required: true, auto: "off" }) : ""}
${askHere("idNumber") ? text("in-applicant-idNumber", "intake.applicant.idNumber", T.idNumber) : ""}
${askHere("taxCode") ? text("in-applicant-taxCode", "intake.applicant.taxCode", T.taxCode) : ""}
${askHere("birthDate") ? text("in-applicant-birthDate", "intake.applicant.birthDate", T.birthDate, { type: "date" }) : ""}
${askHere("address") ? text("in-applicant-address", "intake.applicant.address", T.address) : ""}
${askHere("phone") ? text("in-applicant-phone", "intake.applicant.phone", T.phone, { type: "tel" }) : ""}
${askHere("email") ? text("in-applicant-email", "intake.applicant.email", T.email, { type: "email" }) : ""}
${intakeRegistryPanel(state.registry, lang)}
</fieldset>
<div class="intake-eform">
<h2>${tx(lang, T.eform)}</h2>
${renderEForm(p.eform, { lang, values: state.data, errors: state.eformErrors })}
</div>
<fieldset class="intake-section" id="in-components" tabindex="-1"><legend><h2>${tx(lang, T.files)}</h2></legend>
<p class="hint">${tx(lang, T.filesHint)}</p>
${p.components.map((c) => {
  const id = `in-file-${c.code.replace(/\W/g, "-")}`;
  if (c.declaration)
    return html`<div class="field declaration" id="${id}"><p><strong>${c.name}</strong></p><p class="hint">${tx(lang, T.declaration)}</p></div>`;
  const e = err(id);
  const kept = state.kept[c.code] ?? [];
  return html`<div class="field${e ? " has-error" : ""}"><label for="${id}">${c.name} <span class="hint">(${tx(
    lang,
    componentForm[c.form] ?? { vi: c.form },
  )}, ${c.quantity} ${tx(lang, T.copies)})</span> <span class="req">${tx(lang, c.required ? T.required : T.optional)}</span></label>
${e ? html`<p class="error-message" id="${id}-error">${e.message}</p>` : ""}
${
  kept.length
    ? html`<ul class="kept">${kept.map(
        (k) =>
          html`<li><input type="checkbox" id="keep-${k.id}" name="intake.kept.${c.code}" value="${k.id}" checked> <label for="keep-${k.id}">${tx(lang, T.kept)}: ${k.name}</label></li>`,
      )}</ul>`
    : ""
}
<input type="file" id="${id}" name="intake.file.${c.code}" multiple accept="application/pdf,image/jpeg,image/png"${
    e ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""
  }>
${paperFields(c)}</div>`;
})}
</fieldset>
<fieldset class="intake-section"><legend><h2>${tx(lang, T.result)}</h2></legend>
${field("in-sets", T.sets, (aria) => html`<input type="number" id="in-sets" name="intake.sets" min="1" max="100" value="${v("intake.sets", "1")}"${aria}>`, true)}
${field(
  "in-returnMethod",
  T.returnMethod,
  (aria) =>
    html`<select id="in-returnMethod" name="intake.returnMethod"${aria}>${(
      [
        ["counter", T.returnCounter],
        ["post", T.returnPost],
        ["online", T.returnOnline],
      ] as Array<[string, LText]>
    ).map(
      ([val, label]) =>
        html`<option value="${val}"${v("intake.returnMethod", "counter") === val ? html` selected` : ""}>${tx(lang, label)}</option>`,
    )}</select>`,
  true,
)}
${text("in-returnAddress", "intake.returnAddress", T.returnAddress)}
${field("in-note", T.note, (aria) => html`<textarea id="in-note" name="intake.note" rows="2"${aria}>${v("intake.note")}</textarea>`)}
</fieldset>
<button type="submit" name="_action" value="review">${tx(lang, T.submit)}</button>
</form>
${eformScriptData(p.eform, { lang })}`;
  return officePage({
    title: tx(lang, T.title),
    lang,
    url: o.url,
    body: html`<link rel="stylesheet" href="${assetUrl("eform.css")}">${body}`,
    user: o.user,
    current: "/office/intake",
    scripts: ["eform.js"],
  });
}
