import { type Lang, type LText, pick } from "./text.js";

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

const MIME_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/tiff": "TIFF",
  "image/webp": "WEBP",
  "application/zip": "ZIP",
  "application/x-msdownload": "EXE",
  "application/x-ms-exe": "EXE",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "application/msword": "DOC",
  "application/x-cfb": "DOC/XLS",
};

export function mimeName(mime: string): string {
  return MIME_NAMES[mime] ?? mime.split("/").pop()!.toUpperCase();
}

/** "PDF, JPEG hoặc PNG" */
export function acceptList(accept: string[], lang: Lang): string {
  return pick(acceptText(accept), lang);
}

/** "PDF, JPEG hoặc PNG" / "PDF, JPEG or PNG" */
export function acceptText(accept: string[]): LText {
  const names = [...new Set(accept.map(mimeName))];
  if (names.length <= 1) return { vi: names.join(""), en: names.join("") };
  const head = names.slice(0, -1).join(", ");
  const last = names[names.length - 1];
  return { vi: `${head} hoặc ${last}`, en: `${head} or ${last}` };
}

/** 10485760 → "10 MB" (vi uses a decimal comma). */
export function formatBytes(n: number, lang: Lang = "vi"): string {
  const fmt = (x: number) => {
    const s = x.toFixed(1).replace(/\.0$/, "");
    return lang === "vi" ? s.replace(".", ",") : s;
  };
  if (n >= 1024 * 1024) return `${fmt(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${fmt(n / 1024)} KB`;
  return `${n} B`;
}

/** A size in both languages. */
export const formatBytesText = (n: number): LText => ({ vi: formatBytes(n, "vi"), en: formatBytes(n, "en") });
