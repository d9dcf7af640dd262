import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { AwsClient } from "aws4fetch";
import type { S3Config } from "../../config.js";
import { type FileStore, newStorageKey, STORAGE_KEY_RE, sha256 } from "./index.js";

/**
 * The file store on an S3-compatible object store (AWS S3, MinIO, Ceph RGW, SeaweedFS, Garage…), shared by every
 * node behind the load balancer. Plain S3 REST calls signed with AWS Signature Version 4 (aws4fetch), path-style
 * addresses by default.
 *
 * Integrity: a PUT carries Content-MD5 and the signed SHA-256 of the body (x-amz-content-sha256), so the server
 * refuses a body damaged on the way (BadDigest / XAmzContentSHA256Mismatch); the ETag it answers must be that MD5
 * (unless the object is KMS/customer-key encrypted, where the ETag is not the MD5), and a GET whose bytes do not match
 * their ETag or length is read again. Network errors, timeouts, 5xx, 429 and integrity mismatches are retried with
 * exponential backoff and full jitter; other 4xx answers (wrong credentials, missing bucket…) fail at once.
 */

export interface S3FileStoreOptions extends S3Config {
  /** Attempts per operation, the first included (default 5). */
  attempts?: number;
  /** Backoff before the n-th retry: random in [0, min(maxDelayMs, baseDelayMs·2ⁿ⁻¹)] (defaults 100 ms, 5 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Time limit of one HTTP exchange (default 60 s). */
  timeoutMs?: number;
}

/** An S3 answer or failure, with the S3 error code (NoSuchKey, SignatureDoesNotMatch, …) when the server gave one. */
export class S3Error extends Error {
  /**
   * What the app answers if this error reaches the HTTP layer: the storage failing is never the client's fault (a
   * Fastify error with a 5xx statusCode is reported as an internal error, not wrapped as a bad request).
   */
  readonly statusCode = 503;

  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "S3Error";
  }
}

const RETRYABLE_CODES = new Set(["RequestTimeout", "SlowDown", "InternalError", "ServiceUnavailable"]);

function xmlField(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m?.[1]?.replace(
    /&lt;|&gt;|&quot;|&apos;|&amp;/g,
    (e) => ({ "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&" })[e]!,
  );
}

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest();

/** The MD5 an ETag stands for, or undefined when it is not one (multipart, KMS or customer-key encryption). */
function etagMd5(res: Response): string | undefined {
  const sse = res.headers.get("x-amz-server-side-encryption");
  if (sse?.startsWith("aws:kms") || res.headers.has("x-amz-server-side-encryption-customer-algorithm"))
    return undefined;
  const m = /^(?:W\/)?"?([0-9a-fA-F]{32})"?$/.exec(res.headers.get("etag") ?? "");
  return m?.[1]?.toLowerCase();
}

export class S3FileStore implements FileStore {
  private readonly client: AwsClient;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly base: URL;

  constructor(private readonly opts: S3FileStoreOptions) {
    if (!opts.bucket) throw new Error("S3 file store: a bucket is required");
    this.client = new AwsClient({
      accessKeyId: opts.accessKeyId,
      secretAccessKey: opts.secretAccessKey,
      service: "s3",
      region: opts.region,
      retries: 0, // retries are ours: re-signed each time, and also for integrity mismatches
    });
    this.attempts = Math.max(1, opts.attempts ?? 5);
    this.baseDelayMs = opts.baseDelayMs ?? 100;
    this.maxDelayMs = opts.maxDelayMs ?? 5000;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.base = new URL(opts.endpoint.replace(/\/+$/, ""));
  }

  /** The URL of the bucket (key undefined) or of one object. */
  private url(key?: string): string {
    const u = new URL(this.base);
    const prefix = u.pathname.replace(/\/+$/, "");
    const tail = key === undefined ? "" : `/${key.split("/").map(encodeURIComponent).join("/")}`;
    if (this.opts.forcePathStyle) u.pathname = `${prefix}/${encodeURIComponent(this.opts.bucket)}${tail}`;
    else {
      u.hostname = `${this.opts.bucket}.${u.hostname}`;
      u.pathname = `${prefix}${tail || "/"}`;
    }
    return u.toString();
  }

  private checkKey(key: string) {
    if (!STORAGE_KEY_RE.test(key)) throw new Error(`invalid storage key ${key}`);
  }

