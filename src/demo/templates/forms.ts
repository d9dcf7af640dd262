/**
 * The blank templates (biểu mẫu) attached to dossier components of the demo catalogue. `generate.ts` renders each
 * to `src/demo/templates/<file>` as a small printable PDF; the catalogue refers to them with `template(file)`.
 * They reproduce the headings and items of the official forms for the demo; the form named in `basis` is the one
 * to use for a real application.
 */
export interface TemplateForm {
  /** Name shown to the applicant ("Tờ khai đăng ký khai sinh"). */
  name: string;
  /** The official form this one follows. */
  basis: string;
  /** "Kính gửi" line. */
  to: string;
  /** Items to fill, grouped; each line is printed with a dotted answer space. */
  sections: Array<{ title?: string; lines: string[] }>;
  /** An optional table with empty rows (members, founders, residence history…). */
  table?: { title: string; columns: string[]; rows: number };
  /** Statement printed above the signature. */
  pledge?: string;
  signer: string;
}

const PLEDGE =
  "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.";

const person = (who: string) => [
  `Họ, chữ đệm, tên ${who}`,
  "Ngày, tháng, năm sinh",
  "Dân tộc / Quốc tịch",
  "Số định danh cá nhân",
  "Nơi cư trú",
];

export const TEMPLATE_FORMS: Record<string, TemplateForm> = {
  "to-khai-dang-ky-khai-sinh.pdf": {
    name: "Tờ khai đăng ký khai sinh",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Người yêu cầu", lines: [...person("người yêu cầu"), "Quan hệ với người được khai sinh"] },
      {
        title: "Người được khai sinh",
        lines: [
          "Họ, chữ đệm, tên",
          "Ngày, tháng, năm sinh (ghi bằng chữ)",
          "Giới tính",
          "Dân tộc",
          "Quốc tịch",
          "Nơi sinh",
          "Quê quán",
        ],
      },
      { title: "Cha", lines: person("cha") },
      { title: "Mẹ", lines: person("mẹ") },
      { lines: ["Đề nghị cấp bản sao Trích lục khai sinh: số lượng … bản"] },
    ],
    pledge: PLEDGE,
    signer: "Người yêu cầu",
  },
  "to-khai-dang-ky-ket-hon.pdf": {
    name: "Tờ khai đăng ký kết hôn",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Bên nữ", lines: [...person("bên nữ"), "Kết hôn lần thứ mấy"] },
      { title: "Bên nam", lines: [...person("bên nam"), "Kết hôn lần thứ mấy"] },
      { lines: ["Đề nghị cấp bản sao Giấy chứng nhận kết hôn: số lượng … bản"] },
    ],
    pledge:
      "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình.",
    signer: "Bên nữ / Bên nam",
  },
  "to-khai-dang-ky-khai-tu.pdf": {
    name: "Tờ khai đăng ký khai tử",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Người yêu cầu", lines: [...person("người yêu cầu"), "Quan hệ với người đã chết"] },
      {
        title: "Người đã chết",
        lines: [
          "Họ, chữ đệm, tên",
          "Ngày, tháng, năm sinh",
          "Giới tính / Dân tộc / Quốc tịch",
          "Số định danh cá nhân",
          "Nơi cư trú cuối cùng",
          "Đã chết vào lúc … giờ … phút, ngày … tháng … năm …",
          "Nơi chết",
          "Nguyên nhân chết",
          "Số Giấy báo tử/Giấy tờ thay thế; ngày cấp; cơ quan cấp",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Người yêu cầu",
  },
  "to-khai-cap-ban-sao-trich-luc-ho-tich.pdf": {
    name: "Tờ khai cấp bản sao trích lục hộ tịch",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Người yêu cầu", lines: [...person("người yêu cầu"), "Quan hệ với người được cấp bản sao trích lục"] },
      {
        title: "Nội dung đề nghị",
        lines: [
          "Loại việc hộ tịch (khai sinh, kết hôn, khai tử…)",
          "Họ, chữ đệm, tên người được cấp",
          "Số, quyển sổ; ngày đăng ký; cơ quan đã đăng ký",
          "Số lượng bản sao đề nghị cấp",
          "Mục đích sử dụng",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Người yêu cầu",
  },
  "to-khai-dang-ky-lai-khai-sinh.pdf": {
    name: "Tờ khai đăng ký lại khai sinh",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Người yêu cầu", lines: [...person("người yêu cầu"), "Quan hệ với người được khai sinh"] },
      {
        title: "Người được đăng ký lại khai sinh",
        lines: ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Giới tính / Dân tộc / Quốc tịch", "Nơi sinh", "Quê quán"],
      },
      {
        title: "Cha / Mẹ",
        lines: ["Họ, chữ đệm, tên cha; năm sinh; quốc tịch", "Họ, chữ đệm, tên mẹ; năm sinh; quốc tịch"],
      },
      {
        title: "Việc khai sinh đã đăng ký",
        lines: ["Cơ quan đã đăng ký khai sinh", "Số, quyển số, ngày đăng ký (nếu biết)", "Lý do đăng ký lại"],
      },
    ],
    pledge: PLEDGE,
    signer: "Người yêu cầu",
  },
  "to-khai-cap-giay-xac-nhan-tinh-trang-hon-nhan.pdf": {
    name: "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Người yêu cầu", lines: [...person("người yêu cầu"), "Quan hệ với người được cấp"] },
      {
        title: "Người được cấp Giấy xác nhận tình trạng hôn nhân",
        lines: [
          "Họ, chữ đệm, tên; ngày sinh; giới tính",
          "Số định danh cá nhân",
          "Nơi cư trú",
          "Thời gian cư trú tại nơi đề nghị xác nhận: từ … đến …",
          "Tình trạng hôn nhân",
          "Mục đích sử dụng Giấy xác nhận",
          "Số lượng bản đề nghị cấp",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Người yêu cầu",
  },
  "to-khai-dang-ky-nhan-cha-me-con.pdf": {
    name: "Tờ khai đăng ký nhận cha, mẹ, con",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Người nhận", lines: [...person("người nhận"), "Quan hệ với người được nhận (cha/mẹ/con)"] },
      { title: "Người được nhận", lines: person("người được nhận") },
      { lines: ["Số lượng bản sao Trích lục đề nghị cấp"] },
    ],
    pledge:
      "Tôi cam đoan việc nhận cha, mẹ, con nêu trên là đúng sự thật, tự nguyện, không có tranh chấp và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
    signer: "Người nhận / Người được nhận",
  },
  "to-khai-thay-doi-cai-chinh-bo-sung-ho-tich.pdf": {
    name: "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
    basis: "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Người yêu cầu", lines: [...person("người yêu cầu"), "Quan hệ với người được thay đổi, cải chính"] },
      {
        title: "Nội dung đề nghị",
        lines: [
          "Họ, chữ đệm, tên người có thông tin hộ tịch cần thay đổi, cải chính, bổ sung",
          "Giấy tờ hộ tịch đã cấp: loại, số, ngày cấp, cơ quan cấp",
          "Nội dung thay đổi, cải chính, bổ sung: từ … thành …",
          "Lý do",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Người yêu cầu",
  },
  "to-khai-thay-doi-thong-tin-cu-tru-ct01.pdf": {
    name: "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
    basis: "Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA",
    to: "Công an xã/phường",
    sections: [
      {
        lines: [
          "Họ, chữ đệm và tên",
          "Ngày, tháng, năm sinh; giới tính",
          "Số định danh cá nhân",
          "Số điện thoại liên hệ; thư điện tử",
          "Họ, chữ đệm và tên chủ hộ; số định danh cá nhân của chủ hộ",
          "Mối quan hệ với chủ hộ",
          "Nội dung đề nghị (đăng ký thường trú, tạm trú, gia hạn, xóa…)",
          "Địa chỉ chỗ ở đề nghị đăng ký",
        ],
      },
    ],
    table: {
      title: "Những thành viên trong hộ gia đình cùng thay đổi",
      columns: ["TT", "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân", "Quan hệ với chủ hộ"],
      rows: 5,
    },
    pledge: PLEDGE,
    signer: "Người kê khai",
  },
  "giay-de-nghi-dang-ky-ho-kinh-doanh.pdf": {
    name: "Giấy đề nghị đăng ký hộ kinh doanh",
    basis: "Mẫu theo Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp",
    to: "Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị) xã/phường",
    sections: [
      {
        title: "Chủ hộ kinh doanh",
        lines: [...person("chủ hộ kinh doanh"), "Điện thoại; thư điện tử"],
      },
      {
        title: "Hộ kinh doanh",
        lines: [
          "Tên hộ kinh doanh",
          "Địa chỉ trụ sở hộ kinh doanh",
          "Ngành, nghề kinh doanh",
          "Vốn kinh doanh (bằng số, bằng chữ)",
          "Số lượng lao động",
        ],
      },
    ],
    table: {
      title: "Danh sách thành viên hộ gia đình đăng ký hộ kinh doanh (nếu có)",
      columns: ["TT", "Họ, chữ đệm và tên", "Ngày sinh", "Số định danh cá nhân", "Nơi cư trú", "Chữ ký"],
      rows: 4,
    },
    pledge:
      "Tôi cam kết bản thân không thuộc trường hợp không được đăng ký hộ kinh doanh và chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực của nội dung kê khai.",
    signer: "Chủ hộ kinh doanh",
  },
  "thong-bao-thay-doi-noi-dung-dang-ky-ho-kinh-doanh.pdf": {
    name: "Thông báo thay đổi nội dung đăng ký hộ kinh doanh",
    basis: "Mẫu theo Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp",
    to: "Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị) xã/phường",
    sections: [
      {
        lines: [
          "Tên hộ kinh doanh; mã số hộ kinh doanh",
          "Họ, chữ đệm, tên chủ hộ kinh doanh; số định danh cá nhân",
          "Nội dung đăng ký thay đổi",
          "Nội dung sau khi thay đổi",
          "Ngày bắt đầu thực hiện thay đổi",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Chủ hộ kinh doanh",
  },
  "thong-bao-tam-ngung-kinh-doanh-ho-kinh-doanh.pdf": {
    name: "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
    basis: "Mẫu theo Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp",
    to: "Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị) xã/phường",
    sections: [
      {
        lines: [
          "Tên hộ kinh doanh; mã số hộ kinh doanh",
          "Họ, chữ đệm, tên chủ hộ kinh doanh; số định danh cá nhân",
          "Thời gian tạm ngừng: từ ngày … đến ngày …",
          "Lý do tạm ngừng",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Chủ hộ kinh doanh",
  },
  "don-de-nghi-cap-giay-phep-xay-dung.pdf": {
    name: "Đơn đề nghị cấp giấy phép xây dựng (nhà ở riêng lẻ)",
    basis: "Mẫu số 01 Phụ lục II Nghị định số 175/2024/NĐ-CP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      { title: "Chủ đầu tư", lines: ["Họ, chữ đệm, tên", "Số định danh cá nhân", "Địa chỉ liên hệ; điện thoại"] },
      {
        title: "Địa điểm xây dựng",
        lines: [
          "Lô đất số; thửa đất số; tờ bản đồ số",
          "Diện tích thửa đất (m²)",
          "Tại (số nhà, đường, xã/phường)",
          "Giấy tờ về quyền sử dụng đất",
        ],
      },
      {
        title: "Nội dung đề nghị cấp phép",
        lines: [
          "Cấp công trình",
          "Diện tích xây dựng tầng 1 (m²); tổng diện tích sàn (m²)",
          "Chiều cao công trình (m); số tầng",
          "Đơn vị hoặc người thiết kế; chứng chỉ hành nghề",
          "Dự kiến thời gian hoàn thành công trình",
        ],
      },
    ],
    pledge:
      "Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
    signer: "Người làm đơn",
  },
  "don-dang-ky-dat-dai-mau-04-dk.pdf": {
    name: "Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)",
    basis: "Mẫu số 04/ĐK ban hành kèm theo Nghị định số 101/2024/NĐ-CP",
    to: "Ủy ban nhân dân xã/phường; Văn phòng đăng ký đất đai",
    sections: [
      {
        title: "Người sử dụng đất, chủ sở hữu tài sản",
        lines: ["Họ, chữ đệm, tên; năm sinh", "Số định danh cá nhân", "Địa chỉ"],
      },
      {
        title: "Thửa đất đăng ký",
        lines: [
          "Thửa đất số; tờ bản đồ số",
          "Địa chỉ thửa đất",
          "Diện tích (m²); sử dụng chung, riêng",
          "Mục đích sử dụng; thời hạn sử dụng",
          "Nguồn gốc sử dụng; thời điểm bắt đầu sử dụng",
        ],
      },
      {
        title: "Tài sản gắn liền với đất (nếu có)",
        lines: ["Loại nhà ở, công trình; diện tích xây dựng; diện tích sàn; số tầng"],
      },
      { lines: ["Đề nghị cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất: Có / Không"] },
    ],
    pledge: PLEDGE,
    signer: "Người viết đơn",
  },
  "don-dang-ky-bien-dong-dat-dai-mau-11-dk.pdf": {
    name: "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
    basis: "Mẫu số 11/ĐK ban hành kèm theo Nghị định số 101/2024/NĐ-CP",
    to: "Văn phòng đăng ký đất đai",
    sections: [
      {
        title: "Người sử dụng đất, chủ sở hữu tài sản",
        lines: ["Họ, chữ đệm, tên", "Số định danh cá nhân", "Địa chỉ"],
      },
      {
        title: "Giấy chứng nhận đã cấp",
        lines: ["Số vào sổ cấp GCN; số phát hành GCN", "Ngày cấp", "Thửa đất số; tờ bản đồ số; địa chỉ thửa đất"],
      },
      {
        title: "Nội dung biến động",
        lines: [
          "Loại biến động (chuyển nhượng, tặng cho, thừa kế…)",
          "Nội dung trước biến động",
          "Nội dung sau biến động",
          "Lý do biến động",
        ],
      },
      { lines: ["Đề nghị cấp mới Giấy chứng nhận: Có / Không"] },
    ],
    pledge: PLEDGE,
    signer: "Người viết đơn",
  },
  "to-khai-de-nghi-tro-giup-xa-hoi.pdf": {
    name: "Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1a)",
    basis: "Mẫu số 1a ban hành kèm theo Nghị định số 20/2021/NĐ-CP",
    to: "Chủ tịch Ủy ban nhân dân xã/phường",
    sections: [
      {
        title: "Thông tin người đề nghị trợ giúp",
        lines: [
          "Họ, chữ đệm, tên; ngày sinh; giới tính; dân tộc",
          "Số định danh cá nhân",
          "Nơi cư trú",
          "Đối tượng (người cao tuổi, người khuyết tật, trẻ em mồ côi…)",
          "Tình trạng đi học / tình trạng khuyết tật / mức độ",
          "Đang hưởng chế độ nào khác (lương hưu, trợ cấp BHXH…)",
          "Tình trạng hôn nhân; số con",
        ],
      },
      { title: "Người khai thay (nếu có)", lines: ["Họ, chữ đệm, tên; số định danh cá nhân", "Quan hệ với đối tượng"] },
    ],
    pledge: PLEDGE,
    signer: "Người khai",
  },
  "don-de-nghi-xac-dinh-muc-do-khuyet-tat.pdf": {
    name: "Đơn đề nghị xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
    basis: "Mẫu số 01 ban hành kèm theo Thông tư số 01/2019/TT-BLĐTBXH",
    to: "Chủ tịch Ủy ban nhân dân xã/phường",
    sections: [
      {
        lines: [
          "Họ, chữ đệm, tên người khuyết tật; ngày sinh; giới tính",
          "Số định danh cá nhân",
          "Nơi cư trú",
          "Họ, chữ đệm, tên người đại diện hợp pháp (nếu có); quan hệ",
          "Nội dung đề nghị (xác định lần đầu, xác định lại, đổi, cấp lại)",
          "Dạng khuyết tật",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Người viết đơn",
  },
  "don-xin-chuyen-truong.pdf": {
    name: "Đơn xin chuyển trường",
    basis: "Mẫu theo Quyết định số 51/2002/QĐ-BGD&ĐT (sửa đổi, bổ sung)",
    to: "Hiệu trưởng trường nơi đi; Hiệu trưởng trường nơi đến; Sở Giáo dục và Đào tạo",
    sections: [
      {
        lines: [
          "Họ, chữ đệm, tên cha/mẹ (người giám hộ)",
          "Họ, chữ đệm, tên học sinh; ngày sinh; số định danh cá nhân",
          "Đang học lớp; năm học; trường",
          "Kết quả học tập, rèn luyện năm học trước",
          "Xin chuyển đến học lớp … trường …",
          "Lý do chuyển trường",
        ],
      },
    ],
    signer: "Người làm đơn",
  },
  "don-phuc-khao-bai-thi.pdf": {
    name: "Đơn đề nghị phúc khảo bài thi tốt nghiệp trung học phổ thông",
    basis: "Mẫu theo Quy chế thi tốt nghiệp trung học phổ thông (Thông tư số 24/2024/TT-BGDĐT)",
    to: "Hội đồng thi tốt nghiệp trung học phổ thông thành phố",
    sections: [
      {
        lines: ["Họ, chữ đệm, tên thí sinh; ngày sinh", "Số định danh cá nhân", "Số báo danh; Hội đồng thi; điểm thi"],
      },
    ],
    table: {
      title: "Bài thi đề nghị phúc khảo",
      columns: ["TT", "Bài thi / môn thi", "Điểm đã công bố", "Ghi chú"],
      rows: 4,
    },
    signer: "Thí sinh",
  },
  "don-de-nghi-cap-ban-sao-van-bang.pdf": {
    name: "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    basis: "Mẫu theo Thông tư số 21/2019/TT-BGDĐT",
    to: "Sở Giáo dục và Đào tạo",
    sections: [
      {
        lines: [
          "Họ, chữ đệm, tên người được cấp văn bằng; ngày sinh; nơi sinh",
          "Số định danh cá nhân",
          "Tên văn bằng, chứng chỉ; năm tốt nghiệp; trường",
          "Số hiệu; số vào sổ cấp văn bằng",
          "Số lượng bản sao đề nghị cấp",
          "Lý do",
        ],
      },
    ],
    signer: "Người đề nghị",
  },
  "don-de-nghi-doi-cap-lai-giay-phep-lai-xe.pdf": {
    name: "Đơn đề nghị đổi, cấp lại giấy phép lái xe",
    basis: "Mẫu ban hành kèm theo Thông tư số 35/2024/TT-BCA",
    to: "Phòng Cảnh sát giao thông - Công an thành phố",
    sections: [
      {
        lines: [
          "Họ, chữ đệm, tên; ngày sinh; giới tính; quốc tịch",
          "Số định danh cá nhân",
          "Nơi cư trú",
          "Giấy phép lái xe số; hạng; ngày trúng tuyển; cơ quan cấp",
          "Lý do đổi, cấp lại",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Người làm đơn",
  },
  "to-khai-yeu-cau-cap-phieu-ly-lich-tu-phap.pdf": {
    name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
    basis: "Mẫu số 03/2024/LLTP ban hành kèm theo Thông tư số 06/2024/TT-BTP",
    to: "Cơ quan cấp Phiếu lý lịch tư pháp",
    sections: [
      {
        title: "Người được cấp Phiếu",
        lines: [
          "Họ, chữ đệm, tên; tên gọi khác (nếu có)",
          "Giới tính; ngày, tháng, năm sinh; nơi sinh",
          "Quốc tịch; dân tộc",
          "Số định danh cá nhân",
          "Nơi thường trú; nơi tạm trú",
          "Họ, chữ đệm, tên cha / mẹ / vợ hoặc chồng",
        ],
      },
      { lines: ["Loại Phiếu đề nghị cấp (số 1 / số 2)", "Mục đích sử dụng Phiếu", "Số lượng Phiếu đề nghị cấp"] },
    ],
    table: {
      title: "Quá trình cư trú (từ đủ 14 tuổi)",
      columns: ["Từ tháng, năm", "Đến tháng, năm", "Nơi cư trú", "Nghề nghiệp, nơi làm việc"],
      rows: 5,
    },
    pledge: PLEDGE,
    signer: "Người khai",
  },
  "giay-de-nghi-dang-ky-doanh-nghiep.pdf": {
    name: "Giấy đề nghị đăng ký doanh nghiệp",
    basis: "Mẫu theo Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp",
    to: "Phòng Đăng ký kinh doanh - Sở Tài chính",
    sections: [
      {
        title: "Người đề nghị",
        lines: ["Họ, chữ đệm, tên", "Số định danh cá nhân", "Chức danh (người đại diện theo pháp luật)"],
      },
      {
        title: "Doanh nghiệp",
        lines: [
          "Loại hình doanh nghiệp",
          "Tên doanh nghiệp viết bằng tiếng Việt; tên bằng tiếng nước ngoài; tên viết tắt",
          "Địa chỉ trụ sở chính; điện thoại; thư điện tử",
          "Ngành, nghề kinh doanh (mã ngành cấp 4)",
          "Vốn điều lệ (bằng số, bằng chữ)",
          "Nguồn vốn điều lệ",
          "Thông tin đăng ký thuế",
        ],
      },
    ],
    pledge: PLEDGE,
    signer: "Người đại diện theo pháp luật",
  },
  "danh-sach-co-dong-sang-lap.pdf": {
    name: "Danh sách cổ đông sáng lập công ty cổ phần",
    basis: "Mẫu theo Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp",
    to: "Phòng Đăng ký kinh doanh - Sở Tài chính",
    sections: [{ lines: ["Tên công ty", "Tổng số cổ phần; mệnh giá cổ phần"] }],
    table: {
      title: "Cổ đông sáng lập",
      columns: [
        "TT",
        "Họ, chữ đệm, tên / tên tổ chức",
        "Số định danh cá nhân / mã số DN",
        "Số cổ phần",
        "Tỷ lệ (%)",
        "Chữ ký",
      ],
      rows: 6,
    },
    signer: "Người đại diện theo pháp luật",
  },
  "don-de-nghi-cap-giay-chung-nhan-attp.pdf": {
    name: "Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
    basis: "Mẫu số 01 Phụ lục I Nghị định số 155/2018/NĐ-CP",
    to: "Sở Y tế",
    sections: [
      {
        lines: [
          "Tên cơ sở",
          "Chủ cơ sở; số định danh cá nhân / mã số doanh nghiệp",
          "Địa chỉ cơ sở; điện thoại",
          "Loại hình (sản xuất thực phẩm, kinh doanh dịch vụ ăn uống)",
          "Quy mô (số suất ăn/lần phục vụ, công suất)",
          "Mặt hàng sản xuất, kinh doanh",
        ],
      },
    ],
    pledge: "Cơ sở cam kết thực hiện đúng các điều kiện bảo đảm an toàn thực phẩm theo quy định.",
    signer: "Chủ cơ sở",
  },
  "don-de-nghi-cap-giay-phep-ban-le-ruou.pdf": {
    name: "Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu",
    basis: "Mẫu số 01 Phụ lục ban hành kèm theo Nghị định số 105/2017/NĐ-CP",
    to: "Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị) xã/phường",
    sections: [
      {
        lines: [
          "Tên thương nhân; mã số doanh nghiệp / hộ kinh doanh",
          "Địa chỉ trụ sở; điện thoại",
          "Địa điểm kinh doanh",
          "Các loại sản phẩm rượu kinh doanh",
          "Tên, địa chỉ thương nhân cung cấp sản phẩm rượu",
        ],
      },
    ],
    pledge: "Thương nhân cam kết thực hiện đúng các quy định về kinh doanh rượu.",
    signer: "Người đại diện theo pháp luật",
  },
  "van-ban-de-nghi-cap-giay-phep-lao-dong.pdf": {
    name: "Văn bản đề nghị cấp giấy phép lao động",
    basis: "Mẫu số 11/PLI Phụ lục I Nghị định số 152/2020/NĐ-CP (sửa đổi bởi Nghị định số 70/2023/NĐ-CP)",
    to: "Sở Nội vụ",
    sections: [
      {
        title: "Người sử dụng lao động",
        lines: ["Tên doanh nghiệp/tổ chức; mã số", "Địa chỉ; điện thoại; thư điện tử"],
      },
      {
        title: "Người lao động nước ngoài",
        lines: [
          "Họ và tên; ngày sinh; giới tính; quốc tịch",
          "Số hộ chiếu",
          "Vị trí công việc; chức danh công việc",
          "Hình thức làm việc",
          "Địa điểm làm việc",
          "Thời hạn làm việc: từ … đến …",
        ],
      },
    ],
    signer: "Người đại diện của người sử dụng lao động",
  },
  "don-de-nghi-cap-giay-phep-karaoke.pdf": {
    name: "Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
    basis: "Mẫu số 01 ban hành kèm theo Nghị định số 54/2019/NĐ-CP",
    to: "Ủy ban nhân dân xã/phường",
    sections: [
      {
        lines: [
          "Tên doanh nghiệp / hộ kinh doanh; mã số",
          "Địa chỉ trụ sở; điện thoại",
          "Người đại diện theo pháp luật; số định danh cá nhân",
          "Địa điểm kinh doanh",
          "Số lượng phòng; diện tích từng phòng (m²)",
        ],
      },
    ],
    pledge:
      "Cam kết thực hiện đúng các quy định tại Nghị định số 54/2019/NĐ-CP và các quy định pháp luật có liên quan.",
    signer: "Người đại diện theo pháp luật",
  },
};

/** The `Component.template` value for a registered template (throws on an unknown file, so typos fail early). */
export function template(file: string): { name: string; file: string } {
  const t = TEMPLATE_FORMS[file];
  if (!t) throw new Error(`unknown template ${file}`);
  return { name: t.name, file };
}
