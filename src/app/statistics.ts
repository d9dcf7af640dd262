/**
 * Statistics kept from the dossiers' history (issue #8; design.md "Statistics are maintained, not scanned").
 *
 * - `recordStatistics` is called by `appendEvent` (src/app/history.ts) for every event, in the same transaction:
 *   every channel that writes history (portal, counter, office actions, integrations) updates the roll-ups.
 * - `rebuildStatistics` recomputes everything from `dossier_events` with the same pure fold.
 * - `periodCounts` reads the counts of form II.06a for a period from the roll-ups only, so a past period's figures
 *   never change when a dossier changes later.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "../adapters/db/index.js";
import { FORWARD } from "../adapters/db/migrations/0055_province_rollups.js";
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
  const rows = await sql<{
    dossier_id: string;
    component: boolean | null;
    result: boolean | null;
    reused: boolean | null;
    population: boolean | null;
    synced: boolean;
  }>`
select i.id as dossier_id, bool_or(df.kind = 'component') as component, bool_or(df.kind = 'result') as result,
  bool_or(df.kind in ('component', 'supplement') and f.warehouse_document_id is not null) as reused,
  (select population_data_used from dossier_facts x where x.dossier_id = i.id) as population,
  exists (select 1 from national_sync ns where ns.dossier_id = i.id and ns.first_synced_at is not null) as synced
from unnest(${ids}::uuid[]) i(id)
left join dossier_files df on df.dossier_id = i.id left join files f on f.id = df.file_id
group by i.id`.execute(tx);
  for (const r of rows.rows)
    out.set(r.dossier_id, {
      component: !!r.component,
      result: !!r.result,
      reused: !!r.reused,
      populationData: !!r.population,
      synced: !!r.synced,
    });
  return out;
}

/**
 * A dossier reached the National Public Service Portal for the first time (src/app/national-portal/sync.ts, in the
 * transaction that records it): counted as \`received_synced\` on its day of receipt. A dossier not received yet is
 * counted when it is (\`factDeltas\` reads the sync then).
 */
export async function recordFirstSync(tx: Tx, dossierId: string): Promise<void> {
  const row = await tx.selectFrom("stat_dossiers").selectAll().where("dossier_id", "=", dossierId).executeTakeFirst();
  const day = row?.received ? dayText(row.received_day) : null;
  if (!row || !day) return;
  const acc: Acc = new Map();
  accumulate(acc, row, [{ day, metric: "received_synced", bucket: "", n: 1 }]);
  await writeDeltas(tx, acc);
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
    await trx.deleteFrom("stat_monthly_province").execute();
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
  /** The rows are grouped by unit: the province's roll-ups (summed over the units) will not do. */
  perUnit?: boolean;
  /** One procedure, or rows grouped by procedure: the daily rows only (the monthly ones keep no procedure). */
  procedureId?: string;
  perProcedure?: boolean;
}

const isMonthStart = (day: string) => /^\d{4}-\d{2}-01$/.test(day);

/**
 * The highest watermark this process has seen, per database. The watermark never moves back (a rebuild resets it and
 * rolls up again in one transaction), so a day read earlier is a lower bound of the current one: the daily rows'
 * reads carry it as a literal beside the watermark's own subquery, and the planner, which cannot see into the
 * subquery, knows it reads a few days, not the table. Each read returns the watermark it saw: should it be before the
 * literal (roll-ups reset by hand), \`sumRollups\` reads again from there.
 */
const seenWatermark = new WeakMap<object, string>();

async function knownWatermark(db: Tx): Promise<string> {
  const seen = seenWatermark.get(db);
  if (seen) return seen;
  const w = await watermark(db);
  seenWatermark.set(db, w);
  return w;
}

