import type { LText } from "../shared/text.js";

/**
 * The national status catalogue (domain.md §5). Keep the codes: they are synchronised with the national portal.
 * See docs/law.md#statuses.
 */
export const Status = {
  SUBMITTED: 1,
  RECEIVED: 2,
  REFUSED: 3,
  PROCESSING: 4,
  SUPPLEMENT_REQUESTED: 5,
  FINANCIAL_OBLIGATION: 6,
  WITHDRAWN: 7,
  STOPPED: 8,
  PROCESSED: 9,
  RETURNED: 10,
} as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

export const STATUS_NAMES: Record<StatusCode, LText> = {
  1: { vi: "Mới đăng ký", en: "Submitted" },
  2: { vi: "Được tiếp nhận", en: "Received" },
  3: { vi: "Không được tiếp nhận", en: "Refused" },
  4: { vi: "Đang xử lý", en: "Processing" },
  5: { vi: "Yêu cầu bổ sung giấy tờ", en: "Supplement requested" },
  6: { vi: "Yêu cầu thực hiện nghĩa vụ tài chính", en: "Financial obligation requested" },
  7: { vi: "Công dân yêu cầu rút hồ sơ", en: "Withdrawn by applicant" },
  8: { vi: "Dừng xử lý", en: "Processing stopped" },
  9: { vi: "Đã xử lý xong", en: "Processed" },
  10: { vi: "Đã trả kết quả", en: "Result returned" },
};

/** Statuses in which the dossier is still open (its deadline runs or is suspended). */
export const OPEN_STATUSES: StatusCode[] = [1, 2, 4, 5, 6, 9];
export const FINAL_STATUSES: StatusCode[] = [3, 7, 8, 10];
