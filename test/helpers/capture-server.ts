import { createServer } from "node:http";

/** One request a capture server received. */
export interface Captured {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A local HTTP server standing for the province's callback routes in sandbox tests: it keeps every request it gets
 * and answers each with `reply` (JSON).
 */
export async function startCaptureServer(reply = "{}") {
  const calls: Captured[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      calls.push({ path: req.url ?? "", headers: req.headers, body });
      res.setHeader("content-type", "application/json");
      res.end(reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    calls,
    clear: () => {
      calls.length = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
