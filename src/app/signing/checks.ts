/**
 * Verification of the PDFs a dossier holds (issue #7): whatever a citizen uploaded, the national portal sent or an
 * officer attached or signed is checked by src/adapters/signing/verify.ts — the signed bytes intact, the chain to the
 * configured trust list, no certificate expired or revoked (the CA's CRL) — once per file, and the result is stored
 * (file_signature_checks, migration 0048): a file's bytes never change, so neither does the verdict on its integrity.
 * The dossier page shows it to officers.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import { type SignatureCheck, verifyPdfSignatures } from "../../adapters/signing/verify.js";
import type { Deps } from "../deps.js";
import { readStored } from "../file-bytes.js";
import { trustOf } from "./keys.js";
import type { CheckStatus } from "../../domain/signing.js";

export type { CheckStatus };

export interface SignerSummary {
  signer: string | null;
  subject: string | null;
  intact: boolean;
  chain: SignatureCheck["chain"];
  /** The time-stamp's time when valid, else the time the signer claims. */
  signedAt: string | null;
  timestamped: boolean;
}

export interface CheckResult {
  status: CheckStatus;
  signatures: SignerSummary[];
}

/** The overall verdict of a PDF's signatures. */
export function verdict(checks: SignatureCheck[]): CheckStatus {
  if (checks.length === 0) return "unsigned";
  // bytes changed under a signature, or added after the last one: the document is not what was signed
  if (checks.some((c) => !c.intact) || !checks.some((c) => c.coversWholeDocument)) return "tampered";
  if (checks.some((c) => c.chain === "revoked")) return "revoked";
  if (checks.some((c) => c.chain === "expired")) return "expired";
  if (checks.some((c) => c.chain !== "trusted")) return "untrusted";
  return "valid";
}

export async function checkPdf(deps: Pick<Deps, "config">, pdf: Buffer): Promise<CheckResult> {
  const checks = await verifyPdfSignatures(pdf, await trustOf(deps));
  return {
    status: verdict(checks),
    signatures: checks.map((c) => {
      const at = c.timestamp?.valid ? c.timestamp.time : c.claimedTime;
      return {
        signer: c.signer?.commonName ?? null,
        subject: c.signer?.subject ?? null,
        intact: c.intact,
        chain: c.chain,
        signedAt: at ? at.toISOString() : null,
        timestamped: !!c.timestamp?.valid,
      };
    }),
  };
}

/** Stores a file's verdict (the first one stays: a file's bytes never change). */
export async function recordCheck(db: Kysely<Database>, fileId: string, r: CheckResult, at: Date): Promise<void> {
  await db
    .insertInto("file_signature_checks")
    .values({ file_id: fileId, checked_at: at, status: r.status, signatures: JSON.stringify(r.signatures) })
    .onConflict((oc) => oc.column("file_id").doNothing())
    .execute();
}

/** Checks the dossier's stored PDFs that have no verdict yet (files still to be rendered are left for later). */
export async function checkDossierFiles(deps: Deps, dossierId: string): Promise<void> {
  const pending = await deps.db
    .selectFrom("dossier_files as df")
    .innerJoin("files as f", "f.id", "df.file_id")
    .leftJoin("file_signature_checks as k", "k.file_id", "f.id")
    .select(["f.id", "f.storage_key", "f.sha256", "f.size"])
    .where("df.dossier_id", "=", dossierId)
    .where("f.mime", "=", "application/pdf")
    .where("f.storage_key", "is not", null)
    .where("k.file_id", "is", null)
    .execute();
  for (const f of pending) {
    let r: CheckResult;
    try {
      r = await checkPdf(deps, (await readStored(deps, f)).bytes);
    } catch {
      r = { status: "unreadable", signatures: [] };
    }
    await recordCheck(deps.db, f.id, r, deps.now());
  }
}

/** The stored verdicts of these files. */
export async function signatureChecksOf(
  db: Kysely<Database>,
  fileIds: string[],
): Promise<Map<string, { status: CheckStatus; checkedAt: string; signatures: SignerSummary[] }>> {
  if (fileIds.length === 0) return new Map();
  const rows = await db.selectFrom("file_signature_checks").selectAll().where("file_id", "in", fileIds).execute();
  return new Map(
    rows.map((r) => [
      r.file_id,
      {
        status: r.status,
        checkedAt: r.checked_at.toISOString(),
        signatures: r.signatures as unknown as SignerSummary[],
      },
    ]),
  );
}
