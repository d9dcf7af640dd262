import { assetUrl } from "../../assets.js";
import { fill } from "../../../app/errors.js";
import type { LookupResult, MyDossier, MyDossierRow } from "../../../app/citizen-dossiers.js";
import { submissionText } from "../../../app/submission.js";
import { limitsOf } from "../../../app/uploads.js";
import { acceptList, formatBytes } from "../../../shared/format.js";
import type { Component } from "../../../domain/catalogue.js";
import type { EForm } from "../../../shared/eform.js";
import type { EFormError } from "../../../shared/eform-validate.js";
import { formatDate, formatDateTime } from "../../../shared/format.js";
import { type FieldMessage, type Lang, type LText, pick } from "../../../shared/text.js";
import {
  eformScriptData,
  eformText,
  fieldId,
  renderEForm,
  renderEFormValues,
  renderErrorSummary,
} from "../../eform.js";
import { type Html, html } from "../../html.js";
import { pickedMark, type WarehouseChoice, warehousePicks } from "./warehouse-pick.js";
import { type RegistryPanel, registryPanel } from "./registry-lookup.js";

/** Pages of the online submission: form, review, success, my dossiers, one dossier, public look-up. */

const T = {
  submitTitle: { vi: "Nộp hồ sơ trực tuyến", en: "Submit online" },
  step1: { vi: "Bước 1 / 2: Điền tờ khai và đính kèm giấy tờ", en: "Step 1 of 2: fill in the form and attach papers" },
  step2: { vi: "Bước 2 / 2: Kiểm tra lại và nộp hồ sơ", en: "Step 2 of 2: check and submit" },
  code: { vi: "Mã thủ tục", en: "Procedure code" },
  files: { vi: "Giấy tờ đính kèm", en: "Attached papers" },
  filesIntro: {
    vi: "Đính kèm bản chụp hoặc bản quét của từng thành phần hồ sơ. Loại tệp được kiểm tra theo nội dung tệp.",
    en: "Attach a photo or scan of each dossier component. File types are checked by their content.",
  },
  fileHint: { vi: "Định dạng: {types}; tối đa {max} mỗi tệp.", en: "Format: {types}; at most {max} per file." },
  removeFile: { vi: "Xoá tệp", en: "Remove file" },
  declarationMade: {
    vi: "Không cần tải lên: được lập tự động từ tờ khai điện tử ở trên khi bạn nộp hồ sơ.",
    en: "Nothing to upload: it is made from the e-form above when you submit.",
  },
  declarationReview: {
    vi: "Lập tự động từ tờ khai điện tử khi nộp hồ sơ",
    en: "Made from the e-form when the dossier is submitted",
  },
  attached: { vi: "Tệp đã đính kèm", en: "Attached files" },
  receive: { vi: "Nơi tiếp nhận và nhận kết quả", en: "Where to submit and receive the result" },
  unit: { vi: "Nơi tiếp nhận hồ sơ", en: "Receiving unit" },
  returnMethod: { vi: "Hình thức nhận kết quả", en: "How to receive the result" },
  online: { vi: "Trực tuyến (tải về trên Cổng)", en: "Online (download on the portal)" },
  counter: { vi: "Trực tiếp tại nơi tiếp nhận", en: "At the receiving counter" },
  post: { vi: "Qua dịch vụ bưu chính công ích", en: "By public postal service" },
  returnAddress: { vi: "Địa chỉ nhận kết quả qua bưu chính", en: "Address for the result by post" },
  returnAddressHint: {
    vi: "Chỉ cần khi chọn nhận kết quả qua bưu chính. Để trống để dùng địa chỉ trong tài khoản.",
    en: "Only for results by post. Leave empty to use your account's address.",
  },
  continue: { vi: "Tiếp tục", en: "Continue" },
  saveDraft: { vi: "Lưu nháp", en: "Save draft" },
  draftSaved: {
    vi: "Đã lưu nháp lúc {at}. Bạn có thể tiếp tục trên thiết bị khác.",
    en: "Draft saved at {at}. You can continue on another device.",
  },
  draftRestored: { vi: "Đã khôi phục bản nháp lưu lúc {at}.", en: "Restored the draft saved at {at}." },
  prefilledFromRegistry: {
    vi: "Thông tin đã được lấy từ cơ sở dữ liệu quốc gia. Vui lòng kiểm tra lại.",
    en: "Your details were filled in from the national database. Please check them.",
  },
  prefilled: {
    vi: "Thông tin của bạn đã được điền sẵn từ tài khoản định danh điện tử. Vui lòng kiểm tra lại.",
    en: "Your details were filled in from your electronic identity account. Please check them.",
  },
  reviewTitle: { vi: "Kiểm tra lại hồ sơ", en: "Check your dossier" },
  edit: { vi: "Quay lại sửa", en: "Go back and edit" },
  submit: { vi: "Nộp hồ sơ", en: "Submit the dossier" },
  declaration: {
    vi: "Khi bấm “Nộp hồ sơ”, tôi cam đoan những thông tin khai trên là đúng sự thật.",
    en: "By pressing “Submit the dossier” I declare the information above is true.",
  },
  noFiles: { vi: "Chưa có tệp", en: "No file" },
  successTitle: { vi: "Nộp hồ sơ thành công", en: "Dossier submitted" },
  successRef: { vi: "Mã tra cứu hồ sơ của bạn", en: "Your dossier reference" },
  successNext: {
    vi: "Hồ sơ đang ở trạng thái “{status}”. Mã hồ sơ chính thức sẽ được cấp khi cơ quan tiếp nhận hồ sơ. Bạn sẽ nhận thông báo khi trạng thái thay đổi.",
    en: "The dossier is “{status}”. The official dossier code is given when the office receives it. You will be notified when its status changes.",
  },
  follow: { vi: "Theo dõi hồ sơ", en: "Follow the dossier" },
  myDossiers: { vi: "Hồ sơ của tôi", en: "My dossiers" },
  none: { vi: "Bạn chưa có hồ sơ nào.", en: "You have no dossier yet." },
  myDossiersIntro: {
    vi: "Các hồ sơ bạn nộp trực tuyến và các hồ sơ mang số định danh cá nhân của bạn nộp trực tiếp, qua bưu chính hoặc trên Cổng Dịch vụ công quốc gia.",
    en: "The dossiers you submitted online and those carrying your personal identification number submitted at a counter, by post or on the National Public Service Portal.",
  },
  notifySettings: { vi: "Cài đặt nhận thông báo (thư điện tử, SMS)", en: "Notification settings (e-mail, SMS)" },
  reference: { vi: "Mã tra cứu", en: "Reference" },
  dossierCode: { vi: "Mã hồ sơ", en: "Dossier code" },
  notYet: { vi: "Chưa cấp", en: "Not yet given" },
  procedure: { vi: "Thủ tục", en: "Procedure" },
  status: { vi: "Trạng thái", en: "Status" },
  submittedAt: { vi: "Ngày nộp", en: "Submitted" },
  receivedAt: { vi: "Ngày tiếp nhận", en: "Received" },
  dueAt: { vi: "Hẹn trả kết quả", en: "Result due" },
  returnedAt: { vi: "Ngày trả kết quả", en: "Result returned" },
  drafts: { vi: "Bản nháp đang soạn", en: "Drafts in progress" },
  continueDraft: { vi: "Tiếp tục soạn", en: "Continue" },
  savedAt: { vi: "lưu lúc", en: "saved" },
  data: { vi: "Thông tin tờ khai", en: "Form data" },
  history: { vi: "Quá trình xử lý", en: "Processing history" },
  channel: { vi: "Kênh nộp", en: "Channel" },
  channelOnline: { vi: "Trực tuyến", en: "Online" },
  channelCounter: { vi: "Nộp trực tiếp", en: "At the counter" },
  channelPostal: { vi: "Nộp qua bưu chính", en: "By post" },
  channelNational: { vi: "Nộp qua Cổng Dịch vụ công quốc gia", en: "National Public Service Portal" },
  lookupTitle: { vi: "Tra cứu hồ sơ", en: "Look up a dossier" },
  lookupLabel: { vi: "Mã hồ sơ hoặc mã tra cứu", en: "Dossier code or reference" },
  lookupHint: {
    vi: "Ví dụ: 000.00.12.H26-250715-0007 (trên giấy tiếp nhận) hoặc HS-7K2M9QXD (khi nộp trực tuyến).",
    en: "For example 000.00.12.H26-250715-0007 (on the receipt) or HS-7K2M9QXD (given on online submission).",
  },
  lookupButton: { vi: "Tra cứu", en: "Look up" },
  lookupPublic: {
    vi: "Chỉ hiển thị trạng thái và các mốc thời gian. Chủ hồ sơ đăng nhập để xem đầy đủ.",
    en: "Only the status and dates are shown. The applicant can log in to see the whole dossier.",
  },
  ownerLink: { vi: "Xem đầy đủ hồ sơ của bạn", en: "See your whole dossier" },
  unitLabel: { vi: "Đơn vị tiếp nhận", en: "Receiving unit" },
  backToProcedure: { vi: "Thông tin thủ tục", en: "About the procedure" },
  newDossier: { vi: "Hồ sơ mới", en: "New" },
  supplementLink: { vi: "Bổ sung hồ sơ theo yêu cầu", en: "Add the requested papers" },
  payLink: { vi: "Nộp phí, lệ phí trực tuyến", en: "Pay the fees online" },
  paymentsLink: { vi: "Phí, lệ phí đã nộp và biên lai", en: "Fees paid and receipts" },
  withdrawLink: { vi: "Rút hồ sơ", en: "Withdraw the dossier" },
  doneSupplement: {
    vi: "Đã gửi bổ sung. Cơ quan tiếp tục giải quyết hồ sơ; bạn sẽ nhận thông báo khi trạng thái thay đổi.",
    en: "Supplement sent. The office carries on with the dossier; you will be told when its status changes.",
  },
  doneWithdraw: { vi: "Đã rút hồ sơ.", en: "The dossier was withdrawn." },
} satisfies Record<string, LText>;

