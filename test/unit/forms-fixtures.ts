/** Realistic view models of forms 01–07 for the form tests (and for rendering samples to look at). */
import type {
  Form01ViewModel,
  Form02ViewModel,
  Form03ViewModel,
  Form04ViewModel,
  Form05ViewModel,
  Form06ViewModel,
  Form07Line,
  Form07ViewModel,
  FormBase,
} from "../../src/docs/forms.js";

/** An instant given as Vietnam wall-clock time. */
export const vn = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h - 7, mi));

export const CODE = "000.00.12.H56-260210-0007";
export const LOOKUP = `https://dichvucong.bacninh.gov.vn/tra-cuu?ma=${CODE}`;

export const base = (): FormBase => ({
  issuer: {
    parentName: "UBND tỉnh Bắc Ninh",
    name: "Trung tâm Phục vụ hành chính công tỉnh",
    place: "Bắc Ninh",
  },
  issuedAt: vn(2026, 2, 10, 8, 20),
  lookupUrl: LOOKUP,
});

export const applicant = {
  name: "Nguyễn Thị Hồng Nhung",
  address: "Số 12 đường Lý Thái Tổ, phường Kinh Bắc, tỉnh Bắc Ninh",
  phone: "0912 345 678",
  email: "hongnhung.nguyen@example.vn",
};

export const PROCEDURE = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ";

export const form01 = (): Form01ViewModel => ({
  ...base(),
  dossierCode: CODE,
  applicant,
  procedureName: PROCEDURE,
  components: [
    { name: "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", form: "original", quantity: 1 },
    { name: "Giấy chứng nhận quyền sử dụng đất", form: "certified_copy", quantity: 1 },
    { name: "Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng)", form: "original", quantity: 2 },
    { name: "Giấy tờ về quyền sở hữu công trình hiện có", form: "copy", quantity: 1 },
  ],
  sets: 1,
  timeLimit: { unit: "working_days", value: 15 },
  receivedAt: vn(2026, 2, 10, 8, 15),
  appointmentAt: vn(2026, 2, 20, 16, 30),
  resultDelivery: { method: "counter", detail: "Quầy số 5, Trung tâm Phục vụ hành chính công tỉnh" },
  logBook: { volume: "01/2026", entry: 1287 },
  receivingOfficerName: "Trần Văn Đức",
});

export const form02 = (): Form02ViewModel => ({
  ...base(),
  documentNumber: "15/PBS-TTPVHCC",
  dossierCode: CODE,
  applicant,
  procedureName: PROCEDURE,
  receivedAt: vn(2026, 2, 10, 8, 15),
  items: [
    {
      content: "Bản vẽ mặt bằng định vị công trình trên lô đất",
      reason: "Bản vẽ đã nộp thiếu chỉ giới xây dựng và kích thước lô đất",
    },
    {
      content: "Giấy chứng nhận quyền sử dụng đất (bản sao chứng thực)",
      reason: "Bản đã nộp là bản chụp, không chứng thực",
    },
  ],
  supplementDueAt: vn(2026, 2, 27, 17, 0),
  contact: { name: "Bà Lê Thị Thu Hà", unit: "Sở Xây dựng", phone: "0222 3822 123", email: "ha.ltt@bacninh.gov.vn" },
  officerName: "Trần Văn Đức",
});

export const form03 = (): Form03ViewModel => ({
  ...base(),
  applicant,
  procedureName: "Đăng ký kết hôn có yếu tố nước ngoài",
  receivedAt: vn(2026, 2, 10, 9, 40),
  reason: "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã nơi nộp hồ sơ.",
  legalBasis: [
    "Khoản 2 Điều 15 Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ",
    "Điều 37 Luật Hộ tịch số 60/2014/QH13",
  ],
  officerName: "Phạm Quốc Khánh",
});

export const form04 = (): Form04ViewModel => ({
  ...base(),
  issuer: { parentName: "UBND tỉnh Bắc Ninh", name: "Sở Xây dựng", place: "Bắc Ninh" },
  documentNumber: "42/XL-SXD",
  issuedAt: vn(2026, 2, 19, 9, 0),
  dossierCode: CODE,
  applicant,
  procedureName: PROCEDURE,
  receivedAt: vn(2026, 2, 10, 8, 15),
  originalDueAt: vn(2026, 2, 20, 16, 30),
  reason: "Cần lấy ý kiến thẩm định của Sở Tài nguyên và Môi trường về ranh giới thửa đất.",
  newDueAt: vn(2026, 3, 6, 16, 30),
  signer: { title: "KT. Giám đốc\nPhó Giám đốc", name: "Hoàng Minh Tuấn" },
});

