import { demoCatalogueFile } from "./files.js";
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

/** The demo catalogue's fields (src/demo/catalogue/data/units-and-fields.json). */
export const DEMO_FIELDS: DemoField[] = demoCatalogueFile("units-and-fields.json").fields as DemoField[];
