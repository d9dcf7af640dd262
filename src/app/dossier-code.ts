import type { Kysely, Transaction } from "kysely";
import type { Database } from "../adapters/db/index.js";
import { formatDossierCode, MAX_DOSSIERS_PER_UNIT_DAY, vnDay } from "../domain/dossier-code.js";
import { conflict } from "./errors.js";

type Tx = Transaction<Database> | Kysely<Database>;

/**
 * Assigns the next legal dossier code of a receiving unit for the Vietnamese day of `at`. One atomic upsert on
 * the per-unit-per-day counter: concurrent receipts get distinct, gap-free numbers (the row lock serialises them).
 * See docs/law.md#dossier-code.
 */
export async function nextDossierCode(tx: Tx, unit: { id: string; code: string }, at: Date): Promise<string> {
  const day = vnDay(at);
  const row = await tx
    .insertInto("code_counters")
    .values({ unit_id: unit.id, day, last: 1 })
    .onConflict((oc) =>
      oc.columns(["unit_id", "day"]).doUpdateSet((eb) => ({ last: eb("code_counters.last", "+", 1) })),
    )
    .returning("last")
    .executeTakeFirstOrThrow();
  if (row.last > MAX_DOSSIERS_PER_UNIT_DAY) throw conflict("daily_code_limit");
  return formatDossierCode(unit.code, day, row.last);
}
