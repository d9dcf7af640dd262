import type { NationalComponent, NationalProcedure } from "../../adapters/national-portal/protocol.js";
import { DEMO_FIELDS, DEMO_PROCEDURES, type DemoProcedure } from "../../demo/catalogue/index.js";

export type { NationalComponent, NationalProcedure };

/**
 * The national procedure catalogue (CSDL quốc gia về TTHC) as the national portal SANDBOX serves it: the demo
 * province's procedures plus others of the same levels, in the record shape of the national database (Vietnamese
 * field names, as the LGSP services carry them). Two snapshots exist so that a province's import can be tested
 * against a real update: in the second one some procedures changed (fees, time limit, components), some were
 * withdrawn, some are new, and one record is broken (as real feeds sometimes are).
 */

export type SnapshotName = "2026-11" | "2026-12";
export const SNAPSHOTS: SnapshotName[] = ["2026-11", "2026-12"];

const KIND: Record<DemoProcedure["components"][number]["form"], NationalComponent["LoaiBan"]> = {
  original: 1,
  certified_copy: 2,
  copy: 3,
  original_or_copy: 4,
};
const ONLINE = { end_to_end: "TOAN_TRINH", partial: "MOT_PHAN", none: "KHONG" } as const;

/** National field code of a demo field: the part after the province prefix (H26-HT → HT). */
const nationalField = (code: string) => code.replace(/^H\d+-/, "");
const fieldName = (code: string) => DEMO_FIELDS.find((f) => f.code === code)?.name ?? code;

function fromDemo(p: DemoProcedure): NationalProcedure {
  return {
    MaTTHC: p.code,
    TenTTHC: p.name,
    MaLinhVuc: nationalField(p.fieldCode),
    TenLinhVuc: fieldName(p.fieldCode),
    CapThucHien: [p.level === "province" ? "TINH" : "XA"],
    CoQuanThucHien: p.level === "province" ? "Sở, ban, ngành cấp tỉnh" : "Ủy ban nhân dân cấp xã",
    DoiTuongThucHien: p.applicantTypes.map((t) => (t === "citizen" ? "CONG_DAN" : "DOANH_NGHIEP")),
    ThoiHanGiaiQuyet: {
      GiaTri: p.timeLimit.unit === "immediate" ? 0 : p.timeLimit.value,
      DonVi: p.timeLimit.unit === "working_hours" ? "GIO_LAM_VIEC" : "NGAY_LAM_VIEC",
      ...(p.timeLimit.note ? { MoTa: p.timeLimit.note } : {}),
    },
    PhiLePhi: p.fees.map((f) => ({ TenPhi: f.name, MucPhi: f.amount, ...(f.note ? { MoTa: f.note } : {}) })),
    ThanhPhanHoSo: p.components.map((c) => ({
      MaThanhPhan: c.code,
      TenThanhPhan: c.name,
      LoaiBan: KIND[c.form],
      SoLuong: c.quantity,
      BatBuoc: c.required,
    })),
    KetQua: p.result.name,
    CanCuPhapLy: p.legalBases.map((b) => ({ SoKyHieu: b.number, TrichYeu: b.title })),
    MucDoDVC: ONLINE[p.onlineKind],
    PhienBan: 1,
    NgayHieuLuc: "01/07/2025",
    TrangThai: "CONG_BO",
    NgayCapNhat: "01/11/2026",
  };
}

/**
 * Procedures of the national catalogue that the demo province has not (yet) taken into its own catalogue. Names
 * are of real procedures; the codes are plausible, not verified against the national database.
 */
