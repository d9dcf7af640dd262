import type { TimeLimit } from "../../../domain/catalogue.js";
import type { EFormField } from "../../../shared/eform.js";
import { template } from "../../templates/forms.js";
import { FIELD } from "../fields.js";
import { LAW } from "../laws.js";
import {
  addressFields,
  applicantFields,
  comp,
  communeProcess,
  copiesField,
  ETHNICITY_OPTIONS,
  GENDER_OPTIONS,
  l,
  opts,
  personFields,
  process,
  relationField,
} from "../parts.js";
import type { DemoProcedure } from "../types.js";
import { COMMUNE, COMMUNE_CODES } from "../units.js";

/** Civil status (hộ tịch) procedures of the commune People's Committees. */

const SAME_DAY: TimeLimit = {
  unit: "immediate",
  value: 0,
  note: "Ngay trong ngày tiếp nhận; hồ sơ nhận sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo",
};
const days = (value: number, note?: string): TimeLimit =>
  note ? { unit: "working_days", value, note } : { unit: "working_days", value };

const HOTICH_LAWS = [LAW.hoTich, LAW.nd123, LAW.nd87, LAW.tt04_2020, LAW.tt04_2024];
const AUTH = comp("UQ", "Văn bản ủy quyền (trường hợp ủy quyền thực hiện)", "original_or_copy", {
  required: false,
  note: "Được chứng thực theo quy định; không phải chứng thực nếu người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột của người ủy quyền",
});
const communeUnits = { level: "commune" as const, competentUnit: COMMUNE.hoanKiem, implementingUnits: COMMUNE_CODES };

const childFields = (): EFormField[] => [
  { key: "fullName", type: "text", label: l("Họ, chữ đệm và tên", "Full name"), required: true, maxLength: 100 },
  { key: "gender", type: "select", label: l("Giới tính", "Sex"), required: true, options: GENDER_OPTIONS },
  {
    key: "birthDate",
    type: "date",
    label: l("Ngày, tháng, năm sinh", "Date of birth"),
    required: true,
    dateRule: "past",
  },
  {
    key: "birthPlaceKind",
    type: "radio",
    label: l("Nơi sinh", "Place of birth"),
    required: true,
    options: opts([
      ["facility", "Tại cơ sở khám bệnh, chữa bệnh", "At a health facility"],
      ["home", "Ngoài cơ sở khám bệnh, chữa bệnh", "Elsewhere"],
    ]),
  },
  {
    key: "birthPlace",
    type: "text",
    label: l("Tên cơ sở y tế hoặc địa chỉ nơi sinh", "Health facility or address of birth"),
    required: true,
    maxLength: 200,
  },
  ...addressFields("birth", l("Nơi sinh", "Place of birth")).slice(0, 2),
  { key: "ethnicity", type: "select", label: l("Dân tộc", "Ethnicity"), required: true, options: ETHNICITY_OPTIONS },
  { key: "nationality", type: "text", label: l("Quốc tịch", "Nationality"), required: true, maxLength: 50 },
  {
    key: "hometown",
    type: "text",
    label: l("Quê quán", "Home town"),
    required: true,
    maxLength: 200,
    help: l("Theo quê quán của cha hoặc mẹ theo thỏa thuận", "The father's or mother's home town, as agreed"),
  },
];

