/**
 * Loading a dossier with what the office rules need: its pinned procedure version and rule set, its tasks, its
 * units; who may see it; and the pure lifecycle state built from it.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import type { DossiersTable, DossierTasksTable } from "../../adapters/db/schema.js";
import { apologyTiming, supplementAllowance } from "../../domain/calendar/clock.js";
import type { WorkingCalendar } from "../../domain/calendar/working-time.js";
import type { ProcessSpec, ProcessStep, Role, TimeLimit } from "../../domain/catalogue.js";
import { effectiveProcess, type LifecycleState, returnStepIndex } from "../../domain/lifecycle.js";
import { DEFAULT_RULES, type RuleSet } from "../../domain/rules.js";
import type { StatusCode } from "../../domain/status.js";
import type { Officer } from "../actors.js";
import { AppError, DOSSIER_NOT_FOUND, isUuid } from "./errors.js";

export type Tx = Transaction<Database> | Kysely<Database>;
export type DossierRow = Selectable<DossiersTable>;
export type TaskRow = Selectable<DossierTasksTable>;

export interface UnitInfo {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface VersionInfo {
  id: string;
  name: string;
  procedureCode: string;
  competentUnitId: string;
  timeLimit: TimeLimit;
  process: ProcessSpec;
  components: import("../../domain/catalogue.js").Component[];
  legalBases: import("../../domain/catalogue.js").LegalBasis[];
  fees: import("../../domain/catalogue.js").Fee[];
  result: import("../../domain/catalogue.js").ResultSpec;
}

export interface Loaded {
  d: DossierRow;
  version: VersionInfo;
  rules: RuleSet;
  tasks: TaskRow[];
  hasResult: boolean;
  /** A result PDF without a valid signature yet (see sign_result). */
  unsignedResult: boolean;
  pendingPayment: { id: string; amount: number; description: string } | undefined;
}

export async function loadVersion(tx: Tx, versionId: string, hoursPerDay = 8): Promise<VersionInfo> {
  const v = await tx
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select([
      "v.id",
      "v.name",
      "p.national_code",
      "v.competent_unit_id",
      "v.time_limit",
      "v.process",
      "v.components",
      "v.legal_bases",
      "v.fees",
      "v.result",
    ])
    .where("v.id", "=", versionId)
    .executeTakeFirstOrThrow();
  return {
    id: v.id,
    name: v.name,
    procedureCode: v.national_code,
    competentUnitId: v.competent_unit_id,
    timeLimit: v.time_limit,
    process: effectiveProcess(v.process, v.time_limit, hoursPerDay),
    components: v.components ?? [],
    legalBases: v.legal_bases ?? [],
    fees: v.fees ?? [],
    result: v.result,
  };
}

export async function loadRules(tx: Tx, code: string): Promise<RuleSet> {
  const row = await tx.selectFrom("rule_sets").select("rules").where("code", "=", code).executeTakeFirst();
  return { ...DEFAULT_RULES, ...(row?.rules ?? {}) };
}

/**
 * Loads a dossier and its context. With `lock`, the dossier row is locked (`select … for no key update`) for the rest of
 * the transaction, so concurrent actions on one dossier run one after the other.
 */
export async function loadDossier(
  tx: Tx,
  id: string,
  opts: { lock?: boolean; hoursPerDay?: number } = {},
): Promise<Loaded | undefined> {
  if (!isUuid(id)) return undefined;
  let q = tx.selectFrom("dossiers").selectAll().where("id", "=", id);
  // "for no key update": the row is never re-keyed, and this lock does not wait on (or make skip) the key-share
  // locks that inserts of its events, tasks and files take through their foreign keys
  if (opts.lock) q = q.forNoKeyUpdate();
  const d = await q.executeTakeFirst();
  if (!d) return undefined;
  const [version, rules, tasks, result, payment] = await Promise.all([
    loadVersion(tx, d.procedure_version_id, opts.hoursPerDay),
    loadRules(tx, d.rule_set_code),
    tx
      .selectFrom("dossier_tasks")
      .selectAll()
      .where("dossier_id", "=", id)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    tx
      .selectFrom("dossier_files as df")
      .innerJoin("files as f", "f.id", "df.file_id")
      .leftJoin("file_signature_checks as k", "k.file_id", "df.file_id")
      .select(["df.file_id", "f.mime", "k.status"])
      .where("df.dossier_id", "=", id)
      .where("df.kind", "=", "result")
      .execute(),
    tx
      .selectFrom("payment_obligations")
      .select(["id", "amount", "description"])
      .where("dossier_id", "=", id)
      .where("status", "=", "requested")
      .executeTakeFirst(),
  ]);
  tasks.sort(
    (a, b) => a.created_at.getTime() - b.created_at.getTime() || a.started_at.getTime() - b.started_at.getTime(),
  );
  return {
    d,
    version,
    rules,
    tasks,
    hasResult: result.length > 0,
    unsignedResult: result.some((r) => r.mime === "application/pdf" && r.status !== "valid"),
    pendingPayment: payment,
  };
}

