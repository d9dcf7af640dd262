import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** The top-level folder of src/ each relative import of `dir`'s modules reaches, with the importing file. */
async function importsOf(dir: string): Promise<{ file: string; target: string }[]> {
  const entries = await readdir(join("src", dir), { recursive: true, withFileTypes: true });
  const out: { file: string; target: string }[] = [];
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(".ts")) continue;
    const file = join(e.parentPath, e.name);
    const text = await readFile(file, "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      const target = relative(resolve("src"), resolve(e.parentPath, m[1])).split(/[\\/]/)[0];
      out.push({ file, target });
    }
  }
  return out;
}

// docs/architecture.md#import-rules
describe("layering", () => {
  it("app/ and domain/ import neither http/ nor web/", async () => {
    const found = [...(await importsOf("app")), ...(await importsOf("domain"))];
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((i) => i.target === "http" || i.target === "web")).toEqual([]);
  });

  it("domain/ is pure: it imports only domain/ and shared/", async () => {
    const found = await importsOf("domain");
    expect(found.filter((i) => i.target !== "domain" && i.target !== "shared")).toEqual([]);
  });

  it("http/ holds no SQL: it imports neither kysely nor the database adapter, and builds no query", async () => {
    const entries = await readdir(join("src", "http"), { recursive: true, withFileTypes: true });
    const found: string[] = [];
    let files = 0;
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith(".ts")) continue;
      files++;
      const file = join(e.parentPath, e.name);
      const text = await readFile(file, "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        const spec = m[1];
        const target = spec.startsWith(".") ? relative(resolve("src"), resolve(e.parentPath, spec)) : spec;
        if (spec === "kysely" || spec.startsWith("kysely/") || /^adapters[\\/]db([\\/.]|$)/.test(target))
          found.push(`${file}: imports ${spec}`);
      }
      for (const m of text.matchAll(
        /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|transaction|executeTakeFirst\w*|execute)\s*\(|\bsql\s*`/g,
      ))
        found.push(`${file}: ${m[0]}`);
    }
    expect(files).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it("sandboxes/ play other organisations: they import neither app/ nor domain/", async () => {
    const found = await importsOf("sandboxes");
    expect(found.filter((i) => i.target === "app" || i.target === "domain")).toEqual([]);
  });
});
