import { uploaded } from "./file-bytes.js";
import { createHash } from "node:crypto";
import type { DB } from "../adapters/db/index.js";
import type { Applicant } from "../adapters/db/schema.js";
import { type Component, receivingUnitIds } from "../domain/catalogue.js";
import { canonicalJson } from "../domain/canonical-json.js";
import { STATUS_NAMES } from "../domain/status.js";
import type { EForm } from "../shared/eform.js";
import { vnToday } from "../shared/eform-validate.js";
import type { LText } from "../shared/text.js";
import type { Deps } from "./deps.js";
import { checkEForm } from "./eform-check.js";
import { AppError, type FieldError, fill } from "./errors.js";
import { isDeclaration } from "./declarations.js";
import { createDossier } from "./dossiers/create.js";
import { discardStaged, limitsOf, type StagedUpload } from "./uploads.js";
import { backingLookups, eformPurpose, heldComponents } from "./registry-lookups.js";
import { warehouseText } from "./warehouse.js";
import { formatDate } from "../shared/format.js";
import { publishedProcedure, type PublishedProcedure } from "./catalogue.js";

/**
 * Online submission (issue #2 §4): one transaction creates the dossier at status 1 (Mới đăng ký) with its channel,
 * pinned procedure version and rule set, validated e-form data, attached files, first history event and the
 * outbox message that notifies the applicant. Retries with the same Idempotency-Key return the same dossier;
 * concurrent duplicates create one (unique (applicant_account_id, idempotency_key)).
 */

const M = {
  procedureNotFound: {
    vi: "Không tìm thấy thủ tục hành chính có mã “{code}”.",
    en: "No administrative procedure has the code “{code}”.",
  },
  notPublished: {
    vi: "Thủ tục “{code}” chưa được công bố hoặc đã ngừng áp dụng nên không thể nộp hồ sơ.",
    en: "The procedure “{code}” is not published (or no longer applies), so no dossier can be submitted for it.",
  },
  notOnline: {
    vi: "Thủ tục “{name}” không hỗ trợ nộp hồ sơ trực tuyến. Vui lòng nộp hồ sơ trực tiếp hoặc qua bưu chính.",
    en: "The procedure “{name}” cannot be submitted online. Please submit at the counter or by post.",
  },
  applicantType: {
    vi: "Thủ tục này dành cho {types}; tài khoản của bạn không thuộc đối tượng nộp hồ sơ.",
    en: "This procedure is for {types}; your account is not an eligible applicant.",
  },
  citizens: { vi: "công dân", en: "citizens" },
  businesses: { vi: "tổ chức, doanh nghiệp", en: "organisations and businesses" },
  invalid: {
    vi: "Hồ sơ chưa hợp lệ, vui lòng kiểm tra các trường được nêu.",
    en: "The dossier is not valid yet: check the fields listed.",
  },
  unitRequired: { vi: "Vui lòng chọn nơi tiếp nhận hồ sơ.", en: "Choose where the dossier is received." },
  unitInvalid: {
    vi: "Nơi tiếp nhận đã chọn không thực hiện thủ tục này.",
    en: "The chosen receiving unit does not carry out this procedure.",
  },
  componentUnknown: {
    vi: "Thủ tục không có thành phần hồ sơ mã “{code}”.",
    en: "The procedure has no dossier component with code “{code}”.",
  },
  componentRequired: {
    vi: "{component}: vui lòng đính kèm ít nhất một tệp.",
    en: "{component}: attach at least one file.",
  },
  fileNotOwn: {
    vi: "{component}: tệp đính kèm không tồn tại hoặc không phải do bạn tải lên.",
    en: "{component}: the attached file does not exist or was not uploaded by you.",
  },
  componentDeclaration: {
    vi: "{component}: được lập tự động từ tờ khai điện tử khi nộp hồ sơ, không tải tệp lên cho thành phần này.",
    en: "{component}: made from the e-form when the dossier is submitted; no file is uploaded for this component.",
  },
  fileElsewhere: {
    vi: "{component}: tệp đính kèm đã thuộc một hồ sơ hoặc một bản nháp khác; mỗi tệp tải lên chỉ dùng cho một hồ sơ.",
    en: "{component}: the attached file already belongs to another dossier or draft; an upload serves one dossier only.",
  },
  fileInOtherDossier: {
    vi: "{component}: tệp “{name}” đã thuộc một hồ sơ khác; mỗi tệp tải lên chỉ thuộc một hồ sơ. Vui lòng tải tệp lên lại.",
    en: "{component}: the file “{name}” already belongs to another dossier; an upload belongs to one dossier only. Upload it again.",
  },
  idempotencyReused: {
    vi: "Khoá chống gửi trùng (Idempotency-Key) này đã được dùng cho một hồ sơ khác với nội dung khác. Hãy dùng khoá mới cho mỗi hồ sơ.",
    en: "This Idempotency-Key was already used for a dossier with a different content. Use a new key for each dossier.",
  },
  fileType: {
    vi: "{component}: tệp “{name}” không đúng loại tệp cho phép của thành phần này.",
    en: "{component}: the file “{name}” is not of a type this component accepts.",
  },
  fileSize: {
    vi: "{component}: tệp “{name}” vượt quá dung lượng cho phép của thành phần này.",
    en: "{component}: the file “{name}” is larger than this component allows.",
  },
  returnAddress: {
    vi: "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.",
    en: "Enter the address for returning the result by post.",
  },
  idempotencyKey: {
    vi: "Khoá chống gửi trùng (Idempotency-Key) không hợp lệ: 8–200 ký tự chữ, số, dấu chấm, gạch ngang, gạch dưới hoặc hai chấm.",
    en: "Invalid Idempotency-Key: 8–200 letters, digits, dots, hyphens, underscores or colons.",
  },
} satisfies Record<string, LText>;

