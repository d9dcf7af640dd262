import * as fsp from "node:fs/promises";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStoreUnavailableError, LocalFileStore, type LocalFs } from "../../src/adapters/files/index.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { counts, insertSubmitProcedure, PDF, upload } from "./submission-helpers.js";

/** Issue #10 item 9: acknowledged means on disk; a failing store leaves nothing behind and recovers. */

type Step = string;

/**
 * The real file system, recording what the store does, and failing where asked: `failWrite` makes the next writes
 * put half the bytes on disk and then fail with that error code (a disk filling up); `failSync` fails the fsync.
 */
function seam() {
  const steps: Step[] = [];
  const faults: { write?: string; sync?: string } = {};
  const fail = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
  const fs: LocalFs = {
    ...fsp,
    open: (async (path: string, flags?: string) => {
      const fh = await fsp.open(path, flags);
      steps.push(`open ${path}`);
      return {
        writeFile: async (data: Uint8Array) => {
          if (faults.write) {
            await fh.writeFile(data.subarray(0, Math.floor(data.byteLength / 2)));
            throw fail(faults.write);
          }
          await fh.writeFile(data);
          steps.push(`write ${path}`);
        },
        sync: async () => {
          if (faults.sync) throw fail(faults.sync);
          await fh.sync();
          steps.push(`sync ${path}`);
        },
        close: () => fh.close(),
      };
    }) as unknown as LocalFs["open"],
    rename: async (from, to) => {
      await fsp.rename(from, to);
      steps.push(`rename ${from} -> ${to}`);
    },
  };
  return { fs, steps, faults };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
  } catch {
    return [];
  }
}

describe("the local file store", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "motcua-files-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("fsyncs the file, renames it into place, then fsyncs the directory that holds the new entry", async () => {
    const { fs, steps } = seam();
    const store = new LocalFileStore(dir, fs);
    const bytes = Buffer.from("giấy tờ đã nhận");
    const put = await store.put(bytes);
    const final = join(dir, put.key);
    // the shard directory is new: its own entry in the store's root is made durable before the file goes in it
    expect(steps.slice(0, 2)).toEqual([`open ${dir}`, `sync ${dir}`]);
    const tmp = /^open (.+\.tmp)$/.exec(steps[2])?.[1];
    expect(tmp).toBeDefined();
    expect(steps.slice(2)).toEqual([
      `open ${tmp}`,
      `write ${tmp}`,
      `sync ${tmp}`,
      `rename ${tmp} -> ${final}`,
      `open ${dirname(final)}`,
      `sync ${dirname(final)}`,
    ]);
    expect(await store.get(put.key)).toEqual(bytes);

    // a shard this store made already: no directory work, just the file, its rename and its directory
    for (;;) {
      steps.length = 0;
      const next = await store.put(bytes);
      if (dirname(next.key) === dirname(put.key)) break;
    }
    expect(steps).toHaveLength(6);
    expect(steps[0]).toMatch(/^open .+\.tmp$/);
  });

  for (const [fault, code] of [
    ["write", "ENOSPC"],
    ["write", "EIO"],
    ["sync", "EIO"],
  ] as const) {
    it(`removes its temporary file when the ${fault} fails with ${code}, and writes again once the cause is gone`, async () => {
      const { fs, faults } = seam();
      const store = new LocalFileStore(dir, fs);
      const before = await filesUnder(dir);
      faults[fault] = code;
      const err = await store.put(Buffer.alloc(64 * 1024, 7)).catch((e) => e);
      expect(err).toBeInstanceOf(FileStoreUnavailableError);
      expect(err.code).toBe(code);
      expect(await filesUnder(dir)).toEqual(before); // no half file, no temporary file
      faults[fault] = undefined;
      const ok = await store.put(Buffer.from("sau khi giải phóng dung lượng"));
      expect((await store.get(ok.key)).toString()).toBe("sau khi giải phóng dung lượng");
    });
  }
});

describe("an upload when the file store is full", () => {
  let ctx: TestContext;
  let an: TestCitizen;
  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: "2026-03-16T02:30:00.000Z" });
    await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
  });
  afterAll(() => ctx.close());

  it("answers a clean, localised 503 with Retry-After, records nothing, and accepts the next upload once there is room", async () => {
    const { fs, faults } = seam();
    ctx.deps.files = new LocalFileStore(ctx.deps.config.filesDir, fs);
    const before = await counts(ctx);
    faults.write = "ENOSPC";
    const full = await upload(ctx, an, { filename: "to-khai.pdf", content: PDF() });
    expect(full.statusCode).toBe(503);
    expect(full.headers["retry-after"]).toBe("60");
    expect(full.json().error).toMatchObject({
      code: "file_store_unavailable",
      message: "Hệ thống tạm thời không lưu được tệp. Hồ sơ chưa được ghi nhận; vui lòng thử lại sau.",
    });
    expect(await counts(ctx)).toEqual(before);
    expect(await filesUnder(ctx.deps.config.filesDir)).toEqual([]);
    faults.write = undefined;
    const ok = await upload(ctx, an, { filename: "to-khai.pdf", content: PDF() });
    expect(ok.statusCode).toBe(201);
    expect(await filesUnder(ctx.deps.config.filesDir)).toHaveLength(1);
  });
});
