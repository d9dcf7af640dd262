import type { Component } from "../../domain/catalogue.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { renderErrorSummary } from "../eform.js";
import { type Html, html } from "../html.js";

/**
 * What the applicant does on their own dossier from the portal, without JavaScript: complete a requested supplement
 * (add the papers asked for) and withdraw the dossier. Server-rendered forms (Post/Redirect/Get); errors are listed in
 * a summary whose links lead to the fields, and shown again next to each field.
 */

const T = {
  back: { vi: "Quay lại hồ sơ", en: "Back to the dossier" },
  supplementTitle: { vi: "Bổ sung hồ sơ", en: "Add the requested papers" },
  requested: { vi: "Cơ quan yêu cầu bổ sung, hoàn thiện", en: "What the office asked for" },
  reason: { vi: "Lý do", en: "Reason" },
  officeNote: { vi: "Ghi chú của cơ quan", en: "Note from the office" },
  papers: { vi: "Giấy tờ bổ sung", en: "Papers to add" },
  papersHint: {
    vi: "Đính kèm bản chụp hoặc bản quét (PDF, JPEG hoặc PNG). Có thể chọn nhiều tệp cho một thành phần.",
    en: "Attach a photo or scan (PDF, JPEG or PNG). Several files per component are allowed.",
  },
  other: { vi: "Giấy tờ khác", en: "Other papers" },
  note: { vi: "Nội dung bổ sung, giải trình", en: "What you add or explain" },
  noteHint: {
    vi: "Không bắt buộc nếu đã đính kèm giấy tờ. Tối đa 2.000 ký tự.",
    en: "Optional when you attach papers. At most 2,000 characters.",
  },
  send: { vi: "Gửi bổ sung", en: "Send the supplement" },
  noSupplement: {
    vi: "Hồ sơ này không có yêu cầu bổ sung đang chờ, nên không cần bổ sung.",
    en: "No supplement is awaited for this dossier, so there is nothing to add.",
  },
  withdrawTitle: { vi: "Rút hồ sơ", en: "Withdraw the dossier" },
  withdrawIntro: {
    vi: "Khi rút hồ sơ, cơ quan dừng giải quyết và hồ sơ được đóng lại; việc này không thể hoàn tác. Nếu cần, bạn có thể nộp hồ sơ mới sau.",
    en: "When you withdraw the dossier, the office stops handling it and closes it; this cannot be undone. You can submit a new dossier later if needed.",
  },
  withdrawReason: { vi: "Lý do rút hồ sơ", en: "Why you withdraw it" },
  withdrawReasonHint: { vi: "Không bắt buộc. Tối đa 2.000 ký tự.", en: "Optional. At most 2,000 characters." },
  confirm: { vi: "Tôi xác nhận muốn rút hồ sơ này", en: "I confirm I want to withdraw this dossier" },
  confirmMissing: {
    vi: "Đánh dấu xác nhận nếu bạn muốn rút hồ sơ.",
    en: "Tick the confirmation if you want to withdraw the dossier.",
  },
  withdrawButton: { vi: "Rút hồ sơ", en: "Withdraw the dossier" },
  notWithdrawable: {
    vi: "Hồ sơ ở trạng thái “{status}” nên không thể rút.",
    en: "The dossier is “{status}”, so it cannot be withdrawn.",
  },
  optional: { vi: "(không bắt buộc)", en: "(optional)" },
  error: { vi: "Lỗi:", en: "Error:" },
} satisfies Record<string, LText>;

export const dossierActionText = T;

const tr = (k: keyof typeof T, lang: Lang, p: Record<string, string> = {}) =>
  pick(T[k], lang).replace(/\{(\w+)\}/g, (_, x) => p[x] ?? "");
const withLang = (path: string, lang: Lang) => (lang === "en" ? `${path}?lang=en` : path);

export interface ActionFieldError {
  /** The id of the field the error belongs to (the summary links to it). */
  id: string;
  message: string;
}

export interface DossierHeading {
  id: string;
  procedureName: string;
  code: string | null;
  reference: string;
}

const SUPPLEMENT_NOTE = "supplement-note";
export const SUPPLEMENT_FILES = "supplement-files";
const WITHDRAW_REASON = "withdraw-reason";
export const WITHDRAW_CONFIRM = "withdraw-confirm";

/** Input id of a component's file input on the supplement page. */
export const supplementInputId = (code: string | null) =>
  code ? `supplement-file-${code.replace(/[^\w-]/g, "_")}` : SUPPLEMENT_FILES;

function heading(d: DossierHeading, title: string, lang: Lang): Html {
  return html`<p><a href="${withLang(`/ho-so-cua-toi/${d.id}`, lang)}">${tr("back", lang)}</a></p>
<h1>${title}</h1>
<p>${d.procedureName} · ${d.code ?? d.reference}</p>`;
}

function fieldError(errors: ActionFieldError[], id: string, lang: Lang): Html | "" {
  const e = errors.filter((x) => x.id === id);
  return e.length
    ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${tr("error", lang)} </span>${e.map((x) => x.message).join(" ")}</p>`
    : "";
}

function summary(errors: ActionFieldError[], lang: Lang): Html | "" {
  return renderErrorSummary(
    errors.map((e) => ({ href: `#${e.id}`, text: e.message })),
    lang,
  );
}

export interface SupplementPageInput {
  lang: Lang;
  dossier: DossierHeading;
  /** Null when no supplement is awaited: the page says so and offers no form. */
  request: { items: Array<{ content: string; reason: string }>; note: string | null } | null;
  components: Component[];
  note?: string;
  errors?: ActionFieldError[];
}

