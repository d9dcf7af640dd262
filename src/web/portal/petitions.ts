/**
 * The portal's petition pages (issue #8): the form to file one, "my petitions", one petition with its answer, history
 * and rating form, and the public Q&A. Vietnamese first; every page works without JavaScript.
 */
import type { FieldError } from "../../app/errors.js";
import type { PetitionEventView, PetitionView } from "../../app/petitions/common.js";
import type { QaItem } from "../../app/petitions/public.js";
import { RATING_LABELS, RATING_LEVELS } from "../../domain/measure/index766.js";
import { STATUS_LABELS, SUBJECT_KINDS, SUBJECT_LABELS } from "../../domain/petitions.js";
import { formatDate, formatDateTime } from "../../shared/format.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";

const T = {
  qaTitle: { vi: "Hỏi đáp – trả lời phản ánh, kiến nghị", en: "Questions and answers – petition answers" },
  qaIntro: {
    vi: "Các trả lời phản ánh, kiến nghị đã được cơ quan có thẩm quyền công khai (với sự đồng ý của người gửi).",
    en: "Answers to petitions published by the competent agencies (with the consent of the person who filed them).",
  },
  search: { vi: "Tìm trong hỏi đáp", en: "Search the answers" },
  searchHint: { vi: "Gõ có dấu hoặc không dấu.", en: "With or without Vietnamese diacritics." },
  searchButton: { vi: "Tìm kiếm", en: "Search" },
  results: { vi: "{n} kết quả", en: "{n} result(s)" },
  noResults: { vi: "Không có trả lời nào phù hợp.", en: "No answer matches." },
  question: { vi: "Nội dung phản ánh, kiến nghị", en: "The petition" },
  answer: { vi: "Trả lời", en: "Answer" },
  answeredBy: { vi: "Cơ quan trả lời", en: "Answered by" },
  answeredOn: { vi: "Ngày trả lời", en: "Answered on" },
  fileNew: { vi: "Gửi phản ánh, kiến nghị", en: "File a petition" },
  fileTitle: { vi: "Gửi phản ánh, kiến nghị", en: "File a petition" },
  fileIntro: {
    vi: "Phản ánh, kiến nghị về quy định hành chính, thủ tục hành chính, cán bộ, đơn vị hoặc hồ sơ của Ông/Bà. Sau khi gửi, Ông/Bà nhận được mã số để theo dõi. Các trường có dấu * là bắt buộc.",
    en: "A petition about a regulation, an administrative procedure, an officer or unit, or one of your dossiers. Once sent, you get a code to follow it. Fields marked * are required.",
  },
  subjectKind: { vi: "Phản ánh, kiến nghị về", en: "About" },
  procedureCode: { vi: "Mã thủ tục hành chính", en: "Procedure code" },
  procedureHint: {
    vi: "Khi phản ánh về thủ tục hành chính: mã thủ tục (ví dụ 1.001193), xem trong trang Thủ tục hành chính.",
    en: "For a procedure: its code (e.g. 1.001193), shown on the Procedures pages.",
  },
  dossier: { vi: "Hồ sơ", en: "Dossier" },
  dossierHint: { vi: "Khi phản ánh về hồ sơ của Ông/Bà.", en: "For one of your dossiers." },
  chooseDossier: { vi: "— Chọn hồ sơ —", en: "— Choose a dossier —" },
  noDossier: { vi: "Ông/Bà chưa có hồ sơ nào.", en: "You have no dossier yet." },
  unit: { vi: "Cơ quan, đơn vị", en: "Agency or unit" },
  unitHint: {
    vi: "Khi phản ánh về quy định hoặc về cán bộ, đơn vị: cơ quan giải quyết phản ánh.",
    en: "For a regulation, an officer or a unit: the agency that handles the petition.",
  },
  chooseUnit: { vi: "— Chọn cơ quan, đơn vị —", en: "— Choose an agency or unit —" },
  subjectText: { vi: "Tên quy định / cán bộ, đơn vị được phản ánh", en: "The regulation / officer or unit concerned" },
  subjectHint: {
    vi: "Khi phản ánh về quy định hoặc về cán bộ, đơn vị.",
    en: "For a regulation, an officer or a unit.",
  },
  title: { vi: "Tiêu đề", en: "Title" },
  content: { vi: "Nội dung", en: "Content" },
  attachments: { vi: "Tệp đính kèm (không bắt buộc)", en: "Attachments (optional)" },
  attachmentsHint: {
    vi: "Tối đa {n} tệp PDF, JPG hoặc PNG.",
    en: "At most {n} PDF, JPG or PNG files.",
  },
  consent: {
    vi: "Tôi đồng ý để cơ quan công khai nội dung phản ánh và trả lời trên Cổng (không công khai thông tin cá nhân của tôi).",
    en: "I agree that the petition and its answer may be published on the portal (without my personal details).",
  },
  send: { vi: "Gửi phản ánh, kiến nghị", en: "Send the petition" },
  errors: { vi: "Có lỗi cần sửa", en: "There is a problem" },
  myTitle: { vi: "Phản ánh, kiến nghị của tôi", en: "My petitions" },
  none: { vi: "Ông/Bà chưa gửi phản ánh, kiến nghị nào.", en: "You have not filed any petition." },
  code: { vi: "Mã số", en: "Code" },
  status: { vi: "Trạng thái", en: "Status" },
  receivedAt: { vi: "Ngày gửi", en: "Filed on" },
  dueAt: { vi: "Hạn trả lời", en: "Answer due" },
  sent: {
    vi: "Đã gửi phản ánh, kiến nghị. Mã số để theo dõi: {code}.",
    en: "Your petition was sent. Its code: {code}.",
  },
  rated: { vi: "Cảm ơn Ông/Bà đã đánh giá.", en: "Thank you for your rating." },
  subject: { vi: "Đối tượng phản ánh", en: "Subject" },
  handlingUnit: { vi: "Cơ quan xử lý", en: "Handled by" },
  published: { vi: "Trả lời đã được công khai trên trang Hỏi đáp.", en: "The answer is published on the Q&A page." },
  consentGiven: { vi: "Đồng ý công khai trả lời", en: "Answer may be published" },
  yes: { vi: "Có", en: "Yes" },
  no: { vi: "Không", en: "No" },
  noAnswer: { vi: "Chưa có trả lời.", en: "No answer yet." },
  files: { vi: "Tệp đính kèm", en: "Attachments" },
  history: { vi: "Quá trình xử lý", en: "History" },
  rateTitle: { vi: "Đánh giá việc xử lý phản ánh, kiến nghị", en: "Rate the handling of your petition" },
  level: { vi: "Mức độ hài lòng", en: "Satisfaction" },
  reason: {
    vi: "Lý do chưa hài lòng (bắt buộc khi chọn “Chưa hài lòng”)",
    en: "Why not satisfied (required for “Not satisfied”)",
  },
  rate: { vi: "Gửi đánh giá", en: "Send the rating" },
  yourRating: { vi: "Đánh giá của Ông/Bà", en: "Your rating" },
  back: { vi: "Phản ánh, kiến nghị của tôi", en: "My petitions" },
  qaLink: { vi: "Xem trang Hỏi đáp", en: "See the Q&A page" },
} satisfies Record<string, LText>;
export const PETITION_TEXT = T;

