import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import type { ProcessSpec } from "../../domain/catalogue.js";
import {
  type CatalogueProcedure,
  checkProcedure,
  eformProblems,
  orderProcess,
  processProblems,
  versionChangeRefusal,
} from "../../domain/catalogue-rules.js";
import type { LText } from "../../shared/text.js";
import type { Officer } from "../actors.js";
import { invalidateCatalogue } from "../catalogue.js";
import type { Deps } from "../deps.js";
import { AppError, conflict, type FieldError, notFound, parseInput } from "../errors.js";
import { auditOfficer } from "../officers.js";
import { templateChecker } from "../templates.js";
import { fileProcedure, known, VERSION_COLUMNS, versionRow } from "./catalogue.js";
import { ProcedureSchema } from "./catalogue-file.js";
import { authoriseOfficerAdmin } from "./officers.js";

/**
 * The administrator's procedure editor (issue #9): a procedure is created as a draft, edited as a draft, and published
 * now or at a scheduled instant (the publication job, `publishDueVersions`), or withdrawn. A published or retired
 * version never changes (versionChangeRefusal, the rule the catalogue import obeys too); dossiers keep the version they
 * were submitted under. The content is a procedure of the catalogue file (ProcedureSchema), checked by the catalogue's
 * one checker (checkProcedure) on every save and again at publication. Every change is audited; a publication reaches
 * the portal and the office through the catalogue snapshot's signature (src/app/catalogue.ts).
 */

type Tx = Transaction<Database> | Kysely<Database>;

export interface ProcedureListItem {
  code: string;
  name: string;
  /** The version dossiers are submitted under now, if any. */
  published: { version: number; publishedAt: Date | null } | null;
  /** The current version was withdrawn (retired) and nothing replaced it. */
  withdrawn: boolean;
  draft: { version: number; publishAt: Date | null } | null;
}

export interface ProcedureVersionSummary {
  version: number;
  status: "draft" | "published" | "retired";
  publishedAt: Date | null;
  publishAt: Date | null;
  current: boolean;
}

export interface ProcedureDetail {
  code: string;
  versions: ProcedureVersionSummary[];
  /** The draft's content, or the current version's when there is no draft (to start a new one from). */
  content: CatalogueProcedure;
  draft: { version: number; publishAt: Date | null } | null;
}

const NOT_FOUND: LText = { vi: "Không tìm thấy thủ tục.", en: "Procedure not found." };
const NO_VERSION: LText = { vi: "Không tìm thấy phiên bản này của thủ tục.", en: "No such version of the procedure." };

const invalid = (fields: FieldError[]) =>
  new AppError(
    422,
    "procedure_invalid",
    {
      vi: `Thủ tục có ${fields.length} lỗi; chưa lưu gì.`,
      en: `The procedure has ${fields.length} error(s); nothing was saved.`,
    },
    fields.slice(0, 200),
  );

/** Reads a procedure from a request body with the catalogue file's schema and checks it with the catalogue's rules. */
async function readProcedure(tx: Tx, input: unknown): Promise<CatalogueProcedure> {
  const parsed = parseInput(ProcedureSchema, input, "body") as CatalogueProcedure;
  const p: CatalogueProcedure = { ...parsed, process: orderProcess(parsed.process as ProcessSpec) };
  delete p.version;
  delete p.searchWords; // edited on their own page (src/app/admin/search-words.ts)
  const k = await known(tx);
  const problems = checkProcedure(p, k.unitCodes, k.fieldCodes, await templateChecker({ db: tx }));
  if (problems.length) {
    const inForm = new Set(eformProblems(p.eform, p.code).map((x) => x.en));
    const units = new Map(k.unitCodes.map((u) => [u.code, u]));
    const inProcess = new Set(processProblems(p.process, p.code, p.timeLimit, units).map((x) => x.en));
    throw invalid(
      problems.map((text) => ({
        path: inForm.has(text.en) ? "body.eform" : inProcess.has(text.en) ? "body.process" : "body",
        text,
      })),
    );
  }
  return p;
}