export const submissionText = M;

export interface OnlineProcedure {
  procedureId: string;
  versionId: string;
  version: number;
  code: string;
  name: string;
  onlineKind: "end_to_end" | "partial" | "none";
  onlineReason: string | null;
  applicantTypes: Array<"citizen" | "business">;
  components: Component[];
  eform: EForm;
  competentUnitId: string;
  implementingUnitIds: string[];
  resultElectronic: boolean;
  /** The receiving units, when read with the procedure (from the published catalogue). */
  units?: ReceivingUnit[];
}

export interface ReceivingUnit {
  id: string;
  code: string;
  name: string;
  address: string | null;
}

/**
 * The published version of a procedure, for online submission: unknown → 404, not published → 422,
 * online kind "none" → 422 (unless `allowOffline`, for showing the reason). Read from the in-process published
 * catalogue (`publishedProcedure`, src/app/catalogue.ts: kept per catalogue snapshot, replaced within seconds of a
 * publication or withdrawal on any node, at once on this one), with its receiving units; the database is read only for
 * a code the catalogue does not hold (to tell unknown from not published, or a version published a moment ago).
 */
export async function loadOnlineProcedure(
  deps: Pick<Deps, "db">,
  code: string,
  opts: { allowOffline?: boolean } = {},
): Promise<OnlineProcedure> {
  const p = await publishedProcedure(deps, code);
  const proc = p ? fromPublished(p) : await readOnlineProcedure(deps.db, code);
  if (proc.onlineKind === "none" && !opts.allowOffline) {
    throw new AppError(422, "online_submission_not_allowed", fill(M.notOnline, { name: proc.name }));
  }
  return proc;
}

function fromPublished(p: PublishedProcedure): OnlineProcedure {
  const units = new Map([p.competentUnit, ...p.implementingUnits].filter((u) => !!u).map((u) => [u.id, u]));
  const proc: OnlineProcedure = {
    procedureId: p.procedureId,
    versionId: p.versionId,
    version: p.version,
    code: p.code,
    name: p.name,
    onlineKind: p.onlineKind,
    onlineReason: p.onlineReason,
    applicantTypes: p.applicantTypes?.length ? p.applicantTypes : ["citizen"],
    components: p.components ?? [],
    eform: p.eform ?? { sections: [] },
    competentUnitId: p.competentUnit?.id,
    implementingUnitIds: p.implementingUnitIds ?? [],
    resultElectronic: !!p.result?.electronic,
  };
  proc.units = receivingUnitIds(proc)
    .map((id) => units.get(id))
    .filter((u): u is NonNullable<typeof u> => !!u)
    .map((u) => ({ id: u.id, code: u.code, name: u.name, address: u.address }));
  return proc;
}