const EVENT_NAMES: Record<string, LText> = {
  filed: { vi: "Gửi phản ánh, kiến nghị", en: "Petition filed" },
  assign: { vi: "Phân công xử lý", en: "Assigned" },
  transferred: { vi: "Chuyển đơn vị xử lý", en: "Transferred to another unit" },
  answer: { vi: "Soạn trả lời", en: "Answer drafted" },
  returned: { vi: "Trả lại để soạn lại", en: "Returned for redrafting" },
  answered: { vi: "Trả lời phản ánh, kiến nghị", en: "Answered" },
  published: { vi: "Công khai trả lời", en: "Answer published" },
  rated: { vi: "Đánh giá việc xử lý", en: "Rated" },
};
export const PETITION_EVENT_NAMES = EVENT_NAMES;

const fill = (t: LText, lang: Lang, p: Record<string, string | number>) =>
  pick(t, lang).replace(/\{(\w+)\}/g, (_, k) => String(p[k] ?? ""));

const paragraphs = (s: string) =>
  s
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`);

export function statusTag(status: PetitionView["status"], lang: Lang): Html {
  const cls = status === "answered" ? "tag ok" : "tag";
  return html`<span class="${cls}">${pick(STATUS_LABELS[status], lang)}</span>`;
}

/** The error summary: each message links to its field. */
function errorSummary(lang: Lang, errors: FieldError[]): Html | "" {
  if (!errors.length) return "";
  return html`<div class="error-summary" role="alert"><h2>${pick(T.errors, lang)}</h2><ul>${errors.map(
    (e) => html`<li><a href="#${fieldId(e.path)}">${pick(e.text, lang)}</a></li>`,
  )}</ul></div>`;
}
const fieldId = (path: string) => path.replace(/^body\./, "").replace(/\[\d+\]$/, "");

// ---------------------------------------------------------------------------------------------------------------
// Q&A

export function renderQa(
  r: { items: QaItem[]; total: number; page: number; pages: number },
  q: string,
  lang: Lang,
): Html {
  const link = (n: number) => {
    const p = new URLSearchParams();
    if (q) p.set("q", q);
    if (n > 1) p.set("trang", String(n));
    if (lang === "en") p.set("lang", "en");
    const s = p.toString();
    return s ? `/hoi-dap?${s}` : "/hoi-dap";
  };
  return html`<h1>${pick(T.qaTitle, lang)}</h1>
