import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { bannerLines } from "../../src/banner.js";
import { ConfigError, loadConfig } from "../../src/config.js";

/** Issue #10 item 15: production refuses to start half-configured, in one clear line. */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const COMPLETE = {
  NODE_ENV: "production",
  SESSION_SECRET: "k".repeat(48),
  DATABASE_URL: "postgres://motcua@db.internal/motcua",
  BASE_URL: "https://dichvucong.example.gov.vn",
  OIDC_ISSUER: "https://sso.example.gov.vn",
  OIDC_CLIENT_ID: "motcua",
  OIDC_CLIENT_SECRET: "client-secret-from-the-provider",
  SMTP_URL: "smtp://relay.example.gov.vn:587",
  MAIL_FROM: "Một cửa <no-reply@example.gov.vn>",
};

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
};

describe("production configuration", () => {
  it("starts with every setting given", () => {
    const c = loadConfig(COMPLETE);
    expect(c.production).toBe(true);
    expect(c.databaseUrl).toBe(COMPLETE.DATABASE_URL);
    expect(c.demoData).toBe(false);
    expect(c.sandboxes).toBe(false);
  });

  it("names every missing variable at once", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([
      "missing SESSION_SECRET, DATABASE_URL, BASE_URL, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, SMTP_URL, MAIL_FROM",
    ]);
    const { DATABASE_URL: _d, SMTP_URL: _s, ...rest } = COMPLETE;
    expect(problems(rest)).toEqual(["missing DATABASE_URL, SMTP_URL"]);
    expect(problems({ ...COMPLETE, SESSION_SECRET: "short" })).toEqual([
      "SESSION_SECRET must be at least 32 characters",
    ]);
    expect(problems({ ...COMPLETE, DATABASE_URL: "./data/pglite" })).toEqual([
      "DATABASE_URL must be a postgres:// URL (the embedded PGlite is for development only)",
    ]);
  });

  it("refuses the sandboxes' addresses and secrets left in the settings", () => {
    expect(
      problems({
        ...COMPLETE,
        OIDC_ISSUER: "http://127.0.0.1:3101",
        OIDC_CLIENT_SECRET: "sandbox-secret",
        SMTP_URL: "smtp://localhost:2525",
        MAIL_FROM: "Hệ thống giải quyết TTHC <no-reply@motcua.local>",
      }),
    ).toEqual([
      "OIDC_CLIENT_SECRET is the sandbox's secret",
      "MAIL_FROM is the sandbox's address",
      "sandbox address in OIDC_ISSUER (http://127.0.0.1:3101), SMTP_URL (smtp://localhost:2525)",
    ]);
    // A local mail relay on the standard port is not the sandbox.
    expect(problems({ ...COMPLETE, SMTP_URL: "smtp://127.0.0.1:25" })).toEqual([]);
  });

  it("development keeps its defaults (PGlite, sandboxes, demo data)", () => {
    const c = loadConfig({});
    expect(c.production).toBe(false);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.sandboxes).toBe(true);
  });

  it("npm start stops with one line naming each missing variable, without a stack trace", () => {
    const tsx = `${ROOT}node_modules/tsx/dist/cli.mjs`;
    const run = spawnSync(process.execPath, [tsx, "src/main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", SESSION_SECRET: "k".repeat(48) },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      "motcua cannot start (NODE_ENV=production): missing DATABASE_URL, BASE_URL, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, SMTP_URL, MAIL_FROM",
    ]);
  }, 300_000); // starts a Node process: slow on a loaded machine
});

describe("PGlite durability (issue #10 item 9)", () => {
  it("the start banner says PGlite does not fsync and is for development; PostgreSQL gets no warning", () => {
    const pglite = bannerLines({ baseUrl: "http://localhost:3000", dataDir: "/d" }, "pglite", []);
    expect(pglite.filter((l) => l.includes("WARNING"))).toEqual([
      "  WARNING: the embedded PGlite does not fsync at commit: a power cut or an OS crash can lose dossiers it",
    ]);
    expect(pglite.join("\n")).toContain("It is for development only; set DATABASE_URL to a PostgreSQL server");
    const postgres = bannerLines({ baseUrl: "http://localhost:3000", dataDir: "/d" }, "postgres", []);
    expect(postgres.some((l) => l.includes("WARNING"))).toBe(false);
  });
});

describe("the Node version", () => {
  const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, "utf8"));
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));

  it("package.json's engines admit the Node that runs the tests and npm start", () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it("every locked package's engines admit that Node and the lowest Node package.json allows (no EBADENGINE)", () => {
    const lowest = semver.minVersion(pkg.engines.node)!.version;
    const bad: string[] = [];
    for (const [path, entry] of Object.entries<{ engines?: { node?: string } | string[] }>(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !range) continue;
      for (const v of [process.version, lowest])
        if (!semver.satisfies(v, range)) bad.push(`${path.replace(/^.*node_modules\//, "")} needs ${range}, not ${v}`);
    }
    expect(bad).toEqual([]);
  });
});
