import { Value } from "@sinclair/typebox/value";
import { sql } from "kysely";
import { type NationalProcedure, NationalProcedureRecord } from "../../adapters/national-portal/protocol.js";
import type { Component, Fee, LegalBasis, ProcessSpec, TimeLimit } from "../../domain/catalogue.js";
import type { Officer } from "../actors.js";
import { invalidateCatalogue } from "../catalogue.js";
import type { Deps } from "../deps.js";
import { AppError, forbidden, notFound } from "../errors.js";
import { NationalPortalError, type NationalPortalPort } from "./port.js";
import { nationalPortalOf } from "./sync.js";

/**
 * Catalogue sync (issue #6): the national procedure database (CSDL quốc gia về TTHC) owns the catalogue; motcua
 * imports it into its versioned procedures.
 *
 * 1. `previewCatalogueImport` fetches the whole national catalogue (LayDanhSachTTHC, then LayThuTuc per record),
 *    checks every record (a broken one is reported and left out; the rest goes on), and compares each with the
 *    procedure's current local version: new procedures, changed ones (field by field, before → after), withdrawn
 *    ones. The preview is stored with the records it was computed from.
 * 2. The administrator reviews it and `applyCatalogueImport` applies exactly what was previewed, in one
 *    transaction: a changed procedure gets a new published version carrying the national fields and keeping the
 *    local additions (e-form, internal process, competent and implementing units, description, requirements,
 *    component templates and upload limits); a withdrawn one has its current version retired (dossiers keep the
 *    version they pinned); a new one is created as a draft version for the administrator to complete (units,
 *    e-form, internal process) and publish. Audited.
 * The import runs on demand (the administrator's page) and on a schedule (which prepares a preview only).
 */

export type ChangeField =
  | "name"
  | "level"
  | "timeLimit"
  | "fees"
  | "components"
  | "legalBases"
  | "onlineKind"
  | "result";

export interface CatalogueDiff {
  source: string;
  fetched: number;
  new: { code: string; name: string; field: string; level: string }[];
  changed: {
    code: string;
    name: string;
    version: number;
    changes: { field: ChangeField; before: unknown; after: unknown }[];
  }[];
  withdrawn: { code: string; name: string }[];
  broken: { code: string; reason: string }[];
  unchanged: number;
}

export interface CatalogueImport {
  id: string;
  createdAt: string;
  status: "previewed" | "applied" | "superseded";
  diff: CatalogueDiff;
  appliedAt: string | null;
}

/** Only administrators manage the catalogue; first line of each use case here. */
export function authoriseCatalogueAdmin(officer: Pick<Officer, "roles"> | null): void {
  if (officer && !officer.roles.includes("admin"))
    throw forbidden("catalogue_admin_only", {
      vi: "Chỉ quản trị viên được cập nhật danh mục thủ tục từ CSDL quốc gia.",
      en: "Only administrators may update the catalogue from the national database.",
    });
}

const KIND: Record<number, Component["form"]> = {
  1: "original",
  2: "certified_copy",
  3: "copy",
  4: "original_or_copy",
};
const ONLINE = { TOAN_TRINH: "end_to_end", MOT_PHAN: "partial", KHONG: "none" } as const;

/** The national record in motcua's terms (the parts the national database owns). */
export function localFields(p: NationalProcedure) {
  const t = p.ThoiHanGiaiQuyet;
  const timeLimit: TimeLimit =
    t.GiaTri === 0
      ? { unit: "immediate", value: 0 }
      : { unit: t.DonVi === "GIO_LAM_VIEC" ? "working_hours" : "working_days", value: t.GiaTri };
  if (t.MoTa) timeLimit.note = t.MoTa;
  return {
    name: p.TenTTHC,
    level: (p.CapThucHien.includes("TINH") ? "province" : "commune") as "province" | "commune",
    timeLimit,
    fees: p.PhiLePhi.map((f): Fee => ({ name: f.TenPhi, amount: f.MucPhi, ...(f.MoTa ? { note: f.MoTa } : {}) })),
    components: p.ThanhPhanHoSo.map(
      (c): Component => ({
        code: c.MaThanhPhan,
        name: c.TenThanhPhan,
        form: KIND[c.LoaiBan],
        quantity: c.SoLuong,
        required: c.BatBuoc,
      }),
    ),
    legalBases: p.CanCuPhapLy.map((b): LegalBasis => ({ number: b.SoKyHieu, title: b.TrichYeu })),
    onlineKind: ONLINE[p.MucDoDVC],
    resultName: p.KetQua,
  };
}

