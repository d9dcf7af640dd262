import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { SANDBOX_PORT_VARIABLES } from "../../src/sandboxes/index.js";

/**
 * The kernel's range of ephemeral ports (outgoing connections and `listen(0)` take theirs there): a port chosen in it
 * and listened on a moment later can meanwhile be taken by any outgoing connection on the machine — a database
 * client, an HTTP request of another test file. So test ports are drawn below it.
 */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > 12_000) return low;
  } catch {
    // not Linux: the IANA dynamic range starts at 49152
  }
  return 49_152;
}
const HIGH = ephemeralLow();
const LOW = 10_000;
const handedOut = new Set<number>();

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/**
 * A port free at the time of asking, outside the ephemeral range (so no outgoing connection takes it before the test
 * listens on it), drawn at random so parallel test files rarely try the same one, never the same twice in a process.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    if (await tryListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`);
}

/** Environment giving every sandbox its own free port, so parallel test files never collide. */
export async function sandboxPortEnv(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of SANDBOX_PORT_VARIABLES) out[name] = String(await freePort());
  return out;
}
