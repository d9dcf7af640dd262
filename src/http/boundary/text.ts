import type { FastifyRequest } from "fastify";
import { AppError } from "../../app/errors.js";
import type { App } from "../types.js";

/**
 * Text the database cannot store (NUL) or that no person types (other control characters, lone UTF-16 surrogates)
 * is bad input, refused with a localised 400 before any route sees it; every other string is normalised to NFC, so
 * "Nguyễn" typed on a keyboard that sends decomposed marks is the same "Nguyễn" in search, codes and documents.
 *
 * One place for every route, now and later: the URL (path and query, decoded), the headers, the parsed body (JSON,
 * urlencoded) and the fields and file names of multipart bodies, whichever handler reads them.
 */

/** C0 controls except TAB, LF and CR; DEL; C1 controls; lone surrogates. */
const BAD_TEXT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Header values arrive as latin-1, so UTF-8 bytes 0x80–0x9F of a legitimate value look like C1 controls: headers are
 * checked for C0 controls (except TAB) and DEL only, as HTTP itself requires.
 */
const BAD_HEADER = /[\u0000-\u0008\u000A-\u001F\u007F]/;

export const hasBadText = (s: string) => BAD_TEXT.test(s);

const BAD_TEXT_MESSAGE = {
  vi: "Dữ liệu gửi lên có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL). Vui lòng nhập lại.",
  en: "The request contains control characters that are not allowed (such as NUL). Please enter it again.",
};

/** The 400 for a value with control characters; `path` names where it was (e.g. "body.name", "query.q"). */
export function badTextError(path: string): AppError {
  return new AppError(400, "invalid_characters", BAD_TEXT_MESSAGE, [{ path, text: BAD_TEXT_MESSAGE }]);
}

/**
 * Checks every string (keys too) of a parsed value and returns it with strings normalised to NFC; throws the
 * localised 400 naming the first bad path.
 */
export function cleanValue(value: unknown, path: string): unknown {
  if (typeof value === "string") {
    if (BAD_TEXT.test(value)) throw badTextError(path);
    return value.normalize("NFC");
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanValue(value[i], `${path}[${i}]`);
    return value;
  }
  if (value && typeof value === "object" && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (BAD_TEXT.test(key)) throw badTextError(`${path}.${key.replace(BAD_TEXT, "?")}`);
      const v = cleanValue(obj[key], `${path}.${key}`);
      const nk = key.normalize("NFC");
      if (nk !== key) {
        delete obj[key];
        obj[nk] = v;
      } else obj[key] = v;
    }
    return obj;
  }
  return value;
}

function decodedUrl(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, " "));
  } catch {
    return url; // malformed escapes are the router's business (it answers 400)
  }
}

interface MultipartPart {
  type: "field" | "file";
  fieldname: string;
  filename?: string;
  value?: unknown;
}

type PartsFn = (...args: unknown[]) => AsyncIterableIterator<MultipartPart>;

export function registerTextBoundary(app: App): void {
  // Path, query string and headers: before anything else runs (authentication, body parsing, the router's handler).
  app.addHook("onRequest", async (req) => {
    if (BAD_TEXT.test(decodedUrl(req.url))) throw badTextError("url");
    for (const [name, v] of Object.entries(req.headers)) {
      for (const x of Array.isArray(v) ? v : [v])
        if (typeof x === "string" && BAD_HEADER.test(x)) throw badTextError(`header.${name}`);
    }
  });
  // Parsed body, query and route parameters: checked and normalised before schema validation.
  app.addHook("preValidation", async (req) => {
    if (req.query && typeof req.query === "object") cleanValue(req.query, "query");
    if (req.params && typeof req.params === "object") cleanValue(req.params, "params");
    if (req.body !== undefined && req.body !== null) req.body = cleanValue(req.body, "body");
    // Multipart bodies are read by the handlers as a stream (after this hook): every part passes the same check.
    if (req.isMultipart()) {
      const parts = req.parts as unknown as PartsFn;
      (req as unknown as { parts: PartsFn }).parts = function (this: FastifyRequest, ...args: unknown[]) {
        return checkedParts(parts.apply(this, args));
      };
    }
  });
}

async function* checkedParts(parts: AsyncIterableIterator<MultipartPart>): AsyncIterableIterator<MultipartPart> {
  for await (const part of parts) {
    if (BAD_TEXT.test(part.fieldname)) throw badTextError("body");
    if (part.type === "file" && part.filename && BAD_TEXT.test(part.filename))
      throw badTextError(`body.${part.fieldname}`);
    if (part.type === "field" && typeof part.value === "string") {
      if (BAD_TEXT.test(part.value)) throw badTextError(`body.${part.fieldname}`);
      part.value = part.value.normalize("NFC");
    }
    if (part.type === "file" && part.filename) part.filename = part.filename.normalize("NFC");
    part.fieldname = part.fieldname.normalize("NFC");
    yield part;
  }
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a control character in a header, a malformed request
 * line): a 400 in the API's error shape, in both languages since the request's language is unknown.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: import("node:net").Socket): void {
  if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
  const body = JSON.stringify({
    error: {
      code: err.code === "HPE_HEADER_OVERFLOW" ? "headers_too_large" : "bad_request",
      message:
        "Yêu cầu không hợp lệ (ví dụ có ký tự điều khiển trong tiêu đề). / The request is malformed (for example, a control character in a header).",
      fields: [],
    },
  });
  const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
