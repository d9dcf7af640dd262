import type { AuditItem } from "../../app/admin/audit.js";
import type { OfficerDetail, OfficerSummary } from "../../app/admin/officers.js";
import type { ThrottledAccount } from "../../app/login-throttle.js";
import { SIGNING_METHOD_NAMES } from "../../domain/signing.js";
import { formatDateTime } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import {
  errorSummary,
  type FieldErr,
  notice,
  type OfficeUser,
  officePage,
  ROLE_NAMES,
  tx,
  withLang,
} from "../office/common.js";

/** The administrators' pages for officer accounts and the operations pages' audit log (issue #9). */

export const ADMIN_TEXT = {
  officers: { vi: "Quản lý cán bộ", en: "Officer accounts" },
  officersIntro: {
    vi: "Tài khoản cán bộ, đơn vị và vai trò. Mọi thay đổi được ghi vào nhật ký hệ thống.",
    en: "Officer accounts, their units and roles. Every change is written to the audit log.",
  },
  newOfficer: { vi: "Thêm cán bộ", en: "Add an officer" },
  search: { vi: "Tên đăng nhập hoặc họ tên", en: "Username or name" },
  unit: { vi: "Đơn vị", en: "Unit" },
  anyUnit: { vi: "Tất cả đơn vị", en: "All units" },
  role: { vi: "Vai trò", en: "Role" },
  anyRole: { vi: "Tất cả vai trò", en: "All roles" },
  state: { vi: "Trạng thái", en: "State" },
  all: { vi: "Tất cả", en: "All" },
  active: { vi: "Đang hoạt động", en: "Active" },
  disabled: { vi: "Đã khoá", en: "Disabled" },
  filter: { vi: "Lọc", en: "Filter" },
  username: { vi: "Tên đăng nhập", en: "Username" },
  name: { vi: "Họ và tên", en: "Full name" },
  title: { vi: "Chức danh", en: "Title" },
  signingMethod: { vi: "Phương thức ký số", en: "Signing method" },
  signingCredential: { vi: "Tài khoản ký số từ xa", en: "Remote signing account" },
  signingCredentialHint: {
    vi: "Để trống nếu trùng tên đăng nhập.",
    en: "Leave empty when it is the username.",
  },
  email: { vi: "Thư điện tử", en: "E-mail" },
  roles: { vi: "Vai trò", en: "Roles" },
  lastLogin: { vi: "Đăng nhập gần nhất", en: "Last sign-in" },
  never: { vi: "Chưa đăng nhập", en: "Never" },
  none: { vi: "Không có cán bộ nào phù hợp.", en: "No officer matches." },
  count: { vi: "{n} cán bộ", en: "{n} officers" },
  save: { vi: "Lưu thay đổi", en: "Save changes" },
  create: { vi: "Tạo tài khoản", en: "Create the account" },
  disable: { vi: "Khoá tài khoản", en: "Disable the account" },
  enable: { vi: "Mở lại tài khoản", en: "Enable the account" },
  unlock: { vi: "Gỡ giới hạn đăng nhập", en: "Lift sign-in delays" },
  reset: { vi: "Cấp lại mật khẩu và mã xác thực", en: "Reset password and second factor" },
  resetHint: {
    vi: "Cấp một mật khẩu tạm thời; lần đăng nhập sau cán bộ đặt mật khẩu mới và đăng ký lại ứng dụng xác thực. Mọi phiên đăng nhập hiện tại kết thúc.",
    en: "Issues a temporary password; at the next sign-in the officer chooses a new password and enrols an authenticator again. Every current session ends.",
  },
  lastLogins: { vi: "Các lần đăng nhập gần đây", en: "Recent sign-ins" },
  address: { vi: "Địa chỉ IP", en: "IP address" },
  when: { vi: "Thời điểm", en: "Time" },
  throttled: {
    vi: "Đăng nhập đang bị giới hạn đến {until} sau {n} lần sai.",
    en: "Sign-in is delayed until {until} after {n} failures.",
  },
  secondFactor: { vi: "Mã xác thực hai lớp", en: "Second factor" },
  enrolled: { vi: "Đã đăng ký", en: "Enrolled" },
  notEnrolled: { vi: "Chưa đăng ký (đăng ký ở lần đăng nhập sau)", en: "Not enrolled (at the next sign-in)" },
  mustChange: {
    vi: "Cán bộ phải đặt mật khẩu mới ở lần đăng nhập sau.",
    en: "The officer must choose a new password at the next sign-in.",
  },
  self: {
    vi: "Đây là tài khoản của bạn: vai trò, đơn vị và trạng thái do quản trị viên khác thay đổi.",
    en: "This is your own account: another administrator changes its roles, unit and state.",
  },
  credentials: { vi: "Thông tin đăng nhập tạm thời", en: "Temporary sign-in details" },
  credentialsIntro: {
    vi: "Trao mật khẩu tạm thời này cho cán bộ {user} qua kênh an toàn. Mật khẩu chỉ hiển thị một lần; lần đăng nhập đầu cán bộ đặt mật khẩu mới.",
    en: "Give this temporary password to {user} through a safe channel. It is shown only once; at the first sign-in the officer chooses a new password.",
  },
  temporaryPassword: { vi: "Mật khẩu tạm thời", en: "Temporary password" },
  backToOfficer: { vi: "Về trang cán bộ", en: "Back to the officer" },
  saved: { vi: "Đã lưu thay đổi.", en: "Changes saved." },
  disabledDone: {
    vi: "Đã khoá tài khoản; mọi phiên đăng nhập đã kết thúc.",
    en: "Account disabled; every session ended.",
  },
  enabledDone: { vi: "Đã mở lại tài khoản.", en: "Account enabled." },
  unlockedDone: { vi: "Đã gỡ giới hạn đăng nhập.", en: "Sign-in delays lifted." },
  locked: { vi: "Tài khoản đang bị giới hạn đăng nhập", en: "Accounts with sign-in delays" },
  lockedNone: { vi: "Không có tài khoản nào bị giới hạn.", en: "No account is delayed." },
  until: { vi: "Đến", en: "Until" },
  failures: { vi: "Số lần sai", en: "Failures" },
  audit: { vi: "Nhật ký hệ thống", en: "Audit log" },
  auditIntro: {
    vi: "Mọi thao tác của cán bộ: đăng nhập, xử lý hồ sơ, quản trị. Mới nhất trước.",
    en: "Every officer action: sign-ins, dossier actions, administration. Newest first.",
  },
  action: { vi: "Thao tác", en: "Action" },
  actionHint: {
    vi: "Ví dụ officer.login, hoặc officer. cho cả nhóm",
    en: "E.g. officer.login, or officer. for the group",
  },
  actor: { vi: "Cán bộ thực hiện (tên đăng nhập)", en: "Officer (username)" },
  target: { vi: "Đối tượng", en: "Target" },
  from: { vi: "Từ ngày", en: "From" },
  to: { vi: "Đến ngày", en: "To" },
  details: { vi: "Chi tiết", en: "Details" },
  auditNone: { vi: "Không có bản ghi nào.", en: "No entry." },
  shown: { vi: "Hiển thị {shown} trên {total} bản ghi.", en: "Showing {shown} of {total} entries." },
  older: { vi: "Cũ hơn", en: "Older" },
  system: { vi: "Hệ thống", en: "System" },
} satisfies Record<string, LText>;

