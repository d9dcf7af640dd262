/**
 * The leaders' dashboard (issue #8): JSON at /api/office/dashboard and the page /office/bang-dieu-khien. The use case
 * (src/app/dashboard.ts) authorises: leaders see their unit, supervisors and administrators any unit or the province.
 */
import { Type } from "@sinclair/typebox";
import type { Officer } from "../../app/actors.js";
import { DashboardQuery, dashboardFor } from "../../app/dashboard.js";
import { dashboardPage } from "../../web/office/dashboard.js";
import { keptJson } from "../kept-text.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";
import { officerForPage } from "./auth.js";

const userOf = (o: Officer) => ({ name: o.name, unitName: o.unitName, roles: o.roles });

export const dashboardRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/office/dashboard",
    {
      schema: {
        tags: ["office"],
        summary: "Leaders' dashboard: monthly trend, on-time and online rates, overdue dossiers, 766 points lost",
        querystring: DashboardQuery,
        response: { 200: Type.Unknown(), 401: ErrorBody, 403: ErrorBody, 422: ErrorBody },
      },
    },
    // figures kept for a minute per scope and filters (dashboardFor authorises first): their JSON made once
    async (req, reply) =>
      keptJson(await dashboardFor(deps, await requireOfficer(req, deps), req.query)).send(req, reply),
  );

  app.get<{ Querystring: Record<string, string> }>(
    "/office/bang-dieu-khien",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      // empty selections of the form mean "no filter"
      const query = Object.fromEntries(Object.entries(req.query).filter(([k, v]) => v !== "" && k !== "lang"));
      const d = await dashboardFor(deps, officer, query);
      const wide = officer.roles.includes("supervisor") || officer.roles.includes("admin");
      return reply
        .type("text/html; charset=utf-8")
        .send(dashboardPage({ d, lang: req.lang, url: req.url, user: userOf(officer), wide }));
    },
  );
};
