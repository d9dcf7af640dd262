import { type Static, Type } from "@sinclair/typebox";
import { sql } from "kysely";
import type { Officer } from "../actors.js";
import { invalidateCatalogue } from "../catalogue.js";
import type { Deps } from "../deps.js";
import { type FieldError, invalidInput, notFound, parseInput } from "../errors.js";
import { auditOfficer } from "../officers.js";
import { authoriseOfficerAdmin } from "./officers.js";

/**
 * Search words (issue #9): per procedure, the colloquial names and abbreviations people type ("sổ hồng" for a
 * land-use right certificate, "TNHH" for a limited company). The catalogue search (src/domain/search.ts) matches them
 * with the name's weight and the same diacritic and typo tolerance. They live on the procedure, not its version:
 * editing them changes no dossier. Every change is audited; every node sees it through the catalogue's signature.
 */

export const MAX_SEARCH_WORDS = 30;
export const MAX_SEARCH_WORD_LENGTH = 60;

export interface ProcedureSearchWords {
  code: string;
  name: string;
  words: string[];
}

export async function listSearchWords(
  deps: Deps,
  admin: Pick<Officer, "roles">,
  opts: { q?: string; limit?: number } = {},
): Promise<ProcedureSearchWords[]> {
  authoriseOfficerAdmin(admin);
  let q = deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["p.national_code as code", "v.name", "p.search_words"]);
  const text = opts.q?.trim();
  if (text)
    q = q.where((eb) =>
      eb.or([
        eb("p.national_code", "like", `${text.replace(/[%_\\]/g, "\\$&")}%`),
        eb(sql`vn_fold(v.name)`, "like", sql`'%' || vn_fold(${text}) || '%'`),
        eb(sql`vn_fold(p.search_words::text)`, "like", sql`'%' || vn_fold(${text}) || '%'`),
      ]),
    );
  const rows = await q
    .orderBy("p.national_code")
    .limit(Math.min(opts.limit ?? 50, 200))
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, words: Array.isArray(r.search_words) ? r.search_words : [] }));
}

export const SearchWordsInput = Type.Object({
  words: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
});
export type SearchWordsInput = Static<typeof SearchWordsInput>;

/** Replaces a procedure's search words (trimmed, spaces collapsed, duplicates ignored whatever their case). */
/**
 * Search words as kept: trimmed, spaces collapsed, NFC, duplicates dropped whatever their case; with the problems of
 * the list (a word too short or too long, too many words).
 */
export function cleanSearchWords(raw: string[]): { words: string[]; fields: FieldError[] } {
  const words: string[] = [];
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const w of raw.map((x) => x.normalize("NFC").replace(/\s+/g, " ").trim())) {
    if (!w) continue;
    if (w.length > MAX_SEARCH_WORD_LENGTH || w.length < 2)
      fields.push({
        path: "words",
        text: {
          vi: `Mỗi từ khoá dài từ 2 đến ${MAX_SEARCH_WORD_LENGTH} ký tự ("${w.slice(0, 20)}").`,
          en: `Each search word has 2 to ${MAX_SEARCH_WORD_LENGTH} characters ("${w.slice(0, 20)}").`,
        },
      });
    const key = w.toLocaleLowerCase("vi");
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(w);
  }
  if (words.length > MAX_SEARCH_WORDS)
    fields.push({
      path: "words",
      text: {
        vi: `Tối đa ${MAX_SEARCH_WORDS} từ khoá cho một thủ tục.`,
        en: `At most ${MAX_SEARCH_WORDS} search words per procedure.`,
      },
    });
  return { words, fields };
}

export async function setSearchWords(
  deps: Deps,
  admin: Officer,
  code: string,
  raw: unknown,
  ctx: { ip?: string | null } = {},
): Promise<string[]> {
  authoriseOfficerAdmin(admin);
  const input = parseInput(SearchWordsInput, raw);
  const { words, fields } = cleanSearchWords(input.words);
  if (fields.length) throw invalidInput(fields.slice(0, 1));
  await deps.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom("procedures")
      .select(["id", "search_words"])
      .where("national_code", "=", code)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound("not_found", { vi: "Không tìm thấy thủ tục.", en: "Procedure not found." });
    await tx
      .updateTable("procedures")
      .set({ search_words: JSON.stringify(words) })
      .where("id", "=", before.id)
      .execute();
    await auditOfficer(
      deps,
      {
        action: "procedure.search_words",
        actorId: admin.id,
        unitId: admin.unitId,
        target: code,
        ip: ctx.ip ?? null,
        data: { before: before.search_words, after: words },
      },
      tx,
    );
  });
  invalidateCatalogue(deps);
  return words;
}
