/**
 * The demo province: Thành phố Hà Nội in the two-level model (from 01/07/2025: the city and its 126 communes and
 * wards, no districts). Hà Nội matches the VNeID sandbox's demo people (CCCD prefix 001, addresses in Hà Nội wards).
 *
 * Identifier codes are written in QCVN 102:2016 notation (`000.00.12.H26`, H26 = Hà Nội) for the demo; they are
 * stored and compared as opaque strings, never parsed by position. Names of the units, communes and wards are the
 * real ones; addresses and phone numbers are for demonstration.
 */

export type DemoUnitKind = "province" | "department" | "centre" | "commune" | "agency";

export interface DemoUnit {
  code: string;
  name: string;
  shortName?: string;
  kind: DemoUnitKind;
  level: "province" | "commune";
  /** Code of the parent unit. */
  parent?: string;
  address: string;
  phone: string;
  email?: string;
  /** Whether the unit receives dossiers from applicants (one-stop counter). Default true. */
  receivesDossiers?: boolean;
}

export const PROVINCE_NAME = "Thành phố Hà Nội";
export const PROVINCE_SUFFIX = "H26";

/** Ủy ban nhân dân thành phố Hà Nội. */
export const PROVINCE_UNIT_CODE = "000.00.00.H26";
/** Trung tâm Phục vụ hành chính công thành phố Hà Nội: receives province-level dossiers. */
export const CENTRE_CODE = "000.00.12.H26";

/** Province-level departments and agencies by short key. */
export const DEPT = {
  vanPhong: "000.00.01.H26",
  tuPhap: "000.00.02.H26",
  xayDung: "000.00.03.H26",
  nongNghiepMoiTruong: "000.00.04.H26",
  taiChinh: "000.00.05.H26",
  yTe: "000.00.06.H26",
  giaoDuc: "000.00.07.H26",
  noiVu: "000.00.08.H26",
  congThuong: "000.00.09.H26",
  congAn: "000.00.10.H26",
  vanHoaTheThao: "000.00.11.H26",
  khoaHocCongNghe: "000.00.13.H26",
  duLich: "000.00.14.H26",
  danTocTonGiao: "000.00.15.H26",
  quyHoachKienTruc: "000.00.16.H26",
  /** Văn phòng Đăng ký đất đai Hà Nội (under Sở Nông nghiệp và Môi trường). */
  dangKyDatDai: "000.01.04.H26",
} as const;