<p>${pick(T.qaIntro, lang)} <a href="/phan-anh-kien-nghi/gui">${pick(T.fileNew, lang)}</a></p>
<form method="get" action="/hoi-dap" role="search" class="search-box">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<label for="qa-q">${pick(T.search, lang)}</label>
<p class="hint" id="qa-q-hint">${pick(T.searchHint, lang)}</p>
<div class="search-row"><input type="search" id="qa-q" name="q" value="${q}" aria-describedby="qa-q-hint" maxlength="200" autocomplete="off"><button type="submit">${pick(T.searchButton, lang)}</button></div>
</form>
<p role="status">${fill(T.results, lang, { n: r.total })}</p>
${
  r.items.length
    ? html`<ul class="qa-list">${r.items.map(
        (i) => html`<li class="result qa-item">
<h2>${i.title}</h2>
<p class="meta"><span>${pick(T.code, lang)}: ${i.code}</span> · <span>${pick(SUBJECT_LABELS[i.subjectKind], lang)}${
          i.procedureName ? html`: ${i.procedureName}` : ""
        }</span> · <span>${pick(T.answeredBy, lang)}: ${i.unitName}</span> · <span>${pick(T.answeredOn, lang)}: ${formatDate(i.answeredAt)}</span></p>
<h3>${pick(T.question, lang)}</h3>
${paragraphs(i.question)}
<h3>${pick(T.answer, lang)}</h3>
${paragraphs(i.answer)}
</li>`,
      )}</ul>`
    : html`<p>${pick(T.noResults, lang)}</p>`
}
${
  r.pages > 1
    ? html`<nav class="pagination" aria-label="${lang === "vi" ? "Phân trang" : "Pagination"}"><ul>${
        r.page > 1 ? html`<li><a rel="prev" href="${link(r.page - 1)}">‹</a></li>` : ""
      }<li><span aria-current="page">${r.page} / ${r.pages}</span></li>${
        r.page < r.pages ? html`<li><a rel="next" href="${link(r.page + 1)}">›</a></li>` : ""
      }</ul></nav>`
    : ""
}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Filing

export interface PetitionFormOptions {
  lang: Lang;
  units: { id: string; code: string; name: string }[];
  dossiers: { id: string; label: string }[];
  values: Record<string, string>;
  errors: FieldError[];
  maxFiles: number;
}

