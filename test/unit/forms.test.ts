import { describe, expect, it } from "vitest";
import {
  FormInputError,
  renderForm01,
  renderForm02,
  renderForm03,
  renderForm04,
  renderForm05,
  renderForm06,
  renderForm07,
} from "../../src/docs/forms.js";
import {
  applicant,
  CODE,
  form01,
  form02,
  form03,
  form04,
  form05,
  form06,
  form07,
  form07Lines,
  LOOKUP,
  PROCEDURE,
  vn,
} from "./forms-fixtures.js";
import { count, pageOneQrEncodes, readPdf } from "./forms-pdf.js";

const A5 = { width: 419.53, height: 595.28 };
const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

function expectSize(page: { width: number; height: number }, size: { width: number; height: number }) {
  expect(page.width).toBeCloseTo(size.width, 1);
  expect(page.height).toBeCloseTo(size.height, 1);
}

/** Expect `fn` to refuse with a FormInputError naming `field`. */
async function expectRefused(fn: () => Promise<unknown>, field: string) {
  const err = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FormInputError);
  expect((err as FormInputError).field).toBe(field);
}

describe("every form", () => {
  const cases = [
    { no: "01", render: () => renderForm01(form01()), size: A5, date: "Bắc Ninh, ngày 10 tháng 02 năm 2026" },
    { no: "02", render: () => renderForm02(form02()), size: A5, date: "Bắc Ninh, ngày 10 tháng 02 năm 2026" },
    { no: "03", render: () => renderForm03(form03()), size: A5, date: "Bắc Ninh, ngày 10 tháng 02 năm 2026" },
    { no: "04", render: () => renderForm04(form04()), size: A5, date: "Bắc Ninh, ngày 19 tháng 02 năm 2026" },
    { no: "05", render: () => renderForm05(form05()), size: A5, date: "Bắc Ninh, ngày 13 tháng 02 năm 2026" },
    { no: "06", render: () => renderForm06(form06()), size: A5, date: "Bắc Ninh, ngày 10 tháng 02 năm 2026" },
    { no: "07", render: () => renderForm07(form07(5)), size: A4_LANDSCAPE, date: "Bắc Ninh, ngày 31 tháng 3 năm 2026" },
  ];

  for (const c of cases) {
    it(`form ${c.no}: page size, national heading, issuer, date line, label, QR code, look-up URL, embedded Tinos`, async () => {
      const buf = await c.render();
      const pdf = await readPdf(buf);
      for (const p of pdf.pages) expectSize(p, c.size);
      expect(pdf.flat).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      expect(pdf.flat).toContain("Độc lập - Tự do - Hạnh phúc");
      expect(pdf.flat).toContain(c.date);
      expect(pdf.flat).toContain(`Mẫu số ${c.no}`);
      expect(pdf.flat).toContain(c.no === "04" ? "SỞ XÂY DỰNG" : "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH");
      expect(pdf.flat).toContain("UBND TỈNH BẮC NINH");
      // The look-up URL is printed on every page, and the QR code on page 1 encodes exactly that URL.
      for (const p of pdf.pages) expect(p.text).toContain(`Tra cứu hồ sơ: ${LOOKUP}`);
      expect(await pageOneQrEncodes(buf, LOOKUP)).toBe(true);
      expect(await pageOneQrEncodes(buf, `${LOOKUP}0`)).toBe(false);
      // Fonts: Tinos (Times-compatible serif, #10 item 5) embedded as TrueType (FontFile2) with a ToUnicode map; no
      // unembedded standard font.
      const raw = buf.toString("latin1");
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Regular\b/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Bold\b/);
      expect(raw).toContain("/FontFile2");
      expect(raw).toContain("/ToUnicode");
      expect(raw).not.toContain("/BaseFont /Helvetica");
      expect(pdf.info.Language).toBe("vi-VN");
    });
  }

  it("the same view model gives the same bytes; CreationDate is the issue instant", async () => {
    const a = await renderForm01(form01());
    const b = await renderForm01(form01());
    expect(a.equals(b)).toBe(true);
    const pdf = await readPdf(a);
    expect(pdf.info.CreationDate).toBe("D:20260210012000Z"); // 08:20 10/02/2026 in Vietnam
    const later = await renderForm01({ ...form01(), issuedAt: vn(2026, 2, 11, 9, 0) });
    expect(later.equals(a)).toBe(false);
    expect((await readPdf(later)).flat).toContain("Bắc Ninh, ngày 11 tháng 02 năm 2026");
  });

  it("refuses a bad issuer, issue date or look-up URL", async () => {
    await expectRefused(() => renderForm01({ ...form01(), lookupUrl: "/tra-cuu?ma=1" }), "lookupUrl");
    await expectRefused(() => renderForm02({ ...form02(), lookupUrl: "javascript:alert(1)" }), "lookupUrl");
    await expectRefused(() => renderForm03({ ...form03(), issuedAt: new Date("nope") }), "issuedAt");
    await expectRefused(() => renderForm06({ ...form06(), issuer: { ...form06().issuer, name: "  " } }), "issuer.name");
    await expectRefused(() => renderForm07({ ...form07(1), issuer: { name: "X" } as any }), "issuer.place");
  });
});

