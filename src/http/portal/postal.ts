/**
 * The applicant chooses the public postal service for a dossier (issue #7): the page
 * `/ho-so-cua-toi/:id/buu-chinh` (the choice with the address → the postal service's quote → confirm), and the same
 * as JSON under `/api/dossiers/:id/postal`. Both read the choice with the same e-form (POSTAL_FORM) and answer 404
 * for another applicant's dossier.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { getMyDossier } from "../../app/citizen-dossiers.js";
import type { Deps } from "../../app/deps.js";
import { AppError } from "../../app/errors.js";
import {
  checkPostalChoice,
  choosePostal,
  dossierPostal,
  choiceValues,
  myPostal,
  postalOf,
  quoteChoice,
} from "../../app/postal/service.js";
import { POSTAL_EVENT_NAMES, POSTAL_FORM } from "../../domain/postal.js";
import { formEntriesToData, prefillFromAccount } from "../../shared/eform-validate.js";
import { type Lang, pick } from "../../shared/text.js";
import { type Html, html } from "../../web/html.js";
import {
  POSTAL_PAGE_TEXT,
  type PostalPageInput,
  renderPostalPage,
  renderPostalQuote,
  renderShipments,
} from "../../web/portal/postal.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import { readFormBody } from "../form-body.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { send } from "./dossier-actions.js";

const Params = Type.Object({ id: Type.String({ format: "uuid" }) });
const errors = { 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody };
const Choice = Type.Object(
  {
    postal: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), {
      maxProperties: 20,
      description:
        "collect, deliver (booleans), name, phone, street, province (code), commune (code), service (EMS | BUU_KIEN)",
    }),
  },
  { description: "The postal choice, checked with the page's own e-form" },
);
const Leg = Type.Union([Type.Object({ fee: Type.Integer(), estimatedDays: Type.Integer() }), Type.Null()]);
const QuoteBody = Type.Object({ collect: Leg, deliver: Leg, total: Type.Integer() });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const PostalBody = Type.Object({
  dossierId: Type.String(),
  online: Type.Boolean({ description: "The postal service is connected" }),
  canChoose: Type.Boolean(),
  canCollect: Type.Boolean(),
  choice: Type.Union([
    Type.Object({
      collect: Type.Boolean(),
      deliver: Type.Boolean(),
      service: Type.String(),
      address: Type.String(),
      collectFee: Type.Union([Type.Integer(), Type.Null()]),
      deliverFee: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  shipments: Type.Array(
    Type.Object({
      kind: Type.String(),
      reference: Type.String(),
      status: Type.String(),
      trackingNumber: Nullable(Type.String()),
      fee: Type.Union([Type.Integer(), Type.Null()]),
      tracking: Type.Array(
        Type.Object({ type: Type.String(), name: Type.String(), at: Type.String(), note: Nullable(Type.String()) }),
      ),
    }),
  ),
});

/** The postal section of the applicant's dossier page: the link to choose the service, and the shipments' tracking. */
export async function postalSection(deps: Deps, dossierId: string, lang: Lang): Promise<Html> {
  const p = await dossierPostal(deps, dossierId);
  if (!postalOf(deps) && !p.shipments.length) return html``;
  const q = lang === "en" ? "?lang=en" : "";
  return html`${
    p.canChoose && postalOf(deps)
      ? html`${p.deliveryToConfirm ? html`<p>${pick(POSTAL_PAGE_TEXT.confirmDelivery, lang)}</p>` : ""}<p class="actions"><a class="button secondary" href="/ho-so-cua-toi/${dossierId}/buu-chinh${q}">${pick(POSTAL_PAGE_TEXT.link, lang)}</a></p>`
      : ""
  }${p.shipments.length ? renderShipments(p.shipments, lang) : ""}`;
}

