import type { Lang, LText } from "../../shared/text.js";
import { pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { page } from "../layout.js";

/** Shared pieces of the office pages: texts, the office sub-navigation with its access keys, and the page shell. */

export const tx = (lang: Lang, text: LText) => pick(text, lang);

/** Keeps `?lang=en` on links when the page is in English. */
export function withLang(path: string, lang: Lang): string {
  if (lang === "vi") return path;
  return path + (path.includes("?") ? "&" : "?") + "lang=en";
}

export const OFFICE_NAV: Array<{ href: string; key: string; label: LText; roles?: string[] }> = [
  { href: "/office", key: "q", label: { vi: "Hàng đợi hồ sơ", en: "Work queue" } },
  {
    href: "/office/intake",
    key: "n",
    label: { vi: "Tiếp nhận trực tiếp / bưu chính", en: "Counter / postal intake" },
    roles: ["receiving"],
  },
  { href: "/office/logbook", key: "l", label: { vi: "Sổ theo dõi hồ sơ", en: "Dossier log book" } },
  { href: "/office/phan-anh", key: "p", label: { vi: "Phản ánh, kiến nghị", en: "Petitions" } },
  {
    href: "/office/bang-dieu-khien",
    key: "b",
    label: { vi: "Bảng điều khiển", en: "Dashboard" },
    roles: ["leader", "supervisor", "admin"],
  },
  {
    href: "/office/national-sync",
    key: "g",
    label: { vi: "Đồng bộ Cổng DVC quốc gia", en: "National portal sync" },
    roles: ["admin", "supervisor"],
  },
  {
    href: "/office/thanh-toan",
    key: "t",
    label: { vi: "Đối soát thanh toán trực tuyến", en: "Online payment reconciliation" },
    roles: ["admin", "supervisor"],
  },
  {
    href: "/office/national-catalogue",
    key: "k",
    label: { vi: "Cập nhật danh mục TTHC quốc gia", en: "National catalogue update" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/can-bo",
    key: "u",
    label: { vi: "Quản lý cán bộ", en: "Officer accounts" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/don-vi",
    key: "d",
    label: { vi: "Đơn vị", en: "Units" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/tu-khoa",
    key: "w",
    label: { vi: "Từ khoá tìm kiếm", en: "Search words" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/thu-tuc",
    key: "r",
    label: { vi: "Thủ tục, biểu mẫu, quy trình", en: "Procedures, e-forms, processes" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/danh-muc",
    key: "m",
    label: { vi: "Nhập, xuất danh mục", en: "Catalogue import/export" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/thuong-hieu",
    key: "h",
    label: { vi: "Thương hiệu, liên hệ", en: "Branding and contacts" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/mau-don",
    key: "f",
    label: { vi: "Mẫu đơn, tờ khai", en: "Blank forms" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/mau-thong-bao",
    key: "y",
    label: { vi: "Mẫu thông báo", en: "Notification templates" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/lich",
    key: "c",
    label: { vi: "Lịch làm việc", en: "Working calendar" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/hang-doi",
    key: "o",
    label: { vi: "Hàng đợi gửi đi", en: "Outbox" },
    roles: ["admin"],
  },
  {
    href: "/office/quan-tri/nhat-ky",
    key: "j",
    label: { vi: "Nhật ký hệ thống", en: "Audit log" },
    roles: ["admin", "supervisor"],
  },
];

export interface OfficeUser {
  name: string;
  unitName: string;
  roles: string[];
}

export const ROLE_NAMES: Record<string, LText> = {
  receiving: { vi: "Tiếp nhận và trả kết quả", en: "Receiving officer" },
  specialist: { vi: "Chuyên viên xử lý", en: "Specialist" },
  leader: { vi: "Lãnh đạo", en: "Leader" },
  admin: { vi: "Quản trị", en: "Administrator" },
  supervisor: { vi: "Giám sát", en: "Supervisor" },
};

const SHORTCUTS: LText = {
  vi: "Phím tắt (Alt+phím, hoặc Alt+Shift+phím trên Firefox): Q hàng đợi · N tiếp nhận · L sổ theo dõi · S tìm kiếm",
  en: "Shortcuts (Alt+key, or Alt+Shift+key in Firefox): Q queue · N intake · L log book · S search",
};

function officeNav(lang: Lang, current: string, user: OfficeUser): Html {
  const items = OFFICE_NAV.filter((i) => !i.roles || i.roles.some((r) => user.roles.includes(r)));
  return html`<nav class="office-nav" aria-label="${lang === "vi" ? "Chức năng một cửa" : "Office functions"}">
<ul>${items.map(
    (i) =>
      html`<li><a href="${withLang(i.href, lang)}" accesskey="${i.key}"${i.href === current ? html` aria-current="page"` : ""}>${tx(lang, i.label)} <kbd>${i.key.toUpperCase()}</kbd></a></li>`,
  )}</ul>
<p class="who-line">${user.name} · ${user.unitName} · ${user.roles.map((r) => tx(lang, ROLE_NAMES[r] ?? { vi: r })).join(", ")}</p>
<p class="hint shortcuts">${tx(lang, SHORTCUTS)}</p>
</nav>`;
}

/** An office page: the shared layout (area "office") with the office navigation when someone is logged in. */
export function officePage(o: {
  title: string;
  lang: Lang;
  url: string;
  body: Html;
  user?: OfficeUser | null;
  current?: string;
  scripts?: string[];
}): string {
  const body = o.user ? html`${officeNav(o.lang, o.current ?? "", o.user)}${o.body}` : o.body;
  return page({
    title: o.title,
    lang: o.lang,
    url: o.url,
    area: "office",
    user: o.user ? { name: o.user.name } : null,
    body,
    scripts: ["office.js", ...(o.scripts ?? [])],
  });
}

export interface FieldErr {
  id: string;
  message: string;
}

/** The error summary at the top of a form: each message links to its field (WCAG 3.3.1). */
export function errorSummary(lang: Lang, errors: FieldErr[]): Html | "" {
  if (errors.length === 0) return "";
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary" data-autofocus>
<h2>${lang === "vi" ? "Có lỗi cần sửa" : "There is a problem"}</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.id}">${e.message}</a></li>`)}</ul>
</div>`;
}

export function notice(message: string | undefined, kind: "ok" | "info" = "ok"): Html | "" {
  if (!message) return "";
  return html`<div class="notice ${kind}" role="status" tabindex="-1" data-autofocus>${message}</div>`;
}
