import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
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

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private path(key: string) {
    if (!STORAGE_KEY_RE.test(key)) throw new Error(`invalid storage key ${key}`);
    return join(this.root, key);
  }

  async put(bytes: Uint8Array) {
    const key = newStorageKey();
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp`;
    // flush: fsync before rename, so an accepted upload survives a crash
    await writeFile(tmp, bytes, { flush: true });
    await rename(tmp, path);
    return { key, sha256: sha256(bytes), size: bytes.byteLength };
  }

  get(key: string) {
    return readFile(this.path(key));
  }

  async exists(key: string) {
    try {
      await stat(this.path(key));
      return true;
    } catch {
      return false;
    }
  }

  async remove(key: string) {
    await unlink(this.path(key)).catch(() => {});
  }
}
