import { bannerLines } from "./banner.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { startServer } from "./server.js";
import { startSandboxes } from "./sandboxes/index.js";

/** `npm start`: the whole system on one machine — sandboxes of the national services, then the server. */
let config: Config;
try {
  config = loadConfig();
} catch (e) {
  // A configuration problem is the operator's to fix: one line naming every setting, no stack trace.
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}
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
