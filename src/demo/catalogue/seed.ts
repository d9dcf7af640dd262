import { applyCatalogue, checkCatalogueFiles } from "../../app/admin/catalogue.js";
import type { DB } from "../../adapters/db/index.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES } from "../../domain/rules.js";
import { demoCatalogueFile, demoCatalogueFileNames } from "./files.js";

export interface CatalogueSeedResult {
  /** Units inserted or corrected by this run. */
  units: number;
  /** Fields inserted or corrected by this run. */
  fields: number;
  /** Procedures created by this run (0 when they all existed). */
  proceduresCreated: number;
}

/**
 * Loads the demo province's catalogue — its JSON catalogue files (src/demo/catalogue/data) — and the default rule set
 * in one transaction, through the administrators' import (src/app/admin/catalogue.ts): checked whole, then applied.
 * Idempotent: units and fields are upserted by code; a procedure is created (version 1, published) only when its
 * national code is not there yet, and search words fill only empty lists, so an administrator's edits are never
 * overwritten.
 */
export async function seedCatalogue(db: DB, now: Date = new Date()): Promise<CatalogueSeedResult> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("rule_sets")
      .values({
        code: DEFAULT_RULE_SET_CODE,
        name: "Nghị định 118/2025/NĐ-CP",
        effective_from: "2025-07-01",
        rules: JSON.stringify(DEFAULT_RULES),
      })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const cat = await checkCatalogueFiles(trx, demoCatalogueFileNames().map(demoCatalogueFile));
    const s = await applyCatalogue(trx, cat, { mode: "missing_only", now });
    return { units: s.unitsWritten, fields: s.fieldsWritten, proceduresCreated: s.proceduresCreated };
  });
}
