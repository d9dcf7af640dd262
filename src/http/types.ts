import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { Branding } from "../app/branding.js";
import type { Deps } from "../app/deps.js";
import type { Lang } from "../shared/text.js";

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A route module: registers its routes on the app. Listed in ./routes.ts. */
export type RouteModule = (app: App, deps: Deps) => void | Promise<void>;

declare module "fastify" {
  interface FastifyRequest {
    lang: Lang;
    /** The province's branding for the page shell (src/app/branding.ts). */
    readonly brand: Branding;
    /**
     * What the boundary puts into this request's HTML answer before `</head>` (the monitoring platform's script on
     * public pages; src/http/boundary/headers.ts), or null. A kept answer (src/http/kept-text.ts) puts it in itself,
     * once per kept text, and sets it to null so it is not put in twice.
     */
    pageTag: string | null;
  }
}