export const pageText = T;

const tr = (k: keyof typeof T, lang: Lang, p: Record<string, string> = {}) =>
  pick(T[k], lang).replace(/\{(\w+)\}/g, (_, x) => p[x] ?? "");

const stylesheet = html`<link rel="stylesheet" href="${assetUrl("eform.css")}">`;

/** A safe id fragment for a component code. */
export const componentId = (code: string) => `u-${code.replace(/[^\w-]/g, "_")}`;
export const UNIT_ID = "f-receivingUnitId";
export const RETURN_ID = "f-returnMethod";
export const RETURN_ADDRESS_ID = "f-returnAddress";

/** Where a field error's link points. */
export function errorHref(path: string): string {
  if (path.startsWith("data.")) return `#${fieldId(path.slice(5))}`;
  if (path === "data" || path === "") return "#s-form";
  if (path.startsWith("files.")) return `#${componentId(path.slice(6))}`;
  if (path === "file") return "#s-files";
  if (path === "receivingUnitId") return `#${UNIT_ID}`;
  if (path === "returnMethod") return `#${RETURN_ID}`;
  if (path === "returnAddress") return `#${RETURN_ADDRESS_ID}`;
  return "#main";
}

export interface AttachedFile {
  id: string;
  name: string;
  size: number;
  /** Picked from the citizen's data warehouse ("provide once"). */
  fromWarehouse?: boolean;
}

