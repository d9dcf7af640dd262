import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import type { ProcedureVersionsTable } from "../../adapters/db/schema.js";
import { canonicalJson } from "../../domain/canonical-json.js";
import { type CatalogueProcedure, type CatalogueUnit, versionChangeRefusal } from "../../domain/catalogue-rules.js";
import type { Officer } from "../actors.js";
import { invalidateCatalogue } from "../catalogue.js";
import type { Deps } from "../deps.js";
import { AppError, type FieldError } from "../errors.js";
import { auditOfficer } from "../officers.js";
import { templateChecker } from "../templates.js";
import {
  CATALOGUE_FORMAT,
  CATALOGUE_VERSION,
  type Catalogue,
  type CatalogueFileInput,
  readCatalogue,
  refused,
} from "./catalogue-file.js";
import { authoriseOfficerAdmin } from "./officers.js";
import { cleanSearchWords } from "./search-words.js";

/**
 * Import and export of the whole catalogue (issue #9): units, fields and procedures with their e-forms and internal
 * processes, as the JSON files of ./catalogue-file.ts. The demo catalogue is loaded through `applyCatalogue` too
 * (src/demo/catalogue/seed.ts).
 *
 * Versioned: a procedure whose content differs from its current version gets a new published version and the old one
 * is retired; dossiers keep the version they pinned when they were created, so an import never changes a dossier
 * already submitted. The same file imported twice changes nothing the second time. One transaction: a file with any
 * error imports nothing (readCatalogue reports every problem with its record first).
 */

type Tx = Transaction<Database> | Kysely<Database>;

/** "versioned": an administrator's import; "missing_only": the demo seed, which never overwrites an administrator's edits. */
export type ImportMode = "versioned" | "missing_only";

export interface ImportSummary {
  unitsWritten: number;
  fieldsWritten: number;
  proceduresCreated: number;
  /** Procedures that got a new published version (their content differed). */
  proceduresVersioned: number;
  proceduresUnchanged: number;
  searchWordsSet: number;
}

/** The units and fields the database holds (what a file may name without defining). */
export async function known(tx: Tx) {
  const [units, fields] = await Promise.all([
    tx.selectFrom("units").select(["code", "level", "receives_dossiers"]).execute(),
    tx.selectFrom("fields").select("code").execute(),
  ]);
  return {
    unitCodes: units.map(
      (u) =>
        ({
          code: u.code,
          level: u.level,
          receivesDossiers: u.receives_dossiers,
        }) as CatalogueUnit,
    ),
    fieldCodes: new Set(fields.map((f) => f.code)),
  };
}

/** Reads and checks the files of an import against what the database holds. */
export async function checkCatalogueFiles(db: Tx, files: unknown[]): Promise<Catalogue> {
  return readCatalogue(files, await known(db), await templateChecker({ db }));
}

/** The content of a version that an import compares (ids, numbers and dates left out). */
const VERSION_CONTENT = [
  "name",
  "field_id",
  "level",
  "competent_unit_id",
  "implementing_unit_ids",
  "applicant_types",
  "description",
  "requirements",
  "time_limit",
  "fees",
  "components",
  "result",
  "legal_bases",
  "online_kind",
  "online_reason",
  "eform",
  "process",
] as const;
/** The version columns held as JSON. */
const JSON_COLUMNS = new Set([
  "implementing_unit_ids",
  "applicant_types",
  "time_limit",
  "fees",
  "components",
  "result",
  "legal_bases",
  "eform",
  "process",
]);
/** A version's content as one comparable text, from a stored row (JSON parsed) or a row to insert (JSON as text). */
const content = (v: Record<string, unknown>) =>
  canonicalJson(
    Object.fromEntries(
      VERSION_CONTENT.map((k) => [
        k,
        JSON_COLUMNS.has(k) && typeof v[k] === "string" ? JSON.parse(v[k] as string) : v[k],
      ]),
    ),
  );

