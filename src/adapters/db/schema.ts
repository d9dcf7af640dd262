import type { ColumnType, Generated, JSONColumnType } from "kysely";

/** Kysely table types. Keep in step with the migrations in ./migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;
/** A jsonb column with a database default: optional on insert. */
type JsonDefault<T extends object | null> = ColumnType<T, T | string | undefined, T | string>;

export interface UnitsTable {
  id: Generated<string>;
  code: string;
  name: string;
  short_name: string | null;
  kind: "province" | "department" | "centre" | "commune" | "ministry" | "agency";
  level: "province" | "commune" | "ministry";
  parent_id: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** Reception hours when they differ from the working time (migration 0053, src/domain/reception-hours.ts). */
  reception_hours: JsonDefault<import("../../domain/calendar/working-time.js").WorkingPeriod[][] | null>;
  receives_dossiers: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface FieldsTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string | null;
}

export interface ProceduresTable {
  id: Generated<string>;
  national_code: string;
  /** The code the national portal knows it by, when not `national_code` (migration 0020). */
  portal_code: ColumnType<string | null, string | null | undefined, string | null>;
  current_version_id: string | null;
  created_at: GeneratedTimestamp;
  /** Colloquial names and abbreviations people search for (0041). */
  search_words: ColumnType<string[], string | undefined, string>;
}

