import type { Config } from "../config.js";
import type { DB } from "../adapters/db/index.js";
import type { FileStore } from "../adapters/files/index.js";
import type { Mailer } from "../adapters/mail/index.js";
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
