/**
 * Signing a dossier's result document (issue #7): the leader holding the approval step signs the result PDF as PAdES
 * B-T with a visible block (name, title, unit, time), remotely (CSC API, their OTP) or with a local key; then the
 * unit's seal (organisation certificate) is applied when the procedure's result is electronic. Everything that talks
 * to the signing service happens here, before the action's transaction: if the service is down, refuses the OTP or
 * the certificate is revoked, the action fails and nothing is stored; the signed PDF is then stored in the
 * transaction as the dossier's result (sign_result in src/app/office/actions.ts).
 */
import { signPdf } from "../../adapters/signing/pades.js";
import { SIGNING_METHOD_NAMES } from "../../domain/signing.js";
import { formatDateTime } from "../../shared/format.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { fieldError } from "../errors.js";
import { readStored } from "../file-bytes.js";
import type { Loaded, Tx } from "../office/context.js";
import { AppError } from "../office/errors.js";
import { type CheckResult, checkPdf } from "./checks.js";
import type { ActionField } from "../office/detail.js";
import { firstPageSize } from "./seal.js";
import { CERTIFICATE_REVOKED, officerSigningKey, signingFailure, timeStamperOf, unitSealKey } from "./keys.js";

/** Where the blocks go on the first page (PDF points from the bottom left), right-aligned above the bottom margin. */
function blockRects(pdf: Buffer) {
  const { width } = firstPageSize(pdf);
  const right = width - 24;
  const left = Math.max(24, right - 220);
  return {
    signer: [left, 40, right, 96] as [number, number, number, number],
    seal: [left, 100, right, 132] as [number, number, number, number],
  };
}

export interface SignedResult {
  fromFileId: string;
  name: string;
  pdf: Buffer;
  check: CheckResult;
  sealed: boolean;
  method: "remote" | "local";
}

/** The dossier's result PDFs that carry no valid signature yet (what may be signed). */
export async function unsignedResults(tx: Tx, dossierId: string) {
  return tx
    .selectFrom("dossier_files as df")
    .innerJoin("files as f", "f.id", "df.file_id")
    .leftJoin("file_signature_checks as k", "k.file_id", "f.id")
    .select(["f.id", "f.name", "f.storage_key", "f.sha256", "f.size"])
    .where("df.dossier_id", "=", dossierId)
    .where("df.kind", "=", "result")
    .where("f.mime", "=", "application/pdf")
    .where((eb) => eb.or([eb("k.status", "is", null), eb("k.status", "!=", "valid")]))
    .orderBy("df.added_at")
    .execute();
}

/** The signer's method as stored (null: the officer has no signature). */
export async function signerOf(tx: Tx, officerId: string) {
  return tx
    .selectFrom("officers")
    .select(["username", "signing_method", "signing_credential"])
    .where("id", "=", officerId)
    .executeTakeFirstOrThrow();
}

export async function signResultDocument(
  deps: Deps,
  officer: Officer,
  l: Loaded,
  input: { fileId: string; otp?: string },
  now: Date,
): Promise<SignedResult> {
  const file = (await unsignedResults(deps.db, l.d.id)).find((f) => f.id === input.fileId);
  if (!file)
    throw fieldError("body.fileId", {
      vi: "Tệp không phải văn bản kết quả (PDF) chưa ký của hồ sơ này.",
      en: "The file is not an unsigned result document (PDF) of this dossier.",
    });
  const signer = await signerOf(deps.db, officer.id);
  const key = await officerSigningKey(deps, signer, input.otp);
  const needsSeal = l.version.result.electronic;
  const seal = needsSeal ? await unitSealKey(deps, officer.unitCode) : undefined;
  if (needsSeal && !seal)
    throw new AppError(409, "no_unit_seal", {
      vi: `Kết quả điện tử cần con dấu số của đơn vị nhưng kho khóa chưa có chứng thư số của "${officer.unitName}"; đề nghị quản trị viên cấp.`,
      en: `The electronic result needs the unit's digital seal but the key store has no certificate for "${officer.unitName}"; ask an administrator.`,
    });
  const original = (await readStored(deps, file)).bytes;
  const rects = blockRects(original);
  const when = formatDateTime(now);
  const code = l.d.code ?? l.d.reference;
  const timeStamp = timeStamperOf(deps);
  let pdf: Buffer;
  try {
    pdf = await signPdf(original, {
      key,
      timeStamp,
      name: officer.name,
      reason: `Phê duyệt kết quả giải quyết hồ sơ ${code}`,
      location: officer.unitName,
      signingTime: now,
      widgetRect: rects.signer,
      appearance: [
        `Ký bởi: ${officer.name}`,
        ...(officer.title ? [`Chức vụ: ${officer.title}`] : []),
        `Đơn vị: ${officer.unitName}`,
        `Thời gian ký: ${when}`,
      ],
    });
    if (seal)
      pdf = await signPdf(pdf, {
        key: seal,
        timeStamp,
        name: officer.unitName,
        reason: `Đóng dấu kết quả giải quyết hồ sơ ${code}`,
        location: officer.unitName,
        signingTime: now,
        widgetRect: rects.seal,
        appearance: [`Con dấu: ${officer.unitName}`, `Thời gian: ${when}`],
      });
  } catch (e) {
    throw signingFailure(e);
  }
  // what was produced is verified before it is kept: a key whose certificate the CA has revoked signs nothing
  const check = await checkPdf(deps, pdf);
  if (check.status === "revoked") throw CERTIFICATE_REVOKED();
  if (check.status !== "valid" && check.status !== "untrusted")
    throw new AppError(409, "signature_invalid", {
      vi: "Chữ ký số vừa tạo không hợp lệ (chứng thư hết hạn hoặc văn bản lỗi); văn bản chưa được ký.",
      en: "The signature just made does not verify (expired certificate or a damaged document); nothing was signed.",
    });
  const name = file.name.replace(/(\.pdf)?$/i, "").replace(/-da-ky$/, "");
  return {
    fromFileId: file.id,
    name: `${name}-da-ky.pdf`,
    pdf,
    check,
    sealed: !!seal,
    method: signer.signing_method === "local" ? "local" : "remote",
  };
}

/** The fields of the signing form: which result to sign and, for a remote signer, the OTP of their signing app. */
export async function signResultFields(tx: Tx, l: Loaded, officer: Officer): Promise<ActionField[]> {
  const [files, signer] = await Promise.all([unsignedResults(tx, l.d.id), signerOf(tx, officer.id)]);
  const method = signer.signing_method ?? "none";
  const fields: ActionField[] = [
    {
      name: "fileId",
      type: "select",
      label: { vi: "Văn bản kết quả cần ký", en: "Result document to sign" },
      required: true,
      options: files.map((f) => ({ value: f.id, label: f.name })),
      hint: {
        vi: `Phương thức ký của bạn: ${SIGNING_METHOD_NAMES[method].vi}.${l.version.result.electronic ? " Con dấu số của đơn vị được đóng sau chữ ký." : ""}`,
        en: `Your signing method: ${SIGNING_METHOD_NAMES[method].en}.${l.version.result.electronic ? " The unit's digital seal is applied after your signature." : ""}`,
      },
    },
  ];
  if (method === "remote")
    fields.push({
      name: "otp",
      type: "text",
      label: { vi: "Mã OTP ký số", en: "Signing OTP" },
      required: true,
      hint: {
        vi: "Mã 6 chữ số trên ứng dụng ký số từ xa của bạn.",
        en: "The 6-digit code of your remote signing app.",
      },
    });
  return fields;
}
