/**
 * The public postal service's signed tracking callback (issue #7): `POST /api/integration/postal/callback` with the
 * tracking event as JSON, HMAC-SHA256 signed over timestamp, method, path and the raw body's hash
 * (src/adapters/postal/protocol.ts). Forged, unsigned, stale (replayed) or malformed calls and unknown shipments are
 * refused with a localised message and logged; duplicates and late (reordered) events are answered as accepted and
 * change nothing; a new step is applied and committed before the answer (src/app/postal/tracking.ts).
 */
import { Type } from "@sinclair/typebox";
import { CALLBACK_PATH } from "../../app/postal/service.js";
import { receiveTracking } from "../../app/postal/tracking.js";
import { pick } from "../../shared/text.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

export const postalCallbackRoutes: RouteModule = async (app, deps) => {
  await app.register(async (scope) => {
    // The signature covers the bytes as sent: keep the raw body.
    scope.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Body: string }>(
      CALLBACK_PATH,
      {
        schema: {
          tags: ["integration"],
          summary: "Signed tracking callback of the public postal service (picked up, in transit, delivered, …)",
          response: {
            200: Type.Object({
              outcome: Type.Union([Type.Literal("applied"), Type.Literal("duplicate"), Type.Literal("ignored")]),
              status: Type.String({ description: "The shipment's status after the callback" }),
              message: Type.String(),
            }),
            400: ErrorBody,
            401: ErrorBody,
            404: ErrorBody,
            503: ErrorBody,
          },
        },
      },
      async (req) => {
        const raw = typeof req.body === "string" ? req.body : "";
        const r = await receiveTracking(deps, req.headers, raw);
        req.log.info({ outcome: r.outcome, status: r.status }, "postal tracking callback");
        return { outcome: r.outcome, status: r.status, message: pick(r.message, req.lang) };
      },
    );
  });
};
