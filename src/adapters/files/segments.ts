import { createHash } from "node:crypto";
import { constants } from "node:fs";
import * as fsp from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { type FileStore, newStorageKey, STORAGE_KEY_RE } from "./index.js";

/**
 * A local-disk file store that does not create a file per upload: every stored file is a record appended to the
 * current segment file (`seg-000001.log`, …), and puts that arrive together share one fdatasync (group commit). The
 * index (key → segment, offset, length, checksum) lives in the segments themselves and is rebuilt in memory when the
 * store opens. Single process: one store object per directory.
 *
 * Durability: put and remove resolve only after the record is on disk (fdatasync of the segment; when a segment is
 * created or deleted, fsync of the directory too). Crash recovery on open: the last segment is read through and
 * every record checked (header checksum, complete, SHA-256 of the data); at the first record that fails — the torn
 * tail of a write the crash interrupted, never acknowledged — the file is truncated. A damaged record in an earlier
 * segment (sealed: fully synced before the next one was started) is not a torn tail but damage, and opening fails
 * with its position rather than dropping data silently. Reads check the SHA-256 of what they return.
 *
 * Removal appends a tombstone. compact() rewrites the live records of mostly-dead sealed segments into the current
 * one, makes them durable, and only then deletes the old segment.
 *
 * Record layout (little-endian): magic u32 "MCSG" · version u8 · type u8 (1 put, 2 remove) · key length u16 ·
 * data length u32 · reserved u32 · SHA-256 of the data (32 bytes) · CRC-32 of the 48 bytes before it and the key,
 * u32 · reserved (12 bytes) · key · data.
 */

const MAGIC = 0x4753434d; // "MCSG" read as little-endian u32
const VERSION = 1;
const HEADER = 64;
const PUT = 1;
const REMOVE = 2;
const SEGMENT_NAME = /^seg-(\d{6,})\.log$/;

export interface SegmentFileStoreOptions {
  /** A new segment is started once the current one reaches this size (default 256 MiB). */
  segmentBytes?: number;
}

interface Location {
  segment: number;
  /** Offset of the data (after header and key). */
  offset: number;
  size: number;
  sha256: string;
}

interface Segment {
  id: number;
  path: string;
  handle: fsp.FileHandle;
  size: number;
  /** Bytes of records that are still the current version of a key. */
  liveBytes: number;
  /** Reads in progress, so a compacted segment is closed only after them. */
  readers: number;
  retired?: () => void;
}

interface Pending {
  record: Buffer[];
  bytes: number;
  key: string;
  type: number;
  dataSize: number;
  sha256: string;
  resolve: (loc: Location | undefined) => void;
  reject: (e: unknown) => void;
}

/** A damaged record where damage cannot be a torn tail (a sealed segment). */
export class SegmentDamagedError extends Error {
  constructor(
    readonly segment: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`file store segment ${segment} is damaged at byte ${offset}: ${reason}`);
    this.name = "SegmentDamagedError";
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const segmentName = (id: number) => `seg-${String(id).padStart(6, "0")}.log`;

function encodeHeader(type: number, key: Buffer, dataSize: number, sha: Buffer): Buffer {
  const h = Buffer.alloc(HEADER);
  h.writeUInt32LE(MAGIC, 0);
  h.writeUInt8(VERSION, 4);
  h.writeUInt8(type, 5);
  h.writeUInt16LE(key.length, 6);
  h.writeUInt32LE(dataSize, 8);
  sha.copy(h, 16);
  h.writeUInt32LE(crc32(key, crc32(h.subarray(0, 48))), 48);
  return h;
}

interface DecodedHeader {
  type: number;
  keyLength: number;
  dataSize: number;
  sha256: Buffer;
}

/** The header at the start of `buf` (HEADER bytes + the key), or why it is not one. */
function decodeHeader(h: Buffer): DecodedHeader | string {
  if (h.length < HEADER) return "short header";
  if (h.readUInt32LE(0) !== MAGIC) return "no record marker";
  if (h.readUInt8(4) !== VERSION) return `unknown version ${h.readUInt8(4)}`;
  const type = h.readUInt8(5);
  if (type !== PUT && type !== REMOVE) return `unknown record type ${type}`;
  return { type, keyLength: h.readUInt16LE(6), dataSize: h.readUInt32LE(8), sha256: h.subarray(16, 48) };
}

const headerChecks = (h: Buffer, key: Buffer) => h.readUInt32LE(48) === crc32(key, crc32(h.subarray(0, 48)));

export class SegmentFileStore implements FileStore {
  private readonly index = new Map<string, Location>();
  private readonly segments = new Map<number, Segment>();
  private current!: Segment;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  private readonly segmentBytes: number;
  /** fdatasync calls made by put and remove (one per batch), for operations and tests. */
  syncs = 0;

  private constructor(
    readonly dir: string,
    opts: SegmentFileStoreOptions,
  ) {
    this.segmentBytes = opts.segmentBytes ?? 256 * 1024 * 1024;
  }

