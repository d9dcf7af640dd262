import { fileTypeFromBuffer } from "file-type";
import { type Component, DEFAULT_ACCEPT, DEFAULT_MAX_BYTES } from "../domain/catalogue.js";
import { acceptText, formatBytesText, mimeName } from "../shared/format.js";
import type { LText } from "../shared/text.js";
import type { Deps } from "./deps.js";
import { AppError, fill } from "./errors.js";
import { loadOnlineProcedure } from "./submission.js";

/**
 * Attachments uploaded by citizens. The type is detected from the bytes (magic numbers), never from the name or
 * the declared content type; each dossier component has its own limits (Component.accept / maxBytes). A refused
 * file leaves nothing behind; an accepted one is fsync'd to the file store with its SHA-256 and recorded as owned
 * by the citizen, who alone can attach it to a dossier or a draft.
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
} satisfies Record<string, LText>;

/** A file name safe to keep and show: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .trim()
    .normalize("NFC");
  return Array.from(cleaned).slice(-200).join("") || "tep";
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
  const proc = await loadOnlineProcedure(deps.db, procedureCode);
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

/** Checks one upload against the limits; returns the detected mime type or throws a localised 413/422. */
export async function checkUpload(input: UploadInput, limits: UploadLimits, path = FILE_PATH) {
  const name = cleanFileName(input.name);
  const component = limits.component?.name;
  if (input.truncated || input.bytes.byteLength > limits.maxBytes) {
    const max = formatBytesText(limits.maxBytes);
    const text = component ? fill(M.tooLarge, { name, max, component }) : fill(M.tooLargeNoComponent, { name, max });
    throw new AppError(413, "file_too_large", text, [{ path, text }]);
  }
  if (input.bytes.byteLength === 0) {
    const text = fill(M.empty, { name });
    throw new AppError(422, "file_empty", text, [{ path, text }]);
  }
  const detected = await fileTypeFromBuffer(input.bytes).catch(() => undefined);
  if (!detected || !limits.accept.includes(detected.mime)) {
    const text = fill(M.badType, {
      name,
      allowed: acceptText(limits.accept),
      detected: detected ? mimeName(detected.mime) : M.unknownContent,
    });
    throw new AppError(422, "file_type_not_allowed", text, [{ path, text }]);
  }
  return { name, mime: detected.mime };
}

/** Checks and stores one upload owned by the citizen. Nothing is stored when the check fails. */
export async function storeUpload(
  deps: Deps,
  citizenId: string,
  input: UploadInput,
  limits: UploadLimits,
  path = FILE_PATH,
): Promise<StoredFile> {
  const { name, mime } = await checkUpload(input, limits, path);
  const put = await deps.files.put(input.bytes);
  try {
    const row = await deps.db
      .insertInto("files")
      .values({
        storage_key: put.key,
        sha256: put.sha256,
        size: put.size,
        mime,
        name,
        owner_kind: "citizen",
        owner_id: citizenId,
        created_at: deps.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, name, size: put.size, mime, sha256: put.sha256 };
  } catch (e) {
    await deps.files.remove(put.key);
    throw e;
  }
}

export function noFileError(): AppError {
  return new AppError(422, "file_missing", M.noFile, [{ path: FILE_PATH, text: M.noFile }]);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID_RE.test(s);

/** The citizen's own uploads among `ids` (others' files and unknown ids are simply absent). */
export async function ownFiles(deps: Deps, citizenId: string, ids: string[]) {
  const valid = [...new Set(ids.filter(isUuid))];
  if (!valid.length) return [];
  return deps.db
    .selectFrom("files")
    .select(["id", "name", "size", "mime", "sha256", "created_at"])
    .where("id", "in", valid)
    .where("owner_kind", "=", "citizen")
    .where("owner_id", "=", citizenId)
    .execute();
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
  return { row, bytes: await deps.files.get(row.storage_key) };
}
