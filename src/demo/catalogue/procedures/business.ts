import { template } from "../../templates/forms.js";
import { FIELD } from "../fields.js";
import { LAW } from "../laws.js";
import {
  addressFields,
  applicantFields,
  businessLinesGroup,
  centreProcess,
  comp,
  communeProcess,
  l,
  opts,
} from "../parts.js";
import type { DemoProcedure } from "../types.js";
import { CENTRE_CODE, COMMUNE, COMMUNE_CODES, DEPT } from "../units.js";

/** Household businesses (commune economic office) and enterprise registration (Sở Tài chính). */

const communeUnits = { level: "commune" as const, competentUnit: COMMUNE.hoanKiem, implementingUnits: COMMUNE_CODES };
const HKD_LAWS = [LAW.doanhNghiep, LAW.nd168_2025, LAW.tt85_2019];
const DN_LAWS = [LAW.doanhNghiep, LAW.nd168_2025, LAW.tt47_2019];
const THREE = { unit: "working_days" as const, value: 3 };

const householdSection = () => ({
  key: "household",
  title: l("Hộ kinh doanh", "Household business"),
  fields: [
    {
      key: "businessName",
      type: "text" as const,
      label: l("Tên hộ kinh doanh", "Business name"),
      required: true,
      maxLength: 200,
    },
    ...addressFields("site", l("Địa chỉ trụ sở hộ kinh doanh", "Business address")),
    { key: "phone", type: "phone" as const, label: l("Điện thoại của hộ kinh doanh", "Business phone") },
    businessLinesGroup(),
    {
      key: "capital",
      type: "number" as const,
      label: l("Vốn kinh doanh (đồng)", "Capital (VND)"),
      required: true,
      min: 1,
    },
    {
      key: "employees",
      type: "number" as const,
      label: l("Số lượng lao động", "Number of workers"),
      min: 0,
      max: 1000,
    },
  ],
});

const ENTERPRISE_COMPONENTS = () => [
  comp("GDN", "Giấy đề nghị đăng ký doanh nghiệp", "original", {
    declaration: true,
    template: template("giay-de-nghi-dang-ky-doanh-nghiep.pdf"),
  }),
  comp("DL", "Điều lệ công ty", "original"),
  comp(
    "PL",
    "Giấy tờ pháp lý của cá nhân đối với người đại diện theo pháp luật và chủ sở hữu/cổ đông là cá nhân",
    "copy",
    {
      note: "Không phải nộp nếu đã xác thực được thông tin qua Cơ sở dữ liệu quốc gia về dân cư",
    },
  ),
];

const enterpriseSection = (kind: "llc1" | "jsc") => ({
  key: "company",
  title: l("Thông tin doanh nghiệp", "Company"),
  fields: [
    {
      key: "nameVi",
      type: "text" as const,
      label: l("Tên công ty viết bằng tiếng Việt", "Company name (Vietnamese)"),
      required: true,
      maxLength: 250,
    },
    {
      key: "nameForeign",
      type: "text" as const,
      label: l("Tên công ty viết bằng tiếng nước ngoài", "Company name (foreign language)"),
      maxLength: 250,
    },
    { key: "shortName", type: "text" as const, label: l("Tên viết tắt", "Abbreviated name"), maxLength: 100 },
    ...addressFields("office", l("Địa chỉ trụ sở chính", "Head office")),
    { key: "companyPhone", type: "phone" as const, label: l("Điện thoại công ty", "Company phone"), required: true },
    { key: "companyEmail", type: "email" as const, label: l("Thư điện tử công ty", "Company e-mail") },
    {
      key: "charterCapital",
      type: "number" as const,
      label: l("Vốn điều lệ (đồng)", "Charter capital (VND)"),
      required: true,
      min: 1,
    },
    ...(kind === "jsc"
      ? [
          {
            key: "parValue",
            type: "number" as const,
            label: l("Mệnh giá cổ phần (đồng)", "Par value per share (VND)"),
            required: true,
            min: 1,
          },
          {
            key: "totalShares",
            type: "number" as const,
            label: l("Tổng số cổ phần", "Total shares"),
            required: true,
            min: 1,
          },
        ]
      : []),
    businessLinesGroup(),
    {
      key: "accountingMethod",
      type: "radio" as const,
      label: l("Hình thức hạch toán", "Accounting"),
      required: true,
      options: opts([
        ["independent", "Hạch toán độc lập", "Independent"],
        ["dependent", "Hạch toán phụ thuộc", "Dependent"],
      ]),
    },
    {
      key: "publishNotice",
      type: "checkbox" as const,
      label: l("Đăng công bố nội dung đăng ký doanh nghiệp", "Publish the registration"),
    },
  ],
});

