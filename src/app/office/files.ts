/**
 * Files of the office: generated documents (result PDFs, forms) and authorised reads with an audit record. Uploads
 * (scans at the counter, results, supplements) go through the one upload pipeline, src/app/uploads.ts.
 */
import { readStored } from "../file-bytes.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { canSee, loadDossier, type Tx } from "./context.js";
import { AppError, DOSSIER_NOT_FOUND } from "./errors.js";

import type { StoredFile } from "../uploads.js";

export type { StoredFile };
export { storeUpload } from "../uploads.js";

/** Stores a generated PDF owned by the dossier, in the caller's transaction. */
export async function storeGeneratedFile(
  deps: Deps,
  tx: Tx,
  bytes: Buffer,
  name: string,
  dossierId: string,
): Promise<string> {
  const put = await deps.files.put(bytes);
  const row = await tx
    .insertInto("files")
    .values({
      storage_key: put.key,
      sha256: put.sha256,
      size: put.size,
      mime: "application/pdf",
      name,
      owner_kind: "dossier",
      owner_id: dossierId,
      created_at: deps.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Reads a file for an officer: files of a dossier they may see, or their own uploads. Writes an audit record.
 * Throws 404 otherwise (other units' files do not exist for them).
 */
export async function readFileForOfficer(
  deps: Deps,
  officer: Officer,
  fileId: string,
  meta: { ip?: string | null } = {},
): Promise<{ file: StoredFile; bytes: Buffer }> {
  const notFound = () => new AppError(404, "file_not_found", { vi: "Không tìm thấy tệp.", en: "File not found." });
  if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw notFound();
  const f = await deps.db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst();
  if (!f) throw notFound();
  let dossierId: string | null = null;
  const own = f.owner_kind === "officer" && f.owner_id === officer.id;
  if (!own) {
    const links = await deps.db
      .selectFrom("dossier_files")
      .select("dossier_id")
      .where("file_id", "=", fileId)
      .execute();
    for (const link of links) {
      const l = await loadDossier(deps.db, link.dossier_id);
      if (l && canSee(officer, l)) {
        dossierId = link.dossier_id;
        break;
      }
    }
    if (!dossierId) throw notFound();
  }
  const stored = await readStored(deps, f);
  await deps.db
    .insertInto("audit_log")
    .values({
      at: deps.now(),
      actor_kind: "officer",
      actor_id: officer.id,
      unit_id: officer.unitId,
      action: "file.download",
      target: fileId,
      ip: meta.ip ?? null,
      data: JSON.stringify({ dossierId, name: f.name }),
    })
    .execute();
  return {
    file: { id: f.id, name: f.name, mime: f.mime, size: stored.size, sha256: stored.sha256 },
    bytes: stored.bytes,
  };
}

export { DOSSIER_NOT_FOUND };
