/**
 * Search words shipped with the demo catalogue (issue #9): what people type for these procedures that their official
 * names do not say. Administrators edit them at /office/quan-tri/tu-khoa; the seed fills only empty lists, so edits
 * survive restarts.
 */
export const DEMO_SEARCH_WORDS: Record<string, string[]> = {
  "1.012753": ["sổ đỏ", "sổ hồng", "làm sổ đỏ", "cấp sổ lần đầu", "giấy chứng nhận quyền sử dụng đất"],
  "1.012766": ["sang tên sổ đỏ", "sang tên sổ hồng", "mua bán đất", "chuyển nhượng đất", "thừa kế nhà đất"],
  "2.001610": ["TNHH", "công ty TNHH", "mở công ty", "thành lập doanh nghiệp"],
  "2.001599": ["CTCP", "công ty cổ phần", "mở công ty"],
  "1.001612": ["HKD", "mở cửa hàng", "đăng ký kinh doanh cá thể", "giấy phép kinh doanh hộ"],
  "2.000488": ["LLTP", "lý lịch tư pháp", "xin lý lịch", "phiếu lý lịch số 1"],
  "1.001193": ["làm giấy khai sinh", "giấy khai sinh", "khai sinh cho con"],
  "1.000656": ["giấy chứng tử", "báo tử"],
  "1.000894": ["giấy đăng ký kết hôn", "đăng ký cưới"],
  "1.004873": ["xác nhận độc thân", "giấy độc thân"],
  "1.002809": ["đổi bằng lái", "GPLX", "bằng lái xe"],
  "1.013225": ["xin phép xây nhà", "giấy phép xây dựng nhà ở"],
  "1.004222": ["nhập hộ khẩu", "hộ khẩu", "KT3"],
  "1.004194": ["đăng ký tạm trú", "KT3", "tạm trú sinh viên"],
  "2.000815": ["công chứng bản sao", "sao y bản chính", "chứng thực photo"],
};
