/**
 * Files of the office: generated documents (result PDFs, forms) and authorised reads with an audit record. Uploads
 * (scans at the counter, results, supplements) go through the one upload pipeline, src/app/uploads.ts.
 */
import PDFDocument from "pdfkit";
import { formFonts } from "../../docs/fonts.js";
import { formatDateTime } from "../../shared/format.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { canSee, loadDossier, type Tx } from "./context.js";
import { AppError, DOSSIER_NOT_FOUND } from "./errors.js";

import type { StoredFile } from "../uploads.js";

export type { StoredFile };
export { storeUpload } from "../uploads.js";

/** Stores a generated PDF owned by the dossier, in the caller's transaction. */
export async function storeGeneratedFile(
  deps: Deps,
  tx: Tx,
  bytes: Buffer,
  name: string,
  dossierId: string,
): Promise<string> {
  const put = await deps.files.put(bytes);
  const row = await tx
    .insertInto("files")
    .values({
      storage_key: put.key,
      sha256: put.sha256,
      size: put.size,
      mime: "application/pdf",
      name,
      owner_kind: "dossier",
      owner_id: dossierId,
      created_at: deps.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A simple result document (A4) with the dossier's identification, the title and the text. */
export async function renderResultPdf(vm: {
  title: string;
  content: string;
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  unitName: string;
  officerName: string;
  issuedAt: Date;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 64, right: 56 },
    lang: "vi-VN",
    info: {
      Title: vm.title.normalize("NFC"),
      Creator: "motcua",
      Producer: "motcua",
      CreationDate: vm.issuedAt,
      ModDate: vm.issuedAt,
    },
  });
  const fonts = formFonts();
  doc.registerFont("R", fonts.regular);
  doc.registerFont("B", fonts.bold);
  doc.registerFont("I", fonts.italic);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const t = (s: string) => s.normalize("NFC");
  doc.font("B").fontSize(10).text(t(vm.unitName.toUpperCase()), { align: "left" });
  doc.moveDown(0.2);
  doc.font("B").text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { align: "right" });
  doc.font("R").text("Độc lập - Tự do - Hạnh phúc", { align: "right" });
  doc.moveDown(1.5);
  doc.font("B").fontSize(14).text(t(vm.title.toUpperCase()), { align: "center" });
  doc.moveDown(1);
  doc.font("R").fontSize(11);
  doc.text(t(`Mã hồ sơ: ${vm.dossierCode}`));
  doc.text(t(`Thủ tục: ${vm.procedureName}`));
  doc.text(t(`Người yêu cầu: ${vm.applicantName}`));
  doc.moveDown(1);
  doc.text(t(vm.content), { align: "justify" });
  doc.moveDown(2);
  doc.font("I").text(t(`Ban hành lúc ${formatDateTime(vm.issuedAt)}`), { align: "right" });
  doc.font("B").text(t(vm.officerName), { align: "right" });
  doc.end();
  return done;
}

/**
 * Reads a file for an officer: files of a dossier they may see, or their own uploads. Writes an audit record.
 * Throws 404 otherwise (other units' files do not exist for them).
 */
export async function readFileForOfficer(
  deps: Deps,
  officer: Officer,
  fileId: string,
  meta: { ip?: string | null } = {},
): Promise<{ file: StoredFile; bytes: Buffer }> {
  const notFound = () => new AppError(404, "file_not_found", { vi: "Không tìm thấy tệp.", en: "File not found." });
  if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw notFound();
  const f = await deps.db.selectFrom("files").selectAll().where("id", "=", fileId).executeTakeFirst();
  if (!f) throw notFound();
  let dossierId: string | null = null;
  const own = f.owner_kind === "officer" && f.owner_id === officer.id;
  if (!own) {
    const links = await deps.db
      .selectFrom("dossier_files")
      .select("dossier_id")
      .where("file_id", "=", fileId)
      .execute();
    for (const link of links) {
      const l = await loadDossier(deps.db, link.dossier_id);
      if (l && canSee(officer, l)) {
        dossierId = link.dossier_id;
        break;
      }
    }
    if (!dossierId) throw notFound();
  }
  const bytes = await deps.files.get(f.storage_key);
  await deps.db
    .insertInto("audit_log")
    .values({
      at: deps.now(),
      actor_kind: "officer",
      actor_id: officer.id,
      unit_id: officer.unitId,
      action: "file.download",
      target: fileId,
      ip: meta.ip ?? null,
      data: JSON.stringify({ dossierId, name: f.name }),
    })
    .execute();
  return { file: { id: f.id, name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 }, bytes };
}

export { DOSSIER_NOT_FOUND };
