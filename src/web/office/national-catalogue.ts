import type { CatalogueImport, ChangeField } from "../../app/national-portal/catalogue-sync.js";
import type { Component, Fee, LegalBasis, TimeLimit } from "../../domain/catalogue.js";
import { formatDateTime, formatVnd } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { errorSummary, type FieldErr, notice, type OfficeUser, officePage, tx } from "./common.js";

/** The administrator's page to review and apply an update of the catalogue from the national database (issue #6). */

export const CATALOGUE_TEXT = {
  title: { vi: "Cập nhật danh mục thủ tục từ CSDL quốc gia", en: "Update the catalogue from the national database" },
  intro: {
    vi: "Danh mục thủ tục hành chính do CSDL quốc gia về TTHC quản lý. Lấy danh mục mới nhất, xem các khác biệt với danh mục của tỉnh, rồi áp dụng. Phần bổ sung của tỉnh (biểu mẫu điện tử, quy trình nội bộ, đơn vị thực hiện) được giữ nguyên.",
    en: "The catalogue of procedures is owned by the national procedure database. Fetch the latest, review the differences with the province's catalogue, then apply. The province's additions (e-form, internal process, units) are kept.",
  },
  fetch: { vi: "Lấy danh mục từ CSDL quốc gia", en: "Fetch the national catalogue" },
  apply: { vi: "Áp dụng cập nhật", en: "Apply the update" },
  none: { vi: "Chưa lấy danh mục lần nào.", en: "The catalogue has not been fetched yet." },
  fetchedAt: {
    vi: "Lấy lúc {at} (phiên bản danh mục {source}, {n} thủ tục).",
    en: "Fetched {at} (catalogue version {source}, {n} procedures).",
  },
  appliedAt: { vi: "Đã áp dụng lúc {at}.", en: "Applied {at}." },
  nothing: {
    vi: "Danh mục của tỉnh đã khớp với CSDL quốc gia; không có gì cần áp dụng.",
    en: "The province's catalogue matches the national database; nothing to apply.",
  },
  newTitle: { vi: "Thủ tục mới ({n})", en: "New procedures ({n})" },
  newHint: {
    vi: "Được tạo ở dạng bản nháp để quản trị viên bổ sung đơn vị, biểu mẫu điện tử, quy trình nội bộ rồi công bố.",
    en: "Created as drafts for the administrator to complete (units, e-form, internal process) and publish.",
  },
  changedTitle: { vi: "Thủ tục có thay đổi ({n})", en: "Changed procedures ({n})" },
  changedHint: {
    vi: "Mỗi thủ tục có một phiên bản mới; hồ sơ đã nhận giữ phiên bản cũ.",
    en: "Each gets a new version; dossiers already received keep their version.",
  },
  withdrawnTitle: { vi: "Thủ tục bị bãi bỏ ({n})", en: "Withdrawn procedures ({n})" },
  withdrawnHint: {
    vi: "Ngừng nhận hồ sơ mới; hồ sơ đang giải quyết tiếp tục theo phiên bản đã nhận.",
    en: "No new dossiers; dossiers in progress go on under the version they were received with.",
  },
  brokenTitle: { vi: "Bản ghi lỗi, không nhập ({n})", en: "Broken records, not imported ({n})" },
  unchanged: { vi: "{n} thủ tục không thay đổi.", en: "{n} procedures unchanged." },
  code: { vi: "Mã thủ tục", en: "Code" },
  name: { vi: "Tên thủ tục", en: "Name" },
  field: { vi: "Lĩnh vực", en: "Field" },
  level: { vi: "Cấp thực hiện", en: "Level" },
  what: { vi: "Nội dung", en: "What" },
  before: { vi: "Hiện tại", en: "Now" },
  after: { vi: "Theo CSDL quốc gia", en: "National database" },
  reason: { vi: "Lý do", en: "Reason" },
  applied: {
    vi: "Đã áp dụng: {created} thủ tục mới (bản nháp), {updated} thủ tục cập nhật, {withdrawn} thủ tục bãi bỏ.",
    en: "Applied: {created} new procedures (drafts), {updated} updated, {withdrawn} withdrawn.",
  },
  previewed: {
    vi: "Đã lấy danh mục; xem các khác biệt dưới đây trước khi áp dụng.",
    en: "Catalogue fetched; review the differences below before applying.",
  },
} satisfies Record<string, LText>;

const FIELD_NAMES: Record<ChangeField, LText> = {
  name: { vi: "Tên thủ tục", en: "Name" },
  level: { vi: "Cấp thực hiện", en: "Level" },
  timeLimit: { vi: "Thời hạn giải quyết", en: "Time limit" },
  fees: { vi: "Phí, lệ phí", en: "Fees" },
  components: { vi: "Thành phần hồ sơ", en: "Dossier components" },
  legalBases: { vi: "Căn cứ pháp lý", en: "Legal bases" },
  onlineKind: { vi: "Mức độ dịch vụ công trực tuyến", en: "Online service" },
  result: { vi: "Kết quả", en: "Result" },
};
const LEVELS: Record<string, LText> = {
  province: { vi: "Cấp tỉnh", en: "Province" },
  commune: { vi: "Cấp xã", en: "Commune" },
  ministry: { vi: "Cấp bộ", en: "Ministry" },
  sector: { vi: "Ngành dọc", en: "Sector" },
};
const ONLINE: Record<string, LText> = {
  end_to_end: { vi: "Toàn trình", en: "End-to-end" },
  partial: { vi: "Một phần", en: "Partial" },
  none: { vi: "Không trực tuyến", en: "Not online" },
};
const FORMS: Record<string, LText> = {
  original: { vi: "bản chính", en: "original" },
  certified_copy: { vi: "bản sao chứng thực", en: "certified copy" },
  copy: { vi: "bản sao", en: "copy" },
  original_or_copy: { vi: "bản chính hoặc bản sao", en: "original or copy" },
};

