import { depsWithoutDatabase } from "../app/deps.js";
import { loadConfig } from "../config.js";
import { buildApp } from "./app.js";

/**
 * The server URL written into the committed document. Fixed, so that the document does not depend on the PORT or
 * BASE_URL of whoever generates it; the document served at /api/openapi.json carries the installation's BASE_URL.
 */
export const DOCUMENT_SERVER_URL = "http://localhost:3000";

/** The committed OpenAPI document, at the repository root. `npm run openapi` writes it; a test compares it. */
export const OPENAPI_FILE = "openapi.json";

/** Objects with their keys sorted (recursively); arrays keep their order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/**
 * The OpenAPI document generated from the routes' schemas, serialised deterministically (sorted keys, two-space
 * indent, final newline), without listening on a port.
 */
export async function openApiDocument(): Promise<string> {
  const deps = depsWithoutDatabase(
    loadConfig({ NODE_ENV: "development", BASE_URL: DOCUMENT_SERVER_URL, LOG_LEVEL: "silent" }),
  );
  const app = await buildApp(deps, { logger: false });
  try {
    await app.ready();
    const doc = app.swagger() as { servers?: unknown };
    doc.servers = [{ url: DOCUMENT_SERVER_URL, description: "Local development server (npm start)" }];
    return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
  } finally {
    await app.close();
    deps.mailer.close();
    await deps.db.destroy();
  }
}
