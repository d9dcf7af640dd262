/**
 * Public calendar API (issue #3): the due instant of a time limit, and a year's days off and working weekend days.
 * Used by the counter (appointment before receiving) and by integrators.
 */
import { Type } from "@sinclair/typebox";
import { getCalendar, ruleSetAt } from "../app/calendar.js";
import { AppError, type FieldError } from "../app/errors.js";
import { dueInstant } from "../domain/calendar/deadline.js";
import { toVnIso } from "../shared/format.js";
import type { LText } from "../shared/text.js";
import type { RouteModule } from "./types.js";
import { ErrorBody } from "./schemas.js";

const MAX_WORKING_DAYS = 1000;
const MAX_WORKING_HOURS = MAX_WORKING_DAYS * 8;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const M = {
  summary: { vi: "Tham số không hợp lệ.", en: "Invalid parameters." },
  fromMissing: {
    vi: "Thiếu tham số from: thời điểm bắt đầu tính (ISO-8601, ví dụ 2026-03-16T08:00:00+07:00).",
    en: "Missing parameter from: the instant counting starts from (ISO-8601, e.g. 2026-03-16T08:00:00+07:00).",
  },
  fromInvalid: {
    vi: "Tham số from không phải thời điểm ISO-8601 hợp lệ (ví dụ 2026-03-16T08:00:00+07:00; không ghi múi giờ thì hiểu là giờ Việt Nam).",
    en: "Parameter from is not a valid ISO-8601 instant (e.g. 2026-03-16T08:00:00+07:00; without an offset it is read as Vietnam time).",
  },
  limitMissing: {
    vi: "Cần một trong hai tham số workingDays (số ngày làm việc) hoặc workingHours (số giờ làm việc).",
    en: "One of the parameters workingDays (working days) or workingHours (working hours) is required.",
  },
  limitBoth: {
    vi: "Chỉ dùng một trong hai tham số workingDays hoặc workingHours, không dùng cả hai.",
    en: "Use either workingDays or workingHours, not both.",
  },
  days: {
    vi: `workingDays phải là một số không âm, tối đa ${MAX_WORKING_DAYS}.`,
    en: `workingDays must be a non-negative number, at most ${MAX_WORKING_DAYS}.`,
  },
  hours: {
    vi: `workingHours phải là một số không âm, tối đa ${MAX_WORKING_HOURS}.`,
    en: `workingHours must be a non-negative number, at most ${MAX_WORKING_HOURS}.`,
  },
  year: {
    vi: `Năm không hợp lệ: cần một số nguyên từ ${MIN_YEAR} đến ${MAX_YEAR}.`,
    en: `Invalid year: a whole number from ${MIN_YEAR} to ${MAX_YEAR} is required.`,
  },
} satisfies Record<string, LText>;

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|z|[+\- ]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO-8601 instant. Without an offset it is Vietnam time. A space before the offset is read as "+"
 * (an unencoded "+07:00" in a query string arrives as " 07:00").
 */
export function parseInstant(text: string): Date | undefined {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 24 || mi > 59 || s > 59 || (h === 24 && (mi > 0 || s > 0))) return undefined;
  const dayCheck = new Date(Date.UTC(y, mo - 1, d));
  if (dayCheck.getUTCMonth() !== mo - 1 || dayCheck.getUTCDate() !== d) return undefined;
  let offsetMin = 7 * 60;
  const zone = m[8];
  if (zone === "Z" || zone === "z") offsetMin = 0;
  else if (zone) {
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return undefined;
    offsetMin = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000);
}

function parseAmount(raw: unknown, max: number): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = String(Array.isArray(raw) ? raw[0] : raw).trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return Number.NaN;
  const n = Number(text);
  return n <= max ? n : Number.NaN;
}

function invalidParams(fields: FieldError[]): AppError {
  return new AppError(422, "invalid_parameters", fields.length === 1 ? fields[0].text : M.summary, fields);
}

