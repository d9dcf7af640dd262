import { type Branding, BRANDING_KEY, brandingFrom, DEFAULT_BRANDING } from "./branding.js";
import { sql } from "kysely";
import type { DB } from "../adapters/db/index.js";
import type { Component, Fee, LegalBasis, ProcessSpec, ResultSpec, TimeLimit } from "../domain/catalogue.js";
import {
  type OnlineFilter,
  type OnlineKind,
  type SearchDoc,
  SearchIndex,
  type SearchQuery,
  type SearchResult,
} from "../domain/search.js";
import type { EForm } from "../shared/eform.js";
import type { Deps } from "./deps.js";

/**
 * The public catalogue: the published version of every procedure (procedures.current_version_id → a version with
 * status 'published'), held in process as a search index. Each node checks cheaply whether the catalogue changed
 * (a signature of the current published versions, fields and units) at most every CHECK_INTERVAL_MS and reloads when
 * it did, so several app nodes over one database converge within seconds; requests meanwhile use the last snapshot.
 */

export const CHECK_INTERVAL_MS = 2000;

export type Level = "province" | "commune" | "ministry" | "sector";

/** One published procedure as the search index and result lists see it. */
export interface CatalogueProcedure extends SearchDoc {
  procedureId: string;
  versionId: string;
  version: number;
  code: string;
  name: string;
  fieldId: string;
  fieldCode: string;
  fieldName: string;
  fieldNameEn: string | null;
  level: Level;
  competentUnitId: string;
  implementingUnitIds: string[];
  unitCodes: string[];
  onlineKind: OnlineKind;
  timeLimit: TimeLimit;
  publishedAt: Date | null;
  /** A component's data is held by the national population database (Decision 766, issue #7). */
  populationHeld: boolean;
}

export interface FieldSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  /** Published procedures in this field. */
  procedures: number;
}

export interface UnitSummary {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  level: string;
  parentId: string | null;
  /** Published procedures this unit decides or carries out. */
  procedures: number;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  kind: string;
  level: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** Reception hours when they differ from the working time (src/domain/reception-hours.ts). */
  receptionHours: import("../domain/reception-hours.js").ReceptionHours | null;
}

/** The full public definition of a procedure's published version. */
export interface PublishedProcedure {
  procedureId: string;
  versionId: string;
  version: number;
  code: string;
  name: string;
  field: { id: string; code: string; name: string; nameEn: string | null };
  level: Level;
  competentUnit: UnitRef;
  implementingUnits: UnitRef[];
  /** The implementing units as the version names them (ids), for "who may receive" (src/domain/catalogue.ts). */
  implementingUnitIds: string[];
  applicantTypes: Array<"citizen" | "business">;
  description: string;
  requirements: string;
  timeLimit: TimeLimit;
  fees: Fee[];
  components: Component[];
  result: ResultSpec;
  legalBases: LegalBasis[];
  onlineKind: OnlineKind;
  onlineReason: string | null;
  eform: EForm;
  process: ProcessSpec;
  publishedAt: Date | null;
}

export interface CatalogueStats {
  procedures: number;
  endToEnd: number;
  partial: number;
  offline: number;
  fields: number;
  units: number;
}

export interface CatalogueQuery {
  q?: string;
  /** Field code. */
  field?: string;
  /** Unit code (competent or implementing). */
  unit?: string;
  level?: string;
  online?: OnlineFilter;
  page?: number;
  pageSize?: number;
}

interface Snapshot {
  signature: string;
  index: SearchIndex<CatalogueProcedure>;
  byCode: Map<string, CatalogueProcedure>;
  byId: Map<string, CatalogueProcedure>;
  fields: FieldSummary[];
  units: UnitSummary[];
  unitsById: Map<string, UnitSummary>;
  popularCodes: string[] | null;
  /** The province's branding (src/app/branding.ts): its changes reach every node and cached page with the snapshot. */
  branding: Branding;
  /** Computed on first use, per snapshot. */
  popular?: CatalogueProcedure[];
  stats?: CatalogueStats;
  /** Published definitions and views of them (see publishedView), read or rendered once per snapshot. */
  views: Map<string, Promise<unknown>>;
}

