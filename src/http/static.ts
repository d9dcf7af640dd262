import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { RouteModule } from "./types.js";

const STATIC_DIR = fileURLToPath(new URL("../web/static/", import.meta.url));
const CLIENT_DIR = fileURLToPath(new URL("../web/client/", import.meta.url));
const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Static assets: files in src/web/static, and browser scripts bundled on first request from src/web/client/<name>.ts
 * with esbuild (so the e-form validator the server uses is the one the browser runs). Cached in memory.
 */
export const staticRoutes: RouteModule = (app) => {
  const cache = new Map<string, Promise<{ body: Buffer | string; type: string }>>();
  const load = async (name: string) => {
    if (name.endsWith(".js")) {
      const entry = join(CLIENT_DIR, name.replace(/\.js$/, ".ts"));
      const out = await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: "iife",
        target: "es2019",
        write: false,
        logLevel: "silent",
      });
      return { body: out.outputFiles[0].text, type: TYPES[".js"] };
    }
    return { body: await readFile(join(STATIC_DIR, name)), type: TYPES[extname(name)] ?? "application/octet-stream" };
  };
  app.get<{ Params: { name: string } }>("/static/:name", { schema: { hide: true } }, async (req, reply) => {
    const { name } = req.params;
    if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) return reply.code(404).send();
    let p = cache.get(name);
    if (!p) {
      p = load(name);
      cache.set(name, p);
      p.catch(() => cache.delete(name));
    }
    try {
      const f = await p;
      return reply.type(f.type).header("cache-control", "public, max-age=3600").send(f.body);
    } catch {
      return reply.code(404).send();
    }
  });
};