const T = ADMIN_TEXT;
const t = (lang: Lang, text: LText, p: Record<string, string | number> = {}) =>
  Object.entries(p).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, String(v)), tx(lang, text));
const BASE = "/office/quan-tri/can-bo";
const csrfField = (csrf?: string) => (csrf ? html`<input type="hidden" name="_csrf" value="${csrf}">` : "");
const roleList = (lang: Lang, roles: string[]) => roles.map((r) => tx(lang, ROLE_NAMES[r] ?? { vi: r })).join(", ");

function select(
  id: string,
  name: string,
  options: Array<[string, string]>,
  value: string | undefined,
  attrs: Html | "" = "",
): Html {
  return html`<select id="${id}" name="${name}"${attrs}>${options.map(
    ([v, label]) => html`<option value="${v}"${v === (value ?? "") ? html` selected` : ""}>${label}</option>`,
  )}</select>`;
}

export interface UnitOption {
  code: string;
  name: string;
}

export function officersListPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  filter: { q?: string; unitCode?: string; role?: string; state?: string };
  units: UnitOption[];
  total: number;
  items: OfficerSummary[];
  locked: ThrottledAccount[];
}): string {
  const { lang } = o;
  const roles = Object.keys(ROLE_NAMES);
  const body = html`<h1>${tx(lang, T.officers)}</h1>
<p>${tx(lang, T.officersIntro)}</p>
<p><a class="button" href="${withLang(`${BASE}/moi`, lang)}">${tx(lang, T.newOfficer)}</a></p>
<form method="get" action="${BASE}" class="filters" role="search">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<div class="field"><label for="f-q">${tx(lang, T.search)}</label>
<input type="search" id="f-q" name="q" value="${o.filter.q ?? ""}" maxlength="100"></div>
<div class="field"><label for="f-unit">${tx(lang, T.unit)}</label>
${select("f-unit", "unitCode", [["", tx(lang, T.anyUnit)], ...o.units.map((u): [string, string] => [u.code, u.name])], o.filter.unitCode)}</div>
<div class="field"><label for="f-role">${tx(lang, T.role)}</label>
${select("f-role", "role", [["", tx(lang, T.anyRole)], ...roles.map((r): [string, string] => [r, tx(lang, ROLE_NAMES[r])])], o.filter.role)}</div>
<div class="field"><label for="f-state">${tx(lang, T.state)}</label>
${select(
  "f-state",
  "state",
  [
    ["all", tx(lang, T.all)],
    ["active", tx(lang, T.active)],
    ["disabled", tx(lang, T.disabled)],
  ],
  o.filter.state ?? "all",
)}</div>
<div class="field actions"><button type="submit">${tx(lang, T.filter)}</button></div>
</form>
<p role="status">${t(lang, T.count, { n: o.total.toLocaleString("vi-VN") })}</p>
${
  o.items.length === 0
    ? html`<p>${tx(lang, T.none)}</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, T.officers)}"><table>
