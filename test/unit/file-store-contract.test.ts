import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FileStore, LocalFileStore, STORAGE_KEY_RE } from "../../src/adapters/files/index.js";
import { S3FileStore } from "../../src/adapters/files/s3.js";
import { SegmentFileStore } from "../../src/adapters/files/segments.js";
import { type S3Sandbox, startS3Sandbox } from "../../src/sandboxes/s3/server.js";

/** The FileStore port's contract, the same for every store behind it. */

interface Subject {
  store: FileStore;
  close(): Promise<void>;
}

const stores: Array<[string, () => Promise<Subject>]> = [
  [
    "local disk, one file per upload",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "motcua-files-"));
      return { store: new LocalFileStore(dir), close: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
  [
    "local disk, segments",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "motcua-segments-"));
      const store = await SegmentFileStore.open(dir, { segmentBytes: 256 * 1024 });
      return {
        store,
        close: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    "S3-compatible (sandbox)",
    async () => {
      const sandbox: S3Sandbox = await startS3Sandbox({
        credentials: [{ accessKeyId: "contract", secretAccessKey: "contract-secret-0123456789abcdef" }],
        buckets: ["contract"],
      });
      const store = new S3FileStore({
        endpoint: sandbox.url,
        region: "us-east-1",
        bucket: "contract",
        accessKeyId: "contract",
        secretAccessKey: "contract-secret-0123456789abcdef",
        forcePathStyle: true,
        baseDelayMs: 5,
        maxDelayMs: 20,
      });
      return { store, close: () => sandbox.close() };
    },
  ],
];

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe.each(stores)("FileStore contract: %s", (_name, make) => {
  let subject: Subject;
  let store: FileStore;
  beforeAll(async () => {
    subject = await make();
    store = subject.store;
  });
  afterAll(() => subject.close());

  it("gives back exactly the bytes stored, with their SHA-256, size and a key of the common shape", async () => {
    const bytes = randomBytes(150_000);
    const put = await store.put(bytes);
    expect(put.key).toMatch(STORAGE_KEY_RE);
    expect(put).toMatchObject({ sha256: sha(bytes), size: 150_000 });
    const back = await store.get(put.key);
    expect(Buffer.compare(back, bytes)).toBe(0);
    expect(await store.exists(put.key)).toBe(true);
  });

  it("keeps an empty file and a one-byte file", async () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.of(7)]) {
      const put = await store.put(bytes);
      expect(put.size).toBe(bytes.byteLength);
      expect([...(await store.get(put.key))]).toEqual([...bytes]);
    }
  });

  it("stores concurrent puts under distinct keys, each readable", async () => {
    const many = Array.from({ length: 24 }, (_, i) => randomBytes(1000 + i * 97));
    const puts = await Promise.all(many.map((b) => store.put(b)));
    expect(new Set(puts.map((p) => p.key)).size).toBe(many.length);
    for (const [i, p] of puts.entries()) {
      expect(p.sha256).toBe(sha(many[i]));
      expect(Buffer.compare(await store.get(p.key), many[i])).toBe(0);
    }
  });

  it("forgets a removed file: exists is false and get fails; removing twice or an unknown key is no error", async () => {
    const put = await store.put(randomBytes(500));
    await store.remove(put.key);
    expect(await store.exists(put.key)).toBe(false);
    await expect(store.get(put.key)).rejects.toBeInstanceOf(Error);
    await store.remove(put.key);
    await store.remove("ab/abababab-abab-4bab-8bab-abababababab");
    expect(await store.exists("ab/abababab-abab-4bab-8bab-abababababab")).toBe(false);
  });
});
