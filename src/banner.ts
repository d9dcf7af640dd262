import type { Config } from "./config.js";
import type { RunningSandbox } from "./sandboxes/index.js";

/**
 * The lines `npm start` prints: where the portal, the office and the API documentation are, which database is in use,
 * and every sandbox address under what it is (the mail capture's web page is a page to read captured mail; its SMTP
 * server is a separate address).
 */
export function bannerLines(
  config: Pick<Config, "baseUrl" | "dataDir">,
  dbKind: "pglite" | "postgres",
  sandboxes: Pick<RunningSandbox, "name" | "url" | "urlLabel" | "endpoints">[],
): string[] {
  const row = (label: string, url: string) => `  ${label.padEnd(34)} ${url}`;
  return [
    "",
    "  motcua is running",
    row("Cổng dịch vụ công (portal):", `${config.baseUrl}/`),
    row("Một cửa điện tử (officers):", `${config.baseUrl}/office`),
    row("API docs (OpenAPI):", `${config.baseUrl}/api/docs`),
    row("Database:", dbKind === "pglite" ? `PGlite in ${config.dataDir}/pglite` : "PostgreSQL"),
    ...sandboxes.flatMap((s) => [
      row(`SANDBOX ${s.name}${s.urlLabel ? `: ${s.urlLabel}` : ""}`, s.url),
      ...(s.endpoints ?? []).map((e) => row(`SANDBOX ${s.name}: ${e.label}`, e.url)),
    ]),
    "",
  ];
}