/** The due query, checked with precise, localised messages. */
export function parseDueQuery(query: Record<string, unknown>): {
  from: Date;
  unit: "working_days" | "working_hours";
  value: number;
} {
  const errors: FieldError[] = [];
  const rawFrom = query.from;
  let from: Date | undefined;
  if (rawFrom === undefined || rawFrom === null || String(rawFrom).trim() === "")
    errors.push({ path: "querystring.from", text: M.fromMissing });
  else {
    from = parseInstant(String(Array.isArray(rawFrom) ? rawFrom[0] : rawFrom));
    if (!from) errors.push({ path: "querystring.from", text: M.fromInvalid });
  }
  const days = parseAmount(query.workingDays, MAX_WORKING_DAYS);
  const hours = parseAmount(query.workingHours, MAX_WORKING_HOURS);
  if (days !== undefined && hours !== undefined) errors.push({ path: "querystring", text: M.limitBoth });
  else if (days === undefined && hours === undefined) errors.push({ path: "querystring", text: M.limitMissing });
  else if (days !== undefined && Number.isNaN(days)) errors.push({ path: "querystring.workingDays", text: M.days });
  else if (hours !== undefined && Number.isNaN(hours)) errors.push({ path: "querystring.workingHours", text: M.hours });
  if (errors.length > 0 || !from) throw invalidParams(errors);
  return days !== undefined
    ? { from, unit: "working_days", value: days }
    : { from, unit: "working_hours", value: hours as number };
}

const LangQuery = Type.Optional(
  Type.Union([Type.Literal("vi"), Type.Literal("en")], { description: "Language of error messages (default vi)" }),
);

const DueQuery = Type.Object({
  from: Type.String({
    description:
      "Instant counting starts from (usually the receipt), ISO-8601; without an offset it is Vietnam time (UTC+7)",
    examples: ["2026-03-16T08:00:00+07:00"],
  }),
  workingDays: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: MAX_WORKING_DAYS,
      description: "Time limit in working days (1 working day = 8 working hours). Give this or workingHours.",
    }),
  ),
  workingHours: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: MAX_WORKING_HOURS,
      description: "Time limit in working hours. Give this or workingDays.",
    }),
  ),
  lang: LangQuery,
});

const DueResponse = Type.Object({
  due: Type.String({
    description: "Due instant, ISO-8601 in Vietnam time (+07:00)",
    examples: ["2026-03-18T17:00:00+07:00"],
  }),
});

const DayReason = Type.Object({
  day: Type.String({ description: "YYYY-MM-DD", examples: ["2026-02-16"] }),
  reason: Type.String({ examples: ["Tết Nguyên đán"] }),
});

const YearResponse = Type.Object({
  year: Type.Integer(),
  daysOff: Type.Array(DayReason, { description: "Weekdays (Monday–Friday) that are not working days" }),
  workingWeekendDays: Type.Array(DayReason, { description: "Saturdays and Sundays that are working days" }),
});

export const calendarRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/calendar/due",
    {
      attachValidation: true,
      schema: {
        tags: ["calendar"],
        summary: "Due instant of a time limit",
        description:
          "Counts a time limit in working days (N × 8 working hours) or working hours from an instant, over the " +
          "working calendar (Monday–Friday 07:30–11:30, 13:00–17:00 by default; holidays, compensatory days and the " +
          "government's swapped days). An instant outside working hours counts from the start of the next working " +
          "period. With the Civil Code rule set, working days are counted from the next day to the end of the last day.",
        querystring: DueQuery,
        response: { 200: DueResponse, 422: ErrorBody },
      },
    },
    async (req) => {
      const q = parseDueQuery(req.query as Record<string, unknown>);
      const [calendar, { rules }] = await Promise.all([getCalendar(deps), ruleSetAt(deps, q.from)]);
      const due = dueInstant(calendar, q.from, { unit: q.unit, value: q.value }, rules);
      return { due: toVnIso(due) };
    },
  );

  app.get(
    "/api/calendar/:year",
    {
      attachValidation: true,
      schema: {
        tags: ["calendar"],
        summary: "Days off and working weekend days of a year",
        description:
          "Weekdays that are not working days (holidays, compensatory days, swapped days) and Saturdays/Sundays " +
          "that are working days, with their reasons, as the calendar in force says (government notices and " +
          "administrators' edits over the rule-computed holidays).",
        params: Type.Object({
          year: Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR, examples: [2026] }),
        }),
        querystring: Type.Object({ lang: LangQuery }),
        response: { 200: YearResponse, 422: ErrorBody },
      },
    },
    async (req) => {
      const raw = String((req.params as { year: unknown }).year);
      const year = Number(raw);
      if (!/^\d{4}$/.test(raw) || year < MIN_YEAR || year > MAX_YEAR)
        throw invalidParams([{ path: "params.year", text: M.year }]);
      const calendar = await getCalendar(deps);
      return { year, ...calendar.yearExceptions(year) };
    },
  );
};
