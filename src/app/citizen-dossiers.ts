import { readStored } from "./file-bytes.js";
import { sql } from "kysely";
import type { Component } from "../domain/catalogue.js";
import { POSTAL_EVENT_NAMES } from "../domain/postal.js";
import { STATUS_NAMES, type StatusCode } from "../domain/status.js";
import type { EForm } from "../shared/eform.js";
import type { LText } from "../shared/text.js";
import type { Deps } from "./deps.js";
import { AppError, fill } from "./errors.js";
import { isUuid } from "./uploads.js";
import { dossierFiles } from "./dossiers/repo.js";

/**
 * The applicant's view of their dossiers ("my dossiers") and the public look-up (domain.md §5, two tiers):
 * anyone with a dossier code or reference sees only its status, procedure and dates; the logged-in owner also
 * gets the link to the full dossier. Another account's dossier answers 404, never 403, so existence does not leak.
 */

const M = {
  notFound: {
    vi: "Không tìm thấy hồ sơ này trong các hồ sơ của bạn.",
    en: "This dossier was not found among your dossiers.",
  },
  lookupNotFound: {
    vi: "Không tìm thấy hồ sơ có mã “{code}”. Vui lòng kiểm tra lại mã hồ sơ hoặc mã tra cứu.",
    en: "No dossier has the code “{code}”. Check the dossier code or reference.",
  },
} satisfies Record<string, LText>;

const EVENT_NAMES: Record<string, LText> = {
  submitted: { vi: "Nộp hồ sơ trực tuyến", en: "Submitted online" },
  received: { vi: "Tiếp nhận hồ sơ", en: "Received" },
  refused: { vi: "Từ chối tiếp nhận", en: "Refused" },
  supplement_requested: { vi: "Yêu cầu bổ sung giấy tờ", en: "Supplement requested" },
  supplemented: { vi: "Bổ sung hồ sơ", en: "Supplement provided" },
  forwarded: { vi: "Chuyển xử lý", en: "Forwarded" },
  processed: { vi: "Đã xử lý xong", en: "Processed" },
  returned: { vi: "Trả kết quả", en: "Result returned" },
  withdrawn: { vi: "Rút hồ sơ", en: "Withdrawn" },
  stopped: { vi: "Dừng xử lý", en: "Processing stopped" },
  apology: { vi: "Xin lỗi và gia hạn", en: "Apology and new date" },
  ...POSTAL_EVENT_NAMES,
};

/**
 * The one rule for "this dossier is this account's" (issue #10 item 6), as a condition on `dossiers as d`: the account
 * submitted it, or — whatever the channel (counter, post, national portal, another of the person's accounts) — its
 * applicant carries the account's verified identity: a citizen's personal identification number (CCCD, from VNeID)
 * on a citizen applicant, a business's tax code on a business applicant. Everything the portal shows or lets an
 * applicant do on a dossier (list, detail, files, look-up owner link, supplement, withdrawal) filters by it.
 * Served by the indexes on applicant_account_id, (applicant->>'idNumber') and (applicant->>'taxCode').
 */
export function ownedBy(accountId: string) {
  return sql<boolean>`(d.applicant_account_id = ${accountId}
    or (d.applicant->>'type' = 'citizen' and d.applicant->>'idNumber' =
        (select c.id_number from citizens c where c.id = ${accountId} and c.kind = 'citizen'))
    or (d.applicant->>'type' = 'business' and d.applicant->>'taxCode' =
        (select c.tax_code from citizens c where c.id = ${accountId} and c.kind = 'business')))`;
}

/** "submitted" of a dossier that did not come from this portal: named after its channel. */
const SUBMITTED_BY: Record<string, LText> = {
  counter: { vi: "Nộp hồ sơ trực tiếp", en: "Submitted at the counter" },
  postal: { vi: "Nộp hồ sơ qua bưu chính", en: "Submitted by post" },
  national_portal: {
    vi: "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia",
    en: "Submitted on the National Public Service Portal",
  },
};

export const statusName = (s: number): LText => STATUS_NAMES[s as StatusCode] ?? { vi: String(s), en: String(s) };

/** A readable name for a history event: its own name, else the status it led to, else its type. */
export function eventName(type: string, toStatus: number | null): LText {
  const known = EVENT_NAMES[type];
  if (known) return known;
  if (toStatus) return statusName(toStatus);
  const plain = type.replace(/[_.]/g, " ");
  return { vi: plain, en: plain };
}

