import { describe, expect, it } from "vitest";
import { addDays, dayString } from "../../src/domain/calendar/days.js";
import {
  fromJulianDay,
  julianDay,
  leapMonthOf,
  lunarNewYear,
  lunarToSolar,
  solarToLunar,
} from "../../src/domain/calendar/lunar.js";

const iso = (d: { year: number; month: number; day: number } | undefined) =>
  d ? dayString(d.year, d.month, d.day) : undefined;

describe("Vietnamese lunar calendar (UTC+7)", () => {
  it("puts Tết on the known Vietnamese dates", () => {
    expect(iso(lunarNewYear(2024))).toBe("2024-02-10");
    expect(iso(lunarNewYear(2025))).toBe("2025-01-29");
    expect(iso(lunarNewYear(2026))).toBe("2026-02-17");
    expect(iso(lunarNewYear(2027))).toBe("2027-02-06");
    expect(iso(lunarNewYear(2023))).toBe("2023-01-22");
  });

  it("uses UTC+7, not the Chinese UTC+8: the years where the two calendars differ", () => {
    expect(iso(lunarNewYear(1985))).toBe("1985-01-21");
    expect(iso(lunarNewYear(1985, 8))).toBe("1985-02-20");
    expect(iso(lunarNewYear(2007))).toBe("2007-02-17");
    expect(iso(lunarNewYear(2007, 8))).toBe("2007-02-18");
    // the same instant read in both zones: 17/02/2007 is mùng 1 in Vietnam, the last day of the year in China
    expect(solarToLunar(2007, 2, 17)).toEqual({ year: 2007, month: 1, day: 1, leap: false });
    expect(solarToLunar(2007, 2, 17, 8)).toMatchObject({ year: 2006, month: 12, day: 30 });
  });

  it("converts solar to lunar dates", () => {
    expect(solarToLunar(2026, 2, 16)).toEqual({ year: 2025, month: 12, day: 29, leap: false }); // last day of Ất Tỵ
    expect(solarToLunar(2026, 2, 14)).toEqual({ year: 2025, month: 12, day: 27, leap: false }); // 27 tháng Chạp
    expect(solarToLunar(2026, 2, 22)).toEqual({ year: 2026, month: 1, day: 6, leap: false }); // mùng 6
    expect(solarToLunar(2025, 10, 6)).toEqual({ year: 2025, month: 8, day: 15, leap: false }); // Tết Trung thu
    expect(solarToLunar(2025, 1, 28)).toEqual({ year: 2024, month: 12, day: 29, leap: false });
  });

  it("knows leap months", () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(iso(lunarToSolar(2020, 4, 1, true))).toBe("2020-05-23");
    expect(leapMonthOf(2023)).toBe(2);
    expect(solarToLunar(2023, 3, 22)).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar(2023, 4, 20)).toEqual({ year: 2023, month: 3, day: 1, leap: false });
    expect(leapMonthOf(2025)).toBe(6);
    expect(solarToLunar(2025, 7, 25)).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(leapMonthOf(2024)).toBeUndefined();
    expect(leapMonthOf(2026)).toBeUndefined();
  });

  it("converts lunar to solar dates (Giỗ Tổ Hùng Vương, 10/3)", () => {
    expect(iso(lunarToSolar(2024, 3, 10))).toBe("2024-04-18");
    expect(iso(lunarToSolar(2025, 3, 10))).toBe("2025-04-07");
    expect(iso(lunarToSolar(2026, 3, 10))).toBe("2026-04-26");
    // 2023 has a leap 2nd month, so 10/3 comes a month later than usual
    expect(iso(lunarToSolar(2023, 3, 10))).toBe("2023-04-29");
  });

  it("refuses lunar dates that do not exist", () => {
    expect(lunarToSolar(2024, 4, 1, true)).toBeUndefined(); // 2024 has no leap month
    expect(lunarToSolar(2025, 5, 1, true)).toBeUndefined(); // 2025's leap month is the 6th
    expect(lunarToSolar(2025, 12, 30)).toBeUndefined(); // tháng Chạp Ất Tỵ has 29 days
    expect(iso(lunarToSolar(2025, 12, 29))).toBe("2026-02-16");
    expect(lunarToSolar(2025, 13, 1)).toBeUndefined();
    expect(lunarToSolar(2025, 1, 0)).toBeUndefined();
  });

  it("round-trips every day from 2000 to 2040", () => {
    let day = "2000-01-01";
    let previous = solarToLunar(1999, 12, 31);
    let failures = 0;
    while (day < "2041-01-01") {
      const [y, m, d] = day.split("-").map(Number);
      const l = solarToLunar(y, m, d);
      if (iso(lunarToSolar(l.year, l.month, l.day, l.leap)) !== day) failures++;
      // consecutive days: the lunar day goes up by one or a new month starts on day 1
      if (!(l.day === previous.day + 1 || (l.day === 1 && previous.day >= 29))) failures++;
      previous = l;
      day = addDays(day, 1);
    }
    expect(failures).toBe(0);
  });

  it("converts Julian day numbers both ways", () => {
    expect(julianDay(1, 1, 2000)).toBe(2451545);
    expect(fromJulianDay(2451545)).toEqual({ year: 2000, month: 1, day: 1 });
    expect(fromJulianDay(julianDay(17, 2, 2026))).toEqual({ year: 2026, month: 2, day: 17 });
  });
});