async function readOnlineProcedure(db: DB, code: string): Promise<OnlineProcedure> {
  const proc = await db
    .selectFrom("procedures")
    .select(["id", "current_version_id"])
    .where("national_code", "=", code)
    .executeTakeFirst();
  if (!proc) {
    throw new AppError(404, "procedure_not_found", fill(M.procedureNotFound, { code }));
  }
  const v = proc.current_version_id
    ? await db.selectFrom("procedure_versions").selectAll().where("id", "=", proc.current_version_id).executeTakeFirst()
    : undefined;
  if (v?.status !== "published") {
    throw new AppError(422, "procedure_not_published", fill(M.notPublished, { code }));
  }
  return {
    procedureId: proc.id,
    versionId: v.id,
    version: v.version,
    code,
    name: v.name,
    onlineKind: v.online_kind,
    onlineReason: v.online_reason,
    applicantTypes: v.applicant_types?.length ? v.applicant_types : ["citizen"],
    components: v.components ?? [],
    eform: v.eform ?? { sections: [] },
    competentUnitId: v.competent_unit_id,
    implementingUnitIds: v.implementing_unit_ids ?? [],
    resultElectronic: !!v.result?.electronic,
  };
}

/** Refuses (422) an account whose kind (citizen or business) the procedure is not for. */
export function checkApplicantType(proc: OnlineProcedure, kind: "citizen" | "business"): void {
  if (proc.applicantTypes.includes(kind)) return;
  const names = proc.applicantTypes.map((t) => (t === "business" ? M.businesses : M.citizens));
  const types = { vi: names.map((n) => n.vi).join(", "), en: names.map((n) => n.en).join(", ") };
  throw new AppError(422, "applicant_type_not_allowed", fill(M.applicantType, { types }));
}

/** The units that receive dossiers of this procedure (the one rule: receivingUnitIds in src/domain/catalogue.ts). */
export async function receivingUnits(deps: Pick<Deps, "db">, p: OnlineProcedure): Promise<ReceivingUnit[]> {
  if (p.units) return p.units;
  const ids = receivingUnitIds(p);
  const rows = await deps.db
    .selectFrom("units")
    .select(["id", "code", "name", "address"])
    .where("id", "in", ids)
    .execute();
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is NonNullable<typeof r> => !!r);
}

/** The logged-in applicant (a citizens row). */
export interface ApplicantAccount {
  id: string;
  kind: "citizen" | "business";
  name: string;
  id_number: string | null;
  tax_code: string | null;
  birth_date: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface SubmitInput {
  procedureCode: string;
  receivingUnitId?: string;
  data: unknown;
  /** Files uploaded before (POST /api/uploads), by id. */
  files?: Array<{ componentCode: string; fileId: string }>;
  /**
   * Files sent with the submission itself (one multipart request): checked and on their way to the file store
   * (stageUpload); their rows are written with the dossier, or their bytes removed when the submission is refused.
   */
  uploads?: Array<{ componentCode: string; file: StagedUpload }>;
  returnMethod?: "counter" | "post" | "online";
  returnAddress?: string;
  idempotencyKey?: string;
}

export interface SubmittedDossier {
  id: string;
  reference: string;
  status: number;
  statusName: LText;
}

export { newReference } from "./dossiers/create.js";

const IDEMPOTENCY_RE = /^[\w.:-]{8,200}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function present(row: { id: string; reference: string; status: number }): SubmittedDossier {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    statusName: STATUS_NAMES[row.status as keyof typeof STATUS_NAMES],
  };
}