async function ids(tx: Tx) {
  const [units, fields] = await Promise.all([
    tx.selectFrom("units").select(["id", "code"]).execute(),
    tx.selectFrom("fields").select(["id", "code"]).execute(),
  ]);
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const unitCode = new Map(units.map((u) => [u.id, u.code]));
  const fieldId = new Map(fields.map((f) => [f.code, f.id]));
  const fieldCode = new Map(fields.map((f) => [f.id, f.code]));
  return {
    unitId: (c: string) => unitId.get(c)!,
    unitCode: (id: string) => unitCode.get(id) ?? id,
    fieldId: (c: string) => fieldId.get(c)!,
    fieldCode: (id: string) => fieldCode.get(id) ?? id,
  };
}

async function procedureByCode(tx: Tx, code: string, lock = false) {
  let q = tx
    .selectFrom("procedures")
    .select(["id", "national_code", "current_version_id", "search_words"])
    .where("national_code", "=", code);
  if (lock) q = q.forUpdate();
  const p = await q.executeTakeFirst();
  if (!p) throw notFound("procedure_not_found", NOT_FOUND);
  return p;
}

/** Every procedure with its published version and draft, by code (administrators). */
export async function listProcedures(
  deps: Deps,
  admin: Pick<Officer, "roles">,
  o: { q?: string } = {},
): Promise<ProcedureListItem[]> {
  authoriseOfficerAdmin(admin);
  let q = deps.db
    .selectFrom("procedures as p")
    .leftJoin("procedure_versions as c", "c.id", "p.current_version_id")
    .leftJoin("procedure_versions as d", (j) => j.onRef("d.procedure_id", "=", "p.id").on("d.status", "=", "draft"))
    .select([
      "p.national_code",
      "c.name as current_name",
      "c.version as current_version",
      "c.status as current_status",
      "c.published_at",
      "d.name as draft_name",
      "d.version as draft_version",
      "d.publish_at",
    ])
    .orderBy("p.national_code")
    .limit(500);
  const text = o.q?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([eb("p.national_code", "ilike", like), eb("c.name", "ilike", like), eb("d.name", "ilike", like)]),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    code: r.national_code,
    name: r.draft_name ?? r.current_name ?? r.national_code,
    published:
      r.current_status === "published" && r.current_version !== null
        ? { version: r.current_version, publishedAt: r.published_at }
        : null,
    withdrawn: r.current_status === "retired",
    draft: r.draft_version !== null ? { version: r.draft_version, publishAt: r.publish_at } : null,
  }));
}

/** A procedure's versions, and the content of its draft (or of its current version). */
export async function getProcedure(deps: Deps, admin: Pick<Officer, "roles">, code: string): Promise<ProcedureDetail> {
  authoriseOfficerAdmin(admin);
  const p = await procedureByCode(deps.db, code);
  const versions = await deps.db
    .selectFrom("procedure_versions")
    .select(["id", "status", "published_at", "publish_at"])
    .select(VERSION_COLUMNS)
    .where("procedure_id", "=", p.id)
    .orderBy("version", "desc")
    .execute();
  const draft = versions.find((v) => v.status === "draft");
  const shown = draft ?? versions.find((v) => v.id === p.current_version_id) ?? versions[0]!;
  const m = await ids(deps.db);
  return {
    code,
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      publishedAt: v.published_at,
      publishAt: v.publish_at,
      current: v.id === p.current_version_id,
    })),
    content: fileProcedure(code, shown, m.unitCode, m.fieldCode),
    draft: draft ? { version: draft.version, publishAt: draft.publish_at } : null,
  };
}

type Ctx = { ip?: string | null };

