import type { Kysely } from "kysely";

/**
 * The government's notices on days off and swapped working days for 2025 and 2026, as `calendar_days` rows
 * (source 'notice'). They override the holidays computed by rule (src/domain/calendar/holidays.ts); administrators
 * edit them afterwards (src/app/calendar.ts setCalendarDay). Inserted with "on conflict do nothing", so a day an
 * administrator has already set is kept.
 *
 * Rows that only restate the computed default are kept as well: they document the notice and keep the year's
 * calendar right if the holiday options change. Each row says whether it comes from a notice or is the default.
 * This file is a snapshot: later years go into a new migration.
 */
export const NOTICE_DAYS: { day: string; working: boolean; reason: string }[] = [
  // ---- 2025 ----
  // Tết Dương lịch: Wed 01/01 (Labour Code; same as the computed default).
  { day: "2025-01-01", working: false, reason: "Tết Dương lịch" },
  // Tết Ất Tỵ (mùng 1 = Wed 29/01/2025): the Ministry of Home Affairs' notice gives Sat 25/01–Sun 02/02/2025 off,
  // i.e. the weekdays Mon 27/01–Fri 31/01. The computed default would be Tue 28/01–Sat 01/02 with a compensatory
  // Mon 03/02; the notice moved that day to Mon 27/01, so 03/02 is recorded as a working day.
  { day: "2025-01-27", working: false, reason: "Tết Nguyên đán" },
  { day: "2025-01-28", working: false, reason: "Tết Nguyên đán" },
  { day: "2025-01-29", working: false, reason: "Tết Nguyên đán" },
  { day: "2025-01-30", working: false, reason: "Tết Nguyên đán" },
  { day: "2025-01-31", working: false, reason: "Tết Nguyên đán" },
  {
    day: "2025-02-03",
    working: true,
    reason: "Làm việc bình thường (ngày nghỉ bù Tết Nguyên đán đã bố trí vào Thứ Hai 27/01/2025)",
  },
  // Giỗ Tổ Hùng Vương 10/3 Ất Tỵ = Mon 07/04/2025 (computed default, as published).
  { day: "2025-04-07", working: false, reason: "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
  // 30/4 (Wed) and 1/5 (Thu); the Prime Minister approved swapping Fri 02/05 with Sat 26/04/2025 (5 days off, 30/4–4/5).
  { day: "2025-04-26", working: true, reason: "Làm bù cho Thứ Sáu 02/05/2025 (hoán đổi ngày làm việc dịp 30/4–1/5)" },
  { day: "2025-04-30", working: false, reason: "Ngày Chiến thắng (30/4)" },
  { day: "2025-05-01", working: false, reason: "Ngày Quốc tế Lao động (1/5)" },
  { day: "2025-05-02", working: false, reason: "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù Thứ Bảy 26/04/2025)" },
  // Quốc khánh: Tue 02/09 and the adjacent Mon 01/09/2025 (notice; same as the computed default).
  { day: "2025-09-01", working: false, reason: "Quốc khánh (ngày liền kề 2/9)" },
  { day: "2025-09-02", working: false, reason: "Quốc khánh (2/9)" },

  // ---- 2026 ----
  // Tết Dương lịch: Thu 01/01/2026; the Deputy Prime Minister approved (Văn phòng Chính phủ, 25/12/2025) swapping
  // Fri 02/01 with Sat 10/01/2026, so 01–04/01 are off and Saturday 10/01 is a working day.
  { day: "2026-01-01", working: false, reason: "Tết Dương lịch" },
  { day: "2026-01-02", working: false, reason: "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù Thứ Bảy 10/01/2026)" },
  {
    day: "2026-01-10",
    working: true,
    reason: "Làm bù cho Thứ Sáu 02/01/2026 (hoán đổi ngày làm việc dịp Tết Dương lịch)",
  },
  // Tết Bính Ngọ (mùng 1 = Tue 17/02/2026): the Prime Minister approved (October 2025) Sat 14/02–Sun 22/02/2026 off,
  // i.e. Mon 16/02 (29 tháng Chạp, the last day of Ất Tỵ) to Fri 20/02 (mùng 4) — also the computed default.
  { day: "2026-02-16", working: false, reason: "Tết Nguyên đán" },
  { day: "2026-02-17", working: false, reason: "Tết Nguyên đán" },
  { day: "2026-02-18", working: false, reason: "Tết Nguyên đán" },
  { day: "2026-02-19", working: false, reason: "Tết Nguyên đán" },
  { day: "2026-02-20", working: false, reason: "Tết Nguyên đán" },
  // Giỗ Tổ Hùng Vương 10/3 Bính Ngọ = Sun 26/04/2026, compensated on Mon 27/04 (computed default; the Ministry of
  // Home Affairs' 2026 plan states the same).
  { day: "2026-04-27", working: false, reason: "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật 26/04/2026)" },
  // 30/4 (Thu) and 1/5 (Fri): statutory days, no swap (computed default; the 2026 plan keeps them as the law says).
  { day: "2026-04-30", working: false, reason: "Ngày Chiến thắng (30/4)" },
  { day: "2026-05-01", working: false, reason: "Ngày Quốc tế Lao động (1/5)" },
  // Quốc khánh: Wed 02/09 and the adjacent Tue 01/09/2026, with Mon 31/08 swapped for Sat 22/08/2026 (the Prime
  // Minister's approval of October 2025: Sat 29/08–Wed 02/09 off).
  { day: "2026-08-22", working: true, reason: "Làm bù cho Thứ Hai 31/08/2026 (hoán đổi ngày làm việc dịp Quốc khánh)" },
  { day: "2026-08-31", working: false, reason: "Nghỉ hoán đổi dịp Quốc khánh (làm bù Thứ Bảy 22/08/2026)" },
  { day: "2026-09-01", working: false, reason: "Quốc khánh (ngày liền kề 2/9)" },
  { day: "2026-09-02", working: false, reason: "Quốc khánh (2/9)" },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("calendar_days")
    .values(NOTICE_DAYS.map((d) => ({ ...d, source: "notice" })))
    .onConflict((oc) => oc.column("day").doNothing())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db
    .deleteFrom("calendar_days")
    .where("source", "=", "notice")
    .where(
      "day",
      "in",
      NOTICE_DAYS.map((d) => d.day),
    )
    .execute();
}
