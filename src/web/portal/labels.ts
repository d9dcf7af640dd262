import type { Component, Fee, TimeLimit } from "../../domain/catalogue.js";
import type { OnlineFilter, OnlineKind } from "../../domain/search.js";
import { formatVnd } from "../../shared/format.js";
import { type Lang, type LText, pick } from "../../shared/text.js";

/** Words of the public catalogue pages, Vietnamese first. */
export const L = {
  portalLead: {
    vi: "Tìm thủ tục hành chính, xem hồ sơ cần chuẩn bị và nộp hồ sơ trực tuyến.",
    en: "Find an administrative procedure, see which papers you need and submit online.",
  },
  searchLabel: { vi: "Tìm thủ tục hành chính", en: "Search procedures" },
  searchHint: {
    vi: "Gõ tên thủ tục, có dấu hoặc không dấu, hoặc mã thủ tục. Ví dụ: dang ky khai sinh, 1.001193",
    en: "Type a procedure name, with or without Vietnamese accents, or its code. E.g. dang ky khai sinh, 1.001193",
  },
  searchButton: { vi: "Tìm kiếm", en: "Search" },
  procedures: { vi: "thủ tục", en: "procedures" },
  statProcedures: { vi: "thủ tục hành chính", en: "administrative procedures" },
  statEndToEnd: { vi: "dịch vụ trực tuyến toàn trình", en: "end-to-end online services" },
  statPartial: { vi: "dịch vụ trực tuyến một phần", en: "partly online services" },
  statFields: { vi: "lĩnh vực", en: "fields" },
  statUnits: { vi: "cơ quan giải quyết", en: "agencies" },
  catalogueStats: { vi: "Danh mục thủ tục", en: "The catalogue" },
  byField: { vi: "Thủ tục theo lĩnh vực", en: "Procedures by field" },
  popular: { vi: "Dịch vụ công được quan tâm", en: "Popular services" },
  endToEndServices: { vi: "Dịch vụ công trực tuyến toàn trình", en: "End-to-end online services" },
  seeAll: { vi: "Xem tất cả", en: "See all" },
  quickLinks: { vi: "Tiện ích", en: "Quick links" },
  lookupDossier: { vi: "Tra cứu tình trạng hồ sơ", en: "Track a dossier" },
  lookupDossierHint: {
    vi: "Nhập mã hồ sơ in trên giấy tiếp nhận để xem hồ sơ đang ở bước nào.",
    en: "Enter the dossier code printed on your receipt to see where it stands.",
  },
  myDossiersHint: {
    vi: "Đăng nhập bằng tài khoản định danh điện tử (VNeID) để nộp và theo dõi hồ sơ.",
    en: "Log in with your electronic identity (VNeID) to submit and follow your dossiers.",
  },
  allProcedures: { vi: "Tất cả thủ tục hành chính", en: "All administrative procedures" },
  searchResults: { vi: "Kết quả tìm kiếm", en: "Search results" },
  filters: { vi: "Lọc kết quả", en: "Filter results" },
  field: { vi: "Lĩnh vực", en: "Field" },
  unit: { vi: "Cơ quan", en: "Agency" },
  level: { vi: "Cấp thực hiện", en: "Level" },
  online: { vi: "Dịch vụ trực tuyến", en: "Online service" },
  any: { vi: "Tất cả", en: "All" },
  applyFilters: { vi: "Áp dụng", en: "Apply" },
  clearFilters: { vi: "Xóa bộ lọc", en: "Clear filters" },
  noResults: {
    vi: "Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa ngắn hơn, bỏ bớt bộ lọc, hoặc xem danh sách theo lĩnh vực.",
    en: "No procedure matches. Try fewer words, remove a filter, or browse by field.",
  },
  pagination: { vi: "Phân trang", en: "Pagination" },
  previous: { vi: "Trang trước", en: "Previous" },
  next: { vi: "Trang sau", en: "Next" },
  page: { vi: "Trang", en: "Page" },
  code: { vi: "Mã thủ tục", en: "Procedure code" },
  timeLimit: { vi: "Thời hạn giải quyết", en: "Time limit" },
  competentUnit: { vi: "Cơ quan có thẩm quyền", en: "Competent agency" },
  implementingUnits: { vi: "Cơ quan thực hiện", en: "Implementing agencies" },
  applicants: { vi: "Đối tượng thực hiện", en: "Who can apply" },
  fees: { vi: "Phí, lệ phí", en: "Fees and charges" },
  noFee: { vi: "Không mất phí, lệ phí", en: "No fee" },
  free: { vi: "Miễn phí", en: "Free" },
  result: { vi: "Kết quả thực hiện", en: "Result" },
  electronicResult: { vi: "có bản điện tử", en: "also issued electronically" },
  legalBases: { vi: "Căn cứ pháp lý", en: "Legal bases" },
  components: { vi: "Thành phần hồ sơ", en: "Dossier components" },
  componentsCaption: {
    vi: "Giấy tờ cần nộp: tên, hình thức, số lượng, bắt buộc hay không và mẫu đơn",
    en: "Papers to submit: name, form, quantity, whether required, and template",
  },
  componentName: { vi: "Tên giấy tờ", en: "Document" },
  componentForm: { vi: "Hình thức", en: "Form" },
  componentQuantity: { vi: "Số lượng", en: "Quantity" },
  componentRequired: { vi: "Bắt buộc", en: "Required" },
  componentTemplate: { vi: "Mẫu đơn, tờ khai", en: "Template" },
  yes: { vi: "Có", en: "Yes" },
  no: { vi: "Không", en: "No" },
  download: { vi: "Tải về", en: "Download" },
  noComponents: { vi: "Không yêu cầu giấy tờ.", en: "No papers required." },
  description: { vi: "Trình tự thực hiện", en: "How it works" },
  requirements: { vi: "Yêu cầu, điều kiện", en: "Requirements" },
  submitOnline: { vi: "Nộp hồ sơ trực tuyến", en: "Submit online" },
  partialReason: { vi: "Lý do chỉ trực tuyến một phần", en: "Why it is only partly online" },
  offlineHow: {
    vi: "Thủ tục này chưa cung cấp dịch vụ trực tuyến. Vui lòng nộp hồ sơ trực tiếp tại cơ quan thực hiện hoặc qua dịch vụ bưu chính công ích.",
    en: "This procedure is not offered online. Please submit in person at the implementing agency or through the public postal service.",
  },
  whereToSubmit: { vi: "Nơi tiếp nhận hồ sơ", en: "Where to submit" },
  home: { vi: "Trang chủ", en: "Home" },
  breadcrumb: { vi: "Vị trí trang", en: "Breadcrumb" },
  pageNotFound: { vi: "Không tìm thấy trang", en: "Page not found" },
  procedureNotFound: {
    vi: "Không tìm thấy thủ tục hành chính này, hoặc thủ tục chưa được công bố.",
    en: "This administrative procedure does not exist or has not been published.",
  },
  errorTitle: { vi: "Đã có lỗi xảy ra", en: "Something went wrong" },
  errorBack: { vi: "Về trang chủ hoặc tìm thủ tục", en: "Go to the home page or search procedures" },
  errorCode: { vi: "Mã lỗi", en: "Error code" },
  phone: { vi: "Điện thoại", en: "Phone" },
  version: { vi: "Phiên bản", en: "Version" },
  publishedOn: { vi: "công bố ngày", en: "published on" },
} satisfies Record<string, LText>;