/** What of a local version the national record covers, in the same shape (local-only parts left out). */
function comparable(v: {
  name: string;
  level: string;
  time_limit: TimeLimit;
  fees: Fee[];
  components: Component[];
  legal_bases: LegalBasis[];
  online_kind: string;
  result: { name: string };
}) {
  const tl: TimeLimit = { unit: v.time_limit.unit, value: v.time_limit.unit === "immediate" ? 0 : v.time_limit.value };
  if (v.time_limit.note) tl.note = v.time_limit.note;
  return {
    name: v.name,
    level: v.level,
    timeLimit: tl,
    fees: v.fees.map((f) => ({ name: f.name, amount: f.amount, ...(f.note ? { note: f.note } : {}) })),
    components: v.components.map((c) => ({
      code: c.code,
      name: c.name,
      form: c.form,
      quantity: c.quantity,
      required: c.required,
    })),
    legalBases: v.legal_bases.map((b) => ({ number: b.number, title: b.title })),
    onlineKind: v.online_kind,
    result: v.result.name,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Fetches the whole national catalogue: the records that passed the checks, and the broken ones with why. */
async function fetchCatalogue(port: NationalPortalPort) {
  const size = 200;
  const entries: { MaTTHC: string }[] = [];
  let source = "";
  for (let page = 1; page <= 1000; page++) {
    const r = await port.listProcedures(page, size);
    source = r.PhienBanDanhMuc;
    entries.push(...r.DanhSach);
    if (r.DanhSach.length < size || entries.length >= r.TongSo) break;
  }
  const records: NationalProcedure[] = [];
  const broken: CatalogueDiff["broken"] = [];
  for (const e of entries) {
    let rec: NationalProcedure | undefined;
    try {
      rec = await port.getProcedure(e.MaTTHC);
    } catch (err) {
      if (err instanceof NationalPortalError && !err.transient) {
        broken.push({ code: e.MaTTHC, reason: err.summary() });
        continue;
      }
      throw err;
    }
    if (!rec) {
      broken.push({ code: e.MaTTHC, reason: "TTHC_NOT_FOUND: listed but not found by LayThuTuc" });
      continue;
    }
    const errors = [...Value.Errors(NationalProcedureRecord, rec)].slice(0, 5);
    if (errors.length) {
      broken.push({
        code: String(e.MaTTHC),
        reason: errors.map((x) => `${x.path || "/"}: ${x.message}`).join("; "),
      });
      continue;
    }
    records.push(rec);
  }
  return { source, fetched: entries.length, records, broken };
}

interface LocalProcedure {
  id: string;
  code: string;
  nationalCode: string;
  version: {
    id: string;
    version: number;
    status: string;
    name: string;
    level: string;
    time_limit: TimeLimit;
    fees: Fee[];
    components: Component[];
    legal_bases: LegalBasis[];
    online_kind: string;
    result: { name: string; electronic: boolean };
  } | null;
}

async function localProcedures(deps: Deps): Promise<Map<string, LocalProcedure>> {
  const rows = await deps.db
    .selectFrom("procedures as p")
    .leftJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select([
      "p.id",
      "p.national_code",
      "p.portal_code",
      "v.id as version_id",
      "v.version",
      "v.status",
      "v.name",
      "v.level",
      "v.time_limit",
      "v.fees",
      "v.components",
      "v.legal_bases",
      "v.online_kind",
      "v.result",
    ])
    .execute();
  const out = new Map<string, LocalProcedure>();
  for (const r of rows) {
    const code = r.portal_code ?? r.national_code;
    out.set(code, {
      id: r.id,
      code,
      nationalCode: r.national_code,
      version: r.version_id
        ? {
            id: r.version_id,
            version: r.version!,
            status: r.status!,
            name: r.name!,
            level: r.level!,
            time_limit: r.time_limit!,
            fees: r.fees ?? [],
            components: r.components ?? [],
            legal_bases: r.legal_bases ?? [],
            online_kind: r.online_kind!,
            result: r.result!,
          }
        : null,
    });
  }
  return out;
}

function diffOf(
  source: string,
  fetched: number,
  records: NationalProcedure[],
  broken: CatalogueDiff["broken"],
  local: Map<string, LocalProcedure>,
) {
  const diff: CatalogueDiff = { source, fetched, new: [], changed: [], withdrawn: [], broken, unchanged: 0 };
  for (const rec of records) {
    const have = local.get(rec.MaTTHC);
    const n = localFields(rec);
    if (rec.TrangThai === "BAI_BO") {
      if (have?.version?.status === "published") diff.withdrawn.push({ code: rec.MaTTHC, name: have.version.name });
      else diff.unchanged++;
      continue;
    }
    if (!have) {
      diff.new.push({ code: rec.MaTTHC, name: rec.TenTTHC, field: rec.MaLinhVuc, level: n.level });
      continue;
    }
    if (have.version?.status !== "published") {
      // A draft waiting for the administrator, or a retired one: compare with nothing, import as a new draft.
      diff.unchanged++;
      continue;
    }
    const before = comparable(have.version);
    const after = {
      name: n.name,
      level: n.level,
      timeLimit: n.timeLimit,
      fees: n.fees,
      components: n.components,
      legalBases: n.legalBases,
      onlineKind: n.onlineKind,
      result: n.resultName,
    };
    const changes: CatalogueDiff["changed"][number]["changes"] = [];
    for (const k of Object.keys(after) as ChangeField[])
      if (!same(before[k], after[k])) changes.push({ field: k, before: before[k], after: after[k] });
    if (changes.length)
      diff.changed.push({ code: rec.MaTTHC, name: have.version.name, version: have.version.version, changes });
    else diff.unchanged++;
  }
  diff.new.sort((a, b) => a.code.localeCompare(b.code));
  diff.changed.sort((a, b) => a.code.localeCompare(b.code));
  diff.withdrawn.sort((a, b) => a.code.localeCompare(b.code));
  return diff;
}

const present = (r: {
  id: string;
  created_at: Date;
  status: string;
  diff: unknown;
  applied_at: Date | null;
}): CatalogueImport => ({
  id: r.id,
  createdAt: new Date(r.created_at).toISOString(),
  status: r.status as CatalogueImport["status"],
  diff: r.diff as CatalogueDiff,
  appliedAt: r.applied_at ? new Date(r.applied_at).toISOString() : null,
});

/**
 * Fetches the national catalogue and stores the differences with the local catalogue as a preview (an earlier
 * preview not applied is superseded). `officer` null = the schedule, which stores a preview only when there is
 * something to apply (`onlyIfChanges`).
 */
export async function previewCatalogueImport(
  deps: Deps,
  officer: Pick<Officer, "id" | "roles"> | null,
  opts: { onlyIfChanges?: boolean } = {},
): Promise<CatalogueImport | undefined> {
  authoriseCatalogueAdmin(officer);
  const port = nationalPortalOf(deps);
  if (!port)
    throw new AppError(409, "national_portal_not_configured", {
      vi: "Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia.",
      en: "The national portal connection is not configured.",
    });
  let fetched: Awaited<ReturnType<typeof fetchCatalogue>>;
  try {
    fetched = await fetchCatalogue(port);
  } catch (e) {
    if (!(e instanceof NationalPortalError)) throw e;
    throw new AppError(502, "national_portal_failed", {
      vi: `Không lấy được danh mục từ Cổng Dịch vụ công quốc gia (${e.summary()}). Vui lòng thử lại sau.`,
      en: `Could not fetch the catalogue from the national portal (${e.summary()}). Please try again later.`,
    });
  }
  const diff = diffOf(fetched.source, fetched.fetched, fetched.records, fetched.broken, await localProcedures(deps));
  if (opts.onlyIfChanges && diff.new.length + diff.changed.length + diff.withdrawn.length === 0) return undefined;
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("catalogue_imports")
      .set({ status: "superseded" })
      .where("status", "=", "previewed")
      .execute();
    const row = await trx
      .insertInto("catalogue_imports")
      .values({
        created_at: deps.now(),
        created_by: officer?.id ?? null,
        source_version: fetched.source,
        status: "previewed",
        diff: JSON.stringify(diff),
        records: JSON.stringify(fetched.records),
      })
      .returning(["id", "created_at", "status", "diff", "applied_at"])
      .executeTakeFirstOrThrow();
    return present(row);
  });
}