export interface ProcedureVersionsTable {
  id: Generated<string>;
  procedure_id: string;
  version: number;
  status: "draft" | "published" | "retired";
  name: string;
  field_id: string;
  level: "province" | "commune" | "ministry" | "sector";
  competent_unit_id: string;
  implementing_unit_ids: JsonDefault<string[]>;
  applicant_types: JsonDefault<Array<"citizen" | "business">>;
  description: Generated<string>;
  requirements: Generated<string>;
  time_limit: Json<import("../../domain/catalogue.js").TimeLimit>;
  fees: JsonDefault<import("../../domain/catalogue.js").Fee[]>;
  components: JsonDefault<import("../../domain/catalogue.js").Component[]>;
  result: Json<import("../../domain/catalogue.js").ResultSpec>;
  legal_bases: JsonDefault<import("../../domain/catalogue.js").LegalBasis[]>;
  online_kind: "end_to_end" | "partial" | "none";
  online_reason: string | null;
  eform: Json<import("../../shared/eform.js").EForm>;
  process: Json<import("../../domain/catalogue.js").ProcessSpec>;
  published_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  /** A draft's scheduled publication (migration 0051). */
  publish_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RuleSetsTable {
  code: string;
  name: string;
  effective_from: string;
  rules: Json<import("../../domain/rules.js").RuleSet>;
  created_at: GeneratedTimestamp;
}

export interface CitizensTable {
  id: Generated<string>;
  subject: string;
  kind: Generated<"citizen" | "business">;
  name: string;
  id_number: string | null;
  tax_code: string | null;
  birth_date: string | null;
  gender: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  created_at: GeneratedTimestamp;
  last_login_at: Timestamp | null;
  /** The channels the citizen chose for notifications (migration 0052). */
  notify_channels: JsonDefault<Array<"email" | "sms">>;
}

export interface OfficersTable {
  id: Generated<string>;
  username: string;
  name: string;
  title: string | null;
  email: string | null;
  unit_id: string;
  roles: Json<string[]>;
  password_hash: string;
  totp_secret: string | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  active: Generated<boolean>;
  must_change_password: Generated<boolean>;
  created_at: GeneratedTimestamp;
  /** How the officer signs (0048): their remote-signing credential, a local PKCS#12 key, or null (does not sign). */
  signing_method: ColumnType<
    "remote" | "local" | null,
    "remote" | "local" | null | undefined,
    "remote" | "local" | null
  >;
  /** The officer's account at the remote signing service (default: their username). */
  signing_credential: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: string;
  kind: "citizen" | "officer" | "pending";
  account_id: string | null;
  data: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_seen_at: GeneratedTimestamp;
}

export interface FilesTable {
  id: Generated<string>;
  /** Null while a generated document is not rendered yet (`render` says what to render at its first read). */
  storage_key: ColumnType<string | null, string | null, string | null>;
  sha256: ColumnType<string | null, string | null, string | null>;
  size: ColumnType<number | null, number | null, number | null>;
  /** What to render for a file written before its bytes ("declaration"); null for stored bytes. */
  render: ColumnType<string | null, string | null | undefined, string | null>;
  mime: string;
  name: string;
  owner_kind: string;
  owner_id: string | null;
  created_at: GeneratedTimestamp;
  /** 0050: the warehouse document this file was picked from ("provide once"), and when its bytes were verified. */
  warehouse_document_id: ColumnType<string | null, string | null | undefined, string | null>;
  warehouse_verified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type DossierStatusCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
export type Channel = "online" | "counter" | "postal" | "national_portal";
export type Outcome = "early" | "on_time" | "late";

export interface Applicant {
  type: "citizen" | "business";
  name: string;
  idNumber?: string;
  taxCode?: string;
  birthDate?: string;
  address?: string;
  phone?: string;
  email?: string;
}

export interface DossiersTable {
  id: Generated<string>;
  reference: string;
  code: string | null;
  procedure_id: string;
  procedure_version_id: string;
  rule_set_code: string;
  receiving_unit_id: string;
  status: DossierStatusCode;
  channel: Channel;
  applicant_account_id: string | null;
  applicant: Json<Applicant>;
  data: Json<Record<string, unknown>>;
  return_method: Generated<"counter" | "post" | "online">;
  return_address: string | null;
  sets: Generated<number>;
  submitted_at: Timestamp;
  received_at: Timestamp | null;
  due_at: Timestamp | null;
  original_due_at: Timestamp | null;
  processed_at: Timestamp | null;
  returned_at: Timestamp | null;
  closed_at: Timestamp | null;
  outcome: Outcome | null;
  current_step: number | null;
  current_unit_id: string | null;
  assignee_id: string | null;
  step_due_at: Timestamp | null;
  due_state: Generated<"none" | "ok" | "due_soon" | "overdue">;
  extension_count: Generated<number>;
  supplement_rounds: Generated<number>;
  idempotency_key: string | null;
  /** SHA-256 of the canonical request the dossier was created from (a reused key with another body is refused). */
  idempotency_hash: Generated<string | null>;
  last_event_seq: Generated<number>;
  last_event_hash: string | null;
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** 0002: status to resume after a supplement (5) or a financial obligation (6). */
  status_before: number | null;
  /** 0002: the clock is suspended since (supplement, financial obligation). */
  suspended_at: Timestamp | null;
  /** 0002: working hours left until due_at / step_due_at when the clock was suspended. */
  remaining_hours: number | null;
  step_remaining_hours: number | null;
  /** 0002: entry of the dossier in its receiving unit's log book (form 07), numbered per year. */
  logbook_year: number | null;
  logbook_no: number | null;
}

export interface DossierEventsTable {
  id: Generated<number>;
  dossier_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_kind: "citizen" | "officer" | "system" | "integration";
  actor_id: string | null;
  actor_name: string | null;
  unit_id: string | null;
  ip: string | null;
  from_status: number | null;
  to_status: number | null;
  data: Json<Record<string, unknown>>;
  prev_hash: string | null;
  hash: string;
}

export interface DossierFilesTable {
  dossier_id: string;
  file_id: string;
  component_code: string | null;
  kind: Generated<"component" | "result" | "form" | "supplement" | "other">;
  added_at: GeneratedTimestamp;
}

export interface DossierTasksTable {
  id: Generated<string>;
  dossier_id: string;
  kind: "step" | "consultation" | "interagency";
  step_index: number | null;
  name: string;
  unit_id: string;
  role: string | null;
  assignee_id: string | null;
  lead: Generated<boolean>;
  status: Generated<"open" | "done" | "cancelled">;
  started_at: Timestamp;
  due_at: Timestamp | null;
  finished_at: Timestamp | null;
  outcome: Outcome | null;
  note: string | null;
  created_at: GeneratedTimestamp;
  /** 0002: consultation question/reply, inter-agency task text. */
  data: JsonDefault<Record<string, unknown>>;
  requested_by: string | null;
  finished_by: string | null;
}

/** 0002: a financial obligation (fees, taxes) requested from the applicant (status 6). */
export interface PaymentObligationsTable {
  id: Generated<string>;
  dossier_id: string;
  amount: number;
  description: string;
  status: Generated<"requested" | "paid" | "cancelled">;
  requested_at: Timestamp;
  requested_by: string | null;
  paid_at: Timestamp | null;
  method: "counter" | "post" | "online" | null;
  reference: string | null;
  confirmed_by: string | null;
  /** 0044: the fee lines the amount was computed from (domain/fees.ts FeeLine[]), null when typed by the officer. */
  lines: ColumnType<unknown[] | null, unknown[] | string | null | undefined, unknown[] | string | null>;
  /** 0044: the online payment order that settled it. */
  order_id: Generated<string | null>;
}

/** 0044: one attempt to pay an obligation online through the national payment platform. */
export interface PaymentOrdersTable {
  id: Generated<string>;
  /** The merchant order id sent to the platform. */
  order_no: string;
  obligation_id: string;
  dossier_id: string;
  citizen_id: string | null;
  amount: number;
  currency: Generated<string>;
  description: string;
  status: Generated<"pending" | "paid" | "failed" | "cancelled" | "expired" | "refund_due">;
  platform_ref: string | null;
  payment_url: string | null;
  transaction_id: string | null;
  method: string | null;
  bank_code: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  settled_at: Timestamp | null;
  paid_at: Timestamp | null;
  /** callback | return | expiry | officer */
  settled_by: string | null;
  note: string | null;
  receipt_no: string | null;
  receipt_file_id: string | null;
}

/** 0044: every notice from the payment platform and what was done with it. */
export interface PaymentNoticesTable {
  id: Generated<string>;
  received_at: Timestamp;
  order_no: string | null;
  transaction_id: string | null;
  status: string | null;
  amount: number | null;
  outcome: "applied" | "duplicate" | "ignored" | "refused";
  reason: string | null;
  source: Generated<string>;
  body: unknown;
}

/** 0049: the applicant's postal choice for a dossier (collection of the papers, delivery of the result). */
export interface DossierPostalTable {
  dossier_id: string;
  collect: boolean;
  deliver: boolean;
  receiver: Json<PostalReceiver>;
  service: "EMS" | "BUU_KIEN";
  collect_fee: number | null;
  deliver_fee: number | null;
  estimated_days: number | null;
  chosen_by: string | null;
  chosen_at: Timestamp;
  updated_at: Timestamp;
}

export interface PostalReceiver {
  name: string;
  phone: string;
  street: string;
  provinceCode: string;
  communeCode: string;
  /** Street, commune and province in words. */
  address: string;
}

export type PostalShipmentStatus =
  | "booking"
  | "booked"
  | "picked_up"
  | "in_transit"
  | "delivered"
  | "failed"
  | "returned"
  | "booking_failed";

/** 0049: one booking with the postal service (a pickup of the papers or a delivery of the result). */
export interface PostalShipmentsTable {
  id: Generated<string>;
  dossier_id: string;
  kind: "pickup" | "delivery";
  reference: string;
  status: Generated<PostalShipmentStatus>;
  tracking_number: string | null;
  fee: number | null;
  last_sequence: Generated<number>;
  error: string | null;
  requested_by: string;
  created_at: Timestamp;
  booked_at: Timestamp | null;
  updated_at: Timestamp;
}

/** 0049: every tracking callback of the postal service and what was done with it. */
export interface PostalCallbacksTable {
  id: Generated<string>;
  received_at: Timestamp;
  tracking_number: string | null;
  reference: string | null;
  status: string | null;
  sequence: number | null;
  outcome: "applied" | "duplicate" | "ignored" | "refused";
  reason: string | null;
  body: string;
}

/** 0044: one daily reconciliation run against the platform's settlement file. */
export interface PaymentReconciliationsTable {
  id: Generated<string>;
  day: string;
  run_at: Timestamp;
  settled_count: number;
  local_count: number;
  settled_amount: number;
  local_amount: number;
  mismatches: Json<unknown[]>;
  error: string | null;
}

/** 0002: one issued form (01–05) of a dossier, by the event that issued it. */
export interface DossierFormsTable {
  dossier_id: string;
  form_no: "01" | "02" | "03" | "04" | "05";
  event_seq: number;
  file_id: string;
  issued_at: Timestamp;
}

/** 0002: per-unit log-book numbering (form 07), continuous through the year. */
/** 0015: numbers of the documents that carry one, per unit, year and series (e.g. "HDHS" for form 02). */
export interface DocumentCountersTable {
  unit_id: string;
  year: number;
  series: string;
  last: number;
}

export interface LogbookCountersTable {
  unit_id: string;
  year: number;
  last: number;
}

/** 0002: dossier counts per unit, scope ('r' receiving unit, 'c' current unit) and bucket ('s1'…'s10', 'due_soon', 'overdue'); kept by a trigger. */
/** A view (0030): the sum of a unit's count stripes (dossier_count_stripes), kept by triggers on dossiers. */
export interface DossierCountsTable {
  unit_id: string;
  scope: "r" | "c";
  bucket: string;
  n: number;
}

export interface DraftsTable {
  id: Generated<string>;
  account_id: string;
  procedure_id: string;
  procedure_version_id: string;
  receiving_unit_id: string | null;
  data: Json<Record<string, unknown>>;
  files: Json<Record<string, string[]>>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** 0003: the return method chosen in the draft. */
  return_method: "counter" | "post" | "online" | null;
  return_address: string | null;
}

export interface CodeCountersTable {
  unit_id: string;
  day: string;
  last: number;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  key: string;
  dossier_id: string | null;
  payload: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
  available_at: GeneratedTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
  locked_until: Timestamp | null;
  done_at: Timestamp | null;
  /** Set when the message exhausted its retries (migration 0004). */
  failed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The stored verification of a PDF file's signatures (0048). */
export interface FileSignatureChecksTable {
  file_id: string;
  checked_at: Timestamp;
  status: "valid" | "tampered" | "revoked" | "expired" | "untrusted" | "unsigned" | "unreadable";
  signatures: Json<Record<string, unknown>[]>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actor_kind: string;
  actor_id: string | null;
  unit_id: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  data: Json<Record<string, unknown>>;
}

export interface CalendarDaysTable {
  day: string;
  working: boolean;
  reason: string;
  source: Generated<string>;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

export interface SettingsTable {
  key: string;
  value: Json<Record<string, unknown> | unknown[]>;
  updated_at: GeneratedTimestamp;
}

/** 0025: daily statistics roll-ups (src/domain/measure/statistics.ts). */
export interface StatDailyTable {
  unit_id: string;
  day: string;
  field_id: string;
  procedure_id: string;
  channel: string;
  metric: string;
  bucket: string;
  n: number;
}

/** 0045: the watermark day before which the daily roll-ups are also kept by month. */
export interface StatRollupTable {
  id: number;
  through: string;
  /** Changes whenever the monthly rows change. */
  version: ColumnType<string, string | number | undefined, string | number>;
}

/** 0045: stat_daily summed by month (days before the watermark), without the procedure. */
export interface StatMonthlyTable {
  unit_id: string;
  field_id: string;
  month: string;
  channel: string;
  metric: string;
  bucket: string;
  n: number;
}

/** 0055: stat_monthly summed over the units (the province's roll-ups). */
export interface StatMonthlyProvinceTable {
  field_id: string;
  month: string;
  channel: string;
  metric: string;
  bucket: string;
  n: number;
}

/** 0045: stat_daily summed by month and procedure (days before the watermark), flows and ratings only. */
export interface StatMonthlyProceduresTable {
  procedure_id: string;
  month: string;
  channel: string;
  metric: string;
  n: number;
}

/** 0025: each dossier's statistics state, kept with its history. */
export interface StatDossiersTable {
  dossier_id: string;
  unit_id: string;
  field_id: string;
  procedure_id: string;
  channel: string;
  received: boolean;
  open: boolean;
  due_day: string | null;
  suspended: boolean;
  received_day: string | null;
  closed_day: string | null;
  closed_as: string | null;
}

type Level = "very_satisfied" | "satisfied" | "unsatisfied";
/** 0026: one citizen rating per finished dossier. */
export interface DossierRatingsTable {
  dossier_id: string;
  overall: Level;
  ease: Level | null;
  on_time: Level | null;
  attitude: Level | null;
  reason: string | null;
  via: "portal" | "link" | "kiosk" | "national_portal";
  citizen_id: string | null;
  first_rated_at: Timestamp;
  rated_at: Timestamp;
  changes: Generated<number>;
}

/** 0026: rating links already used (single-use), by their signature. */
export interface RatingLinkUsesTable {
  signature: string;
  dossier_id: string;
  used_at: Timestamp;
}

export interface NationalSyncTable {
  dossier_id: string;
  target_seq: Generated<number>;
  delivered_seq: Generated<number>;
  first_pushed: Generated<boolean>;
  synced_status: number | null;
  first_synced_at: Timestamp | null;
  last_synced_at: Timestamp | null;
  pending_since: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  failures: Generated<number>;
  locked_until: Timestamp | null;
  lock_token: string | null;
}

export interface CatalogueImportsTable {
  id: Generated<string>;
  created_at: GeneratedTimestamp;
  created_by: string | null;
  source_version: string;
  status: "previewed" | "applied" | "superseded";
  diff: Json<Record<string, unknown>>;
  records: Json<unknown[]>;
  applied_at: Timestamp | null;
  applied_by: string | null;
  result: Json<Record<string, unknown>> | null;
}

export interface NationalInboundTable {
  national_id: string;
  dossier_id: string | null;
  state: "accepted" | "refused";
  procedure_code: string | null;
  reason: string | null;
  received_at: GeneratedTimestamp;
  acknowledged_at: Timestamp | null;
  ack_error: string | null;
}

/** 0022: ratings pulled from the national portal (LayDanhGia), by their national id, and what became of each. */
export interface NationalRatingsTable {
  rating_id: string;
  dossier_ref: string;
  dossier_id: string | null;
  state: "recorded" | "kept_first" | "skipped";
  reason: string | null;
  given_at: string;
  pulled_at: GeneratedTimestamp;
}

/** 0023: the Decision 766 facts of a dossier recorded nowhere else (src/app/dossier-facts.ts); null = no data. */
export interface DossierFactsTable {
  dossier_id: string;
  components_digitised: number | null;
  electronic_result: boolean | null;
  payment_required: boolean | null;
  paid_online: boolean | null;
  data_reused: boolean | null;
  population_data_used: boolean | null;
  e_certified_copies: number | null;
  updated_at: Timestamp;
}

/** 0050: a holder's electronic document in the data warehouse (src/app/warehouse.ts). */
export interface WarehouseDocumentsTable {
  id: Generated<string>;
  holder_type: "citizen" | "business";
  holder_id: string;
  source: "result" | "digitised" | "kept";
  kind: string | null;
  title: string;
  file_id: string;
  data: Json<Record<string, unknown> | null>;
  dossier_id: string | null;
  valid_from: Timestamp;
  valid_until: Timestamp | null;
  created_at: Timestamp;
}

/** 0050: one look-up in the population or business database (src/app/registry-lookups.ts). */
export interface RegistryLookupsTable {
  id: Generated<string>;
  registry: "population" | "business";
  subject: string;
  actor_kind: "citizen" | "officer";
  actor_id: string;
  purpose: string;
  outcome: "found" | "not_found" | "failed";
  error: string | null;
  at: Timestamp;
}

/** 0043: petitions and feedback (phản ánh, kiến nghị; src/app/petitions). */
export interface PetitionsTable {
  id: Generated<string>;
  code: string;
  citizen_id: string;
  subject_kind: "regulation" | "procedure" | "officer" | "dossier";
  subject_text: string | null;
  procedure_id: string | null;
  dossier_id: string | null;
  title: string;
  content: string;
  publish_consent: boolean;
  unit_id: string;
  status: "received" | "assigned" | "drafted" | "answered";
  assignee_id: string | null;
  answer: string | null;
  answer_by: string | null;
  approved_by: string | null;
  received_at: Timestamp;
  due_at: Timestamp;
  answered_at: Timestamp | null;
  on_time: boolean | null;
  published_at: Timestamp | null;
  rating: "very_satisfied" | "satisfied" | "unsatisfied" | null;
  rating_reason: string | null;
  rated_at: Timestamp | null;
  search_text: Generated<string>;
  last_event_seq: Generated<number>;
  updated_at: Timestamp;
}

export interface PetitionEventsTable {
  petition_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  unit_id: string | null;
  data: JsonDefault<Record<string, unknown>>;
}

export interface PetitionFilesTable {
  petition_id: string;
  file_id: string;
}

export interface PetitionCountersTable {
  unit_id: string;
  day: string;
  last: number;
}

export interface SmsMessagesTable {
  id: Generated<string>;
  ref: string;
  dossier_id: string | null;
  to_phone: string;
  body: string;
  gateway_id: string | null;
  segments: number | null;
  status: Generated<"sent" | "delivered" | "failed">;
  error: string | null;
  sent_at: GeneratedTimestamp;
  reported_at: Timestamp | null;
}

export interface CatalogueTemplatesTable {
  file: string;
  name: string;
  file_id: string;
  uploaded_by: string | null;
  uploaded_at: GeneratedTimestamp;
}

export interface Database {
  units: UnitsTable;
  fields: FieldsTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  rule_sets: RuleSetsTable;
  citizens: CitizensTable;
  officers: OfficersTable;
  sessions: SessionsTable;
  files: FilesTable;
  dossiers: DossiersTable;
  dossier_events: DossierEventsTable;
  dossier_files: DossierFilesTable;
  dossier_tasks: DossierTasksTable;
  drafts: DraftsTable;
  code_counters: CodeCountersTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  file_signature_checks: FileSignatureChecksTable;
  calendar_days: CalendarDaysTable;
  settings: SettingsTable;
  sms_messages: SmsMessagesTable;
  catalogue_templates: CatalogueTemplatesTable;
  payment_obligations: PaymentObligationsTable;
  payment_orders: PaymentOrdersTable;
  payment_notices: PaymentNoticesTable;
  payment_reconciliations: PaymentReconciliationsTable;
  dossier_postal: DossierPostalTable;
  postal_shipments: PostalShipmentsTable;
  postal_callbacks: PostalCallbacksTable;
  dossier_forms: DossierFormsTable;
  logbook_counters: LogbookCountersTable;
  document_counters: DocumentCountersTable;
  dossier_counts: DossierCountsTable;
  stat_daily: StatDailyTable;
  stat_dossiers: StatDossiersTable;
  stat_rollup: StatRollupTable;
  stat_monthly: StatMonthlyTable;
  stat_monthly_procedures: StatMonthlyProceduresTable;
  stat_monthly_province: StatMonthlyProvinceTable;
  dossier_ratings: DossierRatingsTable;
  rating_link_uses: RatingLinkUsesTable;
  national_sync: NationalSyncTable;
  catalogue_imports: CatalogueImportsTable;
  national_inbound: NationalInboundTable;
  national_ratings: NationalRatingsTable;
  dossier_facts: DossierFactsTable;
  warehouse_documents: WarehouseDocumentsTable;
  registry_lookups: RegistryLookupsTable;
  petitions: PetitionsTable;
  petition_events: PetitionEventsTable;
  petition_files: PetitionFilesTable;
  petition_counters: PetitionCountersTable;
}