export interface FormState {
  data: Record<string, unknown>;
  files: Record<string, AttachedFile[]>;
  receivingUnitId?: string | null;
  returnMethod?: string | null;
  returnAddress?: string | null;
}

export interface FormPageInput {
  lang: Lang;
  procedure: { code: string; name: string; eform: EForm; components: Component[]; resultElectronic: boolean };
  units: Array<{ id: string; code: string; name: string; address: string | null }>;
  state: FormState;
  errors: FieldMessage[];
  notice?: { kind: "ok" | "info"; text: string };
  /** The look-up in a national database this account may make, and what it brought (issue #7). */
  registry?: RegistryPanel;
  /** The citizen's valid warehouse documents each component may take instead of an upload, by component code. */
  warehouse?: Record<string, WarehouseChoice[]>;
}

function notice(n: FormPageInput["notice"]): Html | "" {
  if (!n) return "";
  return html`<div class="notice${n.kind === "ok" ? " ok" : ""}" role="status"><p>${n.text}</p></div>`;
}

function fileErrors(errors: FieldMessage[], path: string) {
  return errors.filter((e) => e.path === path).map((e) => e.message);
}

function componentField(
  c: Component,
  files: AttachedFile[],
  errors: FieldMessage[],
  lang: Lang,
  choices: WarehouseChoice[] = [],
): Html {
  const id = componentId(c.code);
  const limits = limitsOf(c);
  const msgs = fileErrors(errors, `files.${c.code}`);
  const hint = tr("fileHint", lang, {
    types: acceptList(limits.accept, lang),
    max: formatBytes(limits.maxBytes, lang),
  });
  const form = {
    original: "bản chính",
    certified_copy: "bản sao chứng thực",
    copy: "bản sao",
    original_or_copy: "bản chính hoặc bản sao",
  }[c.form];
  const formEn = {
    original: "original",
    certified_copy: "certified copy",
    copy: "copy",
    original_or_copy: "original or copy",
  }[c.form];
  const accept = [
    ...limits.accept,
    ...limits.accept.flatMap((m) =>
      m === "application/pdf" ? [".pdf"] : m === "image/jpeg" ? [".jpg", ".jpeg"] : m === "image/png" ? [".png"] : [],
    ),
  ].join(",");
  return html`<div class="field${msgs.length ? " has-error" : ""}" data-component="${c.code}" data-max-bytes="${limits.maxBytes}">
<label for="${id}">${c.name} <span class="req">(${lang === "vi" ? form : formEn}, ${c.quantity} ${lang === "vi" ? "bản" : c.quantity > 1 ? "sets" : "set"}) ${pick(c.required ? { vi: "(bắt buộc)", en: "(required)" } : { vi: "(không bắt buộc)", en: "(optional)" }, lang)}</span></label>
<p class="hint" id="${id}-hint">${hint}${c.note ? html` ${c.note}` : ""}</p>
${msgs.map((m) => html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${lang === "vi" ? "Lỗi:" : "Error:"} </span>${m}</p>`)}
<ul class="files" id="${id}-list" aria-label="${tr("attached", lang)}: ${c.name}">${files.map(
    (f) =>
      html`<li><input type="hidden" name="files.${c.code}" value="${f.id}"><span>${f.name} (${formatBytes(f.size, lang)})${f.fromWarehouse ? pickedMark(lang) : ""}</span> <button type="submit" class="secondary" name="_action" value="removeFile:${c.code}:${f.id}">${tr("removeFile", lang)}<span class="visually-hidden"> ${f.name}</span></button></li>`,
  )}</ul>
