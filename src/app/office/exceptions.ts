/**
 * Where the law was bent, as the rule set allows, and must be reported (issue #10, items 1 and 4): supplement requests
 * beyond the one a dossier may receive (an explicit exception with its legal basis) and apologies (form 04) issued
 * later than one working day before the due instant. Read from the history of the dossiers the officer's unit
 * received or holds, for a period of days.
 */
import { sql } from "kysely";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { invalidInput } from "./errors.js";

export interface LawException {
  dossierId: string;
  code: string | null;
  kind: "supplement_exception" | "late_apology";
  at: string;
  actorName: string | null;
  unitId: string | null;
  detail: Record<string, unknown>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX = 5000;

/** The exceptions recorded in [from, to] (days, Vietnam time) on dossiers of the officer's unit. */
export async function lawExceptions(
  deps: Deps,
  officer: Officer,
  from: string,
  to: string,
): Promise<{ from: string; to: string; items: LawException[] }> {
  const bad: { path: string; text: { vi: string; en: string } }[] = [];
  for (const [k, v] of [
    ["from", from],
    ["to", to],
  ] as const)
    if (!DAY.test(v))
      bad.push({
        path: `querystring.${k}`,
        text: { vi: "Ngày không hợp lệ (YYYY-MM-DD).", en: "Invalid day (YYYY-MM-DD)." },
      });
  if (bad.length === 0 && from > to)
    bad.push({
      path: "querystring.to",
      text: { vi: "Ngày kết thúc phải sau ngày bắt đầu.", en: "The end day must not be before the start day." },
    });
  if (bad.length) throw invalidInput(bad);
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000);
  const rows = await deps.db
    .selectFrom("dossier_events as e")
    .innerJoin("dossiers as d", "d.id", "e.dossier_id")
    .select(["e.dossier_id", "d.code", "e.type", "e.at", "e.actor_name", "e.unit_id", "e.data"])
    .where("e.at", ">=", start)
    .where("e.at", "<", end)
    .where((eb) =>
      eb.or([
        eb.and([eb("e.type", "=", "supplement_requested"), sql<boolean>`jsonb_typeof(e.data->'exception') = 'object'`]),
        eb.and([eb("e.type", "=", "deadline_extended"), sql<boolean>`(e.data->>'issuedInTime') = 'false'`]),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb("d.receiving_unit_id", "=", officer.unitId),
        eb("d.current_unit_id", "=", officer.unitId),
        eb("e.unit_id", "=", officer.unitId),
      ]),
    )
    .orderBy("e.at")
    .limit(MAX)
    .execute();
  return {
    from,
    to,
    items: rows.map((r) => {
      const data = r.data as Record<string, unknown>;
      const late = r.type === "deadline_extended";
      return {
        dossierId: r.dossier_id,
        code: r.code,
        kind: late ? "late_apology" : "supplement_exception",
        at: r.at.toISOString(),
        actorName: r.actor_name,
        unitId: r.unit_id,
        detail: late
          ? {
              previousDueAt: data.previousDueAt,
              latestInTimeAt: data.latestInTimeAt ?? null,
              newDueAt: data.newDueAt,
              reason: data.reason,
            }
          : { round: data.round, exception: data.exception, afterReceipt: data.afterReceipt },
      };
    }),
  };
}
