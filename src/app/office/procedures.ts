import { sql } from "kysely";
import { MAX_PAGE_SIZE } from "../../domain/search.js";
import { searchProcedures } from "../catalogue.js";
import type { Deps } from "../deps.js";

/**
 * Published procedures an officer's unit works with, for pickers: with `receivingOnly`, those it may receive (the one
 * rule, receivingUnitIds in src/domain/catalogue.ts: the implementing units, or the competent unit when none is
 * named); otherwise those it receives or is competent for.
 */
export async function unitProcedures(deps: Pick<Deps, "db">, unitId: string, receivingOnly = false) {
  const implementing = sql`v.implementing_unit_ids @> ${JSON.stringify([unitId])}::jsonb`;
  let q = deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["p.id", "p.national_code as code", "v.name"])
    .where("v.status", "=", "published");
  q = receivingOnly
    ? q.where((eb) =>
        eb.or([
          eb(implementing, "=", sql`true`),
          eb.and([
            eb(sql`jsonb_array_length(v.implementing_unit_ids)`, "=", 0),
            eb("v.competent_unit_id", "=", unitId),
          ]),
        ]),
      )
    : q.where((eb) => eb.or([eb(implementing, "=", sql`true`), eb("v.competent_unit_id", "=", unitId)]));
  return q.orderBy("v.name").limit(1000).execute();
}

/** The procedures among `list` that match a typed search, best first (the catalogue search, domain/search.ts). */
export async function matchingProcedures<T extends { code: string }>(deps: Deps, list: T[], q: string): Promise<T[]> {
  const byCode = new Map(list.map((p) => [p.code, p]));
  const out: T[] = [];
  for (let page = 1; out.length < list.length; page++) {
    const hits = await searchProcedures(deps, { q, page, pageSize: MAX_PAGE_SIZE });
    for (const h of hits.items) {
      const p = byCode.get(h.doc.code);
      if (p) out.push(p);
    }
    if (page * MAX_PAGE_SIZE >= hits.total) break;
  }
  return out;
}