<input type="file" id="${id}" name="upload.${c.code}" accept="${accept}" multiple aria-describedby="${id}-hint${msgs.length ? ` ${id}-error` : ""}"${msgs.length ? html` aria-invalid="true"` : ""}>
${warehousePicks(c.code, choices, lang)}
<progress id="${id}-progress" max="100" value="0" hidden></progress>
<p class="hint" id="${id}-status" role="status" aria-live="polite"></p>
</div>`;
}

function receiveFields(i: FormPageInput): Html {
  const { lang, units, state, errors } = i;
  const unitErr = fileErrors(errors, "receivingUnitId");
  const addrErr = fileErrors(errors, "returnAddress");
  const method = state.returnMethod ?? (i.procedure.resultElectronic ? "online" : "counter");
  const methods = (i.procedure.resultElectronic ? ["online", "counter", "post"] : ["counter", "post"]) as Array<
    "online" | "counter" | "post"
  >;
  const unitField =
    units.length === 1
      ? html`<div class="field"><p><strong>${tr("unit", lang)}:</strong> ${units[0].name}${units[0].address ? html` — ${units[0].address}` : ""}</p><input type="hidden" name="_unit" value="${units[0].id}"></div>`
      : html`<div class="field${unitErr.length ? " has-error" : ""}"><label for="${UNIT_ID}">${tr("unit", lang)} <span class="req">${lang === "vi" ? "(bắt buộc)" : "(required)"}</span></label>
${unitErr.map((m) => html`<p class="error-message" id="${UNIT_ID}-error">${m}</p>`)}
<select id="${UNIT_ID}" name="_unit" aria-required="true"${unitErr.length ? html` aria-invalid="true" aria-describedby="${UNIT_ID}-error"` : ""}><option value="">${lang === "vi" ? "— Chọn —" : "— Choose —"}</option>${units.map(
          (u) =>
            html`<option value="${u.id}"${state.receivingUnitId === u.id ? html` selected` : ""}>${u.name}</option>`,
        )}</select></div>`;
  return html`<fieldset class="eform-section" id="s-receive"><legend><h2>${tr("receive", lang)}</h2></legend>
