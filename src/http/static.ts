import { loadAsset, parseAssetName } from "../web/assets.js";
import type { RouteModule } from "./types.js";

/**
 * Static assets (src/web/assets.ts): pages link to fingerprinted URLs (`/static/app.<hash>.css`), served with a
 * year-long immutable cache; the plain name still answers, revalidated on each use.
 */
export const staticRoutes: RouteModule = (app) => {
  app.get<{ Params: { name: string } }>("/static/:name", { schema: { hide: true } }, async (req, reply) => {
    const { name, hash } = parseAssetName(req.params.name);
    if (name.startsWith(".")) return reply.code(404).send();
    const f = loadAsset(name);
    if (!f) return reply.code(404).send();
    const cache = hash === f.hash ? "public, max-age=31536000, immutable" : "no-cache";
    return reply.type(f.type).header("cache-control", cache).header("etag", `"${f.hash}"`).send(f.body);
  });
};