describe("form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả", () => {
  it("prints the receipt with the applicant, components, times, delivery, log-book entry and signatures", async () => {
    const pdf = await readPdf(await renderForm01(form01()));
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.info.Title).toBe("Mẫu số 01 - Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
    const t = pdf.flat;
    for (const s of [
      "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
      `Mã hồ sơ: ${CODE}`,
      "Ông/Bà/Tổ chức: Nguyễn Thị Hồng Nhung",
      "Địa chỉ: Số 12 đường Lý Thái Tổ, phường Kinh Bắc, tỉnh Bắc Ninh",
      "Số điện thoại: 0912 345 678",
      "Thư điện tử: hongnhung.nguyen@example.vn",
      `Nội dung yêu cầu giải quyết: ${PROCEDURE}`,
      "1 Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01) Bản chính 1",
      "2 Giấy chứng nhận quyền sử dụng đất Bản sao chứng thực 1",
      "Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng)",
      "4 Giấy tờ về quyền sở hữu công trình hiện có Bản sao 1",
      "2. Số lượng hồ sơ: 01 bộ",
      "3. Thời hạn giải quyết hồ sơ theo quy định: 15 ngày làm việc",
      "4. Thời gian nhận hồ sơ: 08:15 10/02/2026",
      "5. Thời gian trả kết quả giải quyết hồ sơ: 16:30 20/02/2026",
      "6. Nơi nhận kết quả: Trực tiếp tại Bộ phận Một cửa: Quầy số 5, Trung tâm Phục vụ hành chính công tỉnh",
      "Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026, Số thứ tự: 1287",
      "NGƯỜI NỘP HỒ SƠ",
      "NGƯỜI TIẾP NHẬN HỒ SƠ",
      "Trần Văn Đức",
    ]) {
      expect(t).toContain(s);
    }
    // Name as applicant and under the submitter's signature.
    expect(count(t, "Nguyễn Thị Hồng Nhung")).toBe(2);
    expect(count(t, "(Ký, ghi rõ họ tên)")).toBe(2);
  });

  it("prints times in Vietnam time, whatever the server's zone", async () => {
    const vm = {
      ...form01(),
      receivedAt: new Date("2026-02-09T18:05:00Z"),
      appointmentAt: new Date("2026-02-20T09:30:00Z"),
    };
    const t = (await readPdf(await renderForm01(vm))).flat;
    expect(t).toContain("4. Thời gian nhận hồ sơ: 01:05 10/02/2026");
    expect(t).toContain("16:30 20/02/2026");
  });

  it("handles an immediate result, postal return, a representative and decomposed (NFD) input", async () => {
    const vm = {
      ...form01(),
      applicant: { ...applicant, name: "Nguyễn Thị Hồng Nhung".normalize("NFD"), email: undefined },
      timeLimit: { unit: "immediate" as const, value: 0 },
      // a same-day procedure received after 15:00: its appointment is the next working day's close (#10 items 2, 5)
      appointmentAt: new Date("2026-02-11T10:00:00Z"),
      resultDelivery: { method: "post" as const, detail: "Số 12 đường Lý Thái Tổ, phường Kinh Bắc" },
      submitterName: "Lê Văn Hùng",
      logBook: { entry: 8 },
    };
    const t = (await readPdf(await renderForm01(vm))).flat;
    expect(t).toContain("Ông/Bà/Tổ chức: Nguyễn Thị Hồng Nhung"); // NFC on the page
    expect(t).toContain("3. Thời hạn giải quyết hồ sơ theo quy định: Giải quyết ngay");
    expect(t).toContain("5. Thời gian trả kết quả giải quyết hồ sơ: 17:00 11/02/2026");
    expect(t).not.toContain("Trả kết quả ngay");
    expect(t).toContain("6. Nơi nhận kết quả: Qua dịch vụ bưu chính công ích: Số 12 đường Lý Thái Tổ");
    expect(t).toContain("Vào Sổ theo dõi hồ sơ, Số thứ tự: 8");
    expect(t).not.toContain("Quyển số");
    expect(t).not.toContain("Thư điện tử");
    expect(t).toContain("Lê Văn Hùng");
  });

  it("goes on to a second page when the component list is long, keeping the signatures together", async () => {
    const components = Array.from({ length: 30 }, (_, i) => ({
      name: `Giấy tờ kèm theo số ${i + 1} về hiện trạng công trình`,
      form: "copy",
      quantity: 1,
    }));
    const pdf = await readPdf(await renderForm01({ ...form01(), components }));
    expect(pdf.pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pdf.pages) expectSize(p, A5);
    const last = pdf.pages[pdf.pages.length - 1].text;
    expect(last).toContain("NGƯỜI NỘP HỒ SƠ");
    expect(last).toContain("Trần Văn Đức");
    expect(pdf.flat).toContain("Giấy tờ kèm theo số 30 về hiện trạng công trình");
    // The table header is repeated on the page the table continues on.
    expect(pdf.pages[1].text).toContain("Tên giấy tờ");
    expect(pdf.pages[1].text).toContain(`Trang 2/${pdf.pages.length}`);
  });

  it("refuses incomplete or inconsistent data", async () => {
    await expectRefused(() => renderForm01({ ...form01(), dossierCode: "" }), "dossierCode");
    await expectRefused(() => renderForm01({ ...form01(), applicant: { ...applicant, name: "" } }), "applicant.name");
    await expectRefused(() => renderForm01({ ...form01(), components: [] }), "components");
    await expectRefused(
      () => renderForm01({ ...form01(), components: [{ name: "Đơn", form: "original", quantity: 0 }] }),
      "components[0].quantity",
    );
    await expectRefused(() => renderForm01({ ...form01(), sets: 1.5 }), "sets");
    await expectRefused(() => renderForm01({ ...form01(), appointmentAt: vn(2026, 2, 9, 8, 0) }), "appointmentAt");
    await expectRefused(() => renderForm01({ ...form01(), appointmentAt: null as never }), "appointmentAt");
    await expectRefused(
      () => renderForm01({ ...form01(), resultDelivery: { method: "pigeon" as any } }),
      "resultDelivery.method",
    );
    await expectRefused(() => renderForm01({ ...form01(), logBook: { entry: 0 } }), "logBook.entry");
    await expectRefused(() => renderForm01({ ...form01(), receivingOfficerName: "" }), "receivingOfficerName");
  });
});

