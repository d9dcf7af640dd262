import type { AdminUnit } from "../../app/admin/units.js";
import { DAY_NAMES, periodsText } from "../../domain/reception-hours.js";
import type { Lang, LText } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { errorSummary, type FieldErr, notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The administrators' pages for the province's units (issue #9). */

export const UNIT_TEXT = {
  title: { vi: "Đơn vị", en: "Units" },
  intro: {
    vi: "Cây đơn vị của tỉnh: trung tâm phục vụ hành chính công, sở, ban, ngành và xã, phường. Địa chỉ và số điện thoại hiển thị trên trang thủ tục của Cổng dịch vụ công.",
    en: "The province's units: the public administration service centre, departments and agencies, communes and wards. Addresses and telephone numbers appear on the portal's procedure pages.",
  },
  code: { vi: "Mã đơn vị", en: "Unit code" },
  name: { vi: "Tên đơn vị", en: "Name" },
  shortName: { vi: "Tên viết tắt", en: "Short name" },
  kind: { vi: "Loại đơn vị", en: "Kind" },
  level: { vi: "Cấp", en: "Level" },
  parent: { vi: "Mã đơn vị cấp trên", en: "Parent unit code" },
  address: { vi: "Địa chỉ", en: "Address" },
  phone: { vi: "Điện thoại", en: "Telephone" },
  email: { vi: "Thư điện tử", en: "E-mail" },
  receives: { vi: "Tiếp nhận hồ sơ", en: "Receives dossiers" },
  officers: { vi: "Cán bộ", en: "Officers" },
  yes: { vi: "Có", en: "Yes" },
  no: { vi: "Không", en: "No" },
  edit: { vi: "Sửa", en: "Edit" },
  save: { vi: "Lưu thay đổi", en: "Save changes" },
  add: { vi: "Thêm đơn vị", en: "Add a unit" },
  create: { vi: "Tạo đơn vị", en: "Create the unit" },
  saved: { vi: "Đã lưu thay đổi của đơn vị.", en: "The unit's changes were saved." },
  created: { vi: "Đã tạo đơn vị {code}.", en: "Unit {code} was created." },
  back: { vi: "Về danh sách đơn vị", en: "Back to the units" },
  hours: { vi: "Giờ tiếp nhận hồ sơ", en: "Reception hours" },
  ownHours: {
    vi: "Giờ tiếp nhận riêng, khác giờ làm việc chung (hiển thị trên trang thủ tục)",
    en: "Own reception hours, different from the common working time (shown on procedure pages)",
  },
  hoursHint: {
    vi: "Mỗi ngày các khoảng giờ cách nhau bởi dấu phẩy, ví dụ 07:30-11:30, 13:00-17:00; để trống ngày không tiếp nhận. Thời hạn giải quyết vẫn tính theo giờ làm việc chung.",
    en: "Periods separated by commas, e.g. 07:30-11:30, 13:00-17:00; leave a day empty when closed. Time limits still count the common working time.",
  },
} satisfies Record<string, LText>;
const T = UNIT_TEXT;
const BASE = "/office/quan-tri/don-vi";
const KINDS: Record<string, LText> = {
  province: { vi: "UBND tỉnh/thành phố", en: "Provincial People's Committee" },
  centre: { vi: "Trung tâm phục vụ hành chính công", en: "Public administration service centre" },
  department: { vi: "Sở, ban, ngành", en: "Department" },
  agency: { vi: "Cơ quan ngành dọc", en: "Vertical agency" },
  commune: { vi: "Xã, phường", en: "Commune or ward" },
  ministry: { vi: "Bộ, ngành", en: "Ministry" },
};
const LEVELS: Record<string, LText> = {
  province: { vi: "Cấp tỉnh", en: "Province" },
  commune: { vi: "Cấp xã", en: "Commune" },
  ministry: { vi: "Cấp bộ", en: "Ministry" },
};

export type UnitFormValues = Partial<
  Record<"code" | "name" | "shortName" | "kind" | "level" | "parentCode" | "address" | "phone" | "email", string>
> & {
  receivesDossiers?: boolean;
  /** Own reception hours: on, and each day's periods as typed (Monday first). */
  ownHours?: boolean;
  hours?: string[];
};

function hoursFields(lang: Lang, v: UnitFormValues, errors: FieldErr[]): Html {
  const err = (id: string) => errors.find((e) => e.id === id)?.message;
  return html`<fieldset><legend>${tx(lang, T.hours)}</legend>
<div class="field check"><input type="checkbox" id="ownHours" name="ownHours" value="1"${v.ownHours ? html` checked` : ""}><label for="ownHours">${tx(lang, T.ownHours)}</label></div>
<p class="hint" id="hours-hint">${tx(lang, T.hoursHint)}</p>
${DAY_NAMES[lang].map((day, i) => {
  const id = `hours.${i}`;
  const e = err(id);
  return html`<div class="field${e ? " has-error" : ""}"><label for="${id}">${day}</label>${
    e ? html`<p class="error-message" id="${id}-error">${e}</p>` : ""
  }<input type="text" id="${id}" name="${id}" value="${v.hours?.[i] ?? ""}" maxlength="80" aria-describedby="${e ? `${id}-error ` : ""}hours-hint"${e ? html` aria-invalid="true"` : ""}></div>`;
})}
</fieldset>`;
}

function fields(lang: Lang, v: UnitFormValues, errors: FieldErr[], creating: boolean): Html {
  const err = (id: string) => errors.find((e) => e.id === id)?.message;
  const input = (id: keyof UnitFormValues & string, label: LText, type = "text", max = 300) =>
    html`<div class="field${err(id) ? " has-error" : ""}"><label for="${id}">${tx(lang, label)}</label>${
      err(id) ? html`<p class="error-message" id="${id}-error">${err(id)}</p>` : ""
    }<input type="${type}" id="${id}" name="${id}" value="${(v[id] as string | undefined) ?? ""}" maxlength="${String(max)}"${
      err(id) ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""
    }></div>`;
  const choice = (id: "kind" | "level", label: LText, options: Record<string, LText>) =>
    html`<div class="field"><label for="${id}">${tx(lang, label)}</label><select id="${id}" name="${id}">${Object.entries(
      options,
    ).map(
      ([k, l]) => html`<option value="${k}"${v[id] === k ? html` selected` : ""}>${tx(lang, l)}</option>`,
    )}</select></div>`;
  return html`${creating ? input("code", T.code, "text", 40) : ""}
${input("name", T.name)}
${input("shortName", T.shortName, "text", 100)}
${creating ? html`${choice("kind", T.kind, KINDS)}${choice("level", T.level, LEVELS)}` : ""}
${input("parentCode", T.parent, "text", 40)}
${input("address", T.address)}
${input("phone", T.phone, "tel", 50)}
${input("email", T.email, "email", 200)}
<div class="field check"><input type="checkbox" id="receivesDossiers" name="receivesDossiers" value="1"${v.receivesDossiers ? html` checked` : ""}><label for="receivesDossiers">${tx(lang, T.receives)}</label></div>`;
}

export function unitsPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  units: AdminUnit[];
  values?: UnitFormValues;
  errors?: FieldErr[];
  flash?: string;
}): string {
  const { lang } = o;
  const errors = o.errors ?? [];
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
${errorSummary(lang, errors)}
<p>${tx(lang, T.intro)}</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, T.title)}"><table>
<caption>${tx(lang, T.title)}</caption>
<thead><tr><th scope="col">${tx(lang, T.name)}</th><th scope="col">${tx(lang, T.code)}</th><th scope="col">${tx(lang, T.kind)}</th><th scope="col">${tx(lang, T.phone)}</th><th scope="col">${tx(lang, T.receives)}</th><th scope="col">${tx(lang, T.officers)}</th></tr></thead>
<tbody>${o.units.map(
    (
      u,
    ) => html`<tr><th scope="row" class="depth-${String(Math.min(u.depth, 3))}">${"— ".repeat(u.depth)}<a href="${withLang(`${BASE}/${u.id}`, lang)}">${u.name}</a></th>
<td><code>${u.code}</code></td><td>${tx(lang, KINDS[u.kind] ?? { vi: u.kind })}</td><td>${u.phone ?? "—"}</td>
<td>${tx(lang, u.receivesDossiers ? T.yes : T.no)}</td><td>${String(u.officers)}</td></tr>`,
  )}</tbody></table></div>
