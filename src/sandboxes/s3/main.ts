import { join } from "node:path";
import { loadConfig } from "../../config.js";
import { startS3Sandbox } from "./server.js";

/**
 * Standalone S3-compatible storage SANDBOX: `FILE_STORE=s3 tsx src/sandboxes/s3/main.ts` (same environment variables
 * as the server: it listens where S3_ENDPOINT points and accepts S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY for S3_BUCKET).
 */
const config = loadConfig({ FILE_STORE: "s3", ...process.env });
const at = new URL(config.s3.endpoint);
const sandbox = await startS3Sandbox({
  port: Number(at.port || 80),
  host: at.hostname,
  dir: join(config.dataDir, "sandboxes", "s3"),
  region: config.s3.region,
  credentials: [{ accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey }],
  buckets: [config.s3.bucket],
});
console.log(`SANDBOX S3 object storage: ${sandbox.url} (bucket ${config.s3.bucket}, objects in ${sandbox.dir})`);
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, async () => {
    await sandbox.close();
    process.exit(0);
  });