/** Creates a procedure new to the installation as draft version 1 (nothing is published yet). */
export async function createProcedure(deps: Deps, admin: Officer, input: unknown, ctx: Ctx = {}) {
  authoriseOfficerAdmin(admin);
  return deps.db.transaction().execute(async (trx) => {
    const p = await readProcedure(trx, input);
    const created = await trx
      .insertInto("procedures")
      .values({ national_code: p.code })
      .onConflict((oc) => oc.column("national_code").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created)
      throw conflict("procedure_exists", {
        vi: `Đã có thủ tục mã ${p.code}; hãy sửa thủ tục đó (tạo phiên bản mới).`,
        en: `A procedure with code ${p.code} exists; edit it (create a new version).`,
      });
    const m = await ids(trx);
    const now = deps.now();
    await trx
      .insertInto("procedure_versions")
      .values({
        ...versionRow(p, { procedureId: created.id, version: 1, status: "draft", now, ...m }),
        updated_by: admin.id,
        updated_at: now,
      })
      .execute();
    await audit(deps, trx, admin, "procedure.create", p.code, { version: 1 }, ctx);
    return { code: p.code, version: 1 };
  });
}

/** Starts the next version of a procedure as a draft, a copy of its current version (one draft at a time). */
export async function newDraft(deps: Deps, admin: Officer, code: string, ctx: Ctx = {}) {
  authoriseOfficerAdmin(admin);
  return deps.db.transaction().execute(async (trx) => {
    const p = await procedureByCode(trx, code, true);
    const versions = await trx
      .selectFrom("procedure_versions")
      .selectAll()
      .where("procedure_id", "=", p.id)
      .orderBy("version", "desc")
      .execute();
    const draft = versions.find((v) => v.status === "draft");
    if (draft)
      throw conflict("draft_exists", {
        vi: `Thủ tục ${code} đang có bản nháp phiên bản ${draft.version}; hãy sửa bản nháp đó.`,
        en: `Procedure ${code} already has draft version ${draft.version}; edit that draft.`,
      });
    const from = versions.find((v) => v.id === p.current_version_id) ?? versions[0]!;
    const version = versions[0]!.version + 1;
    const now = deps.now();
    const { id: _id, created_at: _c, ...copy } = from;
    await trx
      .insertInto("procedure_versions")
      .values({
        ...copy,
        implementing_unit_ids: JSON.stringify(from.implementing_unit_ids),
        applicant_types: JSON.stringify(from.applicant_types),
        time_limit: JSON.stringify(from.time_limit),
        fees: JSON.stringify(from.fees),
        components: JSON.stringify(from.components),
        result: JSON.stringify(from.result),
        legal_bases: JSON.stringify(from.legal_bases),
        eform: JSON.stringify(from.eform),
        process: JSON.stringify(from.process),
        version,
        status: "draft",
        published_at: null,
        publish_at: null,
        updated_by: admin.id,
        updated_at: now,
      })
      .execute();
    await audit(deps, trx, admin, "procedure.draft", code, { version, from: from.version }, ctx);
    return { code, version };
  });
}

/** Replaces the content of a version — only a draft's; a published or retired version is refused (409). */
export async function saveVersion(
  deps: Deps,
  admin: Officer,
  code: string,
  version: number,
  input: unknown,
  ctx: Ctx = {},
) {
  authoriseOfficerAdmin(admin);
  return deps.db.transaction().execute(async (trx) => {
    const proc = await procedureByCode(trx, code, true);
    const v = await draftVersion(trx, proc.id, code, version);
    const p = await readProcedure(trx, input);
    if (p.code !== code)
      throw new AppError(
        422,
        "validation",
        { vi: "Dữ liệu gửi lên không hợp lệ.", en: "The submitted data is not valid." },
        [
          {
            path: "body.code",
            text: {
              vi: `Mã thủ tục không được đổi (${code}).`,
              en: `The procedure code cannot change (${code}).`,
            },
          },
        ],
      );
    const m = await ids(trx);
    const now = deps.now();
    const {
      procedure_id: _p,
      version: _v,
      status: _s,
      published_at: _pa,
      ...row
    } = versionRow(p, {
      procedureId: proc.id,
      version,
      status: "draft",
      now,
      ...m,
    });
    await trx
      .updateTable("procedure_versions")
      .set({ ...row, updated_by: admin.id, updated_at: now })
      .where("id", "=", v.id)
      .where("status", "=", "draft")
      .execute();
    await audit(deps, trx, admin, "procedure.save", code, { version }, ctx);
    return { code, version };
  });
}

