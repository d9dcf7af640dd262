import { sql } from "kysely";
import type { Component } from "../../domain/catalogue.js";
import { MAX_PAGE_SIZE } from "../../domain/search.js";
import type { EForm } from "../../shared/eform.js";
import type { Officer } from "../actors.js";
import { searchProcedures } from "../catalogue.js";
import type { Deps } from "../deps.js";
import { ruleSetInForce } from "../dossiers/create.js";
import { loadRules } from "./context.js";

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

/**
 * The procedure an officer takes in at the counter or by post, by its id or its national code, with the current
 * version's e-form and components, and whether the rule set in force lets a paper be recorded as kept on paper only;
 * undefined when the officer's unit may not receive it (or it does not exist).
 */
export async function intakeProcedure(
  deps: Pick<Deps, "db" | "now">,
  officer: Pick<Officer, "unitId">,
  idOrCode: string | undefined,
): Promise<
  | { id: string; code: string; name: string; eform: EForm; components: Component[]; paperOnlyAllowed: boolean }
  | undefined
> {
  if (!idOrCode || idOrCode.length > 60) return undefined;
  const allowed = await unitProcedures(deps, officer.unitId, true);
  const procedureId = allowed.find((p) => p.id === idOrCode || p.code === idOrCode)?.id;
  if (!procedureId) return undefined;
  const row = await deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["p.id", "p.national_code as code", "v.name", "v.eform", "v.components"])
    .where("p.id", "=", procedureId)
    .executeTakeFirst();
  if (!row) return undefined;
  const rules = await loadRules(deps.db, await ruleSetInForce(deps.db, deps.now()));
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    eform: row.eform,
    components: (row.components ?? []) as Component[],
    paperOnlyAllowed: rules.paperOnlyReceipt === "allowed",
  };
}

/** The e-form of a procedure version (the one a dossier pinned), or null. */
export async function versionEForm(deps: Pick<Deps, "db">, versionId: string): Promise<EForm | null> {
  const row = await deps.db
    .selectFrom("procedure_versions")
    .select("eform")
    .where("id", "=", versionId)
    .executeTakeFirst();
  return row?.eform ?? null;
}