${unitField}
<div class="field"><fieldset id="${RETURN_ID}-set"><legend class="label">${tr("returnMethod", lang)}</legend>
${methods.map(
  (m, n) =>
    html`<div class="choice"><input type="radio" id="${n === 0 ? RETURN_ID : `${RETURN_ID}-${m}`}" name="_return" value="${m}"${method === m ? html` checked` : ""}> <label for="${n === 0 ? RETURN_ID : `${RETURN_ID}-${m}`}">${tr(m, lang)}</label></div>`,
)}</fieldset></div>
<div class="field${addrErr.length ? " has-error" : ""}"><label for="${RETURN_ADDRESS_ID}">${tr("returnAddress", lang)} <span class="req">${lang === "vi" ? "(không bắt buộc)" : "(optional)"}</span></label>
<p class="hint" id="${RETURN_ADDRESS_ID}-hint">${tr("returnAddressHint", lang)}</p>
${addrErr.map((m) => html`<p class="error-message" id="${RETURN_ADDRESS_ID}-error">${m}</p>`)}
<input type="text" id="${RETURN_ADDRESS_ID}" name="_returnAddress" maxlength="500" autocomplete="street-address" value="${state.returnAddress ?? ""}" aria-describedby="${RETURN_ADDRESS_ID}-hint${addrErr.length ? ` ${RETURN_ADDRESS_ID}-error` : ""}"${addrErr.length ? html` aria-invalid="true"` : ""}></div>
</fieldset>`;
}

/** Step 1: the e-form, attachments per component, receiving unit and return method. */
export function renderSubmissionForm(i: FormPageInput): Html {
  const { lang, procedure: p, state, errors } = i;
  const eformErrors: EFormError[] = errors
    .filter((e) => e.path.startsWith("data.") || e.path === "data")
    .map((e) => ({ path: e.path === "data" ? "" : e.path.slice(5), key: "form", message: e.message }));
  const action = `/nop-ho-so/${encodeURIComponent(p.code)}${lang === "en" ? "?lang=en" : ""}`;
  return html`${stylesheet}
<p><a href="/thu-tuc/${encodeURIComponent(p.code)}">${tr("backToProcedure", lang)}</a></p>
<h1>${tr("submitTitle", lang)}: ${p.name}</h1>
<p>${tr("code", lang)}: ${p.code} · ${tr("step1", lang)}</p>
${notice(i.notice)}
<div id="error-summary-slot">${renderErrorSummary(
    errors.map((e) => ({ href: errorHref(e.path), text: e.message })),
    lang,
  )}</div>
<form method="post" action="${action}" enctype="multipart/form-data" novalidate id="eform" data-procedure="${p.code}" data-lang="${lang}">
<button type="submit" name="_action" value="review" class="visually-hidden" tabindex="-1" aria-hidden="true">${tr("continue", lang)}</button>
${registryPanel(i.registry, lang)}
<div id="s-form">${renderEForm(p.eform, { lang, values: state.data, errors: eformErrors })}</div>
<fieldset class="eform-section" id="s-files"><legend><h2>${tr("files", lang)}</h2></legend>
<p>${tr("filesIntro", lang)}</p>
${p.components.map((c) =>
  c.declaration
    ? html`<div class="field declaration" data-component="${c.code}" id="${componentId(c.code)}"><p><strong>${c.name}</strong></p><p class="hint">${tr("declarationMade", lang)}</p></div>`
    : componentField(c, state.files[c.code] ?? [], errors, lang, i.warehouse?.[c.code]),
)}
</fieldset>
${receiveFields(i)}
<div class="actions">
<button type="submit" name="_action" value="review">${tr("continue", lang)}</button>
<button type="submit" name="_action" value="draft" class="secondary">${tr("saveDraft", lang)}</button>
</div>
</form>
${eformScriptData(p.eform, {
  lang,
  procedure: p.code,
  components: p.components
    .filter((c) => !c.declaration)
    .map((c) => ({
      code: c.code,
      name: c.name,
      required: c.required,
      message: pick(fill(submissionText.componentRequired, { component: c.name }), lang),
    })),
  text: { removeFile: tr("removeFile", lang), summaryTitle: pick(eformText.summaryTitle, lang) },
})}`;
}

export interface ReviewPageInput {
  lang: Lang;
  procedure: { code: string; name: string; eform: EForm; components: Component[] };
  unit: { name: string; address: string | null };
  state: FormState & { data: Record<string, unknown> };
  idempotencyKey: string;
}

/** Step 2: everything as it will be submitted, with one button that submits (carrying the idempotency key). */
export function renderReview(i: ReviewPageInput): Html {
  const { lang, procedure: p, state } = i;
  const action = `/nop-ho-so/${encodeURIComponent(p.code)}/nop${lang === "en" ? "?lang=en" : ""}`;
  return html`${stylesheet}
