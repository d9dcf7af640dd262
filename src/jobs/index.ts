import type { FastifyBaseLogger } from "fastify";
import type { Deps } from "../app/deps.js";

/** Background workers (outbox dispatcher, deadline watcher, roll-ups). Returns a function that stops them. */
export function startJobs(_deps: Deps, _log: FastifyBaseLogger): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  return async () => {
    for (const t of timers) clearInterval(t);
  };
}
