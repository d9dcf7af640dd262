import { type Static, Type as T } from "@sinclair/typebox";

/**
 * The records the national portal exchanges with a provincial system through the integration platform (LGSP),
 * named as the services name them (domain.md §9): `DongBoHoSoMC` pushes a dossier, `CapNhatTienDoHoSoMC` a
 * processing step. Times are `yyyyMMddHHmmss` in Vietnam time (UTC+7). This module is the wire contract: the
 * SANDBOX validates against it, and the province's adapter builds values of these types.
 */

const TIME = "^\\d{14}$";
const Time = T.String({ pattern: TIME });
const Text = (max: number) => T.String({ minLength: 1, maxLength: max });

export const SubmittedFile = T.Object({
  MaThanhPhan: Text(50),
  TenTepDinhKem: Text(255),
  /** Where the national portal can fetch it (the province's file link). */
  DuongDan: T.Optional(T.String({ maxLength: 2000 })),
  SHA256: T.Optional(T.String({ pattern: "^[0-9a-f]{64}$" })),
  /** Digitised (scanned or born-digital and reusable) component. */
  SoHoa: T.Optional(T.Boolean()),
});

export const Fee = T.Object({
  TenPhiLePhi: Text(500),
  MucPhi: T.Integer({ minimum: 0 }),
  /** 1 at the counter, 2 online (national payment platform), 3 through the postal operator. */
  HinhThucThu: T.Optional(T.Union([T.Literal(1), T.Literal(2), T.Literal(3)])),
  DaThu: T.Optional(T.Boolean()),
});

export const SupplementRound = T.Object({
  NgayYeuCau: Time,
  NoiDung: Text(4000),
  HanCu: T.Optional(Time),
  HanMoi: T.Optional(Time),
  NgayBoSung: T.Optional(Time),
});

export const ResultDocument = T.Object({
  TenGiayTo: Text(500),
  SoKyHieu: T.Optional(T.String({ maxLength: 100 })),
  DuongDan: T.Optional(T.String({ maxLength: 2000 })),
  /** The result is electronic (and shared to the applicant's data warehouse). */
  DienTu: T.Optional(T.Boolean()),
});

/** The national portal's own id of a dossier a citizen submitted there (`LayDanhSachHoSoMoi`'s `MaHoSoQG`). */
const NationalId = T.String({ pattern: "^[\\w.-]{1,60}$" });

export const NationalDossier = T.Object({
  MaHoSo: T.String({ pattern: "^[\\w.]{1,40}-\\d{6}-\\d{4}$" }),
  /**
   * For a dossier submitted on the national portal: the portal's own id of it, echoed on every push so the portal
   * links the province's dossier to the one the citizen submitted there (and shows the citizen its status).
   */
  MaHoSoQG: T.Optional(NationalId),
  MaTTHC: Text(50),
  TenTTHC: T.Optional(T.String({ maxLength: 1000 })),
  MaLinhVuc: Text(50),
  TenLinhVuc: T.Optional(T.String({ maxLength: 500 })),
  /** 1 counter, 2 online, 3 post (domain.md §3). */
  KenhThucHien: T.Union([T.Literal(1), T.Literal(2), T.Literal(3)]),
  ChuHoSo: Text(300),
  /** 1 citizen, 2 business, 3 other organisation. */
  LoaiDoiTuong: T.Union([T.Literal(1), T.Literal(2), T.Literal(3)]),
  MaDoiTuong: T.Optional(T.String({ maxLength: 50 })),
  SoDienThoai: T.Optional(T.String({ maxLength: 30 })),
  Email: T.Optional(T.String({ maxLength: 200 })),
  DiaChi: T.Optional(T.String({ maxLength: 1000 })),
  TrichYeuHoSo: Text(2000),
  NgayTiepNhan: T.Optional(Time),
  NgayHenTra: T.Optional(Time),
  NgayTra: T.Optional(Time),
  TrangThaiHoSo: T.Integer({ minimum: 1, maximum: 10 }),
  TraKetQuaQuaBuuChinh: T.Boolean(),
  DonViXuLy: Text(100),
  TaiLieuNop: T.Array(SubmittedFile, { maxItems: 200 }),
  DanhSachLePhi: T.Array(Fee, { maxItems: 50 }),
  DanhSachHoSoBoSung: T.Array(SupplementRound, { maxItems: 20 }),
  DanhSachGiayToKetQua: T.Array(ResultDocument, { maxItems: 50 }),
});
export type NationalDossier = Static<typeof NationalDossier>;

export const ProgressStep = T.Object({
  MaHoSo: T.String({ pattern: "^[\\w.]{1,40}-\\d{6}-\\d{4}$" }),
  /** As in `NationalDossier`: the portal's own id of a dossier submitted there. */
  MaHoSoQG: T.Optional(NationalId),
  /** Unique id of this step at the province: a step pushed twice is recorded once. */
  MaTienDo: Text(100),
  NguoiXuLy: Text(300),
  ChucDanh: T.Optional(T.String({ maxLength: 300 })),
  ThoiDiemXuLy: Time,
  PhongBanXuLy: Text(500),
  NoiDungXuLy: Text(4000),
  TrangThai: T.Integer({ minimum: 1, maximum: 10 }),
  NgayBatDau: T.Optional(Time),
  NgayKetThucTheoQuyDinh: T.Optional(Time),
});
export type ProgressStep = Static<typeof ProgressStep>;

