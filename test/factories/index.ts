/**
 * The test factories (issue #11): one module of `build*(overrides)` helpers the API tests build their state with. Each
 * goes through the production write path (use cases, the upload pipeline, createDossier), so tests start from states
 * production creates.
 */
import { randomUUID } from "node:crypto";
import { createDossier } from "../../src/app/dossiers/create.js";
import { type FileOwner, type StoredFile, storeUpload } from "../../src/app/uploads.js";
import type { Role } from "../../src/domain/catalogue.js";
import type { DB } from "../../src/adapters/db/index.js";
import type { TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

/** A minimal PDF (recognised by its content). */
export const PDF_BYTES = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

/** A published test procedure with its receiving centre and competent department. */
export const buildProcedure = (ctx: { deps: { db: DB } }, overrides: Parameters<typeof insertTestProcedure>[1] = {}) =>
  insertTestProcedure(ctx.deps.db, overrides);

/** A logged-in citizen (account and session). */
export const buildCitizen = (
  ctx: TestContext,
  overrides: Parameters<typeof loginAsCitizen>[1] = {},
): Promise<TestCitizen> => loginAsCitizen(ctx, overrides);

/** A logged-in officer of a unit with roles. */
export const buildOfficer = (
  ctx: TestContext,
  overrides: { unitId: string; roles?: Role[]; username?: string; name?: string },
): Promise<TestOfficer> => loginAsOfficer(ctx, { roles: ["receiving"], ...overrides });

/** A stored upload (through the one upload pipeline) owned by a citizen or an officer. */
export const buildUpload = (
  ctx: TestContext,
  owner: FileOwner,
  overrides: { name?: string; bytes?: Buffer } = {},
): Promise<StoredFile> =>
  storeUpload(ctx.deps, owner, { name: overrides.name ?? "to-khai.pdf", bytes: overrides.bytes ?? PDF_BYTES });

/**
 * A dossier submitted online (status 1) by `citizenId`, created by the one write path production uses
 * (createDossier): the row, a stored component file and the "submitted" event with its outbox message.
 */
export async function buildOnlineDossier(
  ctx: TestContext,
  p: TestProcedure,
  overrides: {
    citizenId?: string | null;
    name?: string;
    idNumber?: string;
    at?: Date;
    procedureId?: string;
    versionId?: string;
  } = {},
): Promise<string> {
  const at = overrides.at ?? ctx.deps.now();
  const name = overrides.name ?? "Nguyễn Văn An";
  const idNumber = overrides.idNumber ?? "001090012345";
  // The applicant's upload (an applicant without an account here stands for one of another channel's).
  const file = await buildUpload(ctx, { kind: "citizen", id: overrides.citizenId ?? randomUUID() });
  const version = await ctx.deps.db
    .selectFrom("procedure_versions")
    .select(["id", "procedure_id", "implementing_unit_ids", "competent_unit_id"])
    .where("id", "=", overrides.versionId ?? p.versionId)
    .executeTakeFirstOrThrow();
  const made = await ctx.deps.db.transaction().execute((trx) =>
    createDossier(trx, {
      channel: "online",
      procedure: {
        procedureId: overrides.procedureId ?? version.procedure_id,
        versionId: version.id,
        implementingUnitIds: version.implementing_unit_ids ?? [],
        competentUnitId: version.competent_unit_id,
      },
      receivingUnitId: p.unitId,
      applicantAccountId: overrides.citizenId ?? null,
      applicant: {
        type: "citizen",
        name,
        idNumber,
        address: "12 Trần Phú, phường Ba Đình, Thành phố Hà Nội",
        phone: "0912345678",
        email: "an.nguyen@example.vn",
      },
      data: { fullName: name, idNumber },
      files: [{ fileId: file.id, componentCode: "TK" }],
      returnMethod: "online",
      returnAddress: null,
      event: { actor: { kind: "citizen", id: overrides.citizenId ?? null, name }, data: { channel: "online" } },
      notify: true,
      at,
    }),
  );
  return made.row.id;
}