export interface MyDossierRow {
  id: string;
  reference: string;
  code: string | null;
  procedureCode: string;
  procedureName: string;
  status: number;
  statusName: LText;
  channel: string;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  returnedAt: Date | null;
  updatedAt: Date;
}

export async function listMyDossiers(
  deps: Deps,
  accountId: string,
  opts: { limit?: number; offset?: number } = {},
): Promise<MyDossierRow[]> {
  const rows = await deps.db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .select([
      "d.id",
      "d.reference",
      "d.code",
      "p.national_code",
      "v.name",
      "d.status",
      "d.channel",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "d.returned_at",
      "d.updated_at",
      "d.created_at",
    ])
    .where(ownedBy(accountId))
    .orderBy("d.created_at", "desc")
    .orderBy("d.id")
    .limit(Math.min(opts.limit ?? 50, 200))
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    code: r.code,
    procedureCode: r.national_code,
    procedureName: r.name,
    status: r.status,
    statusName: statusName(r.status),
    channel: r.channel,
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    returnedAt: r.returned_at,
    updatedAt: r.updated_at,
  }));
}

export function notFoundForCitizen(): AppError {
  return new AppError(404, "dossier_not_found", M.notFound);
}

export interface MyDossier extends MyDossierRow {
  procedureVersion: number;
  eform: EForm;
  components: Component[];
  receivingUnit: { id: string; code: string; name: string; address: string | null };
  returnMethod: string;
  returnAddress: string | null;
  applicant: Record<string, unknown>;
  data: Record<string, unknown>;
  files: Array<{
    id: string;
    name: string;
    size: number | null;
    mime: string;
    sha256: string | null;
    componentCode: string | null;
    componentName: string | null;
    kind: string;
    addedAt: Date;
  }>;
  events: Array<{
    seq: number;
    type: string;
    name: LText;
    at: Date;
    fromStatus: number | null;
    toStatus: number | null;
    statusName: LText | null;
    unitName: string | null;
  }>;
}

/** One of the applicant's own dossiers with its data, files and history; 404 for anyone else's. */
export async function getMyDossier(deps: Deps, accountId: string, id: string): Promise<MyDossier> {
  if (!isUuid(id)) throw notFoundForCitizen();
  const d = await deps.db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("units as u", "u.id", "d.receiving_unit_id")
    .select([
      "d.id",
      "d.reference",
      "d.code",
      "p.national_code",
      "v.name",
      "v.version",
      "v.eform",
      "v.components",
      "d.status",
      "d.channel",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "d.returned_at",
      "d.updated_at",
      "d.return_method",
      "d.return_address",
      "d.applicant",
      "d.data",
      "u.id as unit_id",
      "u.code as unit_code",
      "u.name as unit_name",
      "u.address as unit_address",
    ])
    .where("d.id", "=", id)
    .where(ownedBy(accountId))
    .executeTakeFirst();
  if (!d) throw notFoundForCitizen();
  const components = d.components ?? [];
  const files = await dossierFiles(deps.db, id);
  const events = await deps.db
    .selectFrom("dossier_events as e")
    .leftJoin("units as u", "u.id", "e.unit_id")
    .select(["e.seq", "e.type", "e.at", "e.from_status", "e.to_status", "u.name as unit_name"])
    .where("e.dossier_id", "=", id)
    .orderBy("e.seq")
    .execute();
  return {
    id: d.id,
    reference: d.reference,
    code: d.code,
    procedureCode: d.national_code,
    procedureName: d.name,
    procedureVersion: d.version,
    eform: d.eform,
    components,
    status: d.status,
    statusName: statusName(d.status),
    channel: d.channel,
    submittedAt: d.submitted_at,
    receivedAt: d.received_at,
    dueAt: d.due_at,
    returnedAt: d.returned_at,
    updatedAt: d.updated_at,
    receivingUnit: { id: d.unit_id, code: d.unit_code, name: d.unit_name, address: d.unit_address },
    returnMethod: d.return_method,
    returnAddress: d.return_address,
    applicant: d.applicant as unknown as Record<string, unknown>,
    data: d.data,
    files: files.map((f) => ({
      id: f.id,
      name: f.name,
      // a generated document not read yet has no size or checksum (file-bytes.ts)
      size: f.size === null ? null : Number(f.size),
      mime: f.mime,
      sha256: f.sha256,
      componentCode: f.component_code,
      componentName: components.find((c) => c.code === f.component_code)?.name ?? null,
      kind: f.kind,
      addedAt: f.added_at,
    })),
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      name: (e.type === "submitted" && SUBMITTED_BY[d.channel]) || eventName(e.type, e.to_status),
      at: e.at,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      statusName: e.to_status ? statusName(e.to_status) : null,
      unitName: e.unit_name,
    })),
  };
}

