import type { CatalogueProcedure } from "../../domain/catalogue-rules.js";
import { FIELD_TYPE_NAMES, PREFILL_NAMES, PROCESS_ROLES } from "../../domain/catalogue-rules.js";
import type { Component, Fee, LegalBasis, ProcessStep } from "../../domain/catalogue.js";
import type { EForm, EFormField, EFormRule } from "../../shared/eform.js";
import { formatDateTime, toVnIso } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { assetUrl } from "../assets.js";
import { eformScriptData, renderEForm } from "../eform.js";
import { type Html, html, raw } from "../html.js";
import { errorSummary, notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/**
 * The administrators' procedure editor (issue #9): the list of procedures, and one procedure's page — its basic data,
 * the e-form builder (sections, fields of every kind with vi/en labels, help, required and conditional fields, and
 * cross-field rules), the process builder (steps, unit and role, budget, approval and inter-agency steps, next step),
 * the versions with publish / schedule / withdraw, and a live preview of the e-form rendered by the portal's own
 * renderer and script (src/web/eform.ts, src/web/client/eform.ts). The page posts rows; `procedureFromForm` turns
 * them back into the procedure of a catalogue file, which the server checks with the catalogue's rules.
 */

export const BASE = "/office/quan-tri/thu-tuc";
export const NEW = "moi";

export const PROC_TEXT = {
  listTitle: { vi: "Thủ tục, biểu mẫu điện tử và quy trình", en: "Procedures, e-forms and processes" },
  intro: {
    vi: "Mỗi thủ tục được sửa trên một bản nháp; phiên bản đã công bố không bao giờ bị sửa, hồ sơ đã nộp giữ phiên bản của mình. Công bố ngay, hẹn ngày công bố hoặc ngừng áp dụng thủ tục.",
    en: "Each procedure is edited as a draft; a published version never changes and dossiers keep the version they were submitted under. Publish now, schedule a publication, or withdraw a procedure.",
  },
  create: { vi: "Tạo thủ tục mới", en: "Create a procedure" },
  newTitle: { vi: "Thủ tục mới", en: "New procedure" },
  search: { vi: "Tìm theo mã hoặc tên", en: "Search by code or name" },
  searchButton: { vi: "Tìm", en: "Search" },
  code: { vi: "Mã thủ tục", en: "Code" },
  name: { vi: "Tên thủ tục", en: "Name" },
  state: { vi: "Tình trạng", en: "State" },
  published: { vi: "Đang áp dụng phiên bản {v}", en: "Version {v} in force" },
  withdrawn: { vi: "Đã ngừng áp dụng", en: "Withdrawn" },
  unpublished: { vi: "Chưa công bố", en: "Not published" },
  draft: { vi: "Bản nháp phiên bản {v}", en: "Draft version {v}" },
  scheduled: { vi: "hẹn công bố {at}", en: "scheduled for {at}" },
  basics: { vi: "Thông tin chung", en: "General" },
  field: { vi: "Lĩnh vực", en: "Field" },
  level: { vi: "Cấp thực hiện", en: "Level" },
  province: { vi: "Cấp tỉnh", en: "Province" },
  commune: { vi: "Cấp xã", en: "Commune" },
  competent: { vi: "Cơ quan có thẩm quyền", en: "Competent unit" },
  implementing: {
    vi: "Đơn vị tiếp nhận (mã đơn vị, cách nhau bởi dấu phẩy)",
    en: "Receiving units (unit codes, comma separated)",
  },
  applicants: { vi: "Đối tượng thực hiện", en: "Applicants" },
  citizen: { vi: "Công dân", en: "Citizens" },
  business: { vi: "Tổ chức, doanh nghiệp", en: "Organisations, businesses" },
  description: { vi: "Trình tự thực hiện", en: "Description" },
  requirements: { vi: "Yêu cầu, điều kiện", en: "Requirements" },
  timeLimit: { vi: "Thời hạn giải quyết", en: "Time limit" },
  timeLimitNote: { vi: "Ghi chú về thời hạn", en: "Note on the time limit" },
  days: { vi: "ngày làm việc", en: "working days" },
  hours: { vi: "giờ làm việc", en: "working hours" },
  immediate: { vi: "trong ngày (ngay)", en: "immediately" },
  onlineKind: { vi: "Mức độ trực tuyến", en: "Online" },
  endToEnd: { vi: "Toàn trình", en: "End to end" },
  partial: { vi: "Một phần", en: "Partly" },
  none: { vi: "Không trực tuyến", en: "Not online" },
  onlineReason: { vi: "Lý do chỉ trực tuyến một phần", en: "Why only partly online" },
  result: { vi: "Kết quả giải quyết", en: "Result" },
  electronic: { vi: "Kết quả điện tử", en: "Electronic result" },
  fees: { vi: "Phí, lệ phí", en: "Fees and charges" },
  feesHint: {
    vi: "Số tiền bằng đồng cho một đơn vị cách tính (0: không thu). Dòng trống ở cuối để thêm; xoá tên để bỏ một dòng.",
    en: "Whole VND per unit of the basis (0: not charged). The blank row at the end adds one; clear the name to drop a row.",
  },

  components: { vi: "Thành phần hồ sơ, kèm mẫu đơn", en: "Components with their blank forms" },
  componentsHint: {
    vi: "Mẫu đơn của tỉnh được tải lên tại trang Mẫu đơn, tờ khai (/office/quan-tri/mau-don); ghi tên tệp vào ô Tệp mẫu. Xoá mã để bỏ một dòng.",
    en: "Upload the province's blank forms on the Blank forms page (/office/quan-tri/mau-don) and enter the file name. Clear the code to drop a row.",
  },

  legalBases: { vi: "Căn cứ pháp lý", en: "Legal bases" },
  builder: { vi: "Biểu mẫu điện tử", en: "E-form" },
  builderHint: {
    vi: "Mỗi dòng trống ở cuối để thêm mục, trường hoặc quy tắc; xoá khoá để bỏ một dòng. Trường thuộc nhóm lặp ghi khoá của nhóm.",
    en: "The empty rows at the end add a section, field or rule; clear a key to drop a row. A field of a repeating group names the group's key.",
  },
  sections: { vi: "Các mục", en: "Sections" },
  sectionN: { vi: "Mục {n}", en: "Section {n}" },
  key: { vi: "Khoá (camelCase)", en: "Key (camelCase)" },
  titleVi: { vi: "Tiêu đề tiếng Việt", en: "Vietnamese title" },
  titleEn: { vi: "Tiêu đề tiếng Anh", en: "English title" },
  fields: { vi: "Các trường", en: "Fields" },
  fieldN: { vi: "Trường {n}", en: "Field {n}" },
  inSection: { vi: "Thuộc mục (khoá)", en: "In section (key)" },
  inGroup: { vi: "Thuộc nhóm lặp (khoá, nếu có)", en: "In repeating group (key, if any)" },
  type: { vi: "Kiểu", en: "Type" },
  labelVi: { vi: "Nhãn tiếng Việt", en: "Vietnamese label" },
  labelEn: { vi: "Nhãn tiếng Anh", en: "English label" },
  helpVi: { vi: "Hướng dẫn tiếng Việt", en: "Vietnamese help" },
  helpEn: { vi: "Hướng dẫn tiếng Anh", en: "English help" },
  required: { vi: "Bắt buộc", en: "Required" },
  options: {
    vi: "Lựa chọn (mỗi dòng: giá trị | nhãn tiếng Việt | nhãn tiếng Anh)",
    en: "Options (one a line: value | Vietnamese label | English label)",
  },
  showIf: { vi: "Chỉ hiện khi trường (khoá) có giá trị", en: "Shown only when field (key) has a value" },
  showValues: { vi: "… bằng một trong (cách nhau bởi dấu phẩy)", en: "… one of (comma separated)" },
  provinceField: { vi: "Trường tỉnh/thành lọc xã (khoá)", en: "Province field filtering it (key)" },
  prefill: { vi: "Điền sẵn từ tài khoản", en: "Prefilled from the account" },
  dateRule: { vi: "Ràng buộc ngày", en: "Date rule" },
  past: { vi: "không sau hôm nay", en: "not after today" },
  future: { vi: "không trước hôm nay", en: "not before today" },
  min: { vi: "Nhỏ nhất", en: "Minimum" },
  max: { vi: "Lớn nhất", en: "Maximum" },
  none0: { vi: "(không)", en: "(none)" },
  rules: { vi: "Quy tắc giữa các trường", en: "Cross-field rules" },
  ruleN: { vi: "Quy tắc {n}", en: "Rule {n}" },
  ruleField: { vi: "Trường (mục.khoá)", en: "Field (section.key)" },
  ruleOp: { vi: "Phải", en: "Must be" },
  ruleOther: { vi: "So với trường (mục.khoá)", en: "Than field (section.key)" },
  ruleVi: { vi: "Thông báo lỗi tiếng Việt", en: "Vietnamese message" },
  ruleEn: { vi: "Thông báo lỗi tiếng Anh", en: "English message" },
  lt: { vi: "nhỏ hơn / trước", en: "less than / before" },
  lte: { vi: "không lớn hơn / không sau", en: "at most / not after" },
  gt: { vi: "lớn hơn / sau", en: "greater than / after" },
  gte: { vi: "không nhỏ hơn / không trước", en: "at least / not before" },
  process: { vi: "Quy trình nội bộ", en: "Internal process" },
  processHint: {
    vi: "Các bước cộng lại phải bằng thời hạn giải quyết (8 giờ một ngày làm việc); bước đầu là tiếp nhận.",
    en: "The steps must add up to the time limit (8 hours a working day); the first step is reception.",
  },
  stepN: { vi: "Bước {n}", en: "Step {n}" },
  stepCode: { vi: "Mã bước", en: "Step code" },
  stepName: { vi: "Tên bước", en: "Step name" },
  stepUnit: {
    vi: "Đơn vị (receiving: nơi tiếp nhận, competent: cơ quan có thẩm quyền, hoặc mã đơn vị)",
    en: "Unit (receiving, competent, or a unit code)",
  },
  role: { vi: "Vai trò", en: "Role" },
  kind: { vi: "Loại bước", en: "Kind" },
  handling: { vi: "Xử lý", en: "Handling" },
  approval: { vi: "Phê duyệt", en: "Approval" },
  interagency: { vi: "Liên thông", en: "Inter-agency" },
  budget: { vi: "Thời gian (giờ làm việc)", en: "Budget (working hours)" },
  next: { vi: "Bước tiếp theo (mã; để trống: bước kế)", en: "Next step (code; empty: the following one)" },
  save: { vi: "Lưu bản nháp", en: "Save the draft" },
  preview: { vi: "Xem trước", en: "Preview" },
  versions: { vi: "Phiên bản", en: "Versions" },
  version: { vi: "Phiên bản", en: "Version" },
  statusDraft: { vi: "bản nháp", en: "draft" },
  statusPublished: { vi: "đang công bố", en: "published" },
  statusRetired: { vi: "ngừng áp dụng", en: "retired" },
  publishedAt: { vi: "Công bố lúc", en: "Published at" },
  newDraft: { vi: "Tạo phiên bản mới (bản nháp)", en: "Start a new version (draft)" },
  publishNow: { vi: "Lưu và công bố ngay", en: "Save and publish now" },
  publishAt: { vi: "Hẹn công bố lúc", en: "Publish at" },
  schedule: { vi: "Lưu và hẹn công bố", en: "Save and schedule" },
  withdraw: { vi: "Ngừng áp dụng thủ tục", en: "Withdraw the procedure" },
  withdrawConfirm: {
    vi: "Ngừng áp dụng thủ tục này? Người dân sẽ không nộp được hồ sơ mới.",
    en: "Withdraw this procedure? No new dossier can be submitted.",
  },
  previewTitle: { vi: "Xem trước biểu mẫu (như trên Cổng dịch vụ công)", en: "E-form preview (as on the portal)" },
  previewHint: {
    vi: "Thử nhập để kiểm tra trường có điều kiện và quy tắc; dữ liệu thử không được gửi đi.",
    en: "Type to try the conditional fields and rules; nothing typed here is sent.",
  },
  saved: { vi: "Đã lưu bản nháp phiên bản {v}.", en: "Draft version {v} saved." },
  created: { vi: "Đã tạo thủ tục {code} (bản nháp phiên bản 1).", en: "Procedure {code} created (draft version 1)." },
  drafted: { vi: "Đã tạo bản nháp phiên bản {v}.", en: "Draft version {v} started." },
  didPublish: { vi: "Đã công bố phiên bản {v}.", en: "Version {v} published." },
  didSchedule: { vi: "Đã hẹn công bố phiên bản {v} lúc {at}.", en: "Version {v} scheduled for {at}." },
  didWithdraw: { vi: "Đã ngừng áp dụng thủ tục.", en: "The procedure was withdrawn." },
  checked: {
    vi: "Không có lỗi: thủ tục có thể lưu và công bố.",
    en: "No problem: the procedure can be saved and published.",
  },
  notJson: { vi: "{what}: không phải JSON hợp lệ.", en: "{what}: not valid JSON." },
  feeN: { vi: "Phí, lệ phí {n}", en: "Fee {n}" },
  feeName: { vi: "Tên phí, lệ phí", en: "Name" },
  amount: { vi: "Số tiền (đồng)", en: "Amount (VND)" },
  basis: { vi: "Cách tính", en: "Basis" },
  perDossier: { vi: "Mỗi hồ sơ", en: "Per dossier" },
  perCopy: { vi: "Mỗi bản", en: "Per copy" },
  perItem: { vi: "Mỗi trang, mục hoặc việc", en: "Per item" },
  maxAmount: { vi: "Tối đa (đồng, nếu có)", en: "At most (VND, if any)" },
  exemptFor: { vi: "Đối tượng miễn (mã, cách nhau bởi dấu phẩy)", en: "Exempt categories (codes, comma-separated)" },
  rowNote: { vi: "Ghi chú", en: "Note" },
  componentN: { vi: "Thành phần {n}", en: "Component {n}" },
  componentCode: { vi: "Mã thành phần", en: "Code" },
  componentName: { vi: "Tên giấy tờ", en: "Paper" },
  form: { vi: "Hình thức", en: "Form" },
  original: { vi: "Bản chính", en: "Original" },
  certifiedCopy: { vi: "Bản sao chứng thực", en: "Certified copy" },
  copy: { vi: "Bản sao", en: "Copy" },
  originalOrCopy: { vi: "Bản chính hoặc bản sao", en: "Original or copy" },
  quantity: { vi: "Số lượng", en: "Quantity" },
  componentRequired: { vi: "Bắt buộc", en: "Required" },
  declaration: { vi: "Là tờ khai (điền bằng biểu mẫu điện tử)", en: "Is the application form (filled as the e-form)" },
  templateName: { vi: "Tên mẫu đơn tải về", en: "Blank form's title" },
  templateFile: {
    vi: "Tệp mẫu (tên tệp ở trang Mẫu đơn, tờ khai)",
    en: "Blank form's file (name on the Blank forms page)",
  },
  docKind: { vi: "Loại giấy tờ (để dùng lại từ kho dữ liệu)", en: "Kind of paper (reuse from the data warehouse)" },
  heldBy: { vi: "Dữ liệu có trong CSDL quốc gia", en: "Data held by a national database" },
  population: { vi: "CSDL quốc gia về dân cư", en: "National population database" },
  businessDb: { vi: "CSDL đăng ký doanh nghiệp", en: "Business registration database" },
  legalN: { vi: "Căn cứ pháp lý {n}", en: "Legal basis {n}" },
  legalNumber: { vi: "Số, ký hiệu", en: "Number" },
  legalTitle: { vi: "Trích yếu", en: "Title" },
  legalDate: { vi: "Ngày ban hành (YYYY-MM-DD)", en: "Issued (YYYY-MM-DD)" },
} satisfies Record<string, LText>;
const T = PROC_TEXT;
const f = (t: LText, lang: Lang, p: Record<string, string | number>) =>
  tx(lang, t).replace(/\{(\w+)\}/g, (_, k) => String(p[k] ?? ""));

export interface ListItem {
  code: string;
  name: string;
  published: { version: number; publishedAt: Date | null } | null;
  withdrawn: boolean;
  draft: { version: number; publishAt: Date | null } | null;
}

export function proceduresPage(o: { lang: Lang; url: string; user: OfficeUser; q?: string; items: ListItem[] }) {
  const { lang } = o;
  const body = html`<h1>${tx(lang, T.listTitle)}</h1>
<p>${tx(lang, T.intro)}</p>
<p><a class="button" href="${withLang(`${BASE}/${NEW}`, lang)}">${tx(lang, T.create)}</a></p>
<form method="get" action="${BASE}" class="inline-search" role="search">
${lang === "en" ? html`<input type="hidden" name="lang" value="en">` : ""}
<label for="q">${tx(lang, T.search)}</label> <input type="search" id="q" name="q" value="${o.q ?? ""}" maxlength="100">
<button type="submit" class="secondary">${tx(lang, T.searchButton)}</button>
</form>
<div class="table-wrap"><table>
<thead><tr><th scope="col">${tx(lang, T.code)}</th><th scope="col">${tx(lang, T.name)}</th><th scope="col">${tx(lang, T.state)}</th></tr></thead>
<tbody>${o.items.map(
    (p) =>
      html`<tr><td><a href="${withLang(`${BASE}/${encodeURIComponent(p.code)}`, lang)}">${p.code}</a></td><td>${p.name}</td><td>${stateText(p, lang)}</td></tr>`,
  )}</tbody></table></div>`;
  return officePage({ title: tx(lang, T.listTitle), lang, url: o.url, user: o.user, current: BASE, body });
}

function stateText(p: ListItem, lang: Lang): string {
  const parts = [
    p.published
      ? f(T.published, lang, { v: p.published.version })
      : p.withdrawn
        ? tx(lang, T.withdrawn)
        : tx(lang, T.unpublished),
  ];
  if (p.draft)
    parts.push(
      f(T.draft, lang, { v: p.draft.version }) +
        (p.draft.publishAt ? ` (${f(T.scheduled, lang, { at: formatDateTime(p.draft.publishAt) })})` : ""),
    );
  return parts.join("; ");
}

// ---------------------------------------------------------------------------------------------------------------
// Rows of the builder <-> the procedure

/** A field of the builder, one row: where it sits, and its own properties (the others ride along in `extra`). */
interface FieldRow extends EFormField {
  section: string;
  group: string;
}

function fieldRows(eform: EForm): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const s of eform.sections)
    for (const fl of s.fields) {
      const { fields: sub, ...top } = fl;
      rows.push({ ...top, section: s.key, group: "" });
      for (const x of sub ?? []) rows.push({ ...x, section: s.key, group: fl.key });
    }
  return rows;
}

