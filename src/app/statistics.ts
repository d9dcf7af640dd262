/**
 * Statistics kept from the dossiers' history (issue #8; design.md "Statistics are maintained, not scanned").
 *
 * - `recordStatistics` is called by `appendEvent` (src/app/history.ts) for every event, in the same transaction:
 *   every channel that writes history (portal, counter, office actions, integrations) updates the roll-ups.
 * - `rebuildStatistics` recomputes everything from `dossier_events` with the same pure fold.
 * - `periodCounts` reads the counts of form II.06a for a period from the roll-ups only, so a past period's figures
 *   never change when a dossier changes later.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../adapters/db/index.js";
import { FORWARD } from "../adapters/db/migrations/0045_report_aggregates.js";
import { type PeriodCounts, emptyCounts, type Period } from "../domain/measure/periodic-report.js";
import {
  affectsStatistics,
  type FileFacts,
  factDeltas,
  foldStatEvent,
  foldStatHistory,
  initialStatState,
  type StatDelta,
  type StatEvent,
  type StatState,
} from "../domain/measure/statistics.js";

type Tx = Transaction<Database> | Kysely<Database>;

interface StatKeys {
  unit_id: string;
  field_id: string;
  procedure_id: string;
  channel: string;
}

/** Channels that count as "online" in the reports (own portal, or forwarded by the national portal). */
export const ONLINE_CHANNELS = ["online", "national_portal"] as const;

const stateOf = (r: {
  received: boolean;
  open: boolean;
  due_day: string | null;
  suspended: boolean;
  received_day: string | null;
  closed_day: string | null;
  closed_as: string | null;
}): StatState => ({
  received: r.received,
  open: r.open,
  dueDay: r.due_day,
  suspended: r.suspended,
  receivedDay: dayText(r.received_day),
  closedDay: dayText(r.closed_day),
  closedAs: r.closed_as as StatState["closedAs"],
});

