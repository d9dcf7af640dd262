/**
 * The office's petition pages (issue #8): the queue with due instants and overdue flags, and one petition with its
 * history and the forms of the actions the officer may take (the server decides which). Work without JavaScript.
 */
import type { FieldError } from "../../app/errors.js";
import type { OfficePetition, OfficePetitionRow } from "../../app/petitions/office.js";
import { ACTION_LABELS, STATUS_LABELS, SUBJECT_LABELS, type SubjectKind } from "../../domain/petitions.js";
import { RATING_LABELS } from "../../domain/measure/index766.js";
import { formatDateTime } from "../../shared/format.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { PETITION_EVENT_NAMES } from "../portal/petitions.js";
import { errorSummary, notice, tx, withLang } from "./common.js";
import { DUE_NAMES } from "./queue.js";

const T = {
  queueTitle: { vi: "Phản ánh, kiến nghị", en: "Petitions" },
  lists: { vi: "Danh sách phản ánh", en: "Petition lists" },
  open: { vi: "Đang xử lý", en: "Open" },
  overdue: { vi: "Quá hạn", en: "Overdue" },
  answered: { vi: "Đã trả lời", en: "Answered" },
  all: { vi: "Tất cả", en: "All" },
  none: { vi: "Không có phản ánh, kiến nghị nào.", en: "No petitions." },
  code: { vi: "Mã số", en: "Code" },
  title: { vi: "Tiêu đề", en: "Title" },
  subject: { vi: "Về", en: "About" },
  status: { vi: "Trạng thái", en: "Status" },
  unit: { vi: "Đơn vị xử lý", en: "Handling unit" },
  assignee: { vi: "Cán bộ xử lý", en: "Assigned to" },
  receivedAt: { vi: "Tiếp nhận", en: "Received" },
  dueAt: { vi: "Hạn trả lời", en: "Answer due" },
  citizen: { vi: "Người gửi", en: "Filed by" },
  contact: { vi: "Liên hệ", en: "Contact" },
  consent: { vi: "Đồng ý công khai trả lời", en: "Consents to publication" },
  yes: { vi: "Có", en: "Yes" },
  no: { vi: "Không", en: "No" },
  content: { vi: "Nội dung", en: "Content" },
  files: { vi: "Tệp đính kèm", en: "Attachments" },
  draft: { vi: "Dự thảo trả lời", en: "Draft answer" },
  answer: { vi: "Trả lời", en: "Answer" },
  onTime: { vi: "Trả lời đúng hạn", en: "Answered on time" },
  late: { vi: "Trả lời quá hạn", en: "Answered late" },
  published: { vi: "Đã công khai", en: "Published" },
  rating: { vi: "Đánh giá của người gửi", en: "The citizen's rating" },
  history: { vi: "Quá trình xử lý", en: "History" },
  actions: { vi: "Thao tác", en: "Actions" },
  noActions: {
    vi: "Ông/Bà không có thao tác nào với phản ánh này lúc này.",
    en: "There is nothing for you to do on this petition now.",
  },
  officer: { vi: "Cán bộ xử lý", en: "Officer" },
  chooseOfficer: { vi: "— Chọn cán bộ —", en: "— Choose an officer —" },
  orUnit: { vi: "Hoặc chuyển cho đơn vị khác xử lý", en: "Or transfer to another unit" },
  chooseUnit: { vi: "— Không chuyển —", en: "— Do not transfer —" },
  note: { vi: "Ghi chú", en: "Note" },
  returnNote: { vi: "Nội dung cần soạn lại", en: "What to redraft" },
  publishToo: { vi: "Công khai trả lời trên trang Hỏi đáp", en: "Publish the answer on the Q&A page" },
  noConsent: { vi: "(người gửi không đồng ý công khai)", en: "(the citizen did not consent to publication)" },
  done: { vi: "Đã thực hiện: {action}.", en: "Done: {action}." },
  back: { vi: "Danh sách phản ánh, kiến nghị", en: "Petition list" },
} satisfies Record<string, LText>;
export const OFFICE_PETITION_TEXT = T;

const QUEUE = "/office/phan-anh";

function dueTag(r: { dueState: string; overdue: boolean }, lang: Lang): Html | "" {
  if (r.overdue) return html` <span class="tag err">${tx(lang, DUE_NAMES.overdue)}</span>`;
  if (r.dueState === "due_soon") return html` <span class="tag warn">${tx(lang, DUE_NAMES.due_soon)}</span>`;
  return "";
}

