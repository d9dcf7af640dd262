/**
 * Whether an error means the database could not be reached or dropped the connection (restart, failover, a pooler
 * closing it, an administrator terminating the backend), rather than refusing a statement. Such a request may
 * succeed if retried: the HTTP layer answers 503 with Retry-After, and the pool opens fresh connections by itself.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  // SQLSTATE class 08: connection exception; 57P01–57P03: admin shutdown, crash shutdown, cannot connect now;
  // 53300: too many connections.
  if (/^08...$/.test(code) || /^57P0[1-3]$/.test(code) || code === "53300") return true;
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"].includes(code))
    return true;
  const message = typeof e.message === "string" ? e.message : "";
  if (
    /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable/i.test(
      message,
    )
  )
    return true;
  // AggregateError (several addresses refused) and wrapped causes.
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}
