/** The procedure editor's pages (issue #9): `/office/quan-tri/thu-tuc`, `/office/quan-tri/thu-tuc/:code`. */
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import {
  checkProcedureInput,
  createProcedure,
  editorChoices,
  getProcedure,
  listProcedures,
  newDraft,
  publishVersion,
  saveVersion,
  withdrawProcedure,
} from "../../app/admin/procedures.js";
import type { Officer } from "../../app/actors.js";
import { AppError, type FieldError, fill } from "../../app/errors.js";
import type { CatalogueProcedure } from "../../domain/catalogue-rules.js";
import { formatDateTime } from "../../shared/format.js";
import { type Lang, pick } from "../../shared/text.js";
import {
  BASE,
  emptyProcedure,
  eformPreview,
  NEW,
  PROC_TEXT as T,
  procedureEditPage,
  procedureFromForm,
  proceduresPage,
} from "../../web/admin/procedures.js";
import { formValues, readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import { one, userOf } from "../office/page-helpers.js";
import type { RouteModule } from "../types.js";

const HTML = "text/html; charset=utf-8";
const DONE = ["created", "saved", "drafted", "published", "scheduled", "withdrawn", "checked"] as const;

/** The server's problems as the page lists them: the checker's messages name their field; schema errors get a path. */
const problemLines = (fields: FieldError[], lang: Lang) =>
  fields.map((x) =>
    ["body", "body.eform", "body.process"].includes(x.path)
      ? pick(x.text, lang)
      : `${x.path.replace(/^body\./, "")}: ${pick(x.text, lang)}`,
  );

/** "2026-12-05T08:30" typed in Vietnam time. */
const vnLocal = (s: string | undefined) => {
  if (!s || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return null;
  const d = new Date(`${s}:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
};

export const adminProcedurePageRoutes: RouteModule = (app, deps) => {
  const render = async (
    req: { lang: Lang; url: string },
    officer: Officer,
    code: string | null,
    o: {
      content?: CatalogueProcedure;
      flash?: string;
      problems?: string[];
      errors?: Array<{ id: string; message: string }>;
    },
  ) => {
    const choices = await editorChoices(deps, officer);
    const detail = code ? await getProcedure(deps, officer, code) : null;
    return procedureEditPage({
      lang: req.lang,
      url: req.url,
      user: userOf(officer),
      code,
      content: o.content ?? detail?.content ?? emptyProcedure(),
      versions: detail?.versions ?? [],
      draft: detail?.draft ?? null,
      choices,
      flash: o.flash,
      problems: o.problems,
      errors: o.errors,
    });
  };

  app.get<{ Querystring: Record<string, unknown> }>(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const q = one(req.query.q)?.slice(0, 100);
    return reply.type(HTML).send(
      proceduresPage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        q,
        items: await listProcedures(deps, officer, { q }),
      }),
    );
  });

  app.get<{ Params: { code: string }; Querystring: Record<string, unknown> }>(
    `${BASE}/:code`,
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      authoriseOfficerAdmin(officer);
      const code = req.params.code === NEW ? null : req.params.code.slice(0, 40);
      const done = one(req.query.done);
      const v = one(req.query.v) ?? "";
      const at = one(req.query.at);
      const flash =
        done && (DONE as readonly string[]).includes(done)
          ? pick(
              fill(
                {
                  created: T.created,
                  saved: T.saved,
                  drafted: T.drafted,
                  published: T.didPublish,
                  scheduled: T.didSchedule,
                  withdrawn: T.didWithdraw,
                  checked: T.checked,
                }[done as (typeof DONE)[number]],
                { code: code ?? "", v, at: at ? formatDateTime(new Date(at)) : "" },
              ),
              req.lang,
            )
          : undefined;
      return reply.type(HTML).send(await render(req, officer, code, { flash }));
    },
  );

  // The builder's live preview: the rows read as the save reads them, the e-form rendered by the portal's renderer.
  app.post<{ Params: { code: string } }>(`${BASE}/:code/xem-truoc`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const values = formValues(await readFormBody(req, deps));
    const { eform } = procedureFromForm(values, req.lang).procedure as unknown as CatalogueProcedure;
    try {
      const p = eformPreview(eform, req.lang);
      return { html: String(p.html), config: p.config };
    } catch {
      // a definition the renderer cannot draw: the Preview button and the checker say why
      throw new AppError(422, "preview_failed", {
        vi: "Chưa xem trước được biểu mẫu.",
        en: "The e-form cannot be previewed yet.",
      });
    }
  });

  app.post<{ Params: { code: string } }>(`${BASE}/:code`, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const code = req.params.code === NEW ? null : req.params.code.slice(0, 40);
    const values = formValues(await readFormBody(req, deps));
    const action = typeof values._action === "string" ? values._action : "save";
    const ctx = { ip: req.ip };
    const back = (c: string, done: string, extra: Record<string, string> = {}) => {
      const q = new URLSearchParams({ done, ...extra });
      if (req.lang === "en") q.set("lang", "en");
      return reply.redirect(`${BASE}/${encodeURIComponent(c)}?${q}`, 303);
    };
    try {
      if (code && action === "newDraft") {
        const r = await newDraft(deps, officer, code, ctx);
        return back(code, "drafted", { v: String(r.version) });
      }
      if (code && action === "withdraw") {
        await withdrawProcedure(deps, officer, code, ctx);
        return back(code, "withdrawn");
      }
      const parsed = procedureFromForm(values, req.lang);
      const content = parsed.procedure as unknown as CatalogueProcedure;
      if (parsed.problems.length)
        return reply
          .code(422)
          .type(HTML)
          .send(await render(req, officer, code, { content, errors: parsed.problems }));
      if (action === "preview") {
        const problems = await checkProcedureInput(deps, officer, parsed.procedure);
        return reply
          .code(problems.length ? 422 : 200)
          .type(HTML)
          .send(
            await render(req, officer, code, {
              content,
              problems: problemLines(problems, req.lang),
              flash: problems.length ? undefined : pick(T.checked, req.lang),
            }),
          );
      }
      if (!code) {
        const r = await createProcedure(deps, officer, parsed.procedure, ctx);
        return back(r.code, "created");
      }
      const detail = await getProcedure(deps, officer, code);
      const version = detail.draft?.version ?? detail.versions.find((x) => x.current)?.version ?? 1;
      let at: Date | null = null;
      if (action === "schedule") {
        at = vnLocal(typeof values.publishAt === "string" ? values.publishAt : undefined);
        if (!at)
          return reply
            .code(422)
            .type(HTML)
            .send(
              await render(req, officer, code, {
                content,
                errors: [{ id: "p-publishAt", message: `${pick(T.publishAt, req.lang)}: dd/mm/yyyy hh:mm` }],
              }),
            );
      }
      await saveVersion(deps, officer, code, version, parsed.procedure, ctx);
      if (action === "publish" || action === "schedule") {
        const r = await publishVersion(deps, officer, code, version, { at }, ctx);
        return r.publishAt
          ? back(code, "scheduled", { v: String(version), at: r.publishAt.toISOString() })
          : back(code, "published", { v: String(version) });
      }
      return back(code, "saved", { v: String(version) });
    } catch (e) {
      if (!(e instanceof AppError) || ![409, 422].includes(e.status)) throw e;
      const problems = e.fields.length ? problemLines(e.fields, req.lang) : [pick(e.text, req.lang)];
      let content: CatalogueProcedure | undefined;
      if (action !== "newDraft" && action !== "withdraw")
        content = procedureFromForm(values, req.lang).procedure as unknown as CatalogueProcedure;
      return reply
        .code(e.status)
        .type(HTML)
        .send(await render(req, officer, code, { content, problems }));
    }
  });
};
