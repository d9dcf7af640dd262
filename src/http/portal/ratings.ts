/**
 * Ratings of finished dossiers (issue #8): the API for "my dossiers" (`/api/my/dossiers/:id/rating`), the link from the
 * closing e-mail (`/api/ratings/:token`, no login), and the HTML pages that post the same form: `/ho-so-cua-toi/:id/
 * danh-gia`, `/danh-gia/:token` and the counter kiosk `/office/kiosk/danh-gia`. The use case authorises.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../../app/deps.js";
import { AppError } from "../../app/errors.js";
import { getRating, type Rater, RatingInput, type RatingView, rateDossier } from "../../app/ratings.js";
import { pick } from "../../shared/text.js";
import { page } from "../../web/layout.js";
import type { Html } from "../../web/html.js";
import { RATING_TEXT, type RatingFormOptions, renderRatingForm } from "../../web/portal/rating.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import { officerForPage } from "../office/auth.js";
import { formRecord, readFormBody } from "../form-body.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const Level = Type.Union([Type.Literal("very_satisfied"), Type.Literal("satisfied"), Type.Literal("unsatisfied")]);
const LevelOrNull = Type.Union([Level, Type.Null()]);
const RatingSchema = Type.Object({
  dossierId: Type.String(),
  overall: Level,
  ease: LevelOrNull,
  onTime: LevelOrNull,
  attitude: LevelOrNull,
  reason: Type.Union([Type.String(), Type.Null()]),
  via: Type.Union([
    Type.Literal("portal"),
    Type.Literal("link"),
    Type.Literal("kiosk"),
    Type.Literal("national_portal"),
  ]),
  firstRatedAt: Type.String(),
  ratedAt: Type.String(),
  changeableUntil: Type.String(),
});

const errors = { 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody, 422: ErrorBody };

/** An HTML form's fields as the use case's input: empty optional levels are left out. */
async function formInput(req: FastifyRequest, deps: Deps): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(formRecord(await readFormBody(req, deps))).filter(([, v]) => v !== ""));
}

async function sendForm(
  req: FastifyRequest,
  reply: FastifyReply,
  o: Omit<RatingFormOptions, "lang">,
  area: "portal" | "office",
  user: { name: string } | null,
  status = 200,
) {
  const body: Html = renderRatingForm({ ...o, lang: req.lang });
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(
      page({
        brand: req.brand,
        title: pick(RATING_TEXT.title, req.lang),
        lang: req.lang,
        url: req.url,
        body,
        area,
        user,
      }),
    );
}

/** Runs the use case for a posted form; re-renders with the errors (same status as the API) or "thank you". */
async function postForm(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  rater: Rater,
  ref: string | undefined,
  o: Omit<RatingFormOptions, "lang" | "values" | "errors" | "current" | "done">,
  area: "portal" | "office",
  user: { name: string } | null,
) {
  const values = await formInput(req, deps);
  try {
    const current = await rateDossier(deps, rater, ref ?? values.code, values, { ip: req.ip });
    return sendForm(req, reply, { ...o, current, done: true, values: o.askCode ? {} : values }, area, user);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const errs = e.fields.length ? e.fields : [{ path: o.askCode ? "code" : "overall", text: e.text }];
    return sendForm(req, reply, { ...o, values, errors: errs }, area, user, e.status);
  }
}

export const ratingRoutes: RouteModule = (app, deps) => {
  // --- API ---
  app.get<{ Params: { id: string } }>(
    "/api/my/dossiers/:id/rating",
    {
      schema: {
        tags: ["portal"],
        summary: "The rating of one of my finished dossiers (null when not rated)",
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Union([RatingSchema, Type.Null()]), ...errors },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      return getRating(deps, { via: "portal", citizen }, req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: RatingInput }>(
    "/api/my/dossiers/:id/rating",
    {
      schema: {
        tags: ["portal"],
        summary: "Rate one of my finished dossiers (or change the rating within the window)",
        params: Type.Object({ id: Type.String() }),
        body: RatingInput,
        response: { 200: RatingSchema, ...errors },
      },
    },
    async (req): Promise<RatingView> => {
      const citizen = await requireCitizen(req, deps);
      return rateDossier(deps, { via: "portal", citizen }, req.params.id, req.body, { ip: req.ip });
    },
  );

  app.post<{ Params: { token: string }; Body: RatingInput }>(
    "/api/ratings/:token",
    {
      schema: {
        tags: ["portal"],
        summary: "Rate a dossier with the single-use link from the closing e-mail (no login)",
        params: Type.Object({ token: Type.String({ maxLength: 200 }) }),
        body: RatingInput,
        response: { 200: RatingSchema, ...errors },
      },
    },
    async (req): Promise<RatingView> =>
      rateDossier(deps, { via: "link", token: req.params.token }, undefined, req.body, { ip: req.ip }),
  );

  // --- pages: my dossiers ---
  app.get<{ Params: { id: string } }>("/ho-so-cua-toi/:id/danh-gia", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
    const current = await getRating(deps, { via: "portal", citizen }, req.params.id);
    return sendForm(req, reply, { action: `/ho-so-cua-toi/${req.params.id}/danh-gia`, current }, "portal", citizen);
  });
  app.post<{ Params: { id: string } }>(
    "/ho-so-cua-toi/:id/danh-gia",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
      return postForm(
        deps,
        req,
        reply,
        { via: "portal", citizen },
        req.params.id,
        { action: `/ho-so-cua-toi/${req.params.id}/danh-gia` },
        "portal",
        citizen,
      );
    },
  );

  // --- pages: the link from the closing e-mail ---
  app.get<{ Params: { token: string } }>("/danh-gia/:token", { schema: { hide: true } }, async (req, reply) => {
    const current = await getRating(deps, { via: "link", token: req.params.token });
    return sendForm(
      req,
      reply,
      { action: `/danh-gia/${encodeURIComponent(req.params.token)}`, current },
      "portal",
      null,
    );
  });
  app.post<{ Params: { token: string } }>("/danh-gia/:token", { schema: { hide: true } }, async (req, reply) =>
    postForm(
      deps,
      req,
      reply,
      { via: "link", token: req.params.token },
      undefined,
      { action: `/danh-gia/${encodeURIComponent(req.params.token)}` },
      "portal",
      null,
    ),
  );

  // --- pages: the counter kiosk (a receiving officer's device) ---
  app.get("/office/kiosk/danh-gia", { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    if (!officer.roles.includes("receiving"))
      throw new AppError(403, "receiving_officer_only", {
        vi: "Chỉ cán bộ tiếp nhận và trả kết quả được mở trang đánh giá tại quầy.",
        en: "Only a receiving officer may open the counter rating page.",
      });
    return sendForm(req, reply, { action: "/office/kiosk/danh-gia", askCode: true }, "office", officer);
  });
  app.post("/office/kiosk/danh-gia", { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    return postForm(
      deps,
      req,
      reply,
      { via: "kiosk", officer },
      undefined,
      { action: "/office/kiosk/danh-gia", askCode: true },
      "office",
      officer,
    );
  });
};