/** The properties a field row edits; any other property of a field is kept in a hidden JSON input. */
const EDITED = new Set([
  "key",
  "type",
  "label",
  "help",
  "required",
  "options",
  "showIf",
  "provinceField",
  "prefill",
  "dateRule",
  "min",
  "max",
  "fields",
  "section",
  "group",
]);

/** The properties of fees, components and legal bases that their rows edit; others ride along in `extra`. */
const FEE_EDITED = new Set(["name", "amount", "basis", "max", "exemptFor", "note"]);
const COMPONENT_EDITED = new Set([
  "code",
  "name",
  "form",
  "quantity",
  "required",
  "declaration",
  "template",
  "kind",
  "heldBy",
  "note",
]);
const LEGAL_EDITED = new Set(["number", "title", "date"]);
const emptyValue = (x: unknown) => x === false || x === "" || (Array.isArray(x) && x.length === 0);
/** What a row does not edit, and what it edits as "nothing" (false, "", []), so a row saved unchanged stays the same. */
const extraOf = (o: object, edited: Set<string>) =>
  JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k, x]) => !edited.has(k) || emptyValue(x))));

/**
 * A procedure from the editor's posted rows (names as the page writes them). What is not valid JSON is reported in
 * `problems` by the input's id; everything else is checked by the server's one schema and checker afterwards.
 */