/** The daily rows from the watermark on (columns of stat_daily, \`m\` for the day), with \`conds\` on "day". */
function liveDaily(w: string, cols: string, conds: RawBuilder<unknown>) {
  // the day as a literal in the statement's text, not a parameter: statements are kept prepared per connection
  // (src/adapters/db/prepared.ts), and a kept generic plan would not know that it reads a few days
  if (!/^\d{4}-\d{2}-\d{2}$/.test(w)) throw new Error(`statistics: not a day: ${w}`);
  return sql`(select ${sql.raw(cols)}, day as m from stat_daily
  where day >= ${sql.lit(w)}::date and day >= (select through from stat_rollup where id = 1) and ${conds})`;
}

/**
 * The roll-ups of the days in [from, to) (from null: since the beginning) as two relations of rows
 * (unit_id, field_id, m, channel, metric, bucket, n): \`closed\`, the monthly rows (the days before the watermark;
 * the province's roll-ups when no unit is asked for and the rows are not grouped by unit), and \`live\`, the daily
 * rows from the watermark on. \`m\` is a month start (monthly rows) or a day (daily rows), and an open-due bucket
 * is a month start in the monthly rows: compare both with month starts only. Read them together with
 * \`sumRollups\` (one snapshot). When a bound is not a month start, null: read the daily rows (\`dailyRollups\`).
 */
export function rollups(f: RollupFilter, from: string | null, to: string): RollupParts | null {
  if ((from && !isMonthStart(from)) || !isMonthStart(to) || f.procedureId || f.perProcedure) return null;
  const conds = (col: string, units = true) => {
    const w = [sql`${sql.ref(col)} < ${to}::date`];
    if (from) w.push(sql`${sql.ref(col)} >= ${from}::date`);
    if (units && f.unitIds) w.push(sql`unit_id in (${sql.join(f.unitIds.map((u) => sql`${u}::uuid`))})`);
    if (f.fieldId) w.push(sql`field_id = ${f.fieldId}::uuid`);
    if (f.channel) w.push(sql`channel = ${f.channel}`);
    if (f.metrics) w.push(sql`metric in (${sql.join(f.metrics.map((m) => sql`${m}`))})`);
    return sql.join(w, sql` and `);
  };
  const province = !f.unitIds && !f.perUnit;
  return {
    closed: province
      ? sql`(select null::uuid as unit_id, field_id, month as m, channel, metric, bucket, n from stat_monthly_province
          where ${conds("month", false)})`
      : sql`(select unit_id, field_id, month as m, channel, metric, bucket, n from stat_monthly where ${conds("month")})`,
    live: (since) => liveDaily(since, "unit_id, field_id, channel, metric, bucket, n", conds("day")),
  };
}

/**
 * The daily roll-ups of the days in [from, to) alone (any bounds, any filter), with the columns of \`rollups\` and
 * procedure_id.
 */
export function dailyRollups(f: RollupFilter, from: string | null, to: string) {
  const w = [sql`day < ${to}::date`];
  if (from) w.push(sql`day >= ${from}::date`);
  if (f.unitIds) w.push(sql`unit_id in (${sql.join(f.unitIds.map((u) => sql`${u}::uuid`))})`);
  if (f.fieldId) w.push(sql`field_id = ${f.fieldId}::uuid`);
  if (f.procedureId) w.push(sql`procedure_id = ${f.procedureId}::uuid`);
  if (f.channel) w.push(sql`channel = ${f.channel}`);
  if (f.metrics) w.push(sql`metric in (${sql.join(f.metrics.map((m) => sql`${m}`))})`);
  return sql`(select unit_id, field_id, procedure_id, day as m, channel, metric, bucket, n from stat_daily
  where ${sql.join(w, sql` and `)})`;
}

/**
 * A grouped sum (as \`sumRollups\`) over the roll-ups of [from, to) that \`f\` selects: the monthly rows kept with
 * the daily rows since the watermark when the bounds are month starts, else the daily rows.
 */
