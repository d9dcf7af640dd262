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

export function renderResultPdf(vm: ResultViewModel): Promise<Buffer> {
  const fonts = fontsForDocument();
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 64, right: 56 },
    lang: "vi-VN",
    font: fonts.regular as never,
    info: {
      Title: vm.title.normalize("NFC"),
      Creator: "motcua",
      Producer: "motcua",
      CreationDate: vm.issuedAt,
      ModDate: vm.issuedAt,
    },
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
  const t = (s: string) => s.normalize("NFC");
  doc.font("B").fontSize(12).text(t(vm.unitName.toUpperCase()), { align: "left" });
  doc.moveDown(0.2);
  doc.font("B").text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { align: "right" });
  doc.font("R").text("Độc lập - Tự do - Hạnh phúc", { align: "right" });
  doc.moveDown(1.5);
  doc.font("B").fontSize(14).text(t(vm.title.toUpperCase()), { align: "center" });
  doc.moveDown(1);
  doc.font("R").fontSize(13);
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