export function procedureFromForm(
  v: Record<string, string | string[]>,
  lang: Lang,
): { procedure: Record<string, unknown>; problems: Array<{ id: string; message: string }> } {
  const s = (k: string) => {
    const x = v[k];
    return (Array.isArray(x) ? x[0] : x)?.trim() ?? "";
  };
  const on = (k: string) => ["true", "on", "1"].includes(s(k));
  const lt = (vi: string, en: string): LText | undefined => (vi ? { vi, ...(en ? { en } : {}) } : undefined);
  const problems: Array<{ id: string; message: string }> = [];
  const json = (k: string, what: LText) => {
    const text = s(k);
    if (!text) return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      problems.push({ id: `p-${k}`, message: f(T.notJson, lang, { what: tx(lang, what) }) });
      return [];
    }
  };
  const rows = (prefix: string) => {
    const n = new Set<number>();
    for (const k of Object.keys(v)) {
      const m = new RegExp(`^${prefix}(\\d+)\\.`).exec(k);
      if (m) n.add(Number(m[1]));
    }
    return [...n].sort((a, b) => a - b);
  };
  const num = (x: string) => (x === "" || Number.isNaN(Number(x)) ? undefined : Number(x));
  const extra = (k: string): Record<string, unknown> => {
    try {
      return s(k) ? (JSON.parse(s(k)) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };

  const sections = rows("s")
    .filter((i) => s(`s${i}.key`))
    .map((i) => ({
      key: s(`s${i}.key`),
      title: lt(s(`s${i}.vi`), s(`s${i}.en`)) ?? { vi: "" },
      fields: [] as EFormField[],
    }));
  const fieldList = rows("f")
    .filter((i) => s(`f${i}.key`))
    .map((i) => {
      let extra: Record<string, unknown> = {};
      try {
        extra = s(`f${i}.extra`) ? JSON.parse(s(`f${i}.extra`)) : {};
      } catch {
        extra = {};
      }
      const options = s(`f${i}.options`)
        .split(/\r?\n/)
        .map((line) => line.split("|").map((x) => x.trim()))
        .filter((p) => p[0])
        .map(([value, vi, en]) => ({ value: value!, label: lt(vi || value!, en ?? "")! }));
      const showIf = s(`f${i}.showIf`);
      const showValues = s(`f${i}.showValues`)
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      const field: EFormField = {
        ...extra,
        key: s(`f${i}.key`),
        type: s(`f${i}.type`) as EFormField["type"],
        label: lt(s(`f${i}.vi`), s(`f${i}.en`)) ?? { vi: "" },
        ...(lt(s(`f${i}.helpVi`), s(`f${i}.helpEn`)) ? { help: lt(s(`f${i}.helpVi`), s(`f${i}.helpEn`)) } : {}),
        ...(on(`f${i}.required`) ? { required: true } : extra.required === false ? { required: false } : {}),
        ...(options.length ? { options } : {}),
        ...(showIf ? { showIf: { field: showIf, ...(showValues.length ? { values: showValues } : {}) } } : {}),
        ...(s(`f${i}.provinceField`) ? { provinceField: s(`f${i}.provinceField`) } : {}),
        ...(s(`f${i}.prefill`) ? { prefill: s(`f${i}.prefill`) as EFormField["prefill"] } : {}),
        ...(s(`f${i}.dateRule`) ? { dateRule: s(`f${i}.dateRule`) as EFormField["dateRule"] } : {}),
        ...(num(s(`f${i}.min`)) !== undefined ? { min: num(s(`f${i}.min`)) } : {}),
        ...(num(s(`f${i}.max`)) !== undefined ? { max: num(s(`f${i}.max`)) } : {}),
      };
      return { field, section: s(`f${i}.section`), group: s(`f${i}.group`) };
    });
  for (const r of fieldList) {
    const sec = sections.find((x) => x.key === r.section) ?? sections.at(-1);
    if (!sec) continue;
    if (r.group) {
      const g = sec.fields.find((x) => x.key === r.group && x.type === "group");
      if (g) g.fields = [...(g.fields ?? []), r.field];
      else sec.fields.push(r.field); // the checker names it (a sub-field without its group)
    } else sec.fields.push(r.field);
  }
  const rules: EFormRule[] = rows("r")
    .filter((i) => s(`r${i}.field`))
    .map((i) => ({
      field: s(`r${i}.field`),
      op: s(`r${i}.op`) as EFormRule["op"],
      other: s(`r${i}.other`),
      message: lt(s(`r${i}.vi`), s(`r${i}.en`)) ?? { vi: "" },
    }));
  const steps: ProcessStep[] = rows("p")
    .filter((i) => s(`p${i}.code`))
    .map((i) => {
      const unit = s(`p${i}.unit`) || "competent";
      return {
        code: s(`p${i}.code`),
        name: s(`p${i}.name`),
        unit: unit === "receiving" || unit === "competent" ? unit : { code: unit },
        role: s(`p${i}.role`) as ProcessStep["role"],
        budgetHours: num(s(`p${i}.budget`)) ?? 0,
        ...(s(`p${i}.kind`) ? { kind: s(`p${i}.kind`) as ProcessStep["kind"] } : {}),
        ...(s(`p${i}.next`) ? { next: s(`p${i}.next`) } : {}),
      };
    });
  const limitUnit = s("timeLimitUnit") || "working_days";
  const procedure = {
    code: s("code"),
    name: s("name"),
    fieldCode: s("fieldCode"),
    level: s("level"),
    competentUnit: s("competentUnit"),
    implementingUnits: s("implementingUnits")
      .split(/[,;\s]+/)
      .filter(Boolean),
    applicantTypes: [...(on("applicantCitizen") ? ["citizen"] : []), ...(on("applicantBusiness") ? ["business"] : [])],
    description: s("description"),
    requirements: s("requirements"),
    timeLimit: {
      unit: limitUnit,
      value: limitUnit === "immediate" ? 0 : (num(s("timeLimitValue")) ?? 0),
      ...(s("timeLimitNote") ? { note: s("timeLimitNote") } : {}),
    },
    fees: rows("fee")
      .filter((i) => s(`fee${i}.name`))
      .map((i) => {
        const amount = s(`fee${i}.amount`).replace(/[.\s]/g, "");
        const exempt = s(`fee${i}.exemptFor`)
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
        return {
          ...extra(`fee${i}.extra`),
          name: s(`fee${i}.name`),
          // not a number: the server's schema names the row
          amount: num(amount) ?? amount,
          ...(s(`fee${i}.basis`) && s(`fee${i}.basis`) !== "fixed"
            ? { basis: s(`fee${i}.basis`) }
            : s(`fee${i}.basis`) === "fixed" && v[`fee${i}.explicitFixed`]
              ? { basis: "fixed" }
              : {}),
          ...(num(s(`fee${i}.max`).replace(/[.\s]/g, "")) !== undefined
            ? { max: num(s(`fee${i}.max`).replace(/[.\s]/g, "")) }
            : {}),
          ...(exempt.length ? { exemptFor: exempt } : {}),
          ...(s(`fee${i}.note`) ? { note: s(`fee${i}.note`) } : {}),
        };
      }),
    components: rows("c")
      .filter((i) => s(`c${i}.code`))
      .map((i) => ({
        ...extra(`c${i}.extra`),
        code: s(`c${i}.code`),
        name: s(`c${i}.name`),
        form: s(`c${i}.form`) || "original",
        quantity: num(s(`c${i}.quantity`)) ?? s(`c${i}.quantity`),
        required: on(`c${i}.required`),
        ...(on(`c${i}.declaration`) ? { declaration: true } : {}),
        ...(s(`c${i}.templateFile`)
          ? { template: { name: s(`c${i}.templateName`) || s(`c${i}.name`), file: s(`c${i}.templateFile`) } }
          : {}),
        ...(s(`c${i}.kind`) ? { kind: s(`c${i}.kind`) } : {}),
        ...(s(`c${i}.heldBy`) ? { heldBy: s(`c${i}.heldBy`) } : {}),
        ...(s(`c${i}.note`) ? { note: s(`c${i}.note`) } : {}),
      })),
    result: { ...(json("resultExtra", T.result) as object), name: s("resultName"), electronic: on("resultElectronic") },
    legalBases: rows("lb")
      .filter((i) => s(`lb${i}.number`) || s(`lb${i}.title`))
      .map((i) => ({
        ...extra(`lb${i}.extra`),
        number: s(`lb${i}.number`),
        title: s(`lb${i}.title`),
        ...(s(`lb${i}.date`) ? { date: s(`lb${i}.date`) } : {}),
      })),
    onlineKind: s("onlineKind"),
    ...(s("onlineReason") ? { onlineReason: s("onlineReason") } : {}),
    eform: { sections, ...(rules.length ? { rules } : {}) },
    process: { steps },
  };
  return { procedure, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// The procedure's page

export interface EditPageInput {
  lang: Lang;
  url: string;
  user: OfficeUser;
  /** null: a procedure not created yet. */
  code: string | null;
  content: CatalogueProcedure;
  versions: Array<{
    version: number;
    status: "draft" | "published" | "retired";
    publishedAt: Date | null;
    publishAt: Date | null;
    current: boolean;
  }>;
  draft: { version: number; publishAt: Date | null } | null;
  choices: { units: Array<{ code: string; name: string }>; fields: Array<{ code: string; name: string }> };
  errors?: Array<{ id: string; message: string }>;
  /** The server's problems with the procedure, each naming its field or step. */
  problems?: string[];
  flash?: string;
}

const inp = (id: string, name: string, label: LText, value: string | number | undefined, lang: Lang, extra = "") =>
  html`<div class="field"><label for="${id}">${tx(lang, label)}</label><input id="${id}" name="${name}" value="${value === undefined ? "" : String(value)}"${extra ? raw(` ${extra}`) : ""}></div>`;
const area = (id: string, name: string, label: LText, value: string, lang: Lang, rows = 3, hint?: LText) =>
  html`<div class="field"><label for="${id}">${tx(lang, label)}</label>${hint ? html`<p class="hint" id="${id}-hint">${tx(lang, hint)}</p>` : ""}<textarea id="${id}" name="${name}" rows="${rows}"${hint ? html` aria-describedby="${id}-hint"` : ""}>${value}</textarea></div>`;
const sel = (
  id: string,
  name: string,
  label: LText,
  value: string,
  options: Array<[string, string]>,
  lang: Lang,
): Html =>
  html`<div class="field"><label for="${id}">${tx(lang, label)}</label><select id="${id}" name="${name}">${options.map(
    ([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ""}>${l}</option>`,
  )}</select></div>`;
const check = (id: string, name: string, label: LText, checked: boolean, lang: Lang) =>
  html`<div class="field choice"><input type="checkbox" id="${id}" name="${name}" value="true"${checked ? html` checked` : ""}> <label for="${id}">${tx(lang, label)}</label></div>`;

export function procedureEditPage(o: EditPageInput): string {
  const { lang } = o;
  const p = o.content;
  const none: [string, string] = ["", tx(lang, T.none0)];
  const editable = o.code === null || o.draft !== null;
  const action = withLang(`${BASE}/${o.code === null ? NEW : encodeURIComponent(o.code)}`, lang);
  const title = o.code === null ? tx(lang, T.newTitle) : `${o.code} – ${p.name}`;
  const problems = o.problems ?? [];
  const errors = [...(o.errors ?? []), ...problems.map((m) => ({ id: "problems", message: m }))];

  const sections = [...p.eform.sections.map((s) => ({ key: s.key, title: s.title })), ...blank(1)];
  const fields: Array<FieldRow | null> = [...fieldRows(p.eform), null, null, null];
  const rules: Array<EFormRule | null> = [...(p.eform.rules ?? []), null];
  const steps: Array<ProcessStep | null> = [...p.process.steps, null, null];

  const basics = html`<fieldset><legend><h2>${tx(lang, T.basics)}</h2></legend>
${o.code === null ? inp("p-code", "code", T.code, p.code, lang, 'required maxlength="30"') : html`<input type="hidden" name="code" value="${p.code}">`}
${inp("p-name", "name", T.name, p.name, lang, 'required maxlength="500"')}
${sel(
  "p-fieldCode",
  "fieldCode",
  T.field,
  p.fieldCode,
  o.choices.fields.map((x) => [x.code, `${x.code} – ${x.name}`]),
  lang,
)}
${sel(
  "p-level",
  "level",
  T.level,
  p.level,
  [
    ["province", tx(lang, T.province)],
    ["commune", tx(lang, T.commune)],
  ],
  lang,
)}
${sel(
  "p-competentUnit",
  "competentUnit",
  T.competent,
  p.competentUnit,
  o.choices.units.map((u) => [u.code, `${u.code} – ${u.name}`]),
  lang,
)}
${inp("p-implementingUnits", "implementingUnits", T.implementing, p.implementingUnits.join(", "), lang)}
<fieldset class="choices"><legend>${tx(lang, T.applicants)}</legend>
${check("p-applicantCitizen", "applicantCitizen", T.citizen, p.applicantTypes.includes("citizen"), lang)}
${check("p-applicantBusiness", "applicantBusiness", T.business, p.applicantTypes.includes("business"), lang)}
</fieldset>
${area("p-description", "description", T.description, p.description, lang)}
${area("p-requirements", "requirements", T.requirements, p.requirements, lang)}
${inp("p-timeLimitValue", "timeLimitValue", T.timeLimit, p.timeLimit.value, lang, 'inputmode="numeric"')}
${sel(
  "p-timeLimitUnit",
  "timeLimitUnit",
  T.timeLimit,
  p.timeLimit.unit,
  [
    ["working_days", tx(lang, T.days)],
    ["working_hours", tx(lang, T.hours)],
    ["immediate", tx(lang, T.immediate)],
  ],
  lang,
)}
${inp("p-timeLimitNote", "timeLimitNote", T.timeLimitNote, p.timeLimit.note ?? "", lang)}
${sel(
  "p-onlineKind",
  "onlineKind",
  T.onlineKind,
  p.onlineKind,
  [
    ["end_to_end", tx(lang, T.endToEnd)],
    ["partial", tx(lang, T.partial)],
    ["none", tx(lang, T.none)],
  ],
  lang,
)}
${inp("p-onlineReason", "onlineReason", T.onlineReason, p.onlineReason ?? "", lang)}
${inp("p-resultName", "resultName", T.result, p.result.name, lang)}
${check("p-resultElectronic", "resultElectronic", T.electronic, p.result.electronic, lang)}
${(() => {
  // what the result carries beyond its name and form (e.g. the kind of paper it is) rides along unchanged
  const { name: _n, electronic: _e, ...more } = p.result;
  return Object.keys(more).length ? html`<input type="hidden" name="resultExtra" value="${JSON.stringify(more)}">` : "";
})()}
</fieldset>`;

  const fees: Array<Fee | null> = [...p.fees, null];
  const feeRows = html`<fieldset id="builder-fees"><legend><h2>${tx(lang, T.fees)}</h2></legend>
<p class="hint">${tx(lang, T.feesHint)}</p>
${fees.map(
  (x, i) => html`<fieldset class="builder-row"><legend>${f(T.feeN, lang, { n: i + 1 })}</legend>
${inp(`fee${i}-name`, `fee${i}.name`, T.feeName, x?.name ?? "", lang)}
${inp(`fee${i}-amount`, `fee${i}.amount`, T.amount, x?.amount, lang, 'inputmode="numeric"')}
${sel(
  `fee${i}-basis`,
  `fee${i}.basis`,
  T.basis,
  x?.basis ?? "fixed",
  [
    ["fixed", tx(lang, T.perDossier)],
    ["per_copy", tx(lang, T.perCopy)],
    ["per_item", tx(lang, T.perItem)],
  ],
  lang,
)}
${x?.basis === "fixed" ? html`<input type="hidden" name="fee${i}.explicitFixed" value="1">` : ""}
${inp(`fee${i}-max`, `fee${i}.max`, T.maxAmount, x?.max, lang, 'inputmode="numeric"')}
${inp(`fee${i}-exemptFor`, `fee${i}.exemptFor`, T.exemptFor, (x?.exemptFor ?? []).join(", "), lang)}
${inp(`fee${i}-note`, `fee${i}.note`, T.rowNote, x?.note ?? "", lang)}
<input type="hidden" name="fee${i}.extra" value="${x ? extraOf(x, FEE_EDITED) : "{}"}">
</fieldset>`,
)}
</fieldset>`;

  const components: Array<Component | null> = [...p.components, null, null];
  const componentRows = html`<fieldset id="builder-components"><legend><h2>${tx(lang, T.components)}</h2></legend>
<p class="hint">${tx(lang, T.componentsHint)}</p>
${components.map(
  (x, i) => html`<fieldset class="builder-row"><legend>${f(T.componentN, lang, { n: i + 1 })}</legend>
${inp(`c${i}-code`, `c${i}.code`, T.componentCode, x?.code ?? "", lang)}
${inp(`c${i}-name`, `c${i}.name`, T.componentName, x?.name ?? "", lang)}
${sel(
  `c${i}-form`,
  `c${i}.form`,
  T.form,
  x?.form ?? "original",
  [
    ["original", tx(lang, T.original)],
    ["certified_copy", tx(lang, T.certifiedCopy)],
    ["copy", tx(lang, T.copy)],
    ["original_or_copy", tx(lang, T.originalOrCopy)],
  ],
  lang,
)}
${inp(`c${i}-quantity`, `c${i}.quantity`, T.quantity, x?.quantity ?? 1, lang, 'inputmode="numeric"')}
${check(`c${i}-required`, `c${i}.required`, T.componentRequired, x?.required ?? false, lang)}
${check(`c${i}-declaration`, `c${i}.declaration`, T.declaration, x?.declaration === true, lang)}
${inp(`c${i}-templateName`, `c${i}.templateName`, T.templateName, x?.template?.name ?? "", lang)}
${inp(`c${i}-templateFile`, `c${i}.templateFile`, T.templateFile, x?.template?.file ?? "", lang)}
${inp(`c${i}-kind`, `c${i}.kind`, T.docKind, x?.kind ?? "", lang)}
${sel(
  `c${i}-heldBy`,
  `c${i}.heldBy`,
  T.heldBy,
  x?.heldBy ?? "",
  [
    ["", tx(lang, T.none0)],
    ["population", tx(lang, T.population)],
    ["business", tx(lang, T.businessDb)],
  ],
  lang,
)}
${inp(`c${i}-note`, `c${i}.note`, T.rowNote, x?.note ?? "", lang)}
<input type="hidden" name="c${i}.extra" value="${x ? extraOf(x, COMPONENT_EDITED) : "{}"}">
</fieldset>`,
)}
</fieldset>`;

  const legal: Array<LegalBasis | null> = [...p.legalBases, null];
  const legalRows = html`<fieldset id="builder-legal"><legend><h2>${tx(lang, T.legalBases)}</h2></legend>
${legal.map(
  (x, i) => html`<fieldset class="builder-row"><legend>${f(T.legalN, lang, { n: i + 1 })}</legend>
${inp(`lb${i}-number`, `lb${i}.number`, T.legalNumber, x?.number ?? "", lang)}
${inp(`lb${i}-title`, `lb${i}.title`, T.legalTitle, x?.title ?? "", lang)}
${inp(`lb${i}-date`, `lb${i}.date`, T.legalDate, x?.date ?? "", lang)}
<input type="hidden" name="lb${i}.extra" value="${x ? extraOf(x, LEGAL_EDITED) : "{}"}">
</fieldset>`,
)}
</fieldset>`;

  const typeOptions: Array<[string, string]> = FIELD_TYPE_NAMES.map((t) => [t, t]);
  const builder = html`<fieldset id="builder"><legend><h2>${tx(lang, T.builder)}</h2></legend>
<p class="hint">${tx(lang, T.builderHint)}</p>
<h3>${tx(lang, T.sections)}</h3>
${sections.map(
  (s, i) => html`<fieldset class="builder-row"><legend>${f(T.sectionN, lang, { n: i + 1 })}</legend>
${inp(`s${i}-key`, `s${i}.key`, T.key, s.key, lang)}
${inp(`s${i}-vi`, `s${i}.vi`, T.titleVi, s.title.vi, lang)}
${inp(`s${i}-en`, `s${i}.en`, T.titleEn, s.title.en ?? "", lang)}
</fieldset>`,
)}
<h3 id="builder-fields">${tx(lang, T.fields)}</h3>
${fields.map((r, i) => {
  // an explicit "required": false rides along too, so that a field saved unchanged stays the same JSON
  const extra = r
    ? Object.fromEntries(Object.entries(r).filter(([k, x]) => !EDITED.has(k) || (k === "required" && x === false)))
    : {};
  return html`<fieldset class="builder-row"><legend>${f(T.fieldN, lang, { n: i + 1 })}</legend>
${inp(`f${i}-section`, `f${i}.section`, T.inSection, r?.section ?? sections[0]?.key ?? "", lang)}
${inp(`f${i}-group`, `f${i}.group`, T.inGroup, r?.group ?? "", lang)}
${inp(`f${i}-key`, `f${i}.key`, T.key, r?.key ?? "", lang)}
${sel(`f${i}-type`, `f${i}.type`, T.type, r?.type ?? "text", typeOptions, lang)}
${inp(`f${i}-vi`, `f${i}.vi`, T.labelVi, r?.label.vi ?? "", lang)}
${inp(`f${i}-en`, `f${i}.en`, T.labelEn, r?.label.en ?? "", lang)}
${inp(`f${i}-helpVi`, `f${i}.helpVi`, T.helpVi, r?.help?.vi ?? "", lang)}
${inp(`f${i}-helpEn`, `f${i}.helpEn`, T.helpEn, r?.help?.en ?? "", lang)}
${check(`f${i}-required`, `f${i}.required`, T.required, !!r?.required, lang)}
${area(`f${i}-options`, `f${i}.options`, T.options, (r?.options ?? []).map((x) => `${x.value} | ${x.label.vi} | ${x.label.en ?? ""}`).join("\n"), lang, 2)}
${inp(`f${i}-showIf`, `f${i}.showIf`, T.showIf, r?.showIf?.field ?? "", lang)}
${inp(`f${i}-showValues`, `f${i}.showValues`, T.showValues, (r?.showIf?.values ?? []).join(", "), lang)}
${inp(`f${i}-provinceField`, `f${i}.provinceField`, T.provinceField, r?.provinceField ?? "", lang)}
${sel(`f${i}-prefill`, `f${i}.prefill`, T.prefill, r?.prefill ?? "", [none, ...PREFILL_NAMES.map((x): [string, string] => [x, x])], lang)}
${sel(
  `f${i}-dateRule`,
  `f${i}.dateRule`,
  T.dateRule,
  r?.dateRule ?? "",
  [none, ["past", tx(lang, T.past)], ["future", tx(lang, T.future)]],
  lang,
)}
${inp(`f${i}-min`, `f${i}.min`, T.min, r?.min, lang, 'inputmode="decimal"')}
${inp(`f${i}-max`, `f${i}.max`, T.max, r?.max, lang, 'inputmode="decimal"')}
${Object.keys(extra).length ? html`<input type="hidden" name="f${i}.extra" value="${JSON.stringify(extra)}">` : ""}
</fieldset>`;
})}
<h3>${tx(lang, T.rules)}</h3>
${rules.map(
  (r, i) => html`<fieldset class="builder-row"><legend>${f(T.ruleN, lang, { n: i + 1 })}</legend>
${inp(`r${i}-field`, `r${i}.field`, T.ruleField, r?.field ?? "", lang)}
${sel(
  `r${i}-op`,
  `r${i}.op`,
  T.ruleOp,
  r?.op ?? "lt",
  (["lt", "lte", "gt", "gte"] as const).map((x): [string, string] => [x, tx(lang, T[x])]),
  lang,
)}
${inp(`r${i}-other`, `r${i}.other`, T.ruleOther, r?.other ?? "", lang)}
${inp(`r${i}-vi`, `r${i}.vi`, T.ruleVi, r?.message.vi ?? "", lang)}
${inp(`r${i}-en`, `r${i}.en`, T.ruleEn, r?.message.en ?? "", lang)}
</fieldset>`,
)}
</fieldset>`;

  const process = html`<fieldset id="builder-steps"><legend><h2>${tx(lang, T.process)}</h2></legend>
<p class="hint">${tx(lang, T.processHint)}</p>
${steps.map(
  (s, i) => html`<fieldset class="builder-row"><legend>${f(T.stepN, lang, { n: i + 1 })}</legend>
${inp(`p${i}-code`, `p${i}.code`, T.stepCode, s?.code ?? "", lang)}
${inp(`p${i}-name`, `p${i}.name`, T.stepName, s?.name ?? "", lang)}
${inp(`p${i}-unit`, `p${i}.unit`, T.stepUnit, s ? (typeof s.unit === "object" ? s.unit.code : s.unit) : "", lang)}
${sel(
  `p${i}-role`,
  `p${i}.role`,
  T.role,
  s?.role ?? "specialist",
  PROCESS_ROLES.map((x): [string, string] => [x, x]),
  lang,
)}
${sel(
  `p${i}-kind`,
  `p${i}.kind`,
  T.kind,
  s?.kind ?? "",
  [
    ["", tx(lang, T.handling)],
    ["approval", tx(lang, T.approval)],
    ["interagency", tx(lang, T.interagency)],
  ],
  lang,
)}
${inp(`p${i}-budget`, `p${i}.budget`, T.budget, s?.budgetHours, lang, 'inputmode="numeric"')}
${inp(`p${i}-next`, `p${i}.next`, T.next, s?.next ?? "", lang)}
</fieldset>`,
)}
</fieldset>`;

  const status = (s: "draft" | "published" | "retired") =>
    tx(lang, s === "draft" ? T.statusDraft : s === "published" ? T.statusPublished : T.statusRetired);
  const versions = o.code
    ? html`<h2>${tx(lang, T.versions)}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${tx(lang, T.version)}</th><th scope="col">${tx(lang, T.state)}</th><th scope="col">${tx(lang, T.publishedAt)}</th></tr></thead>
<tbody>${o.versions.map(
        (v) =>
          html`<tr><td>${v.version}</td><td>${status(v.status)}${v.publishAt ? ` (${f(T.scheduled, lang, { at: formatDateTime(v.publishAt) })})` : ""}</td><td>${v.publishedAt ? formatDateTime(v.publishedAt) : ""}</td></tr>`,
      )}</tbody></table></div>
${
  o.draft
    ? ""
    : html`<form method="post" action="${action}"><button type="submit" name="_action" value="newDraft">${tx(lang, T.newDraft)}</button></form>`
}
${
  o.versions.some((v) => v.status === "published") || o.draft?.publishAt
    ? html`<form method="post" action="${action}" data-confirm="${tx(lang, T.withdrawConfirm)}"><button type="submit" class="secondary" name="_action" value="withdraw">${tx(lang, T.withdraw)}</button></form>`
    : ""
}`
    : "";

  const buttons = editable
    ? html`<div class="actions">
<button type="submit" name="_action" value="save">${tx(lang, T.save)}</button>
<button type="submit" class="secondary" name="_action" value="preview">${tx(lang, T.preview)}</button>
${
  o.code !== null
    ? html`<button type="submit" name="_action" value="publish">${tx(lang, T.publishNow)}</button>
${inp("p-publishAt", "publishAt", T.publishAt, o.draft?.publishAt ? toVnIso(o.draft.publishAt).slice(0, 16) : "", lang, 'type="datetime-local"')}
<button type="submit" class="secondary" name="_action" value="schedule">${tx(lang, T.schedule)}</button>`
    : ""
}
</div>`
    : "";

  const preview = html`<section aria-labelledby="preview-title"><h2 id="preview-title">${tx(lang, T.previewTitle)}</h2>
<p class="hint">${tx(lang, T.previewHint)}</p>
<form id="eform" class="eform-preview" novalidate>${eformPreview(p.eform, lang).html}</form>
${eformScriptData(p.eform, { lang, procedure: p.code })}</section>`;

  const body = html`<h1>${title}</h1>
${notice(o.flash)}
${errorSummary(lang, errors)}
${problems.length ? html`<ul class="error-list" id="problems">${problems.map((m) => html`<li>${m}</li>`)}</ul>` : ""}
${versions}
<form method="post" action="${action}" novalidate data-preview="${BASE}/${o.code === null ? NEW : encodeURIComponent(o.code)}/xem-truoc">
${basics}
${feeRows}
${componentRows}
${legalRows}
${builder}
${process}
${buttons}
</form>
${preview}`;
  return officePage({
    title,
    lang,
    url: o.url,
    user: o.user,
    current: BASE,
    body: html`<link rel="stylesheet" href="${assetUrl("eform.css")}">${body}`,
    scripts: ["eform.js", "procedure-builder.js"],
  });
}

/**
 * The e-form preview's fields, by the portal's renderer, and the schema its script takes (the live preview asks for
 * them as the builder's rows change).
 */
export function eformPreview(eform: EForm, lang: Lang): { html: Html; config: Record<string, unknown> } {
  return { html: renderEForm(eform, { lang, values: {} }), config: { form: eform, lang } };
}

function blank(n: number) {
  return Array.from({ length: n }, () => ({ key: "", title: { vi: "" } as LText }));
}

/** The empty procedure a new one starts from. */
export function emptyProcedure(): CatalogueProcedure {
  return {
    code: "",
    name: "",
    fieldCode: "",
    level: "province",
    competentUnit: "",
    implementingUnits: [],
    applicantTypes: ["citizen"],
    description: "",
    requirements: "",
    timeLimit: { unit: "working_days", value: 5 },
    fees: [],
    components: [],
    result: { name: "", electronic: true },
    legalBases: [],
    onlineKind: "end_to_end",
    eform: { sections: [] },
    process: { steps: [] },
  };
}
