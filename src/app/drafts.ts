import { sql } from "kysely";
import type { EFormField } from "../shared/eform.js";
import type { EForm } from "../shared/eform.js";
import type { Deps } from "./deps.js";
import { AppError, type FieldError, fill } from "./errors.js";
import { loadOnlineProcedure, receivingUnits, submissionText } from "./submission.js";
import { isUuid } from "./uploads.js";

/**
 * Drafts of online submissions, kept on the server: one per account and procedure, so the applicant can resume on
 * another device (another session of the same account). A draft keeps what was typed, even if not valid yet
 * (validation happens at submission), but only the e-form's own keys, and only the applicant's own files.
 */

export interface DraftInput {
  data?: unknown;
  files?: Record<string, string[]>;
  receivingUnitId?: string | null;
  returnMethod?: "counter" | "post" | "online" | null;
  returnAddress?: string | null;
}

export interface Draft {
  procedureCode: string;
  procedureName: string;
  procedureVersionId: string;
  receivingUnitId: string | null;
  returnMethod: "counter" | "post" | "online" | null;
  returnAddress: string | null;
  data: Record<string, unknown>;
  files: Record<string, string[]>;
  updatedAt: Date;
}

const MAX_TEXT = 10_000;
const MAX_ITEMS = 100;

/** Keeps only the e-form's sections and keys with plain values (strings, numbers, booleans; arrays for groups). */
export function sanitiseDraftData(form: EForm, data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!data || typeof data !== "object" || Array.isArray(data)) return out;
  for (const s of form?.sections ?? []) {
    const v = sanitiseFields(s.fields ?? [], (data as Record<string, unknown>)[s.key]);
    if (Object.keys(v).length) out[s.key] = v;
  }
  return out;
}

function sanitiseFields(fields: EFormField[], data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!data || typeof data !== "object" || Array.isArray(data)) return out;
  const obj = data as Record<string, unknown>;
  for (const f of fields) {
    const v = obj[f.key];
    if (f.type === "group") {
      if (Array.isArray(v)) out[f.key] = v.slice(0, MAX_ITEMS).map((item) => sanitiseFields(f.fields ?? [], item));
      continue;
    }
    if (typeof v === "string") out[f.key] = v.slice(0, MAX_TEXT);
    else if (typeof v === "number" && Number.isFinite(v)) out[f.key] = v;
    else if (typeof v === "boolean") out[f.key] = v;
  }
  return out;
}

async function procedureIdOf(deps: Deps, code: string) {
  return deps.db.selectFrom("procedures").select("id").where("national_code", "=", code).executeTakeFirst();
}