export function renderPetitionForm(o: PetitionFormOptions): Html {
  const { lang, values: v } = o;
  const errFor = (name: string) => o.errors.find((e) => fieldId(e.path) === name);
  const err = (name: string) => {
    const e = errFor(name);
    return e ? html`<p class="error" id="${name}-error">${pick(e.text, lang)}</p>` : "";
  };
  const described = (name: string, hint = false) => {
    const ids = [hint ? `${name}-hint` : "", errFor(name) ? `${name}-error` : ""].filter(Boolean).join(" ");
    return ids ? html` aria-describedby="${ids}"` : "";
  };
  const invalid = (name: string) => (errFor(name) ? html` aria-invalid="true"` : "");
  const kind = v.subjectKind ?? "";
  return html`<h1>${pick(T.fileTitle, lang)}</h1>
<p>${pick(T.fileIntro, lang)}</p>
${errorSummary(lang, o.errors)}
<form method="post" action="/phan-anh-kien-nghi/gui${lang === "en" ? "?lang=en" : ""}" enctype="multipart/form-data" class="petition-form" novalidate>
<fieldset id="subjectKind"${described("subjectKind")}><legend>${pick(T.subjectKind, lang)} *</legend>${err("subjectKind")}${SUBJECT_KINDS.map(
    (k) =>
      html`<label><input type="radio" name="subjectKind" value="${k}"${kind === k ? " checked" : ""} required> ${pick(SUBJECT_LABELS[k], lang)}</label>`,
  )}</fieldset>
<p><label for="procedureCode">${pick(T.procedureCode, lang)}</label><span class="hint" id="procedureCode-hint">${pick(T.procedureHint, lang)}</span>${err("procedureCode")}
<input id="procedureCode" name="procedureCode" value="${v.procedureCode ?? ""}" maxlength="60" autocomplete="off"${described("procedureCode", true)}${invalid("procedureCode")}></p>
<p><label for="dossierId">${pick(T.dossier, lang)}</label><span class="hint" id="dossierId-hint">${pick(o.dossiers.length ? T.dossierHint : T.noDossier, lang)}</span>${err("dossierId")}
<select id="dossierId" name="dossierId"${described("dossierId", true)}${invalid("dossierId")}><option value="">${pick(T.chooseDossier, lang)}</option>${o.dossiers.map(
    (d) => html`<option value="${d.id}"${v.dossierId === d.id ? " selected" : ""}>${d.label}</option>`,
  )}</select></p>
<p><label for="unitId">${pick(T.unit, lang)}</label><span class="hint" id="unitId-hint">${pick(T.unitHint, lang)}</span>${err("unitId")}
<select id="unitId" name="unitId"${described("unitId", true)}${invalid("unitId")}><option value="">${pick(T.chooseUnit, lang)}</option>${o.units.map(
    (u) => html`<option value="${u.id}"${v.unitId === u.id ? " selected" : ""}>${u.name}</option>`,
  )}</select></p>
<p><label for="subjectText">${pick(T.subjectText, lang)}</label><span class="hint" id="subjectText-hint">${pick(T.subjectHint, lang)}</span>${err("subjectText")}
<input id="subjectText" name="subjectText" value="${v.subjectText ?? ""}" maxlength="300"${described("subjectText", true)}${invalid("subjectText")}></p>
<p><label for="title">${pick(T.title, lang)} *</label>${err("title")}
<input id="title" name="title" value="${v.title ?? ""}" maxlength="200" required${described("title")}${invalid("title")}></p>
<p><label for="content">${pick(T.content, lang)} *</label>${err("content")}
<textarea id="content" name="content" rows="8" maxlength="10000" required${described("content")}${invalid("content")}>${v.content ?? ""}</textarea></p>
<p><label for="attachments">${pick(T.attachments, lang)}</label><span class="hint" id="attachments-hint">${fill(T.attachmentsHint, lang, { n: o.maxFiles })}</span>${err("attachments")}
<input type="file" id="attachments" name="attachments" multiple accept="application/pdf,image/jpeg,image/png"${described("attachments", true)}></p>
<p><label class="check"><input type="checkbox" name="publishConsent" value="yes"${v.publishConsent === "yes" ? " checked" : ""}> ${pick(T.consent, lang)}</label></p>
<p><button type="submit">${pick(T.send, lang)}</button></p>
</form>`;
}

// ---------------------------------------------------------------------------------------------------------------
// My petitions

