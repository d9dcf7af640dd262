import type { Branding } from "../../app/branding.js";
import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { errorSummary, type FieldErr, notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The administrators' branding page (issue #9): the portal's name, the province, contacts, footer links, emblem. */

export const BRANDING_TEXT = {
  title: { vi: "Thương hiệu và thông tin liên hệ", en: "Branding and contacts" },
  intro: {
    vi: "Tên cổng, tên tỉnh, đường dây nóng, địa chỉ, thư điện tử, liên kết ở chân trang và biểu trưng hiển thị trên mọi trang của Cổng dịch vụ công. Thay đổi có hiệu lực trên mọi máy chủ trong vài giây.",
    en: "The portal's name, the province, hotline, address, e-mail, footer links and emblem shown on every page of the portal. Changes reach every server within seconds.",
  },
  portalNameVi: { vi: "Tên cổng (tiếng Việt)", en: "Portal name (Vietnamese)" },
  portalNameEn: { vi: "Tên cổng (tiếng Anh)", en: "Portal name (English)" },
  provinceName: { vi: "Tên tỉnh, thành phố (dòng dưới tên cổng)", en: "Province (line under the portal's name)" },
  hotline: { vi: "Đường dây nóng", en: "Hotline" },
  address: { vi: "Địa chỉ", en: "Address" },
  email: { vi: "Thư điện tử", en: "E-mail" },
  links: { vi: "Liên kết ở chân trang", en: "Footer links" },
  linkVi: { vi: "Nhãn (tiếng Việt)", en: "Label (Vietnamese)" },
  linkEn: { vi: "Nhãn (tiếng Anh)", en: "Label (English)" },
  linkUrl: { vi: "Địa chỉ liên kết (bắt đầu bằng / hoặc https://)", en: "Address (starting with / or https://)" },
  link: { vi: "Liên kết {n}", en: "Link {n}" },
  emblem: { vi: "Biểu trưng (PNG hoặc JPEG, tối đa 512 KB)", en: "Emblem (PNG or JPEG, at most 512 KB)" },
  current: { vi: "Biểu trưng hiện tại", en: "Current emblem" },
  removeEmblem: { vi: "Bỏ biểu trưng, dùng hình mặc định", en: "Remove the emblem and use the default" },
  save: { vi: "Lưu", en: "Save" },
  saved: { vi: "Đã lưu thương hiệu và thông tin liên hệ.", en: "Branding and contacts saved." },
} satisfies Record<string, LText>;
const T = BRANDING_TEXT;

/** The form's values: what is saved, or what was typed when a save was refused. */
export interface BrandingForm {
  portalNameVi: string;
  portalNameEn: string;
  provinceName: string;
  hotline: string;
  address: string;
  email: string;
  links: Array<{ labelVi: string; labelEn: string; url: string }>;
  emblemFileId: string | null;
}

export const LINK_ROWS = 5;

export function brandingForm(b: Branding): BrandingForm {
  return {
    portalNameVi: b.portalName.vi,
    portalNameEn: b.portalName.en ?? "",
    provinceName: b.provinceName,
    hotline: b.hotline,
    address: b.address,
    email: b.email,
    links: b.footerLinks.map((l) => ({ labelVi: l.label.vi, labelEn: l.label.en ?? "", url: l.url })),
    emblemFileId: b.emblemFileId,
  };
}

export function brandingPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  form: BrandingForm;
  flash?: string;
  errors?: Record<string, string>;
}): string {
  const { lang, form } = o;
  const base = "/office/quan-tri/thuong-hieu";
  const errors = o.errors ?? {};
  const summary: FieldErr[] = Object.entries(errors).map(([id, message]) => ({ id, message }));
  const input = (id: string, label: LText, value: string, attrs: { type?: string; max?: number } = {}) => {
    const err = errors[id];
    return html`<div class="field${err ? " has-error" : ""}"><label for="${id}">${tx(lang, label)}</label>
${err ? html`<p class="error-message" id="${id}-error">${err}</p>` : ""}
<input type="${attrs.type ?? "text"}" id="${id}" name="${id}" value="${value}" maxlength="${attrs.max ?? 300}"${err ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""}></div>`;
  };
  const rows = Array.from({ length: LINK_ROWS }, (_, i) => form.links[i] ?? { labelVi: "", labelEn: "", url: "" });
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
${errorSummary(lang, summary)}
<p>${tx(lang, T.intro)}</p>
<form method="post" action="${withLang(base, lang)}" enctype="multipart/form-data" novalidate>
${input("portalNameVi", T.portalNameVi, form.portalNameVi, { max: 120 })}
${input("portalNameEn", T.portalNameEn, form.portalNameEn, { max: 120 })}
${input("provinceName", T.provinceName, form.provinceName, { max: 120 })}
${input("hotline", T.hotline, form.hotline, { type: "tel", max: 40 })}
${input("address", T.address, form.address)}
${input("email", T.email, form.email, { type: "email", max: 200 })}
<fieldset><legend>${tx(lang, T.links)}</legend>
${rows.map(
  (r, i) => html`<fieldset class="link-row"><legend>${tx(lang, T.link).replace("{n}", String(i + 1))}</legend>
${input(`links.${i}.labelVi`, T.linkVi, r.labelVi, { max: 80 })}
${input(`links.${i}.labelEn`, T.linkEn, r.labelEn, { max: 80 })}
${input(`links.${i}.url`, T.linkUrl, r.url, { max: 500 })}
</fieldset>`,
)}
</fieldset>
${
  form.emblemFileId
    ? html`<p>${tx(lang, T.current)}: <img class="emblem-img" src="/thuong-hieu/bieu-trung?v=${form.emblemFileId.slice(0, 8)}" alt="${tx(lang, T.current)}" width="37" height="37"></p>
<div class="field checkbox"><input type="checkbox" id="removeEmblem" name="removeEmblem" value="1"><label for="removeEmblem">${tx(lang, T.removeEmblem)}</label></div>`
    : ""
}
<div class="field${errors.emblem ? " has-error" : ""}"><label for="emblem">${tx(lang, T.emblem)}</label>
${errors.emblem ? html`<p class="error-message" id="emblem-error">${errors.emblem}</p>` : ""}
<input type="file" id="emblem" name="emblem" accept="image/png,image/jpeg"${errors.emblem ? html` aria-invalid="true" aria-describedby="emblem-error"` : ""}></div>
<button type="submit">${tx(lang, T.save)}</button>
</form>`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: base, body });
}