export async function saveDraft(
  deps: Deps,
  accountId: string,
  procedureCode: string,
  input: DraftInput,
): Promise<Draft> {
  const proc = await loadOnlineProcedure(deps, procedureCode);
  const data = sanitiseDraftData(proc.eform, input.data);

  // Files: known components only, and only the applicant's own uploads.
  const fields: FieldError[] = [];
  const files: Record<string, string[]> = {};
  const wanted = Object.entries(input.files ?? {});
  const allIds = [...new Set(wanted.flatMap(([, ids]) => (Array.isArray(ids) ? ids : [])).filter(isUuid))];
  // An upload belongs to one draft or one dossier: files already in a dossier, or in this account's draft of another
  // procedure, are refused here (and a dossier takes a file once: see attachFiles).
  const rows = allIds.length
    ? await deps.db
        .selectFrom("files")
        .leftJoin("dossier_files", "dossier_files.file_id", "files.id")
        .select(["files.id", "dossier_files.dossier_id"])
        .where("files.id", "in", allIds)
        .where("files.owner_kind", "=", "citizen")
        .where("files.owner_id", "=", accountId)
        .execute()
    : [];
  const owned = new Set(rows.map((r) => r.id));
  const taken = new Set(rows.filter((r) => r.dossier_id).map((r) => r.id));
  if (allIds.length) {
    const others = await deps.db
      .selectFrom("drafts")
      .select("files")
      .where("account_id", "=", accountId)
      .where("procedure_id", "!=", proc.procedureId)
      .execute();
    for (const d of others)
      for (const ids of Object.values(d.files ?? {})) for (const id of ids) if (owned.has(id)) taken.add(id);
  }
  for (const [code, ids] of wanted) {
    const component = proc.components.find((c) => c.code === code);
    if (!component) {
      fields.push({ path: `files.${code}`, text: fill(submissionText.componentUnknown, { code }) });
      continue;
    }
    const list = [...new Set(Array.isArray(ids) ? ids : [])];
    if (list.some((id) => !owned.has(id))) {
      fields.push({
        path: `files.${code}`,
        text: fill(submissionText.fileNotOwn, { component: component.name }),
      });
      continue;
    }
    if (list.some((id) => taken.has(id))) {
      fields.push({
        path: `files.${code}`,
        text: fill(submissionText.fileElsewhere, { component: component.name }),
      });
      continue;
    }
    if (list.length) files[code] = list;
  }
  if (fields.length) throw new AppError(422, "validation_failed", submissionText.invalid, fields);

  const now = deps.now();
  const returnMethod =
    input.returnMethod && ["counter", "post", "online"].includes(input.returnMethod) ? input.returnMethod : null;
  const units = await receivingUnits(deps, proc);
  const unitId = units.some((u) => u.id === input.receivingUnitId) ? input.receivingUnitId! : null;
  const row = await deps.db
    .insertInto("drafts")
    .values({
      account_id: accountId,
      procedure_id: proc.procedureId,
      procedure_version_id: proc.versionId,
      receiving_unit_id: unitId,
      return_method: returnMethod,
      return_address: input.returnAddress?.slice(0, 500) ?? null,
      data: JSON.stringify(data),
      files: JSON.stringify(files),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["account_id", "procedure_id"]).doUpdateSet({
        procedure_version_id: (eb) => eb.ref("excluded.procedure_version_id"),
        receiving_unit_id: (eb) => eb.ref("excluded.receiving_unit_id"),
        return_method: (eb) => eb.ref("excluded.return_method"),
        return_address: (eb) => eb.ref("excluded.return_address"),
        data: (eb) => eb.ref("excluded.data"),
        files: (eb) => eb.ref("excluded.files"),
        updated_at: (eb) => eb.ref("excluded.updated_at"),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    procedureCode,
    procedureName: proc.name,
    procedureVersionId: row.procedure_version_id,
    receivingUnitId: row.receiving_unit_id,
    returnMethod: row.return_method,
    returnAddress: row.return_address,
    data: row.data,
    files: row.files,
    updatedAt: row.updated_at,
  };
}

export async function getDraft(deps: Deps, accountId: string, procedureCode: string): Promise<Draft | undefined> {
  const row = await deps.db
    .selectFrom("drafts")
    .innerJoin("procedures", "procedures.id", "drafts.procedure_id")
    .innerJoin("procedure_versions", "procedure_versions.id", "drafts.procedure_version_id")
    .select([
      "procedures.national_code",
      "procedure_versions.name",
      "drafts.procedure_version_id",
      "drafts.receiving_unit_id",
      "drafts.return_method",
      "drafts.return_address",
      "drafts.data",
      "drafts.files",
      "drafts.updated_at",
    ])
    .where("drafts.account_id", "=", accountId)
    .where("procedures.national_code", "=", procedureCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    procedureCode: row.national_code,
    procedureName: row.name,
    procedureVersionId: row.procedure_version_id,
    receivingUnitId: row.receiving_unit_id,
    returnMethod: row.return_method,
    returnAddress: row.return_address,
    data: row.data,
    files: row.files,
    updatedAt: row.updated_at,
  };
}

export async function listDrafts(deps: Deps, accountId: string) {
  const rows = await deps.db
    .selectFrom("drafts")
    .innerJoin("procedures", "procedures.id", "drafts.procedure_id")
    .innerJoin("procedure_versions", "procedure_versions.id", "drafts.procedure_version_id")
    .select(["procedures.national_code", "procedure_versions.name", "drafts.updated_at"])
    .where("drafts.account_id", "=", accountId)
    .orderBy("drafts.updated_at", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({ procedureCode: r.national_code, procedureName: r.name, updatedAt: r.updated_at }));
}

/** Deletes the account's draft for a procedure; true if there was one. */
export async function deleteDraft(deps: Deps, accountId: string, procedureCode: string): Promise<boolean> {
  const proc = await procedureIdOf(deps, procedureCode);
  if (!proc) return false;
  const res = await deps.db
    .deleteFrom("drafts")
    .where("account_id", "=", accountId)
    .where("procedure_id", "=", proc.id)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Number of drafts of an account (for the "my dossiers" page). */
export async function countDrafts(deps: Deps, accountId: string): Promise<number> {
  const r = await deps.db
    .selectFrom("drafts")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
