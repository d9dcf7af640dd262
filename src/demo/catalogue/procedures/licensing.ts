import { template } from "../../templates/forms.js";
import { FIELD } from "../fields.js";
import { LAW } from "../laws.js";
import {
  addressFields,
  applicantFields,
  businessApplicantSection,
  centreProcess,
  comp,
  communeProcess,
  copiesField,
  ETHNICITY_OPTIONS,
  l,
  opts,
  process,
} from "../parts.js";
import type { DemoProcedure } from "../types.js";
import { CENTRE_CODE, COMMUNE, COMMUNE_CODES, DEPT } from "../units.js";

/** Judicial records, driving licences, food safety, alcohol retail, foreign workers, karaoke. */

const communeUnits = { level: "commune" as const, competentUnit: COMMUNE.hoanKiem, implementingUnits: COMMUNE_CODES };

export const LICENSING: DemoProcedure[] = [
  {
    code: "2.000488",
    name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
    fieldCode: FIELD.lyLichTuPhap,
    level: "province",
    competentUnit: DEPT.congAn,
    implementingUnits: [CENTRE_CODE, DEPT.congAn],
    applicantTypes: ["citizen"],
    description:
      "Cấp Phiếu lý lịch tư pháp số 1 hoặc số 2 cho công dân Việt Nam thường trú hoặc tạm trú tại thành phố, người nước ngoài đang cư trú tại Việt Nam. Phiếu điện tử được cấp qua ứng dụng VNeID hoặc Cổng Dịch vụ công quốc gia; Phiếu giấy được trả tại Trung tâm hoặc qua bưu chính.",
    requirements: "Phiếu số 2 chỉ cấp cho chính đương sự (không được ủy quyền).",
    timeLimit: {
      unit: "working_days",
      value: 10,
      note: "Trường hợp cần xác minh về điều kiện đương nhiên được xóa án tích thì không quá 15 ngày",
    },
    fees: [
      { name: "Phí cung cấp thông tin lý lịch tư pháp", amount: 200000, note: "Mỗi lần yêu cầu" },
      {
        name: "Phí cung cấp thông tin lý lịch tư pháp (sinh viên, người có công với cách mạng, thân nhân liệt sĩ)",
        amount: 100000,
      },
      { name: "Phí cấp thêm Phiếu (từ Phiếu thứ 3 trở đi)", amount: 5000, note: "Mỗi Phiếu" },
    ],
    components: [
      comp("TK", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2024/LLTP)", "original", {
        declaration: true,
        template: template("to-khai-yeu-cau-cap-phieu-ly-lich-tu-phap.pdf"),
      }),
      comp("UQ", "Văn bản ủy quyền (trường hợp ủy quyền yêu cầu Phiếu số 1)", "original_or_copy", {
        required: false,
        note: "Không phải chứng thực nếu người được ủy quyền là cha, mẹ, vợ, chồng, con của người ủy quyền",
      }),
      comp("MG", "Giấy tờ chứng minh thuộc đối tượng được miễn, giảm phí (nếu có)", "copy", { required: false }),
    ],
    result: { name: "Phiếu lý lịch tư pháp số 1 hoặc số 2", electronic: true },
    legalBases: [LAW.lyLichTuPhap, LAW.nd111_2010, LAW.tt244_2016],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người yêu cầu cấp Phiếu", "Person requesting the record"),
          fields: [
            ...applicantFields(),
            {
              key: "otherNames",
              type: "text",
              label: l("Tên gọi khác (nếu có)", "Other names (if any)"),
              maxLength: 100,
            },
            { key: "birthPlace", type: "text", label: l("Nơi sinh", "Place of birth"), required: true, maxLength: 200 },
            {
              key: "ethnicity",
              type: "select",
              label: l("Dân tộc", "Ethnicity"),
              required: true,
              options: ETHNICITY_OPTIONS,
            },
            { key: "nationality", type: "text", label: l("Quốc tịch", "Nationality"), required: true, maxLength: 50 },
          ],
        },
        {
          key: "family",
          title: l("Thông tin cha, mẹ, vợ/chồng", "Parents and spouse"),
          fields: [
            { key: "fatherName", type: "text", label: l("Họ và tên cha", "Father's name"), maxLength: 100 },
            { key: "motherName", type: "text", label: l("Họ và tên mẹ", "Mother's name"), maxLength: 100 },
            { key: "spouseName", type: "text", label: l("Họ và tên vợ/chồng", "Spouse's name"), maxLength: 100 },
          ],
        },
        {
          key: "history",
          title: l("Quá trình cư trú (từ đủ 14 tuổi)", "Residence history (from age 14)"),
          fields: [
            {
              key: "periods",
              type: "group",
              label: l("Thời kỳ cư trú", "Periods"),
              minItems: 1,
              maxItems: 20,
              fields: [
                {
                  key: "from",
                  type: "text",
                  label: l("Từ tháng, năm (mm/yyyy)", "From (mm/yyyy)"),
                  required: true,
                  pattern: "^(0[1-9]|1[0-2])/\\d{4}$",
                  patternMessage: l("Nhập tháng/năm dạng mm/yyyy", "Use mm/yyyy"),
                },
                {
                  key: "to",
                  type: "text",
                  label: l("Đến tháng, năm (mm/yyyy, bỏ trống nếu đến nay)", "To (mm/yyyy, empty if ongoing)"),
                  pattern: "^(0[1-9]|1[0-2])/\\d{4}$",
                  patternMessage: l("Nhập tháng/năm dạng mm/yyyy", "Use mm/yyyy"),
                },
                { key: "address", type: "text", label: l("Nơi cư trú", "Address"), required: true, maxLength: 250 },
                {
                  key: "occupation",
                  type: "text",
                  label: l("Nghề nghiệp, nơi làm việc", "Occupation, workplace"),
                  maxLength: 200,
                },
              ],
            },
          ],
        },
        {
          key: "request",
          title: l("Nội dung yêu cầu", "Request"),
          fields: [
            {
              key: "formType",
              type: "radio",
              label: l("Loại Phiếu", "Record type"),
              required: true,
              options: opts([
                ["1", "Phiếu lý lịch tư pháp số 1", "Record no. 1"],
                ["2", "Phiếu lý lịch tư pháp số 2", "Record no. 2"],
              ]),
            },
            {
              key: "purpose",
              type: "select",
              label: l("Mục đích sử dụng", "Purpose"),
              required: true,
              options: opts([
                ["job", "Xin việc làm", "Employment"],
                ["study", "Du học, học tập", "Study abroad"],
                ["immigration", "Xuất cảnh, định cư, lao động ở nước ngoài", "Emigration or work abroad"],
                ["business", "Thành lập, quản lý doanh nghiệp", "Company management"],
                ["adoption", "Nhận con nuôi", "Adoption"],
                ["other", "Mục đích khác", "Other"],
              ]),
            },
            {
              key: "convictionInfo",
              type: "checkbox",
              label: l(
                "Yêu cầu xác nhận về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp",
                "Include management bans",
              ),
            },
            copiesField("copies", l("Phiếu", "records"), 10),
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 10 }, [
      ["TN", "Tiếp nhận hồ sơ", "receiving", "receiving", 1],
      ["TC", "Tra cứu Cơ sở dữ liệu lý lịch tư pháp", "competent", "specialist", 4],
      ["XM", "Xác minh thông tin án tích (nếu cần), lập Phiếu", "competent", "specialist", 3],
      ["PD", "Lãnh đạo Phòng Hồ sơ nghiệp vụ ký Phiếu", "competent", "leader", 1],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
  {
    code: "1.002809",
    name: "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
    fieldCode: FIELD.duongBo,
    level: "province",
    competentUnit: DEPT.congAn,
    implementingUnits: [CENTRE_CODE, DEPT.congAn],
    applicantTypes: ["citizen"],
    description:
      "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp (giấy phép bìa giấy, giấy phép vật liệu PET sắp hết hạn, hư hỏng hoặc có thay đổi thông tin) sang giấy phép lái xe do Công an cấp theo Luật Trật tự, an toàn giao thông đường bộ 2024. Khi nộp trực tuyến, giấy khám sức khỏe được liên thông từ cơ sở y tế.",
    requirements:
      "Giấy phép lái xe còn thời hạn hoặc quá hạn dưới 03 tháng; có giấy khám sức khỏe theo quy định (trừ hạng A1, A, B1).",
    timeLimit: { unit: "working_days", value: 5 },
    fees: [{ name: "Lệ phí cấp đổi giấy phép lái xe", amount: 135000 }],
    components: [
      comp("DON", "Đơn đề nghị đổi, cấp lại giấy phép lái xe", "original", {
        declaration: true,
        template: template("don-de-nghi-doi-cap-lai-giay-phep-lai-xe.pdf"),
      }),
      comp("SK", "Giấy khám sức khỏe của người lái xe do cơ sở y tế có thẩm quyền cấp", "original", {
        note: "Không phải nộp nếu dữ liệu khám sức khỏe đã được liên thông điện tử",
      }),
      comp("GPLX", "Giấy phép lái xe đang sử dụng", "copy"),
      comp("ANH", "Ảnh chân dung nền màu trắng, cỡ 3 x 4 cm", "original", { quantity: 1 }),
    ],
    result: { name: "Giấy phép lái xe (kèm giấy phép lái xe điện tử trên VNeID)", electronic: true },
    legalBases: [LAW.ttAtgtdb, LAW.tt35_2024_bca, LAW.tt37_2023_btc],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        { key: "applicant", title: l("Người đề nghị", "Applicant"), fields: applicantFields() },
        {
          key: "licence",
          title: l("Giấy phép lái xe đang sử dụng", "Current licence"),
          fields: [
            {
              key: "number",
              type: "text",
              label: l("Số giấy phép lái xe", "Licence number"),
              required: true,
              pattern: "^\\d{12}$",
              patternMessage: l("Số giấy phép gồm 12 chữ số", "Twelve digits"),
            },
            {
              key: "class",
              type: "select",
              label: l("Hạng", "Class"),
              required: true,
              options: opts([
                ["A1", "A1", "A1"],
                ["A", "A", "A"],
                ["B", "B (B1, B2 cũ)", "B (former B1, B2)"],
                ["C1", "C1", "C1"],
                ["C", "C", "C"],
                ["D", "D", "D"],
                ["E", "E", "E"],
              ]),
            },
            { key: "issuedBy", type: "province", label: l("Nơi cấp", "Issuing province"), required: true },
            { key: "expiresOn", type: "date", label: l("Ngày hết hạn", "Expiry date") },
            {
              key: "reason",
              type: "select",
              label: l("Lý do đổi", "Reason"),
              required: true,
              options: opts([
                ["expiring", "Sắp hết hạn", "Expiring"],
                ["damaged", "Bị hỏng", "Damaged"],
                ["paper", "Giấy phép bìa giấy", "Paper licence"],
                ["changed", "Thay đổi thông tin", "Details changed"],
              ]),
            },
          ],
        },
        {
          key: "delivery",
          title: l("Nhận kết quả", "Delivery"),
          fields: [
            {
              key: "method",
              type: "radio",
              label: l("Hình thức nhận giấy phép", "How to receive the licence"),
              required: true,
              options: opts([
                ["counter", "Nhận tại nơi nộp hồ sơ", "At the counter"],
                ["post", "Qua dịch vụ bưu chính công ích", "By post"],
              ]),
            },
            ...addressFields("post", l("Địa chỉ nhận qua bưu chính", "Postal address"), false),
          ],
        },
      ],
    },
    process: centreProcess(
      { unit: "working_days", value: 5 },
      "Phòng Cảnh sát giao thông kiểm tra, đối chiếu dữ liệu",
      "Lãnh đạo Phòng ký duyệt, in giấy phép",
    ),
  },
  {
    code: "2.001227",
    name: "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống",
    fieldCode: FIELD.anToanThucPham,
    level: "province",
    competentUnit: DEPT.yTe,
    implementingUnits: [CENTRE_CODE],
    applicantTypes: ["business", "citizen"],
    description:
      "Cơ sở kinh doanh dịch vụ ăn uống (nhà hàng, bếp ăn tập thể, căng tin) đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm. Đoàn thẩm định kiểm tra thực tế tại cơ sở trước khi cấp.",
    requirements:
      "Đáp ứng điều kiện bảo đảm an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống (Điều 28–30 Luật An toàn thực phẩm).",
    timeLimit: { unit: "working_days", value: 20 },
    fees: [
      { name: "Phí thẩm định cơ sở phục vụ dưới 200 suất ăn", amount: 700000 },
      { name: "Phí thẩm định cơ sở phục vụ từ 200 suất ăn trở lên", amount: 1000000 },
    ],
    components: [
      comp("DON", "Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "original", {
        declaration: true,
        template: template("don-de-nghi-cap-giay-chung-nhan-attp.pdf"),
      }),
      comp(
        "TM",
        "Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ bảo đảm điều kiện vệ sinh an toàn thực phẩm",
        "original",
      ),
      comp(
        "TH",
        "Danh sách chủ cơ sở và người trực tiếp chế biến đã được xác nhận kiến thức về an toàn thực phẩm",
        "original",
      ),
      comp("SK", "Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp chế biến", "copy"),
    ],
    result: { name: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hiệu lực 03 năm)", electronic: true },
    legalBases: [LAW.atThucPham, LAW.nd15_2018, LAW.nd155_2018, LAW.tt67_2021],
    onlineKind: "partial",
    onlineReason:
      "Đoàn thẩm định phải kiểm tra thực tế điều kiện an toàn thực phẩm tại cơ sở trước khi cấp Giấy chứng nhận.",
    eform: {
      sections: [
        businessApplicantSection(l("Chủ cơ sở", "Owner of the establishment")),
        {
          key: "establishment",
          title: l("Cơ sở đề nghị cấp Giấy chứng nhận", "Establishment"),
          fields: [
            { key: "name", type: "text", label: l("Tên cơ sở", "Name"), required: true, maxLength: 200 },
            ...addressFields("site", l("Địa chỉ cơ sở", "Address")),
            {
              key: "kind",
              type: "select",
              label: l("Loại hình", "Kind"),
              required: true,
              options: opts([
                ["restaurant", "Nhà hàng ăn uống", "Restaurant"],
                ["canteen", "Bếp ăn tập thể, căng tin", "Canteen"],
                ["catering", "Cơ sở chế biến suất ăn sẵn", "Catering"],
              ]),
            },
            {
              key: "mealsPerService",
              type: "number",
              label: l("Số suất ăn mỗi lần phục vụ", "Meals per service"),
              required: true,
              min: 1,
              max: 100000,
            },
            {
              key: "staff",
              type: "number",
              label: l("Số người trực tiếp chế biến", "Food handlers"),
              required: true,
              min: 1,
              max: 10000,
            },
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 20 }, [
      ["TN", "Tiếp nhận hồ sơ, chuyển Sở Y tế", "receiving", "receiving", 1],
      ["TD", "Thẩm định hồ sơ", "competent", "specialist", 5],
      ["KT", "Đoàn thẩm định kiểm tra thực tế tại cơ sở", "competent", "specialist", 10],
      ["PD", "Lãnh đạo Sở ký Giấy chứng nhận", "competent", "leader", 3],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
  {
    code: "2.000629",
    name: "Cấp Giấy phép bán lẻ sản phẩm rượu",
    fieldCode: FIELD.luuThongHangHoa,
    ...communeUnits,
    applicantTypes: ["business", "citizen"],
    description:
      "Thương nhân (doanh nghiệp, hộ kinh doanh) bán lẻ sản phẩm rượu có độ cồn từ 5,5 độ trở lên đề nghị Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị) thuộc Ủy ban nhân dân cấp xã cấp Giấy phép.",
    requirements:
      "Là doanh nghiệp, hộ kinh doanh được thành lập theo quy định; có quyền sử dụng hợp pháp địa điểm kinh doanh cố định; có văn bản giới thiệu hoặc hợp đồng mua bán với thương nhân sản xuất, phân phối, bán buôn rượu.",
    timeLimit: { unit: "working_days", value: 10 },
    fees: [
      { name: "Phí thẩm định cấp Giấy phép bán lẻ rượu (khu vực thành phố, thị xã)", amount: 1200000 },
      { name: "Phí thẩm định cấp Giấy phép bán lẻ rượu (khu vực khác)", amount: 600000 },
    ],
    components: [
      comp("DON", "Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu", "original", {
        declaration: true,
        template: template("don-de-nghi-cap-giay-phep-ban-le-ruou.pdf"),
      }),
      comp("DD", "Giấy tờ chứng minh quyền sử dụng hợp pháp địa điểm kinh doanh", "copy"),
      comp("HD", "Văn bản giới thiệu hoặc hợp đồng mua bán với thương nhân cung cấp sản phẩm rượu", "copy"),
    ],
    result: { name: "Giấy phép bán lẻ sản phẩm rượu (hiệu lực 05 năm)", electronic: true },
    legalBases: [LAW.nd105_2017, LAW.nd17_2020, LAW.tt168_2016],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        businessApplicantSection(l("Thương nhân đề nghị", "Trader")),
        {
          key: "shop",
          title: l("Địa điểm bán lẻ", "Shop"),
          fields: [
            ...addressFields("site", l("Địa điểm kinh doanh", "Shop address")),
            {
              key: "products",
              type: "textarea",
              label: l("Các loại sản phẩm rượu kinh doanh", "Products"),
              required: true,
              maxLength: 1000,
            },
            {
              key: "suppliers",
              type: "group",
              label: l("Thương nhân cung cấp sản phẩm rượu", "Suppliers"),
              minItems: 1,
              maxItems: 10,
              fields: [
                { key: "name", type: "text", label: l("Tên thương nhân", "Name"), required: true, maxLength: 200 },
                { key: "taxCode", type: "taxcode", label: l("Mã số doanh nghiệp", "Enterprise code"), required: true },
                { key: "address", type: "text", label: l("Địa chỉ", "Address"), required: true, maxLength: 250 },
              ],
            },
          ],
        },
      ],
    },
    process: communeProcess(
      { unit: "working_days", value: 10 },
      "Phòng Kinh tế thẩm định hồ sơ, địa điểm",
      "Chủ tịch UBND xã ký Giấy phép",
    ),
  },
  {
    code: "1.014199",
    name: "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
    fieldCode: FIELD.viecLam,
    level: "province",
    competentUnit: DEPT.noiVu,
    implementingUnits: [CENTRE_CODE],
    applicantTypes: ["business"],
    description:
      "Người sử dụng lao động đề nghị Sở Nội vụ cấp giấy phép lao động cho người lao động nước ngoài làm việc tại thành phố, sau khi đã được chấp thuận nhu cầu sử dụng người lao động nước ngoài.",
    requirements:
      "Người lao động nước ngoài từ đủ 18 tuổi, có năng lực hành vi dân sự đầy đủ; có trình độ chuyên môn, kinh nghiệm phù hợp; có giấy chứng nhận sức khỏe; không đang chấp hành hình phạt hoặc bị truy cứu trách nhiệm hình sự.",
    timeLimit: { unit: "working_days", value: 5 },
    fees: [
      {
        name: "Lệ phí cấp giấy phép lao động",
        amount: 600000,
        note: "Theo Nghị quyết của Hội đồng nhân dân thành phố",
      },
    ],
    components: [
      comp("VB", "Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động (Mẫu số 11/PLI)", "original", {
        declaration: true,
        template: template("van-ban-de-nghi-cap-giay-phep-lao-dong.pdf"),
      }),
      comp("SK", "Giấy chứng nhận sức khỏe (trong thời hạn 12 tháng)", "original_or_copy"),
      comp(
        "LLTP",
        "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người đang chấp hành hình phạt (trong thời hạn 06 tháng)",
        "original_or_copy",
      ),
      comp(
        "CM",
        "Văn bản chứng minh nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động kỹ thuật",
        "certified_copy",
        {
          note: "Giấy tờ nước ngoài phải được hợp pháp hóa lãnh sự và dịch sang tiếng Việt",
        },
      ),
      comp("ANH", "02 ảnh màu cỡ 4 x 6 cm, phông nền trắng", "original", { quantity: 2 }),
      comp("HC", "Hộ chiếu còn giá trị", "certified_copy"),
    ],
    result: { name: "Giấy phép lao động (thời hạn tối đa 02 năm)", electronic: true },
    legalBases: [LAW.laoDong, LAW.nd152_2020, LAW.nd70_2023],
    onlineKind: "end_to_end",
    eform: {
      sections: [
        businessApplicantSection(l("Người sử dụng lao động", "Employer")),
        {
          key: "worker",
          title: l("Người lao động nước ngoài", "Foreign worker"),
          fields: [
            {
              key: "fullName",
              type: "text",
              label: l("Họ và tên (theo hộ chiếu)", "Full name (as in passport)"),
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
            { key: "nationality", type: "text", label: l("Quốc tịch", "Nationality"), required: true, maxLength: 50 },
            {
              key: "passport",
              type: "text",
              label: l("Số hộ chiếu", "Passport number"),
              required: true,
              maxLength: 20,
              pattern: "^[A-Z0-9]{6,20}$",
              patternMessage: l("Chữ in hoa và chữ số, 6–20 ký tự", "6–20 capital letters or digits"),
            },
            {
              key: "position",
              type: "select",
              label: l("Vị trí công việc", "Position"),
              required: true,
              options: opts([
                ["manager", "Nhà quản lý", "Manager"],
                ["director", "Giám đốc điều hành", "Executive director"],
                ["expert", "Chuyên gia", "Expert"],
                ["technician", "Lao động kỹ thuật", "Technical worker"],
              ]),
            },
            {
              key: "jobTitle",
              type: "text",
              label: l("Chức danh công việc", "Job title"),
              required: true,
              maxLength: 100,
            },
            {
              key: "workplace",
              type: "text",
              label: l("Địa điểm làm việc", "Workplace"),
              required: true,
              maxLength: 250,
            },
            { key: "from", type: "date", label: l("Làm việc từ ngày", "From"), required: true },
            { key: "to", type: "date", label: l("Đến ngày", "Until"), required: true, dateRule: "future" },
            {
              key: "approvalNumber",
              type: "text",
              label: l("Số văn bản chấp thuận nhu cầu sử dụng lao động nước ngoài", "Approval of demand (number)"),
              required: true,
              maxLength: 50,
            },
          ],
        },
      ],
    },
    process: centreProcess(
      { unit: "working_days", value: 5 },
      "Phòng Lao động - Việc làm thẩm định hồ sơ",
      "Lãnh đạo Sở Nội vụ ký giấy phép",
    ),
  },
  {
    code: "1.001029",
    name: "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
    fieldCode: FIELD.vanHoa,
    ...communeUnits,
    applicantTypes: ["business", "citizen"],
    description:
      "Doanh nghiệp, hộ kinh doanh đề nghị Ủy ban nhân dân cấp xã cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke. Cơ quan cấp phép kiểm tra thực tế các điều kiện về phòng hát, phòng cháy chữa cháy trước khi cấp.",
    requirements:
      "Là doanh nghiệp hoặc hộ kinh doanh; đáp ứng yêu cầu về phòng cháy và chữa cháy; phòng hát có diện tích sử dụng từ 20 m² trở lên, không kể công trình phụ; không đặt chốt cửa bên trong, không đặt thiết bị báo động.",
    timeLimit: { unit: "working_days", value: 5 },
    fees: [
      { name: "Phí thẩm định (đến 03 phòng)", amount: 4000000, note: "Tại thành phố trực thuộc trung ương" },
      { name: "Phí thẩm định (từ 04 đến 05 phòng)", amount: 6000000 },
      { name: "Phí thẩm định (từ 06 phòng trở lên)", amount: 12000000 },
    ],
    components: [
      comp("DON", "Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke (Mẫu số 01)", "original", {
        declaration: true,
        template: template("don-de-nghi-cap-giay-phep-karaoke.pdf"),
      }),
      comp(
        "PCCC",
        "Giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy hoặc văn bản nghiệm thu về phòng cháy và chữa cháy",
        "copy",
      ),
    ],
    result: { name: "Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", electronic: true },
    legalBases: [LAW.nd54_2019, LAW.tt01_2021_btc],
    onlineKind: "partial",
    onlineReason:
      "Cơ quan cấp phép phải kiểm tra thực tế điều kiện phòng hát và phòng cháy chữa cháy tại địa điểm kinh doanh.",
    eform: {
      sections: [
        businessApplicantSection(l("Doanh nghiệp, hộ kinh doanh đề nghị", "Applicant business")),
        {
          key: "venue",
          title: l("Địa điểm kinh doanh", "Venue"),
          fields: [
            ...addressFields("site", l("Địa điểm kinh doanh", "Venue address")),
            {
              key: "rooms",
              type: "group",
              label: l("Phòng hát", "Karaoke rooms"),
              minItems: 1,
              maxItems: 50,
              fields: [
                { key: "name", type: "text", label: l("Tên hoặc số phòng", "Room"), required: true, maxLength: 50 },
                {
                  key: "area",
                  type: "number",
                  label: l("Diện tích sử dụng (m²)", "Usable area (m²)"),
                  required: true,
                  min: 20,
                  max: 1000,
                },
              ],
            },
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 5 }, [
      ["TN", "Tiếp nhận hồ sơ", "receiving", "receiving", 1],
      ["KT", "Thẩm định hồ sơ, kiểm tra thực tế", "receiving", "specialist", 5],
      ["PD", "Chủ tịch UBND xã ký Giấy phép", "receiving", "leader", 2],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
];
