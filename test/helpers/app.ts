import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { type FileStore, LocalFileStore } from "../../src/adapters/files/index.js";
import { SegmentFileStore } from "../../src/adapters/files/segments.js";
import type { Mailer, MailMessage } from "../../src/adapters/mail/index.js";
import type { Deps } from "../../src/app/deps.js";
import { seedDemo } from "../../src/demo/seed.js";
import { buildApp } from "../../src/http/app.js";
import type { App } from "../../src/http/types.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

/** A mailer for tests that keeps what it was asked to send. */
export class RecordingMailer implements Mailer {
  sent: MailMessage[] = [];
  async send(msg: MailMessage) {
    this.sent.push(msg);
  }
  close() {}
}

export interface TestContext {
  app: App;
  deps: Deps;
  database: TestDatabase;
  mailer: RecordingMailer;
  /** Move the clock used by the app. */
  setNow(d: Date | string): void;
  close(): Promise<void>;
}

/**
 * The local store, or the segment store with MOTCUA_TEST_FILE_STORE=segments, to run a test file over it (the few
 * assertions that count the local store's files on disk, "nothing stored", apply to the local store only).
 */
async function testFileStore(dir: string): Promise<FileStore> {
  return process.env.MOTCUA_TEST_FILE_STORE === "segments" ? SegmentFileStore.open(dir) : new LocalFileStore(dir);
}

/** Builds the app over a fresh database (demo data loaded unless `demo: false`), a temp file store and a fixed clock. */
export async function createTestApp(
  opts: { demo?: boolean; config?: Partial<Config>; now?: Date | string; connectTimeoutMs?: number } = {},
): Promise<TestContext> {
  const database = await createTestDatabase({ connectTimeoutMs: opts.connectTimeoutMs });
  const dir = await mkdtemp(join(tmpdir(), "motcua-test-"));
  const base = loadConfig({ NODE_ENV: "test", DATA_DIR: dir });
  const config: Config = {
    ...base,
    // No SMS gateway runs beside a test app: the SMS tests start its sandbox and configure it (notifications.test.ts).
    services: { ...base.services, sms: undefined },
    logLevel: "silent",
    // Tests send many requests a minute from one address; the rate limits have their own test (boundary.test.ts).
    rateLimits: { login: 10_000, lookup: 10_000, submission: 10_000 },
    ...opts.config,
  };
  let now = new Date(opts.now ?? Date.now());
  const mailer = new RecordingMailer();
  const deps: Deps = {
    config,
    db: database.db,
    dbKind: database.kind,
    files: await testFileStore(config.filesDir),
    mailer,
    now: () => new Date(now.getTime()),
  };
  if (opts.demo !== false) await seedDemo(deps);
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  return {
    app,
    deps,
    database,
    mailer,
    setNow(d) {
      now = new Date(d);
    },
    async close() {
      await app.close();
      await database.drop();
      if (deps.files instanceof SegmentFileStore) await deps.files.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
