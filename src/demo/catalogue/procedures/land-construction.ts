import { template } from "../../templates/forms.js";
import { FIELD } from "../fields.js";
import { LAW } from "../laws.js";
import { addressFields, applicantFields, comp, l, opts, process } from "../parts.js";
import type { DemoProcedure } from "../types.js";
import { CENTRE_CODE, COMMUNE, COMMUNE_CODES, DEPT } from "../units.js";

/** Construction permits for detached houses and land registration. */

const communeUnits = { level: "commune" as const, competentUnit: COMMUNE.hoanKiem, implementingUnits: COMMUNE_CODES };

const parcelFields = () => [
  {
    key: "parcelNumber",
    type: "text" as const,
    label: l("Thửa đất số", "Parcel number"),
    required: true,
    maxLength: 20,
  },
  { key: "mapSheet", type: "text" as const, label: l("Tờ bản đồ số", "Map sheet"), required: true, maxLength: 20 },
  {
    key: "area",
    type: "number" as const,
    label: l("Diện tích thửa đất (m²)", "Parcel area (m²)"),
    required: true,
    min: 1,
  },
  ...addressFields("parcel", l("Địa chỉ thửa đất", "Parcel address")),
];

export const LAND_CONSTRUCTION: DemoProcedure[] = [
  {
    code: "1.013225",
    name: "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    fieldCode: FIELD.xayDung,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Chủ đầu tư xây dựng nhà ở riêng lẻ thuộc đối tượng phải có giấy phép đề nghị Ủy ban nhân dân cấp xã nơi xây dựng cấp giấy phép xây dựng mới.",
    requirements:
      "Phù hợp với quy hoạch chi tiết xây dựng, quy chế quản lý kiến trúc; bảo đảm an toàn cho công trình và công trình lân cận; thiết kế tuân thủ quy chuẩn, tiêu chuẩn; có giấy tờ hợp pháp về quyền sử dụng đất.",
    timeLimit: { unit: "working_days", value: 15 },
    fees: [
      {
        name: "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ",
        amount: 75000,
        note: "Theo Nghị quyết của Hội đồng nhân dân thành phố",
      },
    ],
    components: [
      comp("DON", "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II Nghị định số 175/2024/NĐ-CP)", "original", {
        declaration: true,
        template: template("don-de-nghi-cap-giay-phep-xay-dung.pdf"),
      }),
      comp("QSDD", "Giấy tờ chứng minh quyền sử dụng đất", "copy", {
        note: "Không phải nộp nếu thông tin đã có trong Cơ sở dữ liệu quốc gia về đất đai",
      }),
      comp("BV", "Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối hạ tầng)", "copy", {
        quantity: 2,
      }),
      comp(
        "CK",
        "Bản cam kết bảo đảm an toàn đối với công trình liền kề (trường hợp có công trình liền kề)",
        "original",
        { required: false },
      ),
    ],
    result: { name: "Giấy phép xây dựng kèm bản vẽ thiết kế được đóng dấu", electronic: true },
    legalBases: [LAW.xayDung, LAW.xayDung62, LAW.nd175_2024, LAW.tt85_2019],
    onlineKind: "partial",
    onlineReason:
      "Bản vẽ thiết kế kèm theo giấy phép phải được cơ quan cấp phép đóng dấu trên bản giấy; chủ đầu tư nộp bản vẽ giấy khi nhận kết quả nếu hồ sơ điện tử chưa có chữ ký số của đơn vị thiết kế.",
    eform: {
      sections: [
        { key: "applicant", title: l("Chủ đầu tư", "Owner"), fields: applicantFields() },
        { key: "parcel", title: l("Địa điểm xây dựng", "Site"), fields: parcelFields() },
        {
          key: "building",
          title: l("Nội dung đề nghị cấp phép", "Building"),
          fields: [
            {
              key: "footprint",
              type: "number",
              label: l("Diện tích xây dựng tầng 1 (m²)", "Ground-floor area (m²)"),
              required: true,
              min: 1,
            },
            {
              key: "floorArea",
              type: "number",
              label: l("Tổng diện tích sàn (m²)", "Total floor area (m²)"),
              required: true,
              min: 1,
            },
            {
              key: "height",
              type: "number",
              label: l("Chiều cao công trình (m)", "Height (m)"),
              required: true,
              min: 1,
              max: 100,
            },
            {
              key: "floors",
              type: "number",
              label: l("Số tầng (kể cả tầng hầm, tum)", "Number of floors"),
              required: true,
              min: 1,
              max: 30,
            },
            { key: "basement", type: "checkbox", label: l("Có tầng hầm", "Has a basement") },
            {
              key: "designer",
              type: "text",
              label: l("Đơn vị hoặc người thiết kế", "Designer"),
              required: true,
              maxLength: 200,
            },
            {
              key: "completionMonths",
              type: "number",
              label: l("Dự kiến thời gian hoàn thành (tháng)", "Expected duration (months)"),
              min: 1,
              max: 60,
            },
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 15 }, [
      ["TN", "Tiếp nhận hồ sơ", "receiving", "receiving", 1],
      ["TD", "Thẩm định hồ sơ, kiểm tra thực địa", "receiving", "specialist", 10],
      ["PD", "Chủ tịch UBND xã ký giấy phép", "receiving", "leader", 3],
      ["TKQ", "Đóng dấu bản vẽ, trả kết quả", "receiving", "receiving", 1],
    ]),
  },
  {
    code: "1.012753",
    name: "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với cá nhân, hộ gia đình",
    fieldCode: FIELD.datDai,
    ...communeUnits,
    applicantTypes: ["citizen"],
    description:
      "Cá nhân, hộ gia đình đang sử dụng đất đăng ký đất đai lần đầu và đề nghị cấp Giấy chứng nhận. Ủy ban nhân dân cấp xã tiếp nhận, kiểm tra hiện trạng, niêm yết công khai; Văn phòng đăng ký đất đai trích lục, trích đo bản đồ và xác định nghĩa vụ tài chính; Chủ tịch Ủy ban nhân dân cấp xã ký Giấy chứng nhận.",
    requirements:
      "Đất không có tranh chấp; phù hợp quy hoạch sử dụng đất; đủ điều kiện theo Điều 137–140 Luật Đất đai 2024.",
    timeLimit: {
      unit: "working_days",
      value: 20,
      note: "Không kể thời gian niêm yết công khai, thời gian thực hiện nghĩa vụ tài chính của người sử dụng đất",
    },
    fees: [
      {
        name: "Lệ phí cấp Giấy chứng nhận (đất và tài sản gắn liền với đất)",
        amount: 100000,
        note: "Theo Nghị quyết của Hội đồng nhân dân thành phố",
      },
      { name: "Lệ phí cấp Giấy chứng nhận (chỉ có quyền sử dụng đất)", amount: 25000 },
    ],
    components: [
      comp("DON", "Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)", "original", {
        declaration: true,
        template: template("don-dang-ky-dat-dai-mau-04-dk.pdf"),
      }),
      comp("NG", "Giấy tờ về quyền sử dụng đất theo Điều 137 Luật Đất đai (nếu có)", "copy", { required: false }),
      comp("TS", "Giấy tờ về tài sản gắn liền với đất (nếu đăng ký tài sản)", "copy", { required: false }),
      comp("NVTC", "Chứng từ thực hiện nghĩa vụ tài chính; giấy tờ miễn, giảm nghĩa vụ tài chính (nếu có)", "copy", {
        required: false,
      }),
      comp("MB", "Mảnh trích đo bản đồ địa chính thửa đất (nếu đã có)", "copy", { required: false }),
    ],
    result: { name: "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", electronic: false },
    legalBases: [LAW.datDai, LAW.nd101_2024, LAW.nd151_2025, LAW.tt85_2019],
    onlineKind: "partial",
    onlineReason:
      "Giấy chứng nhận là giấy tờ bản giấy có phôi do Bộ Nông nghiệp và Môi trường phát hành; người sử dụng đất nhận trực tiếp bản gốc và ký nhận vào Sổ cấp Giấy chứng nhận.",
    eform: {
      sections: [
        { key: "applicant", title: l("Người sử dụng đất", "Land user"), fields: applicantFields() },
        {
          key: "coUsers",
          title: l("Người cùng sử dụng đất (nếu có)", "Co-users (if any)"),
          fields: [
            {
              key: "list",
              type: "group",
              label: l("Người cùng sử dụng", "Co-users"),
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
                { key: "idNumber", type: "cccd", label: l("Số định danh cá nhân", "ID number"), required: true },
                {
                  key: "relationship",
                  type: "select",
                  label: l("Quan hệ với người đứng đơn", "Relationship"),
                  required: true,
                  options: opts([
                    ["spouse", "Vợ/chồng", "Spouse"],
                    ["family", "Thành viên hộ gia đình", "Household member"],
                    ["other", "Khác", "Other"],
                  ]),
                },
              ],
            },
          ],
        },
        {
          key: "parcel",
          title: l("Thửa đất đăng ký", "Parcel"),
          fields: [
            ...parcelFields(),
            {
              key: "landUse",
              type: "select",
              label: l("Mục đích sử dụng đất", "Land use"),
              required: true,
              options: opts([
                ["ONT", "Đất ở tại nông thôn (ONT)", "Rural residential land"],
                ["ODT", "Đất ở tại đô thị (ODT)", "Urban residential land"],
                ["CLN", "Đất trồng cây lâu năm (CLN)", "Perennial crops"],
                ["LUC", "Đất chuyên trồng lúa (LUC)", "Paddy land"],
                ["BHK", "Đất bằng trồng cây hằng năm khác (BHK)", "Other annual crops"],
              ]),
            },
            {
              key: "origin",
              type: "select",
              label: l("Nguồn gốc sử dụng đất", "Origin"),
              required: true,
              options: opts([
                ["inherited", "Được thừa kế, tặng cho", "Inherited or donated"],
                ["bought", "Nhận chuyển nhượng (giấy tờ viết tay)", "Bought (unregistered)"],
                ["allocated", "Được Nhà nước giao", "Allocated by the State"],
                ["self", "Tự khai hoang, sử dụng ổn định", "Reclaimed, in stable use"],
              ]),
            },
            {
              key: "usedSince",
              type: "date",
              label: l("Thời điểm bắt đầu sử dụng", "In use since"),
              required: true,
              dateRule: "past",
            },
            {
              key: "houseArea",
              type: "number",
              label: l("Diện tích sàn nhà ở (m², nếu đăng ký nhà)", "House floor area (m², if any)"),
              min: 0,
            },
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 20 }, [
      ["TN", "Tiếp nhận hồ sơ", "receiving", "receiving", 1],
      ["KT", "Kiểm tra hiện trạng, niêm yết công khai, xác nhận nguồn gốc", "receiving", "specialist", 8],
      [
        "VPDK",
        "Văn phòng đăng ký đất đai trích đo, xác định nghĩa vụ tài chính",
        { code: DEPT.dangKyDatDai },
        "specialist",
        7,
      ],
      ["PD", "Chủ tịch UBND xã ký Giấy chứng nhận", "receiving", "leader", 3],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
  {
    code: "1.012766",
    name: "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế",
    fieldCode: FIELD.datDai,
    level: "province",
    competentUnit: DEPT.dangKyDatDai,
    implementingUnits: [CENTRE_CODE, DEPT.dangKyDatDai],
    applicantTypes: ["citizen", "business"],
    description:
      "Đăng ký biến động khi chuyển nhượng, tặng cho, thừa kế quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất đã được cấp Giấy chứng nhận. Văn phòng đăng ký đất đai cập nhật biến động và cấp Giấy chứng nhận mới hoặc xác nhận thay đổi trên Giấy chứng nhận đã cấp.",
    requirements:
      "Có Giấy chứng nhận; đất không có tranh chấp, không bị kê biên; trong thời hạn sử dụng đất; hợp đồng, văn bản chuyển quyền đã được công chứng hoặc chứng thực.",
    timeLimit: {
      unit: "working_days",
      value: 10,
      note: "Không kể thời gian người sử dụng đất thực hiện nghĩa vụ tài chính theo thông báo của cơ quan thuế",
    },
    fees: [
      { name: "Lệ phí đăng ký biến động", amount: 30000, note: "Theo Nghị quyết của Hội đồng nhân dân thành phố" },
      { name: "Lệ phí cấp mới Giấy chứng nhận (nếu có yêu cầu)", amount: 100000 },
    ],
    components: [
      comp("DON", "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)", "original", {
        declaration: true,
        template: template("don-dang-ky-bien-dong-dat-dai-mau-11-dk.pdf"),
      }),
      comp("GCN", "Giấy chứng nhận đã cấp", "original"),
      comp(
        "HD",
        "Hợp đồng, văn bản chuyển nhượng, tặng cho hoặc văn bản thừa kế đã công chứng, chứng thực",
        "original",
      ),
      comp("TK", "Tờ khai lệ phí trước bạ, tờ khai thuế thu nhập cá nhân", "original", {
        note: "Khai trên biểu mẫu điện tử của cơ quan thuế khi nộp trực tuyến",
      }),
    ],
    result: { name: "Giấy chứng nhận mới hoặc Giấy chứng nhận đã cấp được xác nhận thay đổi", electronic: false },
    legalBases: [LAW.datDai, LAW.nd101_2024, LAW.nd151_2025],
    onlineKind: "partial",
    onlineReason:
      "Người đề nghị phải nộp bản gốc Giấy chứng nhận đã cấp và nhận trực tiếp Giấy chứng nhận mới (bản giấy).",
    eform: {
      sections: [
        {
          key: "applicant",
          title: l("Người đề nghị đăng ký (bên nhận quyền)", "Applicant (recipient)"),
          fields: applicantFields(),
        },
        {
          key: "certificate",
          title: l("Giấy chứng nhận đã cấp", "Existing certificate"),
          fields: [
            {
              key: "serial",
              type: "text",
              label: l("Số phát hành Giấy chứng nhận", "Certificate serial"),
              required: true,
              maxLength: 20,
            },
            {
              key: "bookNumber",
              type: "text",
              label: l("Số vào sổ cấp Giấy chứng nhận", "Register entry"),
              required: true,
              maxLength: 20,
            },
            { key: "issuedOn", type: "date", label: l("Ngày cấp", "Issued on"), required: true, dateRule: "past" },
            ...parcelFields(),
          ],
        },
        {
          key: "transfer",
          title: l("Nội dung biến động", "Transfer"),
          fields: [
            {
              key: "kind",
              type: "select",
              label: l("Hình thức chuyển quyền", "Kind of transfer"),
              required: true,
              options: opts([
                ["sale", "Chuyển nhượng", "Sale"],
                ["gift", "Tặng cho", "Gift"],
                ["inheritance", "Thừa kế", "Inheritance"],
              ]),
            },
            {
              key: "fromName",
              type: "text",
              label: l("Họ tên bên chuyển quyền", "Transferor"),
              required: true,
              maxLength: 200,
            },
            {
              key: "fromIdNumber",
              type: "cccd",
              label: l("Số định danh cá nhân bên chuyển quyền", "Transferor's ID number"),
              required: true,
            },
            {
              key: "contractNumber",
              type: "text",
              label: l("Số công chứng, chứng thực hợp đồng", "Notarised contract number"),
              required: true,
              maxLength: 50,
            },
            {
              key: "contractDate",
              type: "date",
              label: l("Ngày công chứng, chứng thực", "Notarised on"),
              required: true,
              dateRule: "past",
            },
            {
              key: "newCertificate",
              type: "checkbox",
              label: l("Đề nghị cấp mới Giấy chứng nhận", "Request a new certificate"),
            },
          ],
        },
      ],
    },
    process: process({ unit: "working_days", value: 10 }, [
      ["TN", "Tiếp nhận hồ sơ, chuyển Văn phòng đăng ký đất đai", "receiving", "receiving", 1],
      ["TD", "Thẩm định hồ sơ, gửi thông tin xác định nghĩa vụ tài chính", "competent", "specialist", 5],
      ["CN", "Cập nhật biến động, in Giấy chứng nhận", "competent", "specialist", 2],
      ["PD", "Lãnh đạo Văn phòng đăng ký đất đai ký", "competent", "leader", 1],
      ["TKQ", "Trả kết quả", "receiving", "receiving", 1],
    ]),
  },
];
