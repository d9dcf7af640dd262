/**
 * The portal's questions and answers (issue #8): the answers a leader published with the citizen's consent, newest
 * first, searchable ignoring diacritics (the folded words of the question and answer, src/domain/text-normalize.ts).
 * The citizen's identity is never part of it. Also the Decision 766 measures of petitions for the reports.
 */
import { type Static, Type } from "@sinclair/typebox";
import { sql } from "kysely";
import type { Measured } from "../../domain/measure/index766.js";
import { petitionSatisfaction, petitionsOnTime, type SubjectKind } from "../../domain/petitions.js";
import { tokenize } from "../../domain/text-normalize.js";
import type { Deps } from "../deps.js";
import { parseInput } from "../errors.js";
import { selectPetitions, type JoinedRow } from "./common.js";

export const QaQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
});
export type QaQuery = Static<typeof QaQuery>;

export interface QaItem {
  code: string;
  subjectKind: SubjectKind;
  procedureCode: string | null;
  procedureName: string | null;
  unitName: string;
  title: string;
  question: string;
  answer: string;
  receivedAt: string;
  answeredAt: string;
}

export const QA_PAGE_SIZE = 20;

/** One page of published answers matching every word of `q` (diacritics, case and i/y spelling ignored). */
export async function publishedAnswers(
  deps: Pick<Deps, "db">,
  raw: unknown,
): Promise<{ items: QaItem[]; total: number; page: number; pages: number }> {
  const query = parseInput(QaQuery, raw, "querystring");
  const words = tokenize(query.q ?? "").slice(0, 10);
  const page = query.page ?? 1;
  let base = deps.db.selectFrom("petitions as p").where("p.published_at", "is not", null);
  for (const w of words) base = base.where("p.search_text", "like", `%${w}%`);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  let q = selectPetitions(deps.db).where("p.published_at", "is not", null);
  for (const w of words) q = q.where("p.search_text", "like", `%${w}%`);
  const rows = (await q
    .orderBy("p.published_at", "desc")
    .orderBy("p.id")
    .limit(QA_PAGE_SIZE)
    .offset((page - 1) * QA_PAGE_SIZE)
    .execute()) as JoinedRow[];
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / QA_PAGE_SIZE)),
    items: rows.map((r) => ({
      code: r.code,
      subjectKind: r.subject_kind,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      unitName: r.unit_name,
      title: r.title,
      question: r.content,
      answer: r.answer ?? "",
      receivedAt: new Date(r.received_at).toISOString(),
      answeredAt: new Date(r.answered_at ?? r.received_at).toISOString(),
    })),
  };
}

/**
 * Decision 766's petition components for a period (instants [from, to)) and the handling units (all when null):
 * petitions answered in the period on time / answered in it; petitions rated in the period satisfied / rated. A
 * period with none is "no data" (the index scores it neither zero nor full marks).
 */
export async function petitionMeasures(
  deps: Pick<Deps, "db">,
  units: string[] | null,
  from: Date,
  to: Date,
): Promise<{ onTime: Measured; satisfaction: Measured }> {
  const unitFilter = units ? sql`and unit_id in (${sql.join(units.map((u) => sql`${u}::uuid`))})` : sql``;
  const r = await sql<{ on_time: number | string; late: number | string }>`
select count(*) filter (where on_time) as on_time, count(*) filter (where not on_time) as late
from petitions where answered_at >= ${from} and answered_at < ${to} ${unitFilter}`.execute(deps.db);
  const s = await sql<{ rating: "very_satisfied" | "satisfied" | "unsatisfied"; n: number | string }>`
select rating, count(*) as n from petitions
where rated_at >= ${from} and rated_at < ${to} and rating is not null ${unitFilter} group by rating`.execute(deps.db);
  const counts = { very_satisfied: 0, satisfied: 0, unsatisfied: 0 };
  for (const x of s.rows) counts[x.rating] = Number(x.n);
  const onTime = petitionsOnTime({ onTime: Number(r.rows[0]?.on_time ?? 0), late: Number(r.rows[0]?.late ?? 0) });
  const sat = petitionSatisfaction(counts);
  return {
    onTime: { numerator: onTime.numerator, denominator: onTime.denominator },
    satisfaction: { numerator: sat.numerator, denominator: sat.denominator },
  };
}
