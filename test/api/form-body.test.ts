import formbody from "@fastify/formbody";
import multipartPlugin from "@fastify/multipart";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/app/errors.js";
import { limitsOf } from "../../src/app/uploads.js";
import { type FormBody, formRecord, formValues, readFormBody } from "../../src/http/form-body.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { EXE, multipart, PDF } from "./submission-helpers.js";

/** The one form-body reader (src/http/form-body.ts), on a bare Fastify app with the boundary's body plugins. */
describe("form body reader", () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const owner = { kind: "officer" as const, id: "00000000-0000-4000-8000-000000000001" };

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false });
    app = Fastify();
    await app.register(formbody);
    await app.register(multipartPlugin, {
      limits: { fileSize: ctx.deps.config.maxUploadBytes, files: 20, fields: 200 },
    });
    app.post("/form", async (req) => {
      const body: FormBody = await readFormBody(req, ctx.deps, {
        files: {
          owner,
          limitsFor: (field, before) =>
            field === "skip"
              ? null
              : before.some(([k]) => k === "tiny")
                ? { ...limitsOf(undefined), maxBytes: 10 }
                : limitsOf(undefined),
        },
      });
      return {
        fields: body.fields,
        record: formRecord(body),
        values: formValues(body),
        files: body.files.map((f) => ({ field: f.field, after: f.after, name: f.name, mime: f.mime })),
        errors: body.fileErrors.map((e) => ({ field: e.field, code: e.error.code, status: e.error.status })),
      };
    });
    app.post("/strict", async (req) => {
      const body = await readFormBody(req, ctx.deps, { files: { owner, throwFileErrors: true } });
      return { files: body.files.length };
    });
    app.setErrorHandler((e, _req, reply) =>
      e instanceof AppError
        ? reply.code(e.status).send({ code: e.code })
        : reply.code((e as { statusCode?: number }).statusCode ?? 500).send({ code: "other" }),
    );
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it("reads urlencoded fields, repeated names kept", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/form",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "a=1&b=x&a=2",
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.fields).toEqual([
      ["a", "1"],
      ["a", "2"],
      ["b", "x"],
    ]);
    expect(j.record).toEqual({ a: "1", b: "x" });
    expect(j.values).toEqual({ a: ["1", "2"], b: "x" });
  });

  it("reads multipart fields in order and stores the expected files; refused files are kept apart", async () => {
    const body = multipart([
      { name: "a", value: "1" },
      { name: "scan", file: { filename: "to-khai.pdf", content: PDF(), type: "application/pdf" } },
      { name: "a", value: "2" },
      { name: "skip", file: { filename: "bo-qua.pdf", content: PDF(), type: "application/pdf" } },
      { name: "bad", file: { filename: "virus.pdf", content: EXE, type: "application/pdf" } },
      { name: "empty", file: { filename: "", content: Buffer.alloc(0) } },
      { name: "tiny", value: "on" },
      { name: "big", file: { filename: "lon.pdf", content: PDF(), type: "application/pdf" } },
    ]);
    const r = await app.inject({ method: "POST", url: "/form", ...body });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.fields).toEqual([
      ["a", "1"],
      ["a", "2"],
      ["tiny", "on"],
    ]);
    expect(j.files).toEqual([{ field: "scan", after: 1, name: "to-khai.pdf", mime: "application/pdf" }]);
    expect(j.errors).toEqual([
      { field: "bad", code: "file_type_not_allowed", status: 422 },
      { field: "big", code: "file_too_large", status: 413 },
    ]);
    const stored = await ctx.deps.db
      .selectFrom("files")
      .select("name")
      .where("owner_kind", "=", "officer")
      .where("owner_id", "=", owner.id)
      .execute();
    expect(stored.map((f) => f.name)).toEqual(["to-khai.pdf"]);
  });

  it("throws the first refused file when asked, and answers 400 to a body it cannot parse", async () => {
    const body = multipart([{ name: "file", file: { filename: "virus.pdf", content: EXE } }]);
    const r = await app.inject({ method: "POST", url: "/strict", ...body });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe("file_type_not_allowed");
    const cut = multipart([{ name: "file", file: { filename: "a.pdf", content: PDF() } }]);
    const broken = await app.inject({
      method: "POST",
      url: "/strict",
      headers: cut.headers,
      payload: cut.payload.subarray(0, cut.payload.length - 20),
    });
    expect(broken.statusCode).toBe(400);
  });
});
