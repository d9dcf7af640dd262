import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../adapters/db/index.js";

type Tx = Transaction<Database> | Kysely<Database>;

/**
 * The statements about a dossier's files and history that several use cases repeated (the office detail, the
 * applicant's dossier, the received papers, form 01), kept in one place. Only what is shared is here: a use case with
 * a statement of its own keeps it next to its rule (issue #11, "a thin repository where the same statements are
 * repeated").
 */

/** The files of a dossier (components, supplements, results, forms), in the order they were added. */
export function dossierFiles(tx: Tx, dossierId: string) {
  return (
    tx
      .selectFrom("dossier_files as df")
      .innerJoin("files as f", "f.id", "df.file_id")
      // a file picked from the applicant's data warehouse says which document it came from (issue #7)
      .leftJoin("warehouse_documents as w", "w.id", "f.warehouse_document_id")
      .select(["f.id", "f.name", "f.mime", "f.size", "f.sha256", "df.kind", "df.component_code", "df.added_at"])
      .select(["w.id as warehouse_id", "w.title as warehouse_title", "f.warehouse_verified_at"])
      .where("df.dossier_id", "=", dossierId)
      // Files attached at one instant come in the order they were attached (the components' order in the request).
      .orderBy("df.added_at")
      .orderBy(sql`df.ctid`)
      .execute()
  );
}

/** How many files of each component a dossier holds (those submitted or scanned, and those added as supplements). */
export async function componentFileCounts(tx: Tx, dossierId: string): Promise<Map<string, number>> {
  const files = await tx
    .selectFrom("dossier_files")
    .select(["component_code"])
    .where("dossier_id", "=", dossierId)
    .where("kind", "in", ["component", "supplement"])
    .execute();
  const count = new Map<string, number>();
  for (const f of files) if (f.component_code) count.set(f.component_code, (count.get(f.component_code) ?? 0) + 1);
  return count;
}

/** The history of a dossier, in order. */
export function dossierEvents(tx: Tx, dossierId: string) {
  return tx.selectFrom("dossier_events").selectAll().where("dossier_id", "=", dossierId).orderBy("seq").execute();
}