const provinceLevel: DemoUnit[] = [
  {
    code: PROVINCE_UNIT_CODE,
    name: "Ủy ban nhân dân thành phố Hà Nội",
    shortName: "UBND TP Hà Nội",
    kind: "province",
    level: "province",
    address: "79 Đinh Tiên Hoàng, phường Hoàn Kiếm, Thành phố Hà Nội",
    phone: "024 3825 3536",
    email: "ubnd@hanoi.gov.vn",
    receivesDossiers: false,
  },
  {
    code: CENTRE_CODE,
    name: "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
    shortName: "Trung tâm PVHCC TP",
    kind: "centre",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "258 Võ Chí Công, phường Phú Thượng, Thành phố Hà Nội",
    phone: "024 3222 8888",
    email: "tttthcc@hanoi.gov.vn",
  },
  {
    code: DEPT.vanPhong,
    name: "Văn phòng Ủy ban nhân dân thành phố Hà Nội",
    shortName: "Văn phòng UBND TP",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "12 Lê Lai, phường Hoàn Kiếm, Thành phố Hà Nội",
    phone: "024 3825 3163",
    receivesDossiers: false,
  },
  {
    code: DEPT.tuPhap,
    name: "Sở Tư pháp thành phố Hà Nội",
    shortName: "Sở Tư pháp",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "221 Trần Phú, phường Hà Đông, Thành phố Hà Nội",
    phone: "024 3355 3968",
    email: "sotuphap@hanoi.gov.vn",
  },
  {
    code: DEPT.xayDung,
    name: "Sở Xây dựng thành phố Hà Nội",
    shortName: "Sở Xây dựng",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "52 Lê Đại Hành, phường Hai Bà Trưng, Thành phố Hà Nội",
    phone: "024 3976 2413",
    email: "soxaydung@hanoi.gov.vn",
  },
  {
    code: DEPT.nongNghiepMoiTruong,
    name: "Sở Nông nghiệp và Môi trường thành phố Hà Nội",
    shortName: "Sở NN&MT",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "18 Huỳnh Thúc Kháng, phường Láng, Thành phố Hà Nội",
    phone: "024 3773 3549",
    email: "sonnmt@hanoi.gov.vn",
  },
  {
    code: DEPT.dangKyDatDai,
    name: "Văn phòng Đăng ký đất đai Hà Nội",
    shortName: "VP Đăng ký đất đai",
    kind: "agency",
    level: "province",
    parent: DEPT.nongNghiepMoiTruong,
    address: "Số 3 Phạm Văn Đồng, phường Nghĩa Đô, Thành phố Hà Nội",
    phone: "024 3767 1366",
    email: "vpdkdd@hanoi.gov.vn",
  },
  {
    code: DEPT.taiChinh,
    name: "Sở Tài chính thành phố Hà Nội",
    shortName: "Sở Tài chính",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "16 Cát Linh, phường Ô Chợ Dừa, Thành phố Hà Nội",
    phone: "024 3825 6637",
    email: "sotaichinh@hanoi.gov.vn",
  },
  {
    code: DEPT.yTe,
    name: "Sở Y tế thành phố Hà Nội",
    shortName: "Sở Y tế",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "4 Sơn Tây, phường Giảng Võ, Thành phố Hà Nội",
    phone: "024 3998 5765",
    email: "soyte@hanoi.gov.vn",
  },
  {
    code: DEPT.giaoDuc,
    name: "Sở Giáo dục và Đào tạo thành phố Hà Nội",
    shortName: "Sở GD&ĐT",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "23 Quang Trung, phường Cửa Nam, Thành phố Hà Nội",
    phone: "024 3939 5244",
    email: "sogddt@hanoi.edu.vn",
  },
  {
    code: DEPT.noiVu,
    name: "Sở Nội vụ thành phố Hà Nội",
    shortName: "Sở Nội vụ",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "18B Lê Thánh Tông, phường Cửa Nam, Thành phố Hà Nội",
    phone: "024 3825 3826",
    email: "sonoivu@hanoi.gov.vn",
  },
  {
    code: DEPT.congThuong,
    name: "Sở Công Thương thành phố Hà Nội",
    shortName: "Sở Công Thương",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "331 Cầu Giấy, phường Cầu Giấy, Thành phố Hà Nội",
    phone: "024 3823 5826",
    email: "socongthuong@hanoi.gov.vn",
  },
  {
    code: DEPT.congAn,
    name: "Công an thành phố Hà Nội",
    shortName: "Công an TP",
    kind: "agency",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "87 Trần Hưng Đạo, phường Cửa Nam, Thành phố Hà Nội",
    phone: "069 219 4466",
  },
  {
    code: DEPT.vanHoaTheThao,
    name: "Sở Văn hóa và Thể thao thành phố Hà Nội",
    shortName: "Sở VH&TT",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "47 Hàng Dầu, phường Hoàn Kiếm, Thành phố Hà Nội",
    phone: "024 3825 3357",
    email: "sovhtt@hanoi.gov.vn",
  },
  {
    code: DEPT.khoaHocCongNghe,
    name: "Sở Khoa học và Công nghệ thành phố Hà Nội",
    shortName: "Sở KH&CN",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "185 Giảng Võ, phường Giảng Võ, Thành phố Hà Nội",
    phone: "024 3512 2648",
    email: "sokhcn@hanoi.gov.vn",
  },
  {
    code: DEPT.duLich,
    name: "Sở Du lịch thành phố Hà Nội",
    shortName: "Sở Du lịch",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "28 Đinh Tiên Hoàng, phường Hoàn Kiếm, Thành phố Hà Nội",
    phone: "024 3825 6316",
    email: "sodulich@hanoi.gov.vn",
  },
  {
    code: DEPT.danTocTonGiao,
    name: "Sở Dân tộc và Tôn giáo thành phố Hà Nội",
    shortName: "Sở DT&TG",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "18 Lê Thánh Tông, phường Cửa Nam, Thành phố Hà Nội",
    phone: "024 3825 2164",
  },
  {
    code: DEPT.quyHoachKienTruc,
    name: "Sở Quy hoạch - Kiến trúc thành phố Hà Nội",
    shortName: "Sở QH-KT",
    kind: "department",
    level: "province",
    parent: PROVINCE_UNIT_CODE,
    address: "31B Tràng Thi, phường Hoàn Kiếm, Thành phố Hà Nội",
    phone: "024 3934 6393",
    email: "soqhkt@hanoi.gov.vn",
  },
];

