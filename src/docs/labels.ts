/** Vietnamese wording shared by the forms (Circular 03/2025/TT-VPCP) and small formatting helpers. */
import type { TimeLimit } from "../domain/catalogue.js";
import { formatDate, formatDateTime, vnParts } from "../shared/format.js";
import type { ComponentFormLabel, HandOverResult, ResultDelivery } from "./types.js";

export const NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
export const NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc";

export const FORM_TITLES = {
  "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
  "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
  "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
  "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
  "05": "Thông báo dừng giải quyết hồ sơ",
  "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
  "07": "Sổ theo dõi hồ sơ",
} as const;
export type FormNo = keyof typeof FORM_TITLES;

const COMPONENT_FORMS: Record<string, string> = {
  original: "Bản chính",
  certified_copy: "Bản sao chứng thực",
  copy: "Bản sao",
  original_or_copy: "Bản chính hoặc bản sao",
};

/** "Bản chính", "Bản sao chứng thực"… for catalogue codes; any other label is printed as given. */
export function componentFormLabel(form: ComponentFormLabel): string {
  return COMPONENT_FORMS[form] ?? form;
}

const DELIVERY: Record<ResultDelivery["method"], string> = {
  counter: "Trực tiếp tại Bộ phận Một cửa",
  post: "Qua dịch vụ bưu chính công ích",
  online: "Trực tuyến (tài khoản dịch vụ công, kho dữ liệu điện tử)",
};

export function deliveryLabel(d: ResultDelivery): string {
  const base = DELIVERY[d.method];
  return d.detail ? `${base}: ${d.detail}` : base;
}

export const RESULT_LABELS: Record<HandOverResult, string> = {
  early: "Trước hạn",
  on_time: "Đúng hạn",
  late: "Quá hạn",
};

/** "05 ngày làm việc", "04 giờ làm việc", "Giải quyết ngay" — numbers below 10 with a leading zero, as forms print them. */
export function timeLimitText(t: TimeLimit): string {
  const n = t.value < 10 && Number.isInteger(t.value) ? `0${t.value}` : String(t.value).replace(".", ",");
  const base =
    t.unit === "immediate"
      ? "Giải quyết ngay"
      : t.unit === "working_hours"
        ? `${n} giờ làm việc`
        : `${n} ngày làm việc`;
  return t.note ? `${base} (${t.note})` : base;
}

/**
 * The place and date line, e.g. "Bắc Ninh, ngày 05 tháng 02 năm 2026". Decree 30/2020/NĐ-CP: a zero is written before
 * a day below 10 and a month below 3 ("ngày 05 tháng 02", "ngày 15 tháng 7").
 */
export function placeDateLine(place: string, at: Date): string {
  const p = vnParts(at);
  const day = p.day < 10 ? `0${p.day}` : String(p.day);
  const month = p.month < 3 ? `0${p.month}` : String(p.month);
  return `${place}, ngày ${day} tháng ${month} năm ${p.year}`;
}

/** An instant as hh:mm dd/mm/yyyy, or a 'YYYY-MM-DD' day as dd/mm/yyyy; empty for none. */
export function whenText(d: Date | string | null | undefined): string {
  if (d === null || d === undefined || d === "") return "";
  if (typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d)) return formatDate(d);
  return formatDateTime(d);
}

/** A day: dd/mm/yyyy in Vietnam time. */
export function dayText(d: Date | string): string {
  return formatDate(d);
}

/** Text normalised to NFC, so combining marks become the precomposed letters the font has. */
export function nfc(s: string | null | undefined): string {
  return (s ?? "").normalize("NFC");
}
