import type { FastifyMultipartBaseOptions } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { Deps } from "../app/deps.js";
import { AppError, GENERIC } from "../app/errors.js";
import {
  type FileOwner,
  limitsOf,
  type StoredFile,
  storeUpload,
  type UploadInput,
  type UploadLimits,
} from "../app/uploads.js";

/**
 * The one reader of HTML form bodies (issue #11), for the portal's and the office's pages and the multipart API routes:
 * an urlencoded or multipart body becomes its text fields — repeated names kept, in the order posted (urlencoded: by
 * name, in the order each name first appears) — and its files, each checked and stored through the one upload
 * pipeline (`storeUpload` in src/app/uploads.ts) as it streams in.
 *
 * - Which file inputs are expected, and under which limits, is the caller's: `files.limitsFor(field, fieldsBefore)`
 *   answers the limits (a component's, or the defaults) or `null` for an input that is not expected here (its bytes
 *   are read and dropped, nothing is stored). Without `files`, no file is stored.
 * - A refused file (empty, too large, wrong type) is a localised `AppError` of the pipeline, kept in `fileErrors`
 *   with its input's name so that a page shows it beside that input — or thrown at once with `throwFileErrors`
 *   (JSON routes), before any later file is stored.
 * - An empty file input (no name, no bytes: a browser's "no file chosen") is no file.
 * - The transport limits are the boundary's (src/http/app.ts: 20 files, 200 fields, `MAX_UPLOAD_BYTES` a file)
 *   unless the caller raises them (`maxFileBytes` when a component allows more, `maxFields` for a long e-form);
 *   a file over its limit is read to the end and refused as too large, never cut silently.
 * - A multipart body that cannot be parsed (cut, wrong boundary) is a 400, not a server error.
 * Text passes the boundary's check (src/http/boundary/text.ts: no control characters, NFC) like every other input.
 */

export interface FormFile {
  /** The name of the file input. */
  field: string;
  /** How many text fields came before this file (to read a field that qualifies it, e.g. `componentCode`). */
  after: number;
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

export interface FormFileError {
  field: string;
  /** The file's name as sent. */
  name: string;
  error: AppError;
}

export interface FormBody {
  /** Every text field in the order posted; a repeated name appears once per value. */
  fields: Array<[string, string]>;
  /** The stored files, in the order posted. */
  files: FormFile[];
  /** The refused files (empty when `throwFileErrors`). */
  fileErrors: FormFileError[];
}

export interface FormFileOptions {
  owner: FileOwner;
  /**
   * The limits of a file posted in `field` (given the text fields before it), or null when this input is not expected
   * (the file is dropped). Default: the default limits for every input.
   */
  limitsFor?: (
    field: string,
    fieldsBefore: ReadonlyArray<[string, string]>,
  ) => UploadLimits | null | Promise<UploadLimits | null>;
  /** The field path of a refused file in its error (default: the input's name). */
  pathOf?: (field: string) => string;
  /** Throw the first refused file (API routes) instead of collecting it in `fileErrors` (pages). */
  throwFileErrors?: boolean;
  /** Stores one checked-to-be file; default `storeUpload` for `owner` (e.g. a caller's own transaction). */
  store?: (input: UploadInput, limits: UploadLimits, path: string) => Promise<StoredFile>;
}

export interface FormBodyOptions {
  /** Store the files posted (without it, file parts are read and dropped). */
  files?: FormFileOptions;
  /** Largest file the transport reads (default `MAX_UPLOAD_BYTES`); raise it to a component's larger limit. */
  maxFileBytes?: number;
  /** At most this many files (default 20). */
  maxFiles?: number;
  /** At most this many text fields (default 200). */
  maxFields?: number;
}

/** Reads the request's form body (urlencoded, multipart, or an already parsed object). */
export async function readFormBody(req: FastifyRequest, deps: Deps, opts: FormBodyOptions = {}): Promise<FormBody> {
  const out: FormBody = { fields: [], files: [], fileErrors: [] };
  if (!req.isMultipart()) {
    const body = req.body;
    if (body && typeof body === "object" && !Buffer.isBuffer(body))
      for (const [k, v] of Object.entries(body as Record<string, unknown>))
        for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "string") out.fields.push([k, x]);
    return out;
  }
  try {
    await readMultipart(req, deps, opts, out);
  } catch (e) {
    throw malformedMultipart(e);
  }
  return out;
}

