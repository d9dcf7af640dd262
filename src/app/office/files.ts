/**
 * Files of the office: uploads (scans at the counter, results, supplements) stored with their content-detected type,
 * generated documents (result PDFs, forms), and authorised reads with an audit record.
 */
import { fileTypeFromBuffer } from "file-type";
import { DEFAULT_ACCEPT } from "../../domain/catalogue.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { canSee, loadDossier, type Tx } from "./context.js";
import { AppError, DOSSIER_NOT_FOUND } from "./errors.js";

export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

const MIME_EXT: Record<string, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };

/** A file name safe to store and show: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined, mime: string): string {
  const base = (name ?? "")
    .normalize("NFC")
    .replace(/^.*[\\/]/, "")
    .replace(/[\u0000-\u001f\u007f"<>|]/g, "")
    .trim()
    .slice(0, 200);
  return base || `tep.${MIME_EXT[mime] ?? "bin"}`;
}

/**
 * Stores uploaded bytes for an owner (officer or citizen) after detecting their type from the content (the declared
 * type and extension are not trusted). Only PDF, JPEG and PNG are accepted.
 */
export async function storeUpload(
  deps: Deps,
  owner: { kind: "officer" | "citizen"; id: string },
  upload: { name?: string; bytes: Buffer },
  accept: string[] = DEFAULT_ACCEPT,
): Promise<StoredFile> {
  if (upload.bytes.byteLength === 0)
    throw new AppError(422, "empty_file", { vi: "Tệp tải lên rỗng.", en: "The uploaded file is empty." });
  if (upload.bytes.byteLength > deps.config.maxUploadBytes)
    throw new AppError(413, "file_too_large", {
      vi: `Tệp vượt quá dung lượng cho phép (${Math.round(deps.config.maxUploadBytes / 1024 / 1024)} MB).`,
      en: `The file exceeds the size limit (${Math.round(deps.config.maxUploadBytes / 1024 / 1024)} MB).`,
    });
  const detected = await fileTypeFromBuffer(upload.bytes);
  const mime = detected?.mime ?? "application/octet-stream";
  if (!accept.includes(mime))
    throw new AppError(415, "unsupported_file_type", {
      vi: "Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểu tệp được xác định từ nội dung).",
      en: "Only PDF, JPEG or PNG files are accepted (the type is detected from the content).",
    });
  const put = await deps.files.put(upload.bytes);
  const name = cleanFileName(upload.name, mime);
  const row = await deps.db
    .insertInto("files")
    .values({
      storage_key: put.key,
      sha256: put.sha256,
      size: put.size,
      mime,
      name,
      owner_kind: owner.kind,
      owner_id: owner.id,
      created_at: deps.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, name, mime, size: put.size, sha256: put.sha256 };
}

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
  const bytes = await deps.files.get(f.storage_key);
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
  return { file: { id: f.id, name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 }, bytes };
}

export { DOSSIER_NOT_FOUND };
