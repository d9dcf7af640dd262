import { join } from "node:path";
import { loadConfig } from "../../config.js";
import { vneidOptionsFrom } from "../index.js";
import { startVneidSandbox } from "./server.js";

/** Standalone VNeID SANDBOX: `tsx src/sandboxes/vneid/main.ts` (same environment variables as the server). */
const config = loadConfig();
const opts = vneidOptionsFrom(config);
if (!opts) {
  console.error(`OIDC_ISSUER (${config.oidc.issuer}) is not a local http:// address: nothing to start.`);
  process.exit(1);
}
const sandbox = await startVneidSandbox({ ...opts, keyFile: join(config.dataDir, "sandboxes", "vneid-key.json") });
console.log(`SANDBOX VNeID (OIDC) listening: ${sandbox.url}  issuer ${sandbox.issuer}`);
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, async () => {
    await sandbox.close();
    process.exit(0);
  });
