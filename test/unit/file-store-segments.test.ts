import { createHash, randomBytes } from "node:crypto";
import { appendFile, mkdtemp, open, readdir, rm, stat, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SegmentDamagedError, SegmentFileStore } from "../../src/adapters/files/segments.js";

/**
 * The segment store's own promises beyond the port contract: no file per upload, group commit, crash recovery (a
 * torn tail is found and cut off, acknowledged records survive), damage outside the tail refused, compaction.
 * A crash is simulated by closing the store and damaging the end of its last segment as an interrupted write would.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "motcua-segments-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const segmentFiles = async () => (await readdir(dir)).filter((n) => n.endsWith(".log")).sort();
const lastSegment = async () => join(dir, (await segmentFiles()).at(-1)!);

describe("SegmentFileStore", () => {
  it("creates no file per upload: many puts land in one segment file", async () => {
    const store = await SegmentFileStore.open(dir);
    await Promise.all(Array.from({ length: 50 }, () => store.put(randomBytes(2000))));
    expect(await readdir(dir)).toEqual(["seg-000001.log"]);
    await store.close();
  });

  it("reopens with every acknowledged record", async () => {
    const store = await SegmentFileStore.open(dir);
    const files = Array.from({ length: 20 }, (_, i) => randomBytes(3000 + i));
    const puts = await Promise.all(files.map((b) => store.put(b)));
    await store.remove(puts[3].key);
    await store.close();
    const again = await SegmentFileStore.open(dir);
    for (const [i, p] of puts.entries()) {
      if (i === 3) expect(await again.exists(p.key)).toBe(false);
      else expect(Buffer.compare(await again.get(p.key), files[i])).toBe(0);
    }
    await again.close();
  });

  it("cuts off a torn tail (a partial record after a crash) and keeps the good records before it", async () => {
    const store = await SegmentFileStore.open(dir);
    const good = [randomBytes(10_000), randomBytes(20_000)];
    const puts = [await store.put(good[0]), await store.put(good[1])];
    const torn = await store.put(randomBytes(30_000));
    await store.close();
    const path = await lastSegment();
    const full = (await stat(path)).size;
    // The crash interrupted the last record's write: only part of its data reached the disk.
    await truncate(path, full - 12_345);
    const again = await SegmentFileStore.open(dir);
    expect(Buffer.compare(await again.get(puts[0].key), good[0])).toBe(0);
    expect(Buffer.compare(await again.get(puts[1].key), good[1])).toBe(0);
    expect(await again.exists(torn.key)).toBe(false);
    const cut = (await stat(path)).size;
    expect(cut).toBeLessThan(full - 30_000); // the partial record is gone from the file, not only from the index
    // Writing goes on after the cut, and what is written now survives the next reopening.
    const after = randomBytes(5000);
    const p = await again.put(after);
    await again.close();
    const third = await SegmentFileStore.open(dir);
    expect(Buffer.compare(await third.get(p.key), after)).toBe(0);
    expect(Buffer.compare(await third.get(puts[1].key), good[1])).toBe(0);
    await third.close();
  });

  it("cuts off a tail whose header is half written, or whose data does not match its checksum", async () => {
    const store = await SegmentFileStore.open(dir);
    const keep = randomBytes(4000);
    const kept = await store.put(keep);
    const last = await store.put(randomBytes(4000));
    await store.close();
    const path = await lastSegment();
    const sizeWithBoth = (await stat(path)).size;
    // Flip one byte of the last record's data (a sector that did not make it).
    const fh = await open(path, "r+");
    await fh.write(Buffer.from([0xff ^ 0x5a]), 0, 1, sizeWithBoth - 10);
    await fh.close();
    // And a half-written header of yet another record behind it.
    await appendFile(path, Buffer.from("MCSG\u0001\u0001"));
    const again = await SegmentFileStore.open(dir);
    expect(Buffer.compare(await again.get(kept.key), keep)).toBe(0);
    expect(await again.exists(last.key)).toBe(false);
    expect((await stat(path)).size).toBe(sizeWithBoth - (64 + 39 + 4000));
    await again.close();
  });

  it("refuses to open over damage in a sealed segment instead of dropping its records", async () => {
    const store = await SegmentFileStore.open(dir, { segmentBytes: 10_000 });
    for (let i = 0; i < 6; i++) await store.put(randomBytes(6000));
    await store.close();
    const files = await segmentFiles();
    expect(files.length).toBeGreaterThan(2);
    const first = join(dir, files[0]);
    const fh = await open(first, "r+");
    await fh.write(Buffer.from("XXXX"), 0, 4, 0); // the record marker of its first record
    await fh.close();
    await expect(SegmentFileStore.open(dir)).rejects.toBeInstanceOf(SegmentDamagedError);
  });

  it("detects a stored file whose bytes changed on disk when reading it", async () => {
    const store = await SegmentFileStore.open(dir);
    const p = await store.put(randomBytes(1000));
    const fh = await open(await lastSegment(), "r+");
    await fh.write(Buffer.from([1, 2, 3]), 0, 3, 64 + 39 + 500);
    await fh.close();
    await expect(store.get(p.key)).rejects.toBeInstanceOf(SegmentDamagedError);
    await store.close();
  });

  it("starts a new segment when the current one is full", async () => {
    const store = await SegmentFileStore.open(dir, { segmentBytes: 50_000 });
    const puts = [];
    for (let i = 0; i < 10; i++) puts.push(await store.put(randomBytes(20_000)));
    expect((await segmentFiles()).length).toBeGreaterThanOrEqual(4);
    for (const p of puts) expect((await store.get(p.key)).length).toBe(20_000);
    await store.close();
  });

  it("compacts mostly-removed segments: frees their space, keeps the live files, keeps removed files removed", async () => {
    const store = await SegmentFileStore.open(dir, { segmentBytes: 40_000 });
    const files = Array.from({ length: 12 }, () => randomBytes(15_000));
    const puts: Array<{ key: string }> = [];
    for (const f of files) puts.push(await store.put(f));
    const removed = puts.filter((_, i) => i % 4 !== 0);
    for (const p of removed) await store.remove(p.key);
    const before = await segmentFiles();
    const r = await store.compact(0.5);
    expect(r.segmentsRemoved).toBeGreaterThan(0);
    const after = await segmentFiles();
    expect(after.length).toBeLessThan(before.length + 1);
    const bytesOnDisk = async () => {
      let n = 0;
      for (const f of await segmentFiles()) n += (await stat(join(dir, f))).size;
      return n;
    };
    expect(await bytesOnDisk()).toBeLessThan(12 * 15_000);
    const check = async (s: SegmentFileStore) => {
      for (const [i, p] of puts.entries()) {
        if (i % 4 === 0) expect(Buffer.compare(await s.get(p.key), files[i])).toBe(0);
        else expect(await s.exists(p.key)).toBe(false);
      }
    };
    await check(store);
    await store.close();
    const again = await SegmentFileStore.open(dir, { segmentBytes: 40_000 });
    await check(again);
    await again.close();
  });

  it("answers concurrent puts with one fdatasync per batch (group commit), each durable", async () => {
    const store = await SegmentFileStore.open(dir);
    const files = Array.from({ length: 40 }, () => randomBytes(2048));
    const puts = await Promise.all(files.map((f) => store.put(f)));
    expect(store.syncs).toBeLessThan(files.length / 4);
    await store.close();
    const again = await SegmentFileStore.open(dir);
    for (const [i, p] of puts.entries()) {
      expect(
        createHash("sha256")
          .update(await again.get(p.key))
          .digest("hex"),
      ).toBe(p.sha256);
      expect(p.sha256).toBe(createHash("sha256").update(files[i]).digest("hex"));
    }
    await again.close();
  });
});
