import type { TimeLimit } from "../../../domain/catalogue.js";
import { template } from "../../templates/forms.js";
import { FIELD } from "../fields.js";
import { LAW } from "../laws.js";
import {
  applicantFields,
  centreProcess,
  comp,
  copiesField,
  GENDER_OPTIONS,
  l,
  opts,
  process,
  relationField,
} from "../parts.js";
import type { DemoProcedure } from "../types.js";
import { CENTRE_CODE, COMMUNE, COMMUNE_CODES, DEPT } from "../units.js";

/** Social protection (commune) and education (Sở Giáo dục và Đào tạo). */

const communeUnits = { level: "commune" as const, competentUnit: COMMUNE.hoanKiem, implementingUnits: COMMUNE_CODES };
const education = {
  level: "province" as const,
  competentUnit: DEPT.giaoDuc,
  implementingUnits: [CENTRE_CODE, DEPT.giaoDuc],
};

const studentFields = () => [
  {
    key: "studentName",
    type: "text" as const,
    label: l("Họ, chữ đệm và tên học sinh", "Student's full name"),
    required: true,
    maxLength: 100,
  },
  {
    key: "studentBirthDate",
    type: "date" as const,
    label: l("Ngày sinh của học sinh", "Student's date of birth"),
    required: true,
    dateRule: "past" as const,
  },
  {
    key: "studentGender",
    type: "select" as const,
    label: l("Giới tính", "Sex"),
    required: true,
    options: GENDER_OPTIONS,
  },
  {
    key: "studentIdNumber",
    type: "cccd" as const,
    label: l("Số định danh cá nhân của học sinh", "Student's ID number"),
    required: true,
  },
];

const SAME_DAY: TimeLimit = {
  unit: "immediate",
  value: 0,
  note: "Ngay trong ngày tiếp nhận; yêu cầu nhận sau 15 giờ được trả trong ngày làm việc tiếp theo",
};

