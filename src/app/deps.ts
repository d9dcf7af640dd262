import type { Config } from "../config.js";
import { type DB, unconnectedDatabase } from "../adapters/db/index.js";
import { type FileStore, LocalFileStore } from "../adapters/files/index.js";
import { type Mailer, smtpMailer } from "../adapters/mail/index.js";
import type { NationalPortalPort } from "./national-portal/port.js";

/** Everything with I/O that use cases and routes need, chosen once at start (or by a test). */
export interface Deps {
  config: Config;
  db: DB;
  dbKind: "postgres" | "pglite";
  files: FileStore;
  mailer: Mailer;
  /** The current instant; tests move it to exercise deadlines. */
  now: () => Date;
  /**
   * The National Public Service Portal; when absent, an LGSP client for `config.nationalPortal` is used
   * (src/app/national-portal/sync.ts nationalPortalOf).
   */
  nationalPortal?: NationalPortalPort;
}

/**
 * Dependencies for building the app only to read its routes (the OpenAPI document): the usual file store and mailer
 * (they do no I/O until used) and a database that never connects — registering the routes must not touch it.
 */
export function depsWithoutDatabase(config: Config): Deps {
  return {
    config,
    db: unconnectedDatabase("the database is not available while generating the OpenAPI document"),
    dbKind: "postgres",
    files: new LocalFileStore(config.filesDir),
    mailer: smtpMailer(config.smtp.url, config.smtp.from),
    now: () => new Date(0),
  };
}
