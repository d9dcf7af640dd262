import type { FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import type { Deps } from "../../app/deps.js";
import { requireCitizen } from "../citizen-auth.js";
import { officerForPage } from "../office/auth.js";
import { requireOfficer } from "../officer-auth.js";
import type { App } from "../types.js";

type Guard = (req: FastifyRequest, reply: FastifyReply, deps: Deps) => Promise<unknown>;

/** Routes open to anyone under the guarded prefixes: the login steps and logout (which ends whatever session). */
const PUBLIC = /^\/(api\/)?office\/(login(\/otp)?|logout)$/;

/**
 * Which routes need which identity, by path: the first match wins. Checked before the body is parsed against the
 * route's schema, so an anonymous caller learns nothing about a route's fields, only that it must sign in. The
 * handlers still authorise (roles, units, ownership): this is the outer gate, in one place for every future route.
 */
const GUARDS: Array<[RegExp, Guard]> = [
  [/^\/api\/admin\//, (req, _reply, deps) => requireOfficer(req, deps, ["admin"])],
  [/^\/api\/office\//, (req, _reply, deps) => requireOfficer(req, deps)],
  [/^\/api\/my\//, (req, _reply, deps) => requireCitizen(req, deps)],
  // Office pages send an anonymous browser to the login page (and back here afterwards).
  [
    /^\/office(\/|$)/,
    async (req, reply, deps) => {
      if (!(await officerForPage(req, reply, deps))) return reply;
    },
  ],
];

export function guardFor(url: string): Guard | undefined {
  if (PUBLIC.test(url)) return undefined;
  return GUARDS.find(([re]) => re.test(url))?.[1];
}

/** Adds the identity check as the first preValidation step of every guarded route (registered before routes). */
export function registerAuthFirst(app: App, deps: Deps): void {
  app.addHook("onRoute", (route: RouteOptions) => {
    const guard = guardFor(route.url);
    if (!guard) return;
    const check = async (req: FastifyRequest, reply: FastifyReply) => {
      const r = await guard(req, reply, deps);
      if (r === reply) return reply;
    };
    const existing = route.preValidation;
    route.preValidation = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : [check];
  });
}