export const BUSINESS: DemoProcedure[] = [
  {
    code: "1.001612",
    name: "Đăng ký thành lập hộ kinh doanh",
    fieldCode: FIELD.hoKinhDoanh,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Cá nhân hoặc thành viên hộ gia đình là công dân Việt Nam đăng ký thành lập hộ kinh doanh tại Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị) thuộc Ủy ban nhân dân cấp xã nơi đặt trụ sở hộ kinh doanh.",
    requirements:
      "Ngành, nghề kinh doanh không bị cấm; tên hộ kinh doanh không trùng với tên hộ kinh doanh đã đăng ký trong phạm vi cấp xã; có hồ sơ hợp lệ; nộp đủ lệ phí.",
    timeLimit: THREE,
    fees: [
      { name: "Lệ phí đăng ký hộ kinh doanh", amount: 100000, note: "Theo Nghị quyết của Hội đồng nhân dân thành phố" },
    ],
    components: [
      comp("GDN", "Giấy đề nghị đăng ký hộ kinh doanh", "original", {
        declaration: true,
        template: template("giay-de-nghi-dang-ky-ho-kinh-doanh.pdf"),
      }),
      comp(
        "BB",
        "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (trường hợp các thành viên cùng đăng ký)",
        "original",
        {
          required: false,
        },
      ),
      comp(
        "UQ",
        "Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh",
        "original_or_copy",
        {
          required: false,
        },
      ),
    ],
    result: { name: "Giấy chứng nhận đăng ký hộ kinh doanh", electronic: true },
    legalBases: HKD_LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        { key: "applicant", title: l("Chủ hộ kinh doanh", "Owner"), fields: applicantFields() },
        householdSection(),
        {
          key: "members",
          title: l("Thành viên hộ gia đình cùng đăng ký", "Family members registering together"),
          fields: [
            {
              key: "list",
              type: "group",
              label: l("Thành viên", "Members"),
              help: l("Bỏ trống nếu cá nhân đăng ký hộ kinh doanh", "Leave empty for a sole owner"),
              minItems: 0,
              maxItems: 10,
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
                { key: "idNumber", type: "cccd", label: l("Số định danh cá nhân", "ID number"), required: true },
                { key: "residence", type: "text", label: l("Nơi cư trú", "Residence"), required: true, maxLength: 250 },
              ],
            },
          ],
        },
      ],
    },
    process: communeProcess(
      THREE,
      "Kiểm tra tên, ngành nghề, hồ sơ đăng ký",
      "Trưởng phòng Kinh tế ký Giấy chứng nhận",
    ),
  },
  {
    code: "2.000720",
    name: "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
    fieldCode: FIELD.hoKinhDoanh,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Hộ kinh doanh thay đổi tên, địa chỉ trụ sở, ngành nghề, vốn kinh doanh, chủ hộ hoặc các nội dung khác trên Giấy chứng nhận đăng ký hộ kinh doanh.",
    requirements: "Hộ kinh doanh đã được cấp Giấy chứng nhận đăng ký hộ kinh doanh và đang hoạt động.",
    timeLimit: THREE,
    fees: [{ name: "Lệ phí đăng ký thay đổi", amount: 50000, note: "Theo Nghị quyết của Hội đồng nhân dân thành phố" }],
    components: [
      comp("TB", "Thông báo thay đổi nội dung đăng ký hộ kinh doanh", "original", {
        declaration: true,
        template: template("thong-bao-thay-doi-noi-dung-dang-ky-ho-kinh-doanh.pdf"),
      }),
      comp("BB", "Biên bản họp thành viên hộ gia đình về việc thay đổi (trường hợp hộ gia đình đăng ký)", "original", {
        required: false,
      }),
      comp("HD", "Hợp đồng tặng cho, mua bán hoặc văn bản thừa kế (trường hợp thay đổi chủ hộ)", "copy", {
        required: false,
      }),
    ],
    result: { name: "Giấy chứng nhận đăng ký hộ kinh doanh (cấp đổi theo nội dung thay đổi)", electronic: true },
    legalBases: HKD_LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        { key: "applicant", title: l("Chủ hộ kinh doanh", "Owner"), fields: applicantFields() },
        {
          key: "change",
          title: l("Nội dung thay đổi", "Change"),
          fields: [
            {
              key: "businessName",
              type: "text",
              label: l("Tên hộ kinh doanh", "Business name"),
              required: true,
              maxLength: 200,
            },
            {
              key: "businessCode",
              type: "text",
              label: l("Mã số hộ kinh doanh", "Household business code"),
              required: true,
              maxLength: 20,
            },
            {
              key: "changeKind",
              type: "select",
              label: l("Nội dung đăng ký thay đổi", "What changes"),
              required: true,
              options: opts([
                ["name", "Tên hộ kinh doanh", "Name"],
                ["address", "Địa chỉ trụ sở", "Address"],
                ["lines", "Ngành, nghề kinh doanh", "Business lines"],
                ["capital", "Vốn kinh doanh", "Capital"],
                ["owner", "Chủ hộ kinh doanh", "Owner"],
              ]),
            },
            {
              key: "newContent",
              type: "textarea",
              label: l("Nội dung sau khi thay đổi", "New content"),
              required: true,
              maxLength: 2000,
            },
            { key: "effectiveFrom", type: "date", label: l("Ngày bắt đầu thực hiện thay đổi", "Effective from") },
          ],
        },
      ],
    },
    process: communeProcess(THREE, "Kiểm tra nội dung thay đổi", "Trưởng phòng Kinh tế ký Giấy chứng nhận"),
  },
  {
    code: "1.001570",
    name: "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
    fieldCode: FIELD.hoKinhDoanh,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Hộ kinh doanh tạm ngừng kinh doanh từ 30 ngày trở lên hoặc tiếp tục kinh doanh trước thời hạn đã thông báo phải thông báo với cơ quan đăng ký kinh doanh cấp xã.",
    requirements: "Thông báo chậm nhất 03 ngày làm việc trước ngày tạm ngừng hoặc tiếp tục kinh doanh.",
    timeLimit: THREE,
    fees: [{ name: "Lệ phí", amount: 0, note: "Không thu lệ phí" }],
    components: [
      comp("TB", "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn của hộ kinh doanh", "original", {
        declaration: true,
        template: template("thong-bao-tam-ngung-kinh-doanh-ho-kinh-doanh.pdf"),
      }),
      comp("BB", "Biên bản họp thành viên hộ gia đình (trường hợp hộ gia đình đăng ký)", "original", {
        required: false,
      }),
    ],
    result: { name: "Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh", electronic: true },
    legalBases: HKD_LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        { key: "applicant", title: l("Chủ hộ kinh doanh", "Owner"), fields: applicantFields() },
        {
          key: "suspension",
          title: l("Tạm ngừng kinh doanh", "Suspension"),
          fields: [
            {
              key: "businessName",
              type: "text",
              label: l("Tên hộ kinh doanh", "Business name"),
              required: true,
              maxLength: 200,
            },
            {
              key: "businessCode",
              type: "text",
              label: l("Mã số hộ kinh doanh", "Household business code"),
              required: true,
              maxLength: 20,
            },
            {
              key: "kind",
              type: "radio",
              label: l("Nội dung thông báo", "Notice"),
              required: true,
              options: opts([
                ["suspend", "Tạm ngừng kinh doanh", "Suspend"],
                ["resume", "Tiếp tục kinh doanh trước thời hạn", "Resume early"],
              ]),
            },
            { key: "fromDate", type: "date", label: l("Từ ngày", "From"), required: true },
            { key: "toDate", type: "date", label: l("Đến ngày", "Until") },
            { key: "reason", type: "textarea", label: l("Lý do", "Reason"), maxLength: 1000 },
          ],
        },
      ],
    },
    process: communeProcess(THREE, "Kiểm tra thông báo", "Trưởng phòng Kinh tế ký Giấy xác nhận"),
  },
  {
    code: "2.001610",
    name: "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
    fieldCode: FIELD.doanhNghiep,
    level: "province",
    competentUnit: DEPT.taiChinh,
    implementingUnits: [CENTRE_CODE],
    applicantTypes: ["citizen", "business"],
    description:
      "Cá nhân hoặc tổ chức làm chủ sở hữu đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên tại Phòng Đăng ký kinh doanh thuộc Sở Tài chính, qua Hệ thống thông tin quốc gia về đăng ký doanh nghiệp.",
    requirements:
      "Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh; tên doanh nghiệp đặt theo Điều 37–41 Luật Doanh nghiệp; hồ sơ hợp lệ; nộp đủ lệ phí.",
    timeLimit: THREE,
    fees: [
      {
        name: "Lệ phí đăng ký doanh nghiệp",
        amount: 50000,
        note: "Miễn lệ phí khi đăng ký qua mạng thông tin điện tử",
      },
      { name: "Phí công bố nội dung đăng ký doanh nghiệp", amount: 100000 },
    ],
    components: [
      ...ENTERPRISE_COMPONENTS(),
      comp(
        "CSH",
        "Giấy tờ pháp lý của tổ chức là chủ sở hữu và văn bản cử người đại diện theo ủy quyền (nếu chủ sở hữu là tổ chức)",
        "copy",
        {
          required: false,
        },
      ),
    ],
    result: { name: "Giấy chứng nhận đăng ký doanh nghiệp", electronic: true },
    legalBases: DN_LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người đề nghị (chủ sở hữu / người đại diện)", "Applicant (owner or representative)"),
          fields: applicantFields(),
        },
        enterpriseSection("llc1"),
        {
          key: "owner",
          title: l("Chủ sở hữu", "Owner"),
          fields: [
            {
              key: "kind",
              type: "radio",
              label: l("Chủ sở hữu là", "Owner is"),
              required: true,
              options: opts([
                ["individual", "Cá nhân (người nộp hồ sơ)", "An individual (the applicant)"],
                ["organisation", "Tổ chức", "An organisation"],
              ]),
            },
            {
              key: "organisationName",
              type: "text",
              label: l("Tên tổ chức chủ sở hữu", "Owning organisation"),
              maxLength: 250,
            },
            {
              key: "organisationCode",
              type: "taxcode",
              label: l("Mã số doanh nghiệp của tổ chức chủ sở hữu", "Its enterprise code"),
            },
          ],
        },
      ],
    },
    process: centreProcess(
      THREE,
      "Phòng Đăng ký kinh doanh thẩm định hồ sơ",
      "Trưởng phòng Đăng ký kinh doanh cấp Giấy chứng nhận",
    ),
  },
  {
    code: "2.001599",
    name: "Đăng ký thành lập công ty cổ phần",
    fieldCode: FIELD.doanhNghiep,
    level: "province",
    competentUnit: DEPT.taiChinh,
    implementingUnits: [CENTRE_CODE],
    applicantTypes: ["citizen", "business"],
    description:
      "Các cổ đông sáng lập (tối thiểu 03) đăng ký thành lập công ty cổ phần tại Phòng Đăng ký kinh doanh thuộc Sở Tài chính, qua Hệ thống thông tin quốc gia về đăng ký doanh nghiệp.",
    requirements:
      "Có ít nhất 03 cổ đông sáng lập; ngành, nghề kinh doanh không bị cấm; tên doanh nghiệp hợp lệ; hồ sơ hợp lệ; nộp đủ lệ phí.",
    timeLimit: THREE,
    fees: [
      {
        name: "Lệ phí đăng ký doanh nghiệp",
        amount: 50000,
        note: "Miễn lệ phí khi đăng ký qua mạng thông tin điện tử",
      },
      { name: "Phí công bố nội dung đăng ký doanh nghiệp", amount: 100000 },
    ],
    components: [
      ...ENTERPRISE_COMPONENTS(),
      comp("DSCD", "Danh sách cổ đông sáng lập; danh sách cổ đông là nhà đầu tư nước ngoài (nếu có)", "original", {
        template: template("danh-sach-co-dong-sang-lap.pdf"),
      }),
    ],
    result: { name: "Giấy chứng nhận đăng ký doanh nghiệp", electronic: true },
    legalBases: DN_LAWS,
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người đề nghị (người đại diện theo pháp luật)", "Applicant (legal representative)"),
          fields: applicantFields(),
        },
        enterpriseSection("jsc"),
        {
          key: "founders",
          title: l("Cổ đông sáng lập", "Founding shareholders"),
          fields: [
            {
              key: "list",
              type: "group",
              label: l("Cổ đông sáng lập", "Founding shareholders"),
              minItems: 3,
              maxItems: 50,
              fields: [
                {
                  key: "fullName",
                  type: "text",
                  label: l("Họ và tên / Tên tổ chức", "Name"),
                  required: true,
                  maxLength: 200,
                },
                {
                  key: "kind",
                  type: "select",
                  label: l("Loại cổ đông", "Kind"),
                  required: true,
                  options: opts([
                    ["individual", "Cá nhân", "Individual"],
                    ["organisation", "Tổ chức", "Organisation"],
                  ]),
                },
                { key: "idNumber", type: "cccd", label: l("Số định danh cá nhân (cá nhân)", "ID number (individual)") },
                {
                  key: "enterpriseCode",
                  type: "taxcode",
                  label: l("Mã số doanh nghiệp (tổ chức)", "Enterprise code (organisation)"),
                },
                {
                  key: "address",
                  type: "text",
                  label: l("Địa chỉ liên lạc", "Contact address"),
                  required: true,
                  maxLength: 250,
                },
                { key: "shares", type: "number", label: l("Số cổ phần", "Shares"), required: true, min: 1 },
              ],
            },
          ],
        },
      ],
    },
    process: centreProcess(
      THREE,
      "Phòng Đăng ký kinh doanh thẩm định hồ sơ",
      "Trưởng phòng Đăng ký kinh doanh cấp Giấy chứng nhận",
    ),
  },
];
