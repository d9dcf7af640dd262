import { createHash } from "node:crypto";

/**
 * The demo identities of the VNeID SANDBOX. Invented people: the 12-digit CCCD numbers follow the real layout
 * (birth-province code 001 = Hà Nội, a century/gender digit, two digits of the birth year, six digits) but belong
 * to nobody. Every address is in the demo province.
 */
export interface DemoPerson {
  /** Stable key used by the login form. */
  key: string;
  kind: "citizen" | "business";
  name: string;
  /** 12-digit personal identification number (citizens). */
  cccd?: string;
  /** 10-digit tax code (businesses). */
  taxCode?: string;
  /** The business's legal representative. */
  representative?: { name: string; cccd: string; title: string };
  /** YYYY-MM-DD (citizens) or date of establishment (businesses). */
  birthdate?: string;
  gender?: "male" | "female";
  address: { formatted: string; street_address: string; locality: string; region: string; country: string };
  phone: string;
  email: string;
}

const REGION = "Thành phố Hà Nội";
const addr = (street: string, locality: string) => ({
  formatted: `${street}, ${locality}, ${REGION}`,
  street_address: street,
  locality,
  region: REGION,
  country: "VN",
});

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    key: "001085012345",
    kind: "citizen",
    name: "Nguyễn Văn An",
    cccd: "001085012345",
    birthdate: "1985-03-12",
    gender: "male",
    address: addr("Số 12 phố Phan Đình Phùng", "Phường Ba Đình"),
    phone: "0912345678",
    email: "nguyenvanan@example.com",
  },
  {
    key: "001192034567",
    kind: "citizen",
    name: "Trần Thị Bích Ngọc",
    cccd: "001192034567",
    birthdate: "1992-07-25",
    gender: "female",
    address: addr("Số 45 phố Hàng Bạc", "Phường Hoàn Kiếm"),
    phone: "0987654321",
    email: "tranthibichngoc@example.com",
  },
  {
    key: "001201056789",
    kind: "citizen",
    name: "Lê Hoàng Minh",
    cccd: "001201056789",
    birthdate: "2001-11-03",
    gender: "male",
    address: addr("Ngõ 8 đường Trần Thái Tông", "Phường Cầu Giấy"),
    phone: "0934567890",
    email: "lehoangminh@example.com",
  },
  {
    key: "001178078912",
    kind: "citizen",
    name: "Phạm Thị Thu Hà",
    cccd: "001178078912",
    birthdate: "1978-01-30",
    gender: "female",
    address: addr("Số 3 đường Quang Trung", "Phường Hà Đông"),
    phone: "0968123456",
    email: "phamthithuha@example.com",
  },
  {
    key: "001060090123",
    kind: "citizen",
    name: "Đỗ Quốc Bảo",
    cccd: "001060090123",
    birthdate: "1960-09-09",
    gender: "male",
    address: addr("Thôn Xuân Dục", "Xã Sóc Sơn"),
    phone: "0903111222",
    email: "doquocbao@example.com",
  },
  {
    key: "001303012468",
    kind: "citizen",
    name: "Vũ Thị Lan Anh",
    cccd: "001303012468",
    birthdate: "2003-04-18",
    gender: "female",
    address: addr("Số 27 phố Nguyễn Văn Cừ", "Phường Bồ Đề"),
    phone: "0356789012",
    email: "vuthilananh@example.com",
  },
  {
    key: "0109876543",
    kind: "business",
    name: "Công ty TNHH Thương mại và Dịch vụ Hồng Hà",
    taxCode: "0109876543",
    representative: { name: "Hoàng Văn Dũng", cccd: "001082045678", title: "Giám đốc" },
    birthdate: "2015-06-01",
    address: addr("Tầng 5, số 88 phố Láng Hạ", "Phường Láng"),
    phone: "02437654321",
    email: "lienhe.hongha@example.com",
  },
];

/** The stable, opaque subject identifier of a demo person (never the CCCD itself). */
export function subjectOf(p: DemoPerson): string {
  return createHash("sha256").update(`vneid-sandbox:${p.key}`).digest("hex").slice(0, 32);
}

/** The identity claims of a person (OIDC standard claims plus `cccd` or `tax_code`). */
export function claimsOf(p: DemoPerson): Record<string, unknown> {
  const c: Record<string, unknown> = {
    account_type: p.kind,
    name: p.name,
    address: p.address,
    phone_number: p.phone,
    phone_number_verified: true,
    email: p.email,
    email_verified: true,
  };
  if (p.birthdate) c.birthdate = p.birthdate;
  if (p.gender) c.gender = p.gender;
  if (p.cccd) c.cccd = p.cccd;
  if (p.taxCode) c.tax_code = p.taxCode;
  if (p.representative) c.representative = p.representative;
  return c;
}
