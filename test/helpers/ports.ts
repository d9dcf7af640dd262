import { createServer } from "node:net";
import { SANDBOX_PORT_VARIABLES } from "../../src/sandboxes/index.js";

/** A port free at the time of asking (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Environment giving every sandbox its own free port, so parallel test files never collide. */
export async function sandboxPortEnv(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of SANDBOX_PORT_VARIABLES) out[name] = String(await freePort());
  return out;
}
