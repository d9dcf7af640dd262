/** Search words per procedure (issue #9): `/office/quan-tri/tu-khoa` and `/api/admin/procedures/:code/search-words`. */
import { Type } from "@sinclair/typebox";
import { authoriseOfficerAdmin } from "../../app/admin/officers.js";
import { listSearchWords, SearchWordsInput, setSearchWords } from "../../app/admin/search-words.js";
import { AppError, fill } from "../../app/errors.js";
import { pick } from "../../shared/text.js";
import { searchWordsPage, WORDS_TEXT } from "../../web/admin/search-words.js";
import { formValue, readFormBody } from "../form-body.js";
import { officerForPage } from "../office/auth.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { one, userOf } from "../office/page-helpers.js";

const HTML = "text/html; charset=utf-8";
const BASE = "/office/quan-tri/tu-khoa";
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

export const adminSearchWordRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { q?: string } }>(
    "/api/admin/search-words",
    {
      schema: {
        tags: ["admin"],
        summary: "Procedures with their search words, found by code, name or word (administrators)",
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ code: Type.String(), name: Type.String(), words: Type.Array(Type.String()) }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({ items: await listSearchWords(deps, await requireOfficer(req, deps), { q: req.query.q }) }),
  );

  app.put<{ Params: { code: string } }>(
    "/api/admin/procedures/:code/search-words",
    {
      schema: {
        tags: ["admin"],
        summary: "Replace a procedure's search words (audited); the portal's search uses them within seconds",
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        body: SearchWordsInput,
        response: { 200: Type.Object({ words: Type.Array(Type.String()) }), ...errors },
      },
    },
    async (req) => ({
      words: await setSearchWords(deps, await requireOfficer(req, deps), req.params.code, req.body, { ip: req.ip }),
    }),
  );

  app.get<{ Querystring: Record<string, unknown> }>(BASE, { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    authoriseOfficerAdmin(officer);
    const q = one(req.query.q)?.slice(0, 100);
    const saved = one(req.query.saved)?.slice(0, 40);
    return reply.type(HTML).send(
      searchWordsPage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        q,
        items: await listSearchWords(deps, officer, { q }),
        flash: saved ? pick(fill(WORDS_TEXT.saved, { code: saved }), req.lang) : undefined,
      }),
    );
  });

  app.post<{ Params: { code: string }; Querystring: Record<string, unknown> }>(
    `${BASE}/:code`,
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      authoriseOfficerAdmin(officer);
      const code = req.params.code.slice(0, 40);
      const text = formValue(await readFormBody(req, deps), "words") ?? "";
      const q = one(req.query.q)?.slice(0, 100);
      try {
        await setSearchWords(deps, officer, code, { words: text.split(/[\n,;]/) }, { ip: req.ip });
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 422) throw e;
        const id = `words-${code.replace(/[^A-Za-z0-9]/g, "-")}`;
        return reply
          .code(422)
          .type(HTML)
          .send(
            searchWordsPage({
              lang: req.lang,
              url: req.url,
              user: userOf(officer),
              q: q ?? code,
              items: await listSearchWords(deps, officer, { q: q ?? code }),
              failed: { code, text, error: { id, message: pick(e.fields[0]?.text ?? e.text, req.lang) } },
            }),
          );
      }
      const p = new URLSearchParams({ saved: code, ...(q ? { q } : { q: code }) });
      if (req.lang === "en") p.set("lang", "en");
      return reply.redirect(`${BASE}?${p}`, 303);
    },
  );
};
