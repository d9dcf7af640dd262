/**
 * The data warehouse (kho quản lý dữ liệu điện tử, issue #7): a holder's electronic documents, each over a stored
 * file with its validity dates —
 * - results: shared automatically when a dossier's result is returned (the "returned" event), with the structured
 *   data the procedure defines (ResultSpec.data) and its validity (ResultSpec.validityMonths);
 * - digitised papers: the component scans an officer made at the counter, shared when the dossier is received;
 * - kept uploads: one of the holder's own uploads they chose to keep.
 * A holder is a citizen by identity number or a business by tax code — the account's, for a dossier submitted from an
 * account; the applicant's checked at the counter otherwise. Citizens see their own documents only.
 *
 * "Provide once": a document is picked into a submission instead of an upload (`pickFromWarehouse`): the stored bytes
 * are checked against the document's checksum and a new file row over the same bytes is given to the citizen (no copy;
 * one file row still belongs to one dossier). That row then goes through the one submission path like any upload, and
 * says where it came from and when it was verified (files.warehouse_document_id, warehouse_verified_at), which the
 * officer sees and the dossier's 766 facts count (REUSED_DIGITIZED_DATA).
 */
import { createHash } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../adapters/db/index.js";
import type { Component, ResultSpec } from "../domain/catalogue.js";
import { DOCUMENT_KINDS } from "../domain/catalogue-rules.js";
import { Status } from "../domain/status.js";
import { formatDate } from "../shared/format.js";
import type { LText } from "../shared/text.js";
import type { Citizen } from "./actors.js";
import type { Deps } from "./deps.js";
import { AppError, fill, notFound } from "./errors.js";
import { fileBytes } from "./file-bytes.js";
import { isUuid, type StoredFile } from "./uploads.js";

type Tx = Transaction<Database> | Kysely<Database>;

export interface Holder {
  type: "citizen" | "business";
  id: string;
}

const M = {
  expired: {
    vi: "Giấy tờ “{title}” trong Kho dữ liệu đã hết hiệu lực ngày {until}; vui lòng tải lên giấy tờ còn hiệu lực.",
    en: "The document “{title}” in your data warehouse expired on {until}; upload a valid one instead.",
  },
  wrongKind: {
    vi: "Giấy tờ “{title}” không phải loại giấy tờ mà thành phần “{component}” yêu cầu.",
    en: "The document “{title}” is not of the kind the component “{component}” asks for.",
  },
  damaged: {
    vi: "Không xác thực được giấy tờ “{title}” trong Kho dữ liệu (nội dung không khớp). Vui lòng tải tệp lên.",
    en: "The document “{title}” in your data warehouse could not be verified (its content does not match). Upload it instead.",
  },
  notFound: {
    vi: "Không tìm thấy giấy tờ này trong Kho dữ liệu của bạn.",
    en: "This document is not in your data warehouse.",
  },
  noHolder: {
    vi: "Tài khoản chưa có số định danh cá nhân hoặc mã số thuế, nên chưa có Kho dữ liệu.",
    en: "Your account has no identity number or tax code, so it has no data warehouse yet.",
  },
  notYourUpload: {
    vi: "Tệp không tồn tại hoặc không do bạn tải lên.",
    en: "The file does not exist or was not uploaded by you.",
  },
} satisfies Record<string, LText>;

export const warehouseText = M;

/** The warehouse of a logged-in account, or undefined when the account has no identity number / tax code. */
export function holderOf(c: Pick<Citizen, "kind" | "id_number" | "tax_code">): Holder | undefined {
  const id = c.kind === "business" ? c.tax_code : c.id_number;
  return id ? { type: c.kind, id } : undefined;
}

