import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, type FieldErr, type OfficeUser, officePage, tx } from "./common.js";

const T = {
  title: { vi: "Sổ theo dõi hồ sơ (mẫu 07)", en: "Dossier log book (form 07)" },
  intro: {
    vi: "Sổ theo dõi hồ sơ của đơn vị {unit}: mỗi hồ sơ tiếp nhận một dòng, đánh số liên tục trong năm. Chọn khoảng thời gian (trong cùng một năm) để in.",
    en: "The log book of {unit}: one line per dossier received, numbered continuously through the year. Choose a period (within one year) to print.",
  },
  from: { vi: "Từ ngày", en: "From" },
  to: { vi: "Đến ngày", en: "To" },
  print: { vi: "In sổ theo dõi (PDF)", en: "Print the log book (PDF)" },
} satisfies Record<string, LText>;

export const LOGBOOK_TEXT = T;

export function logbookPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  from: string;
  to: string;
  errors?: FieldErr[];
}): string {
  const { lang } = o;
  const errs = o.errors ?? [];
  const field = (id: "from" | "to", label: LText, value: string) => {
    const e = errs.find((x) => x.id === id);
    return html`<div class="field${e ? " has-error" : ""}"><label for="${id}">${tx(lang, label)}</label>${
      e ? html`<p class="error-message" id="${id}-error">${e.message}</p>` : ""
    }<input type="date" id="${id}" name="${id}" value="${value}" required${e ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""}></div>`;
  };
  const body = html`<h1>${tx(lang, T.title)}</h1>
${errorSummary(lang, errs)}
<p>${tx(lang, T.intro).replace("{unit}", o.user.unitName)}</p>
<form method="get" action="/office/logbook/pdf" class="filters">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
${field("from", T.from, o.from)}
${field("to", T.to, o.to)}
<div class="field actions"><button type="submit">${tx(lang, T.print)}</button></div>
</form>`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, body, user: o.user, current: "/office/logbook" });
}