/**
 * Status changes the national portal accepts (the 10-status catalogue, domain.md §5). A push with the current
 * status is an update and always allowed; 3, 7, 8 and 10 are final.
 */
export const NEXT_STATUSES: Record<number, number[]> = {
  1: [2, 3, 5, 7],
  2: [4, 5, 6, 7, 8, 9],
  3: [],
  4: [5, 6, 7, 8, 9],
  5: [2, 3, 4, 7, 8],
  6: [4, 7, 8, 9],
  7: [],
  8: [],
  9: [4, 10],
  10: [],
};

/** `yyyyMMddHHmmss` in Vietnam time (UTC+7) for an instant. */
export function nationalTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3600_000).toISOString();
  return v.slice(0, 19).replace(/[-T:]/g, "");
}

/** The instant of a `yyyyMMddHHmmss` Vietnam time, or undefined when it is not a real time. */
export function parseNationalTime(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h - 7, mi, se);
  const back = new Date(t + 7 * 3600_000);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || se > 59) return undefined;
  return new Date(t);
}

/** The answer envelope of every service: `error_code` "0" is success. */
export interface ServiceAnswer<D = unknown> {
  error_code: string;
  message: string;
  data?: D;
  errors?: { field: string; message: string }[];
}

// ---- the national procedure catalogue (CSDL quốc gia về TTHC) as LayDanhSachTTHC / LayThuTuc carry it ----

export interface NationalComponent {
  MaThanhPhan: string;
  TenThanhPhan: string;
  /** 1 original, 2 certified copy, 3 copy, 4 original or copy. */
  LoaiBan: 1 | 2 | 3 | 4;
  SoLuong: number;
  BatBuoc: boolean;
}

export interface NationalProcedure {
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  /** "TINH" (province) | "XA" (commune). */
  CapThucHien: string[];
  CoQuanThucHien: string;
  DoiTuongThucHien: string[];
  /** Statutory time limit: value and unit ("NGAY_LAM_VIEC" | "GIO_LAM_VIEC" | "NGAY"); 0 = immediate. */
  ThoiHanGiaiQuyet: { GiaTri: number; DonVi: string; MoTa?: string };
  PhiLePhi: { TenPhi: string; MucPhi: number; MoTa?: string }[];
  ThanhPhanHoSo: NationalComponent[];
  KetQua: string;
  CanCuPhapLy: { SoKyHieu: string; TrichYeu: string }[];
  /** "TOAN_TRINH" end-to-end | "MOT_PHAN" partial | "KHONG" not online. */
  MucDoDVC: "TOAN_TRINH" | "MOT_PHAN" | "KHONG";
  PhienBan: number;
  /** Effective date dd/mm/yyyy. */
  NgayHieuLuc: string;
  /** "CONG_BO" published | "BAI_BO" withdrawn. */
  TrangThai: "CONG_BO" | "BAI_BO";
  NgayCapNhat: string;
}

// ---- dossiers submitted on the national portal (LayDanhSachHoSoMoi) and ratings given there (LayDanhGia) ----

export interface NationalSubmission {
  MaHoSoQG: string;
  MaTTHC: string;
  MaDonViTiepNhan: string;
  NgayNop: string;
  ChuHoSo: {
    HoTen: string;
    SoDinhDanh: string;
    LoaiDoiTuong: 1 | 2 | 3;
    SoDienThoai?: string;
    Email?: string;
    DiaChi?: string;
  };
  DuLieuBieuMau: Record<string, unknown>;
  TepDinhKem: {
    MaTep: string;
    MaThanhPhan: string;
    TenTep: string;
    LoaiTep: string;
    KichThuoc: number;
    SHA256: string;
  }[];
  TrangThai: "CHO_TIEP_NHAN" | "DA_NHAN" | "TU_CHOI";
  /** The province's reference given when it acknowledged the submission (`XacNhanHoSoMoi`). */
  MaHoSo?: string;
  /** The province's dossier code the submission is synced under (from the first push echoing `MaHoSoQG`). */
  MaHoSoDongBo?: string;
  LyDo?: string;
}

export interface NationalRating {
  MaDanhGia: string;
  /** The province's dossier code (or, for a submission the province has not linked yet, the portal's own id). */
  MaHoSo: string;
  /** The portal's own id when the dossier was submitted there. */
  MaHoSoQG?: string;
  /** 1 Rất hài lòng, 2 Hài lòng, 3 Chưa hài lòng. */
  MucDoHaiLong: 1 | 2 | 3;
  /**
   * Detailed criteria on the same three levels (Circular 32/2017): `DeDang` ease of use and response time, `DungHen`
   * result on time, `ThaiDo` staff attitude; other keys are kept in the history but not counted.
   */
  TieuChi?: Record<string, 1 | 2 | 3>;
  YKien?: string;
  ThoiDiem: string;
}

