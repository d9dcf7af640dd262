import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "./config.js";
import { openDatabase } from "./adapters/db/index.js";
import { migrateToLatest } from "./adapters/db/migrate.js";
import { officeCommands } from "./cli-office.js";
import { OPENAPI_FILE, openApiDocument } from "./http/openapi.js";

/** Operations commands: `npm run cli -- <command>`. */
const commands: Record<string, (args: string[]) => Promise<number>> = {
  async migrate() {
    const config = loadConfig();
    const { db, close } = await openDatabase(config.databaseUrl, join(config.dataDir, "pglite"));
    const done = await migrateToLatest(db);
    console.log(done.length ? `applied: ${done.join(", ")}` : "database is up to date");
    await close();
    return 0;
  },
  /** `npm run openapi`: writes the OpenAPI document generated from the routes to openapi.json (committed). */
  async openapi() {
    const doc = await openApiDocument();
    await writeFile(OPENAPI_FILE, doc);
    console.log(`wrote ${OPENAPI_FILE} (${Object.keys(JSON.parse(doc).paths ?? {}).length} paths)`);
    return 0;
  },
  ...officeCommands,
};

const [name, ...args] = process.argv.slice(2);
const cmd = name ? commands[name] : undefined;
if (!cmd) {
  console.error(`usage: npm run cli -- <${Object.keys(commands).join("|")}>`);
  process.exit(2);
}
process.exit(await cmd(args));