/** A date column as "YYYY-MM-DD" (the pg driver is set to return dates as text; PGlite may return a Date). */
function dayText(v: unknown): string | null {
  if (v == null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

const rowOf = (id: string, k: StatKeys, s: StatState) => ({
  dossier_id: id,
  unit_id: k.unit_id,
  field_id: k.field_id,
  procedure_id: k.procedure_id,
  channel: k.channel,
  received: s.received,
  open: s.open,
  due_day: s.dueDay,
  suspended: s.suspended,
  received_day: s.receivedDay,
  closed_day: s.closedDay,
  closed_as: s.closedAs,
});

function toStatEvent(e: {
  type: string;
  at: Date;
  from_status: number | null;
  to_status: number | null;
  data: unknown;
}): StatEvent {
  const data = (typeof e.data === "string" ? JSON.parse(e.data) : (e.data ?? {})) as Record<string, unknown>;
  return { type: e.type, at: new Date(e.at), fromStatus: e.from_status, toStatus: e.to_status, data };
}

/** The unit, field (of the pinned procedure version), procedure and channel of a dossier. */
async function keysOf(tx: Tx, dossierId: string): Promise<StatKeys> {
  return tx
    .selectFrom("dossiers")
    .innerJoin("procedure_versions", "procedure_versions.id", "dossiers.procedure_version_id")
    .select([
      "dossiers.receiving_unit_id as unit_id",
      "procedure_versions.field_id",
      "dossiers.procedure_id",
      "dossiers.channel",
    ])
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirstOrThrow();
}

type Acc = Map<string, StatKeys & StatDelta>;

/** Whether a dossier has component and result files, reused data, a population look-up (what \`factDeltas\` reads). */
async function fileFacts(tx: Tx, dossierId: string): Promise<FileFacts> {
  return (await filesOf(tx, [dossierId])).get(dossierId) ?? { component: false, result: false };
}

async function filesOf(tx: Tx, ids: string[]): Promise<Map<string, FileFacts>> {
  const out = new Map<string, FileFacts>();
  if (ids.length === 0) return out;
  const list = sql.join(ids.map((id) => sql`${id}::uuid`));
  const rows = await sql<{
    dossier_id: string;
    component: boolean;
    result: boolean;
    reused: boolean;
    population: boolean | null;
  }>`
select df.dossier_id, bool_or(df.kind = 'component') as component, bool_or(df.kind = 'result') as result,
  bool_or(df.kind in ('component', 'supplement') and f.warehouse_document_id is not null) as reused,
  (select population_data_used from dossier_facts x where x.dossier_id = df.dossier_id) as population
from dossier_files df join files f on f.id = df.file_id
where df.dossier_id in (${list}) group by df.dossier_id`.execute(tx);
  for (const r of rows.rows)
    out.set(r.dossier_id, {
      component: !!r.component,
      result: !!r.result,
      reused: !!r.reused,
      populationData: !!r.population,
    });
  return out;
}

function accumulate(acc: Acc, k: StatKeys, deltas: StatDelta[]) {
  for (const d of deltas) {
    const key = `${k.unit_id}|${d.day}|${k.field_id}|${k.procedure_id}|${k.channel}|${d.metric}|${d.bucket}`;
    const cur = acc.get(key);
    if (cur) cur.n += d.n;
    else acc.set(key, { ...k, ...d });
  }
}

async function writeDeltas(tx: Tx, acc: Acc) {
  const rows = [...acc.values()].filter((r) => r.n !== 0);
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto("stat_daily")
      .values(
        rows.slice(i, i + 500).map((r) => ({
          unit_id: r.unit_id,
          day: r.day,
          field_id: r.field_id,
          procedure_id: r.procedure_id,
          channel: r.channel,
          metric: r.metric,
          bucket: r.bucket,
          n: r.n,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(["unit_id", "day", "field_id", "procedure_id", "channel", "metric", "bucket"])
          .doUpdateSet({ n: sql`stat_daily.n + excluded.n` }),
      )
      .execute();
}

/**
 * The roll-up rows of a dossier's first event (its creation), for the statement that creates the dossier
 * (src/app/dossiers/create.ts): the same fold as recordStatistics from the state of a dossier with no history, without
 * reading anything. `fieldId` may be an expression (the field of the pinned procedure version, read in that statement).
 */
export function firstEventStatistics<F>(
  dossierId: string,
  keys: Omit<StatKeys, "field_id"> & { field_id: F },
  ev: StatEvent,
) {
  const r = affectsStatistics(ev) ? foldStatEvent(initialStatState(), ev) : { state: initialStatState(), deltas: [] };
  return {
    dossier: { ...rowOf(dossierId, keys as StatKeys, r.state), field_id: keys.field_id },
    daily: r.deltas
      .filter((d) => d.n !== 0)
      .map((d) => ({ ...keys, day: d.day, metric: d.metric, bucket: d.bucket, n: d.n })),
  };
}

/**
 * Updates the roll-ups for one event just appended to a dossier's history (same transaction). Events that change
 * neither the status nor the clock cost nothing.
 */
export async function recordStatistics(tx: Tx, dossierId: string, seq: number, ev: StatEvent): Promise<void> {
  if (!affectsStatistics(ev)) return;
  const row = await tx.selectFrom("stat_dossiers").selectAll().where("dossier_id", "=", dossierId).executeTakeFirst();
  let keys: StatKeys;
  let state: StatState;
  if (row) {
    keys = row;
    state = stateOf(row);
  } else {
    // first event that matters (or a dossier older than the roll-ups): start from its earlier history
    keys = await keysOf(tx, dossierId);
    const earlier = await tx
      .selectFrom("dossier_events")
      .select(["type", "at", "from_status", "to_status", "data"])
      .where("dossier_id", "=", dossierId)
      .where("seq", "<", seq)
      .orderBy("seq")
      .execute();
    state = foldStatHistory(earlier.map(toStatEvent)).state;
  }
  const r = foldStatEvent(state, ev);
  const acc: Acc = new Map();
  accumulate(acc, keys, r.deltas);
  if (r.deltas.length || ev.type === "payment_confirmed")
    accumulate(acc, keys, factDeltas(ev, r.deltas, await fileFacts(tx, dossierId)));
  await writeDeltas(tx, acc);
  const values = rowOf(dossierId, keys, r.state);
  await tx
    .insertInto("stat_dossiers")
    .values(values)
    .onConflict((oc) =>
      oc.column("dossier_id").doUpdateSet({
        received: values.received,
        open: values.open,
        due_day: values.due_day,
        suspended: values.suspended,
        received_day: values.received_day,
        closed_day: values.closed_day,
        closed_as: values.closed_as,
      }),
    )
    .execute();
}

/**
 * Recomputes every roll-up and dossier state from the history, in one transaction (writers wait for it).
 * Returns the number of dossiers and events read.
 */
export async function rebuildStatistics(db: Kysely<Database>): Promise<{ dossiers: number; events: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`lock table stat_daily, stat_dossiers, stat_rollup in exclusive mode`.execute(trx);
    // the monthly roll-ups start again from nothing: every day is read from the daily rows until rolled up again
    const through = await watermark(trx);
    await trx.updateTable("stat_rollup").set({ through: EPOCH, version: sql`version + 1` }).execute();
    await trx.deleteFrom("stat_monthly").execute();
    await trx.deleteFrom("stat_monthly_procedures").execute();
    await trx.deleteFrom("stat_daily").execute();
    await trx.deleteFrom("stat_dossiers").execute();
    let after = "00000000-0000-0000-0000-000000000000";
    let dossiers = 0;
    let events = 0;
    const acc: Acc = new Map();
    for (;;) {
      const page = await trx
        .selectFrom("dossiers")
        .innerJoin("procedure_versions", "procedure_versions.id", "dossiers.procedure_version_id")
        .select([
          "dossiers.id",
          "dossiers.receiving_unit_id as unit_id",
          "procedure_versions.field_id",
          "dossiers.procedure_id",
          "dossiers.channel",
        ])
        .where("dossiers.id", ">", after)
        .orderBy("dossiers.id")
        .limit(500)
        .execute();
      if (page.length === 0) break;
      const evs = await trx
        .selectFrom("dossier_events")
        .select(["dossier_id", "type", "at", "from_status", "to_status", "data"])
        .where(
          "dossier_id",
          "in",
          page.map((d) => d.id),
        )
        .orderBy("dossier_id")
        .orderBy("seq")
        .execute();
      const byDossier = new Map<string, StatEvent[]>();
      for (const e of evs) {
        const list = byDossier.get(e.dossier_id) ?? [];
        list.push(toStatEvent(e));
        byDossier.set(e.dossier_id, list);
      }
      const states: ReturnType<typeof rowOf>[] = [];
      const files = await filesOf(
        trx,
        page.map((d) => d.id),
      );
      for (const d of page) {
        const list = byDossier.get(d.id) ?? [];
        events += list.length;
        const r = foldStatHistory(list);
        accumulate(acc, d, r.deltas);
        // the Decision 766 counts, event by event as recordStatistics adds them
        const f = files.get(d.id) ?? { component: false, result: false };
        let st = initialStatState();
        for (const ev of list) {
          const x = foldStatEvent(st, ev);
          st = x.state;
          accumulate(acc, d, factDeltas(ev, affectsStatistics(ev) ? x.deltas : [], f));
        }
        // like the maintained path: a dossier gets a state row once an event touched the statistics
        if (list.some(affectsStatistics)) states.push(rowOf(d.id, d, r.state));
      }
      if (states.length) await trx.insertInto("stat_dossiers").values(states).execute();
      dossiers += page.length;
      after = page[page.length - 1].id;
      if (acc.size > 50_000) {
        await writeDeltas(trx, acc);
        acc.clear();
      }
    }
    await writeDeltas(trx, acc);
    await rollUp(trx, through);
    return { dossiers, events };
  });
}

/** The watermark's value before any roll-up. */
const EPOCH = "2000-01-01";

async function watermark(tx: Tx): Promise<string> {
  const r = await tx.selectFrom("stat_rollup").select("through").where("id", "=", 1).executeTakeFirst();
  return dayText(r?.through) ?? EPOCH;
}

async function rollUp(trx: Tx, before: string): Promise<{ from: string; to: string }> {
  const from = await watermark(trx);
  if (before <= from) return { from, to: from };
  await sql`with d as (
    select unit_id, field_id, procedure_id, day, channel, metric, bucket, n from stat_daily
    where day >= ${from}::date and day < ${before}::date
  ) ${sql.raw(FORWARD("d"))}`.execute(trx);
  await trx
    .updateTable("stat_rollup")
    .set({ through: before, version: sql`version + 1` })
    .where("id", "=", 1)
    .execute();
  return { from, to: before };
}

/**
 * Moves the watermark of the monthly roll-ups (migration 0045) to \`before\` (a day, exclusive; normally today): the
 * daily rows of the days passed are added to the monthly rows. Writers of \`stat_daily\` wait while a step runs (a
 * SHARE lock: no writer may be between its daily row and its commit while the days are summed); the days go a month
 * at most per transaction (days without rows at once), so a first roll-up over years of history never holds the
 * writers for long. A delta that lands later on a day already passed is forwarded by the triggers. Never moves the
 * watermark back. Idempotent.
 */
export async function rollUpStatistics(db: Kysely<Database>, before: string): Promise<{ from: string; to: string }> {
  const start = await watermark(db);
  for (let from = start; from < before; ) {
    const first = await sql<{
      day: unknown;
    }>`select min(day) as day from stat_daily where day >= ${from}::date`.execute(db);
    const next = dayText(first.rows[0]?.day) ?? before;
    // up to the first day with rows, then a month at most
    const step = next > from ? (next < before ? next : before) : minDay(before, firstOfNextMonth(from));
    await db.transaction().execute(async (trx) => {
      await sql`lock table stat_daily in share mode`.execute(trx);
      await sql`select 1 from stat_rollup where id = 1 for update`.execute(trx);
      await rollUp(trx, step);
    });
    from = step;
  }
  return { from: start, to: before > start ? before : start };
}

const minDay = (a: string, b: string) => (a < b ? a : b);
function firstOfNextMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/** Filters on the columns the roll-ups share. */
export interface RollupFilter {
  unitIds?: string[];
  fieldId?: string;
  channel?: string;
  metrics?: readonly string[];
}

const isMonthStart = (day: string) => /^\d{4}-\d{2}-01$/.test(day);

/**
 * The roll-ups of the days in [from, to) (from null: since the beginning) as one relation
 * (unit_id, field_id, m, channel, metric, bucket, n), read in one statement (one snapshot): the monthly rows of the
 * days before the watermark and the daily rows from it on. \`m\` is a month start (monthly rows) or a day (daily rows),
 * and an open-due bucket is a month start in the monthly rows: compare both with month starts only. When a bound is
 * not a month start, the daily rows alone.
 */
export function rollups(f: RollupFilter, from: string | null, to: string) {
  const conds = (col: string) => {
    const w = [sql`${sql.ref(col)} < ${to}::date`];
    if (from) w.push(sql`${sql.ref(col)} >= ${from}::date`);
    if (f.unitIds) w.push(sql`unit_id in (${sql.join(f.unitIds.map((u) => sql`${u}::uuid`))})`);
    if (f.fieldId) w.push(sql`field_id = ${f.fieldId}::uuid`);
    if (f.channel) w.push(sql`channel = ${f.channel}`);
    if (f.metrics) w.push(sql`metric in (${sql.join(f.metrics.map((m) => sql`${m}`))})`);
    return sql.join(w, sql` and `);
  };
  if ((from && !isMonthStart(from)) || !isMonthStart(to))
    return sql`(select unit_id, field_id, day as m, channel, metric, bucket, n from stat_daily where ${conds("day")})`;
  return sql`(select unit_id, field_id, month as m, channel, metric, bucket, n from stat_monthly where ${conds("month")}
  union all
  select unit_id, field_id, day, channel, metric, bucket, n from stat_daily
  where day >= (select through from stat_rollup where id = 1) and ${conds("day")})`;
}

/** As \`rollups\`, per procedure (procedure_id, m, channel, metric, n), flows and ratings only; bounds month starts. */
export function procedureRollups(from: string, to: string, metrics: readonly string[]) {
  const conds = (col: string) =>
    sql`${sql.ref(col)} >= ${from}::date and ${sql.ref(col)} < ${to}::date
      and metric in (${sql.join(metrics.map((m) => sql`${m}`))})`;
  return sql`(select procedure_id, month as m, channel, metric, n from stat_monthly_procedures where ${conds("month")}
  union all
  select procedure_id, day, channel, metric, n from stat_daily
  where day >= (select through from stat_rollup where id = 1) and ${conds("day")})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export interface StatScope {
  /** Receiving units; all units when absent. */
  unitIds?: string[];
  fieldId?: string;
  procedureId?: string;
}

export type GroupBy = "none" | "unit" | "field" | "procedure";

const GROUP_COLUMN: Record<GroupBy, string> = {
  none: "''",
  unit: "unit_id::text",
  field: "field_id::text",
  procedure: "procedure_id::text",
};

/**
 * The measured counts of form II.06a for a period, per group. Carried over and pending are read from the open-due
 * stock, the flows from their own metrics: the report invariants compare two independent sums.
 */
export async function periodCounts(
  db: Tx,
  scope: StatScope,
  p: Pick<Period, "from" | "to">,
  groupBy: GroupBy = "none",
): Promise<Map<string, PeriodCounts>> {
  if (scope.unitIds && scope.unitIds.length === 0) return new Map();
  const online = sql.join(ONLINE_CHANNELS.map((c) => sql`${c}`));
  // by procedure, or a period not made of whole months: the daily rows (the monthly ones keep neither)
  const daily = groupBy === "procedure" || !!scope.procedureId || !isMonthStart(p.from) || !isMonthStart(p.to);
  const source = daily
    ? sql`(select * from stat_daily where day < ${p.to}::date
          ${scope.unitIds ? sql`and unit_id in (${sql.join(scope.unitIds.map((u) => sql`${u}::uuid`))})` : sql``}
          ${scope.fieldId ? sql`and field_id = ${scope.fieldId}::uuid` : sql``}
          ${scope.procedureId ? sql`and procedure_id = ${scope.procedureId}::uuid` : sql``})`
    : rollups({ unitIds: scope.unitIds, fieldId: scope.fieldId }, null, p.to);
  const m = daily ? "day" : "m";
  const rows = await sql<{
    k: string;
    metric: string;
    online: boolean;
    in_period: number | string;
    before: number | string;
    overdue: number | string;
  }>`
select ${sql.raw(GROUP_COLUMN[groupBy])} as k, metric, channel in (${online}) as online,
  coalesce(sum(case when ${sql.raw(m)} >= ${p.from}::date then n else 0 end), 0) as in_period,
  coalesce(sum(case when ${sql.raw(m)} < ${p.from}::date then n else 0 end), 0) as before,
  coalesce(sum(case when metric = 'open_due' and bucket < ${p.to} then n else 0 end), 0) as overdue
from ${source} r
group by 1, 2, 3`.execute(db);
  const out = new Map<string, PeriodCounts>();
  for (const r of rows.rows) {
    const c = out.get(r.k) ?? emptyCounts();
    out.set(r.k, c);
    const inPeriod = Number(r.in_period);
    const before = Number(r.before);
    switch (r.metric) {
      case "open_due":
        c.carriedOver += before;
        c.pending += before + inPeriod;
        c.pendingOverdue += Number(r.overdue);
        break;
      case "received":
        if (r.online) c.receivedOnline += inPeriod;
        else c.receivedCounterPostal += inPeriod;
        break;
      case "resolved_early":
        c.resolvedEarly += inPeriod;
        break;
      case "resolved_on_time":
        c.resolvedOnTime += inPeriod;
        break;
      case "resolved_late":
        c.resolvedLate += inPeriod;
        break;
      case "withdrawn":
        c.withdrawn += inPeriod;
        break;
      case "stopped":
        c.stopped += inPeriod;
        break;
      case "refused":
        c.refused += inPeriod;
        break;
    }
  }
  return out;
}
