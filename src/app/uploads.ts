import { fileTypeFromBuffer } from "file-type";
import { type Component, DEFAULT_ACCEPT, DEFAULT_MAX_BYTES } from "../domain/catalogue.js";
import { type Lang, type LText, pick } from "../shared/text.js";
import type { Deps } from "./deps.js";
import { AppError } from "./errors.js";
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

const fill = (t: LText, lang: Lang, p: Record<string, string | number>) =>
  pick(t, lang).replace(/\{(\w+)\}/g, (_, k) => String(p[k] ?? ""));

const MIME_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/tiff": "TIFF",
  "image/webp": "WEBP",
  "application/zip": "ZIP",
  "application/x-msdownload": "EXE",
  "application/x-ms-exe": "EXE",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "application/msword": "DOC",
  "application/x-cfb": "DOC/XLS",
};

export function mimeName(mime: string): string {
  return MIME_NAMES[mime] ?? mime.split("/").pop()!.toUpperCase();
}

/** "PDF, JPEG hoặc PNG" */
export function acceptList(accept: string[], lang: Lang): string {
  const names = [...new Set(accept.map(mimeName))];
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${lang === "vi" ? "hoặc" : "or"} ${names[names.length - 1]}`;
}

/** 10485760 → "10 MB" (vi uses a decimal comma). */
export function formatBytes(n: number, lang: Lang = "vi"): string {
  const fmt = (x: number) => {
    const s = x.toFixed(1).replace(/\.0$/, "");
    return lang === "vi" ? s.replace(".", ",") : s;
  };
  if (n >= 1024 * 1024) return `${fmt(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${fmt(n / 1024)} KB`;
  return `${n} B`;
}

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
  lang: Lang,
): Promise<UploadLimits> {
  if (!procedureCode) return limitsOf(undefined);
  const proc = await loadOnlineProcedure(deps.db, procedureCode, lang);
  if (!componentCode) return limitsOf(undefined);
  const component = proc.components.find((c) => c.code === componentCode);
  if (!component)
    throw new AppError(
      422,
      "component_not_found",
      "error.validation",
      [{ path: "component", message: fill(M.componentNotFound, lang, { code: componentCode }) }],
      fill(M.componentNotFound, lang, { code: componentCode }),
    );
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
export async function checkUpload(input: UploadInput, limits: UploadLimits, lang: Lang, path = FILE_PATH) {
  const name = cleanFileName(input.name);
  const component = limits.component?.name;
  if (input.truncated || input.bytes.byteLength > limits.maxBytes) {
    const msg = component
      ? fill(M.tooLarge, lang, { name, max: formatBytes(limits.maxBytes, lang), component })
      : fill(M.tooLargeNoComponent, lang, { name, max: formatBytes(limits.maxBytes, lang) });
    throw new AppError(413, "file_too_large", "error.tooLarge", [{ path, message: msg }], msg);
  }
  if (input.bytes.byteLength === 0) {
    const msg = fill(M.empty, lang, { name });
    throw new AppError(422, "file_empty", "error.validation", [{ path, message: msg }], msg);
  }
  const detected = await fileTypeFromBuffer(input.bytes).catch(() => undefined);
  if (!detected || !limits.accept.includes(detected.mime)) {
    const msg = fill(M.badType, lang, {
      name,
      allowed: acceptList(limits.accept, lang),
      detected: detected ? mimeName(detected.mime) : pick(M.unknownContent, lang),
    });
    throw new AppError(422, "file_type_not_allowed", "error.validation", [{ path, message: msg }], msg);
  }
  return { name, mime: detected.mime };
}

/** Checks and stores one upload owned by the citizen. Nothing is stored when the check fails. */
export async function storeUpload(
  deps: Deps,
  citizenId: string,
  input: UploadInput,
  limits: UploadLimits,
  lang: Lang,
  path = FILE_PATH,
): Promise<StoredFile> {
  const { name, mime } = await checkUpload(input, limits, lang, path);
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

export function noFileError(lang: Lang): AppError {
  const msg = pick(M.noFile, lang);
  return new AppError(422, "file_missing", "error.validation", [{ path: FILE_PATH, message: msg }], msg);
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