/** One line of `LayDanhSachTTHC`. */
export interface CatalogueEntry {
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  PhienBan: number;
  TrangThai: "CONG_BO" | "BAI_BO";
  NgayCapNhat: string;
}

/** The answer of `LayDanhSachTTHC`: one page of the catalogue. */
export interface CataloguePage {
  PhienBanDanhMuc: string;
  TongSo: number;
  Trang: number;
  SoBanGhi: number;
  DanhSach: CatalogueEntry[];
}

/** The answer of `TraCuuHoSo`: the dossier as last pushed, with the status history and steps the portal keeps. */
export type LookedUpDossier = NationalDossier & {
  /** Set when the dossier was submitted on the national portal (looked up by either id). */
  MaHoSoQG?: string;
  LichSuTrangThai: { status: number; at: string }[];
  TienDo: ProgressStep[];
};

/** The answer of `LayTepDinhKem`. */
export interface AttachedFile {
  TenTep: string;
  LoaiTep: string;
  /** base64 */
  NoiDung: string;
}

/**
 * A national catalogue record as the province accepts it: what `LayThuTuc` answers must match this before it is
 * imported (real feeds sometimes carry broken records: no name, a negative time limit…).
 */
export const NationalProcedureRecord = T.Object({
  MaTTHC: T.String({ pattern: "^\\d\\.\\d{6}(\\.[A-Z0-9]{1,10})?$" }),
  TenTTHC: Text(1000),
  MaLinhVuc: Text(50),
  TenLinhVuc: Text(500),
  CapThucHien: T.Array(T.String({ maxLength: 20 }), { maxItems: 10 }),
  CoQuanThucHien: T.String({ maxLength: 1000 }),
  DoiTuongThucHien: T.Array(T.String({ maxLength: 50 }), { maxItems: 10 }),
  ThoiHanGiaiQuyet: T.Object({
    GiaTri: T.Number({ minimum: 0, maximum: 3650 }),
    DonVi: T.Union([T.Literal("NGAY_LAM_VIEC"), T.Literal("GIO_LAM_VIEC"), T.Literal("NGAY")]),
    MoTa: T.Optional(T.String({ maxLength: 2000 })),
  }),
  PhiLePhi: T.Array(
    T.Object({ TenPhi: Text(500), MucPhi: T.Integer({ minimum: 0 }), MoTa: T.Optional(T.String({ maxLength: 2000 })) }),
    { maxItems: 50 },
  ),
  ThanhPhanHoSo: T.Array(
    T.Object({
      MaThanhPhan: Text(50),
      TenThanhPhan: Text(1000),
      LoaiBan: T.Union([T.Literal(1), T.Literal(2), T.Literal(3), T.Literal(4)]),
      SoLuong: T.Integer({ minimum: 1, maximum: 100 }),
      BatBuoc: T.Boolean(),
    }),
    { maxItems: 100 },
  ),
  KetQua: Text(1000),
  CanCuPhapLy: T.Array(T.Object({ SoKyHieu: Text(200), TrichYeu: T.String({ maxLength: 2000 }) }), { maxItems: 100 }),
  MucDoDVC: T.Union([T.Literal("TOAN_TRINH"), T.Literal("MOT_PHAN"), T.Literal("KHONG")]),
  PhienBan: T.Integer({ minimum: 1 }),
  NgayHieuLuc: T.String({ pattern: "^\\d{2}/\\d{2}/\\d{4}$" }),
  TrangThai: T.Union([T.Literal("CONG_BO"), T.Literal("BAI_BO")]),
  NgayCapNhat: T.String({ pattern: "^\\d{2}/\\d{2}/\\d{4}$" }),
});

/** A dossier submitted on the national portal as `LayDanhSachHoSoMoi` carries it, checked before intake. */
export const NationalSubmissionRecord = T.Object({
  MaHoSoQG: T.String({ pattern: "^[\\w.-]{1,60}$" }),
  MaTTHC: Text(50),
  MaDonViTiepNhan: Text(100),
  NgayNop: Time,
  ChuHoSo: T.Object({
    HoTen: Text(300),
    SoDinhDanh: T.String({ pattern: "^[0-9A-Za-z-]{9,20}$" }),
    LoaiDoiTuong: T.Union([T.Literal(1), T.Literal(2), T.Literal(3)]),
    SoDienThoai: T.Optional(T.String({ maxLength: 30 })),
    Email: T.Optional(T.String({ maxLength: 200 })),
    DiaChi: T.Optional(T.String({ maxLength: 1000 })),
  }),
  DuLieuBieuMau: T.Record(T.String(), T.Unknown()),
  TepDinhKem: T.Array(
    T.Object({
      MaTep: Text(100),
      MaThanhPhan: Text(50),
      TenTep: Text(255),
      LoaiTep: T.String({ maxLength: 100 }),
      KichThuoc: T.Integer({ minimum: 0 }),
      SHA256: T.String({ pattern: "^[0-9a-f]{64}$" }),
    }),
    { maxItems: 50 },
  ),
  TrangThai: T.String({ maxLength: 20 }),
});