/** A procedure of a catalogue file (or of the editor) as a procedure_versions row, units and field resolved to ids. */
export function versionRow(
  p: CatalogueProcedure,
  o: {
    procedureId: string;
    version: number;
    status: "draft" | "published";
    now: Date;
    unitId: (code: string) => string;
    fieldId: (code: string) => string;
  },
) {
  return {
    procedure_id: o.procedureId,
    version: o.version,
    status: o.status,
    name: p.name,
    field_id: o.fieldId(p.fieldCode),
    level: p.level,
    competent_unit_id: o.unitId(p.competentUnit),
    implementing_unit_ids: JSON.stringify(p.implementingUnits.map(o.unitId)),
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
    published_at: o.status === "published" ? o.now : null,
  } satisfies Insertable<ProcedureVersionsTable>;
}

/** The columns of a version that `fileProcedure` reads. */
export const VERSION_COLUMNS = ["version", ...VERSION_CONTENT] as const;
type VersionContentRow = Pick<Selectable<ProcedureVersionsTable>, (typeof VERSION_COLUMNS)[number]>;

/** A stored version as a procedure of a catalogue file (units and field by code), as the export and the editor show it. */
export function fileProcedure(
  code: string,
  v: VersionContentRow,
  unitCode: (id: string) => string,
  fieldCode: (id: string) => string,
  searchWords?: unknown,
): CatalogueProcedure {
  const opt = <K extends string, V>(k: K, x: V | null | undefined) => (x === null || x === undefined ? {} : { [k]: x });
  return {
    code,
    version: v.version,
    name: v.name,
    fieldCode: fieldCode(v.field_id),
    level: v.level as CatalogueProcedure["level"],
    competentUnit: unitCode(v.competent_unit_id),
    implementingUnits: v.implementing_unit_ids.map(unitCode),
    applicantTypes: v.applicant_types,
    description: v.description,
    requirements: v.requirements,
    timeLimit: v.time_limit,
    fees: v.fees,
    components: v.components,
    result: v.result,
    legalBases: v.legal_bases,
    onlineKind: v.online_kind,
    ...opt("onlineReason", v.online_reason),
    eform: v.eform,
    process: v.process,
    ...(Array.isArray(searchWords) && searchWords.length ? { searchWords: searchWords as string[] } : {}),
  };
}

/**
 * Writes a checked catalogue in the caller's transaction: units and fields upserted by code (only what is missing or
 * differs), then procedures created, or given a new version when their content changed ("versioned"), and search
 * words set from the file ("versioned") or filled where a procedure has none ("missing_only").
 */