<caption>${tx(lang, T.officers)}</caption>
<thead><tr><th scope="col">${tx(lang, T.username)}</th><th scope="col">${tx(lang, T.name)}</th><th scope="col">${tx(lang, T.unit)}</th><th scope="col">${tx(lang, T.roles)}</th><th scope="col">${tx(lang, T.state)}</th><th scope="col">${tx(lang, T.lastLogin)}</th></tr></thead>
<tbody>${o.items.map(
        (i) => html`<tr>
<th scope="row"><a href="${withLang(`${BASE}/${i.id}`, lang)}">${i.username}</a></th>
<td>${i.name}</td><td>${i.unitName}</td><td>${roleList(lang, i.roles)}</td>
<td>${tx(lang, i.active ? T.active : T.disabled)}</td>
<td>${i.lastLoginAt ? formatDateTime(i.lastLoginAt) : tx(lang, T.never)}</td></tr>`,
      )}</tbody></table></div>`
}
<h2>${tx(lang, T.locked)}</h2>
${
  o.locked.length === 0
    ? html`<p>${tx(lang, T.lockedNone)}</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, T.locked)}"><table>
<caption>${tx(lang, T.locked)}</caption>
<thead><tr><th scope="col">${tx(lang, T.username)}</th><th scope="col">${tx(lang, T.failures)}</th><th scope="col">${tx(lang, T.until)}</th></tr></thead>
<tbody>${o.locked.map(
        (l) =>
          html`<tr><th scope="row">${l.username}</th><td>${String(l.failures)}</td><td>${formatDateTime(l.blockedUntil)}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return officePage({ title: tx(lang, T.officers), lang, url: o.url, user: o.user, current: BASE, body });
}

export interface OfficerFormValues {
  username?: string;
  name?: string;
  title?: string;
  email?: string;
  unitCode?: string;
  roles?: string[];
  signingMethod?: string;
  signingCredential?: string;
}

function fieldBlock(id: string, label: string, control: Html, errors: FieldErr[], hint?: string): Html {
  const err = errors.find((e) => e.id === id)?.message;
  return html`<div class="field${err ? " has-error" : ""}">
<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ""}
${err ? html`<p class="error-message" id="${id}-error">${err}</p>` : ""}
${control}
</div>`;
}

function officerFields(
  lang: Lang,
  v: OfficerFormValues,
  units: UnitOption[],
  errors: FieldErr[],
  opts: { creating: boolean; self: boolean },
): Html {
  const invalid = (id: string) =>
    errors.some((e) => e.id === id) ? html` aria-invalid="true" aria-describedby="${id}-error"` : "";
  const text = (id: keyof OfficerFormValues, type = "text", extra: Html | "" = "") =>
    html`<input type="${type}" id="${id}" name="${id}" value="${(v[id] as string | undefined) ?? ""}"${extra}${invalid(id)}>`;
  const roleErr = errors.find((e) => e.id === "roles")?.message;
  return html`${
    opts.creating
      ? fieldBlock(
          "username",
          tx(lang, T.username),
          text("username", "text", html` maxlength="50" autocomplete="off" required`),
          errors,
        )
      : ""
  }
${fieldBlock("name", tx(lang, T.name), text("name", "text", html` maxlength="200" autocomplete="off" required`), errors)}
${fieldBlock("title", tx(lang, T.title), text("title", "text", html` maxlength="200" autocomplete="off"`), errors)}
${fieldBlock("email", tx(lang, T.email), text("email", "email", html` maxlength="200" autocomplete="off"`), errors)}
${fieldBlock(
  "unitCode",
  tx(lang, T.unit),
  select(
    "unitCode",
    "unitCode",
    units.map((u): [string, string] => [u.code, `${u.name} (${u.code})`]),
    v.unitCode,
    opts.self ? html` disabled` : invalid("unitCode"),
  ),
  errors,
)}
${
  opts.creating
    ? ""
    : html`${fieldBlock(
        "signingMethod",
        tx(lang, T.signingMethod),
        select(
          "signingMethod",
          "signingMethod",
          (["none", "remote", "local"] as const).map((m): [string, string] => [m, tx(lang, SIGNING_METHOD_NAMES[m])]),
          v.signingMethod ?? "none",
          invalid("signingMethod"),
        ),
        errors,
      )}
${fieldBlock(
  "signingCredential",
  tx(lang, T.signingCredential),
  text("signingCredential", "text", html` maxlength="100" autocomplete="off"`),
  errors,
  tx(lang, T.signingCredentialHint),
)}`
}
<fieldset class="field${roleErr ? " has-error" : ""}" id="roles"${opts.self ? html` disabled` : ""}>
<legend>${tx(lang, T.roles)}</legend>
${roleErr ? html`<p class="error-message" id="roles-error">${roleErr}</p>` : ""}
${Object.keys(ROLE_NAMES).map(
  (r) =>
    html`<div class="check"><input type="checkbox" id="role-${r}" name="roles" value="${r}"${v.roles?.includes(r) ? html` checked` : ""}><label for="role-${r}">${tx(lang, ROLE_NAMES[r])}</label></div>`,
)}
</fieldset>`;
}

export function newOfficerPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  units: UnitOption[];
  values?: OfficerFormValues;
  errors?: FieldErr[];
  csrf?: string;
}): string {
  const { lang } = o;
  const errors = o.errors ?? [];
  const body = html`<div class="narrow"><h1>${tx(lang, T.newOfficer)}</h1>
${errorSummary(lang, errors)}
<form method="post" action="${withLang(`${BASE}/moi`, lang)}" novalidate>
${csrfField(o.csrf)}
${officerFields(lang, o.values ?? { roles: [] }, o.units, errors, { creating: true, self: false })}
<button type="submit">${tx(lang, T.create)}</button>
</form></div>`;
  return officePage({ title: tx(lang, T.newOfficer), lang, url: o.url, user: o.user, current: BASE, body });
}

export function officerPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  officer: OfficerDetail;
  self: boolean;
  units: UnitOption[];
  values?: OfficerFormValues;
  errors?: FieldErr[];
  flash?: string;
  csrf?: string;
}): string {
  const { lang, officer: d } = o;
  const errors = o.errors ?? [];
  const values: OfficerFormValues = o.values ?? {
    name: d.name,
    title: d.title ?? "",
    email: d.email ?? "",
    unitCode: d.unitCode,
    roles: d.roles,
    signingMethod: d.signingMethod,
    signingCredential: d.signingCredential ?? "",
  };
  const action = (path: string, label: LText, hint?: LText) =>
    html`<form method="post" action="${withLang(`${BASE}/${d.id}/${path}`, lang)}" class="inline-action">
${csrfField(o.csrf)}${hint ? html`<p class="hint">${tx(lang, hint)}</p>` : ""}
<button type="submit" class="secondary">${tx(lang, label)}</button></form>`;
  const body = html`<h1>${d.name} <span class="hint">(${d.username})</span></h1>
${notice(o.flash)}
${errorSummary(lang, errors)}
<dl class="facts">
<dt>${tx(lang, T.state)}</dt><dd>${tx(lang, d.active ? T.active : T.disabled)}</dd>
<dt>${tx(lang, T.secondFactor)}</dt><dd>${tx(lang, d.hasSecondFactor ? T.enrolled : T.notEnrolled)}</dd>
<dt>${tx(lang, T.lastLogin)}</dt><dd>${d.lastLoginAt ? formatDateTime(d.lastLoginAt) : tx(lang, T.never)}</dd>
</dl>
${d.mustChangePassword ? html`<p>${tx(lang, T.mustChange)}</p>` : ""}
${d.throttled ? html`<p>${t(lang, T.throttled, { until: formatDateTime(d.throttled.blockedUntil), n: d.throttled.failures })}</p>` : ""}
${o.self ? html`<p class="hint">${tx(lang, T.self)}</p>` : ""}
<form method="post" action="${withLang(`${BASE}/${d.id}`, lang)}" novalidate class="narrow">
${csrfField(o.csrf)}
${officerFields(lang, values, o.units, errors, { creating: false, self: o.self })}
<button type="submit">${tx(lang, T.save)}</button>
</form>
<div class="actions-row">
${d.throttled ? action("unlock", T.unlock) : ""}
${o.self ? "" : action(d.active ? "disable" : "enable", d.active ? T.disable : T.enable)}
${o.self ? "" : action("reset", T.reset, T.resetHint)}
</div>
<h2>${tx(lang, T.lastLogins)}</h2>
${
  d.lastLogins.length === 0
    ? html`<p>${tx(lang, T.never)}</p>`
    : html`<table><caption>${tx(lang, T.lastLogins)}</caption>
<thead><tr><th scope="col">${tx(lang, T.when)}</th><th scope="col">${tx(lang, T.address)}</th></tr></thead>
<tbody>${d.lastLogins.map((l) => html`<tr><td>${formatDateTime(l.at)}</td><td>${l.ip ?? "—"}</td></tr>`)}</tbody></table>`
}`;
  return officePage({ title: d.name, lang, url: o.url, user: o.user, current: BASE, body });
}

export function credentialsPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  officerId: string;
  username: string;
  password: string;
}): string {
  const { lang } = o;
  const body = html`<div class="narrow"><h1>${tx(lang, T.credentials)}</h1>
<p>${t(lang, T.credentialsIntro, { user: o.username })}</p>
<dl class="facts"><dt>${tx(lang, T.username)}</dt><dd><code>${o.username}</code></dd>
<dt>${tx(lang, T.temporaryPassword)}</dt><dd><code class="secret">${o.password}</code></dd></dl>
<p><a href="${withLang(`${BASE}/${o.officerId}`, lang)}">${tx(lang, T.backToOfficer)}</a></p></div>`;
  return officePage({ title: tx(lang, T.credentials), lang, url: o.url, user: o.user, current: BASE, body });
}

export function auditPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  filter: Record<string, string | undefined>;
  total: number;
  items: AuditItem[];
  offset: number;
  limit: number;
  errors?: FieldErr[];
}): string {
  const { lang, filter: f } = o;
  const base = "/office/quan-tri/nhat-ky";
  const input = (id: string, name: string, label: LText, type = "text", hint?: LText) =>
    html`<div class="field"><label for="${id}">${tx(lang, label)}</label>${hint ? html`<p class="hint" id="${id}-hint">${tx(lang, hint)}</p>` : ""}
<input type="${type}" id="${id}" name="${name}" value="${f[name] ?? ""}"${hint ? html` aria-describedby="${id}-hint"` : ""}></div>`;
  const next = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => !!e[1]));
  next.set("offset", String(o.offset + o.limit));
  if (lang === "en") next.set("lang", "en");
  const body = html`<h1>${tx(lang, T.audit)}</h1>
<p>${tx(lang, T.auditIntro)}</p>
${errorSummary(lang, o.errors ?? [])}
<form method="get" action="${base}" class="filters" role="search">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
${input("a-action", "action", T.action, "text", T.actionHint)}
${input("a-officer", "officer", T.actor)}
${input("a-target", "target", T.target)}
${input("a-from", "from", T.from, "date")}
${input("a-to", "to", T.to, "date")}
<div class="field actions"><button type="submit">${tx(lang, T.filter)}</button></div>
</form>
<p role="status">${t(lang, T.shown, { shown: o.items.length, total: o.total.toLocaleString("vi-VN") })}</p>
${
  o.items.length === 0
    ? html`<p>${tx(lang, T.auditNone)}</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, T.audit)}"><table class="audit">
<caption>${tx(lang, T.audit)}</caption>
<thead><tr><th scope="col">${tx(lang, T.when)}</th><th scope="col">${tx(lang, T.actor)}</th><th scope="col">${tx(lang, T.action)}</th><th scope="col">${tx(lang, T.target)}</th><th scope="col">${tx(lang, T.address)}</th><th scope="col">${tx(lang, T.details)}</th></tr></thead>
<tbody>${o.items.map(
        (i) => html`<tr><td>${formatDateTime(i.at)}</td>
<td>${i.actorUsername ? html`${i.actorName} (${i.actorUsername})` : tx(lang, T.system)}${i.unitName ? html`<br><span class="hint">${i.unitName}</span>` : ""}</td>
<td><code>${i.action}</code></td><td>${i.target ?? "—"}</td><td>${i.ip ?? "—"}</td>
<td><code class="json">${Object.keys(i.data).length ? JSON.stringify(i.data) : "—"}</code></td></tr>`,
      )}</tbody></table></div>`
}
${o.offset + o.items.length < o.total ? html`<p><a href="${base}?${next.toString()}">${tx(lang, T.older)}</a></p>` : ""}`;
  return officePage({ title: tx(lang, T.audit), lang, url: o.url, user: o.user, current: base, body });
}
