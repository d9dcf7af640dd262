import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "./adapters/db/index.js";
import { migrateToLatest } from "./adapters/db/migrate.js";
import { LocalFileStore } from "./adapters/files/index.js";
import type { Deps } from "./app/deps.js";
import { AppError } from "./app/errors.js";
import { ALL_ROLES, createOfficer, TOTP_PERIOD, totpCode } from "./app/officers.js";
import { verifyChainReport } from "./app/ops.js";
import { loadConfig } from "./config.js";
import { DEMO_OFFICERS } from "./demo/officers.js";
import type { Role } from "./domain/catalogue.js";

/** Office operations commands, merged into the `commands` of src/cli.ts. */

async function withDeps<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const opened = await openDatabase(config.databaseUrl, join(config.dataDir, "pglite"));
  try {
    await migrateToLatest(opened.db);
    const deps: Deps = {
      config,
      db: opened.db,
      dbKind: opened.kind,
      files: new LocalFileStore(config.filesDir),
      mailer: { send: async () => {}, close() {} },
      now: () => new Date(),
    };
    return await fn(deps);
  } finally {
    await opened.close();
  }
}

export const officeCommands: Record<string, (args: string[]) => Promise<number>> = {
  /** `totp <username>`: the current TOTP code of a demo or development account (never in production). */
  async totp(args) {
    const username = args[0]?.trim().toLowerCase();
    if (!username) {
      console.error("usage: npm run cli -- totp <username>");
      return 2;
    }
    if (process.env.NODE_ENV === "production") {
      console.error("refused: the totp command is for demo and development accounts (NODE_ENV=production)");
      return 1;
    }
    const now = new Date();
    // Demo accounts have fixed secrets: no database needed (so it works while the server holds the PGlite files).
    let secret = DEMO_OFFICERS.find((o) => o.username === username)?.totpSecret;
    if (!secret) {
      const row = await withDeps((deps) =>
        deps.db.selectFrom("officers").select(["totp_secret"]).where("username", "=", username).executeTakeFirst(),
      );
      if (!row) {
        console.error(`no officer named ${username}`);
        return 1;
      }
      if (!row.totp_secret) {
        console.error(`${username} has no TOTP secret yet: it is set up at the first sign-in`);
        return 1;
      }
      secret = row.totp_secret;
    }
    const left = TOTP_PERIOD - (Math.floor(now.getTime() / 1000) % TOTP_PERIOD);
    console.log(`${totpCode(secret, now)}  (${username}, valid for ${left} s more)`);
    return 0;
  },

  /** `verify-chain [dossierId]`: verifies the hash-chained histories; exit code 1 names the first broken link. */
  async "verify-chain"(args) {
    return withDeps(async (deps) => {
      const r = await verifyChainReport(deps.db, args[0]);
      (r.exitCode === 0 ? console.log : console.error)(r.output);
      return r.exitCode;
    });
  },

  /**
   * `create-officer --username <u> --name "<name>" --unit <unit code> --roles receiving,specialist [--title …]
   * [--email …]`: creates an account and prints a generated password and the TOTP enrolment URI.
   */
  async "create-officer"(args) {
    const usage =
      'usage: npm run cli -- create-officer --username <username> --name "<full name>" --unit <unit code> --roles <roles> [--title "<title>"] [--email <e-mail>]\n' +
      `  roles: comma-separated, among ${ALL_ROLES.join(", ")}`;
    let values: Record<string, string | undefined>;
    try {
      values = parseArgs({
        args,
        options: {
          username: { type: "string" },
          name: { type: "string" },
          unit: { type: "string" },
          roles: { type: "string" },
          title: { type: "string" },
          email: { type: "string" },
        },
        strict: true,
      }).values as Record<string, string | undefined>;
    } catch (e) {
      console.error(`${(e as Error).message}\n${usage}`);
      return 2;
    }
    if (!values.username || !values.name || !values.unit || !values.roles) {
      console.error(usage);
      return 2;
    }
    const roles = values.roles.split(",").map((r) => r.trim()) as Role[];
    return withDeps(async (deps) => {
      try {
        const o = await createOfficer(deps, {
          username: values.username!,
          name: values.name!,
          unitCode: values.unit!,
          roles,
          title: values.title,
          email: values.email,
        });
        console.log(
          [
            `created officer ${o.username} (${o.id})`,
            `  password:  ${o.password}`,
            `  TOTP URI:  ${o.totpUri}`,
            "Give the password to the officer through a safe channel; they add the TOTP URI to an authenticator app",
            "(or scan it as a QR code) and sign in at /office/login.",
          ].join("\n"),
        );
        return 0;
      } catch (e) {
        if (e instanceof AppError) {
          console.error(`refused: ${e.fields.map((f) => `${f.path}: ${f.text.vi}`).join("; ") || e.code}`);
          return 1;
        }
        throw e;
      }
    });
  },
};
