/** Fields (lĩnh vực) of the demo catalogue. Code = level-1 unit code + field code (domain.md §2). */
export interface DemoField {
  code: string;
  name: string;
  nameEn: string;
}

export const FIELD = {
  hoTich: "H26-HT",
  lyLichTuPhap: "H26-LLTP",
  chungThuc: "H26-CT",
  cuTru: "H26-CUTRU",
  hoKinhDoanh: "H26-HKD",
  doanhNghiep: "H26-DN",
  xayDung: "H26-XD",
  datDai: "H26-DD",
  baoTroXaHoi: "H26-BTXH",
  giaoDuc: "H26-GDTH",
  thiTuyenSinh: "H26-THI",
  vanBang: "H26-VBCC",
  duongBo: "H26-DB",
  anToanThucPham: "H26-ATTP",
  luuThongHangHoa: "H26-LTHH",
  viecLam: "H26-VL",
  vanHoa: "H26-VH",
} as const;

export const DEMO_FIELDS: DemoField[] = [
  { code: FIELD.hoTich, name: "Hộ tịch", nameEn: "Civil status" },
  { code: FIELD.lyLichTuPhap, name: "Lý lịch tư pháp", nameEn: "Judicial records" },
  { code: FIELD.chungThuc, name: "Chứng thực", nameEn: "Certification" },
  { code: FIELD.cuTru, name: "Cư trú", nameEn: "Residence" },
  { code: FIELD.hoKinhDoanh, name: "Hộ kinh doanh", nameEn: "Household businesses" },
  {
    code: FIELD.doanhNghiep,
    name: "Thành lập và hoạt động doanh nghiệp",
    nameEn: "Enterprise establishment and operation",
  },
  { code: FIELD.xayDung, name: "Hoạt động xây dựng", nameEn: "Construction" },
  { code: FIELD.datDai, name: "Đất đai", nameEn: "Land" },
  { code: FIELD.baoTroXaHoi, name: "Bảo trợ xã hội", nameEn: "Social protection" },
  { code: FIELD.giaoDuc, name: "Giáo dục trung học", nameEn: "Secondary education" },
  { code: FIELD.thiTuyenSinh, name: "Thi, tuyển sinh", nameEn: "Examinations and admissions" },
  { code: FIELD.vanBang, name: "Hệ thống văn bằng, chứng chỉ", nameEn: "Diplomas and certificates" },
  { code: FIELD.duongBo, name: "Đường bộ", nameEn: "Road transport" },
  { code: FIELD.anToanThucPham, name: "An toàn thực phẩm", nameEn: "Food safety" },
  { code: FIELD.luuThongHangHoa, name: "Lưu thông hàng hóa trong nước", nameEn: "Domestic trade" },
  { code: FIELD.viecLam, name: "Việc làm", nameEn: "Employment" },
  { code: FIELD.vanHoa, name: "Văn hóa", nameEn: "Culture" },
];
