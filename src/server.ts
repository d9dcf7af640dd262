import { join } from "node:path";
import type { Config } from "./config.js";
import { openDatabase } from "./adapters/db/index.js";
import { migrateToLatest } from "./adapters/db/migrate.js";
import { type FileStore, LocalFileStore } from "./adapters/files/index.js";
import { S3FileStore } from "./adapters/files/s3.js";
import { SegmentFileStore } from "./adapters/files/segments.js";
import { smtpMailer } from "./adapters/mail/index.js";
import type { Deps } from "./app/deps.js";
import { setNationalSyncEnabled } from "./app/national-portal/sync.js";
import { setEmcFeedEnabled } from "./app/emc.js";
import { seedDemo } from "./demo/seed.js";
import { buildApp } from "./http/app.js";
import { startJobs } from "./jobs/index.js";

export interface RunningServer {
  url: string;
  deps: Deps;
  close(): Promise<void>;
}

/** Opens the database (migrating it), loads demo data if asked, builds the app, starts the jobs and listens. */
export async function startServer(
  config: Config,
  opts: { logger?: boolean; jobs?: boolean } = {},
): Promise<RunningServer> {
  let files: FileStore = new LocalFileStore(config.filesDir);
  let segments: SegmentFileStore | undefined;
  if (config.fileStore === "segments") files = segments = await SegmentFileStore.open(config.filesDir);
  if (config.fileStore === "s3") {
    const s3 = new S3FileStore(config.s3);
    await s3.checkBucket(); // fail at start, not at the first upload, when the bucket or credentials are wrong
    files = s3;
  }
  const opened = await openDatabase(config.databaseUrl, join(config.dataDir, "pglite"));
  await migrateToLatest(opened.db);
  // Connected to the national portal when it is configured: from now on every dossier change is queued for it.
  await setNationalSyncEnabled(opened.db, config.nationalPortal !== undefined);
  const deps: Deps = {
    config,
    db: opened.db,
    dbKind: opened.kind,
    files,
    mailer: smtpMailer(config.smtp.url, config.smtp.from),
    now: () => new Date(),
  };
  if (config.demoData) await seedDemo(deps);
  // the monitoring platform's feed runs exactly when it is configured
  await setEmcFeedEnabled(deps.db, !!config.services.emcFeed);
  const app = await buildApp(deps, { logger: opts.logger });
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const stopJobs = opts.jobs === false ? () => Promise.resolve() : startJobs(deps, app.log);
  return {
    url: `http://localhost:${port}`,
    deps,
    async close() {
      await stopJobs();
      await app.close();
      deps.mailer.close();
      await opened.close();
      await segments?.close();
    },
  };
}
