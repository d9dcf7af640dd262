import { fileBytes, uploaded } from "./file-bytes.js";
import { randomUUID } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Kysely, Transaction } from "kysely";
import { type Component, DEFAULT_ACCEPT, DEFAULT_MAX_BYTES } from "../domain/catalogue.js";
import { acceptText, formatBytesText, mimeName } from "../shared/format.js";
import type { LText } from "../shared/text.js";
import type { Database } from "../adapters/db/index.js";
import { sha256 } from "../adapters/files/index.js";
import type { Deps } from "./deps.js";
import { AppError, fill } from "./errors.js";
import { loadOnlineProcedure } from "./submission.js";

type Tx = Transaction<Database> | Kysely<Database>;

/**
 * The one upload pipeline (issue #11), for every channel: portal uploads, office scans at the counter and for
 * results, and the coming national-portal and postal channels. One rule each:
 * - the type is detected from the bytes (magic numbers), never from the name or the declared content type;
 * - the limits are those of the dossier component (Component.accept / maxBytes), or the defaults;
 * - the name is cleaned the same way (no path, no control characters, NFC, the last 200 characters);
 * - the bytes are fsync'd to the file store (the FileStore port) with their SHA-256 before the row is written,
 *   and a refused or failed upload leaves nothing behind;
 * - one set of codes: file_missing, file_empty (422), file_too_large (413), file_type_not_allowed (422).
 * A stored file is owned by whoever uploaded it (citizen or officer), who alone may put it in a draft or a dossier;
 * it belongs to at most one dossier (unique index dossier_files_one_dossier; see attachFiles).
 * See docs/law.md#uploads.
 */

const M = {
  componentNotFound: {
    vi: "Thủ tục không có thành phần hồ sơ mã “{code}”.",
    en: "The procedure has no dossier component with code “{code}”.",
  },
  empty: { vi: "Tệp “{name}” không có nội dung.", en: "The file “{name}” is empty." },
  tooLarge: {
    vi: "Tệp “{name}” vượt quá dung lượng cho phép ({max}) của thành phần “{component}”.",
    en: "The file “{name}” is larger than the {max} allowed for “{component}”.",
  },
  tooLargeNoComponent: {
    vi: "Tệp “{name}” vượt quá dung lượng cho phép ({max}).",
    en: "The file “{name}” is larger than the {max} allowed.",
  },
  badType: {
    vi: "Tệp “{name}” không phải là tệp {allowed} hợp lệ: nội dung của tệp là {detected}. Hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp.",
    en: "The file “{name}” is not a valid {allowed} file: its content is {detected}. Files are checked by their content, not their name.",
  },
  unknownContent: { vi: "không xác định", en: "not recognised" },
  noFile: { vi: "Vui lòng chọn một tệp để tải lên.", en: "Choose a file to upload." },
  notYours: {
    vi: "Tệp không tồn tại, không do bạn tải lên hoặc đã thuộc hồ sơ khác.",
    en: "The file does not exist, was not uploaded by you, or belongs to another dossier.",
  },
  inAnotherDossier: {
    vi: "Tệp đã thuộc một hồ sơ khác; mỗi tệp tải lên chỉ thuộc một hồ sơ. Vui lòng tải tệp lên lại.",
    en: "The file already belongs to another dossier; an uploaded file belongs to one dossier only. Upload it again.",
  },
} satisfies Record<string, LText>;

const MIME_EXT: Record<string, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };

/**
 * A file name safe to keep and show: no path, no control characters or characters unsafe in file names, NFC, the
 * last 200 characters (so the extension stays); "tep.<ext>" when nothing is left.
 */
export function cleanFileName(name: string | undefined, mime?: string): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .trim()
    .normalize("NFC");
  return Array.from(cleaned).slice(-200).join("") || `tep.${(mime && MIME_EXT[mime]) ?? "bin"}`;
}

export interface UploadLimits {
  accept: string[];
  maxBytes: number;
  component?: Component;
}

export function limitsOf(component: Component | undefined): UploadLimits {
  return {
    accept: component?.accept?.length ? component.accept : DEFAULT_ACCEPT,
    maxBytes: component?.maxBytes ?? DEFAULT_MAX_BYTES,
    component,
  };
}

/** The limits of one component of a procedure open for online submission (defaults when none is named). */
export async function uploadLimits(
  deps: Deps,
  procedureCode: string | undefined,
  componentCode: string | undefined,
): Promise<UploadLimits> {
  if (!procedureCode) return limitsOf(undefined);
  const proc = await loadOnlineProcedure(deps, procedureCode);
  if (!componentCode) return limitsOf(undefined);
  const component = proc.components.find((c) => c.code === componentCode);
  if (!component) {
    const text = fill(M.componentNotFound, { code: componentCode });
    throw new AppError(422, "component_not_found", text, [{ path: "component", text }]);
  }
  return limitsOf(component);
}

