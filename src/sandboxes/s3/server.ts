import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningSandbox } from "../index.js";
import { expectedSignature, parseAmzDate, parseAuthorization, sameSignature, sha256Hex } from "./sigv4.js";

/**
 * S3-compatible object storage SANDBOX, for tests and development only. Its own HTTP server speaking the S3 REST
 * protocol with path-style addresses (`/{bucket}/{key}`), every request authenticated with AWS Signature Version 4
 * (header form) and checked as S3 does:
 *   unknown key id → 403 InvalidAccessKeyId; wrong signature → 403 SignatureDoesNotMatch;
 *   clock skew > 15 min → 403 RequestTimeTooSkewed; body ≠ x-amz-content-sha256 → 400 XAmzContentSHA256Mismatch;
 *   body ≠ Content-MD5 → 400 BadDigest.
 * Operations: HEAD bucket, PUT / GET / HEAD / DELETE object; objects are files in a folder. Every response carries
 * `x-sandbox: s3`. Faults can be injected (`failNext`, `corruptNext`) to exercise the client's retries and checks.
 */

export interface S3SandboxOptions {
  port?: number;
  host?: string;
  /** Folder holding the objects; a fresh temp folder (removed on close) when unset. */
  dir?: string;
  region?: string;
  credentials: Array<{ accessKeyId: string; secretAccessKey: string }>;
  /** Buckets that exist. */
  buckets: string[];
  /** Largest object accepted, in bytes (default 64 MiB). */
  maxBytes?: number;
}

export interface S3SandboxRequest {
  method: string;
  path: string;
  status: number;
  code?: string;
}

export interface S3Sandbox extends RunningSandbox {
  port: number;
  dir: string;
  /** The next `count` requests get this status (default 503 SlowDown-style) before anything else is checked. */
  failNext(count?: number, status?: number): void;
  /**
   * The next `count` PUTs are stored with one byte flipped, skipping the digest checks, and answered with the ETag of
   * what was stored — a faulty server or disk that the client must notice.
   */
  corruptNext(count?: number): void;
  /** Requests answered so far (oldest first). */
  requests: S3SandboxRequest[];
  /** The stored bytes of an object, read directly from the sandbox's folder (undefined if absent). */
  stored(bucket: string, key: string): Promise<Buffer | undefined>;
}

