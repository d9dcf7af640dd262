import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Server-side AWS Signature Version 4 verification for the S3 SANDBOX (header-signed requests, as S3 clients send
 * them). Written independently of the client library so the two check each other; tested against the worked
 * examples of the S3 documentation.
 */

export interface ParsedAuthorization {
  accessKeyId: string;
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header, or undefined when it is not one. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const m = header ? AUTH_RE.exec(header) : null;
  if (!m) return undefined;
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(";"),
    signature: m[6]!,
  };
}

/** RFC 3986 percent-encoding as SigV4 wants it (unreserved characters kept, everything else %XX upper-case). */
export function uriEncode(s: string, keepSlash: boolean): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === "/")) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The canonical URI of an S3 request path as received (decoded once, re-encoded once; S3 does not normalise). */
export function canonicalUri(rawPath: string): string {
  return rawPath
    .split("/")
    .map((seg) => uriEncode(decodeURIComponent(seg), false))
    .join("/");
}

/** The canonical query string of a raw query (without `?`): pairs encoded and sorted by name then value. */
export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  const pairs = rawQuery
    .split("&")
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf("=");
      const k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, " "));
      const v = i < 0 ? "" : decodeURIComponent(p.slice(i + 1).replace(/\+/g, " "));
      return [uriEncode(k, false), uriEncode(v, false)] as const;
    });
  pairs.sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

export interface SignedRequest {
  method: string;
  /** Path and query exactly as on the request line. */
  url: string;
  /** Header values by lower-case name (repeated headers joined with ","). */
  headers: Record<string, string | undefined>;
  /** The x-amz-content-sha256 value (hex digest or UNSIGNED-PAYLOAD). */
  payloadHash: string;
}

export function canonicalRequest(req: SignedRequest, signedHeaders: string[]): string {
  const q = req.url.indexOf("?");
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? "" : req.url.slice(q + 1);
  const headers = signedHeaders.map((h) => `${h}:${(req.headers[h] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  return [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    headers,
    signedHeaders.join(";"),
    req.payloadHash,
  ].join("\n");
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
export const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}

/** The expected signature of a request signed at `amzDate` (YYYYMMDDTHHMMSSZ) with the given scope. */
export function expectedSignature(
  req: SignedRequest,
  auth: Pick<ParsedAuthorization, "date" | "region" | "service" | "signedHeaders">,
  amzDate: string,
  secret: string,
): { signature: string; stringToSign: string; canonicalRequest: string } {
  const canonical = canonicalRequest(req, auth.signedHeaders);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical)].join("\n");
  const signature = hmac(signingKey(secret, auth.date, auth.region, auth.service), stringToSign).toString("hex");
  return { signature, stringToSign, canonicalRequest: canonical };
}

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length === 32 && timingSafeEqual(x, y);
}

/** YYYYMMDDTHHMMSSZ → Date, or undefined. */
export function parseAmzDate(s: string | undefined): Date | undefined {
  const m = s ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