describe("form 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", () => {
  it("lists what to add or correct with reasons, the deadline and whom to contact", async () => {
    const pdf = await readPdf(await renderForm02(form02()));
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.info.Title).toBe("Mẫu số 02 - Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ");
    const t = pdf.flat;
    for (const s of [
      "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
      "Số: 15/PBS-TTPVHCC",
      `Mã hồ sơ: ${CODE}`,
      "Ông/Bà/Tổ chức: Nguyễn Thị Hồng Nhung",
      "Thời gian nộp hồ sơ: 08:15 10/02/2026",
      "đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
      "Nội dung cần bổ sung, hoàn thiện",
      "Lý do",
      "Bản vẽ mặt bằng định vị công trình trên lô đất",
      "Bản vẽ đã nộp thiếu chỉ giới xây dựng và kích thước lô đất",
      "Giấy chứng nhận quyền sử dụng đất (bản sao chứng thực)",
      "Bản đã nộp là bản chụp, không chứng thực",
      "Thời hạn bổ sung, hoàn thiện hồ sơ: 17:00 27/02/2026",
      "Ông/Bà liên hệ Bà Lê Thị Thu Hà (Sở Xây dựng), số điện thoại 0222 3822 123, thư điện tử ha.ltt@bacninh.gov.vn để được hướng dẫn.",
      "NGƯỜI HƯỚNG DẪN",
      "Trần Văn Đức",
    ]) {
      expect(t).toContain(s);
    }
  });

  it("works without a dossier code (checked at the counter, never entered)", async () => {
    const vm = { ...form02(), dossierCode: undefined, receivedAt: undefined, supplementDueAt: undefined };
    const t = (await readPdf(await renderForm02(vm))).flat;
    expect(t).not.toContain("Mã hồ sơ");
    expect(t).not.toContain("Thời gian nộp hồ sơ");
    expect(t).not.toContain("Thời hạn bổ sung");
    expect(t).toContain("Tra cứu hồ sơ");
  });

  it("refuses an empty request or no way to contact", async () => {
    await expectRefused(() => renderForm02({ ...form02(), items: [] }), "items");
    await expectRefused(
      () => renderForm02({ ...form02(), items: [{ content: "Bản vẽ", reason: " " }] }),
      "items[0].reason",
    );
    await expectRefused(() => renderForm02({ ...form02(), contact: { name: "Bà Hà" } }), "contact.phone");
    await expectRefused(() => renderForm02({ ...form02(), officerName: "" }), "officerName");
  });
});

