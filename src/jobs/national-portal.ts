import type { FastifyBaseLogger } from "fastify";
import type { Deps } from "../app/deps.js";
import { previewCatalogueImport } from "../app/national-portal/catalogue-sync.js";
import { pullNationalSubmissions } from "../app/national-portal/inbound.js";
import { pullNationalRatings } from "../app/national-portal/ratings.js";

/**
 * Scheduled work with the National Public Service Portal (issue #6), when it is configured:
 * - new dossiers submitted on the national portal are pulled every `pollSeconds` (besides the signed callback), and
 *   then the ratings given there since the last pull (src/app/national-portal/ratings.ts);
 * - the national catalogue is fetched every `catalogueSyncSeconds` and, when it differs from the local one, a
 *   preview is stored for an administrator to review and apply (nothing is applied without them).
 * Returns a function that stops the timers and waits for a run in progress.
 */
export function startNationalPortalJobs(deps: Deps, log: Pick<FastifyBaseLogger, "info" | "warn" | "error">) {
  const np = deps.config.nationalPortal;
  const timers: NodeJS.Timeout[] = [];
  let running: Promise<unknown> | undefined;
  const every = (seconds: number, name: string, run: () => Promise<unknown>) => {
    if (!seconds || seconds <= 0) return;
    const tick = () => {
      if (running) return;
      running = run()
        .catch((err) => log.warn({ err }, `national portal: ${name} failed`))
        .finally(() => {
          running = undefined;
        });
    };
    const t = setInterval(tick, seconds * 1000);
    t.unref();
    timers.push(t);
  };
  if (np) {
    every(np.pollSeconds, "inbound pull", async () => {
      // one failing does not keep the other from running
      const [dossiers, ratings] = await Promise.allSettled([
        pullNationalSubmissions(deps, log),
        pullNationalRatings(deps, log),
      ]);
      if (dossiers.status === "rejected") log.warn({ err: dossiers.reason }, "national portal: inbound pull failed");
      if (ratings.status === "rejected") log.warn({ err: ratings.reason }, "national portal: ratings pull failed");
    });
    every(np.catalogueSyncSeconds, "catalogue check", async () => {
      const preview = await previewCatalogueImport(deps, null, { onlyIfChanges: true });
      if (preview)
        log.info(
          {
            import: preview.id,
            new: preview.diff.new.length,
            changed: preview.diff.changed.length,
            withdrawn: preview.diff.withdrawn.length,
            broken: preview.diff.broken.length,
          },
          "national catalogue differs: preview stored for an administrator",
        );
    });
  }
  return async () => {
    for (const t of timers) clearInterval(t);
    await running;
  };
}