/** The dossier an account already submitted with this Idempotency-Key, if any. */
export async function findByKey(db: DB, accountId: string, key: string) {
  return db
    .selectFrom("dossiers")
    .select(["id", "reference", "status", "idempotency_hash"])
    .where("applicant_account_id", "=", accountId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export function applicantOf(a: ApplicantAccount): Applicant {
  const out: Applicant = { type: a.kind, name: a.name };
  if (a.id_number) out.idNumber = a.id_number;
  if (a.tax_code) out.taxCode = a.tax_code;
  if (a.birth_date) out.birthDate = a.birth_date;
  if (a.address) out.address = a.address;
  if (a.phone) out.phone = a.phone;
  if (a.email) out.email = a.email;
  return out;
}

/**
 * Checks everything about a submission without writing: the procedure, the applicant type, the receiving unit,
 * the e-form data, the files per component and the return method. Throws one 422 with every field error.
 */
export async function checkSubmission(deps: Deps, account: ApplicantAccount, input: SubmitInput) {
  const proc = await loadOnlineProcedure(deps, input.procedureCode);
  checkApplicantType(proc, account.kind);
  const fields: FieldError[] = [];

  // Receiving unit: one of the procedure's implementing units; chosen automatically when there is only one.
  const units = await receivingUnits(deps, proc);
  let unitId = input.receivingUnitId;
  if (!unitId) {
    if (units.length === 1) unitId = units[0].id;
    else fields.push({ path: "receivingUnitId", text: M.unitRequired });
  } else if (!units.some((u) => u.id === unitId)) {
    fields.push({ path: "receivingUnitId", text: M.unitInvalid });
    unitId = undefined;
  }

  // E-form: the same validator the browser runs.
  const today = vnToday(deps.now());
  const { value, errors } = checkEForm(proc.eform, input.data, today, "data");
  fields.push(...errors);

  // Files: every component known, every file the applicant's own (uploaded before) or sent with the submission, and
  // within the component's limits; every required component with at least one file.
  const files = input.files ?? [];
  const uploads = input.uploads ?? [];
  const byComponent = new Map<string, string[]>();
  for (const f of [...files, ...uploads.map((u) => ({ componentCode: u.componentCode, fileId: u.file.id }))]) {
    const list = byComponent.get(f.componentCode) ?? [];
    if (!list.includes(f.fileId)) list.push(f.fileId);
    byComponent.set(f.componentCode, list);
  }
  const ids = [...new Set(files.map((f) => f.fileId).filter((id) => UUID_RE.test(id)))];
  const owned = ids.length
    ? await deps.db
        .selectFrom("files")
        .leftJoin("dossier_files", "dossier_files.file_id", "files.id")
        // a file picked from the data warehouse is only as valid as its document (issue #7)
        .leftJoin("warehouse_documents as w", "w.id", "files.warehouse_document_id")
        .select(["files.id", "files.name", "files.size", "files.mime", "files.sha256", "dossier_files.dossier_id"])
        .select(["w.title as warehouse_title", "w.valid_until as warehouse_valid_until"])
        .where("files.id", "in", ids)
        .where("files.owner_kind", "=", "citizen")
        .where("files.owner_id", "=", account.id)
        .execute()
    : [];
  const ownedById = new Map<
    string,
    {
      id: string;
      name: string;
      size: number;
      mime: string;
      sha256: string;
      dossier_id: string | null;
      warehouse_title?: string | null;
      warehouse_valid_until?: Date | null;
    }
  >(owned.map((f) => [f.id, uploaded(f)]));
  for (const u of uploads) ownedById.set(u.file.id, { ...u.file, dossier_id: null });
  for (const [code, list] of byComponent) {
    const component = proc.components.find((c) => c.code === code);
    if (!component) {
      fields.push({ path: `files.${code}`, text: fill(M.componentUnknown, { code }) });
      continue;
    }
    if (isDeclaration(component)) {
      fields.push({ path: `files.${code}`, text: fill(M.componentDeclaration, { component: component.name }) });
      continue;
    }
    const limits = limitsOf(component);
    for (const id of list) {
      const f = ownedById.get(id);
      if (!f) {
        fields.push({ path: `files.${code}`, text: fill(M.fileNotOwn, { component: component.name }) });
        break;
      }
      if (f.dossier_id) {
        fields.push({
          path: `files.${code}`,
          text: fill(M.fileInOtherDossier, { component: component.name, name: f.name }),
        });
        break;
      }
      if (f.warehouse_valid_until && f.warehouse_valid_until.getTime() <= deps.now().getTime()) {
        fields.push({
          path: `files.${code}`,
          text: fill(warehouseText.expired, {
            title: f.warehouse_title ?? f.name,
            until: formatDate(f.warehouse_valid_until),
          }),
        });
        break;
      }
      if (!limits.accept.includes(f.mime)) {
        fields.push({
          path: `files.${code}`,
          text: fill(M.fileType, { component: component.name, name: f.name }),
        });
        break;
      }
      if (Number(f.size) > limits.maxBytes) {
        fields.push({
          path: `files.${code}`,
          text: fill(M.fileSize, { component: component.name, name: f.name }),
        });
        break;
      }
    }
  }
  // the papers whose data the applicant's look-up in a national database brought are not asked for (issue #7)
  // (asked only of a procedure with such papers: a submission otherwise costs no look-up)
  const registryLookups = proc.components.some((c) => c.heldBy)
    ? await backingLookups(
        deps.db,
        deps.now(),
        { kind: "citizen", id: account.id },
        { population: account.kind === "citizen" ? account.id_number : null, business: account.tax_code },
        eformPurpose(proc.code),
      )
    : [];
  const held = heldComponents(proc.components, registryLookups);
  for (const c of proc.components)
    if (c.required && !isDeclaration(c) && !held.includes(c) && !(byComponent.get(c.code)?.length ?? 0))
      fields.push({ path: `files.${c.code}`, text: fill(M.componentRequired, { component: c.name }) });

  // Return method: online when the result is electronic, else at the counter, unless chosen.
  const returnMethod = input.returnMethod ?? (proc.resultElectronic ? "online" : "counter");
  let returnAddress = input.returnAddress?.trim() || null;
  if (returnMethod === "post") {
    returnAddress = returnAddress ?? account.address;
    if (!returnAddress) fields.push({ path: "returnAddress", text: M.returnAddress });
  } else returnAddress = null;

  if (fields.length) throw new AppError(422, "validation_failed", M.invalid, fields);
  return {
    proc,
    unitId: unitId!,
    data: value,
    files: files
      .filter((f, i) => files.findIndex((g) => g.fileId === f.fileId && g.componentCode === f.componentCode) === i)
      .map((f) => ({ ...f, file: ownedById.get(f.fileId)! })),
    uploads,
    returnMethod,
    returnAddress,
    registryLookups,
  };
}

/**
 * The fingerprint of a submission request, kept with its Idempotency-Key: a replay must carry the same request.
 * Files are compared as a set (their order in the request does not matter).
 */
export function requestHash(input: SubmitInput): string {
  const files = [
    ...(input.files ?? []).map((f) => `${f.componentCode}\u0000${f.fileId}`),
    // a file sent with the request is known by its content (and name): a replay sends the same bytes again
    ...(input.uploads ?? []).map((u) => `${u.componentCode}\u0000sha256:${u.file.sha256}\u0000${u.file.name}`),
  ]
    .sort()
    .filter((f, i, all) => all.indexOf(f) === i);
  const body = {
    procedureCode: input.procedureCode,
    receivingUnitId: input.receivingUnitId ?? null,
    data: input.data ?? null,
    files,
    returnMethod: input.returnMethod ?? null,
    returnAddress: input.returnAddress ?? null,
  };
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/** The answer to a replayed key: the same dossier, unless the key was used for another request (409). */
function replayed(
  row: { id: string; reference: string; status: number; idempotency_hash: string | null },
  hash: string | null,
): { created: false; dossier: SubmittedDossier } {
  if (row.idempotency_hash && hash && row.idempotency_hash !== hash)
    throw new AppError(409, "idempotency_key_reused", M.idempotencyReused, [
      { path: "Idempotency-Key", text: M.idempotencyReused },
    ]);
  return { created: false, dossier: present(row) };
}

/**
 * Submits a dossier online — whether its files were uploaded before (`files`, by id) or come with the submission in
 * one request (`uploads`). Returns `created: false` with the existing dossier when the Idempotency-Key was already
 * used by this account (a retry or a concurrent duplicate). Everything is written by one statement (createDossier),
 * so the dossier, its files, its first event and its outbox messages are committed together or not at all; the bytes
 * of the files sent with it are durable before that statement runs, and removed again when the submission is refused,
 * fails or replays an earlier one (a crash in between leaves bytes no row refers to, which the file store's owner may
 * collect; nothing refers to them).
 */
export async function submitDossier(
  deps: Deps,
  account: ApplicantAccount,
  input: SubmitInput,
  ctx: { ip?: string | null },
): Promise<{ created: boolean; dossier: SubmittedDossier }> {
  let kept = false;
  try {
    const result = await submit(deps, account, input, ctx);
    kept = result.created;
    return result;
  } finally {
    if (!kept && input.uploads?.length)
      await discardStaged(
        deps,
        input.uploads.map((u) => u.file),
      );
  }
}

async function submit(
  deps: Deps,
  account: ApplicantAccount,
  input: SubmitInput,
  ctx: { ip?: string | null },
): Promise<{ created: boolean; dossier: SubmittedDossier }> {
  const key = input.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_RE.test(key))
    throw new AppError(422, "invalid_idempotency_key", M.idempotencyKey, [
      { path: "Idempotency-Key", text: M.idempotencyKey },
    ]);
  const hash = key ? requestHash(input) : null;

  // A replayed key is found by the insert itself (unique per account), not by a look-up first: a retry costs one
  // statement more, a first submission none.
  let checked: Awaited<ReturnType<typeof checkSubmission>>;
  try {
    checked = await checkSubmission(deps, account, input);
  } catch (e) {
    // A request with the same key may have created the dossier already (and taken its files).
    const existing = key && e instanceof AppError ? await findByKey(deps.db, account.id, key) : undefined;
    if (existing) return replayed(existing, hash);
    throw e;
  }
  const now = deps.now();
  // the bytes of the files sent with the submission are durable before the statement that refers to them
  const keys = await Promise.all(checked.uploads.map((u) => u.file.stored));
  const owner = { kind: "citizen" as const, id: account.id };

  try {
    // Outside a transaction: createDossier writes in one statement, which is its own transaction and commit.
    const made = await createDossier(deps.db, {
      channel: "online",
      procedure: checked.proc,
      receivingUnitId: checked.unitId,
      applicantAccountId: account.id,
      applicant: applicantOf(account),
      data: checked.data,
      files: checked.files.map((f) => ({ fileId: f.fileId, componentCode: f.componentCode })),
      newFiles: checked.uploads.map((u, i) => ({ ...u.file, key: keys[i], owner, componentCode: u.componentCode })),
      returnMethod: checked.returnMethod,
      returnAddress: checked.returnAddress,
      idempotency: key && hash ? { key, hash } : undefined,
      event: {
        actor: { kind: "citizen", id: account.id, name: account.name, ip: ctx.ip ?? null },
        data: {
          channel: "online",
          procedureCode: checked.proc.code,
          procedureVersionId: checked.proc.versionId,
          procedureVersion: checked.proc.version,
          receivingUnitId: checked.unitId,
          returnMethod: checked.returnMethod,
          files: [
            ...checked.files.map((f) => ({
              fileId: f.fileId,
              componentCode: f.componentCode,
              name: f.file.name,
              sha256: f.file.sha256,
            })),
            ...checked.uploads.map((u) => ({
              fileId: u.file.id,
              componentCode: u.componentCode,
              name: u.file.name,
              sha256: u.file.sha256,
            })),
          ],
          ...(checked.registryLookups.length ? { registryLookups: checked.registryLookups } : {}),
        },
      },
      declarations: {
        procedure: checked.proc,
        applicantName: account.name,
      },
      notify: true,
      at: now,
    });
    if (!made.created) return replayed(made.row, hash);
    return { created: true, dossier: present(made.row) };
  } catch (e) {
    // A file taken meanwhile by a request with the same key: answer with that request's dossier.
    if (key && e instanceof AppError) {
      const existing = await findByKey(deps.db, account.id, key);
      if (existing) return replayed(existing, hash);
    }
    throw e;
  }
}
