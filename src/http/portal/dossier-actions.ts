import type { FastifyReply, FastifyRequest } from "fastify";
import { awaitedSupplement, getMyDossier, type MyDossier } from "../../app/citizen-dossiers.js";
import { AppError } from "../../app/errors.js";
import { citizenSupplement, citizenWithdraw } from "../../app/office/index.js";
import { limitsOf } from "../../app/uploads.js";
import { decideCitizen } from "../../domain/lifecycle.js";
import { type Lang, pick } from "../../shared/text.js";
import type { Html } from "../../web/html.js";
import { page } from "../../web/layout.js";
import {
  type ActionFieldError,
  dossierActionText as T,
  renderSupplementPage,
  renderWithdrawPage,
  SUPPLEMENT_FILES,
  supplementInputId,
  WITHDRAW_CONFIRM,
} from "../../web/portal/dossier-actions.js";
import { type Citizen, currentCitizen } from "../citizen-auth.js";
import { formRecord, readFormBody } from "../form-body.js";
import type { RouteModule } from "../types.js";

/**
 * The portal pages of the applicant's own actions on a dossier (issue #10 item 16): "Bổ sung hồ sơ" (add the papers
 * the office asked for) at /ho-so-cua-toi/:id/bo-sung and "Rút hồ sơ" (withdraw) at /ho-so-cua-toi/:id/rut-ho-so.
 * They call the same use cases as POST /api/dossiers/:id/supplement and /withdraw (src/app/office/citizen.ts), so the
 * rules, the authorisation (a dossier that is not the applicant's answers 404) and the history are the API's.
 */

const HTML = "text/html; charset=utf-8";
const withLang = (path: string, lang: Lang) =>
  lang === "en" ? `${path}${path.includes("?") ? "&" : "?"}lang=en` : path;

/** An applicant's own page (private, never cached). */
export function send(
  req: FastifyRequest,
  reply: FastifyReply,
  citizen: Citizen,
  title: string,
  body: Html,
  status = 200,
) {
  return reply
    .code(status)
    .type(HTML)
    .header("cache-control", "private, no-store")
    .send(
      page({
        brand: req.brand,
        title,
        lang: req.lang,
        url: req.url,
        body,
        area: "portal",
        user: { name: citizen.name },
      }),
    );
}

const headingOf = (d: MyDossier) => ({
  id: d.id,
  procedureName: d.procedureName,
  code: d.code,
  reference: d.reference,
});

/** Fields and files of the supplement form; files are stored through the one upload pipeline, per component. */
async function readActionForm(
  req: FastifyRequest,
  citizen: Citizen,
  deps: Parameters<RouteModule>[1],
  d: MyDossier,
): Promise<{
  fields: Record<string, string>;
  files: Array<{ fileId: string; componentCode?: string }>;
  errors: ActionFieldError[];
}> {
  const components = d.components.filter((c) => !c.declaration);
  const componentOf = (field: string) =>
    field.startsWith("upload.") ? components.find((c) => c.code === field.slice(7)) : undefined;
  const form = await readFormBody(req, deps, {
    maxFileBytes: Math.max(deps.config.maxUploadBytes, ...components.map((c) => limitsOf(c).maxBytes)),
    maxFiles: 40,
    files: {
      owner: { kind: "citizen", id: citizen.id },
      limitsFor: (field) => {
        const component = componentOf(field);
        return component || field === "upload._other" ? limitsOf(component) : null;
      },
      pathOf: () => "file",
    },
  });
  const files = form.files.map((f) => {
    const component = componentOf(f.field);
    return { fileId: f.id, ...(component ? { componentCode: component.code } : {}) };
  });
  const errors = form.fileErrors.map((f) => ({
    id: supplementInputId(componentOf(f.field)?.code ?? null),
    message: pick(f.error.text, req.lang),
  }));
  const fields: Record<string, string> = {};
  for (const [k, v] of form.fields) fields[k] = v;
  return { fields, files, errors };
}

/** Field errors of a refused use case, on the page's fields. */
function fieldErrors(e: AppError, lang: Lang, idOf: (path: string) => string): ActionFieldError[] {
  return e.fields.length
    ? e.fields.map((f) => ({ id: idOf(f.path), message: pick(f.text, lang) }))
    : [{ id: idOf(""), message: pick(e.text, lang) }];
}

