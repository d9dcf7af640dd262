import { bannerLines } from "./banner.js";
import { loadConfig } from "./config.js";
import { startServer } from "./server.js";
import { startSandboxes } from "./sandboxes/index.js";

/** `npm start`: the whole system on one machine — sandboxes of the national services, then the server. */
const config = loadConfig();
const sandboxes = config.sandboxes ? await startSandboxes(config) : [];
const server = await startServer(config);

const lines = bannerLines(config, server.deps.dbKind, sandboxes);
console.log(lines.join("\n"));

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    for (const s of sandboxes) await s.close();
    process.exit(0);
  });
}