interface CacheState {
  snapshot?: Snapshot;
  loading?: Promise<Snapshot>;
  checking?: Promise<void>;
  checkedAt: number;
}

const cache = new WeakMap<DB, CacheState>();

/** Forget the cached catalogue of this database (after publishing, in the same process): the next call reloads. */
export function invalidateCatalogue(deps: Pick<Deps, "db">): void {
  cache.delete(deps.db);
}

async function snapshotOf(deps: Pick<Deps, "db">): Promise<Snapshot> {
  let state = cache.get(deps.db);
  if (!state) {
    state = { checkedAt: performance.now() };
    cache.set(deps.db, state);
  }
  if (state.snapshot) {
    const now = performance.now();
    if (!state.checking && now - state.checkedAt >= CHECK_INTERVAL_MS) {
      state.checkedAt = now;
      const s = state;
      const current = state.snapshot;
      s.checking = (async () => {
        const sig = await signature(deps.db);
        if (sig !== current.signature && s.snapshot === current) s.snapshot = await load(deps.db, sig);
      })()
        .catch(() => {
          // Keep serving the last snapshot; the next check retries.
        })
        .finally(() => {
          s.checking = undefined;
        });
    }
    return state.snapshot;
  }
  let loading = state.loading;
  if (!loading) {
    const s = state;
    loading = (async () => load(deps.db, await signature(deps.db)))()
      .then((snap) => {
        s.snapshot = snap;
        s.checkedAt = performance.now();
        return snap;
      })
      .finally(() => {
        s.loading = undefined;
      });
    s.loading = loading;
  }
  return loading;
}

/**
 * Changes whenever the set of current published versions, the fields or the units (as the catalogue shows them)
 * change. A published version is immutable, so this is all a cached view of the catalogue depends on.
 */
async function signature(db: DB): Promise<string> {
  const r = await sql<{ n: number | string; last: Date | null; versions: string | null; f: string; u: string }>`
select
  count(*) as n,
  max(v.published_at) as last,
  md5(string_agg(v.id::text || p.search_words::text, ',' order by v.id)) as versions,
  (select count(*) || ':' || coalesce(md5(string_agg(id::text || code || name || coalesce(name_en, ''), '|' order by id)), '')
     from fields) as f,
  (select count(*) || ':' || coalesce(md5(string_agg(id::text || code || name || coalesce(short_name, '') || kind || level
     || coalesce(parent_id::text, '') || coalesce(address, '') || coalesce(phone, '') || coalesce(email, '')
     || coalesce(reception_hours::text, '') || receives_dossiers::text, '|' order by id)), '') from units) as u
from procedures p join procedure_versions v on v.id = p.current_version_id
where v.status = 'published'`.execute(db);
  const row = r.rows[0];
  const settings = await db
    .selectFrom("settings")
    .select(["key", "value"])
    .where("key", "in", ["portal.popular", BRANDING_KEY])
    .orderBy("key")
    .execute();
  return [
    row.n,
    row.last ? new Date(row.last).toISOString() : "",
    row.versions ?? "",
    row.f,
    row.u,
    JSON.stringify(settings),
  ].join("/");
}

