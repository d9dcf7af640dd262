/**
 * Administrative units for the e-form pick-lists (domain.md §1): the 34 provinces and centrally-run cities after
 * the 2025 merger (Resolution 202/2025/QH15, in force 01/07/2025) and their communes (xã / phường / đặc khu),
 * with the codes of the statistics office's 2025 list (Official Letter 1027/CTK-CSCL, 25/06/2025).
 *
 * Pure data, bundled for the browser too. Only some provinces carry their commune list here (the demo province in
 * full); for a province without a list the commune is typed as text (the e-form accepts its name). Add lists as
 * data when a deployment needs them.
 */

export interface Province {
  code: string;
  name: string;
  kind: "city" | "province";
}

export interface Commune {
  code: string;
  name: string;
  /** Code of the province the commune belongs to. */
  province: string;
}

export const PROVINCES: Province[] = [
  { code: "01", name: "Thành phố Hà Nội", kind: "city" },
  { code: "04", name: "Tỉnh Cao Bằng", kind: "province" },
  { code: "08", name: "Tỉnh Tuyên Quang", kind: "province" },
  { code: "11", name: "Tỉnh Điện Biên", kind: "province" },
  { code: "12", name: "Tỉnh Lai Châu", kind: "province" },
  { code: "14", name: "Tỉnh Sơn La", kind: "province" },
  { code: "15", name: "Tỉnh Lào Cai", kind: "province" },
  { code: "19", name: "Tỉnh Thái Nguyên", kind: "province" },
  { code: "20", name: "Tỉnh Lạng Sơn", kind: "province" },
  { code: "22", name: "Tỉnh Quảng Ninh", kind: "province" },
  { code: "24", name: "Tỉnh Bắc Ninh", kind: "province" },
  { code: "25", name: "Tỉnh Phú Thọ", kind: "province" },
  { code: "31", name: "Thành phố Hải Phòng", kind: "city" },
  { code: "33", name: "Tỉnh Hưng Yên", kind: "province" },
  { code: "37", name: "Tỉnh Ninh Bình", kind: "province" },
  { code: "38", name: "Tỉnh Thanh Hóa", kind: "province" },
  { code: "40", name: "Tỉnh Nghệ An", kind: "province" },
  { code: "42", name: "Tỉnh Hà Tĩnh", kind: "province" },
  { code: "44", name: "Tỉnh Quảng Trị", kind: "province" },
  { code: "46", name: "Thành phố Huế", kind: "city" },
  { code: "48", name: "Thành phố Đà Nẵng", kind: "city" },
  { code: "51", name: "Tỉnh Quảng Ngãi", kind: "province" },
  { code: "52", name: "Tỉnh Gia Lai", kind: "province" },
  { code: "56", name: "Tỉnh Khánh Hòa", kind: "province" },
  { code: "66", name: "Tỉnh Đắk Lắk", kind: "province" },
  { code: "68", name: "Tỉnh Lâm Đồng", kind: "province" },
  { code: "75", name: "Tỉnh Đồng Nai", kind: "province" },
  { code: "79", name: "Thành phố Hồ Chí Minh", kind: "city" },
  { code: "80", name: "Tỉnh Tây Ninh", kind: "province" },
  { code: "82", name: "Tỉnh Đồng Tháp", kind: "province" },
  { code: "86", name: "Tỉnh Vĩnh Long", kind: "province" },
  { code: "91", name: "Tỉnh An Giang", kind: "province" },
  { code: "92", name: "Thành phố Cần Thơ", kind: "city" },
  { code: "96", name: "Tỉnh Cà Mau", kind: "province" },
];

/** The province of the demo deployment: its communes are listed in full. */
export const DEMO_PROVINCE_CODE = "01";