/** Can this officer see the dossier? Its receiving unit, the unit holding it now, or a unit with an open task on it. */
export function canSee(officer: Pick<Officer, "unitId">, l: Pick<Loaded, "d" | "tasks">): boolean {
  return (
    l.d.receiving_unit_id === officer.unitId ||
    l.d.current_unit_id === officer.unitId ||
    l.tasks.some((t) => t.status === "open" && t.unit_id === officer.unitId)
  );
}

/** Loads a dossier the officer may see, or throws 404 (dossiers of other units do not exist for them). */
export async function loadVisible(
  tx: Tx,
  officer: Officer,
  id: string,
  opts: { lock?: boolean; hoursPerDay?: number } = {},
): Promise<Loaded> {
  const l = await loadDossier(tx, id, opts);
  if (!l || !canSee(officer, l)) throw DOSSIER_NOT_FOUND();
  return l;
}

export const openStepTask = (tasks: TaskRow[]) => tasks.find((t) => t.kind === "step" && t.status === "open");

/** The unit that runs a process step of this dossier. */
export async function stepUnitId(tx: Tx, step: ProcessStep, d: DossierRow, version: VersionInfo): Promise<string> {
  if (step.unit === "receiving") return d.receiving_unit_id;
  if (step.unit === "competent") return version.competentUnitId;
  const u = await tx.selectFrom("units").select("id").where("code", "=", step.unit.code).executeTakeFirst();
  if (!u)
    throw new AppError(409, "process_unit_missing", {
      vi: `Quy trình nội bộ nêu đơn vị ${step.unit.code} nhưng đơn vị này không có trong hệ thống.`,
      en: `The internal process names unit ${step.unit.code}, which does not exist.`,
    });
  return u.id;
}

function lateApologyRefused(l: Loaded, cal: WorkingCalendar, now: Date): { latestAt: Date } | null {
  if (l.rules.lateApology !== "refuse" || !l.d.due_at) return null;
  const t = apologyTiming(cal, now, l.d.due_at, l.rules);
  return t.inTime ? null : { latestAt: t.latestAt };
}

/** The pure lifecycle state of a loaded dossier at `now`. */
export function lifecycleState(l: Loaded, cal: WorkingCalendar, now: Date): LifecycleState {
  const { d } = l;
  const open = openStepTask(l.tasks);
  const process = l.version.process;
  const step = open && open.step_index !== null ? process.steps[open.step_index] : undefined;
  const windowHours = l.rules.supplementWindowWorkingDays * cal.hoursPerDay;
  const consultations = l.tasks.filter((t) => t.kind === "consultation" && t.status === "open");
  const interagency = l.tasks.filter((t) => t.kind === "interagency" && t.status === "open");
  return {
    status: d.status as StatusCode,
    received: d.received_at !== null,
    receivingUnitId: d.receiving_unit_id,
    currentUnitId: d.current_unit_id,
    step:
      open && step
        ? {
            index: open.step_index!,
            code: step.code,
            name: step.name,
            role: (open.role as Role) ?? step.role,
            unitId: open.unit_id,
            assigneeId: open.assignee_id,
            dueAt: open.due_at,
          }
        : null,
    stepCount: process.steps.length,
    returnStepIndex: returnStepIndex(process),
    openConsultations: consultations.map((t) => ({ id: t.id, unitId: t.unit_id })),
    openInteragency: interagency.map((t) => ({ id: t.id, unitId: t.unit_id })),
    interagencyActive: interagency.length > 0,
    hasResult: l.hasResult,
    unsignedResult: l.unsignedResult,
    certifiesCopies: l.version.result.kind === "ban-sao-chung-thuc",
    pendingPayment: !!l.pendingPayment,
    extensionCount: d.extension_count,
    maxExtensions: l.rules.maxExtensions,
    supplementWindowOpen: d.received_at !== null && cal.workingHoursBetween(d.received_at, now) <= windowHours,
    supplementAllowance: supplementAllowance(l.rules, d.supplement_rounds),
    lateApologyRefused: lateApologyRefused(l, cal, now),
  };
}

export async function loadUnits(tx: Tx, ids: (string | null | undefined)[]): Promise<Map<string, UnitInfo>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .selectFrom("units")
    .select(["id", "code", "name", "parent_id", "address", "phone", "email"])
    .where("id", "in", unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