/** The validity end of a document issued at `at` for `months` months (the same day of the month, at the same time). */
export function validUntil(at: Date, months: number | undefined): Date | null {
  if (!months) return null;
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The value at "section.field" of e-form data. */
function valueAt(data: Record<string, unknown>, path: string): unknown {
  let cur: unknown = data;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** The holder a dossier's documents go to: the submitting account's, else the applicant checked at the counter. */
async function dossierHolder(tx: Tx, dossierId: string) {
  const d = await tx
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .leftJoin("citizens as c", "c.id", "d.applicant_account_id")
    .select([
      "d.id",
      "d.code",
      "d.reference",
      "d.applicant",
      "d.data",
      "d.applicant_account_id",
      "v.components",
      "v.result",
      "c.kind as account_kind",
      "c.id_number as account_id_number",
      "c.tax_code as account_tax_code",
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirstOrThrow();
  const holder: Holder | undefined = d.applicant_account_id
    ? holderOf({ kind: d.account_kind ?? "citizen", id_number: d.account_id_number, tax_code: d.account_tax_code })
    : d.applicant.type === "business"
      ? d.applicant.taxCode
        ? { type: "business", id: d.applicant.taxCode }
        : undefined
      : d.applicant.idNumber
        ? { type: "citizen", id: d.applicant.idNumber }
        : undefined;
  return { d, holder };
}

/**
 * Shares what an event makes the holder's (same transaction, called by appendEvent): on "returned", the dossier's
 * result files; on "received", the component scans officers made at the counter. Idempotent (one document per file).
 */
export async function shareOnEvent(
  tx: Tx,
  dossierId: string,
  ev: { type: string; at: Date; toStatus?: number | null },
): Promise<void> {
  const result = ev.type === "returned" && ev.toStatus === Status.RETURNED;
  if (!result && ev.type !== "received") return;
  const files = await tx
    .selectFrom("dossier_files as df")
    .innerJoin("files as f", "f.id", "df.file_id")
    .select(["f.id", "df.component_code"])
    .where("df.dossier_id", "=", dossierId)
    .$call((q) =>
      result
        ? q.where("df.kind", "=", "result")
        : q.where("df.kind", "=", "component").where("f.owner_kind", "=", "officer"),
    )
    .execute();
  if (files.length === 0) return;
  const { d, holder } = await dossierHolder(tx, dossierId);
  if (!holder) return;
  const spec = d.result as ResultSpec;
  const components = d.components as Component[];
  const shared = result
    ? files
    : files.filter((f) => !components.find((x) => x.code === f.component_code)?.declaration);
  if (shared.length === 0) return;
  const rows = shared.map((f) => {
    if (result) {
      const data: Record<string, unknown> = {};
      for (const path of spec.data ?? []) {
        const v = valueAt(d.data, path);
        if (v !== undefined) data[path] = v;
      }
      return {
        source: "result" as const,
        kind: spec.kind ?? null,
        title: spec.name,
        file_id: f.id,
        data: JSON.stringify({ dossierCode: d.code ?? d.reference, issuedAt: ev.at.toISOString(), ...data }),
        valid_until: validUntil(ev.at, spec.validityMonths),
      };
    }
    const c = components.find((x) => x.code === f.component_code);
    return {
      source: "digitised" as const,
      kind: c?.kind ?? null,
      title: c?.name ?? f.component_code ?? "",
      file_id: f.id,
      data: null,
      valid_until: null,
    };
  });
  await tx
    .insertInto("warehouse_documents")
    .values(
      rows.map((r) => ({
        ...r,
        holder_type: holder.type,
        holder_id: holder.id,
        dossier_id: dossierId,
        valid_from: ev.at,
        created_at: ev.at,
      })),
    )
    .onConflict((oc) => oc.column("file_id").doNothing())
    .execute();
}

export interface WarehouseDocument {
  id: string;
  source: "result" | "digitised" | "kept";
  kind: string | null;
  kindName: LText | null;
  title: string;
  fileName: string;
  mime: string;
  size: number;
  data: Record<string, unknown> | null;
  dossierCode: string | null;
  validFrom: Date;
  validUntil: Date | null;
  /** Valid now (not expired). */
  valid: boolean;
}

function present(
  r: {
    id: string;
    source: WarehouseDocument["source"];
    kind: string | null;
    title: string;
    name: string;
    mime: string;
    size: number | null;
    data: Record<string, unknown> | null;
    code: string | null;
    valid_from: Date;
    valid_until: Date | null;
  },
  now: Date,
): WarehouseDocument {
  return {
    id: r.id,
    source: r.source,
    kind: r.kind,
    kindName: r.kind ? ((DOCUMENT_KINDS as Record<string, LText>)[r.kind] ?? null) : null,
    title: r.title,
    fileName: r.name,
    mime: r.mime,
    size: Number(r.size ?? 0),
    data: r.data,
    dossierCode: r.code,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    valid: r.valid_until === null || r.valid_until.getTime() > now.getTime(),
  };
}

function documentsOf(db: Tx, holder: Holder) {
  return db
    .selectFrom("warehouse_documents as w")
    .innerJoin("files as f", "f.id", "w.file_id")
    .leftJoin("dossiers as d", "d.id", "w.dossier_id")
    .select([
      "w.id",
      "w.source",
      "w.kind",
      "w.title",
      "w.data",
      "w.valid_from",
      "w.valid_until",
      "w.file_id",
      "f.name",
      "f.mime",
      "f.size",
      "f.sha256",
      "f.storage_key",
      "d.code",
    ])
    .where("w.holder_type", "=", holder.type)
    .where("w.holder_id", "=", holder.id);
}

/** The citizen's documents, newest first; `kind` narrows to one kind of paper. */
export async function listWarehouse(
  deps: Deps,
  citizen: Citizen,
  opts: { kind?: string } = {},
): Promise<WarehouseDocument[]> {
  const holder = holderOf(citizen);
  if (!holder) return [];
  const rows = await documentsOf(deps.db, holder)
    .$if(opts.kind !== undefined, (q) => q.where("w.kind", "=", opts.kind!))
    .orderBy("w.created_at", "desc")
    .orderBy("w.id")
    .limit(500)
    .execute();
  const now = deps.now();
  return rows.map((r) => present(r, now));
}

/** The citizen's valid documents of each of the given kinds (what a submission's components may take). */
export async function pickableByKind(
  deps: Deps,
  citizen: Citizen,
  kinds: string[],
): Promise<Map<string, WarehouseDocument[]>> {
  const out = new Map<string, WarehouseDocument[]>();
  const holder = holderOf(citizen);
  const wanted = [...new Set(kinds)];
  if (!holder || wanted.length === 0) return out;
  const now = deps.now();
  const rows = await documentsOf(deps.db, holder)
    .where("w.kind", "in", wanted)
    .where((eb) => eb.or([eb("w.valid_until", "is", null), eb("w.valid_until", ">", now)]))
    .orderBy("w.created_at", "desc")
    .orderBy("w.id")
    .execute();
  for (const r of rows) {
    const doc = present(r, now);
    out.set(r.kind!, [...(out.get(r.kind!) ?? []), doc]);
  }
  return out;
}

async function ownDocument(deps: Deps, citizen: Citizen, id: string) {
  const holder = holderOf(citizen);
  if (!holder || !isUuid(id)) return undefined;
  return documentsOf(deps.db, holder).where("w.id", "=", id).executeTakeFirst();
}

/** One of the citizen's documents with its bytes, or 404 (not theirs, or unknown: the same answer). */
export async function readWarehouseDocument(deps: Deps, citizen: Citizen, id: string) {
  const row = await ownDocument(deps, citizen, id);
  if (!row) throw notFound("warehouse_document_not_found", M.notFound);
  return {
    doc: present(row, deps.now()),
    bytes: await fileBytes(deps, { id: row.file_id, storage_key: row.storage_key }),
  };
}

/**
 * Picks one of the citizen's documents for a submission ("provide once"): refused when it is not theirs (404, the
 * same as unknown), expired (422 warehouse_document_expired) or of another kind than the component asks for (422
 * warehouse_document_wrong_kind); its bytes are verified against its checksum (409 warehouse_document_unverified when
 * they do not match). Returns a file of the citizen's over the same stored bytes, to be named in the submission like
 * an upload — the same one again while it is in no dossier.
 */
export async function pickFromWarehouse(
  deps: Deps,
  citizen: Citizen,
  documentId: string,
  component?: Component,
  path = "warehouseDocumentId",
): Promise<StoredFile> {
  const row = await ownDocument(deps, citizen, documentId);
  if (!row) throw new AppError(404, "warehouse_document_not_found", M.notFound, [{ path, text: M.notFound }]);
  const now = deps.now();
  if (row.valid_until !== null && row.valid_until.getTime() <= now.getTime()) {
    const text = fill(M.expired, { title: row.title, until: formatDate(row.valid_until) });
    throw new AppError(422, "warehouse_document_expired", text, [{ path, text }]);
  }
  if (component && (!component.kind || component.kind !== row.kind)) {
    const text = fill(M.wrongKind, { title: row.title, component: component.name });
    throw new AppError(422, "warehouse_document_wrong_kind", text, [{ path, text }]);
  }
  const owner = { kind: "citizen", id: citizen.id };
  const existing = await deps.db
    .selectFrom("files as f")
    .leftJoin("dossier_files as df", "df.file_id", "f.id")
    .select(["f.id", "f.name", "f.size", "f.mime", "f.sha256"])
    .where("f.warehouse_document_id", "=", row.id)
    .where("f.owner_kind", "=", owner.kind)
    .where("f.owner_id", "=", owner.id)
    .where("df.file_id", "is", null)
    .executeTakeFirst();
  if (existing) return { ...existing, size: Number(existing.size), sha256: existing.sha256 ?? "" };
  // verified: the bytes the store gives back are those the document was shared with
  const bytes = await fileBytes(deps, { id: row.file_id, storage_key: row.storage_key });
  const stored = await deps.db
    .selectFrom("files")
    .select(["storage_key", "sha256", "size"])
    .where("id", "=", row.file_id)
    .executeTakeFirstOrThrow();
  const digest = createHash("sha256").update(bytes).digest("hex");
  if (!stored.storage_key || digest !== stored.sha256) {
    const text = fill(M.damaged, { title: row.title });
    throw new AppError(409, "warehouse_document_unverified", text, [{ path, text }]);
  }
  const file = await deps.db
    .insertInto("files")
    .values({
      storage_key: stored.storage_key,
      sha256: stored.sha256,
      size: stored.size,
      mime: row.mime,
      name: row.name,
      owner_kind: owner.kind,
      owner_id: owner.id,
      created_at: now,
      warehouse_document_id: row.id,
      warehouse_verified_at: now,
    })
    .returning(["id", "name", "size", "mime", "sha256"])
    .executeTakeFirstOrThrow();
  return { ...file, size: Number(file.size), sha256: file.sha256 ?? digest };
}

/** Keeps one of the citizen's own uploads in their warehouse (idempotent per file); returns the document. */
export async function keepUpload(
  deps: Deps,
  citizen: Citizen,
  input: { fileId: string; kind?: string; title?: string; validUntil?: Date | null },
): Promise<WarehouseDocument> {
  const holder = holderOf(citizen);
  if (!holder) throw new AppError(422, "warehouse_no_holder", M.noHolder);
  const f = isUuid(input.fileId)
    ? await deps.db
        .selectFrom("files")
        .select(["id", "name", "storage_key"])
        .where("id", "=", input.fileId)
        .where("owner_kind", "=", "citizen")
        .where("owner_id", "=", citizen.id)
        .where("warehouse_document_id", "is", null)
        .executeTakeFirst()
    : undefined;
  if (!f || f.storage_key === null)
    throw new AppError(422, "validation_failed", M.notYourUpload, [{ path: "fileId", text: M.notYourUpload }]);
  const now = deps.now();
  await deps.db
    .insertInto("warehouse_documents")
    .values({
      holder_type: holder.type,
      holder_id: holder.id,
      source: "kept",
      kind: input.kind ?? null,
      title: input.title ?? f.name,
      file_id: f.id,
      data: null,
      dossier_id: null,
      valid_from: now,
      valid_until: input.validUntil ?? null,
      created_at: now,
    })
    .onConflict((oc) => oc.column("file_id").doNothing())
    .execute();
  const row = await documentsOf(deps.db, holder).where("w.file_id", "=", f.id).executeTakeFirstOrThrow();
  return present(row, now);
}

/** Whether any of these files came from a warehouse (a sub-query for the dossier's 766 facts). */
export const reusedAmong = (fileIds: string[]) =>
  fileIds.length
    ? sql<boolean>`exists (select 1 from files where id in (${sql.join(
        fileIds.map((id) => sql`${id}::uuid`),
      )}) and warehouse_document_id is not null)`
    : sql<boolean>`false`;