const OTHERS: [code: string, name: string, field: string, fieldName: string, level: "TINH" | "XA", days: number][] = [
  ["1.000593", "Đăng ký kết hôn có yếu tố nước ngoài", "HT", "Hộ tịch", "XA", 10],
  ["1.001695", "Đăng ký giám hộ", "HT", "Hộ tịch", "XA", 3],
  ["1.000689", "Đăng ký chấm dứt giám hộ", "HT", "Hộ tịch", "XA", 2],
  ["1.004837", "Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài", "HT", "Hộ tịch", "XA", 15],
  [
    "2.000528",
    "Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết ở nước ngoài",
    "HT",
    "Hộ tịch",
    "XA",
    5,
  ],
  ["1.001027", "Đăng ký khai sinh lưu động", "HT", "Hộ tịch", "XA", 5],
  [
    "2.001023",
    "Cấp bản sao Giấy chứng nhận đăng ký hộ kinh doanh",
    "HKD",
    "Thành lập và hoạt động của hộ kinh doanh",
    "XA",
    3,
  ],
  ["2.000575", "Đăng ký thành lập công ty cổ phần", "DN", "Thành lập và phát triển doanh nghiệp", "TINH", 3],
  ["2.000366", "Đăng ký thành lập công ty hợp danh", "DN", "Thành lập và phát triển doanh nghiệp", "TINH", 3],
  ["1.005047", "Đăng ký thành lập doanh nghiệp tư nhân", "DN", "Thành lập và phát triển doanh nghiệp", "TINH", 3],
  [
    "2.001619",
    "Đăng ký thay đổi người đại diện theo pháp luật của công ty",
    "DN",
    "Thành lập và phát triển doanh nghiệp",
    "TINH",
    3,
  ],
  [
    "2.002003",
    "Thông báo tạm ngừng kinh doanh của doanh nghiệp",
    "DN",
    "Thành lập và phát triển doanh nghiệp",
    "TINH",
    3,
  ],
  ["1.009974", "Cấp giấy phép xây dựng sửa chữa, cải tạo công trình", "XD", "Hoạt động xây dựng", "TINH", 20],
  ["1.009975", "Cấp giấy phép di dời công trình", "XD", "Hoạt động xây dựng", "TINH", 20],
  ["1.009976", "Gia hạn giấy phép xây dựng", "XD", "Hoạt động xây dựng", "XA", 5],
  [
    "1.004227",
    "Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý",
    "DD",
    "Đất đai",
    "XA",
    20,
  ],
  ["2.000889", "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "DD", "Đất đai", "TINH", 7],
  ["1.012778", "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "DD", "Đất đai", "TINH", 1],
  ["1.001779", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", "BTXH", "Bảo trợ xã hội", "XA", 20],
  ["1.001739", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "BTXH", "Bảo trợ xã hội", "XA", 3],
  ["2.000286", "Đổi, cấp lại Giấy xác nhận khuyết tật", "BTXH", "Bảo trợ xã hội", "XA", 5],
  ["1.005099", "Chuyển trường đối với học sinh trung học phổ thông", "GDTH", "Giáo dục trung học", "TINH", 3],
  ["1.005143", "Xét tuyển học sinh vào trường phổ thông dân tộc nội trú", "GDTH", "Giáo dục trung học", "TINH", 15],
  ["2.001914", "Chỉnh sửa nội dung văn bằng, chứng chỉ", "VBCC", "Văn bằng, chứng chỉ", "TINH", 5],
  ["1.002804", "Cấp mới giấy phép lái xe", "DB", "Đường bộ", "TINH", 10],
  ["1.002820", "Cấp lại giấy phép lái xe", "DB", "Đường bộ", "TINH", 5],
  ["2.000591", "Cấp giấy phép bán buôn rượu trên địa bàn tỉnh", "LTHH", "Lưu thông hàng hóa trong nước", "TINH", 15],
  ["2.000626", "Cấp giấy phép bán lẻ sản phẩm thuốc lá", "LTHH", "Lưu thông hàng hóa trong nước", "XA", 15],
  ["1.001823", "Cấp giấy phép tổ chức biểu diễn nghệ thuật", "VH", "Văn hóa", "TINH", 5],
  ["1.004662", "Cấp lại giấy phép lao động cho người nước ngoài làm việc tại Việt Nam", "VL", "Việc làm", "TINH", 3],
  ["1.009811", "Xác nhận người nước ngoài không thuộc diện cấp giấy phép lao động", "VL", "Việc làm", "TINH", 3],
  [
    "2.000655",
    "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống",
    "ATTP",
    "An toàn thực phẩm",
    "TINH",
    20,
  ],
];

function other([code, name, field, fName, level, days]: (typeof OTHERS)[number]): NationalProcedure {
  return {
    MaTTHC: code,
    TenTTHC: name,
    MaLinhVuc: field,
    TenLinhVuc: fName,
    CapThucHien: [level],
    CoQuanThucHien: level === "TINH" ? "Sở, ban, ngành cấp tỉnh" : "Ủy ban nhân dân cấp xã",
    DoiTuongThucHien: field === "DN" || field === "LTHH" ? ["DOANH_NGHIEP"] : ["CONG_DAN"],
    ThoiHanGiaiQuyet: { GiaTri: days, DonVi: "NGAY_LAM_VIEC" },
    PhiLePhi: [],
    ThanhPhanHoSo: [
      { MaThanhPhan: "TK", TenThanhPhan: "Tờ khai / đơn đề nghị theo mẫu", LoaiBan: 1, SoLuong: 1, BatBuoc: true },
      { MaThanhPhan: "GT", TenThanhPhan: "Giấy tờ chứng minh liên quan", LoaiBan: 3, SoLuong: 1, BatBuoc: false },
    ],
    KetQua: `Kết quả giải quyết thủ tục “${name}”`,
    CanCuPhapLy: [],
    MucDoDVC: days > 3 ? "TOAN_TRINH" : "MOT_PHAN",
    PhienBan: 1,
    NgayHieuLuc: "01/07/2025",
    TrangThai: "CONG_BO",
    NgayCapNhat: "01/11/2026",
  };
}

/** Codes whose record changes in the 2026-12 snapshot, and how. */
export const CHANGED_IN_DECEMBER = ["1.001193", "2.000815", "1.000894"];
/** Codes withdrawn (bãi bỏ) in the 2026-12 snapshot. */
export const WITHDRAWN_IN_DECEMBER = ["1.001022", "2.000629"];
/** Codes that first appear in the 2026-12 snapshot. */
export const NEW_IN_DECEMBER = ["1.013001", "1.013002"];
/** The broken record of the 2026-12 snapshot (no name, a negative time limit). */
export const BROKEN_IN_DECEMBER = "1.013999";

export function snapshot(name: SnapshotName): NationalProcedure[] {
  const base = [...DEMO_PROCEDURES.map(fromDemo), ...OTHERS.map(other)];
  if (name === "2026-11") return base;
  const dec = "01/12/2026";
  const out = base.map((p): NationalProcedure => {
    if (WITHDRAWN_IN_DECEMBER.includes(p.MaTTHC)) return { ...p, TrangThai: "BAI_BO", NgayCapNhat: dec };
    if (!CHANGED_IN_DECEMBER.includes(p.MaTTHC)) return p;
    const changed: NationalProcedure = { ...p, PhienBan: p.PhienBan + 1, NgayHieuLuc: "15/12/2026", NgayCapNhat: dec };
    if (p.MaTTHC === "1.001193")
      changed.ThanhPhanHoSo = p.ThanhPhanHoSo.map((c, i) =>
        i === 0 ? { ...c, TenThanhPhan: `${c.TenThanhPhan} (mẫu 2026)` } : c,
      );
    if (p.MaTTHC === "2.000815") changed.PhiLePhi = p.PhiLePhi.map((f) => ({ ...f, MucPhi: f.MucPhi + 1000 }));
    if (p.MaTTHC === "1.000894") changed.ThoiHanGiaiQuyet = { ...p.ThoiHanGiaiQuyet, GiaTri: 7 };
    return changed;
  });
  out.push(
    other([
      "1.013001",
      "Đăng ký khai sinh cho trẻ em sinh ra ở nước ngoài chưa được đăng ký khai sinh",
      "HT",
      "Hộ tịch",
      "XA",
      3,
    ]),
    other([
      "1.013002",
      "Cấp Phiếu lý lịch tư pháp trên ứng dụng định danh điện tử",
      "LLTP",
      "Lý lịch tư pháp",
      "TINH",
      10,
    ]),
  );
  const broken = other([BROKEN_IN_DECEMBER, "", "HT", "Hộ tịch", "XA", -1]);
  for (const p of out) if (NEW_IN_DECEMBER.includes(p.MaTTHC)) p.NgayCapNhat = dec;
  out.push({ ...broken, NgayCapNhat: dec });
  return out;
}
