import type { TimeLimit } from "../../../domain/catalogue.js";
import { FIELD } from "../fields.js";
import { LAW } from "../laws.js";
import { applicantSection, comp, communeProcess, l } from "../parts.js";
import type { DemoProcedure } from "../types.js";
import { COMMUNE, COMMUNE_CODES } from "../units.js";

/** Certification (chứng thực) at the commune People's Committees. */

const SAME_DAY: TimeLimit = {
  unit: "immediate",
  value: 0,
  note: "Trong ngày tiếp nhận; yêu cầu tiếp nhận sau 15 giờ được trả trong ngày làm việc tiếp theo",
};
const LAWS = [LAW.nd23_2015, LAW.tt01_2020_btp, LAW.tt226_2016];
const communeUnits = { level: "commune" as const, competentUnit: COMMUNE.hoanKiem, implementingUnits: COMMUNE_CODES };

export const CERTIFICATION: DemoProcedure[] = [
  {
    code: "2.000815",
    name: "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
    fieldCode: FIELD.chungThuc,
    ...communeUnits,
    applicantTypes: ["citizen", "business"],
    description:
      "Chứng thực bản sao từ bản chính các giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận. Người yêu cầu có thể thực hiện tại bất kỳ Ủy ban nhân dân cấp xã nào, không phụ thuộc nơi cư trú.",
    requirements:
      "Bản chính không bị tẩy xóa, sửa chữa, thêm, bớt nội dung; không bị hư hỏng, cũ nát không xác định được nội dung; không đóng dấu mật; không thuộc giấy tờ mà pháp luật quy định không được sao.",
    timeLimit: SAME_DAY,
    fees: [
      { name: "Phí chứng thực bản sao (trang thứ nhất và thứ hai)", amount: 2000, note: "Mỗi trang" },
      {
        name: "Phí chứng thực bản sao (từ trang thứ ba trở lên)",
        amount: 1000,
        note: "Mỗi trang; tối đa 200.000 đồng/bản",
      },
    ],
    components: [
      comp("BC", "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", "original", {
        note: "Xuất trình để đối chiếu; được trả lại ngay",
      }),
      comp("BS", "Bản sao cần chứng thực", "copy", {
        required: false,
        note: "Trường hợp người yêu cầu không tự chụp, cơ quan chứng thực chụp từ bản chính",
      }),
    ],
    result: { name: "Bản sao được chứng thực từ bản chính", electronic: false },
    legalBases: LAWS,
    onlineKind: "none",
    eform: {
      sections: [
        applicantSection(),
        {
          key: "documents",
          title: l("Giấy tờ cần chứng thực", "Documents to certify"),
          fields: [
            {
              key: "items",
              type: "group",
              label: l("Giấy tờ", "Documents"),
              minItems: 1,
              maxItems: 20,
              fields: [
                { key: "name", type: "text", label: l("Tên giấy tờ", "Document"), required: true, maxLength: 200 },
                { key: "pages", type: "number", label: l("Số trang", "Pages"), required: true, min: 1, max: 500 },
                { key: "copies", type: "number", label: l("Số bản sao", "Copies"), required: true, min: 1, max: 50 },
              ],
            },
          ],
        },
      ],
    },
    process: communeProcess(SAME_DAY, "Đối chiếu bản sao với bản chính", "Người có thẩm quyền ký chứng thực"),
  },
  {
    code: "2.000884",
    name: "Chứng thực chữ ký trong các giấy tờ, văn bản",
    fieldCode: FIELD.chungThuc,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Chứng thực chữ ký của cá nhân trong giấy tờ, văn bản (giấy ủy quyền không có thù lao, đơn, cam kết…). Người yêu cầu phải ký trước mặt người thực hiện chứng thực.",
    requirements:
      "Người yêu cầu chứng thực minh mẫn, nhận thức và làm chủ được hành vi của mình; giấy tờ, văn bản không có nội dung trái pháp luật, đạo đức xã hội; không phải hợp đồng, giao dịch (trừ trường hợp luật cho phép).",
    timeLimit: SAME_DAY,
    fees: [
      {
        name: "Phí chứng thực chữ ký",
        amount: 10000,
        note: "Mỗi trường hợp (một hoặc nhiều chữ ký trong một giấy tờ)",
      },
    ],
    components: [
      comp("VB", "Giấy tờ, văn bản mà người yêu cầu chứng thực sẽ ký", "original"),
      comp("TT", "Giấy tờ tùy thân còn giá trị sử dụng", "original", { note: "Xuất trình để đối chiếu" }),
    ],
    result: { name: "Giấy tờ, văn bản đã được chứng thực chữ ký", electronic: false },
    legalBases: LAWS,
    onlineKind: "none",
    eform: {
      sections: [
        applicantSection(),
        {
          key: "document",
          title: l("Giấy tờ cần chứng thực chữ ký", "Document to be signed"),
          fields: [
            { key: "name", type: "text", label: l("Tên giấy tờ, văn bản", "Document"), required: true, maxLength: 200 },
            { key: "pages", type: "number", label: l("Số trang", "Pages"), required: true, min: 1, max: 200 },
            {
              key: "copies",
              type: "number",
              label: l("Số bản cần chứng thực", "Copies"),
              required: true,
              min: 1,
              max: 20,
            },
          ],
        },
      ],
    },
    process: communeProcess(SAME_DAY, "Kiểm tra giấy tờ, chứng kiến việc ký", "Người có thẩm quyền ký chứng thực"),
  },
];
