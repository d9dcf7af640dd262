import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsClient } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Error, S3FileStore, type S3FileStoreOptions } from "../../src/adapters/files/s3.js";
import type { Deps } from "../../src/app/deps.js";
import { type Config, loadConfig } from "../../src/config.js";
import { buildApp } from "../../src/http/app.js";
import { startS3Sandbox, type S3Sandbox } from "../../src/sandboxes/s3/server.js";
import { expectedSignature, parseAuthorization } from "../../src/sandboxes/s3/sigv4.js";
import { startServer } from "../../src/server.js";
import { RecordingMailer, type TestContext } from "../helpers/app.js";
import { loginAsCitizen } from "../helpers/citizen.js";
import { createTestDatabase } from "../helpers/db.js";
import { PDF, PNG, upload } from "./submission-helpers.js";

const KEY_ID = "motcua-test-key";
const SECRET = "motcua-test-secret-0123456789abcdef";
const BUCKET = "motcua-files";
const KEY_RE = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

const hex = (b: Uint8Array, algo = "sha256") => createHash(algo).update(b).digest("hex");

describe("SigV4 verification of the S3 sandbox", () => {
  // The worked examples of the Amazon S3 API reference ("Signature calculations for the Authorization header").
  const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const scope = "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
  const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const check = (
    req: { method: string; url: string; headers: Record<string, string>; payloadHash: string },
    signedHeaders: string,
    signature: string,
  ) => {
    const auth = parseAuthorization(
      `AWS4-HMAC-SHA256 Credential=${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
    );
    expect(auth).toMatchObject({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", date: "20130524", region: "us-east-1" });
    if (!auth) return;
    expect(expectedSignature(req, auth, "20130524T000000Z", secret).signature).toBe(signature);
    expect(expectedSignature(req, auth, "20130524T000000Z", `${secret}x`).signature).not.toBe(signature);
  };

  it("computes the documented signatures of GET object, PUT object, GET ?lifecycle and a listing", () => {
    check(
      {
        method: "GET",
        url: "/test.txt",
        headers: {
          host: "examplebucket.s3.amazonaws.com",
          range: "bytes=0-9",
          "x-amz-content-sha256": emptyHash,
          "x-amz-date": "20130524T000000Z",
        },
        payloadHash: emptyHash,
      },
      "host;range;x-amz-content-sha256;x-amz-date",
      "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
    const putHash = hex(Buffer.from("Welcome to Amazon S3."));
    check(
      {
        method: "PUT",
        url: "/test%24file.text",
        headers: {
          date: "Fri, 24 May 2013 00:00:00 GMT",
          host: "examplebucket.s3.amazonaws.com",
          "x-amz-content-sha256": putHash,
          "x-amz-date": "20130524T000000Z",
          "x-amz-storage-class": "REDUCED_REDUNDANCY",
        },
        payloadHash: putHash,
      },
      "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
      "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
    );
    const common = {
      host: "examplebucket.s3.amazonaws.com",
      "x-amz-content-sha256": emptyHash,
      "x-amz-date": "20130524T000000Z",
    };
    check(
      { method: "GET", url: "/?lifecycle", headers: common, payloadHash: emptyHash },
      "host;x-amz-content-sha256;x-amz-date",
      "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
    );
    check(
      { method: "GET", url: "/?max-keys=2&prefix=J", headers: common, payloadHash: emptyHash },
      "host;x-amz-content-sha256;x-amz-date",
      "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
    );
  });
});

describe("S3FileStore against the S3 sandbox", () => {
  let sandbox: S3Sandbox;
  let opts: S3FileStoreOptions;
  let store: S3FileStore;

  beforeAll(async () => {
    sandbox = await startS3Sandbox({
      credentials: [{ accessKeyId: KEY_ID, secretAccessKey: SECRET }],
      buckets: [BUCKET],
    });
    opts = {
      endpoint: sandbox.url,
      region: "us-east-1",
      bucket: BUCKET,
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
      forcePathStyle: true,
      baseDelayMs: 5,
      maxDelayMs: 20,
    };
    store = new S3FileStore(opts);
  });
  afterAll(() => sandbox.close());

  const requestsSince = (n: number) =>
    sandbox.requests.slice(n).map((r) => `${r.method} ${r.status}${r.code ? ` ${r.code}` : ""}`);

  it("stores and reads back bytes over signed path-style requests, with the checksum computed locally", async () => {
    const bytes = randomBytes(300_000);
    const before = sandbox.requests.length;
    const put = await store.put(bytes);
    expect(put.key).toMatch(KEY_RE);
    expect(put.size).toBe(bytes.length);
    expect(put.sha256).toBe(hex(bytes));
    // The object really is in the bucket under that key, byte for byte.
    const stored = await sandbox.stored(BUCKET, put.key);
    expect(stored && Buffer.compare(stored, bytes)).toBe(0);
    expect(sandbox.requests.slice(before)).toEqual([
      { method: "PUT", path: `/${BUCKET}/${put.key}`, status: 200, code: undefined },
    ]);
    const back = await store.get(put.key);
    expect(Buffer.compare(back, bytes)).toBe(0);
    expect(hex(back)).toBe(put.sha256);
    // Empty and tiny objects too.
    const empty = await store.put(new Uint8Array());
    expect((await store.get(empty.key)).length).toBe(0);
    expect(empty.sha256).toBe(hex(new Uint8Array()));
  });

  it("tells whether an object exists and removes it; a missing object is a clear NoSuchKey error", async () => {
    const { key } = await store.put(PDF());
    expect(await store.exists(key)).toBe(true);
    await store.remove(key);
    expect(await store.exists(key)).toBe(false);
    expect(await sandbox.stored(BUCKET, key)).toBeUndefined();
    const err = await store.get(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3Error);
    expect(err).toMatchObject({ status: 404, code: "NoSuchKey", retryable: false });
    expect((err as Error).message).toContain(`file ${key} not found in bucket ${BUCKET}`);
    // Removing it again is fine, as with S3 itself.
    await expect(store.remove(key)).resolves.toBeUndefined();
    // A key that is not a storage key is refused before any request.
    const before = sandbox.requests.length;
    await expect(store.get("../etc/passwd")).rejects.toThrow("invalid storage key");
    await expect(store.exists("ab/../../x")).rejects.toThrow("invalid storage key");
    expect(sandbox.requests.length).toBe(before);
  });

  it("is refused with wrong credentials, at once (no retries), and stores nothing", async () => {
    const wrongSecret = new S3FileStore({ ...opts, secretAccessKey: `${SECRET}-wrong` });
    const before = sandbox.requests.length;
    const filesBefore = (await readdir(join(sandbox.dir, BUCKET))).length;
    const err = await wrongSecret.put(PNG).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: "SignatureDoesNotMatch", retryable: false });
    expect((err as Error).message).toContain("S3_SECRET_ACCESS_KEY");
    expect(requestsSince(before)).toEqual(["PUT 403 SignatureDoesNotMatch"]);
    expect((await readdir(join(sandbox.dir, BUCKET))).length).toBe(filesBefore);
    // Reading with the wrong secret is refused too, even for an object that exists.
    const { key } = await store.put(PNG);
    await expect(wrongSecret.get(key)).rejects.toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
    await expect(wrongSecret.exists(key)).rejects.toMatchObject({ status: 403 });
    await expect(wrongSecret.remove(key)).rejects.toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
    expect(await store.exists(key)).toBe(true);
    // An unknown key id, another region, a missing bucket.
    await expect(new S3FileStore({ ...opts, accessKeyId: "nobody" }).put(PNG)).rejects.toMatchObject({
      status: 403,
      code: "InvalidAccessKeyId",
    });
    await expect(new S3FileStore({ ...opts, region: "ap-southeast-1" }).get(key)).rejects.toMatchObject({
      status: 400,
      code: "AuthorizationHeaderMalformed",
    });
    await expect(new S3FileStore({ ...opts, bucket: "no-such-bucket" }).put(PNG)).rejects.toMatchObject({
      status: 404,
      code: "NoSuchBucket",
    });
    await expect(new S3FileStore({ ...opts, bucket: "no-such-bucket" }).checkBucket()).rejects.toMatchObject({
      status: 404,
    });
    await expect(store.checkBucket()).resolves.toBeUndefined();
  });

  it("refuses unsigned requests and bodies that do not match their signed hash or Content-MD5", async () => {
    const { key } = await store.put(PNG);
    const url = `${sandbox.url}/${BUCKET}/${key}`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain("<Code>AccessDenied</Code>");
    const client = new AwsClient({
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
      service: "s3",
      region: "us-east-1",
      retries: 0,
    });
    const body = Buffer.from("tài liệu gốc");
    const wrongHash = await client.fetch(url, {
      method: "PUT",
      body,
      headers: { "x-amz-content-sha256": hex(Buffer.from("khác")) },
    });
    expect(wrongHash.status).toBe(400);
    expect(await wrongHash.text()).toContain("<Code>XAmzContentSHA256Mismatch</Code>");
    const wrongMd5 = await client.fetch(url, {
      method: "PUT",
      body,
      headers: { "content-md5": createHash("md5").update("khác").digest("base64") },
    });
    expect(wrongMd5.status).toBe(400);
    expect(await wrongMd5.text()).toContain("<Code>BadDigest</Code>");
    // The object was left as it was.
    expect(Buffer.compare((await store.get(key)) as Buffer, PNG)).toBe(0);
  });

  it("retries transient 503s and network errors with backoff, and gives up after the attempts", async () => {
    let before = sandbox.requests.length;
    sandbox.failNext(2, 503);
    const bytes = randomBytes(1000);
    const put = await store.put(bytes);
    expect(requestsSince(before)).toEqual(["PUT 503 SlowDown", "PUT 503 SlowDown", "PUT 200"]);
    before = sandbox.requests.length;
    sandbox.failNext(1, 500);
    expect(Buffer.compare(await store.get(put.key), bytes)).toBe(0);
    expect(requestsSince(before)).toEqual(["GET 500 InternalError", "GET 200"]);

    before = sandbox.requests.length;
    sandbox.failNext(10, 503);
    const three = new S3FileStore({ ...opts, attempts: 3 });
    const err = await three.put(bytes).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, code: "SlowDown" });
    expect((err as Error).message).toContain("after 3 attempts");
    expect(requestsSince(before)).toEqual(["PUT 503 SlowDown", "PUT 503 SlowDown", "PUT 503 SlowDown"]);
    sandbox.failNext(0);

    // Nothing listens on a closed server's port: network errors, retried, then reported.
    const gone = await startS3Sandbox({ credentials: [], buckets: [] });
    await gone.close();
    const unreachable = new S3FileStore({ ...opts, endpoint: gone.url, attempts: 2 });
    await expect(unreachable.put(bytes)).rejects.toMatchObject({
      code: "NetworkError",
      message: expect.stringContaining("after 2 attempts"),
    });
  });

  it("refuses an upload the server stored differently from what was sent (ETag ≠ MD5), re-sending it first", async () => {
    const bytes = Buffer.from("Bản sao chứng thực Giấy khai sinh – nội dung phải nguyên vẹn");
    let before = sandbox.requests.length;
    sandbox.corruptNext(1);
    const put = await store.put(bytes);
    expect(requestsSince(before)).toEqual(["PUT 200", "PUT 200"]);
    const stored = await sandbox.stored(BUCKET, put.key);
    expect(stored && Buffer.compare(stored, bytes)).toBe(0);

    before = sandbox.requests.length;
    sandbox.corruptNext(10);
    const err = await new S3FileStore({ ...opts, attempts: 2 }).put(bytes).catch((e: unknown) => e);
    sandbox.corruptNext(0);
    expect(err).toMatchObject({ code: "ETagMismatch" });
    expect((err as Error).message).toContain(`is not the MD5 ${hex(bytes, "md5")}`);
    expect(requestsSince(before)).toEqual(["PUT 200", "PUT 200"]);
  });
});

describe("configuration", () => {
  it("selects the local store by default and reads the S3 variables", () => {
    const dev = loadConfig({});
    expect(dev.fileStore).toBe("local");
    const s3 = loadConfig({
      FILE_STORE: "s3",
      S3_ENDPOINT: "http://minio.internal:9000/",
      S3_BUCKET: "hoso",
      S3_ACCESS_KEY_ID: "ak",
      S3_SECRET_ACCESS_KEY: "sk",
      S3_FORCE_PATH_STYLE: "false",
      S3_REGION: "ap-southeast-1",
    });
    expect(s3.fileStore).toBe("s3");
    expect(s3.s3).toEqual({
      endpoint: "http://minio.internal:9000",
      region: "ap-southeast-1",
      bucket: "hoso",
      accessKeyId: "ak",
      secretAccessKey: "sk",
      forcePathStyle: false,
    });
    // Outside production the defaults point at the local S3 sandbox.
    expect(loadConfig({ FILE_STORE: "s3" }).s3).toMatchObject({
      endpoint: "http://127.0.0.1:3103",
      region: "us-east-1",
      bucket: "motcua",
      forcePathStyle: true,
    });
  });

  it("refuses an unknown store and, in production, missing S3 settings", () => {
    expect(() => loadConfig({ FILE_STORE: "ftp" })).toThrow('FILE_STORE must be "local" or "s3"');
    const prod = { ...PRODUCTION_ENV, FILE_STORE: "s3" };
    expect(() => loadConfig(prod)).toThrow("FILE_STORE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY");
    expect(() =>
      loadConfig({
        ...prod,
        S3_BUCKET: "b",
        S3_ACCESS_KEY_ID: "a",
        S3_SECRET_ACCESS_KEY: "s",
        S3_ENDPOINT: "minio:9000",
      }),
    ).toThrow("S3_ENDPOINT must be an http(s) URL");
    expect(loadConfig({ ...prod, S3_BUCKET: "b", S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "s" }).s3.endpoint).toBe(
      "https://s3.us-east-1.amazonaws.com",
    );
  });
});

/** Everything production requires besides the file store (issue #10 item 15). */
const PRODUCTION_ENV = {
  NODE_ENV: "production",
  SESSION_SECRET: "x".repeat(40),
  DATABASE_URL: "postgres://motcua@db.internal/motcua",
  BASE_URL: "https://dichvucong.example.gov.vn",
  OIDC_ISSUER: "https://sso.example.gov.vn",
  OIDC_CLIENT_ID: "motcua",
  OIDC_CLIENT_SECRET: "s3cret",
  SMTP_URL: "smtp://mail.example.gov.vn:587",
  MAIL_FROM: "Một cửa <no-reply@example.gov.vn>",
};

describe("the upload API with FILE_STORE=s3", () => {
  let sandbox: S3Sandbox;
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startS3Sandbox({
      credentials: [{ accessKeyId: KEY_ID, secretAccessKey: SECRET }],
      buckets: [BUCKET],
    });
    dir = await mkdtemp(join(tmpdir(), "motcua-test-"));
    const config: Config = {
      ...loadConfig({
        NODE_ENV: "test",
        DATA_DIR: dir,
        FILE_STORE: "s3",
        S3_ENDPOINT: sandbox.url,
        S3_BUCKET: BUCKET,
        S3_ACCESS_KEY_ID: KEY_ID,
        S3_SECRET_ACCESS_KEY: SECRET,
      }),
      logLevel: "silent",
    };
    const database = await createTestDatabase();
    const mailer = new RecordingMailer();
    const deps: Deps = {
      config,
      db: database.db,
      dbKind: database.kind,
      files: new S3FileStore({ ...config.s3, baseDelayMs: 5, maxDelayMs: 20, attempts: 2 }),
      mailer,
      now: () => new Date(),
    };
    const app = await buildApp(deps, { logger: false });
    await app.ready();
    ctx = {
      app,
      deps,
      database,
      mailer,
      setNow() {},
      async close() {
        await app.close();
        await database.drop();
      },
    };
  });
  afterAll(async () => {
    await ctx?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("stores a citizen's upload in the bucket and serves it back from there", async () => {
    const an = await loginAsCitizen(ctx);
    const before = sandbox.requests.length;
    const res = await upload(ctx, an, { filename: "to-khai.png", content: PNG, type: "image/png" }, {});
    expect(res.statusCode).toBe(201);
    const f = res.json();
    expect(f).toMatchObject({ name: "to-khai.png", mime: "image/png", size: PNG.length, sha256: hex(PNG) });
    const row = await ctx.deps.db.selectFrom("files").selectAll().where("id", "=", f.id).executeTakeFirstOrThrow();
    expect(row.storage_key).toMatch(KEY_RE);
    expect(sandbox.requests.slice(before)).toEqual([
      { method: "PUT", path: `/${BUCKET}/${row.storage_key}`, status: 200, code: undefined },
    ]);
    const stored = await sandbox.stored(BUCKET, row.storage_key!);
    expect(stored && Buffer.compare(stored, PNG)).toBe(0);
    // Nothing went to the local disk.
    await expect(readdir(ctx.deps.config.filesDir)).rejects.toMatchObject({ code: "ENOENT" });

    const back = await ctx.app.inject({ url: `/api/uploads/${f.id}`, headers: an.headers });
    expect(back.statusCode).toBe(200);
    expect(Buffer.compare(back.rawPayload, PNG)).toBe(0);
    expect(sandbox.requests.at(-1)).toMatchObject({
      method: "GET",
      path: `/${BUCKET}/${row.storage_key}`,
      status: 200,
    });

    // An object lost from the bucket is a server error (logged), not an empty or wrong file.
    await new S3FileStore(ctx.deps.config.s3).remove(row.storage_key!);
    const lost = await ctx.app.inject({ url: `/api/uploads/${f.id}`, headers: an.headers });
    expect(lost.statusCode).toBe(500);
    expect(lost.json().error.code).toBe("internal_error");
    expect(sandbox.requests.at(-1)).toMatchObject({ method: "GET", status: 404, code: "NoSuchKey" });
  });

  it("records nothing when the store keeps failing, and succeeds through a transient failure", async () => {
    const an = await loginAsCitizen(ctx);
    const count = async () =>
      (await ctx.deps.db.selectFrom("files").select(ctx.deps.db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n;
    const n0 = Number(await count());
    sandbox.failNext(5, 503);
    const failed = await upload(ctx, an, { filename: "a.pdf", content: PDF() }, {});
    sandbox.failNext(0);
    // The storage failing is a server error, never reported as the citizen's bad request.
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.code).toBe("internal_error");
    expect(Number(await count())).toBe(n0);

    sandbox.failNext(1, 503);
    const ok = await upload(ctx, an, { filename: "a.pdf", content: PDF() }, {});
    expect(ok.statusCode).toBe(201);
    expect(Number(await count())).toBe(n0 + 1);
  });

  it("does not start the server when the bucket refuses its credentials", async () => {
    const config = loadConfig({
      NODE_ENV: "test",
      DATA_DIR: join(dir, "server"),
      FILE_STORE: "s3",
      S3_ENDPOINT: sandbox.url,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: KEY_ID,
      S3_SECRET_ACCESS_KEY: "not-the-secret",
      PORT: "0",
      DEMO_DATA: "off",
    });
    const before = sandbox.requests.length;
    await expect(startServer(config, { jobs: false })).rejects.toThrow(/403 AccessDenied.*S3_SECRET_ACCESS_KEY/);
    // HEAD bucket: refused (a HEAD answer has no body, so S3 gives no finer code).
    expect(sandbox.requests.slice(before)).toEqual([
      { method: "HEAD", path: `/${BUCKET}`, status: 403, code: "SignatureDoesNotMatch" },
    ]);
  });
});
