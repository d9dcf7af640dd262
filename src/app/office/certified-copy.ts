/**
 * Electronic certified copies (chứng thực bản sao điện tử từ bản chính, issue #7): the officer holding the step
 * certifies the scan of an original presented at the counter (one of the dossier's component files). The copy is
 * rendered before the action's transaction (src/docs/certified-copy.ts) and stored in it as an unsigned result
 * document; it is then signed with the one signing path, sign_result (src/app/signing/result.ts), and reaches the
 * applicant's data warehouse with the returned result. Each copy issued counts for 766 (e_certified_copies).
 */
import { renderCertifiedCopy } from "../../docs/certified-copy.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { fieldError } from "../errors.js";
import { readStored } from "../file-bytes.js";
import type { Loaded, Tx } from "./context.js";
import type { ActionField } from "./detail.js";

const COPYABLE = ["image/jpeg", "image/png", "application/pdf"];

/** The dossier's component scans that may be certified. */
async function originals(tx: Tx, dossierId: string) {
  return tx
    .selectFrom("dossier_files as df")
    .innerJoin("files as f", "f.id", "df.file_id")
    .select(["f.id", "f.name", "f.mime", "f.storage_key", "f.sha256", "f.size", "df.component_code"])
    .where("df.dossier_id", "=", dossierId)
    .where("df.kind", "in", ["component", "supplement"])
    .where("f.mime", "in", COPYABLE)
    .where("f.storage_key", "is not", null)
    .orderBy("df.added_at")
    .execute();
}

/** The certified copy of one original scan, rendered (before the transaction). */
export async function prepareCertifiedCopy(
  deps: Deps,
  officer: Officer,
  l: Loaded,
  input: { fileId: string; number: string },
  now: Date,
): Promise<{ pdf: Buffer; fromFileId: string; name: string }> {
  const f = (await originals(deps.db, l.d.id)).find((x) => x.id === input.fileId);
  if (!f)
    throw fieldError("body.fileId", {
      vi: "Tệp không phải bản quét (JPEG, PNG hoặc PDF) của một thành phần hồ sơ này.",
      en: "The file is not a scan (JPEG, PNG or PDF) of one of this dossier's components.",
    });
  const stored = await readStored(deps, f);
  const pdf = await renderCertifiedCopy({
    original: { name: f.name, mime: f.mime, bytes: stored.bytes, sha256: stored.sha256 },
    number: input.number,
    unitName: officer.unitName,
    officerName: officer.name,
    officerTitle: officer.title,
    dossierCode: l.d.code ?? l.d.reference,
    issuedAt: now,
  });
  const base = f.name.replace(/\.[a-z0-9]+$/i, "");
  return { pdf, fromFileId: f.id, name: `ban-sao-chung-thuc-${base}.pdf` };
}

/** The fields of the certification form: which scan to certify, and its number in the certification book. */
export async function certifyCopyFields(tx: Tx, l: Loaded): Promise<ActionField[]> {
  const files = await originals(tx, l.d.id);
  return [
    {
      name: "fileId",
      type: "select",
      label: { vi: "Bản quét bản chính cần chứng thực", en: "Scan of the original to certify" },
      required: true,
      options: files.map((f) => ({ value: f.id, label: f.name })),
      hint: {
        vi: "Bản sao được lập thành văn bản kết quả chưa ký; sau đó ký số bằng thao tác “Ký số văn bản kết quả”.",
        en: "The copy becomes an unsigned result document; then sign it with “Sign the result document”.",
      },
    },
    {
      name: "number",
      type: "text",
      label: { vi: "Số chứng thực", en: "Certification number" },
      required: true,
    },
  ];
}