export interface UploadInput {
  name: string | undefined;
  bytes: Uint8Array;
  /** True when the upload was cut at the transport limit (it was larger than the limit). */
  truncated?: boolean;
}

export interface StoredFile {
  id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
}

/** Field path used in errors about the file itself. */
const FILE_PATH = "file";

/** Checks one upload against the limits; returns its clean name and detected type, or throws a 413/422. */
export async function checkUpload(input: UploadInput, limits: UploadLimits, path = FILE_PATH) {
  const shown = cleanFileName(input.name);
  const component = limits.component?.name;
  if (input.truncated || input.bytes.byteLength > limits.maxBytes) {
    const max = formatBytesText(limits.maxBytes);
    const text = component
      ? fill(M.tooLarge, { name: shown, max, component })
      : fill(M.tooLargeNoComponent, { name: shown, max });
    throw new AppError(413, "file_too_large", text, [{ path, text }]);
  }
  if (input.bytes.byteLength === 0) {
    const text = fill(M.empty, { name: shown });
    throw new AppError(422, "file_empty", text, [{ path, text }]);
  }
  const detected = await fileTypeFromBuffer(input.bytes).catch(() => undefined);
  if (!detected || !limits.accept.includes(detected.mime)) {
    const text = fill(M.badType, {
      name: shown,
      allowed: acceptText(limits.accept),
      detected: detected ? mimeName(detected.mime) : M.unknownContent,
    });
    throw new AppError(422, "file_type_not_allowed", text, [{ path, text }]);
  }
  return { name: cleanFileName(input.name, detected.mime), mime: detected.mime };
}

/** Who uploaded a file (and alone may put it in a draft or a dossier). */
export interface FileOwner {
  kind: "citizen" | "officer" | "integration";
  /** null for an integration (the national portal): nobody may attach its files elsewhere. */
  id: string | null;
}

/**
 * An upload checked and on its way to the file store, its row not written yet: the caller writes the row, e.g. in the
 * statement that creates the dossier taking it (src/app/dossiers/create.ts). `id` is the row's id to be.
 */
export interface StagedUpload extends StoredFile {
  /** Resolves with the storage key once the bytes are durable (fsync'd); rejects when the store fails. */
  stored: Promise<string>;
}

/**
 * Checks one upload and starts storing it, without waiting for the store: the caller goes on (reads the next part,
 * validates the form) while the bytes are written and synced, and awaits `stored` before writing the row. Nothing is
 * stored when the check fails. A staged upload whose row is never written is removed with `discardStaged`.
 */
export async function stageUpload(
  deps: Deps,
  input: UploadInput,
  opts: { limits?: UploadLimits; path?: string } = {},
): Promise<StagedUpload> {
  const { name, mime } = await checkUpload(input, opts.limits ?? limitsOf(undefined), opts.path ?? FILE_PATH);
  const stored = deps.files.put(input.bytes).then((put) => put.key);
  stored.catch(() => {}); // awaited by the caller; a failure is answered there
  return { id: randomUUID(), name, mime, size: input.bytes.byteLength, sha256: sha256(input.bytes), stored };
}

/** Removes staged uploads whose rows were not written (a refused or failed request); waits for their stores first. */
export async function discardStaged(deps: Deps, staged: ReadonlyArray<StagedUpload>): Promise<void> {
  await Promise.all(
    staged.map((s) =>
      s.stored.then(
        (key) => deps.files.remove(key).catch(() => {}),
        () => {},
      ),
    ),
  );
}

/** The `files` row of a staged upload, once its bytes are durable under `key`. */
export function stagedFileRow(s: StoredFile, key: string, owner: FileOwner, at: Date) {
  return {
    id: s.id,
    storage_key: key,
    sha256: s.sha256,
    size: s.size,
    mime: s.mime,
    name: s.name,
    owner_kind: owner.kind,
    owner_id: owner.id,
    created_at: at,
  };
}

/**
 * Checks and stores one upload for its owner: bytes durable in the file store first, then the row (in `opts.tx`
 * when given, so that a caller may store files in its own transaction). Nothing is kept when the check fails, and
 * the stored bytes are removed when the row cannot be written.
 */
