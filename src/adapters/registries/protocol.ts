import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signed REST with the national registries ("provide once"): the national population database (CSDL quốc gia về
 * dân cư) and the national business registration database. Requests carry `x-client-id`, `x-timestamp`,
 * `x-request-id` (logged by the registry as the lawful-access trail) and `x-signature` = hex HMAC-SHA256 over
 * `METHOD\npath\ntimestamp\nrequestId\nsha256hex(body)`; answers are signed the same way over their body
 * (`x-signature` with `x-timestamp`), so a tampered answer is detected.
 */

export const sha256hex = (s: string) => createHash("sha256").update(s).digest("hex");

export function requestSignature(
  secret: string,
  method: string,
  path: string,
  ts: string,
  requestId: string,
  body: string,
) {
  return createHmac("sha256", secret)
    .update(`${method.toUpperCase()}\n${path}\n${ts}\n${requestId}\n${sha256hex(body)}`)
    .digest("hex");
}

export function answerSignature(secret: string, ts: string, body: string) {
  return createHmac("sha256", secret)
    .update(`${ts}\n${sha256hex(body)}`)
    .digest("hex");
}

export function equalHex(a: string, b: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(a) || !/^[0-9a-f]{64}$/.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}

/** A citizen as the population database returns it. */
export interface CitizenRecord {
  soDinhDanh: string;
  hoTen: string;
  ngaySinh: string;
  gioiTinh: "Nam" | "Nữ";
  noiThuongTru: string;
  queQuan?: string;
  danToc?: string;
  quocTich: string;
}

/** A business as the business registration database returns it. */
export interface BusinessRecord {
  maSoDoanhNghiep: string;
  tenDoanhNghiep: string;
  loaiHinh: string;
  diaChiTruSo: string;
  nguoiDaiDien: { hoTen: string; soDinhDanh: string; chucDanh: string };
  ngayThanhLap: string;
  tinhTrang: "DANG_HOAT_DONG" | "TAM_NGUNG" | "DA_GIAI_THE";
}