<h1>${tr("reviewTitle", lang)}: ${p.name}</h1>
<p>${tr("code", lang)}: ${p.code} · ${tr("step2", lang)}</p>
${renderEFormValues(p.eform, state.data, lang)}
<section><h3>${tr("files", lang)}</h3><dl class="facts">${p.components.map(
    (c) =>
      html`<dt>${c.name}</dt><dd>${c.declaration ? tr("declarationReview", lang) : (state.files[c.code] ?? []).length ? html`<ul class="files">${(state.files[c.code] ?? []).map((f) => html`<li>${f.name} (${formatBytes(f.size, lang)})</li>`)}</ul>` : tr("noFiles", lang)}</dd>`,
  )}</dl></section>
<section><h3>${tr("receive", lang)}</h3><dl class="facts">
<dt>${tr("unit", lang)}</dt><dd>${i.unit.name}${i.unit.address ? html` — ${i.unit.address}` : ""}</dd>
<dt>${tr("returnMethod", lang)}</dt><dd>${tr((state.returnMethod ?? "counter") as "online" | "counter" | "post", lang)}${state.returnMethod === "post" && state.returnAddress ? html` — ${state.returnAddress}` : ""}</dd>
</dl></section>
<form method="post" action="${action}">
<input type="hidden" name="_idem" value="${i.idempotencyKey}">
<p>${tr("declaration", lang)}</p>
<div class="actions"><button type="submit">${tr("submit", lang)}</button> <a class="button secondary" href="/nop-ho-so/${encodeURIComponent(p.code)}${lang === "en" ? "?lang=en" : ""}">${tr("edit", lang)}</a></div>
</form>`;
}

export function renderSuccess(
  i: { id: string; reference: string; statusName: string; procedureName: string },
  lang: Lang,
  /** What the applicant may add now (the public postal service's link, src/web/portal/postal.ts). */
  extra: Html | "" = "",
): Html {
  return html`${stylesheet}
<div class="notice ok" role="status" tabindex="-1" id="success"><h1>${tr("successTitle", lang)}</h1>
<p>${i.procedureName}</p>
<p>${tr("successRef", lang)}:</p><p class="reference">${i.reference}</p></div>
<p>${tr("successNext", lang, { status: i.statusName })}</p>
<p class="actions"><a class="button" href="/ho-so-cua-toi/${i.id}">${tr("follow", lang)}</a> <a class="button secondary" href="/tra-cuu?ma=${encodeURIComponent(i.reference)}">${tr("lookupTitle", lang)}</a></p>${extra}`;
}

const channelKey = (c: string) =>
  c === "counter"
    ? "channelCounter"
    : c === "postal"
      ? "channelPostal"
      : c === "national_portal"
        ? "channelNational"
        : "channelOnline";

function statusTag(status: number, name: string): Html {
  const cls = [3, 7, 8].includes(status)
    ? "err"
    : [5, 6].includes(status)
      ? "warn"
      : [9, 10].includes(status)
        ? "ok"
        : "";
  return html`<span class="tag${cls ? ` ${cls}` : ""}">${name}</span>`;
}

export function renderMyDossiers(
  rows: MyDossierRow[],
  drafts: Array<{ procedureCode: string; procedureName: string; updatedAt: Date }>,
  lang: Lang,
): Html {
  return html`${stylesheet}