  /** Opens (creating if needed) the store in `dir`, recovering from a crash if there was one. */
  static async open(dir: string, opts: SegmentFileStoreOptions = {}): Promise<SegmentFileStore> {
    const store = new SegmentFileStore(dir, opts);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    const ids = (await fsp.readdir(this.dir))
      .map((n) => SEGMENT_NAME.exec(n))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const [i, id] of ids.entries()) await this.scan(id, i === ids.length - 1);
    if (ids.length === 0) await this.startSegment(1);
    else this.current = this.segments.get(ids[ids.length - 1])!;
  }

  /** Reads one segment's records into the index; the last segment is checked in full and its torn tail cut off. */
  private async scan(id: number, last: boolean): Promise<void> {
    const path = join(this.dir, segmentName(id));
    const handle = await fsp.open(path, last ? "r+" : "r");
    const fileSize = (await handle.stat()).size;
    const seg: Segment = { id, path, handle, size: 0, liveBytes: 0, readers: 0 };
    this.segments.set(id, seg);
    let offset = 0;
    const head = Buffer.alloc(HEADER);
    while (offset < fileSize) {
      const { bytesRead } = await handle.read(head, 0, Math.min(HEADER, fileSize - offset), offset);
      const h = decodeHeader(head.subarray(0, bytesRead));
      let problem = typeof h === "string" ? h : undefined;
      let key = "";
      if (typeof h !== "string") {
        if (offset + HEADER + h.keyLength + h.dataSize > fileSize) problem = "record runs past the end";
        else {
          const keyBuf = Buffer.alloc(h.keyLength);
          await handle.read(keyBuf, 0, h.keyLength, offset + HEADER);
          key = keyBuf.toString("utf8");
          if (!headerChecks(head, keyBuf)) problem = "header checksum";
          else if (!STORAGE_KEY_RE.test(key)) problem = "bad key";
          else if (last && h.type === PUT) {
            const data = Buffer.alloc(h.dataSize);
            await handle.read(data, 0, h.dataSize, offset + HEADER + h.keyLength);
            if (!createHash("sha256").update(data).digest().equals(h.sha256)) problem = "data checksum";
          }
        }
      }
      if (problem !== undefined || typeof h === "string") {
        if (!last) {
          await handle.close();
          throw new SegmentDamagedError(path, offset, problem ?? "unreadable");
        }
        // The torn tail of the last write before a crash: never acknowledged, cut off.
        await handle.truncate(offset);
        await handle.sync();
        break;
      }
      const rec = h;
      const total = HEADER + rec.keyLength + rec.dataSize;
      this.forget(key);
      if (rec.type === PUT) {
        this.index.set(key, {
          segment: id,
          offset: offset + HEADER + rec.keyLength,
          size: rec.dataSize,
          sha256: hex(rec.sha256),
        });
        seg.liveBytes += total;
      }
      offset += total;
    }
    seg.size = offset;
  }

  /** Drops the index entry of `key`, if any, from its segment's live bytes. */
  private forget(key: string): void {
    const old = this.index.get(key);
    if (!old) return;
    this.index.delete(key);
    const seg = this.segments.get(old.segment);
    if (seg) seg.liveBytes -= HEADER + Buffer.byteLength(key) + old.size;
  }

  private async startSegment(id: number): Promise<void> {
    const path = join(this.dir, segmentName(id));
    const handle = await fsp.open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    await this.syncDir(); // the new segment's directory entry is durable before any record in it is acknowledged
    const seg: Segment = { id, path, handle, size: 0, liveBytes: 0, readers: 0 };
    this.segments.set(id, seg);
    this.current = seg;
  }

