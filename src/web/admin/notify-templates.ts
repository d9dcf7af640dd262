import type { TemplateId, TemplateVariable } from "../../app/notify-templates.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The administrators' notification templates (issue #9): the list, and one template's editor with its preview. */

export const TEMPLATE_TEXT = {
  title: { vi: "Mẫu thông báo", en: "Notification templates" },
  intro: {
    vi: "Nội dung thư điện tử và tin nhắn SMS gửi cho người nộp hồ sơ khi hồ sơ chuyển trạng thái hoặc được gia hạn. Dùng {{biến}} để chèn giá trị; {{#biến}}…{{/biến}} chỉ hiện khi có giá trị, {{^biến}}…{{/biến}} khi không có. Tin nhắn SMS được gửi không dấu, tối đa 3 phần tin.",
    en: "The e-mails and SMS sent to applicants when a dossier changes status or is extended. {{variable}} inserts a value; {{#variable}}…{{/variable}} shows only when it has a value, {{^variable}}…{{/variable}} when it has none. SMS is sent without diacritics, at most 3 parts.",
  },
  name: { vi: "Mẫu", en: "Template" },
  channel: { vi: "Kênh", en: "Channel" },
  state: { vi: "Nội dung", en: "Content" },
  custom: { vi: "Đã chỉnh sửa", en: "Edited" },
  default: { vi: "Mặc định", en: "Default" },
  edit: { vi: "Sửa", en: "Edit" },
  email: { vi: "Thư điện tử", en: "E-mail" },
  sms: { vi: "SMS", en: "SMS" },
  subject: { vi: "Tiêu đề thư", en: "Subject" },
  body: { vi: "Nội dung", en: "Body" },
  preview: { vi: "Xem trước", en: "Preview" },
  previewTitle: { vi: "Xem trước với giá trị mẫu", en: "Preview with sample values" },
  segments: { vi: "Số phần tin nhắn", en: "SMS parts" },
  save: { vi: "Lưu", en: "Save" },
  reset: { vi: "Khôi phục nội dung mặc định", en: "Restore the default" },
  saved: { vi: "Đã lưu mẫu thông báo.", en: "Template saved." },
  wasReset: { vi: "Đã khôi phục nội dung mặc định.", en: "Default restored." },
  variables: { vi: "Các biến dùng được", en: "Variables" },
  variable: { vi: "Biến", en: "Variable" },
  meaning: { vi: "Ý nghĩa", en: "Meaning" },
  sample: { vi: "Giá trị mẫu", en: "Sample" },
  back: { vi: "Danh sách mẫu thông báo", en: "All notification templates" },
} satisfies Record<string, LText>;
const T = TEMPLATE_TEXT;
export const TEMPLATES_BASE = "/office/quan-tri/mau-thong-bao";

export function templateListPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  templates: Array<{ id: TemplateId; channel: "email" | "sms"; name: LText; custom: boolean }>;
}): string {
  const { lang } = o;
  const body = html`<h1>${tx(lang, T.title)}</h1>
<p>${tx(lang, T.intro)}</p>
<table class="data"><caption>${tx(lang, T.title)}</caption>
<thead><tr><th scope="col">${tx(lang, T.name)}</th><th scope="col">${tx(lang, T.channel)}</th><th scope="col">${tx(lang, T.state)}</th></tr></thead>
<tbody>${o.templates.map(
    (t) =>
      html`<tr><td><a href="${withLang(`${TEMPLATES_BASE}/${t.id}`, lang)}">${pick(t.name, lang)}</a></td><td>${tx(lang, t.channel === "email" ? T.email : T.sms)}</td><td>${tx(lang, t.custom ? T.custom : T.default)}</td></tr>`,
  )}</tbody></table>`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: TEMPLATES_BASE, body });
}

export function templateEditPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  id: TemplateId;
  name: LText;
  channel: "email" | "sms";
  form: { subject?: string; body: string };
  custom: boolean;
  variables: TemplateVariable[];
  preview?: { subject?: string; body: string; segments?: number };
  flash?: string;
  errors?: Record<string, string>;
}): string {
  const { lang, form } = o;
  const errors = o.errors ?? {};
  const action = withLang(`${TEMPLATES_BASE}/${o.id}`, lang);
  const err = (id: string) => (errors[id] ? html`<p class="error-message" id="${id}-error">${errors[id]}</p>` : "");
  const aria = (id: string) => (errors[id] ? html` aria-invalid="true" aria-describedby="${id}-error"` : "");
  const body = html`<p><a href="${withLang(TEMPLATES_BASE, lang)}">${tx(lang, T.back)}</a></p>
<h1>${pick(o.name, lang)}</h1>
${o.flash ? html`<div class="notice" role="status"><p>${o.flash}</p></div>` : ""}
${errorSummary(
  lang,
  Object.entries(errors).map(([id, message]) => ({ id, message })),
)}
<form method="post" action="${action}" novalidate>
${
  o.channel === "email"
    ? html`<div class="field${errors.subject ? " has-error" : ""}"><label for="subject">${tx(lang, T.subject)}</label>${err("subject")}
<input type="text" id="subject" name="subject" value="${form.subject ?? ""}" maxlength="300"${aria("subject")}></div>`
    : ""
}
<div class="field${errors.body ? " has-error" : ""}"><label for="body">${tx(lang, T.body)}</label>${err("body")}
<textarea id="body" name="body" rows="${o.channel === "email" ? 22 : 5}" maxlength="10000"${aria("body")}>${form.body}</textarea></div>
<div class="actions"><button type="submit" name="action" value="preview" class="secondary">${tx(lang, T.preview)}</button> <button type="submit" name="action" value="save">${tx(lang, T.save)}</button></div>
</form>
${
  o.preview
    ? html`<section aria-labelledby="preview-h"><h2 id="preview-h">${tx(lang, T.previewTitle)}</h2>
${o.preview.subject !== undefined ? html`<p><strong>${tx(lang, T.subject)}:</strong> ${o.preview.subject}</p>` : ""}
${o.preview.segments !== undefined ? html`<p>${tx(lang, T.segments)}: ${String(o.preview.segments)}</p>` : ""}
<pre class="preview">${o.preview.body}</pre></section>`
    : ""
}
${
  o.custom
    ? html`<form method="post" action="${withLang(`${TEMPLATES_BASE}/${o.id}/khoi-phuc`, lang)}"><button type="submit" class="secondary">${tx(lang, T.reset)}</button></form>`
    : ""
}
<table class="data"><caption>${tx(lang, T.variables)}</caption>
<thead><tr><th scope="col">${tx(lang, T.variable)}</th><th scope="col">${tx(lang, T.meaning)}</th><th scope="col">${tx(lang, T.sample)}</th></tr></thead>
<tbody>${o.variables.map(
    (v) => html`<tr><td><code>{{${v.name}}}</code></td><td>${pick(v.description, lang)}</td><td>${v.sample}</td></tr>`,
  )}</tbody></table>`;
  return officePage({ title: pick(o.name, lang), lang, url: o.url, user: o.user, current: TEMPLATES_BASE, body });
}
