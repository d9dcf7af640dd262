import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The administrators' catalogue page (issue #9): export the whole catalogue, import catalogue files. */

export const CATALOGUE_TEXT = {
  title: { vi: "Nhập, xuất danh mục thủ tục", en: "Catalogue import and export" },
  intro: {
    vi: "Danh mục gồm đơn vị, lĩnh vực và thủ tục hành chính với biểu mẫu điện tử và quy trình nội bộ, ở dạng tệp JSON để các tỉnh chia sẻ cho nhau. Thủ tục có nội dung khác phiên bản hiện hành được công bố thành phiên bản mới; hồ sơ đã nộp giữ nguyên phiên bản của mình.",
    en: "The catalogue holds units, fields and procedures with their e-forms and internal processes, as JSON files provinces can share. A procedure whose content differs from its current version is published as a new version; dossiers already submitted keep theirs.",
  },
  exportTitle: { vi: "Xuất danh mục", en: "Export" },
  exportLink: { vi: "Tải toàn bộ danh mục (JSON)", en: "Download the whole catalogue (JSON)" },
  importTitle: { vi: "Nhập danh mục", en: "Import" },
  files: { vi: "Tệp danh mục (.json, có thể chọn nhiều tệp)", en: "Catalogue files (.json, several allowed)" },
  importHint: {
    vi: "Tệp được kiểm tra toàn bộ trước; chỉ cần một lỗi là không có gì được nhập.",
    en: "The files are checked whole first; a single error imports nothing.",
  },
  importButton: { vi: "Kiểm tra và nhập", en: "Check and import" },
  done: {
    vi: "Đã nhập: {units} đơn vị và {fields} lĩnh vực ghi mới hoặc sửa; {created} thủ tục mới, {versioned} thủ tục có phiên bản mới, {unchanged} thủ tục không đổi; từ khoá của {words} thủ tục.",
    en: "Imported: {units} units and {fields} fields written; {created} new procedures, {versioned} with a new version, {unchanged} unchanged; search words of {words} procedures.",
  },
} satisfies Record<string, LText>;
const T = CATALOGUE_TEXT;

export function cataloguePage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  /** What the import just did (CATALOGUE_TEXT.done, filled in). */
  flash?: string;
  /** A refused import: the message, and every problem with its record. */
  refused?: { message: string; problems: Array<{ where: string; message: string }> };
}): string {
  const { lang } = o;
  const base = "/office/quan-tri/danh-muc";
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
${errorSummary(lang, o.refused ? [{ id: "catalogue-files", message: o.refused.message }] : [])}
<p>${tx(lang, T.intro)}</p>
<h2>${tx(lang, T.exportTitle)}</h2>
<p><a href="/api/admin/catalogue" download>${tx(lang, T.exportLink)}</a></p>
<h2>${tx(lang, T.importTitle)}</h2>
<form method="post" action="${withLang(base, lang)}" enctype="multipart/form-data" novalidate>
<div class="field${o.refused ? " has-error" : ""}"><label for="catalogue-files">${tx(lang, T.files)}</label>
<p class="hint" id="catalogue-files-hint">${tx(lang, T.importHint)}</p>
<input type="file" id="catalogue-files" name="catalogue" accept=".json,application/json" multiple aria-describedby="catalogue-files-hint${o.refused ? " catalogue-problems" : ""}"${o.refused ? html` aria-invalid="true"` : ""}></div>
${
  o.refused?.problems.length
    ? html`<ul class="error-list" id="catalogue-problems">${o.refused.problems.map((p) => html`<li><code>${p.where}</code>: ${p.message}</li>`)}</ul>`
    : ""
}
<button type="submit">${tx(lang, T.importButton)}</button>
</form>`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: base, body });
}
