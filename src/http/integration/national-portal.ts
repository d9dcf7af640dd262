/**
 * The national portal's signed callback (issue #6): `POST /api/integration/national-portal/callback` with
 * `x-lgsp-timestamp` and `x-lgsp-signature` = hex HMAC-SHA256(secret, timestamp + "." + raw body). A forged,
 * unsigned or stale call is refused (401); a replayed one (same signature) is refused (409); an accepted one queues
 * a pull of the portal's new dossiers through the outbox (topic `national.inbound`, keyed by the signature), so the
 * dossier is taken in even if this process stops right after answering.
 */
import { Type } from "@sinclair/typebox";
import { AppError } from "../../app/errors.js";
import { queueInboundCallback, verifyCallback } from "../../app/national-portal/inbound.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const REFUSED = {
  missing: { vi: "Thiếu hoặc sai định dạng chữ ký của lời gọi.", en: "The call's signature is missing or malformed." },
  stale: { vi: "Thời điểm ký của lời gọi đã quá hạn.", en: "The call's signature time is too far from now." },
  forged: { vi: "Chữ ký của lời gọi không hợp lệ.", en: "The call's signature is not valid." },
};

export const nationalPortalCallbackRoutes: RouteModule = async (app, deps) => {
  await app.register(async (scope) => {
    // The signature covers the bytes as sent: keep the raw body.
    scope.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Body: string }>(
      "/api/integration/national-portal/callback",
      {
        schema: {
          tags: ["integration"],
          summary: "Signed callback of the National Public Service Portal (a new dossier was submitted there)",
          response: {
            202: Type.Object({ queued: Type.Boolean() }),
            400: ErrorBody,
            401: ErrorBody,
            409: ErrorBody,
            503: ErrorBody,
          },
        },
      },
      async (req, reply) => {
        const np = deps.config.nationalPortal;
        if (!np?.callbackSecret)
          throw new AppError(503, "national_portal_not_configured", {
            vi: "Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia.",
            en: "The national portal connection is not configured.",
          });
        const body = typeof req.body === "string" ? req.body : "";
        const ts = req.headers["x-lgsp-timestamp"];
        const sig = req.headers["x-lgsp-signature"];
        const v = verifyCallback(
          np.callbackSecret,
          typeof ts === "string" ? ts : undefined,
          typeof sig === "string" ? sig : undefined,
          body,
          deps.now(),
        );
        if (!v.ok) {
          req.log.warn({ reason: v.reason }, "national portal callback refused");
          throw new AppError(401, `callback_${v.reason}`, REFUSED[v.reason]);
        }
        let event: { SuKien?: unknown; MaHoSoQG?: unknown };
        try {
          event = JSON.parse(body);
        } catch {
          throw new AppError(400, "callback_malformed", {
            vi: "Nội dung lời gọi không phải JSON.",
            en: "The body is not JSON.",
          });
        }
        if (event?.SuKien !== "HoSoMoi" || typeof event.MaHoSoQG !== "string" || event.MaHoSoQG.length > 60)
          throw new AppError(400, "callback_malformed", {
            vi: "Nội dung lời gọi không đúng (cần SuKien “HoSoMoi” và MaHoSoQG).",
            en: "Unexpected body (SuKien “HoSoMoi” and MaHoSoQG expected).",
          });
        const queued = await queueInboundCallback(deps, sig as string, event.MaHoSoQG);
        if (!queued)
          throw new AppError(409, "callback_replayed", {
            vi: "Lời gọi này đã được nhận trước đó.",
            en: "This call was already received.",
          });
        return reply.code(202).send({ queued: true });
      },
    );
  });
};
