import { loadConfig } from "../../config.js";
import { startMailSandbox } from "./server.js";

/** Standalone mail capture SANDBOX: `tsx src/sandboxes/mail/main.ts` (same environment variables as the server). */
const config = loadConfig();
const smtp = new URL(config.smtp.url);
const http = new URL(config.mailSandboxUrl ?? "http://127.0.0.1:3102");
const sandbox = await startMailSandbox({
  smtpPort: Number(smtp.port),
  httpPort: Number(http.port),
  host: smtp.hostname,
});
console.log(`SANDBOX mail capture: SMTP ${sandbox.smtpUrl}, messages at ${sandbox.url}/messages`);
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, async () => {
    await sandbox.close();
    process.exit(0);
  });