export const postalPortalRoutes: RouteModule = (app, deps) => {
  const login = (req: FastifyRequest, reply: FastifyReply) =>
    reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);

  const present = async (citizenId: string, id: string, lang: Lang) => {
    const p = await myPostal(deps, citizenId, id);
    return {
      dossierId: id,
      online: !!postalOf(deps),
      canChoose: p.canChoose,
      canCollect: p.canCollect,
      choice: p.choice
        ? {
            collect: p.choice.collect,
            deliver: p.choice.deliver,
            service: p.choice.service,
            address: p.choice.receiver.address,
            collectFee: p.choice.collect_fee,
            deliverFee: p.choice.deliver_fee,
          }
        : null,
      shipments: p.shipments.map((s) => ({
        kind: s.kind,
        reference: s.reference,
        status: s.status,
        trackingNumber: s.tracking_number,
        fee: s.fee,
        tracking: s.tracking.map((e) => ({
          type: e.type,
          name: pick(POSTAL_EVENT_NAMES[e.type] ?? { vi: e.type, en: e.type }, lang),
          at: e.at.toISOString(),
          note: e.note,
        })),
      })),
    };
  };

  // ---- JSON ----
  app.get<{ Params: { id: string } }>(
    "/api/dossiers/:id/postal",
    {
      schema: {
        tags: ["portal"],
        summary: "The public postal service of my dossier: my choice, the shipments and their tracking",
        params: Params,
        response: { 200: PostalBody, ...errors },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      return present(citizen.id, req.params.id, req.lang);
    },
  );

  app.post<{ Params: { id: string }; Body: { postal: Record<string, unknown> } }>(
    "/api/dossiers/:id/postal/quote",
    {
      schema: {
        tags: ["portal"],
        summary: "The postal service's fee quote for a postal choice (nothing is stored)",
        params: Params,
        body: Choice,
        response: { 200: QuoteBody, ...errors },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const choice = checkPostalChoice(req.body, deps.now());
      await myPostal(deps, citizen.id, req.params.id);
      return quoteChoice(deps, choice);
    },
  );

  app.put<{ Params: { id: string }; Body: { postal: Record<string, unknown> } }>(
    "/api/dossiers/:id/postal",
    {
      schema: {
        tags: ["portal"],
        summary: "Choose (or change) the public postal service for my dossier: collection of the papers, delivery",
        description:
          "Quotes the fee with the postal service, stores the choice with the dossier (history event; the return method becomes post for a delivery) and books a collection through the outbox.",
        params: Params,
        body: Choice,
        response: { 200: Type.Object({ quote: QuoteBody, postal: PostalBody }), ...errors },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const r = await choosePostal(deps, citizen, req.params.id, req.body, { ip: req.ip });
      return { quote: r.quote, postal: await present(citizen.id, req.params.id, req.lang) };
    },
  );

  // ---- pages ----
  const pageInput = async (
    citizen: { id: string; name: string; phone: string | null; address: string | null },
    id: string,
    lang: Lang,
  ): Promise<PostalPageInput> => {
    const d = await getMyDossier(deps, citizen.id, id);
    const p = await myPostal(deps, citizen.id, id);
    return {
      lang,
      dossier: { id: d.id, title: d.procedureName, code: d.code, reference: d.reference },
      online: !!postalOf(deps),
      canChoose: p.canChoose,
      values: p.choice
        ? choiceValues(p.choice)
        : {
            postal: {
              ...((prefillFromAccount(POSTAL_FORM, citizen).postal as object) ?? {}),
              deliver: true,
              service: "EMS",
            },
          },
      shipments: p.shipments,
    };
  };
  const title = (lang: Lang) => pick(POSTAL_PAGE_TEXT.title, lang);

  app.get<{ Params: { id: string }; Querystring: { xong?: string } }>(
    "/ho-so-cua-toi/:id/buu-chinh",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const i = await pageInput(citizen, req.params.id, req.lang);
      return send(req, reply, citizen, title(req.lang), renderPostalPage({ ...i, done: req.query.xong === "1" }));
    },
  );

  app.post<{ Params: { id: string } }>(
    "/ho-so-cua-toi/:id/buu-chinh",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const lang = req.lang;
      const body = await readFormBody(req, deps);
      const step = body.fields.find(([k]) => k === "_step")?.[1] ?? "quote";
      const data = formEntriesToData(POSTAL_FORM, body.fields);
      const base = await pageInput(citizen, req.params.id, lang);
      const i: PostalPageInput = { ...base, values: data };
      if (step === "edit") return send(req, reply, citizen, title(lang), renderPostalPage(i));
      try {
        if (step === "confirm") {
          await choosePostal(deps, citizen, req.params.id, data, { ip: req.ip });
          const q = lang === "en" ? "&lang=en" : "";
          return reply.redirect(`/ho-so-cua-toi/${req.params.id}/buu-chinh?xong=1${q}`, 303);
        }
        if (!base.online || !base.canChoose) return send(req, reply, citizen, title(lang), renderPostalPage(i), 409);
        const checked = checkPostalChoice(data, deps.now());
        const quote = await quoteChoice(deps, checked);
        // shown (and carried to the confirmation) as checked: booleans, trimmed values
        return send(
          req,
          reply,
          citizen,
          title(lang),
          renderPostalQuote({ ...i, values: choiceValues(checked), quote }),
        );
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404 || e.status === 401) throw e;
        const errs = e.fields.length
          ? e.fields.map((f) => ({ path: f.path, message: pick(f.text, lang) }))
          : [{ path: "", message: pick(e.text, lang) }];
        return send(req, reply, citizen, title(lang), renderPostalPage({ ...i, errors: errs }), e.status);
      }
    },
  );
};
