/**
 * The SMS gateway's signed delivery report (issue #9): `POST /api/integration/sms/report`, HMAC-SHA256 over the raw
 * body (src/adapters/signed-http.ts, headers `x-sms-*`). Checked, then applied to its message once
 * (src/app/sms.ts); a repeat is accepted and changes nothing; a forged or stale one is refused (401) and logged.
 */
import { Type } from "@sinclair/typebox";
import { AppError } from "../../app/errors.js";
import { DELIVERY_PATH, receiveDeliveryReport } from "../../app/sms.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

export const smsReportRoutes: RouteModule = async (app, deps) => {
  await app.register(async (scope) => {
    // The signature covers the bytes as sent: keep the raw body.
    scope.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Body: string }>(
      DELIVERY_PATH,
      {
        schema: {
          tags: ["integration"],
          summary: "Signed delivery report of the SMS gateway",
          response: {
            200: Type.Object({
              outcome: Type.Union([Type.Literal("applied"), Type.Literal("duplicate")]),
              status: Type.String(),
            }),
            400: ErrorBody,
            401: ErrorBody,
            404: ErrorBody,
            503: ErrorBody,
          },
        },
      },
      async (req) => {
        try {
          return await receiveDeliveryReport(deps, req.headers, typeof req.body === "string" ? req.body : "");
        } catch (e) {
          if (e instanceof AppError) req.log.warn({ code: e.code }, "SMS delivery report refused");
          throw e;
        }
      },
    );
  });
};
