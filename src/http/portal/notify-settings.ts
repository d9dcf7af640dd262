/** The citizen's notification channels (issue #9): `/tai-khoan/thong-bao` and `/api/my/notification-settings`. */
import { Type } from "@sinclair/typebox";
import { AppError } from "../../app/errors.js";
import { NotifySettingsInput, notifySettings, saveNotifySettings } from "../../app/notify-settings.js";
import { pick } from "../../shared/text.js";
import { page } from "../../web/layout.js";
import { NOTIFY_SETTINGS_TEXT, renderNotifySettings } from "../../web/portal/notify-settings.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import { readFormBody } from "../form-body.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const Settings = Type.Object({
  channels: Type.Array(Type.Union([Type.Literal("email"), Type.Literal("sms")])),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  smsAvailable: Type.Boolean(),
});
const PAGE = "/tai-khoan/thong-bao";

export const notifySettingsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/my/notification-settings",
    {
      schema: {
        tags: ["portal"],
        summary: "How the logged-in citizen is told of their dossiers' changes (e-mail, SMS)",
        response: { 200: Settings, 401: ErrorBody },
      },
    },
    async (req) => notifySettings(deps, await requireCitizen(req, deps)),
  );

  app.put(
    "/api/my/notification-settings",
    {
      schema: {
        tags: ["portal"],
        summary: "Choose the notification channels (at least one; SMS needs a mobile number on the account)",
        body: NotifySettingsInput,
        response: { 200: Settings, 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => saveNotifySettings(deps, await requireCitizen(req, deps), req.body),
  );

  const send = (
    req: import("fastify").FastifyRequest,
    reply: import("fastify").FastifyReply,
    name: string,
    body: ReturnType<typeof renderNotifySettings>,
    status = 200,
  ) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .send(
        page({
          brand: req.brand,
          title: pick(NOTIFY_SETTINGS_TEXT.title, req.lang),
          lang: req.lang,
          url: req.url,
          body,
          area: "portal",
          user: { name },
        }),
      );

  app.get(PAGE, { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
    const saved = (req.query as { xong?: string }).xong === "1";
    return send(
      req,
      reply,
      citizen.name,
      renderNotifySettings(await notifySettings(deps, citizen), req.lang, { saved }),
    );
  });

  app.post(PAGE, { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
    const body = await readFormBody(req, deps);
    const channels = body.fields.filter(([k]) => k === "channels").map(([, v]) => v);
    try {
      await saveNotifySettings(deps, citizen, { channels });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      const error = pick(channels.length && e.fields[0] ? e.fields[0].text : NO_CHANNEL, req.lang);
      const current = await notifySettings(deps, citizen);
      return send(req, reply, citizen.name, renderNotifySettings(current, req.lang, { error, chosen: channels }), 422);
    }
    return reply.redirect(`${PAGE}?xong=1${req.lang === "en" ? "&lang=en" : ""}`, 303);
  });
};

const NO_CHANNEL = {
  vi: "Chọn ít nhất một cách nhận thông báo.",
  en: "Choose at least one way to be told.",
};
