import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const STATIC_DIR = fileURLToPath(new URL("./static/", import.meta.url));
const CLIENT_DIR = fileURLToPath(new URL("./client/", import.meta.url));
const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export interface Asset {
  body: Buffer | string;
  type: string;
  /** First 12 hex digits of the SHA-256 of the body: part of the asset's URL, so the URL changes with it. */
  hash: string;
}

const cache = new Map<string, Asset | null>();

/**
 * A static asset by name: a file of src/web/static, or a browser script bundled from src/web/client/<name>.ts with
 * esbuild (so the e-form validator the server uses is the one the browser runs). Built once, kept in memory;
 * undefined when there is no such asset.
 */
export function loadAsset(name: string): Asset | undefined {
  if (!/^[\w-]+(\.[\w-]+)*$/.test(name)) return undefined;
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  let asset: Asset | null = null;
  try {
    let body: Buffer | string;
    if (name.endsWith(".js")) {
      const out = buildSync({
        entryPoints: [join(CLIENT_DIR, name.replace(/\.js$/, ".ts"))],
        bundle: true,
        minify: true,
        format: "iife",
        target: "es2019",
        write: false,
        logLevel: "silent",
      });
      body = out.outputFiles[0].text;
    } else body = readFileSync(join(STATIC_DIR, name));
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    asset = { body, type: TYPES[extname(name)] ?? "application/octet-stream", hash };
  } catch {
    asset = null;
  }
  cache.set(name, asset);
  return asset ?? undefined;
}

/**
 * The fingerprinted URL of an asset (`/static/app.3f2a9c0d1e4b.css`): pages link to it, and it is served with a
 * year-long immutable cache, since a change of content is a change of URL.
 */
export function assetUrl(name: string): string {
  const a = loadAsset(name);
  if (!a) return `/static/${name}`;
  const ext = extname(name);
  return `/static/${name.slice(0, name.length - ext.length)}.${a.hash}${ext}`;
}

/** Splits a requested name into the asset's name and the fingerprint it was asked with (if any). */
export function parseAssetName(requested: string): { name: string; hash?: string } {
  const m = /^(.+)\.([0-9a-f]{12})(\.\w+)$/.exec(requested);
  return m ? { name: m[1] + m[3], hash: m[2] } : { name: requested };
}