<h2 id="them">${tx(lang, T.add)}</h2>
<form method="post" action="${withLang(BASE, lang)}" novalidate class="narrow">
${fields(lang, o.values ?? { kind: "commune", level: "commune" }, errors, true)}
<button type="submit">${tx(lang, T.create)}</button>
</form>`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: BASE, body });
}

export function unitPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  unit: AdminUnit;
  parentCode: string;
  values?: UnitFormValues;
  errors?: FieldErr[];
  flash?: string;
}): string {
  const { lang, unit: u } = o;
  const errors = o.errors ?? [];
  const values: UnitFormValues = o.values ?? {
    name: u.name,
    shortName: u.shortName ?? "",
    parentCode: o.parentCode,
    address: u.address ?? "",
    phone: u.phone ?? "",
    email: u.email ?? "",
    receivesDossiers: u.receivesDossiers,
    ownHours: !!u.receptionHours,
    hours: Array.from({ length: 7 }, (_, i) => periodsText(u.receptionHours?.[i] ?? []).replace(/–/g, "-")),
  };
  const body = html`<div class="narrow"><h1>${u.name} <span class="hint">(${u.code})</span></h1>
${notice(o.flash)}
${errorSummary(lang, errors)}
<p>${tx(lang, KINDS[u.kind] ?? { vi: u.kind })} · ${tx(lang, LEVELS[u.level] ?? { vi: u.level })}</p>
<form method="post" action="${withLang(`${BASE}/${u.id}`, lang)}" novalidate>
${fields(lang, values, errors, false)}
${hoursFields(lang, values, errors)}
<button type="submit">${tx(lang, T.save)}</button>
</form>
<p><a href="${withLang(BASE, lang)}">${tx(lang, T.back)}</a></p></div>`;
  return officePage({ title: u.name, lang, url: o.url, user: o.user, current: BASE, body });
}