export function renderMyPetitions(rows: PetitionView[], lang: Lang): Html {
  const q = lang === "en" ? "?lang=en" : "";
  return html`<h1>${pick(T.myTitle, lang)}</h1>
<p><a href="/phan-anh-kien-nghi/gui${q}">${pick(T.fileNew, lang)}</a> · <a href="/hoi-dap${q}">${pick(T.qaLink, lang)}</a></p>
${
  rows.length
    ? html`<table class="stack"><caption class="visually-hidden">${pick(T.myTitle, lang)}</caption><thead><tr><th scope="col">${pick(T.code, lang)}</th><th scope="col">${pick(T.title, lang)}</th><th scope="col">${pick(T.status, lang)}</th><th scope="col">${pick(T.receivedAt, lang)}</th><th scope="col">${pick(T.dueAt, lang)}</th></tr></thead><tbody>${rows.map(
        (r) =>
          html`<tr><td data-label="${pick(T.code, lang)}"><a href="/phan-anh-cua-toi/${r.id}${q}">${r.code}</a></td><td data-label="${pick(T.title, lang)}">${r.title}</td><td data-label="${pick(T.status, lang)}">${statusTag(r.status, lang)}</td><td data-label="${pick(T.receivedAt, lang)}">${formatDate(r.receivedAt)}</td><td data-label="${pick(T.dueAt, lang)}">${formatDateTime(r.dueAt)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${pick(T.none, lang)}</p>`
}`;
}

export function renderMyPetition(
  p: PetitionView,
  history: PetitionEventView[],
  o: {
    lang: Lang;
    done?: "gui" | "danh-gia";
    values?: Record<string, string>;
    errors?: FieldError[];
  },
): Html {
  const { lang } = o;
  const q = lang === "en" ? "?lang=en" : "";
  const v = o.values ?? {};
  const errors = o.errors ?? [];
  const errFor = (name: string) => errors.find((e) => fieldId(e.path) === name);
  const err = (name: string) => {
    const e = errFor(name);
    return e ? html`<p class="error" id="${name}-error">${pick(e.text, lang)}</p>` : "";
  };
  const subject =
    p.subjectKind === "procedure"
      ? `${p.procedureCode ?? ""} – ${p.procedureName ?? ""}`
      : p.subjectKind === "dossier"
        ? (p.dossierCode ?? "")
        : (p.subjectText ?? "");
  return html`<p><a href="/phan-anh-cua-toi${q}">${pick(T.back, lang)}</a></p>
<h1>${p.title}</h1>
${o.done === "gui" ? html`<div class="notice ok" role="status">${fill(T.sent, lang, { code: p.code })}</div>` : ""}
${o.done === "danh-gia" ? html`<div class="notice ok" role="status">${pick(T.rated, lang)}</div>` : ""}
<dl class="facts">
<dt>${pick(T.code, lang)}</dt><dd><strong>${p.code}</strong></dd>
<dt>${pick(T.status, lang)}</dt><dd>${statusTag(p.status, lang)}</dd>
<dt>${pick(T.subject, lang)}</dt><dd>${pick(SUBJECT_LABELS[p.subjectKind as keyof typeof SUBJECT_LABELS], lang)}${subject ? `: ${subject}` : ""}</dd>
<dt>${pick(T.handlingUnit, lang)}</dt><dd>${p.unitName}</dd>
<dt>${pick(T.receivedAt, lang)}</dt><dd>${formatDateTime(p.receivedAt)}</dd>
<dt>${pick(T.dueAt, lang)}</dt><dd>${formatDateTime(p.dueAt)}</dd>
<dt>${pick(T.consentGiven, lang)}</dt><dd>${pick(p.publishConsent ? T.yes : T.no, lang)}</dd>
</dl>
<h2>${pick(T.content, lang)}</h2>
${paragraphs(p.content)}
${
  p.files.length
    ? html`<h2>${pick(T.files, lang)}</h2><ul>${p.files.map(
        (f) => html`<li><a href="/phan-anh-cua-toi/${p.id}/tep/${f.id}">${f.name}</a></li>`,
      )}</ul>`
    : ""
}
<h2>${pick(T.answer, lang)}</h2>
${
  p.answer
    ? html`<div class="answer">${paragraphs(p.answer)}</div><p class="hint">${pick(T.answeredOn, lang)}: ${formatDateTime(p.answeredAt)}</p>${
        p.publishedAt ? html`<p>${pick(T.published, lang)} <a href="/hoi-dap${q}">${pick(T.qaLink, lang)}</a></p>` : ""
      }`
    : html`<p>${pick(T.noAnswer, lang)}</p>`
}
${
  p.rating
    ? html`<h2>${pick(T.yourRating, lang)}</h2><p><strong>${pick(RATING_LABELS[p.rating], lang)}</strong>${
        p.ratingReason ? html` – ${p.ratingReason}` : ""
      }</p>`
    : p.status === "answered"
      ? html`<h2 id="rate">${pick(T.rateTitle, lang)}</h2>
${errorSummary(lang, errors)}
<form method="post" action="/phan-anh-cua-toi/${p.id}/danh-gia${q}" class="rating">
<fieldset id="level"${errFor("level") ? html` aria-describedby="level-error"` : ""}><legend>${pick(T.level, lang)} *</legend>${err("level")}${RATING_LEVELS.map(
          (l) =>
            html`<label><input type="radio" name="level" value="${l}"${v.level === l ? " checked" : ""} required> ${pick(RATING_LABELS[l], lang)}</label>`,
        )}</fieldset>
<p><label for="reason">${pick(T.reason, lang)}</label>${err("reason")}<textarea id="reason" name="reason" rows="3" maxlength="2000"${
          errFor("reason") ? html` aria-describedby="reason-error" aria-invalid="true"` : ""
        }>${v.reason ?? ""}</textarea></p>
<p><button type="submit">${pick(T.rate, lang)}</button></p>
</form>`
      : ""
}
<h2>${pick(T.history, lang)}</h2>
<ol class="history">${history.map(
    (e) =>
      html`<li><time datetime="${e.at}">${formatDateTime(e.at)}</time> – ${pick(EVENT_NAMES[e.type] ?? { vi: e.type }, lang)}</li>`,
  )}</ol>`;
}
