import type { EFormField, EFormSection } from "../../../shared/eform.js";
import { template } from "../../templates/forms.js";
import { FIELD } from "../fields.js";
import { LAW } from "../laws.js";
import {
  addressFields,
  applicantFields,
  comp,
  communeProcess,
  GENDER_OPTIONS,
  l,
  opts,
  RELATIONSHIP_OPTIONS,
} from "../parts.js";
import type { DemoProcedure } from "../types.js";
import { COMMUNE_POLICE_CODES } from "../units.js";

/** Residence registration (cư trú): Công an cấp xã. */

const policeUnits = {
  level: "commune" as const,
  competentUnit: COMMUNE_POLICE_CODES[0]!,
  implementingUnits: COMMUNE_POLICE_CODES,
};
const CT01 = () =>
  comp("CT01", "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", "original", {
    declaration: true,
    template: template("to-khai-thay-doi-thong-tin-cu-tru-ct01.pdf"),
    note: "Người chưa thành niên phải có ý kiến đồng ý của cha, mẹ hoặc người giám hộ",
  });
const LAWS = [LAW.cuTru, LAW.nd154_2024, LAW.tt55_2021, LAW.tt66_2023, LAW.tt75_2022];

const BASIS_OPTIONS = opts([
  ["owned", "Chỗ ở thuộc quyền sở hữu của tôi", "I own the dwelling"],
  ["family", "Nhập vào hộ gia đình người thân (vợ/chồng, con, cha mẹ…)", "Joining a relative's household"],
  ["rented", "Thuê, mượn, ở nhờ", "Rented or lent"],
  ["other", "Trường hợp khác", "Other"],
]);

const householderFields = (): EFormField[] => [
  {
    key: "basis",
    type: "select",
    label: l("Căn cứ đăng ký", "Basis of registration"),
    required: true,
    options: BASIS_OPTIONS,
  },
  {
    key: "householderName",
    type: "text",
    label: l("Họ và tên chủ hộ (nếu nhập vào hộ đã có)", "Head of household (when joining a household)"),
    maxLength: 100,
  },
  {
    key: "householderIdNumber",
    type: "cccd",
    label: l("Số định danh cá nhân của chủ hộ", "Head of household's ID number"),
  },
  {
    key: "relationshipToHouseholder",
    type: "select",
    label: l("Quan hệ với chủ hộ", "Relationship to the head of household"),
    options: [{ value: "head", label: l("Là chủ hộ", "Head of household") }, ...RELATIONSHIP_OPTIONS],
  },
];

const membersGroup = (): EFormField => ({
  key: "members",
  type: "group",
  label: l("Thành viên hộ gia đình cùng đăng ký", "Household members registering with you"),
  help: l("Bỏ trống nếu chỉ đăng ký cho bản thân", "Leave empty when registering only yourself"),
  minItems: 0,
  maxItems: 15,
  fields: [
    { key: "fullName", type: "text", label: l("Họ, chữ đệm và tên", "Full name"), required: true, maxLength: 100 },
    { key: "birthDate", type: "date", label: l("Ngày sinh", "Date of birth"), required: true, dateRule: "past" },
    { key: "gender", type: "select", label: l("Giới tính", "Sex"), required: true, options: GENDER_OPTIONS },
    { key: "idNumber", type: "cccd", label: l("Số định danh cá nhân", "ID number"), required: true },
    {
      key: "relationship",
      type: "select",
      label: l("Quan hệ với chủ hộ", "Relationship to the head of household"),
      required: true,
      options: RELATIONSHIP_OPTIONS,
    },
  ],
});

const declarant = (): EFormSection => ({
  key: "applicant",
  title: l("Người kê khai", "Declarant"),
  fields: applicantFields(),
});