describe("form 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ", () => {
  it("states the reason and the legal basis", async () => {
    const pdf = await readPdf(await renderForm03(form03()));
    expect(pdf.info.Title).toBe("Mẫu số 03 - Phiếu từ chối tiếp nhận giải quyết hồ sơ");
    const t = pdf.flat;
    for (const s of [
      "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
      "Nội dung yêu cầu giải quyết: Đăng ký kết hôn có yếu tố nước ngoài",
      "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
      "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã nơi nộp hồ sơ.",
      "Căn cứ pháp lý:",
      "Khoản 2 Điều 15 Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ",
      "Điều 37 Luật Hộ tịch số 60/2014/QH13",
      "NGƯỜI TIẾP NHẬN HỒ SƠ",
      "Phạm Quốc Khánh",
    ]) {
      expect(t).toContain(s);
    }
    expect(t).not.toContain("Mã hồ sơ"); // this refusal had no code
  });

  it("refuses a refusal without reason or legal basis", async () => {
    await expectRefused(() => renderForm03({ ...form03(), reason: "" }), "reason");
    await expectRefused(() => renderForm03({ ...form03(), legalBasis: [] }), "legalBasis");
    await expectRefused(() => renderForm03({ ...form03(), legalBasis: ["Điều 15", ""] }), "legalBasis[1]");
  });
});

describe("form 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", () => {
  it("gives the original date, the reason, the new date and the head's signature", async () => {
    const pdf = await readPdf(await renderForm04(form04()));
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.info.Title).toBe("Mẫu số 04 - Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết");
    const t = pdf.flat;
    for (const s of [
      "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
      "Số: 42/XL-SXD",
      "Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung",
      "Vào lúc 08:15 10/02/2026, Sở Xây dựng đã tiếp nhận hồ sơ của Ông/Bà",
      "Thời hạn trả kết quả đã hẹn: 16:30 20/02/2026",
      "Cần lấy ý kiến thẩm định của Sở Tài nguyên và Môi trường về ranh giới thửa đất.",
      "Sở Xây dựng trân trọng xin lỗi Ông/Bà",
      "Thời gian trả kết quả mới: 16:30 06/03/2026",
      "KT. GIÁM ĐỐC",
      "PHÓ GIÁM ĐỐC",
      "(Ký, ghi rõ họ tên, đóng dấu)",
      "Hoàng Minh Tuấn",
      "Nơi nhận:",
      "- Như trên;",
      "- Lưu: VT, hồ sơ.",
    ]) {
      expect(t).toContain(s);
    }
  });

  it("refuses a new date that is not later, or no signer", async () => {
    const vm = form04();
    await expectRefused(() => renderForm04({ ...vm, newDueAt: vm.originalDueAt }), "newDueAt");
    await expectRefused(() => renderForm04({ ...vm, signer: { title: "Giám đốc", name: "" } }), "signer.name");
    await expectRefused(() => renderForm04({ ...vm, reason: "" }), "reason");
  });
});

