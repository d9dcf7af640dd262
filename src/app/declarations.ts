/**
 * The declaration is the e-form (issue #10 item 7). A dossier component marked `declaration` in the catalogue is the
 * application form itself (tờ khai, đơn, giấy đề nghị): nobody uploads it; when a dossier is created — online or at
 * the counter — it is rendered as a PDF from the e-form data (src/docs/declaration.ts) and attached to the dossier
 * under that component, in the creating transaction, so the officer sees and prints it like any other paper.
 */
import type { Component } from "../domain/catalogue.js";
import { foldVietnamese } from "../domain/text-normalize.js";
import { renderDeclarationPdf } from "../docs/declaration.js";
import type { EForm } from "../shared/eform.js";
import type { Deps } from "./deps.js";
import { storeGeneratedFile } from "./office/files.js";
import { attachFiles } from "./uploads.js";
import type { Tx } from "./office/context.js";

/** The components the applicant does not upload because they are rendered from the e-form. */
export const isDeclaration = (c: Pick<Component, "declaration">): boolean => c.declaration === true;

export interface DeclarationSource {
  dossierId: string;
  reference: string;
  channel: string;
  at: Date;
  procedure: { code: string; name: string; eform: EForm; components: Component[] };
  data: Record<string, unknown>;
  applicantName: string;
  receivingUnitId: string;
}

/** A file name from a component name: "Tờ khai đăng ký khai sinh" → "to-khai-dang-ky-khai-sinh.pdf". */
export function declarationFileName(name: string): string {
  const slug = foldVietnamese(name)
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${slug || "to-khai"}.pdf`;
}

/**
 * Renders every declaration component of the procedure from the dossier's e-form data, stores each PDF (owned by the
 * dossier) and attaches it as that component's file. Returns what was attached, for the creating event.
 */
export async function attachDeclarations(
  deps: Deps,
  trx: Tx,
  src: DeclarationSource,
): Promise<Array<{ fileId: string; componentCode: string; name: string }>> {
  const wanted = src.procedure.components.filter(isDeclaration);
  if (wanted.length === 0) return [];
  const unit = await trx
    .selectFrom("units")
    .select(["name", "address"])
    .where("id", "=", src.receivingUnitId)
    .executeTakeFirstOrThrow();
  const out: Array<{ fileId: string; componentCode: string; name: string }> = [];
  for (const c of wanted) {
    const pdf = await renderDeclarationPdf({
      title: c.name.replace(/\s*\(.*\)\s*$/, ""),
      procedure: { code: src.procedure.code, name: src.procedure.name },
      eform: src.procedure.eform,
      data: src.data,
      applicantName: src.applicantName,
      unit,
      reference: src.reference,
      at: src.at,
      ...(src.channel === "online"
        ? { signatureNote: "đã khai và nộp bằng tài khoản định danh điện tử" }
        : src.channel === "national_portal"
          ? { signatureNote: "đã khai và nộp trên Cổng Dịch vụ công quốc gia" }
          : {}),
    });
    const name = declarationFileName(c.name);
    const fileId = await storeGeneratedFile(deps, trx, pdf, name, src.dossierId);
    await attachFiles(trx, src.dossierId, [{ fileId, componentCode: c.code }], "component", src.at);
    out.push({ fileId, componentCode: c.code, name });
  }
  return out;
}
