import { type OperationNodeSource, type RawBuilder, sql } from "kysely";

/** One step of a statement written as common table expressions: its name and its query (raw or built). */
export type Step = [name: string, query: RawBuilder<unknown> | OperationNodeSource];

/**
 * `a as (…), b as (…)` from named steps, for `sql\`with ${withSteps(steps)} select …\``. Data-modifying steps run
 * once and to completion whether or not the final query reads them, all in the one statement: one round trip, one
 * snapshot, and (outside a transaction) one commit.
 */
export function withSteps(steps: Step[]): RawBuilder<unknown> {
  return sql.join(
    steps.map(([name, q]) => sql`${sql.id(name)} as (${q})`),
    sql`, `,
  );
}
