import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The demo province's catalogue as shipped: JSON catalogue files (the format of src/app/admin/catalogue-file.ts) in
 * ./data, the same files an administrator exports and imports. The seed loads them through the import
 * (src/demo/catalogue/seed.ts), which checks them; this module only reads them for the demo's own code and tests.
 */
export const DEMO_CATALOGUE_DIR = fileURLToPath(new URL("./data/", import.meta.url));

interface DemoCatalogueFile {
  format: string;
  version: number;
  units?: unknown[];
  fields?: unknown[];
  procedures?: unknown[];
}

const cache = new Map<string, DemoCatalogueFile>();

/** One file of the demo catalogue, parsed (once per process). */
export function demoCatalogueFile(name: string): Required<DemoCatalogueFile> {
  let f = cache.get(name);
  if (!f) {
    f = JSON.parse(readFileSync(`${DEMO_CATALOGUE_DIR}${name}`, "utf8")) as DemoCatalogueFile;
    cache.set(name, f);
  }
  return { units: [], fields: [], procedures: [], ...f };
}

/** The names of the demo catalogue's files: units and fields first, then the procedures by group. */
export function demoCatalogueFileNames(): string[] {
  const names = readdirSync(DEMO_CATALOGUE_DIR)
    .filter((n) => n.endsWith(".json"))
    .sort();
  return ["units-and-fields.json", ...names.filter((n) => n !== "units-and-fields.json")];
}