export const form05 = (): Form05ViewModel => ({
  ...base(),
  documentNumber: "07/TB-TTPVHCC",
  issuedAt: vn(2026, 2, 13, 14, 0),
  dossierCode: CODE,
  applicant,
  procedureName: PROCEDURE,
  receivedAt: vn(2026, 2, 10, 8, 15),
  stoppedAt: vn(2026, 2, 13, 14, 0),
  reason: "Người nộp hồ sơ có văn bản đề nghị dừng giải quyết hồ sơ.",
  legalBasis: ["Điều 22 Nghị định số 118/2025/NĐ-CP của Chính phủ"],
  signer: { title: "Giám đốc", name: "Vũ Thị Lan Anh" },
});

export const form06 = (): Form06ViewModel => ({
  ...base(),
  dossierCode: CODE,
  applicantName: applicant.name,
  procedureName: PROCEDURE,
  receivedAt: vn(2026, 2, 10, 8, 15),
  dueAt: vn(2026, 2, 20, 16, 30),
  leadUnit: "Sở Xây dựng",
  coordinatingUnits: ["Sở Tài nguyên và Môi trường"],
  rows: [
    {
      fromUnit: "Trung tâm Phục vụ hành chính công tỉnh",
      toUnit: "Phòng Quản lý xây dựng, Sở Xây dựng",
      at: vn(2026, 2, 10, 9, 5),
      giverName: "Trần Văn Đức",
      receiverName: "Ngô Thị Mai",
      result: "early",
    },
    {
      fromUnit: "Phòng Quản lý xây dựng, Sở Xây dựng",
      toUnit: "Lãnh đạo Sở Xây dựng",
      at: vn(2026, 2, 12, 15, 0),
      giverName: "Ngô Thị Mai",
      receiverName: "Hoàng Minh Tuấn",
      result: "on_time",
    },
    {
      fromUnit: "Lãnh đạo Sở Xây dựng",
      toUnit: "Trung tâm Phục vụ hành chính công tỉnh",
      at: vn(2026, 2, 24, 10, 30),
      giverName: "Hoàng Minh Tuấn",
      receiverName: "Trần Văn Đức",
      result: "late",
      note: "Chờ ý kiến Sở Tài nguyên và Môi trường",
    },
  ],
});

const PROCEDURES = [
  "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
  "Đăng ký khai sinh",
  "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
  "Đăng ký thành lập hộ kinh doanh",
];
const NAMES = ["Nguyễn Thị Hồng Nhung", "Lê Văn Hùng", "Phạm Thị Ánh Tuyết", "Đặng Quốc Bảo", "Bùi Thị Ngọc Ánh"];

/** `count` log-book lines starting at sequence `firstSeq` (the year's numbering goes on from earlier periods). */
export const form07Lines = (count: number, firstSeq = 1201): Form07Line[] =>
  Array.from({ length: count }, (_, i) => {
    const day = 2 + (i % 26);
    return {
      seq: firstSeq + i,
      code: `000.00.12.H56-2602${String(day).padStart(2, "0")}-${String(i + 1).padStart(4, "0")}`,
      procedureName: PROCEDURES[i % PROCEDURES.length],
      sets: 1 + (i % 2),
      applicantName: NAMES[i % NAMES.length],
      address: "Phường Kinh Bắc, tỉnh Bắc Ninh",
      phone: `09${String(10000000 + i * 7919).slice(0, 8)}`,
      leadUnit: i % 3 === 0 ? "Sở Tư pháp" : "Sở Xây dựng",
      receivedAt: vn(2026, 2, day, 8, 30),
      dueAt: vn(2026, 3, day, 16, 30),
      sentToUnitAt: vn(2026, 2, day, 10, 0),
      resultBackAt: i % 4 === 0 ? null : vn(2026, 3, day - 1, 15, 0),
      returnedAt: i % 5 === 0 ? null : "2026-03-" + String(day).padStart(2, "0"),
      note: i % 7 === 0 ? "Trả qua bưu chính" : undefined,
    };
  });

export const form07 = (count = 60): Form07ViewModel => ({
  ...base(),
  issuedAt: vn(2026, 3, 31, 17, 0),
  periodFrom: "2026-02-01",
  periodTo: "2026-02-28",
  volume: "01/2026",
  lines: form07Lines(count),
});
