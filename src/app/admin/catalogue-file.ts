import { type Static, type TSchema, Type } from "@sinclair/typebox";
import {
  type CatalogueField,
  type CatalogueProcedure,
  type CatalogueUnit,
  checkProcedure,
  DOCUMENT_KIND_NAMES,
  FIELD_TYPE_NAMES,
  orderProcess,
  PREFILL_NAMES,
  PROCESS_ROLES,
  REGISTRY_NAMES,
} from "../../domain/catalogue-rules.js";
import type { ProcessSpec } from "../../domain/catalogue.js";
import { AppError, type FieldError, parseInput } from "../errors.js";
import { cleanSearchWords } from "./search-words.js";

/**
 * The catalogue file (issue #9, "import and export of the whole catalogue"): a province's units, fields and procedures
 * with their e-forms and internal processes as JSON, so provinces can share them. The demo catalogue ships as such
 * files (src/demo/catalogue/data) and is loaded through the same import. Units and fields are named by code
 * everywhere, never by database id, so a file moves between installations.
 */

export const CATALOGUE_FORMAT = "motcua-catalogue";
export const CATALOGUE_VERSION = 1;

const Text = (o: { maxLength?: number; minLength?: number } = {}) => Type.String({ maxLength: 2000, ...o });
const LText = Type.Object({ vi: Text({ minLength: 1 }), en: Type.Optional(Text()) }, { additionalProperties: false });

