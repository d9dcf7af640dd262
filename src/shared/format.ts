/** Vietnamese display formats, computed in Vietnam time (UTC+7, no daylight saving). */
const VN_OFFSET_MS = 7 * 3600 * 1000;
const pad = (n: number) => String(n).padStart(2, "0");

/** The wall-clock parts of an instant in Vietnam. */
export function vnParts(d: Date) {
  const v = new Date(d.getTime() + VN_OFFSET_MS);
  return {
    year: v.getUTCFullYear(),
    month: v.getUTCMonth() + 1,
    day: v.getUTCDate(),
    hour: v.getUTCHours(),
    minute: v.getUTCMinutes(),
    second: v.getUTCSeconds(),
    weekday: v.getUTCDay(),
  };
}

/** dd/mm/yyyy */
export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "";
  if (typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d)) {
    const [y, m, day] = d.split("-");
    return `${day}/${m}/${y}`;
  }
  const p = vnParts(new Date(d));
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** hh:mm dd/mm/yyyy (the appointment format of form 01) */
export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return "";
  const p = vnParts(new Date(d));
  return `${pad(p.hour)}:${pad(p.minute)} ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** ISO-8601 with the +07:00 offset, e.g. 2026-03-15T08:00:00+07:00 */
export function toVnIso(d: Date): string {
  const p = vnParts(d);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`;
}

/** 1.500.000 ₫ */
export function formatVnd(amount: number): string {
  return `${Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ".")} ₫`;
}
