import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** GitHub's heading anchor: lower case, punctuation dropped (letters, digits, spaces, - and _ kept), spaces → "-". */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

async function anchorsOf(file: string): Promise<Set<string>> {
  const text = await readFile(file, "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) out.add(anchor(m[1]));
  return out;
}

async function filesUnder(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ext)).map((e) => join(e.parentPath, e.name));
}

describe("the contributor's guide (docs/)", () => {
  it("every docs/<page>.md#<section> cited in the code exists", async () => {
    const anchors = new Map<string, Set<string>>();
    const broken: string[] = [];
    let cited = 0;
    for (const file of await filesUnder("src", ".ts")) {
      const text = await readFile(file, "utf8");
      for (const m of text.matchAll(/docs\/([\w-]+\.md)#([\w-]+)/g)) {
        cited++;
        const page = join("docs", m[1]);
        if (!anchors.has(page)) anchors.set(page, await anchorsOf(page).catch(() => new Set<string>()));
        if (!anchors.get(page)?.has(m[2])) broken.push(`${file}: ${m[0]}`);
      }
    }
    expect(broken).toEqual([]);
    expect(cited).toBeGreaterThan(0);
  });

  it("every link between the guide's pages points at an existing page and section", async () => {
    const broken: string[] = [];
    for (const file of await filesUnder("docs", ".md")) {
      const text = await readFile(file, "utf8");
      for (const m of text.matchAll(/\]\(([\w./-]*?)(?:#([\w-]+))?\)/g)) {
        const [, target, section] = m;
        if (/^https?:/.test(target)) continue;
        const page = target ? join("docs", target) : file;
        const anchors = await anchorsOf(page).catch(() => undefined);
        if (!anchors) broken.push(`${file}: ${m[0]} (no such page)`);
        else if (section && !anchors.has(section)) broken.push(`${file}: ${m[0]} (no such section)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
