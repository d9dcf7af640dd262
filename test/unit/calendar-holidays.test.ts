import { describe, expect, it } from "vitest";
import { holidaysOf } from "../../src/domain/calendar/holidays.js";

const days = (year: number, opts = {}) => holidaysOf(year, opts).map((h) => h.day);
const comp = (year: number) =>
  holidaysOf(year)
    .filter((h) => h.compensation)
    .map((h) => h.day);

describe("statutory holidays by rule", () => {
  it("2026: 1/1, Tết = last day of the lunar year + mùng 1–4, Giỗ Tổ on Sunday compensated, 30/4, 1/5, 2/9 + 1/9", () => {
    expect(holidaysOf(2026)).toEqual([
      { day: "2026-01-01", reason: "Tết Dương lịch" },
      { day: "2026-02-16", reason: "Tết Nguyên đán" },
      { day: "2026-02-17", reason: "Tết Nguyên đán" },
      { day: "2026-02-18", reason: "Tết Nguyên đán" },
      { day: "2026-02-19", reason: "Tết Nguyên đán" },
      { day: "2026-02-20", reason: "Tết Nguyên đán" },
      { day: "2026-04-26", reason: "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
      { day: "2026-04-27", reason: "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)", compensation: true },
      { day: "2026-04-30", reason: "Ngày Chiến thắng (30/4)" },
      { day: "2026-05-01", reason: "Ngày Quốc tế Lao động (1/5)" },
      { day: "2026-09-01", reason: "Quốc khánh (ngày liền kề 2/9)" },
      { day: "2026-09-02", reason: "Quốc khánh (2/9)" },
    ]);
  });

  it("2025 by rule: Tết 28/01–01/02 with Saturday 01/02 compensated on Monday 03/02", () => {
    expect(days(2025)).toEqual([
      "2025-01-01",
      "2025-01-28",
      "2025-01-29",
      "2025-01-30",
      "2025-01-31",
      "2025-02-01",
      "2025-02-03",
      "2025-04-07",
      "2025-04-30",
      "2025-05-01",
      "2025-09-01",
      "2025-09-02",
    ]);
    expect(comp(2025)).toEqual(["2025-02-03"]);
  });

  it("compensates weekend holidays on the next free working day (2022, 2023 match the years' notices)", () => {
    // 2022: 1/1 Sat → Mon 3/1; Giỗ Tổ Sun 10/4 → Mon 11/4; 30/4 Sat + 1/5 Sun → Mon 2/5 and Tue 3/5
    expect(comp(2022)).toEqual(["2022-01-03", "2022-04-11", "2022-05-02", "2022-05-03"]);
    // 2023: Tết 21–25/01 spans a weekend → 26, 27/01; Giỗ Tổ Sat 29/4, 30/4 Sun → after 1/5: 2/5, 3/5;
    // 2/9 Sat (with Fri 1/9) → Mon 4/9
    expect(comp(2023)).toEqual(["2023-01-02", "2023-01-26", "2023-01-27", "2023-05-02", "2023-05-03", "2023-09-04"]);
    expect(days(2023)).toContain("2023-09-01");
  });

  it("picks the day next to 2/9 that joins a weekend, or as configured", () => {
    expect(days(2024)).toContain("2024-09-03"); // Mon 2/9 → Tue 3/9
    expect(days(2021)).toContain("2021-09-03"); // Thu → Fri
    expect(days(2022)).toContain("2022-09-01"); // Fri → Thu
    expect(days(2026, { nationalDayExtra: "after" })).toContain("2026-09-03");
    expect(days(2026, { nationalDayExtra: "after" })).not.toContain("2026-09-01");
  });

  it("takes options: Tết length, no compensation, extra fixed holidays", () => {
    const tet = (o: object) =>
      holidaysOf(2026, o)
        .filter((h) => h.reason === "Tết Nguyên đán")
        .map((h) => h.day);
    expect(tet({ tetDaysBefore: 2, tetDaysAfter: 3 })).toEqual([
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
    ]);
    expect(holidaysOf(2022, { compensate: false }).some((h) => h.compensation)).toBe(false);
    const culture = { month: 11, day: 24, reason: "Ngày Văn hóa Việt Nam", fromYear: 2026 };
    expect(days(2026, { extraFixed: [culture] })).toContain("2026-11-24");
    expect(days(2025, { extraFixed: [culture] })).not.toContain("2025-11-24");
    // 24/11/2029 is a Saturday: compensated on Monday 26/11
    expect(holidaysOf(2029, { extraFixed: [culture] })).toContainEqual({
      day: "2029-11-26",
      reason: "Nghỉ bù Ngày Văn hóa Việt Nam",
      compensation: true,
    });
  });
});
