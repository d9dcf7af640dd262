/**
 * Input schemas of the office actions, intake and queue (TypeBox). The JSON API validates requests with these same
 * schemas and the use cases check direct calls (the office pages) with them, so both paths accept the same data.
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { EXEMPTION_CATEGORIES } from "../../domain/fees.js";
import type { OfficerAction } from "../../domain/lifecycle.js";

const Text = (max: number, opts: { description?: string; minLength?: number } = {}) =>
  Type.String({ minLength: opts.minLength ?? 1, maxLength: max, description: opts.description });
const Id = (description?: string) => Type.String({ format: "uuid", description });
const Note = Type.Optional(Type.String({ maxLength: 2000, description: "Ghi chú (note)" }));
/** An instant in ISO-8601 (e.g. 2026-03-16T08:00:00+07:00). */
const Instant = (description: string) => Type.String({ minLength: 10, maxLength: 40, description });
const LegalBasis = Type.Array(Text(500), {
  minItems: 1,
  maxItems: 20,
  description: "Căn cứ pháp lý, mỗi dòng một căn cứ (legal bases)",
});
const Hours = Type.Optional(
  Type.Number({ exclusiveMinimum: 0, maximum: 2000, description: "Thời hạn (giờ làm việc)" }),
);
const Days = Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 250, description: "Thời hạn (ngày làm việc)" }));
const ReturnMethod = Type.Union([Type.Literal("counter"), Type.Literal("post"), Type.Literal("online")], {
  description: "counter | post | online",
});
const PayMethod = Type.Union([Type.Literal("counter"), Type.Literal("post"), Type.Literal("online")]);

export const FileRef = Type.Object({
  fileId: Id("Tệp đã tải lên (POST /api/office/uploads)"),
  componentCode: Type.Optional(Type.String({ maxLength: 50, description: "Mã thành phần hồ sơ" })),
});

export const ACTION_INPUTS = {
  receive: Type.Object({
    note: Note,
    sets: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "Số bộ hồ sơ" })),
  }),
  request_supplement: Type.Object({
    items: Type.Array(
      Type.Object({
        content: Text(1000, { description: "Nội dung cần bổ sung, hoàn thiện" }),
        reason: Text(1000, { description: "Lý do" }),
        componentCode: Type.Optional(Type.String({ maxLength: 50, description: "Mã thành phần hồ sơ (nếu có)" })),
        form: Type.Optional(
          Type.Union([Type.Literal("original"), Type.Literal("certified_copy"), Type.Literal("copy")], {
            description: "Hình thức: original (bản chính) | certified_copy (bản sao chứng thực) | copy (bản sao)",
          }),
        ),
        quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "Số lượng" })),
      }),
      { minItems: 1, maxItems: 50 },
    ),
    note: Note,
    exception: Type.Optional(
      Type.Object(
        {
          legalBasis: LegalBasis,
          reason: Text(2000, { description: "Lý do của ngoại lệ" }),
        },
        {
          description:
            "Chỉ khi bộ quy tắc cho phép: yêu cầu bổ sung thêm sau lần đầu, như một ngoại lệ có căn cứ pháp lý (an exception to one request per dossier, where the rule set allows it)",
        },
      ),
    ),
  }),
  complete_supplement: Type.Object({
    files: Type.Optional(Type.Array(FileRef, { maxItems: 50 })),
    note: Note,
  }),
  refuse: Type.Object({ reason: Text(2000, { description: "Lý do từ chối" }), legalBasis: LegalBasis }),
  assign: Type.Object({ officerId: Id("Cán bộ được phân công"), note: Note }),
  take: Type.Object({ note: Note }),
  forward: Type.Object({
    note: Note,
    assigneeId: Type.Optional(Id("Cán bộ nhận xử lý bước tiếp theo")),
  }),
  approve: Type.Object({
    note: Note,
    assigneeId: Type.Optional(Id("Cán bộ nhận xử lý bước tiếp theo")),
  }),
  return_step: Type.Object({
    toStep: Type.Integer({ minimum: 0, maximum: 100, description: "Bước được trả lại (số thứ tự, từ 0)" }),
    reason: Text(2000, { description: "Lý do trả lại" }),
  }),
  consult: Type.Object({
    unitId: Id("Đơn vị được xin ý kiến"),
    question: Text(4000, { description: "Nội dung xin ý kiến" }),
    workingDays: Days,
    workingHours: Hours,
  }),
  reply_consultation: Type.Object({
    taskId: Type.Optional(Id("Phiếu xin ý kiến")),
    reply: Text(4000, { description: "Nội dung trả lời" }),
  }),
  start_interagency: Type.Object({
    units: Type.Array(
      Type.Object({
        unitId: Id("Đơn vị tham gia"),
        task: Text(1000, { description: "Phần việc của đơn vị" }),
        workingDays: Days,
        workingHours: Hours,
        lead: Type.Optional(Type.Boolean({ description: "Đơn vị chủ trì" })),
      }),
      { minItems: 1, maxItems: 20 },
    ),
    note: Note,
  }),
  complete_interagency: Type.Object({
    taskId: Type.Optional(Id("Phần việc liên thông")),
    note: Note,
  }),
  request_payment: Type.Object({
    amount: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000_000_000,
        description: "Số tiền (VND) nếu nhập tay; bỏ trống để tính theo phí, lệ phí của thủ tục",
      }),
    ),
    description: Type.Optional(
      Text(1000, { description: "Nội dung nghĩa vụ tài chính (bắt buộc khi nhập tay số tiền)" }),
    ),
    include: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 100 }), {
        maxItems: 100,
        description: "Các khoản phí, lệ phí của thủ tục áp dụng (chỉ số); mặc định: tất cả",
      }),
    ),
    copies: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: "Số bản sao cấp (phí tính theo bản)" }),
    ),
    items: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: "Số trang / việc (phí tính theo trang, việc)" }),
    ),
    exemption: Type.Optional(
      Type.Union(
        Object.keys(EXEMPTION_CATEGORIES).map((k) => Type.Literal(k)),
        {
          description: "Đối tượng được miễn phí, lệ phí (nếu có)",
        },
      ),
    ),
  }),
  confirm_payment: Type.Object({
    method: PayMethod,
    reference: Type.Optional(Type.String({ maxLength: 200, description: "Số biên lai / mã giao dịch" })),
  }),
  attach_result: Type.Object({ fileId: Id("Tệp kết quả (POST /api/office/uploads)"), note: Note }),
  generate_result: Type.Object({
    title: Text(300, { description: "Tên văn bản kết quả" }),
    content: Text(20000, { description: "Nội dung" }),
  }),
  certify_copy: Type.Object({
    fileId: Id("Bản quét bản chính (tệp thành phần hồ sơ, JPEG/PNG/PDF)"),
    number: Text(50, { description: "Số chứng thực (trong sổ chứng thực), ví dụ 15/2026/SCT/BS" }),
  }),
  sign_result: Type.Object({
    fileId: Id("Văn bản kết quả (PDF) của hồ sơ cần ký số"),
    otp: Type.Optional(
      Type.String({
        pattern: "^[0-9]{6,8}$",
        description: "Mã OTP của dịch vụ ký số từ xa (cán bộ ký từ xa); không dùng khi ký bằng khóa cục bộ",
      }),
    ),
  }),
  stop: Type.Object({ reason: Text(2000, { description: "Lý do dừng" }), legalBasis: LegalBasis }),
  record_withdrawal: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }),
  apologise: Type.Object({
    reason: Text(2000, { description: "Lý do chậm trễ" }),
    newDueAt: Instant("Ngày hẹn trả kết quả mới (ISO-8601)"),
  }),
  return_result: Type.Object({
    method: ReturnMethod,
    receiverName: Type.Optional(Type.String({ maxLength: 200, description: "Người nhận kết quả" })),
    note: Note,
  }),
} satisfies Record<OfficerAction, TSchema>;

