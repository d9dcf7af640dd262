/**
 * The declaration is the e-form (issue #10 item 7). A dossier component marked `declaration` in the catalogue is the
 * application form itself (tờ khai, đơn, giấy đề nghị): nobody uploads it; when a dossier is created — online or at
 * the counter — it is rendered as a PDF from the e-form data (src/docs/declaration.ts) and filed under that component
 * of the dossier, so the officer sees and prints it like any other paper. Its file row is written with the dossier;
 * its bytes are rendered at the first read (see `renderDossierDeclaration`).
 */
import type { Component } from "../domain/catalogue.js";
import { foldVietnamese } from "../domain/text-normalize.js";
import type { Kysely } from "kysely";
import type { Database } from "../adapters/db/index.js";
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

/** The rendering job of one declaration component (the render pool's "declaration" document). */
function declarationJob(src: DeclarationSource & { unit: { name: string; address: string | null } }, c: Component) {
  return {
    kind: "declaration" as const,
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
  };
}

/** The declaration components of a procedure, each with the file name its PDF is filed under. */
export function declarationFiles(components: Component[]): Array<{ componentCode: string; name: string }> {
  return components.filter(isDeclaration).map((c) => ({ componentCode: c.code, name: declarationFileName(c.name) }));
}

/**
 * Renders the declaration filed under `componentCode` of a dossier from what the dossier holds: its e-form data, its
 * reference, channel and submission instant, the applicant's name, the pinned version's e-form and components, and
 * the receiving unit ("Kính gửi"). The dossier's row is written with the declaration's file row but not its bytes
 * (the PDF costs tens of milliseconds of CPU, more than the rest of a submission): the bytes are rendered here, off
 * the event loop, at the file's first read (`fileBytes` in ./file-bytes.ts). Everything it reads is fixed when the
 * dossier is created, so the document is the same whenever it is rendered.
 */
export async function renderDossierDeclaration(db: Kysely<Database>, dossierId: string, componentCode: string) {
  const d = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .innerJoin("units as u", "u.id", "d.receiving_unit_id")
    .select([
      "d.reference",
      "d.channel",
      "d.submitted_at",
      "d.data",
      "d.applicant",
      "v.name as procedureName",
      "p.national_code",
      "v.eform",
      "v.components",
      "u.name as unitName",
      "u.address as unitAddress",
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirstOrThrow();
  const component = d.components.find((c) => c.code === componentCode && isDeclaration(c));
  if (!component) throw new Error(`dossier ${dossierId} has no declaration component ${componentCode}`);
  return renderDocument(
    declarationJob(
      {
        reference: d.reference,
        channel: d.channel,
        at: d.submitted_at,
        procedure: { code: d.national_code, name: d.procedureName, eform: d.eform, components: d.components },
        data: d.data,
        applicantName: d.applicant.name,
        unit: { name: d.unitName, address: d.unitAddress },
      },
      component,
    ),
  );
}