/** Communes and wards (real names after 01/07/2025) with a demo street address of the People's Committee. */
const COMMUNES: Array<[name: string, seat: string]> = [
  ["Phường Hoàn Kiếm", "126 Hàng Trống"],
  ["Phường Cửa Nam", "Số 6 Lê Thánh Tông"],
  ["Phường Ba Đình", "Số 18 Điện Biên Phủ"],
  ["Phường Ngọc Hà", "Số 25 Liễu Giai"],
  ["Phường Giảng Võ", "Số 139 Giảng Võ"],
  ["Phường Hai Bà Trưng", "Số 30 Lê Đại Hành"],
  ["Phường Bạch Mai", "Số 40 Lê Thanh Nghị"],
  ["Phường Đống Đa", "Số 2 Tôn Thất Tùng"],
  ["Phường Láng", "Số 1 Láng Hạ"],
  ["Phường Văn Miếu - Quốc Tử Giám", "Số 58 Quốc Tử Giám"],
  ["Phường Hoàng Mai", "Số 8 Ngọc Hồi"],
  ["Phường Thanh Xuân", "Số 9 Khương Đình"],
  ["Phường Cầu Giấy", "Số 36 Cầu Giấy"],
  ["Phường Nghĩa Đô", "Số 12 Hoàng Quốc Việt"],
  ["Phường Tây Hồ", "Số 657 Lạc Long Quân"],
  ["Phường Phú Thượng", "Số 2 An Dương Vương"],
  ["Phường Từ Liêm", "Số 125 Hồ Tùng Mậu"],
  ["Phường Long Biên", "Số 1 Vạn Hạnh"],
  ["Phường Bồ Đề", "Số 15 Nguyễn Văn Cừ"],
  ["Phường Hà Đông", "Số 1 Hoàng Văn Thụ"],
  ["Phường Sơn Tây", "Số 2 Phó Đức Chính"],
  ["Xã Sóc Sơn", "Thôn Miếu Thờ"],
  ["Xã Đông Anh", "Số 68 Cao Lỗ"],
  ["Xã Gia Lâm", "Số 1 Ngô Xuân Quảng"],
  ["Xã Bát Tràng", "Thôn Giang Cao"],
  ["Xã Thanh Trì", "Km 11 Ngọc Hồi"],
  ["Xã Mê Linh", "Thôn Đại Bái"],
  ["Xã Ba Vì", "Thôn Tây Đằng"],
  ["Xã Thường Tín", "Tiểu khu Ga"],
  ["Xã Mỹ Đức", "Thôn Đại Nghĩa"],
];

const pad = (n: number) => String(n).padStart(2, "0");

/** Codes of the communes' People's Committees, in list order. */
export const COMMUNE_CODES: string[] = COMMUNES.map((_, i) => `000.${pad(i + 1)}.30.H26`);
/** Codes of the communes' police (Công an cấp xã: residence registration), in the same order. */
export const COMMUNE_POLICE_CODES: string[] = COMMUNES.map((_, i) => `000.${pad(i + 1)}.31.H26`);

/** A few communes by name, for tests and fixtures. */
export const COMMUNE = {
  hoanKiem: COMMUNE_CODES[0]!,
  baDinh: COMMUNE_CODES[2]!,
  lang: COMMUNE_CODES[8]!,
  cauGiay: COMMUNE_CODES[12]!,
  boDe: COMMUNE_CODES[18]!,
  haDong: COMMUNE_CODES[19]!,
  socSon: COMMUNE_CODES[21]!,
} as const;

const communeLevel: DemoUnit[] = COMMUNES.flatMap(([name, seat], i): DemoUnit[] => {
  const lower = name.charAt(0).toLowerCase() + name.slice(1);
  const address = `${seat}, ${lower}, Thành phố Hà Nội`;
  const phone = `024 3${String(600 + i * 7).padStart(3, "0")} ${String(1000 + i * 37).slice(-4)}`;
  return [
    {
      code: COMMUNE_CODES[i]!,
      name: `Ủy ban nhân dân ${lower}`,
      shortName: `UBND ${name}`,
      kind: "commune",
      level: "commune",
      parent: PROVINCE_UNIT_CODE,
      address,
      phone,
    },
    {
      code: COMMUNE_POLICE_CODES[i]!,
      name: `Công an ${lower}`,
      shortName: `Công an ${name}`,
      kind: "agency",
      level: "commune",
      parent: DEPT.congAn,
      address,
      phone: `069 2${String(300 + i).padStart(3, "0")} ${String(2000 + i * 13).slice(-4)}`,
    },
  ];
});

/** Every demo unit, parents before children. */
export const DEMO_UNITS: DemoUnit[] = [...provinceLevel, ...communeLevel];

export const COMMUNE_NAMES: string[] = COMMUNES.map(([name]) => name);