export function renderPetitionQueue(rows: OfficePetitionRow[], state: string, lang: Lang): Html {
  const tab = (key: "open" | "overdue" | "answered" | "all") => {
    const href = withLang(key === "open" ? QUEUE : `${QUEUE}?trang_thai=${key}`, lang);
    return html`<li><a href="${href}"${state === key ? html` aria-current="page"` : ""}>${tx(lang, T[key])}</a></li>`;
  };
  return html`<h1>${tx(lang, T.queueTitle)}</h1>
<nav aria-label="${tx(lang, T.lists)}" class="tabs"><ul>${tab("open")}${tab("overdue")}${tab("answered")}${tab("all")}</ul></nav>
${
  rows.length
    ? html`<table class="stack"><caption class="visually-hidden">${tx(lang, T.queueTitle)}</caption><thead><tr><th scope="col">${tx(lang, T.code)}</th><th scope="col">${tx(lang, T.title)}</th><th scope="col">${tx(lang, T.status)}</th><th scope="col">${tx(lang, T.assignee)}</th><th scope="col">${tx(lang, T.dueAt)}</th></tr></thead><tbody>${rows.map(
        (r) =>
          html`<tr${r.overdue ? html` class="overdue"` : ""}><td data-label="${tx(lang, T.code)}"><a href="${withLang(`${QUEUE}/${r.id}`, lang)}">${r.code}</a></td><td data-label="${tx(lang, T.title)}">${r.title}<br><span class="hint">${tx(lang, SUBJECT_LABELS[r.subjectKind as SubjectKind])} · ${r.unitName}</span></td><td data-label="${tx(lang, T.status)}">${tx(lang, STATUS_LABELS[r.status])}${r.published ? html` <span class="tag ok">${tx(lang, T.published)}</span>` : ""}</td><td data-label="${tx(lang, T.assignee)}">${r.assigneeName ?? "—"}</td><td data-label="${tx(lang, T.dueAt)}">${formatDateTime(r.dueAt)}${dueTag(r, lang)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${tx(lang, T.none)}</p>`
}`;
}

const paragraphs = (s: string) =>
  s
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`);

export function renderOfficePetition(
  p: OfficePetition,
  o: { lang: Lang; done?: string; action?: string; values?: Record<string, string>; errors?: FieldError[] },
): Html {
  const { lang } = o;
  const errors = o.errors ?? [];
  const v = (a: string, k: string) => (o.action === a ? (o.values?.[k] ?? "") : "");
  const fid = (a: string, k: string) => `${a}-${k}`;
  const err = (a: string, k: string) => {
    if (o.action !== a) return "";
    const e = errors.find((x) => x.path === `body.${k}` || x.path === k);
    return e ? html`<p class="error" id="${fid(a, k)}-error">${pick(e.text, lang)}</p>` : "";
  };
  const summary = errorSummary(
    lang,
    errors.map((e) => ({
      id: e.path.endsWith("-form") ? e.path : fid(o.action ?? "", e.path.replace(/^body\./, "")),
      message: pick(e.text, lang),
    })),
  );
  const action = (a: string) => withLang(`${QUEUE}/${p.id}/${a}`, lang);
  const forms: Html[] = [];
  const allowed = new Set(p.allowedActions);
  if (allowed.has("assign"))
    forms.push(html`<form method="post" action="${action("assign")}" id="assign-form" class="petition-action">
<h3>${tx(lang, ACTION_LABELS.assign)}</h3>
<p><label for="assign-officerId">${tx(lang, T.officer)}</label>${err("assign", "officerId")}<select id="assign-officerId" name="officerId"><option value="">${tx(lang, T.chooseOfficer)}</option>${p.assignees.map(
      (a) => html`<option value="${a.id}"${v("assign", "officerId") === a.id ? " selected" : ""}>${a.name}</option>`,
    )}</select></p>
<p><label for="assign-unitId">${tx(lang, T.orUnit)}</label>${err("assign", "unitId")}<select id="assign-unitId" name="unitId"><option value="">${tx(lang, T.chooseUnit)}</option>${p.transferUnits.map(
      (u) => html`<option value="${u.id}"${v("assign", "unitId") === u.id ? " selected" : ""}>${u.name}</option>`,
    )}</select></p>
<p><label for="assign-note">${tx(lang, T.note)}</label><textarea id="assign-note" name="note" rows="2" maxlength="2000">${v("assign", "note")}</textarea></p>
<p><button type="submit">${tx(lang, ACTION_LABELS.assign)}</button></p></form>`);
  if (allowed.has("answer"))
    forms.push(html`<form method="post" action="${action("answer")}" id="answer-form" class="petition-action">
<h3>${tx(lang, ACTION_LABELS.answer)}</h3>
<p><label for="answer-answer">${tx(lang, T.draft)} *</label>${err("answer", "answer")}<textarea id="answer-answer" name="answer" rows="10" maxlength="10000" required>${
      v("answer", "answer") || p.draft || ""
    }</textarea></p>
<p><button type="submit">${tx(lang, ACTION_LABELS.answer)}</button></p></form>`);
  if (allowed.has("approve"))
    forms.push(html`<form method="post" action="${action("approve")}" id="approve-form" class="petition-action">
<h3>${tx(lang, ACTION_LABELS.approve)}</h3>
<p><label class="check"><input type="checkbox" name="publish" value="yes"${p.publishConsent ? "" : " disabled"}> ${tx(lang, T.publishToo)}${
      p.publishConsent ? "" : html` ${tx(lang, T.noConsent)}`
    }</label></p>
<p><button type="submit">${tx(lang, ACTION_LABELS.approve)}</button></p></form>`);
  if (allowed.has("return"))
    forms.push(html`<form method="post" action="${action("return")}" id="return-form" class="petition-action">
<h3>${tx(lang, ACTION_LABELS.return)}</h3>
<p><label for="return-note">${tx(lang, T.returnNote)} *</label>${err("return", "note")}<textarea id="return-note" name="note" rows="3" maxlength="2000" required>${v("return", "note")}</textarea></p>
<p><button type="submit" class="secondary">${tx(lang, ACTION_LABELS.return)}</button></p></form>`);
  if (allowed.has("publish") && p.publishConsent)
    forms.push(html`<form method="post" action="${action("publish")}" id="publish-form" class="petition-action">
<p><button type="submit">${tx(lang, ACTION_LABELS.publish)}</button></p></form>`);
  const doneLabel = o.done ? ACTION_LABELS[o.done as keyof typeof ACTION_LABELS] : undefined;
  return html`<p><a href="${withLang(QUEUE, lang)}">${tx(lang, T.back)}</a></p>
<h1>${p.code} – ${p.title}</h1>
${doneLabel ? notice(tx(lang, T.done).replace("{action}", tx(lang, doneLabel))) : ""}
${summary}
<dl class="facts">
<dt>${tx(lang, T.status)}</dt><dd>${tx(lang, STATUS_LABELS[p.status])}${p.overdue ? html` <span class="tag err">${tx(lang, DUE_NAMES.overdue)}</span>` : ""}${
    p.onTime === true
      ? html` <span class="tag ok">${tx(lang, T.onTime)}</span>`
      : p.onTime === false
        ? html` <span class="tag err">${tx(lang, T.late)}</span>`
        : ""
  }${p.publishedAt ? html` <span class="tag ok">${tx(lang, T.published)}</span>` : ""}</dd>
<dt>${tx(lang, T.subject)}</dt><dd>${tx(lang, SUBJECT_LABELS[p.subjectKind as SubjectKind])}${
    p.procedureCode
      ? `: ${p.procedureCode} – ${p.procedureName ?? ""}`
      : p.dossierCode
        ? `: ${p.dossierCode}`
        : p.subjectText
          ? `: ${p.subjectText}`
          : ""
  }</dd>
<dt>${tx(lang, T.unit)}</dt><dd>${p.unitName}</dd>
<dt>${tx(lang, T.assignee)}</dt><dd>${p.assigneeName ?? "—"}</dd>
<dt>${tx(lang, T.citizen)}</dt><dd>${p.citizenName}</dd>
<dt>${tx(lang, T.contact)}</dt><dd>${[p.citizenContact.phone, p.citizenContact.email].filter(Boolean).join(" · ") || "—"}</dd>
<dt>${tx(lang, T.receivedAt)}</dt><dd>${formatDateTime(p.receivedAt)}</dd>
<dt>${tx(lang, T.dueAt)}</dt><dd>${formatDateTime(p.dueAt)}</dd>
<dt>${tx(lang, T.consent)}</dt><dd>${tx(lang, p.publishConsent ? T.yes : T.no)}</dd>
</dl>
<h2>${tx(lang, T.content)}</h2>
${paragraphs(p.content)}
${
  p.files.length
    ? html`<h2>${tx(lang, T.files)}</h2><ul>${p.files.map((f) => html`<li><a href="${QUEUE}/${p.id}/tep/${f.id}">${f.name}</a></li>`)}</ul>`
    : ""
}
${p.draft ? html`<h2>${tx(lang, p.status === "answered" ? T.answer : T.draft)}</h2><div class="answer">${paragraphs(p.draft)}</div>` : ""}
${p.rating ? html`<h2>${tx(lang, T.rating)}</h2><p><strong>${pick(RATING_LABELS[p.rating], lang)}</strong>${p.ratingReason ? ` – ${p.ratingReason}` : ""}</p>` : ""}
<h2>${tx(lang, T.actions)}</h2>
${forms.length ? forms : html`<p>${tx(lang, T.noActions)}</p>`}
<h2>${tx(lang, T.history)}</h2>
<ol class="history">${p.events.map(
    (e) =>
      html`<li><time datetime="${e.at}">${formatDateTime(e.at)}</time> – ${pick(PETITION_EVENT_NAMES[e.type] ?? { vi: e.type }, lang)}${
        e.actorName ? ` – ${e.actorName}` : ""
      }${typeof e.data.note === "string" && e.data.note ? html`: ${e.data.note}` : ""}${
        typeof e.data.assigneeName === "string" ? html` → ${e.data.assigneeName}` : ""
      }</li>`,
  )}</ol>`;
}