<h1>${tr("myDossiers", lang)}</h1>
<p>${tr("myDossiersIntro", lang)}</p>
<p><a href="${lang === "en" ? "/tai-khoan/thong-bao?lang=en" : "/tai-khoan/thong-bao"}">${tr("notifySettings", lang)}</a></p>
${
  drafts.length
    ? html`<h2>${tr("drafts", lang)}</h2><ul>${drafts.map(
        (d) =>
          html`<li><a href="/nop-ho-so/${encodeURIComponent(d.procedureCode)}">${d.procedureName}</a> — ${tr("savedAt", lang)} ${formatDateTime(d.updatedAt)}</li>`,
      )}</ul>`
    : ""
}
${
  rows.length
    ? html`<table class="stack my-dossiers"><caption class="visually-hidden">${tr("myDossiers", lang)}</caption><thead><tr><th scope="col">${tr("reference", lang)}</th><th scope="col">${tr("dossierCode", lang)}</th><th scope="col">${tr("procedure", lang)}</th><th scope="col">${tr("status", lang)}</th><th scope="col">${tr("submittedAt", lang)}</th><th scope="col">${tr("dueAt", lang)}</th></tr></thead><tbody>${rows.map(
        (r) =>
          html`<tr><td data-label="${tr("reference", lang)}"><a href="/ho-so-cua-toi/${r.id}">${r.reference}</a></td><td data-label="${tr("dossierCode", lang)}">${r.code ?? tr("notYet", lang)}</td><td data-label="${tr("procedure", lang)}">${r.procedureName}${r.channel !== "online" ? html` <span class="hint">(${tr(channelKey(r.channel), lang)})</span>` : ""}</td><td data-label="${tr("status", lang)}">${statusTag(r.status, pick(r.statusName, lang))}</td><td data-label="${tr("submittedAt", lang)}">${formatDate(r.submittedAt)}</td><td data-label="${tr("dueAt", lang)}">${r.dueAt ? formatDateTime(r.dueAt) : "—"}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${tr("none", lang)}</p>`
}`;
}

export function renderMyDossier(
  d: MyDossier,
  lang: Lang,
  opts: {
    justSubmitted?: boolean;
    /** What the applicant just did (after the redirect). */
    done?: "supplement" | "withdraw";
    /** The actions the applicant may take now (the server decides). */
    canSupplement?: boolean;
    canWithdraw?: boolean;
    /** Fees are awaited (pay), or were paid (see the payments and receipts). */
    payment?: "due" | "paid";
    /** The public postal service's section (src/web/portal/postal.ts): its link and the shipments' tracking. */
    postal?: Html;
  } = {},
): Html {
  const q = lang === "en" ? "?lang=en" : "";
  return html`${stylesheet}
<p><a href="/ho-so-cua-toi${q}">${tr("myDossiers", lang)}</a></p>
${opts.done ? html`<div class="notice ok" role="status" tabindex="-1" id="done"><p>${tr(opts.done === "supplement" ? "doneSupplement" : "doneWithdraw", lang)}</p></div>` : ""}
<h1>${d.procedureName}</h1>
${
  opts.canSupplement || opts.canWithdraw
    ? html`<p class="actions">${opts.canSupplement ? html`<a class="button" href="/ho-so-cua-toi/${d.id}/bo-sung${q}">${tr("supplementLink", lang)}</a>` : ""} ${opts.canWithdraw ? html`<a class="button secondary" href="/ho-so-cua-toi/${d.id}/rut-ho-so${q}">${tr("withdrawLink", lang)}</a>` : ""}</p>`
    : ""
}
${
  opts.payment
    ? html`<p class="actions"><a class="button" href="/ho-so-cua-toi/${d.id}/thanh-toan${q}">${tr(opts.payment === "due" ? "payLink" : "paymentsLink", lang)}</a></p>`
    : ""
}
${opts.postal ?? ""}
<p class="actions">${
    d.status === 10
      ? html`<a class="button" href="/ho-so-cua-toi/${d.id}/danh-gia${q}">${lang === "en" ? "Rate your satisfaction" : "Đánh giá mức độ hài lòng"}</a> `
      : ""
  }<a href="/phan-anh-kien-nghi/gui?subjectKind=dossier&amp;dossierId=${d.id}${lang === "en" ? "&amp;lang=en" : ""}">${
    lang === "en" ? "File a petition about this dossier" : "Gửi phản ánh, kiến nghị về hồ sơ này"
  }</a></p>
<dl class="facts">
<dt>${tr("reference", lang)}</dt><dd>${d.reference}</dd>
<dt>${tr("dossierCode", lang)}</dt><dd>${d.code ?? tr("notYet", lang)}</dd>
<dt>${tr("status", lang)}</dt><dd>${statusTag(d.status, pick(d.statusName, lang))}</dd>
<dt>${tr("channel", lang)}</dt><dd>${d.channel === "online" ? tr("channelOnline", lang) : tr(channelKey(d.channel), lang)}</dd>
<dt>${tr("unitLabel", lang)}</dt><dd>${d.receivingUnit.name}</dd>
<dt>${tr("submittedAt", lang)}</dt><dd>${formatDateTime(d.submittedAt)}</dd>
${d.receivedAt ? html`<dt>${tr("receivedAt", lang)}</dt><dd>${formatDateTime(d.receivedAt)}</dd>` : ""}
${d.dueAt ? html`<dt>${tr("dueAt", lang)}</dt><dd>${formatDateTime(d.dueAt)}</dd>` : ""}
${d.returnedAt ? html`<dt>${tr("returnedAt", lang)}</dt><dd>${formatDateTime(d.returnedAt)}</dd>` : ""}
<dt>${tr("returnMethod", lang)}</dt><dd>${tr(d.returnMethod as "online" | "counter" | "post", lang)}</dd>
</dl>
${opts.justSubmitted ? "" : ""}
<h2>${tr("history", lang)}</h2>
<ol class="timeline">${d.events.map(
    (e) =>
      html`<li><time datetime="${e.at.toISOString()}">${formatDateTime(e.at)}</time><strong>${pick(e.name, lang)}</strong>${e.statusName && pick(e.name, lang) !== pick(e.statusName, lang) ? html` — ${pick(e.statusName, lang)}` : ""}${e.unitName ? html` · ${e.unitName}` : ""}</li>`,
  )}</ol>
<h2>${tr("data", lang)}</h2>
${renderEFormValues(d.eform, d.data, lang)}
<h2>${tr("files", lang)}</h2>
${
  d.files.length
    ? html`<ul class="files">${d.files.map(
        (f) =>
          html`<li><a href="/ho-so-cua-toi/${d.id}/tep/${f.id}">${f.name}</a> <span>(${f.componentName ?? f.componentCode ?? ""}${f.size === null ? "" : `, ${formatBytes(f.size, lang)}`})</span></li>`,
      )}</ul>`
    : html`<p>${tr("noFiles", lang)}</p>`
}`;
}