export const RESIDENCE: DemoProcedure[] = [
  {
    code: "1.004222",
    name: "Đăng ký thường trú",
    fieldCode: FIELD.cuTru,
    ...policeUnits,
    applicantTypes: ["citizen"],
    description:
      "Công dân có chỗ ở hợp pháp đăng ký thường trú tại Công an cấp xã nơi có chỗ ở. Thông tin thường trú được cập nhật vào Cơ sở dữ liệu về cư trú; Sổ hộ khẩu giấy không còn được cấp.",
    requirements:
      "Có chỗ ở hợp pháp; trường hợp nhập hộ khẩu vào chỗ ở hợp pháp không thuộc sở hữu của mình phải được chủ hộ, chủ sở hữu chỗ ở đồng ý; thuê, mượn, ở nhờ phải bảo đảm diện tích nhà ở tối thiểu theo quy định của Hội đồng nhân dân thành phố.",
    timeLimit: { unit: "working_days", value: 7 },
    fees: [
      { name: "Lệ phí đăng ký thường trú (nộp trực tiếp)", amount: 20000 },
      { name: "Lệ phí đăng ký thường trú (nộp trực tuyến)", amount: 10000 },
    ],
    components: [
      CT01(),
      comp("CHO", "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", "copy", {
        note: "Không phải nộp nếu thông tin đã có trong Cơ sở dữ liệu quốc gia về đất đai, nhà ở",
      }),
      comp("QH", "Giấy tờ chứng minh quan hệ nhân thân với chủ hộ (trường hợp nhập vào hộ người thân)", "copy", {
        required: false,
        note: "Không phải nộp nếu quan hệ đã có trong Cơ sở dữ liệu hộ tịch, cư trú",
      }),
    ],
    result: {
      name: "Thông báo về kết quả đăng ký thường trú; thông tin được cập nhật vào Cơ sở dữ liệu về cư trú",
      electronic: true,
    },
    legalBases: LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        declarant(),
        {
          key: "residence",
          title: l("Nơi đề nghị đăng ký thường trú", "New permanent residence"),
          fields: [...addressFields("address", l("Địa chỉ", "Address")), ...householderFields()],
        },
        { key: "household", title: l("Người cùng đăng ký", "People registering with you"), fields: [membersGroup()] },
      ],
    },
    process: communeProcess(
      { unit: "working_days", value: 7 },
      "Kiểm tra chỗ ở hợp pháp, điều kiện đăng ký",
      "Trưởng Công an xã phê duyệt",
    ),
  },
  {
    code: "1.004194",
    name: "Đăng ký tạm trú",
    fieldCode: FIELD.cuTru,
    ...policeUnits,
    applicantTypes: ["citizen"],
    description:
      "Công dân đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi đơn vị hành chính cấp xã nơi đã đăng ký thường trú để lao động, học tập hoặc vì mục đích khác từ 30 ngày trở lên phải đăng ký tạm trú. Thời hạn tạm trú tối đa 02 năm và có thể gia hạn nhiều lần.",
    requirements: "Có chỗ ở hợp pháp; không thuộc địa điểm không được đăng ký tạm trú theo Điều 23 Luật Cư trú.",
    timeLimit: { unit: "working_days", value: 3 },
    fees: [
      { name: "Lệ phí đăng ký tạm trú (nộp trực tiếp)", amount: 15000 },
      { name: "Lệ phí đăng ký tạm trú (nộp trực tuyến)", amount: 7000 },
    ],
    components: [
      CT01(),
      comp("CHO", "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp (hợp đồng thuê, mượn, ở nhờ…)", "copy", {
        note: "Trường hợp thuê, mượn, ở nhờ: văn bản đồng ý của chủ sở hữu có thể thể hiện ngay trên Tờ khai CT01",
      }),
    ],
    result: { name: "Thông báo về kết quả đăng ký tạm trú", electronic: true },
    legalBases: LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        declarant(),
        {
          key: "residence",
          title: l("Nơi đề nghị đăng ký tạm trú", "Temporary residence"),
          fields: [
            ...addressFields("address", l("Địa chỉ", "Address")),
            ...householderFields(),
            {
              key: "months",
              type: "number",
              label: l("Thời hạn tạm trú đề nghị (tháng)", "Requested duration (months)"),
              required: true,
              min: 1,
              max: 24,
            },
            {
              key: "purpose",
              type: "select",
              label: l("Mục đích", "Purpose"),
              required: true,
              options: opts([
                ["work", "Lao động, làm việc", "Work"],
                ["study", "Học tập", "Study"],
                ["medical", "Chữa bệnh", "Medical treatment"],
                ["other", "Khác", "Other"],
              ]),
            },
          ],
        },
        { key: "household", title: l("Người cùng đăng ký", "People registering with you"), fields: [membersGroup()] },
      ],
    },
    process: communeProcess(
      { unit: "working_days", value: 3 },
      "Kiểm tra chỗ ở, điều kiện đăng ký tạm trú",
      "Trưởng Công an xã phê duyệt",
    ),
  },
  {
    code: "1.002755",
    name: "Gia hạn tạm trú",
    fieldCode: FIELD.cuTru,
    ...policeUnits,
    applicantTypes: ["citizen"],
    description:
      "Trong thời hạn 15 ngày trước ngày kết thúc thời hạn tạm trú đã đăng ký, công dân làm thủ tục gia hạn tạm trú. Thời hạn gia hạn tối đa 02 năm mỗi lần.",
    requirements: "Còn ít nhất một ngày trước khi hết thời hạn tạm trú đã đăng ký.",
    timeLimit: { unit: "working_days", value: 3 },
    fees: [
      { name: "Lệ phí gia hạn tạm trú (nộp trực tiếp)", amount: 15000 },
      { name: "Lệ phí gia hạn tạm trú (nộp trực tuyến)", amount: 7000 },
    ],
    components: [
      CT01(),
      comp("CHO", "Giấy tờ chứng minh chỗ ở hợp pháp (nếu có thay đổi so với lần đăng ký trước)", "copy", {
        required: false,
      }),
    ],
    result: { name: "Thông báo về kết quả gia hạn tạm trú", electronic: true },
    legalBases: LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        declarant(),
        {
          key: "extension",
          title: l("Nội dung gia hạn", "Extension"),
          fields: [
            ...addressFields("address", l("Nơi đang tạm trú", "Current temporary residence")),
            {
              key: "currentUntil",
              type: "date",
              label: l("Ngày hết hạn tạm trú hiện tại", "Current expiry date"),
              required: true,
            },
            {
              key: "months",
              type: "number",
              label: l("Thời hạn gia hạn (tháng)", "Extension (months)"),
              required: true,
              min: 1,
              max: 24,
            },
          ],
        },
      ],
    },
    process: communeProcess(
      { unit: "working_days", value: 3 },
      "Kiểm tra hồ sơ gia hạn",
      "Trưởng Công an xã phê duyệt",
    ),
  },
  {
    code: "1.003197",
    name: "Xóa đăng ký thường trú",
    fieldCode: FIELD.cuTru,
    ...policeUnits,
    applicantTypes: ["citizen"],
    description:
      "Xóa đăng ký thường trú đối với người đã chết, ra nước ngoài định cư, vắng mặt liên tục tại nơi thường trú từ 12 tháng trở lên không rõ lý do, đã đăng ký thường trú ở nơi khác, hoặc các trường hợp khác theo Điều 24 Luật Cư trú.",
    requirements: "Thuộc một trong các trường hợp phải xóa đăng ký thường trú theo Điều 24 Luật Cư trú.",
    timeLimit: { unit: "working_days", value: 1 },
    fees: [{ name: "Lệ phí", amount: 0, note: "Không thu lệ phí" }],
    components: [
      CT01(),
      comp("CM", "Giấy tờ, tài liệu chứng minh thuộc trường hợp xóa đăng ký thường trú", "copy", {
        note: "Ví dụ: Trích lục khai tử (không phải nộp nếu đã có trong Cơ sở dữ liệu hộ tịch điện tử)",
      }),
    ],
    result: { name: "Thông báo về việc xóa đăng ký thường trú", electronic: true },
    legalBases: LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        declarant(),
        {
          key: "removal",
          title: l("Người bị xóa đăng ký thường trú", "Person removed"),
          fields: [
            {
              key: "fullName",
              type: "text",
              label: l("Họ, chữ đệm và tên", "Full name"),
              required: true,
              maxLength: 100,
            },
            { key: "idNumber", type: "cccd", label: l("Số định danh cá nhân", "ID number"), required: true },
            {
              key: "relationship",
              type: "select",
              label: l("Quan hệ với người kê khai", "Relationship to the declarant"),
              required: true,
              options: [{ value: "self", label: l("Bản thân", "Self") }, ...RELATIONSHIP_OPTIONS],
            },
            {
              key: "reason",
              type: "select",
              label: l("Trường hợp xóa đăng ký", "Reason"),
              required: true,
              options: opts([
                ["deceased", "Người đã chết", "Deceased"],
                ["emigrated", "Ra nước ngoài để định cư", "Emigrated"],
                ["absent", "Vắng mặt liên tục từ 12 tháng trở lên không rõ lý do", "Absent 12 months or more"],
                ["moved", "Đã đăng ký thường trú ở nơi khác", "Registered elsewhere"],
                ["other", "Trường hợp khác theo Điều 24 Luật Cư trú", "Other (Art. 24)"],
              ]),
            },
            ...addressFields("address", l("Nơi thường trú hiện tại", "Current permanent residence")),
          ],
        },
      ],
    },
    process: communeProcess(
      { unit: "working_days", value: 1 },
      "Kiểm tra căn cứ xóa đăng ký",
      "Trưởng Công an xã phê duyệt",
    ),
  },
];