export function renderSupplementPage(i: SupplementPageInput): Html {
  const { lang, dossier: d } = i;
  const errors = i.errors ?? [];
  if (!i.request)
    return html`${heading(d, tr("supplementTitle", lang), lang)}
<div class="notice" role="status"><p>${tr("noSupplement", lang)}</p></div>`;
  const inputs: Array<{ code: string | null; label: string }> = [
    ...i.components.filter((c) => !c.declaration).map((c) => ({ code: c.code, label: c.name })),
    { code: null, label: tr("other", lang) },
  ];
  const fileInput = (x: { code: string | null; label: string }, first: boolean) => {
    // the first input also answers for the supplement as a whole ("attach something or explain")
    const id = supplementInputId(x.code);
    const ids = first && x.code ? [id, SUPPLEMENT_FILES] : [id];
    const has = errors.some((e) => ids.includes(e.id));
    return html`<div class="field${has ? " has-error" : ""}"${first && x.code ? html` id="${SUPPLEMENT_FILES}" tabindex="-1"` : ""}><label for="${id}">${x.label} <span class="req">${tr("optional", lang)}</span></label>
${ids.map((e) => fieldError(errors, e, lang))}
<input type="file" id="${id}" name="upload.${x.code ?? "_other"}" multiple accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"${has ? html` aria-invalid="true" aria-describedby="${ids.map((e) => `${e}-error`).join(" ")}"` : ""}></div>`;
  };
  const noteErr = errors.some((e) => e.id === SUPPLEMENT_NOTE);
  return html`${heading(d, tr("supplementTitle", lang), lang)}
${summary(errors, lang)}
<section aria-labelledby="requested"><h2 id="requested">${tr("requested", lang)}</h2>
<ol class="requested">${i.request.items.map(
    (x) =>
      html`<li><p>${x.content}</p>${x.reason ? html`<p class="hint">${tr("reason", lang)}: ${x.reason}</p>` : ""}</li>`,
  )}</ol>
${i.request.note ? html`<p><strong>${tr("officeNote", lang)}:</strong> ${i.request.note}</p>` : ""}
</section>
<form method="post" action="${withLang(`/ho-so-cua-toi/${d.id}/bo-sung`, lang)}" enctype="multipart/form-data" novalidate>
<fieldset class="eform-section"><legend><h2>${tr("papers", lang)}</h2></legend>
<p class="hint">${tr("papersHint", lang)}</p>
${inputs.map((x, n) => fileInput(x, n === 0))}
</fieldset>
<div class="field${noteErr ? " has-error" : ""}"><label for="${SUPPLEMENT_NOTE}">${tr("note", lang)} <span class="req">${tr("optional", lang)}</span></label>
<p class="hint" id="${SUPPLEMENT_NOTE}-hint">${tr("noteHint", lang)}</p>
${fieldError(errors, SUPPLEMENT_NOTE, lang)}
<textarea id="${SUPPLEMENT_NOTE}" name="note" rows="4" maxlength="2000" aria-describedby="${SUPPLEMENT_NOTE}-hint${noteErr ? ` ${SUPPLEMENT_NOTE}-error` : ""}"${noteErr ? html` aria-invalid="true"` : ""}>${i.note ?? ""}</textarea></div>
<div class="actions"><button type="submit">${tr("send", lang)}</button></div>
</form>`;
}

export interface WithdrawPageInput {
  lang: Lang;
  dossier: DossierHeading;
  /** The status name when the dossier can no longer be withdrawn (no form then). */
  refusedStatus?: string;
  reason?: string;
  errors?: ActionFieldError[];
}

export function renderWithdrawPage(i: WithdrawPageInput): Html {
  const { lang, dossier: d } = i;
  const errors = i.errors ?? [];
  if (i.refusedStatus)
    return html`${heading(d, tr("withdrawTitle", lang), lang)}
<div class="notice" role="status"><p>${tr("notWithdrawable", lang, { status: i.refusedStatus })}</p></div>`;
  const reasonErr = errors.some((e) => e.id === WITHDRAW_REASON);
  const confirmErr = errors.some((e) => e.id === WITHDRAW_CONFIRM);
  return html`${heading(d, tr("withdrawTitle", lang), lang)}
${summary(errors, lang)}
<p>${tr("withdrawIntro", lang)}</p>
<form method="post" action="${withLang(`/ho-so-cua-toi/${d.id}/rut-ho-so`, lang)}" novalidate>
<div class="field${reasonErr ? " has-error" : ""}"><label for="${WITHDRAW_REASON}">${tr("withdrawReason", lang)} <span class="req">${tr("optional", lang)}</span></label>
<p class="hint" id="${WITHDRAW_REASON}-hint">${tr("withdrawReasonHint", lang)}</p>
${fieldError(errors, WITHDRAW_REASON, lang)}
<textarea id="${WITHDRAW_REASON}" name="reason" rows="3" maxlength="2000" aria-describedby="${WITHDRAW_REASON}-hint${reasonErr ? ` ${WITHDRAW_REASON}-error` : ""}"${reasonErr ? html` aria-invalid="true"` : ""}>${i.reason ?? ""}</textarea></div>
<div class="field${confirmErr ? " has-error" : ""}">
${fieldError(errors, WITHDRAW_CONFIRM, lang)}
<div class="choice"><input type="checkbox" id="${WITHDRAW_CONFIRM}" name="confirm" value="yes"${confirmErr ? html` aria-invalid="true" aria-describedby="${WITHDRAW_CONFIRM}-error"` : ""}> <label for="${WITHDRAW_CONFIRM}">${tr("confirm", lang)}</label></div></div>
<div class="actions"><button type="submit" class="danger">${tr("withdrawButton", lang)}</button> <a class="button secondary" href="${withLang(`/ho-so-cua-toi/${d.id}`, lang)}">${tr("back", lang)}</a></div>
</form>`;
}