  private async syncDir(): Promise<void> {
    const d = await fsp.open(this.dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }

  async put(bytes: Uint8Array) {
    const key = newStorageKey();
    const sha = createHash("sha256").update(bytes).digest();
    await this.append(PUT, key, bytes, sha);
    return { key, sha256: hex(sha), size: bytes.byteLength };
  }

  async get(key: string): Promise<Buffer> {
    const loc = this.index.get(key);
    if (!loc) throw Object.assign(new Error(`no such file ${key}`), { code: "ENOENT" });
    const seg = this.segments.get(loc.segment)!;
    seg.readers++;
    try {
      const data = Buffer.allocUnsafe(loc.size);
      const { bytesRead } = await seg.handle.read(data, 0, loc.size, loc.offset);
      if (bytesRead !== loc.size || createHash("sha256").update(data).digest("hex") !== loc.sha256)
        throw new SegmentDamagedError(seg.path, loc.offset, `file ${key} does not match its checksum`);
      return data;
    } finally {
      seg.readers--;
      if (seg.readers === 0) seg.retired?.();
    }
  }

  async exists(key: string): Promise<boolean> {
    return this.index.has(key);
  }

  async remove(key: string): Promise<void> {
    if (!this.index.has(key)) return;
    await this.append(REMOVE, key, new Uint8Array(0), createHash("sha256").digest());
  }

  /** Appends one record and resolves once it is durable (see flush). */
  private append(type: number, key: string, data: Uint8Array, sha: Buffer): Promise<Location | undefined> {
    if (this.closed) return Promise.reject(new Error("file store closed"));
    if (data.byteLength > 0xffffffff) return Promise.reject(new Error("file too large for a segment record"));
    const keyBuf = Buffer.from(key, "utf8");
    const header = encodeHeader(type, keyBuf, data.byteLength, sha);
    return new Promise((resolve, reject) => {
      this.queue.push({
        record: [header, keyBuf, Buffer.from(data.buffer, data.byteOffset, data.byteLength)],
        bytes: HEADER + keyBuf.length + data.byteLength,
        key,
        type,
        dataSize: data.byteLength,
        sha256: hex(sha),
        resolve,
        reject,
      });
      // Started on the next microtask, so that puts issued together form one batch.
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
  }

  /**
   * Group commit: whatever is queued is written in one writev at the end of the current segment and made durable by
   * one fdatasync; then the index learns the new records and their callers are answered. Records queued meanwhile
   * form the next batch.
   */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          if (this.current.size >= this.segmentBytes) await this.startSegment(this.current.id + 1);
          const seg = this.current;
          const start = seg.size;
          const buffers = batch.flatMap((p) => p.record);
          const total = batch.reduce((n, p) => n + p.bytes, 0);
          let written = 0;
          while (written < total) {
            const { bytesWritten } = await seg.handle.writev(
              written === 0 ? buffers : remaining(buffers, written),
              start + written,
            );
            written += bytesWritten;
          }
          await seg.handle.datasync();
          this.syncs++;
          seg.size = start + total;
          let at = start;
          for (const p of batch) {
            this.forget(p.key);
            let loc: Location | undefined;
            if (p.type === PUT) {
              loc = { segment: seg.id, offset: at + p.bytes - p.dataSize, size: p.dataSize, sha256: p.sha256 };
              this.index.set(p.key, loc);
              seg.liveBytes += p.bytes;
            }
            at += p.bytes;
            p.resolve(loc);
          }
        } catch (e) {
          // Nothing of this batch is acknowledged; cut whatever part of it reached the file, so that the next
          // batch does not follow a hole (recovery would stop there).
          await this.current.handle.truncate(this.current.size).catch(() => {});
          for (const p of batch) p.reject(e);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** Bytes on disk and live bytes per segment, for operations and tests. */
  stats(): Array<{ segment: string; bytes: number; liveBytes: number }> {
    return [...this.segments.values()]
      .sort((a, b) => a.id - b.id)
      .map((s) => ({ segment: segmentName(s.id), bytes: s.size, liveBytes: s.liveBytes }));
  }

  /**
   * Rewrites the live records of every sealed segment whose live share fell below `minLiveRatio` into the current
   * segment, and deletes that segment once the copies are durable. Tombstones are carried over while an older segment
   * that may still hold the removed record exists. Safe against a crash at any point: until the old segment is
   * deleted both copies exist, and a key's latest record wins on recovery.
   */
  async compact(minLiveRatio = 0.5): Promise<{ segmentsRemoved: number; bytesFreed: number }> {
    let segmentsRemoved = 0;
    let bytesFreed = 0;
    const sealed = [...this.segments.values()].filter((s) => s !== this.current).sort((a, b) => a.id - b.id);
    for (const seg of sealed) {
      if (seg.size > 0 && seg.liveBytes / seg.size >= minLiveRatio) continue;
      const olderExists = [...this.segments.keys()].some((id) => id < seg.id);
      const head = Buffer.alloc(HEADER);
      let offset = 0;
      const copies: Array<Promise<unknown>> = [];
      while (offset < seg.size) {
        await seg.handle.read(head, 0, HEADER, offset);
        const h = decodeHeader(head);
        if (typeof h === "string") throw new SegmentDamagedError(seg.path, offset, h);
        const keyBuf = Buffer.alloc(h.keyLength);
        await seg.handle.read(keyBuf, 0, h.keyLength, offset + HEADER);
        const key = keyBuf.toString("utf8");
        const loc = this.index.get(key);
        if (h.type === PUT && loc?.segment === seg.id && loc.offset === offset + HEADER + h.keyLength) {
          const data = await this.get(key);
          copies.push(this.append(PUT, key, data, Buffer.from(h.sha256)));
        } else if (h.type === REMOVE && olderExists) {
          copies.push(this.append(REMOVE, key, new Uint8Array(0), Buffer.from(h.sha256)));
        }
        offset += HEADER + h.keyLength + h.dataSize;
      }
      await Promise.all(copies);
      this.segments.delete(seg.id);
      if (seg.readers > 0) await new Promise<void>((r) => (seg.retired = r));
      await seg.handle.close();
      await fsp.unlink(seg.path);
      await this.syncDir();
      segmentsRemoved++;
      bytesFreed += seg.size;
    }
    return { segmentsRemoved, bytesFreed };
  }

  /** Waits for queued writes and closes the segment files. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    for (const s of this.segments.values()) await s.handle.close();
    this.segments.clear();
  }
}

/** The buffers left after the first `skip` bytes of `buffers`. */
function remaining(buffers: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
