/**
 * The work queue of an officer's unit. Three views: dossiers received by the unit ("receiving"), dossiers the unit
 * holds now ("processing"), and consultations / inter-agency tasks sent to the unit ("tasks"). Counts come from the
 * trigger-maintained `dossier_counts` (no count scans); the page is one index range scan ordered by due instant
 * (indexes of migrations 0001/0002), so it stays fast with millions of dossiers.
 */
import { type ExpressionBuilder, sql } from "kysely";
import type { Database } from "../../adapters/db/index.js";
import { type ShipmentStatus, SHIPMENT_STATUS_NAMES } from "../../domain/postal.js";
import { STATUS_NAMES, type StatusCode } from "../../domain/status.js";
import type { Officer } from "../actors.js";
import type { LText } from "../../shared/text.js";
import type { Deps } from "../deps.js";
import { parseInput } from "./errors.js";
import { QueueFilters } from "./schemas.js";

export const OPEN_QUEUE_STATUSES = [1, 2, 4, 5, 6, 9] as const;
/** Filtered totals are counted up to this many rows (then shown as "at least"). */
export const TOTAL_CAP = 1000;

const CODE_RE = /^.+-\d{6}-\d{4}$/;
const ID_RE = /^\d{9,12}$/;

export interface QueueItem {
  id: string;
  code: string | null;
  reference: string;
  status: number;
  statusName: LText;
  channel: string;
  applicantName: string;
  procedureName: string;
  submittedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  stepDueAt: string | null;
  dueState: string;
  currentStep: number | null;
  assignee: { id: string; name: string | null } | null;
  task?: { id: string; kind: string; name: string; dueAt: string | null; lead: boolean };
  /** A processed dossier's latest postal delivery of the result (under way, failed, returned, not booked). */
  postalDelivery?: { status: ShipmentStatus; statusName: LText };
}

