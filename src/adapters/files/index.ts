import { createHash, randomUUID } from "node:crypto";
import * as fsp from "node:fs/promises";
import { dirname, join } from "node:path";

/** Where uploaded papers, results and generated documents live. Local disk by default; S3-compatible in clusters. */
export interface FileStore {
  /** Stores bytes durably (fsync'd before it resolves) and returns the storage key and checksum. */
  put(bytes: Uint8Array): Promise<{ key: string; sha256: string; size: number }>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Storage keys: `ab/<uuid>` (the first two characters of a random UUID, then the UUID). Same for every store. */
export const STORAGE_KEY_RE = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

/**
 * The file store could not keep the bytes (disk full, I/O error, read-only file system). Nothing was left behind;
 * the HTTP layer answers 503 with a retry hint, and later writes succeed once the cause is gone.
 */
export class FileStoreUnavailableError extends Error {
  constructor(
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`file store unavailable (${code})`, options);
    this.name = "FileStoreUnavailableError";
  }
}

/** The file-system calls the local store makes: node:fs/promises, or a stand-in that injects failures in tests. */
export interface LocalFs {
  mkdir: typeof fsp.mkdir;
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
  readFile: typeof fsp.readFile;
  stat: typeof fsp.stat;
}

export class LocalFileStore implements FileStore {
  constructor(
    private readonly root: string,
    private readonly fs: LocalFs = fsp,
  ) {}

  private path(key: string) {
    if (!STORAGE_KEY_RE.test(key)) throw new Error(`invalid storage key ${key}`);
    return join(this.root, key);
  }

  /**
   * Durable before it resolves: the bytes are written to a temporary file and fsync'd, renamed into place, and the
   * directory is fsync'd so the new entry itself survives a crash. A failure at any step removes the temporary file
   * (a full disk is not filled further with halves of uploads) and throws FileStoreUnavailableError.
   */
  async put(bytes: Uint8Array) {
    const key = newStorageKey();
    const path = this.path(key);
    const dir = dirname(path);
    const tmp = `${path}.${randomUUID()}.tmp`;
    try {
      await this.ensureDir(dir);
      const fh = await this.fs.open(tmp, "wx").catch(async (e: NodeJS.ErrnoException) => {
        // the directory went away behind this process's back (removed by hand): make it again, once
        if (e.code !== "ENOENT") throw e;
        this.dirs.delete(dir);
        await this.ensureDir(dir);
        return this.fs.open(tmp, "wx");
      });
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await this.fs.rename(tmp, path);
      await this.syncDir(dir);
    } catch (e) {
      await this.fs.unlink(tmp).catch(() => {});
      const code = (e as NodeJS.ErrnoException).code ?? "EIO";
      throw new FileStoreUnavailableError(code, { cause: e });
    }
    return { key, sha256: sha256(bytes), size: bytes.byteLength };
  }

  /** The shard directories known to exist (created durably) in this process: one mkdir per shard, not per put. */
  private readonly dirs = new Set<string>();

  /**
   * Makes a shard directory once per process. When this call created it (or the root), the parent's entry is
   * fsync'd too: a file's own directory entry is durable only if its directory's is.
   */
  private async ensureDir(dir: string) {
    if (this.dirs.has(dir)) return;
    const first = await this.fs.mkdir(dir, { recursive: true });
    if (first !== undefined) {
      if (first !== dir) await this.syncDir(dirname(first)).catch(() => {});
      await this.syncDir(dirname(dir));
    }
    this.dirs.add(dir);
  }

  private async syncDir(dir: string) {
    const dh = await this.fs.open(dir, "r");
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  get(key: string) {
    return this.fs.readFile(this.path(key));
  }

  async exists(key: string) {
    try {
      await this.fs.stat(this.path(key));
      return true;
    } catch {
      return false;
    }
  }

  async remove(key: string) {
    await this.fs.unlink(this.path(key)).catch(() => {});
  }
}