/**
 * Publishes a draft now (it becomes the version new dossiers are submitted under; the previous one is retired) or
 * schedules it (`at` in the future: the publication job publishes it when due). Checked again by the catalogue's rules.
 */
export async function publishVersion(
  deps: Deps,
  admin: Officer,
  code: string,
  version: number,
  o: { at?: Date | null } = {},
  ctx: Ctx = {},
): Promise<{ code: string; version: number; publishedAt: Date | null; publishAt: Date | null }> {
  authoriseOfficerAdmin(admin);
  const now = deps.now();
  const r = await deps.db.transaction().execute(async (trx) => {
    const proc = await procedureByCode(trx, code, true);
    const v = await draftVersion(trx, proc.id, code, version);
    const m = await ids(trx);
    await readProcedure(trx, fileProcedure(code, v, m.unitCode, m.fieldCode));
    if (o.at && o.at.getTime() > now.getTime()) {
      await trx.updateTable("procedure_versions").set({ publish_at: o.at }).where("id", "=", v.id).execute();
      await audit(deps, trx, admin, "procedure.schedule", code, { version, at: o.at.toISOString() }, ctx);
      return { code, version, publishedAt: null, publishAt: o.at };
    }
    await publishNow(trx, proc, v.id, now);
    await audit(deps, trx, admin, "procedure.publish", code, { version }, ctx);
    return { code, version, publishedAt: now, publishAt: null };
  });
  invalidateCatalogue(deps);
  return r;
}

/** A version to change or publish: it must exist and be a draft (versionChangeRefusal). */
async function draftVersion(tx: Tx, procedureId: string, code: string, version: number) {
  const v = await tx
    .selectFrom("procedure_versions")
    .select(["id", "status"])
    .select(VERSION_COLUMNS)
    .where("procedure_id", "=", procedureId)
    .where("version", "=", version)
    .executeTakeFirst();
  if (!v) throw notFound("version_not_found", NO_VERSION);
  const refusal = versionChangeRefusal(code, v);
  if (refusal) throw conflict("version_not_draft", refusal);
  return v;
}

async function publishNow(
  tx: Tx,
  proc: { id: string; current_version_id: string | null },
  versionId: string,
  now: Date,
) {
  await tx
    .updateTable("procedure_versions")
    .set({ status: "retired" })
    .where("procedure_id", "=", proc.id)
    .where("status", "=", "published")
    .execute();
  await tx
    .updateTable("procedure_versions")
    .set({ status: "published", published_at: now, publish_at: null })
    .where("id", "=", versionId)
    .execute();
  await tx.updateTable("procedures").set({ current_version_id: versionId }).where("id", "=", proc.id).execute();
}

/**
 * Withdraws a procedure from the catalogue: its published version is retired (no new dossier can be submitted under
 * it; dossiers already submitted keep it), and a scheduled publication of its draft is cancelled.
 */
