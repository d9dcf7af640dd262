/** A simple result document (A4): the dossier's identification, the title and the text, in the forms' serif font. */
import PDFDocument from "pdfkit";
import { formatDateTime } from "../shared/format.js";
import { fontsForDocument } from "./fonts.js";

export interface ResultViewModel {
  title: string;
  content: string;
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  unitName: string;
  officerName: string;
  issuedAt: Date;
}

/**
 * A one-off document in the forms' serif font (fonts "R", "B", "I" registered), and the promise of its bytes once
 * `doc.end()` is called. Shared by the result document and the payment receipt (src/docs/payment-receipt.ts).
 */
export function simpleDocument(o: {
  size: "A4" | "A5";
  margins: { top: number; bottom: number; left: number; right: number };
  title: string;
  at: Date;
}): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const fonts = fontsForDocument();
  const doc = new PDFDocument({
    size: o.size,
    margins: o.margins,
    lang: "vi-VN",
    font: fonts.regular as never,
    info: { Title: o.title.normalize("NFC"), Creator: "motcua", Producer: "motcua", CreationDate: o.at, ModDate: o.at },
  });
  doc.registerFont("R", fonts.regular as never);
  doc.registerFont("B", fonts.bold as never);
  doc.registerFont("I", fonts.italic as never);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}

/**
 * The heading of an official document: the issuing unit on the left, the national motto on the right, the title
 * centred; leaves the text font (regular, 13 pt) set for the body.
 */
export function officialHeading(doc: PDFKit.PDFDocument, unitName: string, title: string): void {
  const t = (s: string) => s.normalize("NFC");
  doc.font("B").fontSize(12).text(t(unitName.toUpperCase()), { align: "left" });
  doc.moveDown(0.2);
  doc.font("B").text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { align: "right" });
  doc.font("R").text("Độc lập - Tự do - Hạnh phúc", { align: "right" });
  doc.moveDown(1.5);
  doc.font("B").fontSize(14).text(t(title.toUpperCase()), { align: "center" });
  doc.moveDown(1);
  doc.font("R").fontSize(13);
}

export function renderResultPdf(vm: ResultViewModel): Promise<Buffer> {
  const { doc, done } = simpleDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 64, right: 56 },
    title: vm.title,
    at: vm.issuedAt,
  });
  const t = (s: string) => s.normalize("NFC");
  officialHeading(doc, vm.unitName, vm.title);
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
