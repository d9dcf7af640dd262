import { Type } from "@sinclair/typebox";

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
