import type { TemplateEntry } from "../../app/templates.js";
import { formatDateTime } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The administrators' library of blank forms for procedure components (issue #9). */

export const TEMPLATE_LIBRARY_TEXT = {
  title: { vi: "Mẫu đơn, tờ khai", en: "Blank forms" },
  intro: {
    vi: 'Các mẫu đơn, tờ khai mà người dân tải về từ trang thủ tục. Tải lên mẫu của tỉnh (PDF hoặc DOCX, tối đa 5 MB), rồi ghi tên tệp vào thành phần hồ sơ của thủ tục: "template": {"name": "…", "file": "tên-tệp.pdf"}.',
    en: 'The blank forms citizens download from procedure pages. Upload the province\'s own (PDF or DOCX, at most 5 MB), then name the file in the procedure\'s component: "template": {"name": "…", "file": "file-name.pdf"}.',
  },
  upload: { vi: "Tải lên mẫu mới", en: "Upload a blank form" },
  titleField: { vi: "Tên mẫu (ví dụ: Tờ khai đăng ký kết hôn)", en: "Title (e.g. Marriage registration form)" },
  file: { vi: "Tệp mẫu (PDF hoặc DOCX)", en: "File (PDF or DOCX)" },
  send: { vi: "Tải lên", en: "Upload" },
  uploaded: { vi: "Đã tải lên mẫu {file}.", en: "Uploaded {file}." },
  fileName: { vi: "Tên tệp dùng trong thủ tục", en: "File name for procedures" },
  name: { vi: "Tên mẫu", en: "Title" },
  source: { vi: "Nguồn", en: "Source" },
  shipped: { vi: "Có sẵn", en: "Shipped" },
  mine: { vi: "Tỉnh tải lên {at}", en: "Uploaded {at}" },
  download: { vi: "Tải về", en: "Download" },
} satisfies Record<string, LText>;
const T = TEMPLATE_LIBRARY_TEXT;
export const TEMPLATE_LIBRARY = "/office/quan-tri/mau-don";

export function templateLibraryPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  templates: TemplateEntry[];
  flash?: string;
  errors?: Record<string, string>;
  title?: string;
}): string {
  const { lang } = o;
  const errors = o.errors ?? {};
  const err = (id: string) => (errors[id] ? html`<p class="error-message" id="${id}-error">${errors[id]}</p>` : "");
  const aria = (id: string) => (errors[id] ? html` aria-invalid="true" aria-describedby="${id}-error"` : "");
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
${errorSummary(
  lang,
  Object.entries(errors).map(([id, message]) => ({ id, message })),
)}
<p>${tx(lang, T.intro)}</p>
<h2>${tx(lang, T.upload)}</h2>
<form method="post" action="${withLang(TEMPLATE_LIBRARY, lang)}" enctype="multipart/form-data" novalidate class="narrow">
<div class="field${errors.title ? " has-error" : ""}"><label for="title">${tx(lang, T.titleField)}</label>${err("title")}
<input type="text" id="title" name="title" value="${o.title ?? ""}" maxlength="200"${aria("title")}></div>
<div class="field${errors.template ? " has-error" : ""}"><label for="template">${tx(lang, T.file)}</label>${err("template")}
<input type="file" id="template" name="template" accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"${aria("template")}></div>
<button type="submit">${tx(lang, T.send)}</button>
</form>
<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, T.title)}"><table>
<caption>${tx(lang, T.title)}</caption>
<thead><tr><th scope="col">${tx(lang, T.fileName)}</th><th scope="col">${tx(lang, T.name)}</th><th scope="col">${tx(lang, T.source)}</th></tr></thead>
<tbody>${o.templates.map(
    (t) =>
      html`<tr><td><a href="/mau-don/${t.file}" download><code>${t.file}</code><span class="visually-hidden"> (${tx(lang, T.download)})</span></a></td><td>${t.name}</td><td>${
        t.source === "shipped"
          ? tx(lang, T.shipped)
          : tx(lang, T.mine).replace("{at}", t.uploadedAt ? formatDateTime(t.uploadedAt) : "")
      }</td></tr>`,
  )}</tbody></table></div>`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: TEMPLATE_LIBRARY, body });
}
