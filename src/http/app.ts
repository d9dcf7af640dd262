import { brandingNow } from "../app/catalogue.js";
import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from "fastify";
import { AppError, GENERIC, notFound } from "../app/errors.js";
import type { Deps } from "../app/deps.js";
import { databaseReady } from "../app/ops.js";
import { type FieldMessage, pick, pickFields } from "../shared/text.js";
import { langFrom } from "../web/i18n/index.js";
import { clientErrorHandler, registerBoundary, translateError } from "./boundary/index.js";
import { routes } from "./routes.js";
import type { App } from "./types.js";
import { localiseSchemaErrors } from "./validation-messages.js";

export interface BuildOptions {
  logger?: boolean;
}

/** Builds the whole HTTP application (API, rendered pages, static assets) over the given dependencies. */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: deps.config.logLevel },
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    trustProxy: true,
    clientErrorHandler,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: "array", removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  await app.register(cookie, { secret: deps.config.sessionSecret });
  app.decorateRequest("lang", "vi");
  // the province's branding for a page shell: the catalogue snapshot's, read when a page asks for it
  app.decorateRequest("brand", {
    getter() {
      return brandingNow(deps);
    },
  });
  // After the cookie plugin's hook, so cookies are parsed. Pages are Vietnamese unless the user switches
  // (?lang=en, remembered in a cookie); API clients may also send Accept-Language.
  app.addHook("onRequest", async (req, reply) => {
    const api = req.url.startsWith("/api/");
    req.lang = langFrom(req.query, req.cookies.lang, api ? req.headers["accept-language"] : undefined);
    reply.header("x-request-id", req.id);
    const q = (req.query as { lang?: unknown } | undefined)?.lang;
    if ((q === "vi" || q === "en") && req.cookies.lang !== q && !api)
      reply.setCookie("lang", q, {
        path: "/",
        maxAge: 365 * 24 * 3600,
        sameSite: "lax",
        secure: deps.config.baseUrl.startsWith("https://"),
      });
  });
  await registerBoundary(app, deps);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 20, fields: 200 } });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "motcua API",
        description: "Administrative-procedure information system: public portal, one-stop office, integration.",
        version: "0.1.0",
      },
      servers: [{ url: deps.config.baseUrl }],
    },
    hideUntagged: false,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => sendError(notFound(), req, reply));

  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  app.get(
    "/healthz",
    { schema: { tags: ["ops"], summary: "Liveness", response: { 200: Type.Object({ status: Type.Literal("ok") }) } } },
    async () => ({ status: "ok" as const }),
  );
  const Ready = Type.Object({
    status: Type.Literal("ready"),
    database: Type.Union([Type.Literal("postgres"), Type.Literal("pglite")]),
  });
  const Unavailable = Type.Object({ status: Type.Literal("unavailable"), error: Type.String() });
  app.get(
    "/readyz",
    {
      schema: { tags: ["ops"], summary: "Readiness: the database answers", response: { 200: Ready, 503: Unavailable } },
    },
    async (_req, reply) => {
      try {
        await databaseReady(deps);
        return { status: "ready" as const, database: deps.dbKind };
      } catch (e) {
        return reply.code(503).send({ status: "unavailable", error: (e as Error).message });
      }
    },
  );

  for (const register of routes) await register(app, deps);
  return app;
}

export function wantsHtml(req: FastifyRequest): boolean {
  return !req.url.startsWith("/api/") && (req.headers.accept ?? "").includes("text/html");
}

/**
 * The one error handler: `{error: {code, message, fields}}`, the message and the field messages picked in the
 * caller's language here (use cases give both languages and never know the caller's).
 */
function sendError(error: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  const err = translateError(error, req, reply);
  let status = 500;
  let body: { code: string; message: string; fields: FieldMessage[] };
  if (err instanceof AppError) {
    status = err.status;
    body = { code: err.code, message: pick(err.text, req.lang), fields: pickFields(err.fields, req.lang) };
  } else if ((err as FastifyError).validation) {
    status = 422;
    const fe = err as FastifyError;
    body = {
      code: "validation_failed",
      message: pick(GENERIC.validation, req.lang),
      fields: localiseSchemaErrors(fe.validation ?? [], fe.validationContext ?? "body", req.lang),
    };
  } else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
    status = (err as FastifyError).statusCode!;
    const code = (err as FastifyError).code ?? "bad_request";
    const text = status === 413 || code === "FST_REQ_FILE_TOO_LARGE" ? GENERIC.tooLarge : GENERIC.validation;
    if (code === "FST_REQ_FILE_TOO_LARGE") status = 413;
    body = { code: code.toLowerCase(), message: pick(text, req.lang), fields: [] };
  } else {
    req.log.error({ err }, "unhandled error");
    body = { code: "internal_error", message: pick(GENERIC.generic, req.lang), fields: [] };
  }
  reply.code(status);
  if (wantsHtml(req)) {
    const page = reply.request.server.errorPage;
    if (page) return reply.type("text/html; charset=utf-8").send(page(req, status, body.message));
  }
  return reply.send({ error: { ...body, requestId: req.id } });
}

declare module "fastify" {
  interface FastifyInstance {
    /** Set by the web layer: renders an error as a page for browsers. */
    errorPage?: (req: FastifyRequest, status: number, message: string) => string;
  }
}
