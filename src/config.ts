import { resolve } from "node:path";

/** Runtime configuration, read once from environment variables (documented in README.md). */
export interface Config {
  /** Port of the main HTTP server. */
  port: number;
  host: string;
  /** Public base URL of the portal, used in links, e-mails, QR codes and the OIDC redirect. */
  baseUrl: string;
  /** postgres://… for PostgreSQL; unset means embedded PGlite in `dataDir/pglite`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Root folder of the local-disk file store. */
  filesDir: string;
  /** Secret used to sign cookies and derive other keys; must be set in production. */
  sessionSecret: string;
  /** Load the demo province, procedures and accounts on start (idempotent). */
  demoData: boolean;
  /** Start the local sandboxes of the national services alongside the server. */
  sandboxes: boolean;
  oidc: { issuer: string; clientId: string; clientSecret: string };
  smtp: { url: string; from: string };
  /** HTTP address of the SMTP capture sandbox's listing API (development only). */
  mailSandboxUrl: string | undefined;
  logLevel: string;
  /** Max upload size per file in bytes when a component sets none. */
  maxUploadBytes: number;
  production: boolean;
}

function int(v: string | undefined, d: number): number {
  const n = v === undefined || v === "" ? d : Number(v);
  if (!Number.isFinite(n)) throw new Error(`invalid integer: ${v}`);
  return n;
}

function bool(v: string | undefined, d: boolean): boolean {
  if (v === undefined || v === "") return d;
  return ["1", "true", "yes", "on"].includes(v.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 3000);
  const host = env.HOST ?? "127.0.0.1";
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  const dataDir = resolve(env.DATA_DIR ?? "data");
  const production = env.NODE_ENV === "production";
  const sessionSecret = env.SESSION_SECRET ?? "";
  if (production && sessionSecret.length < 32)
    throw new Error("SESSION_SECRET (≥ 32 characters) is required in production");
  const vneidPort = int(env.VNEID_SANDBOX_PORT, 3101);
  const mailPort = int(env.MAIL_SANDBOX_HTTP_PORT, 3102);
  const smtpPort = int(env.MAIL_SANDBOX_SMTP_PORT, 2525);
  return {
    port,
    host,
    baseUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    filesDir: resolve(env.FILES_DIR ?? `${dataDir}/files`),
    sessionSecret: sessionSecret || "dev-only-secret-change-me-dev-only-secret",
    demoData: bool(env.DEMO_DATA, !production),
    sandboxes: bool(env.SANDBOXES, !production),
    oidc: {
      issuer: env.OIDC_ISSUER ?? `http://127.0.0.1:${vneidPort}`,
      clientId: env.OIDC_CLIENT_ID ?? "motcua-portal",
      clientSecret: env.OIDC_CLIENT_SECRET ?? "sandbox-secret",
    },
    smtp: {
      url: env.SMTP_URL ?? `smtp://127.0.0.1:${smtpPort}`,
      from: env.MAIL_FROM ?? "Hệ thống giải quyết TTHC <no-reply@motcua.local>",
    },
    mailSandboxUrl: env.MAIL_SANDBOX_URL ?? (production ? undefined : `http://127.0.0.1:${mailPort}`),
    logLevel: env.LOG_LEVEL ?? (production ? "info" : "info"),
    maxUploadBytes: int(env.MAX_UPLOAD_BYTES, 10 * 1024 * 1024),
    production,
  };
}
