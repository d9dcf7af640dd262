/**
 * The declaration is the e-form (issue #10 item 7). A dossier component marked `declaration` in the catalogue is the
 * application form itself (tờ khai, đơn, giấy đề nghị): nobody uploads it; when a dossier is created — online or at
 * the counter — it is rendered as a PDF from the e-form data (src/docs/declaration.ts) and attached to the dossier
 * under that component, in the creating transaction, so the officer sees and prints it like any other paper.
 */
import type { Component } from "../domain/catalogue.js";
import { foldVietnamese } from "../domain/text-normalize.js";
import { renderDocument } from "../docs/render-pool.js";
import type { EForm } from "../shared/eform.js";

/** The components the applicant does not upload because they are rendered from the e-form. */
export const isDeclaration = (c: Pick<Component, "declaration">): boolean => c.declaration === true;

export interface DeclarationSource {
  reference: string;
  channel: string;
  at: Date;
  procedure: { code: string; name: string; eform: EForm; components: Component[] };
  data: Record<string, unknown>;
  applicantName: string;
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
 * Renders every declaration component of the procedure from the dossier's e-form data, off the event loop (the render
 * pool), before the statement that creates the dossier stores and attaches each PDF under its component (owned by the
 * dossier). `unit` is the receiving unit ("Kính gửi").
 */
export async function renderDeclarations(
  src: DeclarationSource & { unit: { name: string; address: string | null } },
): Promise<Array<{ componentCode: string; name: string; pdf: Buffer }>> {
  const wanted = src.procedure.components.filter(isDeclaration);
  return Promise.all(
    wanted.map(async (c) => ({
      componentCode: c.code,
      name: declarationFileName(c.name),
      pdf: await renderDocument({
        kind: "declaration",
        vm: {
          title: c.name.replace(/\s*\(.*\)\s*$/, ""),
          procedure: { code: src.procedure.code, name: src.procedure.name },
          eform: src.procedure.eform,
          data: src.data,
          applicantName: src.applicantName,
          unit: src.unit,
          reference: src.reference,
          at: src.at,
          ...(src.channel === "online"
            ? { signatureNote: "đã khai và nộp bằng tài khoản định danh điện tử" }
            : src.channel === "national_portal"
              ? { signatureNote: "đã khai và nộp trên Cổng Dịch vụ công quốc gia" }
              : {}),
        },
      }),
    })),
  );
}