describe("form 05 — Thông báo dừng giải quyết hồ sơ", () => {
  it("states when processing stops, why and on what basis", async () => {
    const pdf = await readPdf(await renderForm05(form05()));
    expect(pdf.info.Title).toBe("Mẫu số 05 - Thông báo dừng giải quyết hồ sơ");
    const t = pdf.flat;
    for (const s of [
      "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
      `Mã hồ sơ: ${CODE}`,
      "Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung",
      "thông báo dừng giải quyết hồ sơ nêu trên kể từ 14:00 13/02/2026.",
      "Người nộp hồ sơ có văn bản đề nghị dừng giải quyết hồ sơ.",
      "Điều 22 Nghị định số 118/2025/NĐ-CP của Chính phủ",
      "GIÁM ĐỐC",
      "Vũ Thị Lan Anh",
    ]) {
      expect(t).toContain(s);
    }
  });

  it("refuses a notice without legal basis or reason", async () => {
    await expectRefused(() => renderForm05({ ...form05(), legalBasis: [] }), "legalBasis");
    await expectRefused(() => renderForm05({ ...form05(), reason: " " }), "reason");
    await expectRefused(() => renderForm05({ ...form05(), receivedAt: "2026-02-10" as any }), "receivedAt");
  });
});

describe("form 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ", () => {
  it("prints one row per hand-over with giver, receiver and its early / on-time / late result", async () => {
    const pdf = await readPdf(await renderForm06(form06()));
    expect(pdf.pages).toHaveLength(1);
    const t = pdf.flat;
    for (const s of [
      "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
      `Mã hồ sơ: ${CODE}`,
      "Kèm theo hồ sơ của: Nguyễn Thị Hồng Nhung",
      "Thời gian tiếp nhận: 08:15 10/02/2026",
      "Thời hạn trả kết quả: 16:30 20/02/2026",
      "Cơ quan (bộ phận) giải quyết hồ sơ: Sở Xây dựng",
      "Cơ quan phối hợp giải quyết hồ sơ: Sở Tài nguyên và Môi trường",
      "Giao: Trần Văn Đức Nhận: Ngô Thị Mai",
      "Giao: Ngô Thị Mai Nhận: Hoàng Minh Tuấn",
      "Chờ ý kiến Sở Tài nguyên và Môi trường",
    ]) {
      expect(t).toContain(s);
    }
    // Exactly three result cells, each on the line of its own row (same baseline as the row's hand-over time).
    const items = pdf.pages[0].items;
    const yOf = (s: string) => {
      const found = items.filter((i) => i.str.trim() === s);
      expect(found, s).toHaveLength(1);
      return found[0].y;
    };
    expect(count(t, "Trước hạn")).toBe(1);
    expect(count(t, "Đúng hạn")).toBe(1);
    expect(count(t, "Quá hạn")).toBe(1);
    const rows = [
      ["09:05 10/02/2026", "Trước hạn"],
      ["15:00 12/02/2026", "Đúng hạn"],
      ["10:30 24/02/2026", "Quá hạn"],
    ];
    const ys = rows.map(([time, label]) => {
      const timeY = yOf(time.split(" ")[0]);
      expect(yOf(label)).toBeCloseTo(timeY, 1);
      expect(yOf(time.split(" ")[1])).toBeLessThan(timeY); // the date is on the next line of the same cell
      return timeY;
    });
    // Rows go down the page in order (PDF y grows upwards).
    expect(ys[0]).toBeGreaterThan(ys[1]);
    expect(ys[1]).toBeGreaterThan(ys[2]);
    // Row numbers 1..3 sit on the same lines.
    for (const [i, y] of ys.entries()) {
      expect(items.some((it) => it.str.trim() === String(i + 1) && Math.abs(it.y - y) < 0.5)).toBe(true);
    }
  });

  it("prints an open step without a result and a sheet with no hand-over yet", async () => {
    const vm = form06();
    vm.rows[2] = { ...vm.rows[2], result: null, note: undefined };
    const t = (await readPdf(await renderForm06(vm))).flat;
    expect(count(t, "Quá hạn")).toBe(0);
    expect(count(t, "Trước hạn") + count(t, "Đúng hạn")).toBe(2);

    const empty = (await readPdf(await renderForm06({ ...form06(), rows: [], coordinatingUnits: [] }))).flat;
    expect(empty).toContain("Chưa có lượt giao, nhận hồ sơ");
    expect(empty).toContain("Cơ quan phối hợp giải quyết hồ sơ: Không có");
  });

  it("refuses hand-overs out of time order or with an unknown result", async () => {
    const vm = form06();
    await expectRefused(() => renderForm06({ ...vm, rows: [vm.rows[1], vm.rows[0]] }), "rows[1].at");
    await expectRefused(
      () => renderForm06({ ...vm, rows: [{ ...vm.rows[0], result: "soon" as any }] }),
      "rows[0].result",
    );
    await expectRefused(
      () => renderForm06({ ...vm, rows: [{ ...vm.rows[0], receiverName: "" }] }),
      "rows[0].receiverName",
    );
  });
});

