import { type Kysely, sql } from "kysely";
import type { Database, DB } from "../../adapters/db/index.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES } from "../../domain/rules.js";
import { DEMO_FIELDS } from "./fields.js";
import { DEMO_PROCEDURES } from "./index.js";
import { DEMO_SEARCH_WORDS } from "./search-words.js";
import { DEMO_UNITS } from "./units.js";

export interface CatalogueSeedResult {
  /** Units inserted or corrected by this run. */
  units: number;
  /** Fields inserted or corrected by this run. */
  fields: number;
  /** Procedures created by this run (0 when they all existed). */
  proceduresCreated: number;
}

/**
 * Loads the demo province's units, fields, default rule set and procedures in one transaction. Idempotent:
 * units and fields are upserted by code; a procedure is created (version 1, published) only when its national
 * code is not there yet, so versions edited by an administrator are never overwritten.
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

    // Units: read what is there, write only what is missing or differs (a restart normally writes nothing).
    const codes = DEMO_UNITS.map((u) => u.code);
    const present = await trx.selectFrom("units").selectAll().where("code", "in", codes).execute();
    const byCode = new Map(present.map((u) => [u.code, u]));
    const wanted = DEMO_UNITS.map((u) => ({
      code: u.code,
      name: u.name,
      short_name: u.shortName ?? null,
      kind: u.kind,
      level: u.level,
      address: u.address,
      phone: u.phone,
      email: u.email ?? null,
      receives_dossiers: u.receivesDossiers ?? true,
    }));
    const stale = wanted.filter((w) => {
      const have = byCode.get(w.code);
      return (
        !have ||
        have.name !== w.name ||
        have.short_name !== w.short_name ||
        have.kind !== w.kind ||
        have.level !== w.level ||
        have.address !== w.address ||
        have.phone !== w.phone ||
        have.email !== w.email ||
        have.receives_dossiers !== w.receives_dossiers
      );
    });
    const unitId = new Map(present.map((u) => [u.code, u.id]));
    if (stale.length) {
      const written = await trx
        .insertInto("units")
        .values(stale)
        .onConflict((oc) =>
          oc.column("code").doUpdateSet((eb) => ({
            name: eb.ref("excluded.name"),
            short_name: eb.ref("excluded.short_name"),
            kind: eb.ref("excluded.kind"),
            level: eb.ref("excluded.level"),
            address: eb.ref("excluded.address"),
            phone: eb.ref("excluded.phone"),
            email: eb.ref("excluded.email"),
            receives_dossiers: eb.ref("excluded.receives_dossiers"),
          })),
        )
        .returning(["id", "code"])
        .execute();
      for (const u of written) unitId.set(u.code, u.id);
    }
    const idOf = (code: string) => {
      const id = unitId.get(code);
      if (!id) throw new Error(`demo catalogue: unknown unit ${code}`);
      return id;
    };

    const parents = DEMO_UNITS.filter((u) => u.parent && byCode.get(u.code)?.parent_id !== idOf(u.parent)).map(
      (u) => sql`(${idOf(u.code)}::uuid, ${idOf(u.parent!)}::uuid)`,
    );
    if (parents.length)
      await sql`update units set parent_id = v.parent from (values ${sql.join(parents)}) as v(id, parent)
        where units.id = v.id`.execute(trx);

    // Fields: same, by code.
    const presentFields = await trx
      .selectFrom("fields")
      .selectAll()
      .where(
        "code",
        "in",
        DEMO_FIELDS.map((f) => f.code),
      )
      .execute();
    const fieldId = new Map(presentFields.map((f) => [f.code, f.id]));
    const staleFields = DEMO_FIELDS.filter((f) => {
      const have = presentFields.find((x) => x.code === f.code);
      return !have || have.name !== f.name || have.name_en !== f.nameEn;
    });
    if (staleFields.length) {
      const written = await trx
        .insertInto("fields")
        .values(staleFields.map((f) => ({ code: f.code, name: f.name, name_en: f.nameEn })))
        .onConflict((oc) =>
          oc
            .column("code")
            .doUpdateSet((eb) => ({ name: eb.ref("excluded.name"), name_en: eb.ref("excluded.name_en") })),
        )
        .returning(["id", "code"])
        .execute();
      for (const f of written) fieldId.set(f.code, f.id);
    }
    const result = { units: stale.length, fields: staleFields.length };

    const existing = await trx
      .selectFrom("procedures")
      .select("national_code")
      .where(
        "national_code",
        "in",
        DEMO_PROCEDURES.map((p) => p.code),
      )
      .execute();
    const have = new Set(existing.map((p) => p.national_code));
    const missing = DEMO_PROCEDURES.filter((p) => !have.has(p.code));
    if (missing.length === 0) {
      await fillSearchWords(trx);
      return { ...result, proceduresCreated: 0 };
    }

    const created = await trx
      .insertInto("procedures")
      .values(missing.map((p) => ({ national_code: p.code })))
      .returning(["id", "national_code"])
      .execute();
    const procId = new Map(created.map((p) => [p.national_code, p.id]));

    const versions = await trx
      .insertInto("procedure_versions")
      .values(
        missing.map((p) => {
          const field = fieldId.get(p.fieldCode);
          if (!field) throw new Error(`demo catalogue: unknown field ${p.fieldCode}`);
          return {
            procedure_id: procId.get(p.code)!,
            version: 1,
            status: "published" as const,
            name: p.name,
            field_id: field,
            level: p.level,
            competent_unit_id: idOf(p.competentUnit),
            implementing_unit_ids: JSON.stringify(p.implementingUnits.map(idOf)),
            applicant_types: JSON.stringify(p.applicantTypes),
            description: p.description,
            requirements: p.requirements,
            time_limit: JSON.stringify(p.timeLimit),
            fees: JSON.stringify(p.fees),
            components: JSON.stringify(p.components),
            result: JSON.stringify(p.result),
            legal_bases: JSON.stringify(p.legalBases),
            online_kind: p.onlineKind,
            online_reason: p.onlineReason ?? null,
            eform: JSON.stringify(p.eform),
            process: JSON.stringify(p.process),
            published_at: now,
          };
        }),
      )
      .returning(["id", "procedure_id"])
      .execute();

    const current = versions.map((v) => sql`(${v.procedure_id}::uuid, ${v.id}::uuid)`);
    await sql`update procedures set current_version_id = v.version from (values ${sql.join(current)}) as v(id, version)
      where procedures.id = v.id`.execute(trx);

    await fillSearchWords(trx);
    return { ...result, proceduresCreated: missing.length };
  });
}

/** The demo search words, where a procedure has none (an administrator's list stays; one emptied gets them back at the next start). */
async function fillSearchWords(trx: Kysely<Database>) {
  const rows = Object.entries(DEMO_SEARCH_WORDS).map(
    ([code, words]) => sql`(${code}, ${JSON.stringify(words)}::jsonb)`,
  );
  await sql`update procedures set search_words = w.words from (values ${sql.join(rows)}) as w(code, words)
    where procedures.national_code = w.code and procedures.search_words = '[]'::jsonb`.execute(trx);
}
