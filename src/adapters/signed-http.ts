import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC-signed JSON over HTTP, as the public postal service and the SMS gateway speak it: every request and every
 * callback carries `<prefix>-timestamp` (Unix seconds) and `<prefix>-signature` = hex HMAC-SHA256 over
 * `timestamp + "\n" + METHOD + "\n" + path + "\n" + sha256hex(body)`, and requests name the caller in
 * `<prefix>-client`. One implementation for the adapters and for their SANDBOXES.
 */

export const sha256hex = (b: string | Buffer) => createHash("sha256").update(b).digest("hex");

export function hmacSignature(secret: string, timestamp: string, method: string, path: string, body: string): string {
  return createHmac("sha256", secret)
    .update(`${timestamp}\n${method.toUpperCase()}\n${path}\n${sha256hex(body)}`)
    .digest("hex");
}

export type SignatureCheck = "ok" | "missing" | "bad_signature" | "stale";

/** Checks the signature headers of a request or callback: present, matching the body, within the replay window. */
export function hmacSignatureValid(
  prefix: string,
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  method: string,
  path: string,
  body: string,
  now: Date,
  maxAgeSeconds = 300,
): SignatureCheck {
  const ts = headers[`${prefix}-timestamp`];
  const sig = headers[`${prefix}-signature`];
  if (typeof ts !== "string" || typeof sig !== "string" || !/^\d+$/.test(ts) || !/^[0-9a-f]{64}$/.test(sig))
    return "missing";
  const want = Buffer.from(hmacSignature(secret, ts, method, path, body), "hex");
  if (!timingSafeEqual(want, Buffer.from(sig, "hex"))) return "bad_signature";
  if (Math.abs(now.getTime() / 1000 - Number(ts)) > maxAgeSeconds) return "stale";
  return "ok";
}

/** The signature headers of a message (a request when `clientId` is given, else a callback). */
export function signedHeaders(
  prefix: string,
  secret: string,
  method: string,
  path: string,
  body: string,
  clientId?: string,
  now: Date = new Date(),
): Record<string, string> {
  const ts = String(Math.floor(now.getTime() / 1000));
  return {
    ...(body ? { "content-type": "application/json" } : {}),
    ...(clientId ? { [`${prefix}-client`]: clientId } : {}),
    [`${prefix}-timestamp`]: ts,
    [`${prefix}-signature`]: hmacSignature(secret, ts, method, path, body),
  };
}

export interface SignedAccount {
  baseUrl: string;
  clientId: string;
  secret: string;
  timeoutMs?: number;
  /** The clock requests are signed with (the application's). */
  now?: () => Date;
}

/**
 * A caller of one service: signs the request, parses the JSON answer, and turns a failure into the service's error
 * (`unreachable` with status 0 when nothing answered; the answer's `error` and `message` otherwise).
 */
export function signedCaller(
  prefix: string,
  a: SignedAccount,
  toError: (status: number, code: string, message: string) => Error,
) {
  return async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const raw = body === undefined ? "" : JSON.stringify(body);
    let res: Response;
    try {
      res = await fetch(`${a.baseUrl.replace(/\/$/, "")}${path}`, {
        method,
        headers: signedHeaders(prefix, a.secret, method, path, raw, a.clientId, a.now?.()),
        ...(raw ? { body: raw } : {}),
        signal: AbortSignal.timeout(a.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw toError(0, "unreachable", (e as Error).message);
    }
    const j = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw toError(res.status, String(j.error ?? `http_${res.status}`), String(j.message ?? ""));
    return j as T;
  };
}