/** A file of one of the applicant's own dossiers (their uploads, or results attached to it). */
export async function readMyDossierFile(deps: Deps, accountId: string, dossierId: string, fileId: string) {
  if (!isUuid(dossierId) || !isUuid(fileId)) return undefined;
  const row = await deps.db
    .selectFrom("dossier_files as df")
    .innerJoin("dossiers as d", "d.id", "df.dossier_id")
    .innerJoin("files as f", "f.id", "df.file_id")
    .select(["f.id", "f.name", "f.mime", "f.size", "f.sha256", "f.storage_key"])
    .where("df.dossier_id", "=", dossierId)
    .where("df.file_id", "=", fileId)
    .where(ownedBy(accountId))
    .executeTakeFirst();
  if (!row) return undefined;
  const stored = await readStored(deps, row);
  return { row: { ...row, size: stored.size }, bytes: stored.bytes };
}

export interface LookupResult {
  code: string | null;
  reference: string | null;
  procedureName: string;
  status: number;
  statusName: LText;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  returnedAt: Date | null;
  /** Only for the logged-in owner: where to see the whole dossier. */
  ownerUrl?: string;
}

/**
 * Public look-up by dossier code (e.g. 000.00.12.H26-250715-0007) or applicant reference (HS-XXXXXXXX).
 * The public tier never includes the applicant, the data or the files.
 */
export async function lookupDossier(
  deps: Deps,
  input: string,
  viewerAccountId: string | undefined,
): Promise<LookupResult> {
  const q = input.trim();
  const notFound = () => new AppError(404, "dossier_not_found", fill(M.lookupNotFound, { code: q }));
  if (!q || q.length > 100) throw notFound();
  const isRef = /^HS-[0-9A-Z]{8}$/i.test(q);
  const d = await deps.db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .select([
      "d.id",
      "d.code",
      "d.reference",
      "v.name",
      "d.status",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "d.returned_at",
    ])
    .select(viewerAccountId ? ownedBy(viewerAccountId).as("owned") : sql<boolean>`false`.as("owned"))
    .where(isRef ? "d.reference" : "d.code", "=", isRef ? q.toUpperCase() : q)
    .executeTakeFirst();
  if (!d) throw notFound();
  const owner = !!viewerAccountId && d.owned === true;
  return {
    code: d.code,
    // The reference is the applicant's receipt: shown back only to whoever typed it, or to the owner.
    reference: isRef || owner ? d.reference : null,
    procedureName: d.name,
    status: d.status,
    statusName: statusName(d.status),
    submittedAt: d.submitted_at,
    receivedAt: d.received_at,
    dueAt: d.due_at,
    returnedAt: d.returned_at,
    ...(owner ? { ownerUrl: `/ho-so-cua-toi/${d.id}` } : {}),
  };
}

/**
 * The supplement the office asked for, while the applicant's dossier awaits it (status 5): the items of the latest
 * request (what to add and why) and its note. Undefined when none is awaited; 404 for a dossier that is not theirs.
 */
export async function awaitedSupplement(
  deps: Deps,
  accountId: string,
  id: string,
): Promise<{ items: Array<{ content: string; reason: string }>; note: string | null } | undefined> {
  if (!isUuid(id)) throw notFoundForCitizen();
  const d = await deps.db
    .selectFrom("dossiers as d")
    .select(["d.id", "d.status"])
    .where("d.id", "=", id)
    .where(ownedBy(accountId))
    .executeTakeFirst();
  if (!d) throw notFoundForCitizen();
  if (d.status !== 5) return undefined;
  const ev = await deps.db
    .selectFrom("dossier_events")
    .select("data")
    .where("dossier_id", "=", id)
    .where("type", "=", "supplement_requested")
    .orderBy("seq", "desc")
    .executeTakeFirst();
  const data = (ev?.data ?? {}) as { items?: unknown; note?: unknown };
  const items = Array.isArray(data.items)
    ? data.items
        .filter((x): x is { content: string; reason?: string } => typeof x?.content === "string")
        .map((x) => ({ content: x.content, reason: typeof x.reason === "string" ? x.reason : "" }))
    : [];
  return { items, note: typeof data.note === "string" && data.note.trim() ? data.note : null };
}