export type ActionInputs = { [A in OfficerAction]: Static<(typeof ACTION_INPUTS)[A]> };

export const ApplicantInput = Type.Object({
  type: Type.Union([Type.Literal("citizen"), Type.Literal("business")]),
  name: Text(200, { description: "Họ tên / tên tổ chức" }),
  idNumber: Type.Optional(Type.String({ pattern: "^[0-9]{9,12}$", description: "Số định danh cá nhân" })),
  taxCode: Type.Optional(Type.String({ pattern: "^[0-9]{10}(-[0-9]{3})?$", description: "Mã số thuế" })),
  birthDate: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  phone: Type.Optional(Type.String({ pattern: "^[0-9+ .-]{8,15}$" })),
  email: Type.Optional(Type.String({ format: "email", maxLength: 200 })),
});

export const IntakeInput = Type.Object({
  procedureId: Id("Thủ tục hành chính"),
  channel: Type.Union([Type.Literal("counter"), Type.Literal("postal")], { description: "counter | postal" }),
  applicant: ApplicantInput,
  data: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "Dữ liệu tờ khai điện tử" })),
  components: Type.Optional(
    Type.Array(
      Type.Object({
        code: Type.String({ minLength: 1, maxLength: 50 }),
        fileIds: Type.Array(Id(), { maxItems: 20 }),
        kind: Type.Optional(
          Type.Union([Type.Literal("original"), Type.Literal("certified_copy"), Type.Literal("copy")], {
            description: "Hình thức giấy tờ nhận: original | certified_copy | copy (mặc định theo danh mục)",
          }),
        ),
        quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "Số lượng bản nhận" })),
        paperOnly: Type.Optional(
          Type.Boolean({ description: "Chỉ lưu bản giấy, không số hóa (nếu bộ quy tắc cho phép)" }),
        ),
      }),
      { maxItems: 50 },
    ),
  ),
  sets: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  returnMethod: ReturnMethod,
  returnAddress: Type.Optional(Type.String({ maxLength: 300 })),
  registryLookupIds: Type.Optional(
    Type.Array(Id("Tra cứu CSDL quốc gia"), {
      maxItems: 2,
      description:
        "Look-ups of the applicant in the population / business database made for this intake (POST /api/office/registry-lookups): the components those databases hold are then not asked for",
    }),
  ),
  /** Receive at once (status 2, code, form 01); false leaves the dossier at status 1 for checking. */
  receive: Type.Optional(Type.Boolean({ default: true })),
  note: Note,
});
export type IntakeInput = Static<typeof IntakeInput>;

export const QueueFilters = Type.Object({
  view: Type.Optional(
    Type.Union([Type.Literal("receiving"), Type.Literal("processing"), Type.Literal("tasks")], {
      description:
        "receiving: dossiers received by my unit; processing: dossiers currently at my unit; tasks: consultations and inter-agency tasks of my unit",
    }),
  ),
  status: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  due: Type.Optional(Type.Union([Type.Literal("due_soon"), Type.Literal("overdue")])),
  procedureId: Type.Optional(Id()),
  channel: Type.Optional(
    Type.Union([
      Type.Literal("online"),
      Type.Literal("counter"),
      Type.Literal("postal"),
      Type.Literal("national_portal"),
    ]),
  ),
  assignee: Type.Optional(Type.Literal("me")),
  q: Type.Optional(Type.String({ maxLength: 200, description: "Mã hồ sơ, mã tham chiếu, số định danh hoặc họ tên" })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type QueueFilters = Static<typeof QueueFilters>;
