import type { Lang, LText } from "../shared/text.js";
import { validatePeriods, type WorkingPeriod } from "./calendar/working-time.js";

/**
 * A unit's reception hours when they differ from the province's working time (issue #9, units): e.g. a one-stop
 * centre open on Saturday mornings, a commune opening at 07:00. Seven days, Monday first, each a list of periods
 * ("HH:MM"–"HH:MM", in order, not overlapping; empty: closed). They tell citizens when the counter is open; legal
 * time limits keep counting the civil servants' working time (domain.md §7).
 */
export type ReceptionHours = WorkingPeriod[][];

export const DAY_NAMES: Record<Lang, string[]> = {
  vi: ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

const notAClock = (part: string): LText => ({
  vi: `«${part}» không có dạng GG:PP-GG:PP (ví dụ 07:30-11:30)`,
  en: `«${part}» is not HH:MM-HH:MM (e.g. 07:30-11:30)`,
});

/** "07:30-11:30, 13:00-17:00" (also with "–" or "h") → periods, "" → closed; or the problem. */
export function parseDayPeriods(text: string): WorkingPeriod[] | { problem: LText } {
  const t = text.trim();
  if (!t) return [];
  const periods: WorkingPeriod[] = [];
  for (const raw of t.split(/[,;]/)) {
    const part = raw.trim();
    const m = /^(\d{1,2})[:h](\d{2})\s*[-–—]\s*(\d{1,2})[:h](\d{2})$/.exec(part);
    if (!m) return { problem: notAClock(part) };
    periods.push({ start: `${m[1]!.padStart(2, "0")}:${m[2]}`, end: `${m[3]!.padStart(2, "0")}:${m[4]}` });
  }
  const problem = dayProblem(periods);
  return problem ? { problem } : periods;
}

function dayProblem(periods: WorkingPeriod[]): LText | undefined {
  if (!periods.length) return undefined;
  for (const p of periods) if (!CLOCK.test(p.start) || !CLOCK.test(p.end)) return notAClock(`${p.start}-${p.end}`);
  try {
    validatePeriods(periods);
  } catch {
    return {
      vi: "các khoảng giờ phải theo thứ tự, bắt đầu trước khi kết thúc và không chồng nhau",
      en: "periods must be in order, each starting before it ends, without overlapping",
    };
  }
  return undefined;
}

/** Checks a whole week; returns the first wrong day with its problem, or undefined. */
export function receptionHoursProblem(h: ReceptionHours): { day: number; problem: LText } | undefined {
  if (h.every((d) => d.length === 0))
    return {
      day: 0,
      problem: {
        vi: "đơn vị phải tiếp nhận ít nhất một ngày trong tuần",
        en: "the unit must receive on at least one day",
      },
    };
  for (let i = 0; i < h.length; i++) {
    const problem = dayProblem(h[i]!);
    if (problem) return { day: i, problem };
  }
  return undefined;
}

export const periodsText = (d: WorkingPeriod[]) => d.map((p) => `${p.start}–${p.end}`).join(", ");

/** "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00; Thứ Bảy: 07:30–11:30" (closed days left out). */
export function formatReceptionHours(h: ReceptionHours, lang: Lang): string {
  const names = DAY_NAMES[lang];
  const out: string[] = [];
  let i = 0;
  while (i < 7) {
    const text = periodsText(h[i] ?? []);
    let j = i;
    while (j + 1 < 7 && periodsText(h[j + 1] ?? []) === text) j++;
    if (text) out.push(`${i === j ? names[i] : `${names[i]} – ${names[j]}`}: ${text}`);
    i = j + 1;
  }
  return out.join("; ");
}