export async function withdrawProcedure(deps: Deps, admin: Officer, code: string, ctx: Ctx = {}) {
  authoriseOfficerAdmin(admin);
  const r = await deps.db.transaction().execute(async (trx) => {
    const proc = await procedureByCode(trx, code, true);
    const retired = await trx
      .updateTable("procedure_versions")
      .set({ status: "retired" })
      .where("procedure_id", "=", proc.id)
      .where("status", "=", "published")
      .returning("version")
      .execute();
    const unscheduled = await trx
      .updateTable("procedure_versions")
      .set({ publish_at: null })
      .where("procedure_id", "=", proc.id)
      .where("status", "=", "draft")
      .where("publish_at", "is not", null)
      .returning("version")
      .execute();
    if (!retired.length && !unscheduled.length)
      throw conflict("nothing_to_withdraw", {
        vi: `Thủ tục ${code} không có phiên bản đang công bố hay hẹn công bố.`,
        en: `Procedure ${code} has no published or scheduled version.`,
      });
    const data = { retired: retired.map((x) => x.version), unscheduled: unscheduled.map((x) => x.version) };
    await audit(deps, trx, admin, "procedure.withdraw", code, data, ctx);
    return { code, ...data };
  });
  invalidateCatalogue(deps);
  return r;
}

/**
 * The publication job: publishes every draft whose scheduled instant has come, each in its own transaction, checked
 * again by the catalogue's rules (a draft that no longer passes stays a draft, scheduled, and its problem is logged).
 * Safe on several nodes at once: each draft is locked and re-read.
 */
export async function publishDueVersions(
  deps: Deps,
  log?: { error: (o: object, msg: string) => void },
): Promise<number> {
  const now = deps.now();
  const due = await deps.db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select(["v.id", "p.national_code"])
    .where("v.status", "=", "draft")
    .where("v.publish_at", "<=", now)
    .orderBy("v.publish_at")
    .limit(200)
    .execute();
  let published = 0;
  for (const d of due) {
    try {
      const done = await deps.db.transaction().execute(async (trx) => {
        const proc = await procedureByCode(trx, d.national_code, true);
        const v = await trx
          .selectFrom("procedure_versions")
          .select(["id", "status", "publish_at", "updated_by"])
          .select(VERSION_COLUMNS)
          .where("id", "=", d.id)
          .executeTakeFirst();
        if (v?.status !== "draft" || !v.publish_at || v.publish_at > now) return false;
        const m = await ids(trx);
        await readProcedure(trx, fileProcedure(d.national_code, v, m.unitCode, m.fieldCode));
        await publishNow(trx, proc, v.id, now);
        await auditOfficer(
          deps,
          {
            action: "procedure.publish_scheduled",
            actorId: v.updated_by,
            unitId: null,
            target: d.national_code,
            ip: null,
            data: { version: v.version, scheduledAt: v.publish_at.toISOString() },
          },
          trx,
        );
        return true;
      });
      if (done) published++;
    } catch (err) {
      log?.error({ err, procedure: d.national_code }, "procedures: scheduled publication failed");
    }
  }
  if (published) invalidateCatalogue(deps);
  return published;
}

async function audit(
  deps: Deps,
  trx: Tx,
  admin: Officer,
  action: string,
  code: string,
  data: Record<string, unknown>,
  ctx: Ctx,
) {
  await auditOfficer(
    deps,
    { action, actorId: admin.id, unitId: admin.unitId, target: code, ip: ctx.ip ?? null, data },
    trx,
  );
}

/** What the editor's pickers offer: units and fields by code. */
export async function editorChoices(deps: Deps, admin: Pick<Officer, "roles">) {
  authoriseOfficerAdmin(admin);
  const [units, fields] = await Promise.all([
    deps.db.selectFrom("units").select(["code", "name", "level"]).orderBy("code").execute(),
    deps.db.selectFrom("fields").select(["code", "name"]).orderBy("code").execute(),
  ]);
  return { units, fields };
}

/** Checks a procedure as the editor would save it, writing nothing (the builder's preview). */
export async function checkProcedureInput(
  deps: Deps,
  admin: Pick<Officer, "roles">,
  input: unknown,
): Promise<FieldError[]> {
  authoriseOfficerAdmin(admin);
  try {
    await readProcedure(deps.db, input);
    return [];
  } catch (e) {
    if (e instanceof AppError && e.status === 422) return e.fields;
    throw e;
  }
}