export async function sumPeriod<K extends string, S extends string>(
  db: Tx,
  f: RollupFilter,
  from: string | null,
  to: string,
  select: (rel: RawBuilder<unknown>) => RawBuilder<unknown>,
  keys: readonly K[],
  sums: readonly S[],
): Promise<SumRow<K, S>[]> {
  if (f.unitIds && f.unitIds.length === 0) return [];
  const parts = rollups(f, from, to);
  if (parts) return sumRollups(db, { r: parts }, (rel) => select(rel.r), keys, sums);
  const r = await select(dailyRollups(f, from, to)).execute(db);
  return addRows(r.rows as Record<string, unknown>[], keys, sums);
}

/** As \`rollups\`, per procedure (procedure_id, m, channel, metric, n), flows and ratings only; bounds month starts. */
export function procedureRollups(from: string, to: string, metrics: readonly string[]): RollupParts {
  const conds = (col: string) =>
    sql`${sql.ref(col)} >= ${from}::date and ${sql.ref(col)} < ${to}::date
      and metric in (${sql.join(metrics.map((m) => sql`${m}`))})`;
  return {
    closed: sql`(select procedure_id, month as m, channel, metric, n from stat_monthly_procedures where ${conds("month")})`,
    live: (since) => liveDaily(since, "procedure_id, unit_id, channel, metric, n", conds("day")),
  };
}

/**
 * Figures computed from the roll-ups, kept per database and key while the monthly roll-ups are unchanged (their
 * version, one row read) and for at most \`maxAgeMs\` of the app's clock: what happened today shows within that
 * time, a roll-up or a change dated in a past month at once. Concurrent requests for the same key share one
 * computation; a failed one is not kept. For the pages many read at once (the public statistics, the dashboard).
 */
export async function keptFor<T>(
  deps: { db: Tx; now: () => Date },
  key: string,
  maxAgeMs: number,
  compute: () => Promise<T>,
): Promise<T> {
  const r = await sql<{ version: string }>`select version::text as version from stat_rollup where id = 1`.execute(
    deps.db,
  );
  const version = r.rows[0]?.version ?? "";
  const now = deps.now().getTime();
  const store = keptFigures.get(deps.db) ?? new Map<string, { at: number; version: string; value: Promise<unknown> }>();
  keptFigures.set(deps.db, store);
  const hit = store.get(key);
  if (hit && hit.version === version && now >= hit.at && now - hit.at < maxAgeMs) return hit.value as Promise<T>;
  const value = compute();
  if (store.size > 1000) store.clear();
  store.set(key, { at: now, version, value });
  value.catch(() => {
    if (store.get(key)?.value === value) store.delete(key);
  });
  return value;
}

/** How long \`keptFor\` keeps the figures of the public statistics and the dashboard: today's events show within it. */
export const FIGURES_MAX_AGE_MS = 60_000;

const keptFigures = new WeakMap<object, Map<string, { at: number; version: string; value: Promise<unknown> }>>();

/** Roll-up rows in two parts: the monthly rows, and the daily rows from the watermark (\`since\`: a day not after it). */
export interface RollupParts {
  closed: RawBuilder<unknown>;
  live: (since: string) => RawBuilder<unknown>;
}

type SumRow<K extends string, S extends string> = Record<K, string> & Record<S, number>;

/**
 * What is computed from the monthly roll-ups alone, per database and statement, with the roll-ups' version it was
 * computed at (\`stat_rollup.version\` changes whenever the monthly rows do: a roll-up, a forwarded delta, a rebuild).
 */
const closedSums = new WeakMap<object, Map<string, { version: string; rows: Record<string, unknown>[] }>>();

/**
 * A grouped sum over roll-up rows, in two reads: \`select\` over the closed relations (the monthly rows), kept in
 * memory until the roll-ups' version changes, and \`select\` over the live ones (the daily rows from the watermark
 * on), read every time — so a report, the public page or the dashboard costs a few days' rows once its months are
 * known. Every column of \`select\`'s rows is a group key (named in \`keys\`, as text) or a sum (in \`sums\`); the
 * two parts' rows are added by key. Each read carries the version it saw; when they differ (a roll-up between them),
 * the closed part is read again.
 */