/** The pending preview, else the latest applied import, or undefined. */
export async function latestCatalogueImport(
  deps: Deps,
  officer: Pick<Officer, "roles">,
): Promise<CatalogueImport | undefined> {
  authoriseCatalogueAdmin(officer);
  const row = await deps.db
    .selectFrom("catalogue_imports")
    .select(["id", "created_at", "status", "diff", "applied_at"])
    .where("status", "!=", "superseded")
    // the pending preview if any (at most one), else the last applied
    .orderBy(sql`status = 'previewed'`, "desc")
    .orderBy("created_at", "desc")
    .orderBy(sql`applied_at desc nulls last`)
    .limit(1)
    .executeTakeFirst();
  return row ? present(row) : undefined;
}

/** Default internal process of a new procedure's draft, until the administrator sets its own. */
const DRAFT_PROCESS: ProcessSpec = {
  steps: [
    { code: "TN", name: "Tiếp nhận hồ sơ", unit: "receiving", role: "receiving", budgetHours: 4 },
    { code: "XL", name: "Thẩm định, xử lý", unit: "competent", role: "specialist", budgetHours: 8 },
    { code: "PD", name: "Phê duyệt", unit: "competent", role: "leader", budgetHours: 4 },
    { code: "TKQ", name: "Trả kết quả", unit: "receiving", role: "receiving", budgetHours: 4 },
  ],
};