export interface QueueResult {
  view: "receiving" | "processing" | "tasks";
  counts: { byStatus: Record<string, number>; dueSoon: number; overdue: number; total: number };
  items: QueueItem[];
  total: number;
  /** The total was counted up to TOTAL_CAP only. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/** Folds Vietnamese text like the database's vn_fold(): lower case, no diacritics, đ → d. */
export function vnFold(s: string): string {
  return s
    .normalize("NFC")
    .replace(/[đĐ]/g, "d")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function getQueue(deps: Deps, officer: Officer, rawFilters: unknown = {}): Promise<QueueResult> {
  const f = parseInput(QueueFilters, rawFilters, "querystring");
  const view = f.view ?? (officer.roles.includes("receiving") ? "receiving" : "processing");
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const db = deps.db;

  // counts of the view
  const counts = { byStatus: {} as Record<string, number>, dueSoon: 0, overdue: 0, total: 0 };
  for (let s = 1; s <= 10; s++) counts.byStatus[String(s)] = 0;
  if (view === "tasks") {
    const rows = await db
      .selectFrom("dossier_tasks as t")
      .innerJoin("dossiers as d", "d.id", "t.dossier_id")
      .select(["d.status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("t.unit_id", "=", officer.unitId)
      .where("t.status", "=", "open")
      .where("t.kind", "in", ["consultation", "interagency"])
      .groupBy("d.status")
      .execute();
    for (const r of rows) counts.byStatus[String(r.status)] = Number(r.n);
    const late = await db
      .selectFrom("dossier_tasks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("unit_id", "=", officer.unitId)
      .where("status", "=", "open")
      .where("kind", "in", ["consultation", "interagency"])
      .where("due_at", "<", deps.now())
      .executeTakeFirstOrThrow();
    counts.overdue = Number(late.n);
  } else {
    const rows = await db
      .selectFrom("dossier_counts")
      .select(["bucket", "n"])
      .where("unit_id", "=", officer.unitId)
      .where("scope", "=", view === "receiving" ? "r" : "c")
      .execute();
    for (const r of rows) {
      if (r.bucket === "due_soon") counts.dueSoon = r.n;
      else if (r.bucket === "overdue") counts.overdue = r.n;
      else if (r.bucket.startsWith("s")) counts.byStatus[r.bucket.slice(1)] = r.n;
    }
  }
  counts.total = Object.values(counts.byStatus).reduce((a, b) => a + b, 0);

  // the page
  const unitCol = view === "processing" ? "d.current_unit_id" : "d.receiving_unit_id";
  const dueCol = view === "processing" ? "d.step_due_at" : "d.due_at";
  const q = f.q?.trim();
  let base = db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .leftJoin("officers as o", "o.id", "d.assignee_id");
  if (view === "tasks")
    base = base
      .innerJoin("dossier_tasks as t", "t.dossier_id", "d.id")
      .where("t.unit_id", "=", officer.unitId)
      .where("t.status", "=", "open")
      .where("t.kind", "in", ["consultation", "interagency"]) as typeof base;
  else base = base.where(unitCol, "=", officer.unitId);

  if (f.status !== undefined) base = base.where("d.status", "=", f.status as StatusCode);
  else if (!f.due && !q && view !== "tasks") base = base.where("d.status", "in", [...OPEN_QUEUE_STATUSES]);
  if (f.due) base = base.where("d.due_state", "=", f.due);
  if (f.procedureId) base = base.where("d.procedure_id", "=", f.procedureId);
  if (f.channel) base = base.where("d.channel", "=", f.channel);
  if (f.assignee === "me") base = base.where("d.assignee_id", "=", officer.id);
  if (q) {
    if (CODE_RE.test(q)) base = base.where("d.code", "=", q);
    else if (ID_RE.test(q)) base = base.where(sql`d.applicant->>'idNumber'`, "=", q);
    else {
      const folded = `${vnFold(q).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      base = base.where((eb: ExpressionBuilder<Database & { d: Database["dossiers"] }, "d">) =>
        eb.or([eb("d.reference", "=", q), eb(sql`vn_fold(d.applicant->>'name')`, "like", folded)]),
      ) as typeof base;
    }
  }

  const simple = !f.procedureId && !f.channel && f.assignee !== "me" && !q && view !== "tasks";
  let total: number;
  let totalCapped = false;
  if (simple) {
    if (f.due) total = f.due === "overdue" ? counts.overdue : counts.dueSoon;
    else if (f.status !== undefined) total = counts.byStatus[String(f.status)] ?? 0;
    else total = OPEN_QUEUE_STATUSES.reduce((a, s) => a + (counts.byStatus[String(s)] ?? 0), 0);
    if (f.due && f.status !== undefined) {
      const r = await db
        .selectFrom(
          base
            .select(sql`1`.as("x"))
            .limit(TOTAL_CAP + 1)
            .as("c"),
        )
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      total = Math.min(Number(r.n), TOTAL_CAP);
      totalCapped = Number(r.n) > TOTAL_CAP;
    }
  } else {
    const r = await db
      .selectFrom(
        base
          .select(sql`1`.as("x"))
          .limit(TOTAL_CAP + 1)
          .as("c"),
      )
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    total = Math.min(Number(r.n), TOTAL_CAP);
    totalCapped = Number(r.n) > TOTAL_CAP;
  }

  const orderCol = view === "tasks" ? "t.due_at" : dueCol;
  const rows = await base
    .select([
      "d.id",
      "d.code",
      "d.reference",
      "d.status",
      "d.channel",
      "d.applicant",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "d.step_due_at",
      "d.due_state",
      "d.current_step",
      "d.assignee_id",
      "o.name as assignee_name",
      "v.name as procedure_name",
    ])
    .$if(view === "tasks", (qb) =>
      qb.select([
        sql<string>`t.id`.as("task_id"),
        sql<string>`t.kind`.as("task_kind"),
        sql<string>`t.name`.as("task_name"),
        sql<Date | null>`t.due_at`.as("task_due_at"),
        sql<boolean>`t.lead`.as("task_lead"),
      ]),
    )
    .orderBy(sql`${sql.ref(orderCol)} asc nulls last`)
    .orderBy("d.id")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();

  // the latest postal delivery of the processed dossiers on the page (one look-up by the page's ids)
  const processed = rows.filter((r) => r.status === 9).map((r) => r.id);
  const deliveries = new Map<string, ShipmentStatus>();
  if (processed.length)
    for (const s of await db
      .selectFrom("postal_shipments")
      .select(["dossier_id", "status"])
      .where("dossier_id", "in", processed)
      .where("kind", "=", "delivery")
      .orderBy("created_at")
      .orderBy("id")
      .execute())
      deliveries.set(s.dossier_id, s.status);

  return {
    view,
    counts,
    total,
    totalCapped,
    page,
    pageSize,
    items: rows.map((r) => {
      const delivery = deliveries.get(r.id);
      const x = r as typeof r & {
        task_id?: string;
        task_kind?: string;
        task_name?: string;
        task_due_at?: Date | null;
        task_lead?: boolean;
      };
      return {
        id: r.id,
        code: r.code,
        reference: r.reference,
        status: r.status,
        statusName: STATUS_NAMES[r.status as StatusCode],
        channel: r.channel,
        applicantName: r.applicant.name,
        procedureName: r.procedure_name,
        submittedAt: r.submitted_at.toISOString(),
        receivedAt: iso(r.received_at),
        dueAt: iso(r.due_at),
        stepDueAt: iso(r.step_due_at),
        dueState: r.due_state,
        currentStep: r.current_step,
        assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
        ...(delivery ? { postalDelivery: { status: delivery, statusName: SHIPMENT_STATUS_NAMES[delivery] } } : {}),
        ...(x.task_id
          ? {
              task: {
                id: x.task_id,
                kind: x.task_kind!,
                name: x.task_name!,
                dueAt: iso(x.task_due_at),
                lead: !!x.task_lead,
              },
            }
          : {}),
      };
    }),
  };
}
