import type { CalendarDayRecord } from "../../app/calendar.js";
import type { DayReason } from "../../domain/calendar/working-time.js";
import { formatDate } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, type FieldErr, notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The administrators' working-calendar page (issue #9): the year's days off and working weekend days, and edits. */

export const CALENDAR_TEXT = {
  title: { vi: "Lịch làm việc", en: "Working calendar" },
  intro: {
    vi: "Ngày nghỉ lễ, nghỉ bù, ngày hoán đổi và ngày làm bù trong năm, theo quy định và các thông báo của Chính phủ. Thời hạn giải quyết hồ sơ được tính theo lịch này; mọi thay đổi được ghi nhật ký.",
    en: "Public holidays, compensatory days, swapped days and working weekend days of the year, by law and government notices. Dossier deadlines are computed on this calendar; every change is audited.",
  },
  year: { vi: "Năm", en: "Year" },
  show: { vi: "Xem", en: "Show" },
  daysOff: { vi: "Ngày nghỉ trong tuần (thứ Hai – thứ Sáu)", en: "Weekdays off (Monday – Friday)" },
  workingWeekend: { vi: "Ngày làm việc vào thứ Bảy, Chủ nhật", en: "Working Saturdays and Sundays" },
  day: { vi: "Ngày", en: "Day" },
  reason: { vi: "Lý do", en: "Reason" },
  none: { vi: "Không có.", en: "None." },
  recorded: { vi: "Các ngày được ghi nhận riêng", en: "Days recorded explicitly" },
  source: { vi: "Nguồn", en: "Source" },
  kind: { vi: "Loại ngày", en: "Kind of day" },
  off: { vi: "Ngày nghỉ", en: "Day off" },
  working: { vi: "Ngày làm việc", en: "Working day" },
  remove: { vi: "Bỏ điều chỉnh (theo quy tắc chung)", en: "Remove the override (back to the rules)" },
  edit: { vi: "Điều chỉnh một ngày", en: "Change one day" },
  editHint: {
    vi: "Ví dụ: một ngày nghỉ bù theo thông báo mới, hoặc một thứ Bảy làm bù.",
    en: "E.g. a compensatory day off from a new notice, or a working Saturday.",
  },
  save: { vi: "Lưu", en: "Save" },
  saved: { vi: "Đã cập nhật lịch làm việc ngày {day}.", en: "The working calendar of {day} was updated." },
  admin: { vi: "Quản trị viên", en: "Administrator" },
  notice: { vi: "Thông báo của Chính phủ", en: "Government notice" },
} satisfies Record<string, LText>;
const T = CALENDAR_TEXT;

export function calendarAdminPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  year: number;
  daysOff: DayReason[];
  workingWeekendDays: DayReason[];
  recorded: CalendarDayRecord[];
  values?: { day?: string; working?: string; reason?: string };
  errors?: FieldErr[];
  flash?: string;
}): string {
  const { lang } = o;
  const base = "/office/quan-tri/lich";
  const errs = o.errors ?? [];
  const err = (id: string) => errs.find((e) => e.id === id)?.message;
  const invalid = (id: string) => (err(id) ? html` aria-invalid="true" aria-describedby="${id}-error"` : "");
  const errLine = (id: string) => (err(id) ? html`<p class="error-message" id="${id}-error">${err(id)}</p>` : "");
  const list = (caption: LText, days: DayReason[]) =>
    days.length === 0
      ? html`<h2>${tx(lang, caption)}</h2><p>${tx(lang, T.none)}</p>`
      : html`<h2>${tx(lang, caption)}</h2><div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, caption)}"><table><caption>${tx(lang, caption)} ${String(o.year)}</caption>
<thead><tr><th scope="col">${tx(lang, T.day)}</th><th scope="col">${tx(lang, T.reason)}</th></tr></thead>
<tbody>${days.map((d) => html`<tr><td>${formatDate(d.day)}</td><td>${d.reason}</td></tr>`)}</tbody></table></div>`;
  const v = o.values ?? {};
  const body = html`<h1>${tx(lang, T.title)} ${String(o.year)}</h1>
${notice(o.flash)}
${errorSummary(lang, errs)}
<p>${tx(lang, T.intro)}</p>
<form method="get" action="${base}" class="filters">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<div class="field"><label for="cal-year">${tx(lang, T.year)}</label>
<input type="number" id="cal-year" name="year" value="${String(o.year)}" min="2000" max="2100" inputmode="numeric"></div>
<div class="field actions"><button type="submit">${tx(lang, T.show)}</button></div>
</form>
${list(T.daysOff, o.daysOff)}
${list(T.workingWeekend, o.workingWeekendDays)}
<h2>${tx(lang, T.edit)}</h2>
<form method="post" action="${withLang(`${base}?year=${o.year}`, lang)}" novalidate class="narrow">
<p class="hint">${tx(lang, T.editHint)}</p>
<div class="field${err("day") ? " has-error" : ""}"><label for="day">${tx(lang, T.day)}</label>${errLine("day")}
<input type="date" id="day" name="day" value="${v.day ?? ""}" required${invalid("day")}></div>
<fieldset class="field"><legend>${tx(lang, T.kind)}</legend>
${(
  [
    ["off", T.off],
    ["working", T.working],
    ["remove", T.remove],
  ] as const
).map(
  ([value, label]) =>
    html`<div class="check"><input type="radio" id="kind-${value}" name="working" value="${value}"${(v.working ?? "off") === value ? html` checked` : ""}><label for="kind-${value}">${tx(lang, label)}</label></div>`,
)}
</fieldset>
<div class="field${err("reason") ? " has-error" : ""}"><label for="reason">${tx(lang, T.reason)}</label>${errLine("reason")}
<input type="text" id="reason" name="reason" value="${v.reason ?? ""}" maxlength="300"${invalid("reason")}></div>
<button type="submit">${tx(lang, T.save)}</button>
</form>
<h2>${tx(lang, T.recorded)}</h2>
${
  o.recorded.length === 0
    ? html`<p>${tx(lang, T.none)}</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, T.recorded)}"><table><caption>${tx(lang, T.recorded)} ${String(o.year)}</caption>
<thead><tr><th scope="col">${tx(lang, T.day)}</th><th scope="col">${tx(lang, T.kind)}</th><th scope="col">${tx(lang, T.reason)}</th><th scope="col">${tx(lang, T.source)}</th></tr></thead>
<tbody>${o.recorded.map(
        (r) =>
          html`<tr><td>${formatDate(r.day)}</td><td>${tx(lang, r.working ? T.working : T.off)}</td><td>${r.reason}</td><td>${tx(lang, r.source === "admin" ? T.admin : T.notice)}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: base, body });
}