export function renderLookup(q: string, result: LookupResult | undefined, error: string | undefined, lang: Lang): Html {
  return html`${stylesheet}
<h1>${tr("lookupTitle", lang)}</h1>
<form method="get" action="/tra-cuu" role="search">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<div class="field${error ? " has-error" : ""}"><label for="ma">${tr("lookupLabel", lang)}</label>
<p class="hint" id="ma-hint">${tr("lookupHint", lang)}</p>
${error ? html`<p class="error-message" id="ma-error" role="alert">${error}</p>` : ""}
<input type="text" id="ma" name="ma" value="${q}" maxlength="100" spellcheck="false" autocomplete="off" aria-describedby="ma-hint${error ? " ma-error" : ""}"${error ? html` aria-invalid="true"` : ""}></div>
<button type="submit">${tr("lookupButton", lang)}</button>
</form>
${
  result
    ? html`<section aria-labelledby="lookup-result"><h2 id="lookup-result">${result.procedureName}</h2><dl class="facts">
${result.code ? html`<dt>${tr("dossierCode", lang)}</dt><dd>${result.code}</dd>` : ""}
${result.reference ? html`<dt>${tr("reference", lang)}</dt><dd>${result.reference}</dd>` : ""}
<dt>${tr("status", lang)}</dt><dd>${statusTag(result.status, pick(result.statusName, lang))}</dd>
<dt>${tr("submittedAt", lang)}</dt><dd>${formatDateTime(result.submittedAt)}</dd>
${result.receivedAt ? html`<dt>${tr("receivedAt", lang)}</dt><dd>${formatDateTime(result.receivedAt)}</dd>` : ""}
${result.dueAt ? html`<dt>${tr("dueAt", lang)}</dt><dd>${formatDateTime(result.dueAt)}</dd>` : ""}
${result.returnedAt ? html`<dt>${tr("returnedAt", lang)}</dt><dd>${formatDateTime(result.returnedAt)}</dd>` : ""}
</dl>
${result.ownerUrl ? html`<p><a class="button" href="${result.ownerUrl}">${tr("ownerLink", lang)}</a></p>` : html`<p class="hint">${tr("lookupPublic", lang)}</p>`}
</section>`
    : ""
}`;
}