export async function sumRollups<R extends string, K extends string, S extends string>(
  db: Tx,
  parts: Record<R, RollupParts>,
  select: (rel: Record<R, RawBuilder<unknown>>) => RawBuilder<unknown>,
  keys: readonly K[],
  sums: readonly S[],
): Promise<SumRow<K, S>[]> {
  const relations = (of: (p: RollupParts) => RawBuilder<unknown>) =>
    Object.fromEntries(Object.entries<RollupParts>(parts).map(([k, v]) => [k, of(v)])) as Record<
      R,
      RawBuilder<unknown>
    >;
  const read = async (statement: RawBuilder<unknown>) => {
    const r = await sql<Record<string, unknown>>`select v.version::text as "__version", v.through as "__through", x.*
from stat_rollup v left join lateral (select 1 as "__row", y.* from (${statement}) y) x on true
where v.id = 1`.execute(db);
    return {
      version: String(r.rows[0]?.__version ?? ""),
      through: dayText(r.rows[0]?.__through) ?? EPOCH,
      rows: r.rows.filter((x) => x.__row != null),
    };
  };
  const cache = closedSums.get(db) ?? new Map<string, { version: string; rows: Record<string, unknown>[] }>();
  closedSums.set(db, cache);
  const closedStatement = select(relations((p) => p.closed));
  const compiled = closedStatement.compile(db);
  const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}`;
  for (let attempt = 0; ; attempt++) {
    const since = await knownWatermark(db);
    const live = await read(select(relations((p) => p.live(since))));
    if (live.through < since) {
      // the watermark went back (a rebuild's roll-up undone by hand): read again from there
      seenWatermark.set(db, live.through);
      continue;
    }
    if (live.through > since) seenWatermark.set(db, live.through);
    let closed = cache.get(key);
    if (!closed || closed.version !== live.version) {
      const c = await read(closedStatement);
      closed = { version: c.version, rows: c.rows };
      if (cache.size > 500) cache.clear();
      cache.set(key, closed);
    }
    if (closed.version === live.version || attempt >= 3) return addRows([...closed.rows, ...live.rows], keys, sums);
  }
}

function addRows<K extends string, S extends string>(
  rows: Record<string, unknown>[],
  keys: readonly K[],
  sums: readonly S[],
): SumRow<K, S>[] {
  const out = new Map<string, SumRow<K, S>>();
  for (const r of rows) {
    const k = keys.map((c) => String(r[c] ?? "")).join("\u0000");
    let acc = out.get(k);
    if (!acc) {
      acc = {} as SumRow<K, S>;
      for (const c of keys) (acc as Record<string, unknown>)[c] = String(r[c] ?? "");
      for (const c of sums) (acc as Record<string, unknown>)[c] = 0;
      out.set(k, acc);
    }
    for (const c of sums) (acc as Record<string, number>)[c] += Number(r[c] ?? 0);
  }
  return [...out.values()];
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

const SUMS = ["in_period", "before", "overdue"] as const;

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
  const online = sql.join(ONLINE_CHANNELS.map((c) => sql`${c}`));
  const select = (source: RawBuilder<unknown>) => sql`
select ${sql.raw(GROUP_COLUMN[groupBy])} as k, metric, (channel in (${online}))::text as online,
  coalesce(sum(case when m >= ${p.from}::date then n else 0 end), 0) as in_period,
  coalesce(sum(case when m < ${p.from}::date then n else 0 end), 0) as before,
  coalesce(sum(case when metric = 'open_due' and bucket < ${p.to} then n else 0 end), 0) as overdue
from ${source} r
group by 1, 2, 3`;
  const rows = await sumPeriod(
    db,
    {
      unitIds: scope.unitIds,
      fieldId: scope.fieldId,
      procedureId: scope.procedureId,
      perUnit: groupBy === "unit",
      perProcedure: groupBy === "procedure",
    },
    null,
    p.to,
    (r) => select(r),
    ["k", "metric", "online"],
    SUMS,
  );
  const out = new Map<string, PeriodCounts>();
  for (const r of rows) {
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
        if (r.online === "true") c.receivedOnline += inPeriod;
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
