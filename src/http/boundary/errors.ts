import type { FastifyReply, FastifyRequest } from "fastify";
import { FileStoreUnavailableError } from "../../adapters/files/index.js";
import { AppError } from "../../app/errors.js";
import { isDatabaseUnavailable } from "../../app/ops.js";

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER = 5;
/** Seconds a client is asked to wait when the file store cannot write (full disk, I/O error). */
export const FILE_STORE_RETRY_AFTER = 60;

/**
 * Errors that are about the platform, not the request, translated before the error handler answers: losing the
 * database is a 503 with Retry-After (the client may retry the same request; writes are one transaction each and
 * idempotent where they can be retried), never a 500 or a crash.
 */
export function translateError<E>(err: E, req: FastifyRequest, reply: FastifyReply): E | AppError {
  if (err instanceof FileStoreUnavailableError) {
    req.log.error({ err }, "file store unavailable");
    reply.header("retry-after", String(FILE_STORE_RETRY_AFTER));
    return new AppError(503, "file_store_unavailable", {
      vi: "Hệ thống tạm thời không lưu được tệp. Hồ sơ chưa được ghi nhận; vui lòng thử lại sau.",
      en: "The system cannot store files for the moment. Nothing was recorded; please try again later.",
    });
  }
  if (err instanceof AppError || !isDatabaseUnavailable(err)) return err;
  req.log.warn({ err }, "database unavailable");
  reply.header("retry-after", String(DATABASE_RETRY_AFTER));
  return new AppError(503, "database_unavailable", {
    vi: "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít giây.",
    en: "The system cannot reach its database for the moment. Please try again in a few seconds.",
  });
}