export async function applyCatalogue(
  tx: Tx,
  cat: Catalogue,
  opts: { mode: ImportMode; now: Date },
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    unitsWritten: 0,
    fieldsWritten: 0,
    proceduresCreated: 0,
    proceduresVersioned: 0,
    proceduresUnchanged: 0,
    searchWordsSet: 0,
  };

  // Units: write only what is missing or differs (a restart normally writes nothing), then the tree.
  const present = cat.units.length
    ? await tx
        .selectFrom("units")
        .selectAll()
        .where(
          "code",
          "in",
          cat.units.map((u) => u.code),
        )
        .execute()
    : [];
  const byCode = new Map(present.map((u) => [u.code, u]));
  const wanted = cat.units.map((u) => ({
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
  if (stale.length)
    await tx
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
      .execute();
  summary.unitsWritten = stale.length;
  const unitId = new Map(
    (await tx.selectFrom("units").select(["id", "code", "parent_id"]).execute()).map((u) => [u.code, u]),
  );
  const idOf = (code: string) => {
    const u = unitId.get(code);
    if (!u) throw new Error(`catalogue: unknown unit ${code}`); // readCatalogue checked it
    return u.id;
  };
  const parents = cat.units
    .filter((u) => u.parent && unitId.get(u.code)?.parent_id !== idOf(u.parent))
    .map((u) => sql`(${idOf(u.code)}::uuid, ${idOf(u.parent!)}::uuid)`);
  if (parents.length)
    await sql`update units set parent_id = v.parent from (values ${sql.join(parents)}) as v(id, parent)
      where units.id = v.id`.execute(tx);

  // Fields: same, by code.
  const presentFields = cat.fields.length
    ? await tx
        .selectFrom("fields")
        .selectAll()
        .where(
          "code",
          "in",
          cat.fields.map((f) => f.code),
        )
        .execute()
    : [];
  const staleFields = cat.fields.filter((f) => {
    const have = presentFields.find((x) => x.code === f.code);
    return !have || have.name !== f.name || have.name_en !== f.nameEn;
  });
  if (staleFields.length)
    await tx
      .insertInto("fields")
      .values(staleFields.map((f) => ({ code: f.code, name: f.name, name_en: f.nameEn })))
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({ name: eb.ref("excluded.name"), name_en: eb.ref("excluded.name_en") })),
      )
      .execute();
  summary.fieldsWritten = staleFields.length;
  if (cat.procedures.length === 0) return summary;
  const fieldId = new Map((await tx.selectFrom("fields").select(["id", "code"]).execute()).map((f) => [f.code, f.id]));

  // Procedures.
  const existing = await tx
    .selectFrom("procedures as p")
    .leftJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["p.id", "p.national_code", "p.search_words", "v.id as version_id"])
    .select(VERSION_CONTENT.map((k) => `v.${k}` as const))
    .select((eb) =>
      eb
        .selectFrom("procedure_versions as vv")
        .select(sql<number>`coalesce(max(vv.version), 0)`.as("n"))
        .whereRef("vv.procedure_id", "=", "p.id")
        .as("last_version"),
    )
    .where(
      "p.national_code",
      "in",
      cat.procedures.map((p) => p.code),
    )
    .execute();
  const have = new Map(existing.map((e) => [e.national_code, e]));
  const versionOf = (p: CatalogueProcedure, procedureId: string, version: number) =>
    versionRow(p, {
      procedureId,
      version,
      status: "published",
      now: opts.now,
      unitId: idOf,
      fieldId: (c) => fieldId.get(c)!,
    });
  const missing = cat.procedures.filter((p) => !have.has(p.code));
  if (missing.length) {
    const created = await tx
      .insertInto("procedures")
      .values(missing.map((p) => ({ national_code: p.code })))
      .returning(["id", "national_code"])
      .execute();
    const procId = new Map(created.map((p) => [p.national_code, p.id]));
    const versions = await tx
      .insertInto("procedure_versions")
      .values(missing.map((p) => versionOf(p, procId.get(p.code)!, 1)))
      .returning(["id", "procedure_id"])
      .execute();
    const current = versions.map((v) => sql`(${v.procedure_id}::uuid, ${v.id}::uuid)`);
    await sql`update procedures set current_version_id = v.version from (values ${sql.join(current)}) as v(id, version)
      where procedures.id = v.id`.execute(tx);
    summary.proceduresCreated = missing.length;
  }

  // A file naming a version it has (an export does) must bring that version's content unchanged: the one rule on
  // changing versions (versionChangeRefusal) refuses the whole import otherwise.
  const named = cat.procedures.filter((p) => p.version !== undefined && have.has(p.code));
  const namedRows = named.length
    ? await tx
        .selectFrom("procedure_versions as v")
        .select(["v.procedure_id", "v.version", "v.status"])
        .select(VERSION_CONTENT.map((k) => `v.${k}` as const))
        .where(
          "v.procedure_id",
          "in",
          named.map((p) => have.get(p.code)!.id),
        )
        .execute()
    : [];
  const problems: FieldError[] = [];
  const sameAsNamed = new Set<string>();
  if (opts.mode === "versioned")
    for (const p of named) {
      const e = have.get(p.code)!;
      const row = namedRows.find((r) => r.procedure_id === e.id && r.version === p.version);
      if (!row) continue;
      if (content(row as unknown as Record<string, unknown>) === content(versionOf(p, e.id, p.version!))) {
        sameAsNamed.add(p.code);
        continue;
      }
      const refusal = versionChangeRefusal(p.code, row);
      if (refusal) problems.push({ path: `procedure ${p.code} version ${p.version}`, text: refusal });
    }
  if (problems.length) throw refused(problems);

  if (opts.mode === "versioned")
    for (const p of cat.procedures) {
      const e = have.get(p.code);
      if (!e) continue;
      if (sameAsNamed.has(p.code)) {
        summary.proceduresUnchanged++;
        continue;
      }
      const next = versionOf(p, e.id, Number(e.last_version) + 1);
      const before = e.version_id ? content(e as unknown as Record<string, unknown>) : "";
      if (before === content(next)) {
        summary.proceduresUnchanged++;
        continue;
      }
      const v = await tx.insertInto("procedure_versions").values(next).returning("id").executeTakeFirstOrThrow();
      if (e.version_id)
        await tx.updateTable("procedure_versions").set({ status: "retired" }).where("id", "=", e.version_id).execute();
      await tx.updateTable("procedures").set({ current_version_id: v.id }).where("id", "=", e.id).execute();
      summary.proceduresVersioned++;
    }
  else summary.proceduresUnchanged = cat.procedures.length - missing.length;

  // Search words: they live on the procedure (editing them changes no dossier).
  const words = cat.procedures
    .filter((p) => p.searchWords !== undefined)
    .map((p) => sql`(${p.code}, ${JSON.stringify(cleanSearchWords(p.searchWords ?? []).words)}::jsonb)`);
  if (words.length) {
    const r = await sql`update procedures set search_words = w.words from (values ${sql.join(words)}) as w(code, words)
      where procedures.national_code = w.code and procedures.search_words is distinct from w.words
      ${opts.mode === "missing_only" ? sql`and procedures.search_words = '[]'::jsonb` : sql``}`.execute(tx);
    summary.searchWordsSet = Number(r.numAffectedRows ?? 0);
  }
  return summary;
}