async function load(db: DB, sig: string): Promise<Snapshot> {
  const [rows, fieldRows, unitRows, popular, branding] = await Promise.all([
    db
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
      .innerJoin("fields as f", "f.id", "v.field_id")
      .where("v.status", "=", "published")
      .select([
        "p.id as procedureId",
        "p.national_code as code",
        "p.search_words",
        "v.id as versionId",
        "v.version",
        "v.name",
        "v.level",
        "v.competent_unit_id",
        "v.implementing_unit_ids",
        "v.description",
        "v.time_limit",
        "v.result",
        "v.online_kind",
        "v.published_at",
        "f.id as fieldId",
        "f.code as fieldCode",
        "f.name as fieldName",
        "f.name_en as fieldNameEn",
        sql<boolean>`v.components @> '[{"heldBy": "population"}]'::jsonb`.as("population_held"),
      ])
      .execute(),
    db.selectFrom("fields").selectAll().execute(),
    db.selectFrom("units").selectAll().execute(),
    db.selectFrom("settings").select("value").where("key", "=", "portal.popular").executeTakeFirst(),
    db.selectFrom("settings").select("value").where("key", "=", BRANDING_KEY).executeTakeFirst(),
  ]);
  const unitById = new Map(unitRows.map((u) => [u.id, u]));
  const docs: CatalogueProcedure[] = rows.map((r) => {
    const implementing = Array.isArray(r.implementing_unit_ids) ? r.implementing_unit_ids : [];
    const unitIds = [r.competent_unit_id, ...implementing.filter((id) => id !== r.competent_unit_id)];
    const competent = unitById.get(r.competent_unit_id);
    return {
      procedureId: r.procedureId,
      versionId: r.versionId,
      version: r.version,
      code: r.code,
      name: r.name,
      fieldId: r.fieldId,
      fieldCode: r.fieldCode,
      fieldName: r.fieldName,
      fieldNameEn: r.fieldNameEn,
      level: r.level,
      competentUnitId: r.competent_unit_id,
      implementingUnitIds: implementing,
      unitCodes: unitIds.map((id) => unitById.get(id)?.code).filter((c): c is string => !!c),
      onlineKind: r.online_kind,
      timeLimit: r.time_limit,
      publishedAt: r.published_at,
      populationHeld: !!r.population_held,
      extra: [r.description, r.result?.name, competent?.name].filter(Boolean).join(" . "),
      searchWords: Array.isArray(r.search_words) ? r.search_words : [],
    };
  });
  const index = new SearchIndex(docs);
  const perField = new Map<string, number>();
  const perUnit = new Map<string, number>();
  for (const d of docs) {
    perField.set(d.fieldId, (perField.get(d.fieldId) ?? 0) + 1);
    for (const id of new Set([d.competentUnitId, ...d.implementingUnitIds]))
      perUnit.set(id, (perUnit.get(id) ?? 0) + 1);
  }
  const collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });
  const fields = fieldRows
    .map((f) => ({ id: f.id, code: f.code, name: f.name, nameEn: f.name_en, procedures: perField.get(f.id) ?? 0 }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const levelOrder: Record<string, number> = { ministry: 0, province: 1, commune: 2 };
  const units = unitRows
    .map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      shortName: u.short_name,
      kind: u.kind,
      level: u.level,
      parentId: u.parent_id,
      procedures: perUnit.get(u.id) ?? 0,
    }))
    .sort((a, b) => (levelOrder[a.level] ?? 9) - (levelOrder[b.level] ?? 9) || collator.compare(a.name, b.name));
  const pv = popular?.value as unknown;
  return {
    signature: sig,
    index,
    byCode: new Map(docs.map((d) => [d.code, d])),
    byId: new Map(docs.map((d) => [d.procedureId, d])),
    fields,
    units,
    unitsById: new Map(units.map((u) => [u.id, u])),
    popularCodes: Array.isArray(pv) ? pv.filter((c): c is string => typeof c === "string") : null,
    branding: brandingFrom(branding?.value),
    views: new Map(),
  };
}

/**
 * The branding of the snapshot this node holds, without waiting (a page shell, an error page); before the first
 * snapshot is loaded, the defaults — and the load is started.
 */
export function brandingNow(deps: Pick<Deps, "db">): Branding {
  const snap = cache.get(deps.db)?.snapshot;
  if (snap) {
    // keep the snapshot fresh as every other reader does (the check runs at most every CHECK_INTERVAL_MS)
    void snapshotOf(deps).catch(() => {});
    return snap.branding;
  }
  void snapshotOf(deps).catch(() => {});
  return DEFAULT_BRANDING;
}

/** The province's branding as this node currently serves it. */
export async function siteBranding(deps: Pick<Deps, "db">): Promise<Branding> {
  return (await snapshotOf(deps)).branding;
}