/**
 * Applies a previewed import, exactly as previewed. Refused when it was already applied or superseded, or when the
 * local catalogue changed since the preview in a way that makes it stale (a procedure it changes has another
 * current version now).
 */
export async function applyCatalogueImport(
  deps: Deps,
  officer: Pick<Officer, "id" | "roles" | "unitId">,
  importId: string,
  meta: { ip?: string } = {},
): Promise<{ created: number; updated: number; withdrawn: number }> {
  authoriseCatalogueAdmin(officer);
  const now = deps.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const imp = await trx
      .selectFrom("catalogue_imports")
      .selectAll()
      .where("id", "=", importId)
      .forUpdate()
      .executeTakeFirst();
    if (!imp)
      throw notFound("catalogue_import_not_found", {
        vi: "Không tìm thấy bản xem trước cập nhật danh mục.",
        en: "Catalogue update preview not found.",
      });
    if (imp.status !== "previewed")
      throw new AppError(409, "catalogue_import_not_pending", {
        vi: "Bản xem trước này đã được áp dụng hoặc đã có bản mới hơn; vui lòng xem lại bản mới nhất.",
        en: "This preview was already applied or replaced by a newer one; please review the latest.",
      });
    const diff = imp.diff as unknown as CatalogueDiff;
    const records = new Map((imp.records as unknown as NationalProcedure[]).map((r) => [r.MaTTHC, r]));
    const local = await localProcedures({ ...deps, db: trx as never });
    for (const c of diff.changed)
      if (local.get(c.code)?.version?.version !== c.version)
        throw new AppError(409, "catalogue_import_stale", {
          vi: `Thủ tục ${c.code} đã thay đổi kể từ khi xem trước; vui lòng lấy lại bản xem trước.`,
          en: `Procedure ${c.code} changed since the preview; please preview again.`,
        });
    let created = 0;
    let updated = 0;
    let withdrawn = 0;

    for (const c of diff.changed) {
      const rec = records.get(c.code)!;
      const have = local.get(c.code)!;
      const cur = await trx
        .selectFrom("procedure_versions")
        .selectAll()
        .where("id", "=", have.version!.id)
        .executeTakeFirstOrThrow();
      const n = localFields(rec);
      // Keep what motcua adds to a component (template, upload limits, note) when the national code is the same.
      const extras = new Map(cur.components.map((x) => [x.code, x]));
      const components = n.components.map((x) => {
        const e = extras.get(x.code);
        return {
          ...x,
          ...(e?.note ? { note: e.note } : {}),
          ...(e?.template ? { template: e.template } : {}),
          ...(e?.maxBytes ? { maxBytes: e.maxBytes } : {}),
          ...(e?.accept ? { accept: e.accept } : {}),
        };
      });
      // the next number after every version, a draft an administrator is editing included (migration 0051)
      const last = await trx
        .selectFrom("procedure_versions")
        .select((eb) => eb.fn.max("version").as("n"))
        .where("procedure_id", "=", cur.procedure_id)
        .executeTakeFirstOrThrow();
      const next = await trx
        .insertInto("procedure_versions")
        .values({
          procedure_id: cur.procedure_id,
          version: Math.max(cur.version, Number(last.n ?? 0)) + 1,
          status: "published",
          name: n.name,
          field_id: cur.field_id,
          level: n.level,
          competent_unit_id: cur.competent_unit_id,
          implementing_unit_ids: JSON.stringify(cur.implementing_unit_ids),
          applicant_types: JSON.stringify(cur.applicant_types),
          description: cur.description,
          requirements: cur.requirements,
          time_limit: JSON.stringify(n.timeLimit),
          fees: JSON.stringify(n.fees),
          components: JSON.stringify(components),
          result: JSON.stringify({ ...cur.result, name: n.resultName }),
          legal_bases: JSON.stringify(
            n.legalBases.map((b) => {
              const was = cur.legal_bases.find((x) => x.number === b.number);
              return was?.date ? { ...b, date: was.date } : b;
            }),
          ),
          online_kind: n.onlineKind,
          online_reason: n.onlineKind === "partial" ? cur.online_reason : null,
          eform: JSON.stringify(cur.eform),
          process: JSON.stringify(cur.process),
          published_at: now,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.updateTable("procedure_versions").set({ status: "retired" }).where("id", "=", cur.id).execute();
      await trx
        .updateTable("procedures")
        .set({ current_version_id: next.id })
        .where("id", "=", cur.procedure_id)
        .execute();
      updated++;
    }

    for (const w of diff.withdrawn) {
      const have = local.get(w.code);
      if (!have?.version) continue;
      if (have.version.status !== "published") continue;
      await trx
        .updateTable("procedure_versions")
        .set({ status: "retired" })
        .where("id", "=", have.version.id)
        .execute();
      withdrawn++;
    }

    if (diff.new.length) {
      const home = await trx
        .selectFrom("units")
        .select("id")
        .orderBy(sql`case level when 'province' then 0 when 'ministry' then 1 else 2 end`)
        .orderBy("code")
        .limit(1)
        .executeTakeFirst();
      if (!home)
        throw new AppError(409, "no_units", {
          vi: "Chưa có đơn vị nào để gán cho thủ tục mới.",
          en: "There is no unit to assign new procedures to.",
        });
      const fields = await trx.selectFrom("fields").select(["id", "code"]).execute();
      for (const nw of diff.new) {
        const rec = records.get(nw.code)!;
        const n = localFields(rec);
        // The local field whose code is the national one or ends with it (H26-HT for HT), else a new field.
        let field = fields.find((f) => f.code === rec.MaLinhVuc || f.code.endsWith(`-${rec.MaLinhVuc}`));
        if (!field) {
          field = await trx
            .insertInto("fields")
            .values({ code: rec.MaLinhVuc, name: rec.TenLinhVuc, name_en: null })
            .returning(["id", "code"])
            .executeTakeFirstOrThrow();
          fields.push(field);
        }
        const proc = await trx
          .insertInto("procedures")
          .values({ national_code: rec.MaTTHC })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("procedure_versions")
          .values({
            procedure_id: proc.id,
            version: 1,
            status: "draft",
            name: n.name,
            field_id: field.id,
            level: n.level,
            competent_unit_id: home.id,
            implementing_unit_ids: JSON.stringify([]),
            applicant_types: JSON.stringify(
              rec.DoiTuongThucHien.includes("DOANH_NGHIEP") && !rec.DoiTuongThucHien.includes("CONG_DAN")
                ? ["business"]
                : rec.DoiTuongThucHien.includes("DOANH_NGHIEP")
                  ? ["citizen", "business"]
                  : ["citizen"],
            ),
            time_limit: JSON.stringify(n.timeLimit),
            fees: JSON.stringify(n.fees),
            components: JSON.stringify(n.components),
            result: JSON.stringify({ name: n.resultName, electronic: false }),
            legal_bases: JSON.stringify(n.legalBases),
            online_kind: n.onlineKind,
            online_reason: null,
            eform: JSON.stringify({ sections: [] }),
            process: JSON.stringify(DRAFT_PROCESS),
            published_at: null,
            created_at: now,
          })
          .execute();
        created++;
      }
    }

    const applied = { created, updated, withdrawn };
    await trx
      .updateTable("catalogue_imports")
      .set({ status: "applied", applied_at: now, applied_by: officer.id, result: JSON.stringify(applied) })
      .where("id", "=", importId)
      .execute();
    await trx
      .insertInto("audit_log")
      .values({
        at: now,
        actor_kind: "officer",
        actor_id: officer.id,
        unit_id: officer.unitId,
        action: "catalogue.national_import.apply",
        target: importId,
        ip: meta.ip ?? null,
        data: JSON.stringify({
          source: diff.source,
          ...applied,
          codes: {
            new: diff.new.map((x) => x.code),
            changed: diff.changed.map((x) => x.code),
            withdrawn: diff.withdrawn.map((x) => x.code),
          },
          broken: diff.broken,
        }),
      })
      .execute();
    return applied;
  });
  invalidateCatalogue(deps);
  return result;
}

/** What an applied import did: procedures created, updated and withdrawn (zero when unknown). */
export async function catalogueImportCounts(
  deps: Deps,
  officer: Pick<Officer, "roles">,
  importId: string,
): Promise<{ created: number; updated: number; withdrawn: number }> {
  authoriseCatalogueAdmin(officer);
  const r = await deps.db
    .selectFrom("catalogue_imports")
    .select("result")
    .where("id", "=", importId)
    .executeTakeFirst();
  const n = (r?.result ?? {}) as Record<string, number>;
  return { created: n.created ?? 0, updated: n.updated ?? 0, withdrawn: n.withdrawn ?? 0 };
}
