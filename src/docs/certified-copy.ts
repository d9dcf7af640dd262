/**
 * The electronic certified copy (bản sao điện tử được chứng thực từ bản chính, Decree 23/2015 and 45/2020): the scan
 * of the original presented at the counter, page by page, then the certification (lời chứng) with its number in the
 * certification book, the date and the certifying officer. A scan received as a PDF is embedded whole in the copy
 * (a PDF attachment named by its SHA-256 in the certification), since its pages cannot be re-drawn here. The copy is
 * then signed like any result document (sign_result), which makes it valid.
 */
import { formatDate } from "../shared/format.js";
import { officialHeading, simpleDocument } from "./result.js";

export interface CertifiedCopyViewModel {
  original: { name: string; mime: string; bytes: Buffer; sha256: string };
  number: string;
  unitName: string;
  officerName: string;
  officerTitle: string | null;
  dossierCode: string;
  issuedAt: Date;
}

export function renderCertifiedCopy(vm: CertifiedCopyViewModel): Promise<Buffer> {
  const { doc, done } = simpleDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 64, right: 56 },
    title: `Bản sao chứng thực ${vm.number}`,
    at: vm.issuedAt,
  });
  const t = (s: string) => s.normalize("NFC");
  const image = vm.original.mime === "image/jpeg" || vm.original.mime === "image/png";
  if (image) {
    // the copy itself: the scan, fitted to the page
    doc.image(vm.original.bytes, 40, 40, { fit: [515, 680], align: "center" });
    doc.addPage();
  } else {
    doc.file(vm.original.bytes, {
      name: t(vm.original.name),
      type: vm.original.mime,
      description: t(`Bản quét bản chính (SHA-256 ${vm.original.sha256})`),
    });
  }
  officialHeading(doc, vm.unitName, "Lời chứng chứng thực bản sao từ bản chính");
  doc.text(t(`Chứng thực bản sao này đúng với bản chính (${vm.original.name}).`), { align: "justify" });
  if (!image)
    doc.text(t(`Bản sao là tệp bản quét đính kèm trong văn bản này, mã băm SHA-256: ${vm.original.sha256}.`), {
      align: "justify",
    });
  doc.text(t(`Số chứng thực: ${vm.number}`));
  doc.text(t(`Hồ sơ: ${vm.dossierCode}`));
  doc.text(t(`Ngày ${formatDate(vm.issuedAt)}`));
  doc.moveDown(2);
  doc.font("B").text(t(vm.officerTitle ?? "Người thực hiện chứng thực"), { align: "right" });
  doc.font("R").text(t(vm.officerName), { align: "right" });
  doc.end();
  return done;
}