const Field: TSchema = Type.Recursive(
  (Self) =>
    Type.Object(
      {
        key: Text({ minLength: 1, maxLength: 60 }),
        type: Type.Union(FIELD_TYPE_NAMES.map((t) => Type.Literal(t))),
        label: LText,
        help: Type.Optional(LText),
        required: Type.Optional(Type.Boolean()),
        options: Type.Optional(
          Type.Array(Type.Object({ value: Text({ minLength: 1, maxLength: 100 }), label: LText }), { maxItems: 500 }),
        ),
        minLength: Type.Optional(Type.Integer({ minimum: 0 })),
        maxLength: Type.Optional(Type.Integer({ minimum: 0 })),
        min: Type.Optional(Type.Number()),
        max: Type.Optional(Type.Number()),
        pattern: Type.Optional(Text({ maxLength: 500 })),
        patternMessage: Type.Optional(LText),
        dateRule: Type.Optional(Type.Union([Type.Literal("past"), Type.Literal("future")])),
        prefill: Type.Optional(Type.Union(PREFILL_NAMES.map((t) => Type.Literal(t)))),
        provinceField: Type.Optional(Text({ maxLength: 60 })),
        fields: Type.Optional(Type.Array(Self, { maxItems: 200 })),
        minItems: Type.Optional(Type.Integer({ minimum: 0 })),
        maxItems: Type.Optional(Type.Integer({ minimum: 0 })),
        showIf: Type.Optional(
          Type.Object(
            {
              field: Text({ minLength: 1, maxLength: 60 }),
              values: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  { $id: "CatalogueEFormField" },
);

const Unit = Type.Object(
  {
    code: Text({ minLength: 1, maxLength: 60 }),
    name: Text({ minLength: 1, maxLength: 300 }),
    shortName: Type.Optional(Text({ maxLength: 100 })),
    kind: Type.Union(["province", "department", "centre", "commune", "agency"].map((k) => Type.Literal(k))),
    level: Type.Union([Type.Literal("province"), Type.Literal("commune")]),
    parent: Type.Optional(Text({ maxLength: 60 })),
    address: Text({ maxLength: 500 }),
    phone: Text({ maxLength: 50 }),
    email: Type.Optional(Text({ maxLength: 200 })),
    receivesDossiers: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const FieldOfActivity = Type.Object(
  { code: Text({ minLength: 1, maxLength: 60 }), name: Text({ minLength: 1, maxLength: 300 }), nameEn: Text() },
  { additionalProperties: false },
);

/** One procedure, as the catalogue file and the administrator's editor (src/app/admin/procedures.ts) both take it. */
export const ProcedureSchema = Type.Object(
  {
    code: Text({ minLength: 1, maxLength: 30 }),
    /**
     * The version this content is (the export writes it). An import naming an existing version must bring the same
     * content: a published version is never changed (versionChangeRefusal); without it, changed content gets a new
     * version.
     */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Text({ minLength: 1, maxLength: 500 }),
    fieldCode: Text({ minLength: 1, maxLength: 60 }),
    level: Type.Union([Type.Literal("province"), Type.Literal("commune")]),
    competentUnit: Text({ minLength: 1, maxLength: 60 }),
    implementingUnits: Type.Array(Text({ maxLength: 60 }), { maxItems: 1000 }),
    applicantTypes: Type.Array(Type.Union([Type.Literal("citizen"), Type.Literal("business")]), {
      minItems: 1,
      maxItems: 2,
    }),
    description: Type.String({ maxLength: 20000 }),
    requirements: Type.String({ maxLength: 20000 }),
    timeLimit: Type.Object(
      {
        unit: Type.Union([Type.Literal("working_days"), Type.Literal("working_hours"), Type.Literal("immediate")]),
        value: Type.Integer({ minimum: 0 }),
        note: Type.Optional(Text()),
      },
      { additionalProperties: false },
    ),
    fees: Type.Array(
      Type.Object(
        {
          name: Text({ minLength: 1 }),
          amount: Type.Integer({ minimum: 0 }),
          note: Type.Optional(Text()),
          basis: Type.Optional(Type.Union([Type.Literal("fixed"), Type.Literal("per_copy"), Type.Literal("per_item")])),
          max: Type.Optional(Type.Integer({ minimum: 0 })),
          exemptFor: Type.Optional(Type.Array(Text({ maxLength: 60 }), { maxItems: 50 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    components: Type.Array(
      Type.Object(
        {
          code: Text({ minLength: 1, maxLength: 30 }),
          name: Text({ minLength: 1 }),
          form: Type.Union(["original", "certified_copy", "copy", "original_or_copy"].map((f) => Type.Literal(f))),
          quantity: Type.Integer({ minimum: 1 }),
          required: Type.Boolean(),
          note: Type.Optional(Text()),
          template: Type.Optional(
            Type.Object(
              { name: Text({ minLength: 1 }), file: Text({ minLength: 1, maxLength: 200 }) },
              { additionalProperties: false },
            ),
          ),
          declaration: Type.Optional(Type.Boolean()),
          maxBytes: Type.Optional(Type.Integer({ minimum: 1 })),
          accept: Type.Optional(Type.Array(Text({ maxLength: 100 }), { maxItems: 20 })),
          kind: Type.Optional(Type.Union(DOCUMENT_KIND_NAMES.map((k) => Type.Literal(k)))),
          heldBy: Type.Optional(Type.Union(REGISTRY_NAMES.map((r) => Type.Literal(r)))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    result: Type.Object(
      {
        name: Text({ minLength: 1 }),
        electronic: Type.Boolean(),
        kind: Type.Optional(Type.Union(DOCUMENT_KIND_NAMES.map((k) => Type.Literal(k)))),
        validityMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 1200 })),
        data: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 60 }), { maxItems: 50 })),
      },
      { additionalProperties: false },
    ),
    legalBases: Type.Array(
      Type.Object(
        { number: Text({ minLength: 1 }), title: Text(), date: Type.Optional(Text({ maxLength: 30 })) },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    onlineKind: Type.Union([Type.Literal("end_to_end"), Type.Literal("partial"), Type.Literal("none")]),
    onlineReason: Type.Optional(Text()),
    eform: Type.Object(
      {
        sections: Type.Array(
          Type.Object(
            {
              key: Text({ minLength: 1, maxLength: 60 }),
              title: LText,
              fields: Type.Array(Field, { maxItems: 300 }),
            },
            { additionalProperties: false },
          ),
          { maxItems: 50 },
        ),
        rules: Type.Optional(
          Type.Array(
            Type.Object(
              {
                field: Text({ minLength: 1, maxLength: 130 }),
                op: Type.Union(["lt", "lte", "gt", "gte"].map((o) => Type.Literal(o))),
                other: Text({ minLength: 1, maxLength: 130 }),
                message: LText,
              },
              { additionalProperties: false },
            ),
            { maxItems: 100 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    process: Type.Object(
      {
        steps: Type.Array(
          Type.Object(
            {
              code: Text({ minLength: 1, maxLength: 30 }),
              name: Text({ minLength: 1 }),
              unit: Type.Union([
                Type.Literal("receiving"),
                Type.Literal("competent"),
                Type.Object({ code: Text({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
              ]),
              role: Type.Union(PROCESS_ROLES.map((r) => Type.Literal(r))),
              budgetHours: Type.Integer({ minimum: 1 }),
              kind: Type.Optional(Type.Union([Type.Literal("approval"), Type.Literal("interagency")])),
              next: Type.Optional(Text({ minLength: 1, maxLength: 30 })),
            },
            { additionalProperties: false },
          ),
          { maxItems: 50 },
        ),
      },
      { additionalProperties: false },
    ),
    searchWords: Type.Optional(Type.Array(Text({ maxLength: 200 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const CatalogueFileSchema = Type.Object(
  {
    format: Type.Literal(CATALOGUE_FORMAT),
    version: Type.Literal(CATALOGUE_VERSION),
    units: Type.Optional(Type.Array(Unit, { maxItems: 5000 })),
    fields: Type.Optional(Type.Array(FieldOfActivity, { maxItems: 1000 })),
    procedures: Type.Optional(Type.Array(ProcedureSchema, { maxItems: 5000 })),
  },
  { additionalProperties: false },
);
export type CatalogueFileInput = Static<typeof CatalogueFileSchema>;

/** A whole catalogue: the files of an import taken together. */
export interface Catalogue {
  units: CatalogueUnit[];
  fields: CatalogueField[];
  procedures: CatalogueProcedure[];
}

/** The refusal of a whole import (422 `catalogue_invalid`), every problem with its record. */
export const refused = (fields: FieldError[]) =>
  new AppError(
    422,
    "catalogue_invalid",
    {
      vi: `Tệp danh mục có ${fields.length} lỗi; không có gì được nhập.`,
      en: `The catalogue file has ${fields.length} error(s); nothing was imported.`,
    },
    fields.slice(0, 200),
  );

/**
 * Reads the files of an import into one catalogue and checks it whole: each file against the schema, then every
 * record against the catalogue's rules (src/domain/catalogue-rules.ts), with units and fields named by code resolved
 * against `known` (what the database holds) and the files themselves. Every problem is reported with the record it is
 * in (`files[1].procedures[3] 1.001193`); one problem refuses the whole import (422 `catalogue_invalid`).
 */
export function readCatalogue(
  files: unknown[],
  known: { unitCodes: ReadonlyArray<CatalogueUnit>; fieldCodes: ReadonlySet<string> },
  templateExists: (file: string) => boolean,
): Catalogue {
  const problems: FieldError[] = [];
  const out: Catalogue = { units: [], fields: [], procedures: [] };
  const where: string[] = [];
  for (const [i, raw] of files.entries()) {
    const root = files.length > 1 ? `files[${i}]` : "file";
    try {
      const f = parseInput(CatalogueFileSchema, raw, root);
      out.units.push(...((f.units ?? []) as CatalogueUnit[]));
      out.fields.push(...((f.fields ?? []) as CatalogueField[]));
      for (const [j, p] of (f.procedures ?? []).entries()) {
        out.procedures.push({ ...(p as CatalogueProcedure), process: orderProcess(p.process as ProcessSpec) });
        where.push(`${root}.procedures[${j}] ${p.code}`);
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push(...e.fields.map((x) => ({ path: x.path.replace(/\.(\d+)(?=\.|$)/g, "[$1]"), text: x.text })));
    }
  }
  if (problems.length) throw refused(problems);

  const dup = <T>(list: T[], key: (t: T) => string, what: { vi: string; en: string }) => {
    const seen = new Set<string>();
    for (const t of list) {
      const k = key(t);
      if (seen.has(k))
        problems.push({
          path: `${what.en} ${k}`,
          text: { vi: `${what.vi} ${k} lặp lại.`, en: `${what.en} ${k} repeats.` },
        });
      seen.add(k);
    }
  };
  dup(out.units, (u) => u.code, { vi: "Đơn vị", en: "unit" });
  dup(out.fields, (f) => f.code, { vi: "Lĩnh vực", en: "field" });
  dup(out.procedures, (p) => p.code, { vi: "Thủ tục", en: "procedure" });

  const units = new Map(known.unitCodes.map((u) => [u.code, u]));
  for (const u of out.units) units.set(u.code, u);
  for (const u of out.units)
    if (u.parent && !units.has(u.parent))
      problems.push({
        path: `unit ${u.code}`,
        text: {
          vi: `Đơn vị ${u.code}: không có đơn vị cha ${u.parent}.`,
          en: `Unit ${u.code}: no parent unit ${u.parent}.`,
        },
      });
  const fieldCodes = new Set([...known.fieldCodes, ...out.fields.map((f) => f.code)]);
  for (const [i, p] of out.procedures.entries()) {
    for (const m of checkProcedure(p, [...units.values()], fieldCodes, templateExists))
      problems.push({ path: where[i], text: m });
    if (p.searchWords)
      for (const f of cleanSearchWords(p.searchWords).fields)
        problems.push({ path: `${where[i]}.searchWords`, text: f.text });
  }
  if (problems.length) throw refused(problems);
  return out;
}