async function readMultipart(req: FastifyRequest, deps: Deps, opts: FormBodyOptions, out: FormBody) {
  const maxFields = opts.maxFields ?? 200;
  const maxFiles = opts.maxFiles ?? 20;
  // `parts()` is typed with busboy's options only, but honours the plugin's (throwFileSizeLimit) too.
  const options: FastifyMultipartBaseOptions = {
    limits: {
      fileSize: opts.maxFileBytes ?? deps.config.maxUploadBytes,
      files: maxFiles,
      fields: maxFields,
      parts: maxFields + maxFiles,
    },
    throwFileSizeLimit: false,
  };
  const f = opts.files;
  for await (const part of req.parts(options)) {
    if (part.type === "field") {
      if (typeof part.value === "string") out.fields.push([part.fieldname, part.value]);
      continue;
    }
    const limits = f ? await (f.limitsFor ? f.limitsFor(part.fieldname, out.fields) : limitsOf(undefined)) : null;
    const max = limits?.maxBytes ?? 0;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (limits && size <= max) chunks.push(chunk);
    }
    if (!part.filename && size === 0) continue; // an empty file input
    if (!f || !limits) continue; // not expected here
    const path = f.pathOf ? f.pathOf(part.fieldname) : part.fieldname;
    const input: UploadInput = {
      name: part.filename,
      bytes: Buffer.concat(chunks),
      truncated: size > max || part.file.truncated,
    };
    try {
      const stored = f.store
        ? await f.store(input, limits, path)
        : await storeUpload(deps, f.owner, input, { limits, path });
      out.files.push({ field: part.fieldname, after: out.fields.length, ...stored });
    } catch (e) {
      if (!(e instanceof AppError) || f.throwFileErrors) throw e;
      out.fileErrors.push({ field: part.fieldname, name: part.filename, error: e });
    }
  }
}

/** The first value of `name`, if posted. */
export function formValue(body: Pick<FormBody, "fields">, name: string): string | undefined {
  return body.fields.find(([k]) => k === name)?.[1];
}

/** The first value of each name posted. */
export function formRecord(body: Pick<FormBody, "fields">): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of body.fields) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

/** Every value of each name posted (one string, or an array when the name repeats). */
export function formValues(body: Pick<FormBody, "fields">): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [k, v] of body.fields) {
    const prev = values[k];
    values[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return values;
}

/**
 * A multipart body that cannot be parsed (cut, wrong boundary) is a bad request, not a server error. Anything else
 * (the file store or the database failing) stays a server error: the sender did nothing wrong.
 */
const MULTIPART_PARSE_ERROR = /unexpected end of (form|multipart)|malformed|part terminated early|boundary/i;
export function malformedMultipart(e: unknown): unknown {
  if (e instanceof AppError || (e as { statusCode?: number })?.statusCode) return e;
  if (
    e instanceof Error &&
    MULTIPART_PARSE_ERROR.test(e.message) &&
    !(e as NodeJS.ErrnoException).code?.startsWith("E")
  )
    return new AppError(400, "malformed_multipart", GENERIC.validation);
  return e;
}

/** The refused files of a form as one error: the first one's status, code and text, and every file's field errors. */
export function refusedFiles(errors: FormFileError[]): AppError {
  const [first] = errors;
  return new AppError(
    first.error.status,
    first.error.code,
    first.error.text,
    errors.flatMap((e) => e.error.fields),
  );
}