export async function storeUpload(
  deps: Deps,
  owner: FileOwner,
  input: UploadInput,
  opts: { limits?: UploadLimits; path?: string; tx?: Tx } = {},
): Promise<StoredFile> {
  const staged = await stageUpload(deps, input, opts);
  const key = await staged.stored;
  try {
    await (opts.tx ?? deps.db)
      .insertInto("files")
      .values(stagedFileRow(staged, key, owner, deps.now()))
      .execute();
  } catch (e) {
    await deps.files.remove(key);
    throw e;
  }
  const { stored: _, ...file } = staged;
  return file;
}

export function noFileError(): AppError {
  return new AppError(422, "file_missing", M.noFile, [{ path: FILE_PATH, text: M.noFile }]);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID_RE.test(s);

/** The owner's uploads among `ids` (others' files and unknown ids are simply absent). */
export async function uploadsOf(deps: Pick<Deps, "db">, owner: FileOwner, ids: string[]) {
  const valid = [...new Set(ids.filter(isUuid))];
  if (!valid.length || owner.id === null) return [];
  return deps.db
    .selectFrom("files")
    .select(["id", "name", "size", "mime", "sha256", "created_at", "warehouse_document_id"])
    .where("id", "in", valid)
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .execute();
}

/** The citizen's own uploads among `ids` (others' files and unknown ids are simply absent). */
export async function ownFiles(deps: Deps, citizenId: string, ids: string[]) {
  return uploadsOf(deps, { kind: "citizen", id: citizenId }, ids);
}

/** The bytes of one of the citizen's own uploads, or undefined (not theirs, or unknown). */
export async function readOwnUpload(deps: Deps, citizenId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const row = await deps.db
    .selectFrom("files")
    .selectAll()
    .where("id", "=", id)
    .where("owner_kind", "=", "citizen")
    .where("owner_id", "=", citizenId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { row, bytes: await fileBytes(deps, row) };
}

/**
 * Checks that each file id is a stored file uploaded by this owner and not part of another dossier (it may already be
 * part of `dossierId`); returns them by id. Throws 422 naming the first bad entry (`path[i]`).
 */
export async function checkOwnFiles(
  tx: Tx,
  ids: string[],
  owner: FileOwner,
  path: string,
  dossierId?: string,
): Promise<Map<string, { id: string; name: string; mime: string; size: number; sha256: string }>> {
  const out = new Map<string, { id: string; name: string; mime: string; size: number; sha256: string }>();
  if (ids.length === 0) return out;
  const valid = [...new Set(ids.filter(isUuid))];
  const rows = valid.length
    ? await tx
        .selectFrom("files")
        .leftJoin("dossier_files", "dossier_files.file_id", "files.id")
        .select([
          "files.id",
          "files.name",
          "files.mime",
          "files.size",
          "files.sha256",
          "files.owner_kind",
          "files.owner_id",
          "dossier_files.dossier_id",
        ])
        .where("files.id", "in", valid)
        .execute()
    : [];
  for (const [i, id] of ids.entries()) {
    const r = rows.filter((x) => x.id === id);
    const ok =
      r.length > 0 &&
      r[0].owner_kind === owner.kind &&
      r[0].owner_id === owner.id &&
      r.every((x) => x.dossier_id === null || x.dossier_id === dossierId);
    if (!ok) throw new AppError(422, "validation_failed", M.notYours, [{ path: `${path}[${i}]`, text: M.notYours }]);
    const f = uploaded(r[0]);
    out.set(id, { id, name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 });
  }
  return out;
}

function isUniqueViolation(e: unknown, constraint: RegExp): boolean {
  const err = e as { code?: string; constraint?: string; message?: string; detail?: string };
  return err?.code === "23505" && constraint.test(`${err.constraint ?? ""} ${err.message ?? ""} ${err.detail ?? ""}`);
}

/**
 * Attaches stored files to a dossier (idempotent per file and dossier). A file already part of another dossier is
 * refused by the database (dossier_files_one_dossier), whatever the channel: 409 file_in_another_dossier.
 */
export async function attachFiles(
  tx: Tx,
  dossierId: string,
  files: { fileId: string; componentCode?: string | null }[],
  kind: "component" | "result" | "supplement" | "other",
  at: Date,
): Promise<void> {
  if (files.length === 0) return;
  try {
    await tx
      .insertInto("dossier_files")
      .values(
        files.map((f) => ({
          dossier_id: dossierId,
          file_id: f.fileId,
          component_code: f.componentCode ?? null,
          kind,
          added_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(["dossier_id", "file_id"]).doNothing())
      .execute();
  } catch (e) {
    if (isUniqueViolation(e, /dossier_files_one_dossier|file_id/)) throw fileInAnotherDossier();
    throw e;
  }
}

export const fileInAnotherDossier = () => new AppError(409, "file_in_another_dossier", M.inAnotherDossier);

export const uploadText = M;
