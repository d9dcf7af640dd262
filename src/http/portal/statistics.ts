/**
 * Public statistics (Circular 32/2017; issue #8): the page /thong-ke for everyone (no login, no JavaScript) and the
 * same figures as JSON at /api/statistics. Both read src/app/public-statistics.ts (the daily roll-ups).
 */
import { Type } from "@sinclair/typebox";
import { type PublicStatistics, PublicStatisticsQuery, publicStatistics } from "../../app/public-statistics.js";
import { vnDay } from "../../domain/calendar/days.js";
import type { Lang } from "../../shared/text.js";
import type { Html } from "../../web/html.js";
import { page } from "../../web/layout.js";
import { renderPublicStatistics, type ServiceView, statisticsTitle } from "../../web/portal/statistics.js";
import { currentCitizen } from "../citizen-auth.js";
import { KeptText, keptJson, keptPer } from "../kept-text.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const RatioSchema = Type.Object({
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  value: Type.Union([Type.Number(), Type.Null()], {
    description: "numerator / denominator; null when nothing to measure",
  }),
});
const Figures = Type.Object({
  received: Type.Integer(),
  receivedOnline: Type.Integer({ description: "Received through the province's portal or the national portal" }),
  resolved: Type.Integer(),
  resolvedOnline: Type.Integer(),
  resolvedOnTime: Type.Integer({ description: "Resolved early or on time" }),
  onTimeRate: RatioSchema,
  ratings: Type.Object({ verySatisfied: Type.Integer(), satisfied: Type.Integer(), unsatisfied: Type.Integer() }),
  satisfaction: RatioSchema,
});
const Named = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), figures: Figures });
const PublicStatisticsResponse = Type.Object({
  period: Type.Object({
    kind: Type.String(),
    year: Type.Integer(),
    index: Type.Integer(),
    from: Type.String({ description: "First day (YYYY-MM-DD)" }),
    to: Type.String({ description: "The day after the period" }),
    label: Type.Object({ vi: Type.String(), en: Type.String() }),
  }),
  through: Type.String({ description: "The last day the figures cover" }),
  asOf: Type.String({
    format: "date-time",
    description:
      "When the figures were read: they are kept for up to a minute (a change dated in a past month shows at once)",
  }),
  total: Figures,
  months: Type.Array(Type.Object({ month: Type.String({ description: "YYYY-MM" }), figures: Figures })),
  units: Type.Array(Named),
  procedures: Type.Array(Named),
});

/** What was made of one computation of the statistics (src/app/public-statistics.ts keeps it while it holds). */
const bodies = keptPer<PublicStatistics, Html>(200);
const texts = keptPer<PublicStatistics, KeptText>(200);

function rendered(s: PublicStatistics, lang: Lang, years: number[], period: string, view: ServiceView): Html {
  return bodies(s, `${lang}|${years.join(",")}|${period}|${view.page}|${view.q}`, () =>
    renderPublicStatistics(s, lang, years, period, view),
  );
}

export const publicStatisticsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/statistics",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Public statistics (Circular 32/2017): received, resolved, on time and satisfaction",
        description:
          "For the province, each month, each receiving unit and each service (procedure), from 1 January of the year " +
          "(or a quarter or month). No login. Read from the statistics roll-ups kept from the dossiers' history.",
        querystring: PublicStatisticsQuery,
        response: { 200: PublicStatisticsResponse, 422: ErrorBody },
      },
    },
    async (req, reply) => {
      // the same figures (same object): the same JSON, serialised and compressed once (a province's year is about
      // a megabyte); the schema documents the shape
      const s = await publicStatistics(deps, req.query);
      return keptJson(s).send(req, reply);
    },
  );

  app.get<{ Querystring: Record<string, string> }>("/thong-ke", { schema: { hide: true } }, async (req, reply) => {
    const query: Record<string, unknown> = {};
    if (req.query.year) query.year = req.query.year;
    if (req.query.period) query.period = req.query.period;
    const s = await publicStatistics(deps, query);
    const lang = req.lang;
    const thisYear = Number(vnDay(deps.now()).slice(0, 4));
    const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
    if (!years.includes(s.period.year)) years.push(s.period.year);
    const whole = (user: { name: string } | null) =>
      page({
        brand: req.brand,
        title: statisticsTitle(s, lang),
        description:
          lang === "vi"
            ? "Số hồ sơ tiếp nhận, giải quyết, tỷ lệ đúng hạn và mức độ hài lòng theo từng cơ quan và dịch vụ công."
            : "Dossiers received and resolved, the share on time and satisfaction, by agency and by service.",
        lang,
        url: req.url,
        area: "portal",
        user,
        body: rendered(s, lang, years, String(query.period ?? "year"), {
          q: String(req.query.dv ?? "").slice(0, 100),
          page: Math.min(Number.parseInt(String(req.query.trang ?? "1"), 10) || 1, 10_000),
        }),
      });
    const citizen = await currentCitizen(req, deps);
    if (citizen) return reply.type("text/html; charset=utf-8").send(whole({ name: citizen.name }));
    // Visitors who are not logged in (almost all) get the whole page kept with the figures it shows, compressed
    // once (the shell's branding, like the figures' names, may lag a change by up to the figures' minute).
    return texts(s, `page|${lang}|${req.url}`, () => new KeptText(whole(null), "text/html; charset=utf-8")).send(
      req,
      reply,
    );
  });
};
