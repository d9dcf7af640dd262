import { loadConfig } from "../../config.js";
import { nationalPortalOptionsFrom } from "../index.js";
import { startNationalPortalSandbox } from "./server.js";

/** Standalone national portal SANDBOX: `tsx src/sandboxes/national-portal/main.ts` (same environment variables). */
const config = loadConfig();
const opts = nationalPortalOptionsFrom(config);
if (!opts) {
  console.error(`NATIONAL_PORTAL_URL (${config.nationalPortal?.url ?? "unset"}) is not a local http:// address.`);
  process.exit(1);
}
const sandbox = await startNationalPortalSandbox(opts);
console.log(`SANDBOX National Public Service Portal (LGSP) listening: ${sandbox.url}`);
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, async () => {
    await sandbox.close();
    process.exit(0);
  });
