import { Type } from "@sinclair/typebox";
import type { FastifyReply } from "fastify";

/**
 * The one error shape every API route answers with (see sendError in ./app.ts): a stable code for integrators, a
 * message in the caller's language, the fields at fault, and the request id to quote to support.
 */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
      requestId: Type.String(),
    }),
  },
  { description: "Error (message in Vietnamese, or English with ?lang=en)" },
);

/** A Date serialised as an ISO-8601 string. */
export const DateTime = Type.Unsafe<Date | string>({ type: "string", format: "date-time" });

/**
 * Response schemas of answers that are not JSON, for the OpenAPI document: the handler sends the bytes or the page
 * itself (Fastify does not serialise a Buffer or a string through them), and its type is what it sends.
 */
const binary = { type: "string", format: "binary" } as const;

/** A file answered as stored (its type detected at upload), in one of `types`. */
export const FileResponse = (description: string, types: readonly string[]) =>
  Type.Unsafe<Buffer>({ description, content: Object.fromEntries(types.map((t) => [t, { schema: binary }])) });

/** Answers a stored file for download: its detected type, never sniffed, under its (UTF-8) name. */
export const sendAttachment = (reply: FastifyReply, f: { mime: string; name: string; bytes: Buffer }) =>
  reply
    .type(f.mime)
    .header("x-content-type-options", "nosniff")
    .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
    .send(f.bytes);

/** An HTML page. */
export const HtmlResponse = (description: string) =>
  Type.Unsafe<string>({ description, content: { "text/html": { schema: { type: "string" } } } });

/** A redirect (no body); `Location` says where to. */
export const RedirectResponse = (description: string) => Type.Unsafe<undefined>({ description, type: "null" });

/** An answer without a body (204). */
export const NoContent = Type.Unsafe<undefined>({ description: "No content", type: "null" });