const SKEW_MS = 15 * 60 * 1000;
const KEY_RE = /^[A-Za-z0-9!\-_.*'()/]{1,1024}$/;

class S3Fault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xmlEscape = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new S3Fault(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size."));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startS3Sandbox(opts: S3SandboxOptions): Promise<S3Sandbox> {
  const host = opts.host ?? "127.0.0.1";
  const region = opts.region ?? "us-east-1";
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const ownDir = !opts.dir;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), "motcua-s3-sandbox-")));
  const secrets = new Map(opts.credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  const buckets = new Set(opts.buckets);
  for (const b of buckets) await mkdir(join(dir, b), { recursive: true });
  const requests: S3SandboxRequest[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 503 };
  let corruptions = 0;

  // Keys may contain "/": one flat file per object, named by the encoded key, with its metadata beside it.
  const objectPath = (bucket: string, key: string) => join(dir, bucket, encodeURIComponent(key));
  const metaPath = (bucket: string, key: string) => `${objectPath(bucket, key)}.meta.json`;

  interface Meta {
    etag: string;
    size: number;
    contentType: string;
    lastModified: string;
  }
  async function readMeta(bucket: string, key: string): Promise<Meta | undefined> {
    try {
      return JSON.parse(await readFile(metaPath(bucket, key), "utf8")) as Meta;
    } catch {
      return undefined;
    }
  }

  function authenticate(req: IncomingMessage, url: string): { payloadHash: string } {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth)
      throw new S3Fault(403, "AccessDenied", "Access Denied: the request is not signed with AWS4-HMAC-SHA256.");
    const secret = secrets.get(auth.accessKeyId);
    if (secret === undefined)
      throw new S3Fault(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
    if (auth.service !== "s3" || auth.region !== region)
      throw new S3Fault(
        400,
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${region}'`,
      );
    if (!auth.signedHeaders.includes("host"))
      throw new S3Fault(400, "AuthorizationHeaderMalformed", "The host header must be signed.");
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const at = parseAmzDate(amzDate);
    if (!at || amzDate.slice(0, 8) !== auth.date)
      throw new S3Fault(403, "AccessDenied", "AWS authentication requires a valid x-amz-date matching the credential.");
    if (Math.abs(Date.now() - at.getTime()) > SKEW_MS)
      throw new S3Fault(
        403,
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
      );
    const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
    if (!payloadHash)
      throw new S3Fault(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
    if (payloadHash !== "UNSIGNED-PAYLOAD" && !/^[0-9a-f]{64}$/.test(payloadHash))
      throw new S3Fault(
        400,
        "InvalidArgument",
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 hex digest.",
      );
    const headers: Record<string, string> = {};
    for (const h of auth.signedHeaders) {
      const v = req.headers[h];
      headers[h] = Array.isArray(v) ? v.join(",") : (v ?? "");
    }
    const expected = expectedSignature(
      { method: req.method ?? "GET", url, headers, payloadHash },
      auth,
      amzDate,
      secret,
    );
    if (!sameSignature(expected.signature, auth.signature))
      throw new S3Fault(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
      );
    return { payloadHash };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ status: number; code?: string }> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      req.resume();
      throw new S3Fault(failures.status, failures.status === 503 ? "SlowDown" : "InternalError", "Injected failure.");
    }
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw new S3Fault(400, "InvalidURI", "Couldn't parse the specified URI.");
    }
    const body = await readBody(req, maxBytes);
    const { payloadHash } = authenticate(req, url);
    const slash = path.indexOf("/", 1);
    const bucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
    const key = slash < 0 ? "" : path.slice(slash + 1);
    if (!bucket) throw new S3Fault(501, "NotImplemented", "ListBuckets is not implemented by the sandbox.");
    if (!buckets.has(bucket)) throw new S3Fault(404, "NoSuchBucket", "The specified bucket does not exist");
    const method = req.method ?? "GET";

    if (!key) {
      if (method === "HEAD") {
        res.writeHead(200, { "x-amz-bucket-region": region }).end();
        return { status: 200 };
      }
      throw new S3Fault(501, "NotImplemented", "Only HEAD bucket is implemented by the sandbox.");
    }
    if (!KEY_RE.test(key)) throw new S3Fault(400, "InvalidArgument", "The sandbox accepts only simple object keys.");

    if (method === "PUT") {
      let bytes = body;
      if (corruptions > 0) {
        corruptions--;
        bytes = Buffer.from(body);
        if (bytes.length) bytes[0] = bytes[0]! ^ 0xff;
      } else {
        if (payloadHash !== "UNSIGNED-PAYLOAD" && sha256Hex(body) !== payloadHash)
          throw new S3Fault(
            400,
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
          );
        const md5 = req.headers["content-md5"];
        if (md5 !== undefined && createHash("md5").update(body).digest("base64") !== md5)
          throw new S3Fault(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
      }
      const etag = `"${createHash("md5").update(bytes).digest("hex")}"`;
      const file = objectPath(bucket, key);
      const tmp = `${file}.${randomUUID()}.tmp`;
      await writeFile(tmp, bytes, { flush: true });
      await rename(tmp, file);
      const meta: Meta = {
        etag,
        size: bytes.length,
        contentType: String(req.headers["content-type"] ?? "binary/octet-stream"),
        lastModified: new Date().toUTCString(),
      };
      await writeFile(metaPath(bucket, key), JSON.stringify(meta), { flush: true });
      res.writeHead(200, { etag, "content-length": 0 }).end();
      return { status: 200 };
    }

    if (method === "GET" || method === "HEAD") {
      const meta = await readMeta(bucket, key);
      const bytes = meta ? await readFile(objectPath(bucket, key)).catch(() => undefined) : undefined;
      if (!meta || !bytes) throw new S3Fault(404, "NoSuchKey", "The specified key does not exist.");
      res.writeHead(200, {
        etag: meta.etag,
        "content-type": meta.contentType,
        "content-length": bytes.length,
        "last-modified": meta.lastModified,
        "accept-ranges": "bytes",
      });
      res.end(method === "GET" ? bytes : undefined);
      return { status: 200 };
    }

    if (method === "DELETE") {
      // S3 answers 204 whether or not the object existed.
      await unlink(objectPath(bucket, key)).catch(() => {});
      await unlink(metaPath(bucket, key)).catch(() => {});
      res.writeHead(204).end();
      return { status: 204 };
    }
    throw new S3Fault(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
    res.setHeader("x-sandbox", "s3");
    res.setHeader("x-amz-request-id", requestId);
    res.setHeader("server", "motcua-s3-sandbox");
    const record = (status: number, code?: string) =>
      requests.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0]!, status, code });
    handle(req, res).then(
      (r) => record(r.status, r.code),
      (e: unknown) => {
        const fault = e instanceof S3Fault ? e : new S3Fault(500, "InternalError", "We encountered an internal error.");
        if (!(e instanceof S3Fault)) console.error("s3 sandbox:", e);
        record(fault.status, fault.code);
        if (res.headersSent) return void res.end();
        if (req.method === "HEAD") {
          res.writeHead(fault.status).end();
          return;
        }
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${xmlEscape(fault.message)}</Message><Resource>${xmlEscape((req.url ?? "").split("?")[0]!)}</Resource><RequestId>${requestId}</RequestId></Error>`;
        res.writeHead(fault.status, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) });
        res.end(xml);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    name: "S3 object storage",
    url: `http://${host}:${port}`,
    port,
    dir,
    requests,
    failNext(count = 1, status = 503) {
      failures = { count, status };
    },
    corruptNext(count = 1) {
      corruptions = count;
    },
    async stored(bucket, key) {
      try {
        await stat(objectPath(bucket, key));
        return await readFile(objectPath(bucket, key));
      } catch {
        return undefined;
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