/** Communes per province code: [code, name]. */
const COMMUNE_LISTS: Record<string, Array<[string, string]>> = {
  "01": [
    ["00070", "Phường Hoàn Kiếm"],
    ["00082", "Phường Cửa Nam"],
    ["00004", "Phường Ba Đình"],
    ["00008", "Phường Ngọc Hà"],
    ["00025", "Phường Giảng Võ"],
    ["00256", "Phường Hai Bà Trưng"],
    ["00283", "Phường Vĩnh Tuy"],
    ["00292", "Phường Bạch Mai"],
    ["00235", "Phường Đống Đa"],
    ["00229", "Phường Kim Liên"],
    ["00226", "Phường Văn Miếu - Quốc Tử Giám"],
    ["00199", "Phường Láng"],
    ["00190", "Phường Ô Chợ Dừa"],
    ["00097", "Phường Hồng Hà"],
    ["00328", "Phường Lĩnh Nam"],
    ["00331", "Phường Hoàng Mai"],
    ["00301", "Phường Vĩnh Hưng"],
    ["00322", "Phường Tương Mai"],
    ["00316", "Phường Định Công"],
    ["00337", "Phường Hoàng Liệt"],
    ["00340", "Phường Yên Sở"],
    ["00367", "Phường Thanh Xuân"],
    ["00364", "Phường Khương Đình"],
    ["00352", "Phường Phương Liệt"],
    ["00166", "Phường Cầu Giấy"],
    ["00160", "Phường Nghĩa Đô"],
    ["00175", "Phường Yên Hòa"],
    ["00103", "Phường Tây Hồ"],
    ["00091", "Phường Phú Thượng"],
    ["00613", "Phường Tây Tựu"],
    ["00619", "Phường Phú Diễn"],
    ["00611", "Phường Xuân Đỉnh"],
    ["00602", "Phường Đông Ngạc"],
    ["00598", "Phường Thượng Cát"],
    ["00592", "Phường Từ Liêm"],
    ["00622", "Phường Xuân Phương"],
    ["00634", "Phường Tây Mỗ"],
    ["00637", "Phường Đại Mỗ"],
    ["00145", "Phường Long Biên"],
    ["00118", "Phường Bồ Đề"],
    ["00127", "Phường Việt Hưng"],
    ["00136", "Phường Phúc Lợi"],
    ["09556", "Phường Hà Đông"],
    ["09886", "Phường Dương Nội"],
    ["09562", "Phường Yên Nghĩa"],
    ["09568", "Phường Phú Lương"],
    ["09552", "Phường Kiến Hưng"],
    ["00640", "Xã Thanh Trì"],
    ["00664", "Xã Đại Thanh"],
    ["00685", "Xã Nam Phù"],
    ["00679", "Xã Ngọc Hồi"],
    ["00643", "Phường Thanh Liệt"],
    ["10231", "Xã Thượng Phúc"],
    ["10183", "Xã Thường Tín"],
    ["10237", "Xã Chương Dương"],
    ["10210", "Xã Hồng Vân"],
    ["10273", "Xã Phú Xuyên"],
    ["10279", "Xã Phượng Dực"],
    ["10330", "Xã Chuyên Mỹ"],
    ["10342", "Xã Đại Xuyên"],
    ["10114", "Xã Thanh Oai"],
    ["10126", "Xã Bình Minh"],
    ["10144", "Xã Tam Hưng"],
    ["10180", "Xã Dân Hòa"],
    ["10354", "Xã Vân Đình"],
    ["10369", "Xã Ứng Thiên"],
    ["10417", "Xã Hòa Xá"],
    ["10402", "Xã Ứng Hòa"],
    ["10441", "Xã Mỹ Đức"],
    ["10465", "Xã Hồng Sơn"],
    ["10459", "Xã Phúc Sơn"],
    ["10489", "Xã Hương Sơn"],
    ["10015", "Phường Chương Mỹ"],
    ["10030", "Xã Phú Nghĩa"],
    ["10045", "Xã Xuân Mai"],
    ["10081", "Xã Trần Phú"],
    ["10096", "Xã Hòa Phú"],
    ["10072", "Xã Quảng Bị"],
    ["09661", "Xã Minh Châu"],
    ["09619", "Xã Quảng Oai"],
    ["09664", "Xã Vật Lại"],
    ["09634", "Xã Cổ Đô"],
    ["09676", "Xã Bất Bạt"],
    ["09694", "Xã Suối Hai"],
    ["09700", "Xã Ba Vì"],
    ["09706", "Xã Yên Bài"],
    ["09574", "Phường Sơn Tây"],
    ["09604", "Phường Tùng Thiện"],
    ["09616", "Xã Đoài Phương"],
    ["09715", "Xã Phúc Thọ"],
    ["09739", "Xã Phúc Lộc"],
    ["09772", "Xã Hát Môn"],
    ["09955", "Xã Thạch Thất"],
    ["09982", "Xã Hạ Bằng"],
    ["10003", "Xã Tây Phương"],
    ["09988", "Xã Hòa Lạc"],
    ["04930", "Xã Yên Xuân"],
    ["09895", "Xã Quốc Oai"],
    ["09931", "Xã Hưng Đạo"],
    ["09910", "Xã Kiều Phú"],
    ["09952", "Xã Phú Cát"],
    ["09832", "Xã Hoài Đức"],
    ["09856", "Xã Dương Hòa"],
    ["09871", "Xã Sơn Đồng"],
    ["09877", "Xã An Khánh"],
    ["09784", "Xã Đan Phượng"],
    ["09817", "Xã Ô Diên"],
    ["09787", "Xã Liên Minh"],
    ["00565", "Xã Gia Lâm"],
    ["00562", "Xã Thuận An"],
    ["00577", "Xã Bát Tràng"],
    ["00541", "Xã Phù Đổng"],
    ["00475", "Xã Thư Lâm"],
    ["00454", "Xã Đông Anh"],
    ["00466", "Xã Phúc Thịnh"],
    ["00493", "Xã Thiên Lộc"],
    ["00508", "Xã Vĩnh Thanh"],
    ["09022", "Xã Mê Linh"],
    ["08980", "Xã Yên Lãng"],
    ["08995", "Xã Tiến Thắng"],
    ["08974", "Xã Quang Minh"],
    ["00376", "Xã Sóc Sơn"],
    ["00430", "Xã Đa Phúc"],
    ["00433", "Xã Nội Bài"],
    ["00385", "Xã Trung Giã"],
    ["00382", "Xã Kim Anh"],
  ],
};

export const COMMUNES: Commune[] = Object.entries(COMMUNE_LISTS).flatMap(([province, list]) =>
  list.map(([code, name]) => ({ code, name, province })),
);

const provinceByCode = new Map(PROVINCES.map((p) => [p.code, p]));
const communeByCode = new Map(COMMUNES.map((c) => [c.code, c]));

export const findProvince = (code: string): Province | undefined => provinceByCode.get(code);
export const findCommune = (code: string): Commune | undefined => communeByCode.get(code);
export const communesOf = (provinceCode: string): Commune[] => COMMUNES.filter((c) => c.province === provinceCode);
/** Whether a commune list is kept for this province (else its communes are typed as text). */
export const hasCommuneList = (provinceCode: string): boolean => !!COMMUNE_LISTS[provinceCode];
/** Provinces that have a commune list. */
export const provincesWithCommunes = (): Province[] => PROVINCES.filter((p) => COMMUNE_LISTS[p.code]);
