import { sql } from "kysely";
import type { DB } from "../adapters/db/index.js";
import type { Deps } from "./deps.js";
import { verifyChains } from "./history.js";

export { isDatabaseUnavailable } from "../adapters/db/availability.js";

/** Readiness: the database answers a trivial query (throws otherwise). */
export async function databaseReady(deps: Pick<Deps, "db">): Promise<void> {
  await sql`select 1`.execute(deps.db);
}

/** Operations checks behind the CLI commands, kept here so tests can run them on a test database. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REASONS: Record<string, string> = {
  hash_mismatch: "the event's content does not match its hash (edited after it was written)",
  prev_hash_mismatch: "the event does not point to the previous event's hash (inserted, removed or reordered)",
  sequence_gap: "an event is missing from the sequence",
  head_mismatch: "the dossier's chain head does not match its last event (events removed or added at the end)",
};

/**
 * `verify-chain [dossierId]`: checks the hash chains of every dossier's history (or one dossier's) and reports
 * OK with the number of events, or the first broken link (dossier id, code, sequence number and reason).
 */
export async function verifyChainReport(
  db: DB,
  dossierId?: string,
): Promise<{ exitCode: number; output: string; checked: number }> {
  if (dossierId !== undefined) {
    if (!UUID.test(dossierId)) return { exitCode: 2, output: `not a dossier id: ${dossierId}`, checked: 0 };
    const exists = await db.selectFrom("dossiers").select("id").where("id", "=", dossierId).executeTakeFirst();
    if (!exists) return { exitCode: 2, output: `no dossier with id ${dossierId}`, checked: 0 };
  }
  const { checked, broken } = await verifyChains(db, dossierId);
  if (!broken) {
    const scope = dossierId ? `dossier ${dossierId}` : "all dossiers";
    return { exitCode: 0, output: `OK: ${checked} events verified (${scope})`, checked };
  }
  const d = await db
    .selectFrom("dossiers")
    .select(["code", "reference"])
    .where("id", "=", broken.dossierId)
    .executeTakeFirst();
  const output = [
    "BROKEN: the history hash chain is broken",
    `  dossier: ${broken.dossierId}`,
    `  code:    ${d?.code ?? "(not received yet)"}${d?.reference ? ` (reference ${d.reference})` : ""}`,
    `  seq:     ${broken.seq}`,
    `  reason:  ${broken.reason} — ${REASONS[broken.reason] ?? ""}`,
    `  (${checked} events checked before the break)`,
  ].join("\n");
  return { exitCode: 1, output, checked };
}
