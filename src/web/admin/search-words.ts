import type { ProcedureSearchWords } from "../../app/admin/search-words.js";
import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, type FieldErr, notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The administrators' search-words page (issue #9). */

export const WORDS_TEXT = {
  title: { vi: "Từ khoá tìm kiếm thủ tục", en: "Procedure search words" },
  intro: {
    vi: "Tên gọi thông dụng và chữ viết tắt người dân hay gõ (ví dụ “sổ hồng”, “TNHH”). Tìm kiếm trên Cổng dịch vụ công so khớp chúng như tên thủ tục, không phân biệt dấu và chấp nhận lỗi gõ.",
    en: "Everyday names and abbreviations people type (e.g. “sổ hồng”, “TNHH”). The portal's search matches them like the procedure's name, ignoring diacritics and tolerating typos.",
  },
  find: { vi: "Tìm thủ tục (mã, tên hoặc từ khoá)", en: "Find a procedure (code, name or search word)" },
  findButton: { vi: "Tìm", en: "Find" },
  words: { vi: "Từ khoá (mỗi dòng một từ khoá)", en: "Search words (one per line)" },
  save: { vi: "Lưu từ khoá", en: "Save the search words" },
  saved: { vi: "Đã lưu từ khoá của thủ tục {code}.", en: "The search words of {code} were saved." },
  none: { vi: "Không có thủ tục nào phù hợp.", en: "No procedure matches." },
} satisfies Record<string, LText>;
const T = WORDS_TEXT;

export function searchWordsPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  q?: string;
  items: ProcedureSearchWords[];
  flash?: string;
  /** A refused save: the procedure, what was typed and why. */
  failed?: { code: string; text: string; error: FieldErr };
}): string {
  const { lang } = o;
  const base = "/office/quan-tri/tu-khoa";
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
${errorSummary(lang, o.failed ? [o.failed.error] : [])}
<p>${tx(lang, T.intro)}</p>
<form method="get" action="${base}" class="filters" role="search">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<div class="field"><label for="w-q">${tx(lang, T.find)}</label><input type="search" id="w-q" name="q" value="${o.q ?? ""}" maxlength="100"></div>
<div class="field actions"><button type="submit">${tx(lang, T.findButton)}</button></div>
</form>
${
  o.items.length === 0
    ? html`<p>${tx(lang, T.none)}</p>`
    : o.items.map((p) => {
        const failed = o.failed?.code === p.code ? o.failed : undefined;
        const id = `words-${p.code.replace(/[^A-Za-z0-9]/g, "-")}`;
        return html`<section class="procedure-words" aria-labelledby="${id}-title">
<h2 id="${id}-title">${p.code} – ${p.name}</h2>
<form method="post" action="${withLang(`${base}/${encodeURIComponent(p.code)}${o.q ? `?q=${encodeURIComponent(o.q)}` : ""}`, lang)}" novalidate>
<div class="field${failed ? " has-error" : ""}"><label for="${id}">${tx(lang, T.words)}</label>
${failed ? html`<p class="error-message" id="${id}-error">${failed.error.message}</p>` : ""}
<textarea id="${id}" name="words" rows="4"${failed ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""}>${failed ? failed.text : p.words.join("\n")}</textarea></div>
<button type="submit">${tx(lang, T.save)}</button>
</form></section>`;
      })
}`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: base, body });
}