/** Searches the published catalogue (see domain/search.ts for matching and ranking). */
export async function searchProcedures(
  deps: Pick<Deps, "db">,
  query: CatalogueQuery,
): Promise<SearchResult<CatalogueProcedure>> {
  const snap = await snapshotOf(deps);
  const q: SearchQuery = { ...query };
  return snap.index.search(q);
}

/** The summary of a published procedure from the in-process catalogue, if any. */
export async function findCatalogueProcedure(
  deps: Pick<Deps, "db">,
  code: string,
): Promise<CatalogueProcedure | undefined> {
  return (await snapshotOf(deps)).byCode.get(code);
}

export async function listFields(deps: Pick<Deps, "db">): Promise<FieldSummary[]> {
  return (await snapshotOf(deps)).fields;
}

/** The published procedures (current versions), by procedure id, as the cached catalogue holds them. */
export async function publishedById(deps: Pick<Deps, "db">): Promise<Map<string, CatalogueProcedure>> {
  return (await snapshotOf(deps)).byId;
}

/** The units by id, as the cached catalogue holds them. */
export async function unitsById(deps: Pick<Deps, "db">): Promise<Map<string, UnitSummary>> {
  return (await snapshotOf(deps)).unitsById;
}

export async function listUnits(deps: Pick<Deps, "db">): Promise<UnitSummary[]> {
  return (await snapshotOf(deps)).units;
}

export async function catalogueStats(deps: Pick<Deps, "db">): Promise<CatalogueStats> {
  const snap = await snapshotOf(deps);
  if (snap.stats) return snap.stats;
  const docs = snap.index.docs;
  snap.stats = {
    procedures: docs.length,
    endToEnd: docs.filter((d) => d.onlineKind === "end_to_end").length,
    partial: docs.filter((d) => d.onlineKind === "partial").length,
    offline: docs.filter((d) => d.onlineKind === "none").length,
    fields: snap.fields.filter((f) => f.procedures > 0).length,
    units: snap.units.filter((u) => u.procedures > 0).length,
  };
  return snap.stats;
}

/** Everyday services most citizens look for, used for the home page when no list is configured. */
const COMMON_NEEDS = [
  "đăng ký khai sinh",
  "đăng ký kết hôn",
  "đăng ký thường trú",
  "cấp phiếu lý lịch tư pháp",
  "đăng ký thành lập hộ kinh doanh",
  "cấp giấy phép xây dựng",
  "trích lục hộ tịch",
  "đăng ký khai tử",
];

/**
 * Popular services for the home page: the codes in the `portal.popular` setting (an array of national codes) when an
 * administrator set it, otherwise the best match for each everyday need that the catalogue offers.
 */
export async function popularProcedures(deps: Pick<Deps, "db">, limit = 8): Promise<CatalogueProcedure[]> {
  const snap = await snapshotOf(deps);
  snap.popular ??= computePopular(snap);
  return snap.popular.slice(0, limit);
}

function computePopular(snap: Snapshot, limit = 12): CatalogueProcedure[] {
  const out: CatalogueProcedure[] = [];
  const add = (p: CatalogueProcedure | undefined) => {
    if (p && !out.includes(p) && out.length < limit) out.push(p);
  };
  if (snap.popularCodes) for (const c of snap.popularCodes) add(snap.byCode.get(c));
  else
    for (const need of COMMON_NEEDS) {
      const top = snap.index.search({ q: need, pageSize: 1 }).items[0];
      if (top && top.score >= 100) add(top.doc);
    }
  return out;
}

const CODE_SHAPE = /^[0-9A-Za-z.\-_]{1,40}$/;

/**
 * A view of a published procedure — its definition, a rendered page, a serialised reply — computed once per catalogue
 * snapshot and kept in process. A published version is immutable and the snapshot is replaced as soon as this node
 * sees the catalogue change (a publication or withdrawal on any node, through the signature check above), so a view
 * never outlives what it shows by more than CHECK_INTERVAL_MS. Codes that are not in the published catalogue answer
 * undefined without touching the database. `view` names the rendering; callers keep the set of names small and fixed
 * (e.g. "page:vi"), since every view is kept for the snapshot's life.
 */