export const CIVIL_STATUS: DemoProcedure[] = [
  {
    code: "1.001193",
    name: "Đăng ký khai sinh",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam, cha mẹ là công dân Việt Nam. Cha, mẹ có trách nhiệm đăng ký khai sinh cho con trong thời hạn 60 ngày kể từ ngày sinh; người yêu cầu nộp hồ sơ tại Ủy ban nhân dân cấp xã nơi cư trú của cha hoặc mẹ. Kết quả được cấp Giấy khai sinh (bản chính) và số định danh cá nhân cho trẻ.",
    requirements: "Không có.",
    timeLimit: SAME_DAY,
    fees: [
      { name: "Lệ phí đăng ký khai sinh đúng hạn", amount: 0, note: "Miễn lệ phí (Điều 11 Luật Hộ tịch)" },
      {
        name: "Lệ phí đăng ký khai sinh quá hạn",
        amount: 5000,
        note: "Theo Nghị quyết của Hội đồng nhân dân thành phố; miễn cho người thuộc gia đình có công với cách mạng, hộ nghèo, người khuyết tật",
      },
      { name: "Phí cấp bản sao Trích lục khai sinh (nếu yêu cầu)", amount: 8000, note: "Mỗi bản sao" },
    ],
    components: [
      comp("TK", "Tờ khai đăng ký khai sinh", "original", {
        declaration: true,
        template: template("to-khai-dang-ky-khai-sinh.pdf"),
      }),
      comp("GCS", "Giấy chứng sinh", "original", {
        note: "Trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh hoặc giấy cam đoan về việc sinh",
      }),
      comp("BB", "Biên bản xác nhận việc trẻ bị bỏ rơi (trường hợp trẻ bị bỏ rơi)", "original", { required: false }),
      AUTH,
    ],
    result: { name: "Giấy khai sinh (bản chính) và bản sao Trích lục khai sinh nếu có yêu cầu", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.tt85_2019, LAW.tt281_2016],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người yêu cầu", "Applicant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với người được khai sinh", "Relationship to the child"),
          ],
        },
        { key: "child", title: l("Người được khai sinh", "The child"), fields: childFields() },
        { key: "mother", title: l("Thông tin người mẹ", "Mother"), fields: personFields() },
        {
          key: "father",
          title: l("Thông tin người cha (bỏ trống nếu chưa xác định được)", "Father (leave empty if not determined)"),
          fields: personFields({ required: false }),
        },
        {
          key: "request",
          title: l("Yêu cầu cấp bản sao", "Copies requested"),
          fields: [
            {
              ...copiesField("extractCopies", l("bản sao Trích lục khai sinh", "birth extract copies")),
              required: false,
              min: 0,
            },
          ],
        },
      ],
    },
    process: communeProcess(SAME_DAY, "Kiểm tra hồ sơ, ghi Sổ đăng ký khai sinh", "Chủ tịch UBND xã ký Giấy khai sinh"),
  },
  {
    code: "3.000722",
    name: "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Một lần khai, ba kết quả: Giấy khai sinh, đăng ký thường trú và thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi. Hồ sơ được Ủy ban nhân dân cấp xã tiếp nhận, chuyển liên thông điện tử tới Công an cấp xã và cơ quan Bảo hiểm xã hội.",
    requirements: "Trẻ em dưới 6 tuổi; cha, mẹ hoặc người giám hộ có nơi thường trú tại Việt Nam.",
    timeLimit: days(
      5,
      "Tổng thời hạn liên thông theo Nghị định số 63/2024/NĐ-CP; kết quả từng thủ tục được trả ngay khi có",
    ),
    fees: [
      { name: "Lệ phí đăng ký khai sinh đúng hạn", amount: 0 },
      { name: "Lệ phí đăng ký thường trú", amount: 0, note: "Miễn lệ phí đăng ký cư trú cho trẻ em dưới 18 tuổi" },
      { name: "Thẻ bảo hiểm y tế trẻ em dưới 6 tuổi", amount: 0, note: "Do ngân sách nhà nước đóng" },
    ],
    components: [
      comp("TKLT", "Tờ khai điện tử liên thông (khai trực tuyến theo biểu mẫu điện tử)", "original", {
        declaration: true,
      }),
      comp("GCS", "Giấy chứng sinh", "original", { note: "Bản điện tử hoặc bản chụp bản chính" }),
      comp(
        "CHO",
        "Giấy tờ chứng minh chỗ ở hợp pháp (nếu nơi thường trú chưa có thông tin trong Cơ sở dữ liệu)",
        "copy",
        {
          required: false,
        },
      ),
      comp(
        "DY",
        "Văn bản đồng ý cho đăng ký thường trú của chủ hộ/chủ sở hữu chỗ ở (trường hợp nhập vào hộ khác)",
        "original",
        {
          required: false,
        },
      ),
      AUTH,
    ],
    result: {
      name: "Giấy khai sinh điện tử; kết quả đăng ký thường trú; thẻ bảo hiểm y tế điện tử của trẻ em",
      electronic: true,
    },
    legalBases: [LAW.nd63_2024, LAW.hoTich, LAW.nd123, LAW.cuTru, LAW.nd154_2024, LAW.bhyt],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người yêu cầu", "Applicant"),
          fields: [...applicantFields(), relationField("relationship", "Quan hệ với trẻ", "Relationship to the child")],
        },
        { key: "child", title: l("Người được khai sinh", "The child"), fields: childFields() },
        { key: "mother", title: l("Thông tin người mẹ", "Mother"), fields: personFields() },
        { key: "father", title: l("Thông tin người cha", "Father"), fields: personFields({ required: false }) },
        {
          key: "residence",
          title: l("Đăng ký thường trú cho trẻ", "Permanent residence of the child"),
          fields: [
            ...addressFields("address", l("Nơi thường trú", "Permanent residence")),
            {
              key: "householderName",
              type: "text",
              label: l("Họ và tên chủ hộ", "Head of household"),
              required: true,
              maxLength: 100,
            },
            {
              key: "householderIdNumber",
              type: "cccd",
              label: l("Số định danh cá nhân của chủ hộ", "Head of household's ID number"),
              required: true,
            },
            {
              key: "relationshipToHouseholder",
              type: "select",
              label: l("Quan hệ của trẻ với chủ hộ", "Child's relationship to the head of household"),
              required: true,
              options: opts([
                ["child", "Con", "Child"],
                ["grandchild", "Cháu", "Grandchild"],
                ["other", "Khác", "Other"],
              ]),
            },
          ],
        },
        {
          key: "insurance",
          title: l("Bảo hiểm y tế", "Health insurance"),
          fields: [
            {
              key: "primaryCareFacility",
              type: "text",
              label: l("Nơi đăng ký khám bệnh, chữa bệnh ban đầu", "Primary health-care facility"),
              required: true,
              maxLength: 200,
            },
          ],
        },
      ],
    },
    process: process(days(5), [
      ["TN", "Tiếp nhận hồ sơ liên thông", "receiving", "receiving", 1],
      ["KS", "Đăng ký khai sinh, cấp số định danh cá nhân", "receiving", "specialist", 3],
      ["KSPD", "Chủ tịch UBND xã ký Giấy khai sinh", "receiving", "leader", 1],
      [
        "TT",
        "Chuyển liên thông Công an cấp xã đăng ký thường trú, cơ quan BHXH cấp thẻ BHYT",
        "receiving",
        "specialist",
        3,
      ],
      ["TKQ", "Trả kết quả liên thông", "receiving", "receiving", 1],
    ]),
  },
  {
    code: "1.000894",
    name: "Đăng ký kết hôn",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Đăng ký kết hôn giữa công dân Việt Nam với nhau tại Ủy ban nhân dân cấp xã nơi cư trú của một trong hai bên. Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do hai bên tự nguyện quyết định.",
    requirements:
      "Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên; việc kết hôn do nam và nữ tự nguyện quyết định; không bị mất năng lực hành vi dân sự; không thuộc trường hợp cấm kết hôn theo Luật Hôn nhân và gia đình.",
    timeLimit: {
      unit: "immediate",
      value: 0,
      note: "Ngay sau khi nhận đủ giấy tờ; trường hợp cần xác minh thì không quá 05 ngày làm việc",
    },
    fees: [
      { name: "Lệ phí đăng ký kết hôn", amount: 0, note: "Miễn lệ phí cho công dân Việt Nam cư trú ở trong nước" },
    ],
    components: [
      comp("TK", "Tờ khai đăng ký kết hôn", "original", {
        declaration: true,
        template: template("to-khai-dang-ky-ket-hon.pdf"),
        note: "Hai bên nam, nữ có thể khai chung vào một Tờ khai",
      }),
      comp(
        "XNHN",
        "Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký kết hôn không tại nơi thường trú)",
        "original",
        {
          required: false,
          note: "Không phải nộp nếu thông tin tình trạng hôn nhân đã có trong Cơ sở dữ liệu hộ tịch điện tử",
        },
      ),
    ],
    result: { name: "Giấy chứng nhận kết hôn (mỗi bên vợ, chồng 01 bản chính)", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.hnGd],
    onlineKind: "partial",
    onlineReason:
      "Hai bên nam, nữ phải có mặt tại Ủy ban nhân dân cấp xã khi trao Giấy chứng nhận kết hôn để ký vào Giấy chứng nhận và Sổ đăng ký kết hôn (Điều 18 Luật Hộ tịch).",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người nộp hồ sơ", "Applicant"),
          fields: [
            ...applicantFields(),
            {
              key: "ethnicity",
              type: "select",
              label: l("Dân tộc", "Ethnicity"),
              required: true,
              options: ETHNICITY_OPTIONS,
            },
            {
              key: "party",
              type: "radio",
              label: l("Tôi là", "I am"),
              required: true,
              options: opts([
                ["bride", "Bên nữ", "The bride"],
                ["groom", "Bên nam", "The groom"],
              ]),
            },
            {
              key: "marriageCount",
              type: "select",
              label: l("Kết hôn lần thứ", "Marriage number"),
              required: true,
              options: opts([
                ["1", "Lần thứ nhất", "First"],
                ["2", "Lần thứ hai", "Second"],
                ["3", "Lần thứ ba trở lên", "Third or later"],
              ]),
            },
          ],
        },
        {
          key: "partner",
          title: l("Bên còn lại", "The other party"),
          fields: [
            ...personFields(),
            {
              key: "marriageCount",
              type: "select",
              label: l("Kết hôn lần thứ", "Marriage number"),
              required: true,
              options: opts([
                ["1", "Lần thứ nhất", "First"],
                ["2", "Lần thứ hai", "Second"],
                ["3", "Lần thứ ba trở lên", "Third or later"],
              ]),
            },
          ],
        },
        {
          key: "ceremony",
          title: l("Trao Giấy chứng nhận kết hôn", "Handing over the certificate"),
          fields: [
            {
              key: "preferredDate",
              type: "date",
              label: l("Ngày mong muốn nhận Giấy chứng nhận kết hôn", "Preferred date to receive the certificate"),
              dateRule: "future",
            },
            {
              ...copiesField("copies", l("bản sao Trích lục kết hôn", "marriage extract copies")),
              required: false,
              min: 0,
            },
          ],
        },
      ],
    },
    process: communeProcess(
      { unit: "immediate", value: 0 },
      "Kiểm tra điều kiện kết hôn, ghi Sổ đăng ký kết hôn",
      "Chủ tịch UBND xã ký Giấy chứng nhận kết hôn",
    ),
  },
  {
    code: "1.000656",
    name: "Đăng ký khai tử",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Đăng ký khai tử cho người chết tại Ủy ban nhân dân cấp xã nơi cư trú cuối cùng của người chết hoặc nơi người đó chết. Vợ, chồng, con, cha, mẹ hoặc người thân thích khác có trách nhiệm đi khai tử trong thời hạn 15 ngày kể từ ngày có người chết.",
    requirements: "Không có.",
    timeLimit: {
      unit: "immediate",
      value: 0,
      note: "Ngay trong ngày; trường hợp cần xác minh thì không quá 03 ngày làm việc",
    },
    fees: [{ name: "Lệ phí đăng ký khai tử đúng hạn", amount: 0, note: "Miễn lệ phí" }],
    components: [
      comp("TK", "Tờ khai đăng ký khai tử", "original", {
        declaration: true,
        template: template("to-khai-dang-ky-khai-tu.pdf"),
      }),
      comp("GBT", "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", "original", {
        note: "Do cơ sở y tế, Ủy ban nhân dân cấp xã hoặc cơ quan có thẩm quyền cấp",
      }),
      AUTH,
    ],
    result: { name: "Trích lục khai tử (bản chính)", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.nd63_2024],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người đi khai tử", "Applicant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với người đã chết", "Relationship to the deceased"),
          ],
        },
        {
          key: "deceased",
          title: l("Người đã chết", "The deceased"),
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
              label: l("Ngày, tháng, năm sinh", "Date of birth"),
              required: true,
              dateRule: "past",
            },
            { key: "gender", type: "select", label: l("Giới tính", "Sex"), required: true, options: GENDER_OPTIONS },
            {
              key: "ethnicity",
              type: "select",
              label: l("Dân tộc", "Ethnicity"),
              required: true,
              options: ETHNICITY_OPTIONS,
            },
            { key: "nationality", type: "text", label: l("Quốc tịch", "Nationality"), required: true, maxLength: 50 },
            {
              key: "idNumber",
              type: "cccd",
              label: l("Số định danh cá nhân", "Personal identification number"),
              required: true,
            },
            {
              key: "lastResidence",
              type: "text",
              label: l("Nơi cư trú cuối cùng", "Last place of residence"),
              required: true,
              maxLength: 250,
            },
            {
              key: "deathDate",
              type: "date",
              label: l("Ngày chết", "Date of death"),
              required: true,
              dateRule: "past",
            },
            {
              key: "deathTime",
              type: "text",
              label: l("Giờ, phút chết", "Time of death"),
              maxLength: 5,
              pattern: "^([01]\\d|2[0-3]):[0-5]\\d$",
              patternMessage: l("Nhập giờ dạng hh:mm", "Use hh:mm"),
            },
            { key: "deathPlace", type: "text", label: l("Nơi chết", "Place of death"), required: true, maxLength: 200 },
            ...addressFields("death", l("Nơi chết", "Place of death")).slice(0, 2),
            {
              key: "cause",
              type: "text",
              label: l("Nguyên nhân chết", "Cause of death"),
              required: true,
              maxLength: 200,
            },
          ],
        },
        {
          key: "notice",
          title: l("Giấy báo tử", "Death notice"),
          fields: [
            {
              key: "number",
              type: "text",
              label: l("Số Giấy báo tử", "Death notice number"),
              required: true,
              maxLength: 50,
            },
            { key: "issuedBy", type: "text", label: l("Cơ quan cấp", "Issued by"), required: true, maxLength: 200 },
            { key: "issuedOn", type: "date", label: l("Ngày cấp", "Issued on"), required: true, dateRule: "past" },
          ],
        },
      ],
    },
    process: communeProcess(
      { unit: "immediate", value: 0 },
      "Kiểm tra hồ sơ, ghi Sổ đăng ký khai tử",
      "Chủ tịch UBND xã ký Trích lục khai tử",
    ),
  },
  {
    code: "2.000635",
    name: "Cấp bản sao Trích lục hộ tịch",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Cấp bản sao trích lục hộ tịch (khai sinh, kết hôn, khai tử…) từ Cơ sở dữ liệu hộ tịch hoặc Sổ hộ tịch cho người đã được đăng ký hộ tịch, hoặc người được ủy quyền.",
    requirements:
      "Việc hộ tịch đã được đăng ký tại cơ quan tiếp nhận yêu cầu hoặc đã có trong Cơ sở dữ liệu hộ tịch điện tử.",
    timeLimit: SAME_DAY,
    fees: [{ name: "Phí cấp bản sao trích lục hộ tịch", amount: 8000, note: "Mỗi bản sao trích lục" }],
    components: [
      comp("TK", "Tờ khai cấp bản sao trích lục hộ tịch", "original", {
        declaration: true,
        template: template("to-khai-cap-ban-sao-trich-luc-ho-tich.pdf"),
      }),
      AUTH,
    ],
    result: { name: "Bản sao trích lục hộ tịch", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.tt281_2016],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người yêu cầu", "Applicant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với người được cấp bản sao", "Relationship to the person concerned"),
          ],
        },
        {
          key: "record",
          title: l("Việc hộ tịch cần cấp bản sao", "Civil-status record"),
          fields: [
            {
              key: "eventType",
              type: "select",
              label: l("Loại việc hộ tịch", "Kind of record"),
              required: true,
              options: opts([
                ["birth", "Khai sinh", "Birth"],
                ["marriage", "Kết hôn", "Marriage"],
                ["death", "Khai tử", "Death"],
                ["parentage", "Nhận cha, mẹ, con", "Parentage"],
                ["change", "Thay đổi, cải chính hộ tịch", "Change of civil status"],
                ["guardianship", "Giám hộ", "Guardianship"],
              ]),
            },
            {
              key: "personName",
              type: "text",
              label: l("Họ và tên người được cấp bản sao", "Name on the record"),
              required: true,
              maxLength: 100,
            },
            { key: "personIdNumber", type: "cccd", label: l("Số định danh cá nhân của người đó", "Their ID number") },
            {
              key: "registeredBy",
              type: "text",
              label: l("Cơ quan đã đăng ký", "Registering authority"),
              required: true,
              maxLength: 200,
            },
            {
              key: "registrationNumber",
              type: "text",
              label: l("Số đăng ký, quyển số (nếu biết)", "Entry and book number, if known"),
              maxLength: 50,
            },
            {
              key: "registrationDate",
              type: "date",
              label: l("Ngày đăng ký (nếu biết)", "Date registered, if known"),
              dateRule: "past",
            },
            copiesField("copies", l("bản sao", "copies"), 20),
            { key: "purpose", type: "text", label: l("Mục đích sử dụng", "Purpose"), maxLength: 200 },
          ],
        },
      ],
    },
    process: communeProcess(SAME_DAY, "Tra cứu Cơ sở dữ liệu hộ tịch, in bản sao", "Ký, đóng dấu bản sao trích lục"),
  },
  {
    code: "1.004884",
    name: "Đăng ký lại khai sinh",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Đăng ký lại việc khai sinh đã được đăng ký tại cơ quan có thẩm quyền của Việt Nam trước ngày 01/01/2016 nhưng Sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất.",
    requirements: "Việc khai sinh đã đăng ký trước ngày 01/01/2016; Sổ hộ tịch và bản chính Giấy khai sinh đều bị mất.",
    timeLimit: days(5, "Trường hợp phải xác minh thì thời hạn được kéo dài thêm không quá 05 ngày làm việc"),
    fees: [
      { name: "Lệ phí đăng ký lại khai sinh", amount: 5000, note: "Theo Nghị quyết của Hội đồng nhân dân thành phố" },
    ],
    components: [
      comp("TK", "Tờ khai đăng ký lại khai sinh", "original", {
        declaration: true,
        template: template("to-khai-dang-ky-lai-khai-sinh.pdf"),
      }),
      comp("BS", "Bản sao Giấy khai sinh hoặc giấy tờ có nội dung khai sinh (nếu có)", "copy", {
        required: false,
        note: "Trường hợp không có thì nộp giấy tờ có thông tin về họ tên, ngày sinh, quê quán do cơ quan nhà nước cấp hợp lệ",
      }),
      comp(
        "CK",
        "Văn bản cam đoan của người yêu cầu về việc đã đăng ký khai sinh nhưng không lưu giữ được bản sao",
        "original",
        {
          required: false,
        },
      ),
      AUTH,
    ],
    result: { name: "Giấy khai sinh (bản chính, ghi chú “Đăng ký lại”)", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.tt85_2019],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người yêu cầu", "Applicant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với người được khai sinh", "Relationship to the person"),
          ],
        },
        {
          key: "person",
          title: l("Người được đăng ký lại khai sinh", "Person re-registered"),
          fields: [
            {
              key: "fullName",
              type: "text",
              label: l("Họ, chữ đệm và tên", "Full name"),
              required: true,
              maxLength: 100,
            },
            { key: "gender", type: "select", label: l("Giới tính", "Sex"), required: true, options: GENDER_OPTIONS },
            {
              key: "birthDate",
              type: "date",
              label: l("Ngày, tháng, năm sinh", "Date of birth"),
              required: true,
              dateRule: "past",
            },
            { key: "birthPlace", type: "text", label: l("Nơi sinh", "Place of birth"), required: true, maxLength: 200 },
            {
              key: "ethnicity",
              type: "select",
              label: l("Dân tộc", "Ethnicity"),
              required: true,
              options: ETHNICITY_OPTIONS,
            },
            { key: "hometown", type: "text", label: l("Quê quán", "Home town"), required: true, maxLength: 200 },
            { key: "fatherName", type: "text", label: l("Họ và tên cha", "Father's name"), maxLength: 100 },
            { key: "motherName", type: "text", label: l("Họ và tên mẹ", "Mother's name"), maxLength: 100 },
          ],
        },
        {
          key: "previous",
          title: l("Việc khai sinh đã đăng ký", "Earlier registration"),
          fields: [
            {
              key: "registeredBy",
              type: "text",
              label: l("Cơ quan đã đăng ký khai sinh", "Registering authority"),
              required: true,
              maxLength: 200,
            },
            {
              key: "registrationYear",
              type: "number",
              label: l("Năm đăng ký", "Year registered"),
              min: 1945,
              max: 2015,
            },
            {
              key: "reason",
              type: "textarea",
              label: l("Lý do đăng ký lại", "Reason"),
              required: true,
              maxLength: 1000,
            },
          ],
        },
      ],
    },
    process: communeProcess(days(5), "Kiểm tra, xác minh hồ sơ lưu trữ", "Chủ tịch UBND xã ký Giấy khai sinh"),
  },
  {
    code: "1.004873",
    name: "Cấp Giấy xác nhận tình trạng hôn nhân",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Cấp Giấy xác nhận tình trạng hôn nhân cho công dân Việt Nam cư trú trong nước để sử dụng vào việc kết hôn hoặc mục đích khác. Giấy có giá trị 06 tháng kể từ ngày cấp.",
    requirements:
      "Trường hợp yêu cầu để kết hôn, người yêu cầu phải đáp ứng đủ điều kiện kết hôn theo quy định của Luật Hôn nhân và gia đình.",
    timeLimit: days(3, "Trường hợp cần xác minh thì không quá 20 ngày"),
    fees: [
      {
        name: "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân",
        amount: 5000,
        note: "Theo Nghị quyết của Hội đồng nhân dân thành phố",
      },
    ],
    components: [
      comp("TK", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "original", {
        declaration: true,
        template: template("to-khai-cap-giay-xac-nhan-tinh-trang-hon-nhan.pdf"),
      }),
      comp("LH", "Bản án, quyết định ly hôn đã có hiệu lực hoặc giấy tờ chứng minh vợ/chồng đã chết (nếu có)", "copy", {
        required: false,
      }),
      AUTH,
    ],
    result: { name: "Giấy xác nhận tình trạng hôn nhân", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.tt85_2019],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        { key: "applicant", title: l("Người yêu cầu", "Applicant"), fields: applicantFields() },
        {
          key: "status",
          title: l("Tình trạng hôn nhân", "Marital status"),
          fields: [
            {
              key: "maritalStatus",
              type: "select",
              label: l("Tình trạng hôn nhân hiện tại", "Current marital status"),
              required: true,
              options: opts([
                ["single", "Chưa đăng ký kết hôn với ai", "Never married"],
                ["divorced", "Đã ly hôn, chưa kết hôn lại", "Divorced"],
                ["widowed", "Vợ/chồng đã chết, chưa kết hôn lại", "Widowed"],
                ["married", "Đang có vợ/chồng", "Married"],
              ]),
            },
            {
              key: "periodFrom",
              type: "date",
              label: l("Thời gian cư trú tại nơi xác nhận: từ ngày", "Resident here since"),
              required: true,
              dateRule: "past",
            },
            {
              key: "purpose",
              type: "select",
              label: l("Mục đích sử dụng", "Purpose"),
              required: true,
              options: opts([
                ["marriage", "Đăng ký kết hôn", "Marriage"],
                ["property", "Mua bán, chuyển nhượng tài sản", "Property transaction"],
                ["loan", "Vay vốn ngân hàng", "Bank loan"],
                ["other", "Mục đích khác", "Other"],
              ]),
            },
            {
              key: "partnerName",
              type: "text",
              label: l("Họ tên người dự định kết hôn (nếu mục đích kết hôn)", "Intended spouse (for marriage)"),
              maxLength: 100,
            },
            {
              key: "partnerIdNumber",
              type: "cccd",
              label: l("Số định danh cá nhân của người dự định kết hôn", "Intended spouse's ID number"),
            },
            copiesField("copies", l("bản", "copies"), 5),
          ],
        },
      ],
    },
    process: communeProcess(days(3), "Tra cứu, xác minh tình trạng hôn nhân", "Chủ tịch UBND xã ký Giấy xác nhận"),
  },
  {
    code: "1.001022",
    name: "Đăng ký nhận cha, mẹ, con",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Đăng ký việc nhận cha, mẹ, con giữa công dân Việt Nam cư trú trong nước, khi người nhận và người được nhận còn sống và không có tranh chấp.",
    requirements: "Người nhận và người được nhận là cha, mẹ, con còn sống; việc nhận cha, mẹ, con không có tranh chấp.",
    timeLimit: days(3, "Trường hợp cần xác minh thì kéo dài thêm không quá 05 ngày làm việc"),
    fees: [
      {
        name: "Lệ phí đăng ký nhận cha, mẹ, con",
        amount: 10000,
        note: "Theo Nghị quyết của Hội đồng nhân dân thành phố",
      },
    ],
    components: [
      comp("TK", "Tờ khai đăng ký nhận cha, mẹ, con", "original", {
        declaration: true,
        template: template("to-khai-dang-ky-nhan-cha-me-con.pdf"),
      }),
      comp("CC", "Chứng cứ chứng minh quan hệ cha, mẹ, con", "original_or_copy", {
        note: "Văn bản của cơ quan y tế, giám định xác nhận quan hệ huyết thống; hoặc văn bản cam đoan kèm ít nhất 02 người làm chứng",
      }),
    ],
    result: { name: "Trích lục đăng ký nhận cha, mẹ, con", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.tt85_2019],
    onlineKind: "partial",
    onlineReason:
      "Người nhận và người được nhận phải có mặt khi đăng ký để ký vào Sổ hộ tịch và Trích lục (Điều 25 Luật Hộ tịch).",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người nhận", "Person acknowledging"),
          fields: [
            ...applicantFields(),
            {
              key: "acknowledgement",
              type: "radio",
              label: l("Nội dung đăng ký", "What is acknowledged"),
              required: true,
              options: opts([
                ["father_child", "Cha nhận con", "Father acknowledges child"],
                ["mother_child", "Mẹ nhận con", "Mother acknowledges child"],
                ["child_father", "Con nhận cha", "Child acknowledges father"],
                ["child_mother", "Con nhận mẹ", "Child acknowledges mother"],
              ]),
            },
          ],
        },
        { key: "other", title: l("Người được nhận", "Person acknowledged"), fields: personFields() },
        {
          key: "request",
          title: l("Yêu cầu", "Request"),
          fields: [{ ...copiesField("copies", l("bản sao Trích lục", "extract copies")), required: false, min: 0 }],
        },
      ],
    },
    process: communeProcess(days(3), "Thẩm tra chứng cứ, niêm yết", "Chủ tịch UBND xã ký Trích lục"),
  },
  {
    code: "1.004859",
    name: "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
    fieldCode: FIELD.hoTich,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Thay đổi họ, chữ đệm, tên; cải chính thông tin hộ tịch có sai sót; bổ sung thông tin hộ tịch còn thiếu cho người dưới 18 tuổi (thay đổi) hoặc mọi công dân (cải chính, bổ sung) đã đăng ký hộ tịch tại Ủy ban nhân dân cấp xã.",
    requirements:
      "Việc thay đổi họ, chữ đệm, tên của người từ đủ 09 tuổi trở lên phải có sự đồng ý của người đó; cải chính chỉ khi có đủ căn cứ xác định có sai sót do người đăng ký hộ tịch hoặc cơ quan đăng ký hộ tịch.",
    timeLimit: days(
      3,
      "Trường hợp cần xác minh thì kéo dài thêm không quá 03 ngày làm việc; bổ sung thông tin được giải quyết ngay",
    ),
    fees: [
      {
        name: "Lệ phí thay đổi, cải chính hộ tịch",
        amount: 15000,
        note: "Theo Nghị quyết của Hội đồng nhân dân thành phố",
      },
      { name: "Lệ phí bổ sung thông tin hộ tịch", amount: 0 },
    ],
    components: [
      comp("TK", "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "original", {
        declaration: true,
        template: template("to-khai-thay-doi-cai-chinh-bo-sung-ho-tich.pdf"),
      }),
      comp("GT", "Giấy tờ hộ tịch cần thay đổi, cải chính, bổ sung", "original"),
      comp("CC", "Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", "copy", {
        note: "Ví dụ: giấy tờ tùy thân, học bạ, hồ sơ đảng viên có thông tin đúng",
      }),
      AUTH,
    ],
    result: { name: "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch", electronic: true },
    legalBases: [...HOTICH_LAWS, LAW.tt85_2019],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người yêu cầu", "Applicant"),
          fields: [
            ...applicantFields(),
            relationField("relationship", "Quan hệ với người có thông tin thay đổi", "Relationship to the person"),
          ],
        },
        {
          key: "subject",
          title: l("Giấy tờ hộ tịch", "Civil-status record"),
          fields: [
            {
              key: "personName",
              type: "text",
              label: l("Họ và tên người có thông tin cần thay đổi", "Name of the person"),
              required: true,
              maxLength: 100,
            },
            { key: "personIdNumber", type: "cccd", label: l("Số định danh cá nhân", "ID number"), required: true },
            {
              key: "documentType",
              type: "select",
              label: l("Loại giấy tờ hộ tịch", "Kind of record"),
              required: true,
              options: opts([
                ["birth", "Giấy khai sinh", "Birth certificate"],
                ["marriage", "Giấy chứng nhận kết hôn", "Marriage certificate"],
                ["death", "Trích lục khai tử", "Death extract"],
              ]),
            },
            { key: "documentNumber", type: "text", label: l("Số giấy tờ", "Number"), maxLength: 50 },
            { key: "issuedBy", type: "text", label: l("Cơ quan cấp", "Issued by"), required: true, maxLength: 200 },
            { key: "issuedOn", type: "date", label: l("Ngày cấp", "Issued on"), dateRule: "past" },
            {
              key: "changeType",
              type: "radio",
              label: l("Yêu cầu", "Request"),
              required: true,
              options: opts([
                ["change", "Thay đổi", "Change"],
                ["correct", "Cải chính", "Correction"],
                ["supplement", "Bổ sung", "Supplement"],
              ]),
            },
            {
              key: "changes",
              type: "group",
              label: l("Nội dung thay đổi", "Changes"),
              minItems: 1,
              maxItems: 10,
              fields: [
                {
                  key: "item",
                  type: "text",
                  label: l("Thông tin (ví dụ: họ tên, ngày sinh, quê quán)", "Item"),
                  required: true,
                  maxLength: 100,
                },
                { key: "current", type: "text", label: l("Nội dung đang ghi", "Currently recorded"), maxLength: 200 },
                {
                  key: "requested",
                  type: "text",
                  label: l("Nội dung đề nghị ghi", "Requested"),
                  required: true,
                  maxLength: 200,
                },
              ],
            },
            { key: "reason", type: "textarea", label: l("Lý do", "Reason"), required: true, maxLength: 1000 },
          ],
        },
      ],
    },
    process: communeProcess(days(3), "Thẩm tra căn cứ thay đổi, cải chính", "Chủ tịch UBND xã ký Trích lục"),
  },
];