export const tr = (key: keyof typeof L, lang: Lang) => pick(L[key], lang);

export const LEVELS: Record<string, LText> = {
  province: { vi: "Cấp tỉnh", en: "Province" },
  commune: { vi: "Cấp xã", en: "Commune" },
  ministry: { vi: "Cấp bộ", en: "Ministry" },
  sector: { vi: "Cơ quan ngành dọc", en: "Sector agency" },
};

export const ONLINE_KINDS: Record<OnlineKind, LText> = {
  end_to_end: { vi: "Trực tuyến toàn trình", en: "Fully online" },
  partial: { vi: "Trực tuyến một phần", en: "Partly online" },
  none: { vi: "Không trực tuyến", en: "Not online" },
};

export const ONLINE_FILTERS: Record<OnlineFilter, LText> = {
  available: { vi: "Có nộp trực tuyến", en: "Can submit online" },
  end_to_end: ONLINE_KINDS.end_to_end,
  partial: ONLINE_KINDS.partial,
  none: ONLINE_KINDS.none,
};

export const COMPONENT_FORMS: Record<Component["form"], LText> = {
  original: { vi: "Bản chính", en: "Original" },
  certified_copy: { vi: "Bản sao chứng thực", en: "Certified copy" },
  copy: { vi: "Bản sao", en: "Copy" },
  original_or_copy: { vi: "Bản chính hoặc bản sao", en: "Original or copy" },
};

export const APPLICANT_TYPES: Record<string, LText> = {
  citizen: { vi: "Công dân", en: "Citizens" },
  business: { vi: "Tổ chức, doanh nghiệp", en: "Organisations and businesses" },
};

/** "15 ngày làm việc", "4 giờ làm việc", "Giải quyết ngay" (+ the note). */
export function formatTimeLimit(t: TimeLimit, lang: Lang): string {
  const main = timeLimitText(t, lang);
  return t.note ? `${main} (${t.note})` : main;
}

/** The time limit without its note. */
export function timeLimitText(t: TimeLimit, lang: Lang): string {
  const vi = lang === "vi";
  let s: string;
  if (t.unit === "immediate") s = vi ? "Giải quyết ngay" : "Immediate";
  else if (t.unit === "working_hours")
    s = vi ? `${t.value} giờ làm việc` : `${t.value} working hour${t.value === 1 ? "" : "s"}`;
  else s = vi ? `${t.value} ngày làm việc` : `${t.value} working day${t.value === 1 ? "" : "s"}`;
  return s;
}

export function formatFee(f: Fee, lang: Lang): string {
  const amount = f.amount > 0 ? formatVnd(f.amount) : pick(L.free, lang);
  return `${f.name}: ${amount}${f.note ? ` – ${f.note}` : ""}`;
}

/** URL slugs of the filters on /thu-tuc (Vietnamese), and the API values they stand for. */
export const LEVEL_SLUGS: Record<string, string> = {
  tinh: "province",
  xa: "commune",
  bo: "ministry",
  nganh: "sector",
};
export const ONLINE_SLUGS: Record<string, OnlineFilter> = {
  co: "available",
  "toan-trinh": "end_to_end",
  "mot-phan": "partial",
  khong: "none",
};
export const slugOf = (map: Record<string, string>, value: string | undefined) =>
  value ? Object.keys(map).find((k) => map[k] === value) : undefined;
