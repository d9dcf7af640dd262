import type { LegalBasis } from "../../domain/catalogue.js";

/** Legal bases cited by the demo procedures (number, title, date of issue where stated). */
const law = (number: string, title: string, date?: string): LegalBasis =>
  date ? { number, title, date } : { number, title };

export const LAW = {
  hoTich: law("60/2014/QH13", "Luật Hộ tịch", "2014-11-20"),
  nd123: law(
    "123/2015/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
    "2015-11-15",
  ),
  nd87: law(
    "87/2020/NĐ-CP",
    "Nghị định quy định về Cơ sở dữ liệu hộ tịch điện tử, đăng ký hộ tịch trực tuyến",
    "2020-07-28",
  ),
  tt04_2020: law(
    "04/2020/TT-BTP",
    "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP",
    "2020-05-28",
  ),
  tt04_2024: law("04/2024/TT-BTP", "Thông tư sửa đổi, bổ sung một số điều của các Thông tư trong lĩnh vực hộ tịch"),
  tt281_2016: law(
    "281/2016/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí khai thác, sử dụng thông tin trong cơ sở dữ liệu hộ tịch",
    "2016-11-14",
  ),
  tt85_2019: law(
    "85/2019/TT-BTC",
    "Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc trung ương",
    "2019-11-29",
  ),
  nd63_2024: law(
    "63/2024/NĐ-CP",
    "Nghị định quy định thực hiện liên thông điện tử 02 nhóm thủ tục hành chính: đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi; đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất",
    "2024-06-10",
  ),
  hnGd: law("52/2014/QH13", "Luật Hôn nhân và gia đình", "2014-06-19"),
  nd23_2015: law(
    "23/2015/NĐ-CP",
    "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
    "2015-02-16",
  ),
  tt01_2020_btp: law(
    "01/2020/TT-BTP",
    "Thông tư quy định chi tiết một số điều và biện pháp thi hành Nghị định số 23/2015/NĐ-CP",
    "2020-03-03",
  ),
  tt226_2016: law(
    "226/2016/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực",
    "2016-11-11",
  ),
  cuTru: law("68/2020/QH14", "Luật Cư trú", "2020-11-13"),
  nd154_2024: law("154/2024/NĐ-CP", "Nghị định quy định chi tiết một số điều của Luật Cư trú", "2024-11-26"),
  tt55_2021: law(
    "55/2021/TT-BCA",
    "Thông tư quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
    "2021-05-15",
  ),
  tt66_2023: law(
    "66/2023/TT-BCA",
    "Thông tư sửa đổi, bổ sung một số điều của các Thông tư số 55/2021/TT-BCA, 56/2021/TT-BCA và 57/2021/TT-BCA",
    "2023-11-17",
  ),
  tt75_2022: law(
    "75/2022/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí đăng ký cư trú",
    "2022-12-22",
  ),
  bhyt: law("25/2008/QH12", "Luật Bảo hiểm y tế (sửa đổi, bổ sung năm 2014, 2024)", "2008-11-14"),
  doanhNghiep: law("59/2020/QH14", "Luật Doanh nghiệp", "2020-06-17"),
  nd168_2025: law("168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", "2025-06-30"),
  tt47_2019: law(
    "47/2019/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin doanh nghiệp, lệ phí đăng ký doanh nghiệp",
    "2019-08-05",
  ),
  xayDung: law("50/2014/QH13", "Luật Xây dựng", "2014-06-18"),
  xayDung62: law("62/2020/QH14", "Luật sửa đổi, bổ sung một số điều của Luật Xây dựng", "2020-06-17"),
  nd175_2024: law(
    "175/2024/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng",
    "2024-12-30",
  ),
  datDai: law("31/2024/QH15", "Luật Đất đai", "2024-01-18"),
  nd101_2024: law(
    "101/2024/NĐ-CP",
    "Nghị định quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất và hệ thống thông tin đất đai",
    "2024-07-29",
  ),
  nd151_2025: law(
    "151/2025/NĐ-CP",
    "Nghị định quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp, phân quyền, phân cấp trong lĩnh vực đất đai",
    "2025-06-12",
  ),
  nguoiCaoTuoi: law("39/2009/QH12", "Luật Người cao tuổi", "2009-11-23"),
  nguoiKhuyetTat: law("51/2010/QH12", "Luật Người khuyết tật", "2010-06-17"),
  nd20_2021: law(
    "20/2021/NĐ-CP",
    "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
    "2021-03-15",
  ),
  nd76_2024: law(
    "76/2024/NĐ-CP",
    "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 20/2021/NĐ-CP",
    "2024-07-01",
  ),
  tt01_2019_ldtbxh: law(
    "01/2019/TT-BLĐTBXH",
    "Thông tư quy định về việc xác định mức độ khuyết tật do Hội đồng xác định mức độ khuyết tật thực hiện",
    "2019-01-02",
  ),
  giaoDuc: law("43/2019/QH14", "Luật Giáo dục", "2019-06-14"),
  tt32_2020_gd: law(
    "32/2020/TT-BGDĐT",
    "Thông tư ban hành Điều lệ trường trung học cơ sở, trường trung học phổ thông và trường phổ thông có nhiều cấp học",
    "2020-09-15",
  ),
  qd51_2002: law(
    "51/2002/QĐ-BGD&ĐT",
    "Quyết định ban hành Quy định chuyển trường và tiếp nhận học sinh học tại các trường trung học",
    "2002-12-25",
  ),
  tt24_2024_gd: law("24/2024/TT-BGDĐT", "Thông tư ban hành Quy chế thi tốt nghiệp trung học phổ thông", "2024-12-24"),
  tt21_2019_gd: law(
    "21/2019/TT-BGDĐT",
    "Thông tư ban hành Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục quốc dân",
    "2019-11-29",
  ),
  ttAtgtdb: law("36/2024/QH15", "Luật Trật tự, an toàn giao thông đường bộ", "2024-06-27"),
  tt35_2024_bca: law("35/2024/TT-BCA", "Thông tư quy định về sát hạch, cấp giấy phép lái xe"),
  tt37_2023_btc: law(
    "37/2023/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí cấp giấy phép lái xe",
    "2023-06-07",
  ),
  lyLichTuPhap: law("28/2009/QH12", "Luật Lý lịch tư pháp", "2009-06-17"),
  nd111_2010: law(
    "111/2010/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Lý lịch tư pháp",
    "2010-11-23",
  ),
  tt244_2016: law(
    "244/2016/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin lý lịch tư pháp",
    "2016-11-11",
  ),
  atThucPham: law("55/2010/QH12", "Luật An toàn thực phẩm", "2010-06-17"),
  nd15_2018: law(
    "15/2018/NĐ-CP",
    "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm",
    "2018-02-02",
  ),
  nd155_2018: law(
    "155/2018/NĐ-CP",
    "Nghị định sửa đổi, bổ sung một số quy định liên quan đến điều kiện đầu tư kinh doanh thuộc phạm vi quản lý nhà nước của Bộ Y tế",
    "2018-11-12",
  ),
  tt67_2021: law(
    "67/2021/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí trong công tác an toàn thực phẩm",
    "2021-08-05",
  ),
  nd105_2017: law("105/2017/NĐ-CP", "Nghị định về kinh doanh rượu", "2017-09-14"),
  nd17_2020: law(
    "17/2020/NĐ-CP",
    "Nghị định sửa đổi, bổ sung một số điều của các Nghị định liên quan đến điều kiện đầu tư kinh doanh thuộc phạm vi quản lý nhà nước của Bộ Công Thương",
    "2020-02-05",
  ),
  tt168_2016: law(
    "168/2016/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí thẩm định kinh doanh thương mại có điều kiện",
    "2016-10-26",
  ),
  laoDong: law("45/2019/QH14", "Bộ luật Lao động", "2019-11-20"),
  nd152_2020: law(
    "152/2020/NĐ-CP",
    "Nghị định quy định về người lao động nước ngoài làm việc tại Việt Nam",
    "2020-12-30",
  ),
  nd70_2023: law(
    "70/2023/NĐ-CP",
    "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 152/2020/NĐ-CP",
    "2023-09-18",
  ),
  nd54_2019: law("54/2019/NĐ-CP", "Nghị định quy định về kinh doanh dịch vụ karaoke, dịch vụ vũ trường", "2019-06-19"),
  tt01_2021_btc: law(
    "01/2021/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí thẩm định cấp giấy phép kinh doanh karaoke, vũ trường",
    "2021-01-07",
  ),
} as const;
