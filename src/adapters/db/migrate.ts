import { type Migration, type MigrationProvider, Migrator } from "kysely";
import type { DB } from "./index.js";
import * as m0001 from "./migrations/0001_foundation.js";
import * as m0002 from "./migrations/0002_office.js";
import * as m0003 from "./migrations/0003_submission.js";
import * as m0004 from "./migrations/0004_outbox_failed.js";
import * as m0005 from "./migrations/0005_calendar_notices.js";
import * as m0006 from "./migrations/0006_queue_indexes.js";
import * as m0007 from "./migrations/0007_one_file_one_dossier.js";
import * as m0015 from "./migrations/0015_document_numbers.js";
import * as m0017 from "./migrations/0017_applicant_identity.js";
import * as m0020 from "./migrations/0020_national_sync.js";
import * as m0021 from "./migrations/0021_national_catalogue_inbound.js";
import * as m0022 from "./migrations/0022_national_ratings.js";
import * as m0023 from "./migrations/0023_dossier_facts.js";
import * as m0025 from "./migrations/0025_statistics.js";
import * as m0026 from "./migrations/0026_ratings.js";
import * as m0030 from "./migrations/0030_dossier_count_stripes.js";
import * as m0040 from "./migrations/0040_officer_admin.js";
import * as m0041 from "./migrations/0041_search_words.js";
import * as m0042 from "./migrations/0042_outbox_claim_index.js";
import * as m0043 from "./migrations/0043_petitions.js";
import * as m0044 from "./migrations/0044_payments.js";
import * as m0045 from "./migrations/0045_report_aggregates.js";
import * as m0046 from "./migrations/0046_files_rendered_on_read.js";
import * as m0047 from "./migrations/0047_outbox_autovacuum.js";
import * as m0048 from "./migrations/0048_signatures.js";
import * as m0049 from "./migrations/0049_postal.js";
import * as m0050 from "./migrations/0050_data_warehouse.js";
import * as m0051 from "./migrations/0051_procedure_drafts.js";
import * as m0052 from "./migrations/0052_sms_notifications.js";
import * as m0053 from "./migrations/0053_unit_reception_hours.js";
import * as m0054 from "./migrations/0054_catalogue_templates.js";
import * as m0055 from "./migrations/0055_province_rollups.js";
import * as m0056 from "./migrations/0056_overdue_index.js";

/** Versioned migrations, in order. Add new files as NNNN_name.ts and list them here. */
const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_office": m0002,
  "0003_submission": m0003,
  "0004_outbox_failed": m0004,
  "0005_calendar_notices": m0005,
  "0006_queue_indexes": m0006,
  "0007_one_file_one_dossier": m0007,
  "0015_document_numbers": m0015,
  "0017_applicant_identity": m0017,
  "0020_national_sync": m0020,
  "0021_national_catalogue_inbound": m0021,
  "0022_national_ratings": m0022,
  "0023_dossier_facts": m0023,
  "0025_statistics": m0025,
  "0026_ratings": m0026,
  "0030_dossier_count_stripes": m0030,
  "0040_officer_admin": m0040,
  "0041_search_words": m0041,
  "0042_outbox_claim_index": m0042,
  "0043_petitions": m0043,
  "0044_payments": m0044,
  "0045_report_aggregates": m0045,
  "0046_files_rendered_on_read": m0046,
  "0047_outbox_autovacuum": m0047,
  "0048_signatures": m0048,
  "0049_postal": m0049,
  "0050_data_warehouse": m0050,
  "0051_procedure_drafts": m0051,
  "0052_sms_notifications": m0052,
  "0053_unit_reception_hours": m0053,
  "0054_catalogue_templates": m0054,
  "0055_province_rollups": m0055,
  "0056_overdue_index": m0056,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: DB): Promise<string[]> {
  // Numbers are reserved per feature in advance, so a later-numbered migration may land first: apply any missing one.
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