function show(lang: Lang, field: ChangeField, v: unknown): Html | string {
  if (field === "timeLimit") {
    const t = v as TimeLimit;
    const what =
      t.unit === "immediate"
        ? tx(lang, { vi: "Giải quyết ngay", en: "Immediate" })
        : `${t.value} ${tx(lang, t.unit === "working_hours" ? { vi: "giờ làm việc", en: "working hours" } : { vi: "ngày làm việc", en: "working days" })}`;
    return t.note ? `${what} (${t.note})` : what;
  }
  if (field === "level") return tx(lang, LEVELS[String(v)] ?? { vi: String(v) });
  if (field === "onlineKind") return tx(lang, ONLINE[String(v)] ?? { vi: String(v) });
  if (field === "fees") {
    const fees = v as Fee[];
    return fees.length ? html`<ul>${fees.map((f) => html`<li>${f.name}: ${formatVnd(f.amount)}</li>`)}</ul>` : "—";
  }
  if (field === "components") {
    const cs = v as Component[];
    return html`<ul>${cs.map(
      (c) => html`<li>${c.code}: ${c.name} (${tx(lang, FORMS[c.form] ?? { vi: c.form })}, ${String(c.quantity)})</li>`,
    )}</ul>`;
  }
  if (field === "legalBases") {
    const bs = v as LegalBasis[];
    return bs.length ? html`<ul>${bs.map((b) => html`<li>${b.number}</li>`)}</ul>` : "—";
  }
  return String(v ?? "—");
}

const fill = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k) => String(p[k] ?? ""));

export function nationalCataloguePage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  latest?: CatalogueImport;
  flash?: string;
  errors?: FieldErr[];
}): string {
  const { lang, latest } = o;
  const T = CATALOGUE_TEXT;
  const d = latest?.diff;
  const pending = latest?.status === "previewed";
  const anything = d ? d.new.length + d.changed.length + d.withdrawn.length > 0 : false;
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
${errorSummary(lang, o.errors ?? [])}
<p>${tx(lang, T.intro)}</p>
<form method="post" action="/office/national-catalogue/preview">
<button type="submit">${tx(lang, T.fetch)}</button>
</form>
${
  !latest || !d
    ? html`<p>${tx(lang, T.none)}</p>`
    : html`<section aria-labelledby="diff-title">
<h2 id="diff-title">${fill(tx(lang, T.fetchedAt), { at: formatDateTime(latest.createdAt), source: d.source, n: d.fetched })}</h2>
${latest.appliedAt ? html`<p>${fill(tx(lang, T.appliedAt), { at: formatDateTime(latest.appliedAt) })}</p>` : ""}
${!anything ? html`<p>${tx(lang, T.nothing)}</p>` : ""}
${
  d.changed.length
    ? html`<h3>${fill(tx(lang, T.changedTitle), { n: d.changed.length })}</h3><p class="hint">${tx(lang, T.changedHint)}</p>
${d.changed.map(
  (c) => html`<div class="table-scroll"><table class="catalogue-diff">
<caption>${c.code} — ${c.name}</caption>
<thead><tr><th scope="col">${tx(lang, T.what)}</th><th scope="col">${tx(lang, T.before)}</th><th scope="col">${tx(lang, T.after)}</th></tr></thead>
<tbody>${c.changes.map(
    (x) =>
      html`<tr><th scope="row">${tx(lang, FIELD_NAMES[x.field])}</th><td>${show(lang, x.field, x.before)}</td><td>${show(lang, x.field, x.after)}</td></tr>`,
  )}</tbody></table></div>`,
)}`
    : ""
}
${
  d.withdrawn.length
    ? html`<h3>${fill(tx(lang, T.withdrawnTitle), { n: d.withdrawn.length })}</h3><p class="hint">${tx(lang, T.withdrawnHint)}</p>
<ul>${d.withdrawn.map((w) => html`<li>${w.code} — ${w.name}</li>`)}</ul>`
    : ""
}
${
  d.new.length
    ? html`<h3>${fill(tx(lang, T.newTitle), { n: d.new.length })}</h3><p class="hint">${tx(lang, T.newHint)}</p>
<div class="table-scroll"><table class="catalogue-new">
<caption class="visually-hidden">${fill(tx(lang, T.newTitle), { n: d.new.length })}</caption>
<thead><tr><th scope="col">${tx(lang, T.code)}</th><th scope="col">${tx(lang, T.name)}</th><th scope="col">${tx(lang, T.field)}</th><th scope="col">${tx(lang, T.level)}</th></tr></thead>
<tbody>${d.new.map(
        (n) =>
          html`<tr><th scope="row">${n.code}</th><td>${n.name}</td><td>${n.field}</td><td>${tx(lang, LEVELS[n.level] ?? { vi: n.level })}</td></tr>`,
      )}</tbody></table></div>`
    : ""
}
${
  d.broken.length
    ? html`<h3>${fill(tx(lang, T.brokenTitle), { n: d.broken.length })}</h3>
<ul class="broken">${d.broken.map((b) => html`<li><strong>${b.code}</strong>: ${b.reason}</li>`)}</ul>`
    : ""
}
<p>${fill(tx(lang, T.unchanged), { n: d.unchanged })}</p>
${
  pending && anything
    ? html`<form method="post" action="/office/national-catalogue/${latest.id}/apply">
<button type="submit" class="primary">${tx(lang, T.apply)}</button>
</form>`
    : ""
}
</section>`
}`;
  return officePage({
    title: tx(lang, T.title),
    lang,
    url: o.url,
    body,
    user: o.user,
    current: "/office/national-catalogue",
  });
}
