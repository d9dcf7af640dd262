import type { FastifyBaseLogger } from "fastify";
import { publishDueVersions } from "../app/admin/procedures.js";
import type { Deps } from "../app/deps.js";
import { rollUpAndPrime } from "../app/public-statistics.js";
import { startDeadlineWatcher } from "./deadlines.js";
import { startNationalPortalJobs } from "./national-portal.js";
import { startOutboxDispatcher } from "./outbox.js";
import { startPaymentJobs } from "./payments.js";

/** Background workers (outbox dispatcher, deadline watcher, roll-ups). Returns a function that stops them. */
export function startJobs(deps: Deps, log: FastifyBaseLogger): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const stops: Array<() => Promise<void>> = [];

  // Outbox: applicant notifications (and later national-portal sync, EMC, payment requests).
  const dispatcher = startOutboxDispatcher(deps, log.child({ job: "outbox" }), { intervalMs: 1000 });
  stops.push(() => dispatcher.stop());

  // Deadline watcher: due soon / overdue marks on running clocks (issue #3).
  const watcher = startDeadlineWatcher(deps, log.child({ job: "deadlines" }), { intervalMs: 60_000 });
  stops.push(() => watcher.stop());

  // National portal: catalogue update previews on a schedule (and inbound dossiers, see the module).
  stops.push(startNationalPortalJobs(deps, log.child({ job: "national-portal" })));

  // Online payment: unconfirmed orders expire; yesterday is reconciled against the platform's settlement file.
  stops.push(startPaymentJobs(deps, log.child({ job: "payments" })));

  // Procedures: drafts scheduled for publication are published when due (src/app/admin/procedures.ts).
  const publishDue = () =>
    publishDueVersions(deps, log.child({ job: "procedures" })).catch((err) =>
      log.error({ err }, "procedures: scheduled publication failed"),
    );
  const publications = setInterval(publishDue, 60_000);
  publications.unref();
  timers.push(publications);

  // Expired sessions (citizen, officer, pending logins) are purged every 10 minutes.
  const purgeSessions = () =>
    deps.db
      .deleteFrom("sessions")
      .where("expires_at", "<", deps.now())
      .execute()
      .catch((err) => log.error({ err }, "sessions: purge failed"));
  const purge = setInterval(purgeSessions, 10 * 60 * 1000);
  purge.unref();
  timers.push(purge);

  // Statistics: the days before today are summed by month for the reports (migration 0045), hourly; the public
  // figures are computed again after a roll-up, before a visitor asks.
  const rollUp = () => rollUpAndPrime(deps).catch((err) => log.error({ err }, "statistics: roll-up failed"));
  void rollUp();
  const rollUps = setInterval(rollUp, 60 * 60 * 1000);
  rollUps.unref();
  timers.push(rollUps);

  return async () => {
    for (const t of timers) clearInterval(t);
    for (const stop of stops) await stop();
  };
}