  /** One signed HTTP exchange. Network failures and timeouts become retryable S3Errors. */
  private async send(
    method: string,
    key: string | undefined,
    init: { body?: Uint8Array; headers?: Record<string, string> } = {},
  ) {
    const req = await this.client.sign(this.url(key), {
      method,
      headers: init.headers,
      body: init.body as BodyInit | undefined,
    });
    try {
      return await fetch(req, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const what = e instanceof Error && e.name === "TimeoutError" ? "timed out" : "network error";
      throw new S3Error(`S3 ${method} ${this.describe(key)}: ${what}`, 0, "NetworkError", true, { cause: e });
    }
  }

  private describe(key: string | undefined) {
    return key === undefined ? `bucket ${this.opts.bucket}` : `${this.opts.bucket}/${key}`;
  }

  /** The S3Error for a failed answer (body read and released). */
  private async failure(res: Response, method: string, key: string | undefined): Promise<S3Error> {
    const xml = method === "HEAD" ? "" : await res.text().catch(() => "");
    const code =
      xmlField(xml, "Code") ??
      (res.status === 404
        ? key === undefined
          ? "NoSuchBucket"
          : "NoSuchKey"
        : res.status === 403
          ? "AccessDenied"
          : `HTTP${res.status}`);
    const message = xmlField(xml, "Message") ?? res.statusText;
    const retryable = res.status >= 500 || res.status === 429 || RETRYABLE_CODES.has(code);
    const what =
      code === "NoSuchKey"
        ? `file ${key} not found in bucket ${this.opts.bucket}`
        : `S3 ${method} ${this.describe(key)} refused`;
    const hint =
      res.status === 403 ? " (check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION and the bucket policy)" : "";
    return new S3Error(
      `${what}: ${res.status} ${code}${message ? ` – ${message}` : ""}${hint}`,
      res.status,
      code,
      retryable,
    );
  }

  /** Runs `op` until it succeeds, fails with a non-retryable error, or the attempts are spent. */
  private async retry<T>(op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (e) {
        if (!(e instanceof S3Error) || !e.retryable || attempt >= this.attempts) {
          if (e instanceof S3Error && e.retryable)
            throw new S3Error(`${e.message} (after ${attempt} attempts)`, e.status, e.code, false, { cause: e });
          throw e;
        }
        const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        await sleep(Math.random() * cap);
      }
    }
  }

  async put(bytes: Uint8Array) {
    const key = newStorageKey();
    const digest = sha256(bytes);
    const sum = md5(bytes);
    await this.retry(async () => {
      const res = await this.send("PUT", key, {
        body: bytes,
        headers: {
          "content-type": "application/octet-stream",
          "content-md5": sum.toString("base64"),
          "x-amz-content-sha256": digest,
        },
      });
      if (!res.ok) throw await this.failure(res, "PUT", key);
      await res.arrayBuffer().catch(() => undefined);
      const etag = etagMd5(res);
      if (etag !== undefined && etag !== sum.toString("hex"))
        throw new S3Error(
          `S3 PUT ${this.describe(key)}: the stored object's ETag ${etag} is not the MD5 ${sum.toString("hex")} of the bytes sent`,
          502,
          "ETagMismatch",
          true,
        );
    });
    return { key, sha256: digest, size: bytes.byteLength };
  }

  async get(key: string): Promise<Buffer> {
    this.checkKey(key);
    return this.retry(async () => {
      const res = await this.send("GET", key);
      if (!res.ok) throw await this.failure(res, "GET", key);
      const bytes = Buffer.from(await res.arrayBuffer());
      const length = res.headers.get("content-length");
      if (length !== null && Number(length) !== bytes.length)
        throw new S3Error(
          `S3 GET ${this.describe(key)}: got ${bytes.length} of ${length} bytes`,
          502,
          "IncompleteBody",
          true,
        );
      const etag = etagMd5(res);
      if (etag !== undefined && etag !== md5(bytes).toString("hex"))
        throw new S3Error(
          `S3 GET ${this.describe(key)}: the bytes read do not match their ETag`,
          502,
          "ETagMismatch",
          true,
        );
      return bytes;
    });
  }

  async exists(key: string): Promise<boolean> {
    this.checkKey(key);
    return this.retry(async () => {
      const res = await this.send("HEAD", key);
      if (res.status === 404) return false;
      if (!res.ok) throw await this.failure(res, "HEAD", key);
      return true;
    });
  }

  /** Deletes the object; a missing object is not an error (S3 answers 204 either way). */
  async remove(key: string): Promise<void> {
    this.checkKey(key);
    await this.retry(async () => {
      const res = await this.send("DELETE", key);
      if (!res.ok && res.status !== 404) throw await this.failure(res, "DELETE", key);
      await res.arrayBuffer().catch(() => undefined);
    });
  }

  /** Checks at start that the bucket exists and the credentials are accepted (HEAD bucket), with a clear error. */
  async checkBucket(): Promise<void> {
    await this.retry(async () => {
      const res = await this.send("HEAD", undefined);
      if (!res.ok) throw await this.failure(res, "HEAD", undefined);
    });
  }
}