export async function publishedView<T>(
  deps: Pick<Deps, "db">,
  code: string,
  view: string,
  render: (p: PublishedProcedure) => T | Promise<T>,
): Promise<T | undefined> {
  const snap = await snapshotOf(deps);
  if (!snap.byCode.has(code)) return undefined;
  const memo = <V>(key: string, make: () => Promise<V>): Promise<V> => {
    let v = snap.views.get(key) as Promise<V> | undefined;
    if (!v) {
      v = make();
      snap.views.set(key, v);
      v.catch(() => snap.views.delete(key)); // a failed read is retried by the next request
    }
    return v;
  };
  const definition = memo(code, () => getPublishedProcedure(deps, code));
  return memo(`${code}\u0000${view}`, async () => {
    const p = await definition;
    return p === undefined ? undefined : await render(p);
  });
}

/** The published definition of a procedure from the in-process catalogue (see publishedView). */
export function publishedProcedure(deps: Pick<Deps, "db">, code: string): Promise<PublishedProcedure | undefined> {
  return publishedView(deps, code, "definition", (p) => p);
}

/**
 * The full published definition of a procedure by national code, read from the database (always current), or
 * undefined when the code is unknown or the procedure has no published version.
 */
export async function getPublishedProcedure(
  deps: Pick<Deps, "db">,
  nationalCode: string,
): Promise<PublishedProcedure | undefined> {
  if (!CODE_SHAPE.test(nationalCode)) return undefined;
  const r = await deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .innerJoin("fields as f", "f.id", "v.field_id")
    .where("p.national_code", "=", nationalCode)
    .where("v.status", "=", "published")
    .select([
      "p.id as procedureId",
      "p.national_code as code",
      "v.id as versionId",
      "v.version",
      "v.name",
      "v.level",
      "v.competent_unit_id",
      "v.implementing_unit_ids",
      "v.applicant_types",
      "v.description",
      "v.requirements",
      "v.time_limit",
      "v.fees",
      "v.components",
      "v.result",
      "v.legal_bases",
      "v.online_kind",
      "v.online_reason",
      "v.eform",
      "v.process",
      "v.published_at",
      "f.id as fieldId",
      "f.code as fieldCode",
      "f.name as fieldName",
      "f.name_en as fieldNameEn",
    ])
    .executeTakeFirst();
  if (!r) return undefined;
  const implementing = Array.isArray(r.implementing_unit_ids) ? r.implementing_unit_ids : [];
  const ids = [...new Set([r.competent_unit_id, ...implementing])];
  const units = await deps.db
    .selectFrom("units")
    .select(["id", "code", "name", "kind", "level", "address", "phone", "email", "reception_hours"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(
    units.map(({ reception_hours, ...u }) => [u.id, { ...u, receptionHours: reception_hours ?? null } as UnitRef]),
  );
  return {
    procedureId: r.procedureId,
    versionId: r.versionId,
    version: r.version,
    code: r.code,
    name: r.name,
    field: { id: r.fieldId, code: r.fieldCode, name: r.fieldName, nameEn: r.fieldNameEn },
    level: r.level,
    competentUnit: byId.get(r.competent_unit_id)!,
    implementingUnits: implementing.map((id) => byId.get(id)).filter((u): u is UnitRef => !!u),
    implementingUnitIds: implementing,
    applicantTypes: r.applicant_types,
    description: r.description,
    requirements: r.requirements,
    timeLimit: r.time_limit,
    fees: r.fees,
    components: r.components,
    result: r.result,
    legalBases: r.legal_bases,
    onlineKind: r.online_kind,
    onlineReason: r.online_reason,
    eform: r.eform,
    process: r.process,
    publishedAt: r.published_at,
  };
}

/** Online submission is allowed for end-to-end and partial online services. */
export const allowsOnlineSubmission = (p: { onlineKind: OnlineKind }) => p.onlineKind !== "none";
