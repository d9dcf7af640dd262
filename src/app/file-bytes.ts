/**
 * The one way to read a stored file's bytes. Most files are stored when they are written; a generated document may
 * be written as a row that says what to render (`files.render`, migration 0046) — the application form rendered from
 * a dossier's e-form — and is rendered, stored and filled in here at its first read. When two readers race, the first
 * update wins and the other's copy is removed, so a file never changes once it has bytes.
 */
import type { Deps } from "./deps.js";
import { renderDossierDeclaration } from "./declarations.js";

export interface StoredBytes {
  key: string;
  sha256: string;
  size: number;
}

/** Renders and stores a file that has no bytes yet; returns where its bytes are (its own or a racing reader's). */
export async function materialiseFile(deps: Deps, fileId: string): Promise<StoredBytes & { bytes?: Buffer }> {
  const f = await deps.db
    .selectFrom("files as f")
    .leftJoin("dossier_files as df", "df.file_id", "f.id")
    .select(["f.storage_key", "f.sha256", "f.size", "f.render", "f.owner_kind", "f.owner_id", "df.component_code"])
    .where("f.id", "=", fileId)
    .executeTakeFirstOrThrow();
  if (f.storage_key !== null && f.sha256 !== null && f.size !== null)
    return { key: f.storage_key, sha256: f.sha256, size: f.size };
  if (f.render !== "declaration" || f.owner_kind !== "dossier" || !f.owner_id || !f.component_code)
    throw new Error(`file ${fileId} has no bytes and nothing to render them from`);
  const bytes = await renderDossierDeclaration(deps.db, f.owner_id, f.component_code);
  const put = await deps.files.put(bytes);
  const won = await deps.db
    .updateTable("files")
    .set({ storage_key: put.key, sha256: put.sha256, size: put.size })
    .where("id", "=", fileId)
    .where("storage_key", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (won) return { key: put.key, sha256: put.sha256, size: put.size, bytes };
  await deps.files.remove(put.key);
  return materialiseFile(deps, fileId);
}

/** The bytes of a file row (rendered first when it has none yet). */
export async function fileBytes(deps: Deps, f: { id: string; storage_key: string | null }): Promise<Buffer> {
  if (f.storage_key !== null) return deps.files.get(f.storage_key);
  const m = await materialiseFile(deps, f.id);
  return m.bytes ?? deps.files.get(m.key);
}

/** The bytes of a file row with its checksum and size (rendered first when it has none yet). */
export async function readStored(
  deps: Deps,
  f: { id: string; storage_key: string | null; sha256: string | null; size: number | string | null },
): Promise<StoredBytes & { bytes: Buffer }> {
  if (f.storage_key !== null && f.sha256 !== null && f.size !== null)
    return { key: f.storage_key, sha256: f.sha256, size: Number(f.size), bytes: await deps.files.get(f.storage_key) };
  const m = await materialiseFile(deps, f.id);
  return { ...m, bytes: m.bytes ?? (await deps.files.get(m.key)) };
}

/**
 * The checksum and size of an uploaded file: uploads are stored when they are written, so only a generated document
 * can lack them — an upload without them is a broken invariant, not an input error.
 */
export function uploaded<T extends { id: string; sha256: string | null; size: number | string | null }>(
  f: T,
): Omit<T, "sha256" | "size"> & { sha256: string; size: number } {
  if (f.sha256 === null || f.size === null) throw new Error(`file ${f.id} is not an upload (no bytes stored)`);
  return { ...f, sha256: f.sha256, size: Number(f.size) };
}

/** Renders the files of a dossier that have no bytes yet (before sending their checksums elsewhere). */
export async function materialiseDossierFiles(deps: Deps, dossierId: string): Promise<void> {
  const pending = await deps.db
    .selectFrom("dossier_files as df")
    .innerJoin("files as f", "f.id", "df.file_id")
    .select("f.id")
    .where("df.dossier_id", "=", dossierId)
    .where("f.storage_key", "is", null)
    .execute();
  for (const p of pending) await materialiseFile(deps, p.id);
}
