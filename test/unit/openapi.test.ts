import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { OPENAPI_FILE, openApiDocument } from "../../src/http/openapi.js";

/** The first line where two texts differ, with its number, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i])
      return `line ${i + 1}: committed ${JSON.stringify(x[i] ?? "")} vs code ${JSON.stringify(y[i] ?? "")}`;
  return "none";
}

describe("committed OpenAPI document", () => {
  it("matches what the routes' schemas generate", async () => {
    const generated = await openApiDocument();
    const committed = await readFile(OPENAPI_FILE, "utf8").catch(() => "");
    if (committed !== generated)
      expect.fail(
        `${OPENAPI_FILE} is out of date with the code (first difference at ${firstDifference(committed, generated)}). ` +
          "Run `npm run openapi` and commit the result.",
      );
    // The document is the real one: it lists the API's routes with their response schemas.
    const doc = JSON.parse(generated) as { paths: Record<string, Record<string, { responses?: object }>> };
    expect(Object.keys(doc.paths)).toContain("/api/office/dossiers/{id}/actions/receive");
    expect(Object.keys(doc.paths["/api/procedures/{code}"].get.responses ?? {})).toEqual(["200", "404"]);
  });

  it("describes the answers of every JSON API operation", async () => {
    type Response = { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
    const doc = JSON.parse(await openApiDocument()) as {
      paths: Record<string, Record<string, { responses?: Record<string, Response> }>>;
    };
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith("/api/")) continue;
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method.toUpperCase()} ${path}`;
        const responses = Object.entries(op.responses ?? {});
        if (!responses.some(([code]) => code.startsWith("2"))) missing.push(`${name}: no success response`);
        for (const [code, r] of responses) {
          if (code === "204") continue;
          if (!r.content) missing.push(`${name} ${code}: no schema`);
          else if (code >= "400" && !r.content["application/json"]?.schema?.properties?.error)
            missing.push(`${name} ${code}: not the error body`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("does not depend on the generating machine's PORT or BASE_URL", async () => {
    const saved = { PORT: process.env.PORT, BASE_URL: process.env.BASE_URL };
    process.env.PORT = "4567";
    process.env.BASE_URL = "https://elsewhere.example";
    try {
      const doc = JSON.parse(await openApiDocument()) as { servers: { url: string }[] };
      expect(doc.servers.map((s) => s.url)).toEqual(["http://localhost:3000"]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