export const dossierActionRoutes: RouteModule = (app, deps) => {
  const login = (req: FastifyRequest, reply: FastifyReply) =>
    reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);

  // ---- supplement ----
  app.get<{ Params: { id: string } }>("/ho-so-cua-toi/:id/bo-sung", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return login(req, reply);
    const d = await getMyDossier(deps, citizen.id, req.params.id);
    const request = (await awaitedSupplement(deps, citizen.id, d.id)) ?? null;
    const body = renderSupplementPage({ lang: req.lang, dossier: headingOf(d), request, components: d.components });
    return send(req, reply, citizen, pick(T.supplementTitle, req.lang), body, request ? 200 : 409);
  });

  app.post<{ Params: { id: string } }>("/ho-so-cua-toi/:id/bo-sung", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return login(req, reply);
    const lang = req.lang;
    const d = await getMyDossier(deps, citizen.id, req.params.id);
    const form = await readActionForm(req, citizen, deps, d);
    const note = (form.fields.note ?? "").trim();
    const again = async (errors: ActionFieldError[], status: number) => {
      const request = (await awaitedSupplement(deps, citizen.id, d.id)) ?? null;
      const body = renderSupplementPage({
        lang,
        dossier: headingOf(d),
        request,
        components: d.components,
        note,
        errors: request ? errors : [],
      });
      return send(req, reply, citizen, pick(T.supplementTitle, lang), body, request ? status : 409);
    };
    if (form.errors.length) return again(form.errors, 422);
    try {
      await citizenSupplement(deps, citizen, d.id, { files: form.files, note: note || undefined }, { ip: req.ip });
    } catch (e) {
      if (!(e instanceof AppError) || e.status === 404 || e.status >= 500) throw e;
      return again(
        fieldErrors(e, lang, (p) => (/note/.test(p) ? "supplement-note" : SUPPLEMENT_FILES)),
        e.status,
      );
    }
    return reply.redirect(withLang(`/ho-so-cua-toi/${d.id}?xong=bo-sung`, lang), 303);
  });

  // ---- withdrawal ----
  const refusedStatus = (d: MyDossier, lang: Lang) =>
    decideCitizen("withdraw", { status: d.status as never }).ok ? undefined : pick(d.statusName, lang);

  app.get<{ Params: { id: string } }>(
    "/ho-so-cua-toi/:id/rut-ho-so",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const d = await getMyDossier(deps, citizen.id, req.params.id);
      const refused = refusedStatus(d, req.lang);
      const body = renderWithdrawPage({ lang: req.lang, dossier: headingOf(d), refusedStatus: refused });
      return send(req, reply, citizen, pick(T.withdrawTitle, req.lang), body, refused ? 409 : 200);
    },
  );

  app.post<{ Params: { id: string } }>(
    "/ho-so-cua-toi/:id/rut-ho-so",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return login(req, reply);
      const lang = req.lang;
      const d = await getMyDossier(deps, citizen.id, req.params.id);
      const body = formRecord(await readFormBody(req, deps));
      const reason = (body.reason ?? "").trim();
      const again = (errors: ActionFieldError[], status: number, refused?: string) =>
        send(
          req,
          reply,
          citizen,
          pick(T.withdrawTitle, lang),
          renderWithdrawPage({ lang, dossier: headingOf(d), reason, errors, refusedStatus: refused }),
          status,
        );
      const refused = refusedStatus(d, lang);
      if (refused) return again([], 409, refused);
      const errors: ActionFieldError[] = [];
      if (body.confirm !== "yes") errors.push({ id: WITHDRAW_CONFIRM, message: pick(T.confirmMissing, lang) });
      if (reason.length > 2000)
        errors.push({
          id: "withdraw-reason",
          message: pick({ vi: "Lý do dài quá 2.000 ký tự.", en: "The reason is longer than 2,000 characters." }, lang),
        });
      if (errors.length) return again(errors, 422);
      try {
        await citizenWithdraw(deps, citizen, d.id, { reason: reason || undefined }, { ip: req.ip });
      } catch (e) {
        if (!(e instanceof AppError) || e.status === 404 || e.status >= 500) throw e;
        if (e.status === 409) return again([], 409, pick(d.statusName, lang));
        return again(
          fieldErrors(e, lang, () => "withdraw-reason"),
          e.status,
        );
      }
      return reply.redirect(withLang(`/ho-so-cua-toi/${d.id}?xong=rut-ho-so`, lang), 303);
    },
  );
};
