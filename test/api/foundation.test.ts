import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";

describe("foundation", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it("answers health and readiness with the database kind", async () => {
    expect((await ctx.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await ctx.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", database: ctx.database.kind });
  });

  it("serves the OpenAPI document and a docs page", async () => {
    const doc = (await ctx.app.inject("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/readyz"]).toBeDefined();
    const docs = await ctx.app.inject("/api/docs/");
    expect(docs.statusCode).toBe(200);
  });

  it("echoes a request id and answers unknown API routes with a localised error", async () => {
    const res = await ctx.app.inject({ url: "/api/nope", headers: { "x-request-id": "abc-123" } });
    expect(res.statusCode).toBe(404);
    expect(res.headers["x-request-id"]).toBe("abc-123");
    expect(res.json().error).toMatchObject({
      code: "not_found",
      message: "Không tìm thấy trang hoặc dữ liệu yêu cầu.",
    });
    const en = await ctx.app.inject({ url: "/api/nope?lang=en" });
    expect(en.json().error.message).toBe("The page or data you asked for was not found.");
  });

  it("runs the migrations: every table exists", async () => {
    const tables = await ctx.deps.db.introspection.getTables();
    const names = tables.map((t) => t.name);
    for (const t of [
      "units",
      "procedures",
      "procedure_versions",
      "dossiers",
      "dossier_events",
      "outbox",
      "calendar_days",
    ])
      expect(names).toContain(t);
  });
});
