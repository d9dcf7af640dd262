/**
 * The national payment platform's signed server-to-server notice (issue #7): `POST /api/integration/payment/notify`
 * with the notice as JSON, HMAC-SHA256 signed over its canonical form (src/adapters/payment/protocol.ts). The notice
 * is verified (signature, merchant, replay window), then its amount, currency and order are checked against the
 * order and applied in one transaction, committed before the answer (src/app/payments/notices.ts). A duplicate is
 * answered as accepted; a forged, stale, unknown, mismatched or already-settled one is refused with a localised
 * message, and logged. The platform retries until it gets `{"code":"00"}`.
 */
import { Type } from "@sinclair/typebox";
import { receiveNotice } from "../../app/payments/notices.js";
import { NOTIFY_PATH } from "../../app/payments/platform.js";
import { pick } from "../../shared/text.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const Accepted = Type.Object({
  code: Type.Literal("00"),
  message: Type.String(),
  outcome: Type.Union([Type.Literal("applied"), Type.Literal("duplicate"), Type.Literal("ignored")]),
  orderStatus: Type.String(),
});

export const paymentCallbackRoutes: RouteModule = (app, deps) => {
  app.post(
    NOTIFY_PATH,
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags: ["integration"],
        summary: "Signed notice of the national payment platform (outcome of a payment order)",
        body: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 40 }),
        response: {
          200: Accepted,
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req) => {
      const r = await receiveNotice(deps, req.body);
      req.log.info({ order: r.orderNo, outcome: r.outcome, status: r.orderStatus }, "payment notice");
      return {
        code: "00" as const,
        message: pick(r.message, req.lang),
        outcome: r.outcome,
        orderStatus: r.orderStatus,
      };
    },
  );
};
