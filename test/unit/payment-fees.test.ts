import { describe, expect, it } from "vitest";
import type { Fee } from "../../src/domain/catalogue.js";
import { assessFees, checkFeeSelection, describeAssessment, explainFeeLine } from "../../src/domain/fees.js";

const BIRTH: Fee[] = [
  { name: "Lệ phí đăng ký khai sinh đúng hạn", amount: 0 },
  { name: "Lệ phí đăng ký khai sinh quá hạn", amount: 5000, exemptFor: ["revolution_merit", "poor_household"] },
  { name: "Phí cấp bản sao Trích lục khai sinh", amount: 8000, basis: "per_copy" },
];
const COPY: Fee[] = [{ name: "Phí chứng thực bản sao", amount: 1000, basis: "per_item", max: 200000 }];

describe("fees of a dossier (assessFees)", () => {
  it("a fixed fee once, a per-copy fee times the copies, a free fee shown as not charged", () => {
    const a = assessFees(BIRTH, { copies: 3 });
    expect(a.lines.map((l) => [l.name, l.quantity, l.amount])).toEqual([
      ["Lệ phí đăng ký khai sinh đúng hạn", 1, 0],
      ["Lệ phí đăng ký khai sinh quá hạn", 1, 5000],
      ["Phí cấp bản sao Trích lục khai sinh", 3, 24000],
    ]);
    expect(a.total).toBe(29000);
    expect(explainFeeLine(a.lines[0]).vi).toBe("Không thu");
    expect(explainFeeLine(a.lines[2]).vi).toBe("8.000 ₫ × 3 bản = 24.000 ₫");
    expect(describeAssessment("Đăng ký khai sinh", a)).toBe(
      "Lệ phí đăng ký khai sinh quá hạn; Phí cấp bản sao Trích lục khai sinh – Đăng ký khai sinh",
    );
  });

  it("only the fees that apply; zero copies owe nothing for the copy fee", () => {
    const a = assessFees(BIRTH, { include: [2, 1], copies: 0 });
    expect(a.lines.map((l) => l.index)).toEqual([1, 2]);
    expect(a.total).toBe(5000);
  });

  it("an exempt category owes nothing for the fees that exempt it, and says why", () => {
    const a = assessFees(BIRTH, { include: [1, 2], copies: 1, exemptions: ["poor_household"] });
    expect(a.lines[0]).toMatchObject({ amount: 0, exemptBy: "poor_household" });
    expect(explainFeeLine(a.lines[0])).toEqual({
      vi: "Miễn (Thành viên hộ nghèo, hộ cận nghèo)",
      en: "Exempt (Member of a poor or near-poor household)",
    });
    // the copy fee does not exempt that category
    expect(a.lines[1].amount).toBe(8000);
    expect(a.total).toBe(8000);
    expect(assessFees(BIRTH, { include: [1], exemptions: ["disability"] }).total).toBe(5000);
  });

  it("a per-item fee stops at its cap", () => {
    expect(assessFees(COPY, { items: 150 }).total).toBe(150000);
    const capped = assessFees(COPY, { items: 250 });
    expect(capped.lines[0]).toMatchObject({ amount: 200000, capped: true });
    expect(explainFeeLine(capped.lines[0]).vi).toBe("1.000 ₫ × 250 trang/việc = 250.000 ₫ (tối đa 200.000 ₫)");
  });

  it("refuses fees the procedure does not have, bad quantities and unknown categories", () => {
    expect(checkFeeSelection(BIRTH, { include: [0, 0, 7], copies: -1, exemptions: ["x" as never] })).toEqual([
      { path: "include[2]", text: expect.objectContaining({ vi: "Thủ tục không có khoản phí, lệ phí này." }) },
      { path: "include", text: expect.objectContaining({ vi: "Mỗi khoản chỉ chọn một lần." }) },
      { path: "copies", text: expect.objectContaining({ en: "The quantity must be a whole number 0–10,000." }) },
      { path: "exemptions[0]", text: expect.objectContaining({ en: "Unknown exemption category." }) },
    ]);
    expect(checkFeeSelection([], {})[0].text.vi).toBe("Thủ tục không quy định phí, lệ phí.");
    expect(checkFeeSelection(BIRTH, { copies: 2 })).toEqual([]);
  });
});