/** An administrator imports catalogue files: checked whole, written in one transaction, audited. */
export async function importCatalogue(
  deps: Deps,
  admin: Officer,
  files: unknown[],
  ctx: { ip?: string | null } = {},
): Promise<ImportSummary> {
  authoriseOfficerAdmin(admin);
  if (files.length === 0)
    throw new AppError(422, "catalogue_empty", {
      vi: "Chưa chọn tệp danh mục nào.",
      en: "No catalogue file was given.",
    });
  const summary = await deps.db.transaction().execute(async (trx) => {
    const cat = await checkCatalogueFiles(trx, files);
    const s = await applyCatalogue(trx, cat, { mode: "versioned", now: deps.now() });
    await auditOfficer(
      deps,
      {
        action: "catalogue.import",
        actorId: admin.id,
        unitId: admin.unitId,
        target: null,
        ip: ctx.ip ?? null,
        data: { ...s, procedures: cat.procedures.map((p) => p.code).slice(0, 500) },
      },
      trx,
    );
    return s;
  });
  invalidateCatalogue(deps);
  return summary;
}

/** The whole catalogue as one file: every unit and field, and every procedure at its current version. */
export async function exportCatalogue(deps: Deps, admin: Pick<Officer, "roles">): Promise<CatalogueFileInput> {
  authoriseOfficerAdmin(admin);
  const units = await deps.db
    .selectFrom("units as u")
    .leftJoin("units as parent", "parent.id", "u.parent_id")
    .select([
      "u.id",
      "u.code",
      "u.name",
      "u.short_name",
      "u.kind",
      "u.level",
      "parent.code as parent",
      "u.address",
      "u.phone",
      "u.email",
      "u.receives_dossiers",
    ])
    .orderBy("u.code")
    .execute();
  const code = new Map(units.map((u) => [u.id, u.code]));
  const fields = await deps.db.selectFrom("fields").selectAll().orderBy("code").execute();
  const fieldCode = new Map(fields.map((f) => [f.id, f.code]));
  const procedures = await deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["p.national_code", "p.search_words", "v.version"])
    .select(VERSION_CONTENT.map((k) => `v.${k}` as const))
    .orderBy("p.national_code")
    .execute();
  const opt = <K extends string, V>(k: K, v: V | null | undefined) => (v === null || v === undefined ? {} : { [k]: v });
  return {
    format: CATALOGUE_FORMAT,
    version: CATALOGUE_VERSION,
    units: units.map((u) => ({
      code: u.code,
      name: u.name,
      ...opt("shortName", u.short_name),
      kind: u.kind as CatalogueUnit["kind"],
      level: u.level as CatalogueUnit["level"],
      ...opt("parent", u.parent),
      address: u.address ?? "",
      phone: u.phone ?? "",
      ...opt("email", u.email),
      ...(u.receives_dossiers ? {} : { receivesDossiers: false }),
    })),
    fields: fields.map((f) => ({ code: f.code, name: f.name, nameEn: f.name_en ?? "" })),
    procedures: procedures.map((p) =>
      fileProcedure(
        p.national_code,
        p,
        (id) => code.get(id)!,
        (id) => fieldCode.get(id)!,
        p.search_words,
      ),
    ) as CatalogueFileInput["procedures"],
  };
}
