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
import { limitsOf } from "./uploads.js";

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
}

/**
 * The published version of a procedure, for online submission: unknown → 404, not published → 422,
 * online kind "none" → 422 (unless `allowOffline`, for showing the reason).
 */
export async function loadOnlineProcedure(
  db: DB,
  code: string,
  opts: { allowOffline?: boolean } = {},
): Promise<OnlineProcedure> {
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
  if (v.online_kind === "none" && !opts.allowOffline) {
    throw new AppError(422, "online_submission_not_allowed", fill(M.notOnline, { name: v.name }));
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
export async function receivingUnits(db: DB, p: OnlineProcedure) {
  const ids = receivingUnitIds(p);
  const rows = await db.selectFrom("units").select(["id", "code", "name", "address"]).where("id", "in", ids).execute();
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
  files?: Array<{ componentCode: string; fileId: string }>;
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
  const proc = await loadOnlineProcedure(deps.db, input.procedureCode);
  checkApplicantType(proc, account.kind);
  const fields: FieldError[] = [];

  // Receiving unit: one of the procedure's implementing units; chosen automatically when there is only one.
  const units = await receivingUnits(deps.db, proc);
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

  // Files: every component known, every file the applicant's own and within the component's limits,
  // every required component with at least one file.
  const files = input.files ?? [];
  const byComponent = new Map<string, string[]>();
  for (const f of files) {
    const list = byComponent.get(f.componentCode) ?? [];
    if (!list.includes(f.fileId)) list.push(f.fileId);
    byComponent.set(f.componentCode, list);
  }
  const ids = [...new Set(files.map((f) => f.fileId).filter((id) => UUID_RE.test(id)))];
  const owned = ids.length
    ? await deps.db
        .selectFrom("files")
        .leftJoin("dossier_files", "dossier_files.file_id", "files.id")
        .select(["files.id", "files.name", "files.size", "files.mime", "files.sha256", "dossier_files.dossier_id"])
        .where("files.id", "in", ids)
        .where("files.owner_kind", "=", "citizen")
        .where("files.owner_id", "=", account.id)
        .execute()
    : [];
  const ownedById = new Map(owned.map((f) => [f.id, f]));
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
  for (const c of proc.components)
    if (c.required && !isDeclaration(c) && !(byComponent.get(c.code)?.length ?? 0))
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
    returnMethod,
    returnAddress,
  };
}

/**
 * The fingerprint of a submission request, kept with its Idempotency-Key: a replay must carry the same request.
 * Files are compared as a set (their order in the request does not matter).
 */
export function requestHash(input: SubmitInput): string {
  const files = [...(input.files ?? [])]
    .map((f) => `${f.componentCode}\u0000${f.fileId}`)
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

function isUniqueViolation(e: unknown, constraint: RegExp): boolean {
  const err = e as { code?: string; constraint?: string; message?: string; detail?: string };
  return err?.code === "23505" && constraint.test(`${err.constraint ?? ""} ${err.message ?? ""} ${err.detail ?? ""}`);
}

/**
 * Submits a dossier online. Returns `created: false` with the existing dossier when the Idempotency-Key was
 * already used by this account (a retry or a concurrent duplicate).
 */
export async function submitDossier(
  deps: Deps,
  account: ApplicantAccount,
  input: SubmitInput,
  ctx: { ip?: string | null },
): Promise<{ created: boolean; dossier: SubmittedDossier }> {
  const key = input.idempotencyKey;
  const hash = key ? requestHash(input) : null;
  if (key !== undefined && !IDEMPOTENCY_RE.test(key))
    throw new AppError(422, "invalid_idempotency_key", M.idempotencyKey, [
      { path: "Idempotency-Key", text: M.idempotencyKey },
    ]);
  if (key) {
    const existing = await findByKey(deps.db, account.id, key);
    if (existing) return replayed(existing, hash);
  }

  let checked: Awaited<ReturnType<typeof checkSubmission>>;
  try {
    checked = await checkSubmission(deps, account, input);
  } catch (e) {
    // A concurrent request with the same key may have just created the dossier (and taken its files).
    const existing = key && e instanceof AppError ? await findByKey(deps.db, account.id, key) : undefined;
    if (existing) return replayed(existing, hash);
    throw e;
  }
  const now = deps.now();

  for (let attempt = 0; ; attempt++) {
    try {
      const result = await deps.db.transaction().execute(async (trx) => {
        const made = await createDossier(deps, trx, {
          channel: "online",
          procedure: checked.proc,
          receivingUnitId: checked.unitId,
          applicantAccountId: account.id,
          applicant: applicantOf(account),
          data: checked.data,
          files: checked.files.map((f) => ({ fileId: f.fileId, componentCode: f.componentCode })),
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
              files: checked.files.map((f) => ({
                fileId: f.fileId,
                componentCode: f.componentCode,
                name: f.file.name,
                sha256: f.file.sha256,
              })),
            },
          },
          declarations: { procedure: checked.proc, applicantName: account.name },
          notify: true,
          at: now,
        });
        if (!made.created) return { created: false as const, row: made.row };
        await trx
          .deleteFrom("drafts")
          .where("account_id", "=", account.id)
          .where("procedure_id", "=", checked.proc.procedureId)
          .execute();
        return { created: true as const, row: made.row };
      });
      if (!result.created) return replayed(result.row, hash);
      return { created: true, dossier: present(result.row) };
    } catch (e) {
      // 40 random bits: a reference collision is rare; draw again. A key conflict that slipped past ON CONFLICT
      // (another constraint name on some engine) is answered with the winner's dossier.
      if (attempt < 3 && isUniqueViolation(e, /reference/)) continue;
      if (key && (isUniqueViolation(e, /idempotency/) || e instanceof AppError)) {
        const existing = await findByKey(deps.db, account.id, key);
        if (existing) return replayed(existing, hash);
      }
      throw e;
    }
  }
}
