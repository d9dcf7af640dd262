/**
 * The words of digital signatures (issue #7) that the office pages and the use cases share: how an officer signs,
 * and the verdicts of a PDF's signature verification.
 */
import type { LText } from "../shared/text.js";

export type SigningMethod = "remote" | "local";

export const SIGNING_METHOD_NAMES: Record<SigningMethod | "none", LText> = {
  remote: { vi: "Ký số từ xa (dịch vụ ký số, mã OTP)", en: "Remote signing (signing service, OTP)" },
  local: { vi: "Khóa cục bộ PKCS#12 (môi trường phát triển)", en: "Local PKCS#12 key (development)" },
  none: { vi: "Chưa được cấp chữ ký số", en: "No digital signature assigned" },
};

export type CheckStatus = "valid" | "tampered" | "revoked" | "expired" | "untrusted" | "unsigned" | "unreadable";

export const CHECK_STATUS_NAMES: Record<CheckStatus, LText> = {
  valid: { vi: "Chữ ký số hợp lệ", en: "Valid signature" },
  tampered: { vi: "Văn bản đã bị sửa đổi sau khi ký", en: "Altered after signing" },
  revoked: { vi: "Chứng thư số đã bị thu hồi", en: "Certificate revoked" },
  expired: { vi: "Chứng thư số hết hạn", en: "Certificate expired" },
  untrusted: { vi: "Chứng thư số không thuộc danh sách tin cậy", en: "Untrusted certificate" },
  unsigned: { vi: "Không có chữ ký số", en: "Not signed" },
  unreadable: { vi: "Không đọc được tệp", en: "Unreadable file" },
};
