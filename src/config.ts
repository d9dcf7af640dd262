import { resolve } from "node:path";
import { loadServiceConfig, type ServiceConfig } from "./config-services.js";

/** Runtime configuration, read once from environment variables (documented in README.md). */
export interface Config {
  /** Citizens' ratings (issue #8): hours after the first rating during which it may be changed; days a rating link in the closing e-mail stays valid. */
  ratings: { changeWindowHours: number; linkValidDays: number };
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
  /**
   * Where files are kept: the local disk (`filesDir`), one file per upload ("local") or appended to segment files
   * ("segments", no file created per upload), or an S3-compatible object store shared by every node ("s3").
   */
  fileStore: "local" | "segments" | "s3";
  /** The S3-compatible store, used when `fileStore` is "s3". */
  s3: S3Config;
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
  /**
   * The National Public Service Portal as the province reaches it through its LGSP (domain.md §9); undefined when
   * not configured (then nothing is synchronised). Outside production it defaults to the local sandbox.
   */
  nationalPortal: NationalPortalConfig | undefined;
  /** Payment, post, registries, signing (src/config-services.ts). */
  services: ServiceConfig;
  logLevel: string;
  /** Max upload size per file in bytes when a component sets none. */
  maxUploadBytes: number;
  production: boolean;
}

export interface NationalPortalConfig {
  /** Base URL of the LGSP endpoint (`/lgsp/dang-nhap`, `/lgsp/dich-vu` below it). */
  url: string;
  username: string;
  password: string;
  /** Shared secret that signs the portal's callbacks (HMAC-SHA256). */
  callbackSecret: string;
  /** Timeout of one LGSP request, in milliseconds. */
  timeoutMs: number;
  /** How often to pull new national-portal dossiers and how often to import the catalogue (seconds; 0 = never). */
  pollSeconds: number;
  catalogueSyncSeconds: number;
}

export interface S3Config {
  /** Base URL of the S3 API, e.g. http://minio.internal:9000 or https://s3.ap-southeast-1.amazonaws.com. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addresses (`endpoint/bucket/key`), as MinIO, Ceph, SeaweedFS and Garage expect; else virtual-hosted. */
  forcePathStyle: boolean;
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
  const s3Port = int(env.S3_SANDBOX_PORT, 3103);
  const fileStore = env.FILE_STORE || "local";
  if (fileStore !== "local" && fileStore !== "segments" && fileStore !== "s3")
    throw new Error(`FILE_STORE must be "local" or "s3" or "segments", not "${fileStore}"`);
  const s3Region = env.S3_REGION || "us-east-1";
  // Outside production the S3 settings default to the local S3 sandbox (started with the other sandboxes).
  const s3: S3Config = {
    endpoint: (
      env.S3_ENDPOINT || (production ? `https://s3.${s3Region}.amazonaws.com` : `http://127.0.0.1:${s3Port}`)
    ).replace(/\/+$/, ""),
    region: s3Region,
    bucket: env.S3_BUCKET || (production ? "" : "motcua"),
    accessKeyId: env.S3_ACCESS_KEY_ID || (production ? "" : "motcua-sandbox"),
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || (production ? "" : "motcua-sandbox-secret"),
    forcePathStyle: bool(env.S3_FORCE_PATH_STYLE, true),
  };
  if (fileStore === "s3") {
    const missing = (
      [
        ["S3_BUCKET", s3.bucket],
        ["S3_ACCESS_KEY_ID", s3.accessKeyId],
        ["S3_SECRET_ACCESS_KEY", s3.secretAccessKey],
      ] as const
    ).filter(([, v]) => !v);
    if (missing.length) throw new Error(`FILE_STORE=s3 needs ${missing.map(([n]) => n).join(", ")}`);
    if (!/^https?:\/\/[^/]/.test(s3.endpoint))
      throw new Error(`S3_ENDPOINT must be an http(s) URL, not "${s3.endpoint}"`);
  }
  const smtpPort = int(env.MAIL_SANDBOX_SMTP_PORT, 2525);
  const nationalPortalPort = int(env.NATIONAL_PORTAL_SANDBOX_PORT, 3104);
  const nationalPortalUrl = (
    env.NATIONAL_PORTAL_URL || (production ? "" : `http://127.0.0.1:${nationalPortalPort}`)
  ).replace(/\/+$/, "");
  return {
    ratings: {
      changeWindowHours: Number(env.RATING_CHANGE_WINDOW_HOURS ?? 72),
      linkValidDays: Number(env.RATING_LINK_VALID_DAYS ?? 30),
    },
    port,
    host,
    baseUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    filesDir: resolve(env.FILES_DIR ?? `${dataDir}/files`),
    fileStore,
    s3,
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
    nationalPortal: nationalPortalUrl
      ? {
          url: nationalPortalUrl,
          username: env.NATIONAL_PORTAL_USERNAME || (production ? "" : "H26-sandbox"),
          password: env.NATIONAL_PORTAL_PASSWORD || (production ? "" : "sandbox-password"),
          callbackSecret: env.NATIONAL_PORTAL_CALLBACK_SECRET || (production ? "" : "sandbox-callback-secret"),
          timeoutMs: int(env.NATIONAL_PORTAL_TIMEOUT_MS, 15_000),
          pollSeconds: int(env.NATIONAL_PORTAL_POLL_SECONDS, 60),
          catalogueSyncSeconds: int(env.NATIONAL_PORTAL_CATALOGUE_SECONDS, 24 * 3600),
        }
      : undefined,
    services: loadServiceConfig(env, production, dataDir),
    logLevel: env.LOG_LEVEL ?? (production ? "info" : "info"),
    maxUploadBytes: int(env.MAX_UPLOAD_BYTES, 10 * 1024 * 1024),
    production,
  };
}