export const SOCIAL_EDUCATION: DemoProcedure[] = [
  {
    code: "1.001776",
    name: "Trợ cấp xã hội hàng tháng đối với đối tượng bảo trợ xã hội",
    fieldCode: FIELD.baoTroXaHoi,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Thực hiện trợ cấp xã hội hàng tháng cho người cao tuổi, người khuyết tật, trẻ em không có nguồn nuôi dưỡng, người đơn thân nghèo đang nuôi con và các đối tượng bảo trợ xã hội khác theo Nghị định số 20/2021/NĐ-CP. Chủ tịch Ủy ban nhân dân cấp xã quyết định trợ cấp sau khi Hội đồng xét duyệt và niêm yết công khai.",
    requirements:
      "Thuộc đối tượng quy định tại Điều 5 Nghị định số 20/2021/NĐ-CP (sửa đổi bởi Nghị định số 76/2024/NĐ-CP).",
    timeLimit: {
      unit: "working_days",
      value: 15,
      note: "Bao gồm thời gian niêm yết công khai kết quả xét duyệt 02 ngày làm việc",
    },
    fees: [],
    components: [
      comp("TK", "Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a, 1b, 1c, 1d, 1đ tùy đối tượng)", "original", {
        declaration: true,
        template: template("to-khai-de-nghi-tro-giup-xa-hoi.pdf"),
      }),
      comp("GXNKT", "Giấy xác nhận khuyết tật (đối với người khuyết tật)", "copy", {
        required: false,
        note: "Không phải nộp nếu đã có trong cơ sở dữ liệu",
      }),
      comp("HN", "Giấy tờ chứng minh hộ nghèo, hộ cận nghèo hoặc tình trạng đặc biệt khó khăn (nếu có)", "copy", {
        required: false,
      }),
    ],
    result: { name: "Quyết định trợ cấp xã hội hàng tháng của Chủ tịch Ủy ban nhân dân cấp xã", electronic: true },
    legalBases: [LAW.nguoiCaoTuoi, LAW.nguoiKhuyetTat, LAW.nd20_2021, LAW.nd76_2024],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người khai", "Declarant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với đối tượng hưởng trợ cấp", "Relationship to the beneficiary"),
          ],
        },
        {
          key: "beneficiary",
          title: l("Đối tượng đề nghị trợ cấp", "Beneficiary"),
          fields: [
            {
              key: "fullName",
              type: "text",
              label: l("Họ, chữ đệm và tên", "Full name"),
              required: true,
              maxLength: 100,
            },
            {
              key: "birthDate",
              type: "date",
              label: l("Ngày sinh", "Date of birth"),
              required: true,
              dateRule: "past",
            },
            { key: "gender", type: "select", label: l("Giới tính", "Sex"), required: true, options: GENDER_OPTIONS },
            { key: "idNumber", type: "cccd", label: l("Số định danh cá nhân", "ID number"), required: true },
            {
              key: "category",
              type: "select",
              label: l("Thuộc đối tượng", "Category"),
              required: true,
              options: opts([
                [
                  "elderly80",
                  "Người từ đủ 80 tuổi trở lên không có lương hưu, trợ cấp BHXH",
                  "Aged 80+ without pension",
                ],
                [
                  "elderlyPoor",
                  "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng",
                  "Poor elderly without carer",
                ],
                ["disabled", "Người khuyết tật đặc biệt nặng, nặng", "Severely disabled person"],
                ["orphan", "Trẻ em không có nguồn nuôi dưỡng", "Child without support"],
                ["singleParent", "Người đơn thân thuộc hộ nghèo đang nuôi con", "Poor single parent"],
                ["hiv", "Người nhiễm HIV/AIDS thuộc hộ nghèo", "Poor person with HIV"],
              ]),
            },
            {
              key: "pension",
              type: "radio",
              label: l(
                "Đang hưởng lương hưu, trợ cấp BHXH hoặc trợ cấp hằng tháng khác",
                "Receives a pension or other monthly allowance",
              ),
              required: true,
              options: opts([
                ["no", "Không", "No"],
                ["yes", "Có", "Yes"],
              ]),
            },
            {
              key: "bankAccount",
              type: "text",
              label: l("Số tài khoản nhận trợ cấp (nếu nhận qua tài khoản)", "Bank account (optional)"),
              maxLength: 30,
              pattern: "^\\d{6,20}$",
              patternMessage: l("Số tài khoản gồm 6–20 chữ số", "6–20 digits"),
            },
            { key: "bankName", type: "text", label: l("Ngân hàng", "Bank"), maxLength: 100 },
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 15 }, [
      ["TN", "Tiếp nhận hồ sơ", "receiving", "receiving", 1],
      ["TD", "Công chức văn hóa - xã hội thẩm định, trình Hội đồng xét duyệt", "receiving", "specialist", 6],
      ["NY", "Niêm yết công khai kết quả xét duyệt", "receiving", "specialist", 5],
      ["PD", "Chủ tịch UBND xã quyết định trợ cấp", "receiving", "leader", 2],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
  {
    code: "1.001699",
    name: "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
    fieldCode: FIELD.baoTroXaHoi,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Hội đồng xác định mức độ khuyết tật cấp xã tổ chức xác định mức độ khuyết tật (đặc biệt nặng, nặng, nhẹ) bằng phương pháp quan sát trực tiếp và bộ câu hỏi; Chủ tịch Ủy ban nhân dân cấp xã cấp Giấy xác nhận khuyết tật.",
    requirements: "Người khuyết tật hoặc người đại diện hợp pháp có đơn đề nghị.",
    timeLimit: {
      unit: "working_days",
      value: 25,
      note: "20 ngày để Hội đồng xác định mức độ khuyết tật và 05 ngày làm việc để cấp Giấy xác nhận",
    },
    fees: [],
    components: [
      comp("DON", "Đơn đề nghị xác định, xác định lại mức độ khuyết tật (Mẫu số 01)", "original", {
        declaration: true,
        template: template("don-de-nghi-xac-dinh-muc-do-khuyet-tat.pdf"),
      }),
      comp("YT", "Bệnh án, giấy tờ khám, điều trị, phẫu thuật hoặc giấy tờ liên quan khác (nếu có)", "copy", {
        required: false,
      }),
      comp("GD", "Kết luận của Hội đồng giám định y khoa (nếu có)", "copy", { required: false }),
    ],
    result: { name: "Giấy xác nhận khuyết tật", electronic: true },
    legalBases: [LAW.nguoiKhuyetTat, LAW.tt01_2019_ldtbxh],
    onlineKind: "partial",
    onlineReason:
      "Người khuyết tật phải có mặt để Hội đồng xác định mức độ khuyết tật quan sát trực tiếp (Điều 3 Thông tư số 01/2019/TT-BLĐTBXH).",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người viết đơn", "Applicant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với người khuyết tật", "Relationship to the person"),
          ],
        },
        {
          key: "person",
          title: l("Người được xác định mức độ khuyết tật", "Person assessed"),
          fields: [
            {
              key: "fullName",
              type: "text",
              label: l("Họ, chữ đệm và tên", "Full name"),
              required: true,
              maxLength: 100,
            },
            {
              key: "birthDate",
              type: "date",
              label: l("Ngày sinh", "Date of birth"),
              required: true,
              dateRule: "past",
            },
            { key: "gender", type: "select", label: l("Giới tính", "Sex"), required: true, options: GENDER_OPTIONS },
            { key: "idNumber", type: "cccd", label: l("Số định danh cá nhân", "ID number") },
            {
              key: "request",
              type: "radio",
              label: l("Nội dung đề nghị", "Request"),
              required: true,
              options: opts([
                ["first", "Xác định mức độ khuyết tật lần đầu", "First assessment"],
                ["again", "Xác định lại mức độ khuyết tật", "Re-assessment"],
              ]),
            },
            {
              key: "disabilityType",
              type: "select",
              label: l("Dạng khuyết tật", "Kind of disability"),
              required: true,
              options: opts([
                ["mobility", "Khuyết tật vận động", "Physical"],
                ["hearing", "Khuyết tật nghe, nói", "Hearing or speech"],
                ["vision", "Khuyết tật nhìn", "Visual"],
                ["mental", "Khuyết tật thần kinh, tâm thần", "Psychosocial"],
                ["intellectual", "Khuyết tật trí tuệ", "Intellectual"],
                ["other", "Khuyết tật khác", "Other"],
              ]),
            },
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 25 }, [
      ["TN", "Tiếp nhận hồ sơ", "receiving", "receiving", 1],
      ["HD", "Hội đồng xác định mức độ khuyết tật họp, đánh giá", "receiving", "specialist", 16],
      ["NY", "Niêm yết kết quả, trình cấp Giấy xác nhận", "receiving", "specialist", 4],
      ["PD", "Chủ tịch UBND xã ký Giấy xác nhận khuyết tật", "receiving", "leader", 3],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
  {
    code: "2.002481",
    name: "Chuyển trường đối với học sinh trung học phổ thông",
    fieldCode: FIELD.giaoDuc,
    ...education,
    applicantTypes: ["citizen"],
    description:
      "Cha, mẹ hoặc người giám hộ đề nghị chuyển trường cho học sinh trung học phổ thông chuyển nơi cư trú hoặc có lý do chính đáng. Sở Giáo dục và Đào tạo xem xét, giới thiệu học sinh đến trường nơi chuyển đến (đối với học sinh chuyển từ tỉnh, thành phố khác hoặc giữa các trường công lập trong thành phố).",
    requirements: "Chuyển trường vào đầu năm học hoặc cuối học kỳ I; trường hợp đặc biệt do Giám đốc Sở xem xét.",
    timeLimit: { unit: "working_days", value: 3 },
    fees: [],
    components: [
      comp("DON", "Đơn xin chuyển trường do cha, mẹ hoặc người giám hộ ký", "original", {
        declaration: true,
        template: template("don-xin-chuyen-truong.pdf"),
      }),
      comp("HB", "Học bạ (bản chính)", "original"),
      comp("BTN", "Bằng tốt nghiệp trung học cơ sở", "copy"),
      comp("GGT", "Giấy giới thiệu chuyển trường của Hiệu trưởng trường nơi đi", "original"),
    ],
    result: { name: "Giấy giới thiệu chuyển trường của Sở Giáo dục và Đào tạo", electronic: true },
    legalBases: [LAW.giaoDuc, LAW.tt32_2020_gd, LAW.qd51_2002],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Cha, mẹ hoặc người giám hộ", "Parent or guardian"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với học sinh", "Relationship to the student"),
          ],
        },
        {
          key: "student",
          title: l("Học sinh", "Student"),
          fields: [
            ...studentFields(),
            {
              key: "grade",
              type: "select",
              label: l("Lớp đang học", "Current grade"),
              required: true,
              options: opts([
                ["10", "Lớp 10", "Grade 10"],
                ["11", "Lớp 11", "Grade 11"],
                ["12", "Lớp 12", "Grade 12"],
              ]),
            },
            {
              key: "fromSchool",
              type: "text",
              label: l("Trường nơi đi", "Current school"),
              required: true,
              maxLength: 200,
            },
            {
              key: "fromProvince",
              type: "province",
              label: l("Tỉnh, thành phố của trường nơi đi", "Province of the current school"),
              required: true,
            },
            {
              key: "toSchool",
              type: "text",
              label: l("Trường xin chuyển đến", "School requested"),
              required: true,
              maxLength: 200,
            },
            {
              key: "reason",
              type: "textarea",
              label: l("Lý do chuyển trường", "Reason"),
              required: true,
              maxLength: 1000,
            },
          ],
        },
      ],
    },
    process: centreProcess(
      { unit: "working_days", value: 3 },
      "Phòng Giáo dục trung học xem xét hồ sơ",
      "Lãnh đạo Sở ký giấy giới thiệu",
    ),
  },
  {
    code: "1.005142",
    name: "Phúc khảo bài thi tốt nghiệp trung học phổ thông",
    fieldCode: FIELD.thiTuyenSinh,
    ...education,
    applicantTypes: ["citizen"],
    description:
      "Thí sinh đề nghị phúc khảo bài thi tốt nghiệp trung học phổ thông trong thời hạn 10 ngày kể từ ngày công bố kết quả thi. Hội đồng thi tổ chức chấm phúc khảo và công bố kết quả.",
    requirements: "Nộp đơn trong thời hạn nhận đơn phúc khảo do Hội đồng thi công bố.",
    timeLimit: {
      unit: "working_days",
      value: 10,
      note: "Kết quả phúc khảo được công bố chậm nhất 15 ngày kể từ ngày hết hạn nhận đơn phúc khảo",
    },
    fees: [
      {
        name: "Phí phúc khảo bài thi",
        amount: 30000,
        note: "Mỗi bài thi/môn thi; theo Nghị quyết của Hội đồng nhân dân thành phố",
      },
    ],
    components: [
      comp("DON", "Đơn đề nghị phúc khảo bài thi", "original", {
        declaration: true,
        template: template("don-phuc-khao-bai-thi.pdf"),
      }),
    ],
    result: { name: "Thông báo kết quả phúc khảo bài thi", electronic: true },
    legalBases: [LAW.giaoDuc, LAW.tt24_2024_gd],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        { key: "applicant", title: l("Thí sinh", "Candidate"), fields: applicantFields() },
        {
          key: "exam",
          title: l("Bài thi đề nghị phúc khảo", "Papers to re-mark"),
          fields: [
            {
              key: "candidateNumber",
              type: "text",
              label: l("Số báo danh", "Candidate number"),
              required: true,
              pattern: "^\\d{8}$",
              patternMessage: l("Số báo danh gồm 8 chữ số", "Eight digits"),
            },
            { key: "examYear", type: "number", label: l("Năm thi", "Exam year"), required: true, min: 2020, max: 2100 },
            {
              key: "papers",
              type: "group",
              label: l("Bài thi", "Papers"),
              minItems: 1,
              maxItems: 6,
              fields: [
                {
                  key: "subject",
                  type: "select",
                  label: l("Môn thi", "Subject"),
                  required: true,
                  options: opts([
                    ["math", "Toán", "Mathematics"],
                    ["literature", "Ngữ văn", "Literature"],
                    ["english", "Tiếng Anh", "English"],
                    ["physics", "Vật lí", "Physics"],
                    ["chemistry", "Hóa học", "Chemistry"],
                    ["biology", "Sinh học", "Biology"],
                    ["history", "Lịch sử", "History"],
                    ["geography", "Địa lí", "Geography"],
                    ["civics", "Giáo dục kinh tế và pháp luật", "Economics and law"],
                    ["informatics", "Tin học", "Informatics"],
                    ["technology", "Công nghệ", "Technology"],
                  ]),
                },
                {
                  key: "score",
                  type: "number",
                  label: l("Điểm đã công bố", "Published score"),
                  required: true,
                  min: 0,
                  max: 10,
                },
              ],
            },
          ],
        },
      ],
    },
    process: centreProcess(
      { unit: "working_days", value: 10 },
      "Ban phúc khảo chấm phúc khảo",
      "Chủ tịch Hội đồng thi duyệt kết quả",
    ),
  },
  {
    code: "1.005092",
    name: "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    fieldCode: FIELD.vanBang,
    ...education,
    applicantTypes: ["citizen"],
    description:
      "Cấp bản sao bằng tốt nghiệp trung học phổ thông, trung học cơ sở và các chứng chỉ do Sở Giáo dục và Đào tạo quản lý sổ gốc cấp văn bằng.",
    requirements:
      "Người được cấp văn bằng, người đại diện theo pháp luật, người được ủy quyền hoặc cha, mẹ, con, vợ, chồng, anh, chị, em ruột, người thừa kế.",
    timeLimit: SAME_DAY,
    fees: [],
    components: [
      comp("DON", "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "original", {
        declaration: true,
        template: template("don-de-nghi-cap-ban-sao-van-bang.pdf"),
      }),
      comp("UQ", "Văn bản ủy quyền hoặc giấy tờ chứng minh quan hệ (trường hợp người khác yêu cầu)", "copy", {
        required: false,
      }),
    ],
    result: { name: "Bản sao văn bằng, chứng chỉ từ sổ gốc", electronic: true },
    legalBases: [LAW.nd23_2015, LAW.tt21_2019_gd],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người yêu cầu", "Applicant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với người được cấp văn bằng", "Relationship to the holder"),
          ],
        },
        {
          key: "diploma",
          title: l("Văn bằng, chứng chỉ", "Diploma"),
          fields: [
            {
              key: "holderName",
              type: "text",
              label: l("Họ và tên người được cấp văn bằng", "Holder's name"),
              required: true,
              maxLength: 100,
            },
            {
              key: "holderBirthDate",
              type: "date",
              label: l("Ngày sinh", "Date of birth"),
              required: true,
              dateRule: "past",
            },
            {
              key: "kind",
              type: "select",
              label: l("Loại văn bằng", "Kind"),
              required: true,
              options: opts([
                ["thpt", "Bằng tốt nghiệp trung học phổ thông", "Upper-secondary diploma"],
                ["thcs", "Bằng tốt nghiệp trung học cơ sở", "Lower-secondary diploma"],
                ["gdtx", "Bằng tốt nghiệp bổ túc trung học", "Continuing-education diploma"],
              ]),
            },
            {
              key: "graduationYear",
              type: "number",
              label: l("Năm tốt nghiệp", "Year of graduation"),
              required: true,
              min: 1960,
              max: 2100,
            },
            {
              key: "school",
              type: "text",
              label: l("Trường, Hội đồng thi", "School or exam board"),
              required: true,
              maxLength: 200,
            },
            {
              key: "serial",
              type: "text",
              label: l("Số hiệu văn bằng (nếu biết)", "Serial (if known)"),
              maxLength: 30,
            },
            copiesField("copies", l("bản sao", "copies"), 10),
          ],
        },
      ],
    },
    process: process(SAME_DAY, [
      ["TN", "Tiếp nhận yêu cầu", "receiving", "receiving", 1],
      ["TC", "Tra cứu sổ gốc, in bản sao", "competent", "specialist", 1],
      ["PD", "Lãnh đạo phòng ký bản sao", "competent", "leader", 1],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
];
