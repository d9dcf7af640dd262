/**
 * The administrators' working-calendar page (issue #9): `/office/quan-tri/lich` shows a year's days off and working
 * weekend days and records a day's change through the same use case as `PUT /api/admin/calendar/:day`.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Officer } from "../../app/actors.js";
import { calendarDaysOfYear, getCalendar, setCalendarDay } from "../../app/calendar.js";
import { AppError, fill, forbidden } from "../../app/errors.js";
import { vnDay } from "../../domain/calendar/days.js";
import { pick } from "../../shared/text.js";
import { CALENDAR_TEXT, calendarAdminPage } from "../../web/admin/calendar.js";
import { formRecord, readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import type { RouteModule } from "../types.js";
import { one, userOf } from "../office/page-helpers.js";

const HTML = "text/html; charset=utf-8";
const BASE = "/office/quan-tri/lich";

export const adminCalendarRoutes: RouteModule = (app, deps) => {
  const yearOf = (req: FastifyRequest<{ Querystring: Record<string, unknown> }>) => {
    const raw = one(req.query?.year);
    const y = raw && /^\d{4}$/.test(raw) ? Number(raw) : Number(vnDay(deps.now()).slice(0, 4));
    return Math.min(Math.max(y, 2000), 2100);
  };
  const authorise = (o: Officer) => {
    if (!o.roles.includes("admin"))
      throw forbidden("forbidden", {
        vi: "Chỉ quản trị viên được sửa lịch làm việc.",
        en: "Only administrators edit the working calendar.",
      });
  };
  const render = async (
    req: FastifyRequest<{ Querystring: Record<string, unknown> }>,
    reply: FastifyReply,
    officer: Officer,
    extra: {
      status?: number;
      flash?: string;
      values?: Record<string, string | undefined>;
      errors?: { id: string; message: string }[];
    } = {},
  ) => {
    const year = yearOf(req);
    const calendar = await getCalendar(deps);
    return reply
      .code(extra.status ?? 200)
      .type(HTML)
      .send(
        calendarAdminPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          year,
          ...calendar.yearExceptions(year),
          recorded: await calendarDaysOfYear(deps, year),
          values: extra.values,
          errors: extra.errors,
          flash: extra.flash,
        }),
      );
  };

  app.get<{ Querystring: Record<string, unknown> }>(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authorise(officer);
    const saved = one(req.query.saved);
    const flash =
      saved && /^\d{4}-\d{2}-\d{2}$/.test(saved)
        ? pick(fill(CALENDAR_TEXT.saved, { day: saved.split("-").reverse().join("/") }), req.lang)
        : undefined;
    return render(req, reply, officer, { flash });
  });

  app.post<{ Querystring: Record<string, unknown> }>(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authorise(officer);
    const form = formRecord(await readFormBody(req, deps));
    const day = (form.day ?? "").trim();
    const working = form.working === "working" ? true : form.working === "remove" ? null : false;
    try {
      await setCalendarDay(
        deps,
        { id: officer.id, unitId: officer.unitId, ip: req.ip },
        day,
        working,
        form.reason ?? "",
      );
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      const errors = e.fields.map((f) => ({ id: f.path.split(".").pop() ?? "day", message: pick(f.text, req.lang) }));
      return render(req, reply, officer, { status: 422, values: form, errors });
    }
    const q = new URLSearchParams({ year: day.slice(0, 4), saved: day });
    if (req.lang === "en") q.set("lang", "en");
    return reply.redirect(`${BASE}?${q}`, 303);
  });
};