describe("form 07 — Sổ theo dõi hồ sơ", () => {
  it("lays 60 dossiers over several A4 landscape pages, header repeated, numbers continuous from the year's count", async () => {
    const vm = form07(60);
    const pdf = await readPdf(await renderForm07(vm));
    expect(pdf.info.Title).toBe("Mẫu số 07 - Sổ theo dõi hồ sơ");
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    for (const [i, p] of pdf.pages.entries()) {
      expectSize(p, A4_LANDSCAPE);
      // Column headings and the group heading on every page; page i of n in the footer.
      for (const h of ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Ngày, tháng, năm", "Ký nhận", "Ghi chú"]) {
        expect(p.text.replace(/\s+/g, " "), `page ${i + 1}: ${h}`).toContain(h);
      }
      expect(p.text).toContain(`Trang ${i + 1}/${pdf.pages.length}`);
    }
    const t = pdf.flat;
    expect(t).toContain("SỔ THEO DÕI HỒ SƠ");
    expect(t).toContain("Từ ngày 01/02/2026 đến ngày 28/02/2026");
    expect(t).toContain("Quyển số: 01/2026");
    // The STT column, read page after page, is exactly 1201..1260 (continuing the year's numbering).
    const left = 28;
    const seqs: number[] = [];
    for (const p of pdf.pages) {
      const col = p.items
        .filter((i) => i.x > left && i.x < left + 30 && /^\d+$/.test(i.str.trim()))
        .sort((a, b) => b.y - a.y);
      seqs.push(...col.map((i) => Number(i.str.trim())));
    }
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => 1201 + i));
    // Every dossier's code is printed whole, on one line.
    for (const l of vm.lines) expect(count(t, l.code)).toBe(1);
    expect(t).toContain("Nguyễn Thị Hồng Nhung");
    expect(t).toContain("Cấp phiếu lý lịch tư pháp cho công dân Việt Nam");
    expect(t).toContain("ĐT: 0910000000");
  });

  it("prints instants as hh:mm dd/mm/yyyy and plain days as dd/mm/yyyy, blanks for steps not reached", async () => {
    const [line] = form07Lines(1, 7);
    const vm = {
      ...form07(0),
      lines: [{ ...line, receivedAt: vn(2026, 2, 2, 8, 30), returnedAt: "2026-03-04", resultBackAt: null }],
    };
    const pdf = await readPdf(await renderForm07(vm));
    const items = pdf.pages[0].items.map((i) => i.str.trim());
    expect(items).toContain("04/03/2026");
    expect(pdf.flat).toContain("08:30 02/02/2026");
    expect(pdf.pages).toHaveLength(1);
    const empty = await readPdf(await renderForm07(form07(0)));
    expect(empty.flat).toContain("Không có hồ sơ trong kỳ");
  });

  it("refuses numbering that does not go up, and impossible days", async () => {
    const lines = form07Lines(3);
    await expectRefused(() => renderForm07({ ...form07(0), lines: [lines[0], lines[0]] }), "lines[1].seq");
    await expectRefused(
      () => renderForm07({ ...form07(0), lines: [lines[1], { ...lines[0], seq: lines[1].seq - 1 }] }),
      "lines[1].seq",
    );
    await expectRefused(() => renderForm07({ ...form07(0), lines: [{ ...lines[0], seq: 0 }] }), "lines[0].seq");
    await expectRefused(() => renderForm07({ ...form07(0), periodTo: "2026-02-30" }), "periodTo");
    await expectRefused(
      () => renderForm07({ ...form07(0), lines: [{ ...lines[0], returnedAt: "04/03/2026" }] }),
      "lines[0].returnedAt",
    );
  });
});
