/**
 * A province-year of dossiers (issue #8 "scale"): 200 receiving units, 2,000 procedures and N dossiers submitted over
 * the 365 days before `end`, each with a history of events as the use cases write them, seeded (same seed, same
 * data). `npm run bench -- province-gen --dossiers 1000000 [--seed 8] [--keep]`.
 *
 * What is generated, and how it stays what the app would have written:
 * - the catalogue: 20 departments and 180 communes (receiving), 40 fields, 2,000 published procedures cloned from an
 *   existing published version (1,600 province-level, each received by one department; 400 commune-level, received
 *   by every commune), popularity Zipf-like (civil status and certification dominate, a long tail); time limits from
 *   the same day to 20 working days; 70 % of procedures online;
 * - each dossier's life, drawn from a seeded PRNG: channel (national portal / own portal / counter / post; ~45 %
 *   online overall), receipt (online ones within a day, a few refused), supplement requests (8 %, some withdrawn),
 *   financial obligations (12 %, paid online or at the counter), electronic results, processing early / on time /
 *   late (~92 % early or on time), a few stopped, the result returned, ratings on ~25 % of returned dossiers (some
 *   changed later); dossiers whose life goes past `end` stay open where they are (some overdue); 97 % of received
 *   dossiers pushed to the National Public Service Portal within two hours (`national_sync`);
 * - the history: every event hash-chained exactly as appendEvent chains it (`eventHash`), with the `changes` the
 *   statistics read (status, due instant, suspension, outcome);
 * - the statistics: each dossier's events folded by the same pure fold the app runs as events happen and the rebuild
 *   runs (`foldStatHistory`), written to `stat_dossiers` / `stat_daily`; the facts (`dossier_facts`) as
 *   `recordFacts` keeps them; files (components, results) as rows; ratings as `dossier_ratings`; then the monthly
 *   roll-ups by `rollUpStatistics` (the app's own job) up to `end`'s day.
 * Rows go in with `insert … select from unnest(arrays)` in batches (PostgreSQL and PGlite alike), so the test suite
 * runs the same generator at a small scale (test/api/report-aggregates.test.ts).
 */
import { existsSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { loadavg } from "node:os";
import { type Kysely, sql } from "kysely";
import type { Database } from "../src/adapters/db/schema.js";
import { eventHash } from "../src/app/history.js";
import { rollUpStatistics } from "../src/app/statistics.js";
import { vnDay } from "../src/domain/calendar/days.js";
import {
  affectsStatistics,
  factDeltas,
  foldStatEvent,
  initialStatState,
  type StatDelta,
} from "../src/domain/measure/statistics.js";

export interface ProvinceOptions {
  dossiers: number;
  seed?: number;
  /** The instant the data ends (submissions in the 365 days before it); the generator's "now". */
  end?: Date;
  /** Dossiers per batch of inserts. */
  batch?: number;
  /**
   * PostgreSQL bulk load: the loaded tables' indexes, keys and foreign keys are dropped during the load and put back
   * from their own definitions afterwards (1 GB of maintenance memory); the batches' commits do not wait for the WAL
   * flush; the load stops while 4 GB are still free on the database's disk, when that disk is this machine's.
   */
  bulkLoad?: boolean;
  log?: (line: string) => void;
}

export interface ProvinceInfo {
  dossiers: number;
  events: number;
  units: number;
  procedures: number;
  unitIds: string[];
  seconds: number;
  end: string;
}

const DEPARTMENTS = 20;
const COMMUNES = 180;
const FIELDS = 40;
const PROVINCE_PROCS = 1600;
const COMMUNE_PROCS = 400;
const H = 3600_000;
const DAY = 24 * H;

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cumulative weights → index by binary search. */
function picker(weights: number[]) {
  const cum: number[] = [];
  let acc = 0;
  for (const w of weights) {
    acc += w;
    cum.push(acc);
  }
  return (r: number) => {
    const x = r * acc;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

const hex = "0123456789abcdef";
function uuidOf(rand: () => number): string {
  let s = "";
  for (let i = 0; i < 32; i++) {
    let c = hex[Math.floor(rand() * 16)];
    if (i === 12) c = "4";
    if (i === 16) c = hex[8 + Math.floor(rand() * 4)];
    s += c;
    if (i === 7 || i === 11 || i === 15 || i === 19) s += "-";
  }
  return s;
}

type Col = [name: string, type: string];

/** insert into `table` (cols) select from unnest($1::t1[], …): one statement on either engine. */
function insertRows(table: string, cols: Col[], rows: unknown[][], suffix = sql``) {
  const arrays = cols.map((_, i) => rows.map((r) => r[i] ?? null));
  return sql`insert into ${sql.table(table)} (${sql.join(cols.map(([c]) => sql.ref(c)))})
select * from unnest(${sql.join(cols.map(([, t], i) => sql`${arrays[i]}::${sql.raw(t)}[]`))}) ${suffix}`;
}

/** Inserts \`rows\`, 5,000 to a statement. */
async function bulk(db: Kysely<Database>, table: string, cols: Col[], rows: unknown[][], suffix = sql``) {
  for (let i = 0; i < rows.length; i += 5000)
    await insertRows(table, cols, rows.slice(i, i + 5000), suffix).execute(db);
}

const DAILY_COLS: Col[] = [
  ["unit_id", "uuid"],
  ["day", "date"],
  ["field_id", "uuid"],
  ["procedure_id", "uuid"],
  ["channel", "text"],
  ["metric", "text"],
  ["bucket", "text"],
  ["n", "integer"],
];

/** Each batch adds to the daily rows already there. */
const DAILY_ADD = sql`on conflict (unit_id, day, field_id, procedure_id, channel, metric, bucket)
  do update set n = stat_daily.n + excluded.n`;

/** The daily rows that count, in key order. */
const dailyRows = (rows: Map<string, unknown[]>) =>
  [...rows.values()].filter((r) => r[7] !== 0).sort((a, b) => String(a).localeCompare(String(b)));

/**
 * One batch's inserts as a single statement (each table's insert a data-modifying WITH; foreign keys are checked at
 * the statement's end): one round trip, atomic without a transaction around it.
 */
function batchStatement(parts: [table: string, cols: Col[], rows: unknown[][], suffix?: ReturnType<typeof sql>][]) {
  const used = parts.filter(([, , rows]) => rows.length > 0);
  return sql`with ${sql.join(
    used.map(
      ([table, cols, rows, suffix], i) => sql`${sql.raw(`w${i}`)} as (${insertRows(table, cols, rows, suffix)})`,
    ),
  )} select ${used.length} as parts`;
}

interface Proc {
  id: string;
  versionId: string;
  fieldId: string;
  online: boolean;
  limitDays: number;
  /** A department (province-level) or null (any commune). */
  unit: string | null;
}

interface Ev {
  type: string;
  at: Date;
  from: number | null;
  to: number | null;
  data: Record<string, unknown>;
  actor: "citizen" | "officer";
}

/** Creates (or finds) the generated catalogue: units, fields and procedures. */
async function catalogue(db: Kysely<Database>, rand: () => number) {
  const template = await db
    .selectFrom("procedure_versions")
    .selectAll()
    .where("status", "=", "published")
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (!template) throw new Error("province-gen: needs one published procedure version to clone (seed the catalogue)");
  const ruleSet = await db.selectFrom("rule_sets").select("code").limit(1).executeTakeFirstOrThrow();
  const existing = await db.selectFrom("units").select(["id", "code"]).where("code", "like", "GEN-%").execute();
  if (existing.length === 0) {
    await db
      .insertInto("units")
      .values([
        ...Array.from({ length: DEPARTMENTS }, (_, i) => ({
          code: `GEN-S${String(i + 1).padStart(2, "0")}`,
          name: `Sở thử nghiệm ${i + 1}`,
          kind: "department" as const,
          level: "province" as const,
          parent_id: null,
          address: null,
          phone: null,
          email: null,
        })),
        ...Array.from({ length: COMMUNES }, (_, i) => ({
          code: `GEN-X${String(i + 1).padStart(3, "0")}`,
          name: `Xã thử nghiệm ${i + 1}`,
          kind: "commune" as const,
          level: "commune" as const,
          parent_id: null,
          address: null,
          phone: null,
          email: null,
        })),
      ])
      .execute();
    await db
      .insertInto("fields")
      .values(
        Array.from({ length: FIELDS }, (_, i) => ({
          code: `GEN-F${String(i + 1).padStart(2, "0")}`,
          name: `Lĩnh vực thử nghiệm ${i + 1}`,
          name_en: null,
        })),
      )
      .execute();
  }
  const units = await db
    .selectFrom("units")
    .select(["id", "code"])
    .where("code", "like", "GEN-%")
    .orderBy("code")
    .execute();
  const depts = units.filter((u) => u.code.startsWith("GEN-S")).map((u) => u.id);
  const communes = units.filter((u) => u.code.startsWith("GEN-X")).map((u) => u.id);
  const fields = (
    await db.selectFrom("fields").select(["id", "code"]).where("code", "like", "GEN-%").orderBy("code").execute()
  ).map((f) => f.id);

  let procs = await db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select([
      "p.id",
      "p.national_code",
      "v.id as version_id",
      "v.field_id",
      "v.online_kind",
      "v.time_limit",
      "v.competent_unit_id",
      "v.level",
    ])
    .where("p.national_code", "like", "GEN.%")
    .orderBy("p.national_code")
    .execute();
  if (procs.length === 0) {
    const limits = [0, 1, 3, 5, 7, 10, 15, 20];
    const rows: unknown[][] = [];
    const vrows: unknown[][] = [];
    for (let i = 0; i < PROVINCE_PROCS + COMMUNE_PROCS; i++) {
      const commune = i >= PROVINCE_PROCS;
      const pid = uuidOf(rand);
      const vid = uuidOf(rand);
      const days = limits[Math.floor(rand() * limits.length)];
      rows.push([pid, `GEN.${String(i + 1).padStart(5, "0")}`, null]);
      vrows.push([
        vid,
        pid,
        1,
        "published",
        `Thủ tục thử nghiệm ${i + 1}`,
        fields[commune ? (i % 10) + 30 : i % 30],
        commune ? "commune" : "province",
        commune ? communes[0] : depts[i % DEPARTMENTS],
        JSON.stringify(commune ? communes : []),
        JSON.stringify(days === 0 ? { unit: "immediate" } : { unit: "working_days", value: days }),
        rand() < 0.7 ? (rand() < 0.6 ? "end_to_end" : "partial") : "none",
      ]);
    }
    await bulk(
      db,
      "procedures",
      [
        ["id", "uuid"],
        ["national_code", "text"],
        ["current_version_id", "uuid"],
      ],
      rows,
    );
    const t = template;
    const j = (v: unknown) => JSON.stringify(v);
    await sql`insert into procedure_versions (id, procedure_id, version, status, name, field_id, level, competent_unit_id,
  implementing_unit_ids, applicant_types, description, requirements, time_limit, fees, components, result, legal_bases,
  online_kind, online_reason, eform, process, published_at)
select x.id, x.pid, x.v, x.status, x.name, x.field_id, x.level, x.competent, x.impl::jsonb, ${j(t.applicant_types)}::jsonb,
  ${t.description}, ${t.requirements}, x.tl::jsonb, ${j(t.fees)}::jsonb, ${j(t.components)}::jsonb, ${j(t.result)}::jsonb,
  ${j(t.legal_bases)}::jsonb, x.ok, case when x.ok = 'none' then 'Yêu cầu nộp trực tiếp' end, ${j(t.eform)}::jsonb,
  ${j(t.process)}::jsonb, now()
from unnest(${vrows.map((r) => r[0])}::uuid[], ${vrows.map((r) => r[1])}::uuid[], ${vrows.map((r) => r[2])}::int[],
  ${vrows.map((r) => r[3])}::text[], ${vrows.map((r) => r[4])}::text[], ${vrows.map((r) => r[5])}::uuid[],
  ${vrows.map((r) => r[6])}::text[], ${vrows.map((r) => r[7])}::uuid[], ${vrows.map((r) => r[8])}::text[],
  ${vrows.map((r) => r[9])}::text[], ${vrows.map((r) => r[10])}::text[])
  as x(id, pid, v, status, name, field_id, level, competent, impl, tl, ok)`.execute(db);
    await sql`update procedures p set current_version_id = v.id from procedure_versions v
where v.procedure_id = p.id and p.national_code like 'GEN.%'`.execute(db);
    procs = await db
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
      .select([
        "p.id",
        "p.national_code",
        "v.id as version_id",
        "v.field_id",
        "v.online_kind",
        "v.time_limit",
        "v.competent_unit_id",
        "v.level",
      ])
      .where("p.national_code", "like", "GEN.%")
      .orderBy("p.national_code")
      .execute();
  }
  const list: Proc[] = procs.map((p) => {
    const tl = p.time_limit as { unit: string; value?: number };
    return {
      id: p.id,
      versionId: p.version_id,
      fieldId: p.field_id,
      online: p.online_kind !== "none",
      limitDays: tl.unit === "immediate" ? 0 : (tl.value ?? 5),
      unit: p.level === "commune" ? null : p.competent_unit_id,
    };
  });
  return { procs: list, depts, communes, ruleSet: ruleSet.code, unitIds: units.map((u) => u.id) };
}

/**
 * Generates `opts.dossiers` dossiers into `db` (migrated, with one published procedure version to clone). Returns
 * what it wrote. Deterministic for a seed and `end`.
 */
export async function generateProvince(db: Kysely<Database>, opts: ProvinceOptions): Promise<ProvinceInfo> {
  const t0 = performance.now();
  const rand = prng(opts.seed ?? 8);
  const log = opts.log ?? (() => {});
  const end = opts.end ?? new Date(Math.floor(Date.now() / H) * H);
  const start = end.getTime() - 365 * DAY;
  const cat = await catalogue(db, rand);
  // popularity: Zipf over procedures (commune-level ones, e.g. civil status and certification, get half the volume)
  const procPick = picker(
    cat.procs.map((p, i) => (p.unit ? 1 / (1 + i) ** 0.9 : (2.2 / (1 + (i - PROVINCE_PROCS)) ** 0.9) * 1)),
  );
  const communePick = picker(cat.communes.map((_, i) => 1 / (1 + i * 0.05)));
  const codeCounters = new Map<string, number>();
  const batch = opts.batch ?? 2000;
  // The daily rows of the days the roll-up below leaves open (from \`end\`'s day on). The app writes them as that
  // day's events happen, so they lie together at the end of stat_daily; written with each batch they would be spread
  // over the whole table, and every report's read of the open days would fetch one page per row. Kept here and
  // written last, as the app would have written them.
  const openFrom = vnDay(end);
  const openDays = new Map<string, unknown[]>();
  let events = 0;
  // one connection for the whole load: its settings hold for every batch and for the rebuild
  await db.connection().execute(async (conn) => {
    if (opts.bulkLoad)
      await sql`select set_config('synchronous_commit', 'off', false), set_config('maintenance_work_mem', '1GB', false),
  set_config('work_mem', '256MB', false)`.execute(conn);
    const restore = opts.bulkLoad ? await dropForLoad(conn, LOADED, log) : undefined;
    const checkDisk = opts.bulkLoad ? await diskGuard(conn) : undefined;
    let pending: Promise<void> | undefined;

    for (let done = 0; done < opts.dossiers; done += batch) {
      await checkDisk?.();
      const n = Math.min(batch, opts.dossiers - done);
      const dossiers: unknown[][] = [];
      const evRows: unknown[][] = [];
      const files: unknown[][] = [];
      const dfiles: unknown[][] = [];
      const stats: unknown[][] = [];
      const facts: unknown[][] = [];
      const ratings: unknown[][] = [];
      const syncs: unknown[][] = [];
      const daily = new Map<string, unknown[]>();
      for (let k = 0; k < n; k++) {
        // the event loop gets a turn now and then, to send the batch in flight and hear its answer
        if (k % 250 === 249) await new Promise<void>((r) => setImmediate(r));
        const i = done + k;
        const p = cat.procs[procPick(rand())];
        const unit = p.unit ?? cat.communes[communePick(rand())];
        const id = uuidOf(rand);
        const r = rand();
        const channel = p.online
          ? r < 0.25
            ? "national_portal"
            : r < 0.6
              ? "online"
              : r < 0.95
                ? "counter"
                : "postal"
          : r < 0.92
            ? "counter"
            : "postal";
        const online = channel === "online" || channel === "national_portal";
        // a working instant: a weekday (Vietnam) between 08:00 and 17:00
        let sub = start + Math.floor(rand() * 365) * DAY;
        const dow = new Date(sub + 7 * H).getUTCDay();
        if (dow === 0 || dow === 6) sub += (dow === 6 ? 2 : 1) * DAY;
        sub = Math.floor(sub / DAY) * DAY + H + Math.floor(rand() * 9 * H);
        if (sub >= end.getTime()) sub = end.getTime() - Math.floor(rand() * 4 * H) - H;
        const evs: Ev[] = [];
        const at = (t: number) => new Date(Math.min(t, end.getTime() - 1));
        let t = sub;
        let status = 1;
        let dueAt: number | null = null;
        let suspendedAt: number | null = null;
        let processedAt: number | null = null;
        let returnedAt: number | null = null;
        let closedAt: number | null = null;
        let outcome: string | null = null;
        let code: string | null = null;
        let componentFiles = online || rand() < 0.7 ? 1 : 0;
        let eResult = false;
        let paymentRequired = false;
        let paidOnline: boolean | null = null;
        let rating: { overall: string; first: number; last: number; changes: number } | null = null;
        const alive = (x: number) => x < end.getTime();
        const push = (type: string, x: number, to: number | null, data: Record<string, unknown> = {}) => {
          evs.push({ type, at: at(x), from: to === null ? null : status, to, data, actor: "officer" });
          if (to !== null) status = to;
        };
        evs.push({ type: "submitted", at: at(t), from: null, to: 1, data: { channel }, actor: "citizen" });
        // the life, until it ends or reaches `end`
        (() => {
          if (online) {
            t += (0.5 + rand() * 20) * H;
            if (!alive(t)) return;
            if (rand() < 0.02) {
              push("refused", t, 3, { reason: "Hồ sơ không thuộc thẩm quyền" });
              closedAt = t;
              return;
            }
          }
          // receipt: the code, the due instant (working days ≈ 1.4 calendar days)
          const day = vnDay(new Date(t));
          const ck = `${unit}|${day}`;
          const no = (codeCounters.get(ck) ?? 0) + 1;
          codeCounters.set(ck, no);
          code = `G${cat.unitIds.indexOf(unit)}-${day.slice(2).replaceAll("-", "")}-${String(no).padStart(4, "0")}`;
          dueAt = p.limitDays === 0 ? t + 4 * H : t + p.limitDays * 1.4 * DAY;
          push("received", t, 2, {
            code,
            changes: { status: { from: 1, to: 2 }, due_at: { from: null, to: new Date(dueAt).toISOString() } },
          });
          const budget = dueAt - t;
          t += Math.min(budget * 0.1, 2 * H);
          if (!alive(t)) return;
          push("handed_over", t, 4, { changes: { status: { from: 2, to: 4 } } });
          if (rand() < 0.08) {
            t += budget * 0.2 * rand();
            if (!alive(t)) return;
            push("supplement_requested", t, 5, {
              changes: { status: { from: 4, to: 5 }, suspended_at: { from: null, to: new Date(t).toISOString() } },
            });
            suspendedAt = t;
            const wait = (1 + rand() * 6) * DAY;
            if (!alive(t + wait)) return;
            t += wait;
            if (rand() < 0.1) {
              push("withdrawn", t, 7, { changes: { status: { from: 5, to: 7 } } });
              closedAt = t;
              return;
            }
            const prev = dueAt;
            dueAt += wait;
            componentFiles++;
            push("supplement_completed", t, 4, {
              changes: {
                status: { from: 5, to: 4 },
                suspended_at: { from: new Date(suspendedAt).toISOString(), to: null },
                due_at: { from: new Date(prev).toISOString(), to: new Date(dueAt).toISOString() },
              },
            });
            suspendedAt = null;
          }
          if (rand() < 0.12) {
            t += budget * 0.3 * rand();
            if (!alive(t)) return;
            push("payment_requested", t, 6, {
              amount: 50000,
              changes: { status: { from: 4, to: 6 }, suspended_at: { from: null, to: new Date(t).toISOString() } },
            });
            paymentRequired = true;
            suspendedAt = t;
            const wait = (0.1 + rand() * 3) * DAY;
            if (!alive(t + wait)) return;
            t += wait;
            const method = online ? (rand() < 0.7 ? "online" : "counter") : rand() < 0.15 ? "online" : "counter";
            const prev = dueAt;
            dueAt += wait;
            push("payment_confirmed", t, 4, {
              method,
              changes: {
                status: { from: 6, to: 4 },
                suspended_at: { from: new Date(suspendedAt).toISOString(), to: null },
                due_at: { from: new Date(prev).toISOString(), to: new Date(dueAt).toISOString() },
              },
            });
            paidOnline = method === "online";
            suspendedAt = null;
          }
          if (rand() < 0.006) {
            t += budget * 0.5 * rand();
            if (!alive(t)) return;
            push("stopped", t, 8, { reason: "Dừng xử lý", changes: { status: { from: 4, to: 8 } } });
            closedAt = t;
            return;
          }
          // processing: ~40 % early, ~52 % on time, ~8 % late (a few very late)
          const o = rand();
          const remaining = dueAt - t;
          const doneAt =
            o < 0.4
              ? t + remaining * (0.2 + rand() * 0.5)
              : o < 0.92
                ? t + remaining * (0.7 + rand() * 0.29)
                : dueAt + (rand() < 0.8 ? rand() * 5 : 5 + rand() * 60) * DAY;
          if (rand() < 0.55) {
            const ra = t + (doneAt - t) * 0.9;
            if (!alive(ra)) return;
            push("result_attached", ra, null, { file: { name: "ket-qua.pdf", mime: "application/pdf" } });
            eResult = true;
          }
          t = doneAt;
          if (!alive(t)) return;
          outcome = t > dueAt ? "late" : vnDay(new Date(t)) < vnDay(new Date(dueAt)) ? "early" : "on_time";
          processedAt = t;
          push("approved", t, 9, {
            changes: {
              status: { from: 4, to: 9 },
              outcome: { from: null, to: outcome },
              processed_at: { from: null, to: new Date(t).toISOString() },
            },
          });
          t += rand() * 3 * DAY;
          if (!alive(t)) return;
          returnedAt = t;
          closedAt = t;
          push("returned", t, 10, { changes: { status: { from: 9, to: 10 } } });
          if (rand() < 0.25) {
            t += rand() * 5 * DAY;
            if (!alive(t)) return;
            const lv = rand();
            const overall = lv < 0.62 ? "very_satisfied" : lv < 0.93 ? "satisfied" : "unsatisfied";
            evs.push({
              type: "rated",
              at: at(t),
              from: null,
              to: null,
              data: { overall, via: "link" },
              actor: "citizen",
            });
            rating = { overall, first: t, last: t, changes: 0 };
            if (rand() < 0.03) {
              t += rand() * 2 * DAY;
              if (!alive(t)) return;
              const changed = overall === "unsatisfied" ? "satisfied" : "unsatisfied";
              evs.push({
                type: "rated",
                at: at(t),
                from: null,
                to: null,
                data: { overall: changed, previous: overall, via: "link" },
                actor: "citizen",
              });
              rating = { overall: changed, first: rating.first, last: t, changes: 1 };
            }
          }
        })();

        // the history, hash-chained
        let prev: string | null = null;
        for (const [s, e] of evs.entries()) {
          const row = {
            dossier_id: id,
            seq: s + 1,
            type: e.type,
            at: e.at,
            actor_kind: e.actor,
            actor_id: null,
            actor_name: e.actor === "citizen" ? "Nguyễn Văn An" : "Cán bộ",
            unit_id: e.actor === "officer" ? unit : null,
            ip: null,
            from_status: e.from,
            to_status: e.to,
            data: e.data,
            prev_hash: prev,
          };
          const hash = eventHash(row);
          evRows.push([
            id,
            s + 1,
            e.type,
            e.at.toISOString(),
            e.actor,
            row.actor_name,
            row.unit_id,
            e.from,
            e.to,
            JSON.stringify(e.data),
            prev,
            hash,
          ]);
          prev = hash;
        }
        events += evs.length;
        const now = end.getTime();
        const open = [1, 2, 4, 5, 6, 9].includes(status);
        const dueState =
          !open || status === 1 || status === 9 || suspendedAt !== null ? "none" : dueAt! < now ? "overdue" : "ok";
        const received = evs[1]?.type === "received" ? evs[1].at : null;
        dossiers.push([
          id,
          `HS-G${String(i).padStart(9, "0")}`,
          code,
          p.id,
          p.versionId,
          cat.ruleSet,
          unit,
          status,
          channel,
          JSON.stringify({
            type: "citizen",
            name: "Nguyễn Văn An",
            idNumber: `0010${String(i % 100000000).padStart(8, "0")}`,
          }),
          "{}",
          new Date(sub).toISOString(),
          received?.toISOString() ?? null,
          dueAt === null ? null : new Date(dueAt).toISOString(),
          processedAt === null ? null : new Date(processedAt).toISOString(),
          returnedAt === null ? null : new Date(returnedAt).toISOString(),
          closedAt === null ? null : new Date(Math.min(closedAt, now - 1)).toISOString(),
          outcome,
          open ? unit : null,
          dueState,
          evs.length,
          prev,
          status === 5 || status === 6 ? 4 : null,
          suspendedAt === null ? null : new Date(suspendedAt).toISOString(),
          evs[evs.length - 1].at.toISOString(),
        ]);
        for (let f = 0; f < componentFiles; f++) {
          const fid = uuidOf(rand);
          files.push([fid, `gen/${fid}`, "0".repeat(64), 120_000, "application/pdf", "thanh-phan.pdf", "dossier", id]);
          dfiles.push([
            id,
            fid,
            f === 0 ? "TK" : null,
            f === 0 ? "component" : "supplement",
            new Date(sub).toISOString(),
          ]);
        }
        if (eResult) {
          const fid = uuidOf(rand);
          files.push([fid, `gen/${fid}`, "0".repeat(64), 80_000, "application/pdf", "ket-qua.pdf", "dossier", id]);
          dfiles.push([id, fid, null, "result", new Date(processedAt ?? sub).toISOString()]);
        }
        // the statistics: the app's own fold over the history
        // event by event, as recordStatistics does (and the rebuild)
        let st = initialStatState();
        const deltas: StatDelta[] = [];
        // the National Public Service Portal: 97 % of received dossiers pushed within two hours of receipt (issue #6)
        const syncedAt = received && rand() < 0.97 ? received.getTime() + (2 + rand() * 118) * 60_000 : null;
        const synced = syncedAt !== null && syncedAt < end.getTime();
        if (received)
          syncs.push([
            id,
            evs.length,
            synced ? evs.length : 0,
            synced,
            synced ? status : null,
            synced ? new Date(syncedAt).toISOString() : null,
            synced ? new Date(syncedAt).toISOString() : null,
          ]);
        const fileFacts = { component: componentFiles > 0, result: eResult, synced };
        for (const e of evs) {
          const ev = { type: e.type, at: e.at, fromStatus: e.from, toStatus: e.to, data: e.data };
          if (!affectsStatistics(ev)) continue;
          const x = foldStatEvent(st, ev);
          st = x.state;
          deltas.push(...x.deltas, ...factDeltas(ev, x.deltas, fileFacts));
        }
        // (the first event, "submitted", already gives every dossier its statistics state, as creation does)
        stats.push([
          id,
          unit,
          p.fieldId,
          p.id,
          channel,
          st.received,
          st.open,
          st.dueDay,
          st.suspended,
          st.receivedDay,
          st.closedDay,
          st.closedAs,
        ]);
        for (const d of deltas) {
          const key = `${unit}|${d.day}|${p.fieldId}|${p.id}|${channel}|${d.metric}|${d.bucket}`;
          const rows = d.day >= openFrom ? openDays : daily;
          const cur = rows.get(key);
          if (cur) (cur[7] as number) += d.n;
          else rows.set(key, [unit, d.day, p.fieldId, p.id, channel, d.metric, d.bucket, d.n]);
        }
        const resolved = status === 9 || status === 10;
        facts.push([
          id,
          componentFiles,
          eResult ? true : resolved ? false : null,
          paymentRequired,
          paidOnline,
          evs[evs.length - 1].at.toISOString(),
        ]);
        if (rating)
          ratings.push([
            id,
            rating.overall,
            "link",
            new Date(rating.first).toISOString(),
            new Date(Math.min(rating.last, now - 1)).toISOString(),
            rating.changes,
          ]);
      }

      const statement = batchStatement([
        [
          "files",
          [
            ["id", "uuid"],
            ["storage_key", "text"],
            ["sha256", "text"],
            ["size", "bigint"],
            ["mime", "text"],
            ["name", "text"],
            ["owner_kind", "text"],
            ["owner_id", "uuid"],
          ],
          files,
        ],
        [
          "dossiers",
          [
            ["id", "uuid"],
            ["reference", "text"],
            ["code", "text"],
            ["procedure_id", "uuid"],
            ["procedure_version_id", "uuid"],
            ["rule_set_code", "text"],
            ["receiving_unit_id", "uuid"],
            ["status", "smallint"],
            ["channel", "text"],
            ["applicant", "jsonb"],
            ["data", "jsonb"],
            ["submitted_at", "timestamptz"],
            ["received_at", "timestamptz"],
            ["due_at", "timestamptz"],
            ["processed_at", "timestamptz"],
            ["returned_at", "timestamptz"],
            ["closed_at", "timestamptz"],
            ["outcome", "text"],
            ["current_unit_id", "uuid"],
            ["due_state", "text"],
            ["last_event_seq", "integer"],
            ["last_event_hash", "text"],
            ["status_before", "smallint"],
            ["suspended_at", "timestamptz"],
            ["updated_at", "timestamptz"],
          ],
          dossiers,
        ],
        [
          "dossier_events",
          [
            ["dossier_id", "uuid"],
            ["seq", "integer"],
            ["type", "text"],
            ["at", "timestamptz"],
            ["actor_kind", "text"],
            ["actor_name", "text"],
            ["unit_id", "uuid"],
            ["from_status", "smallint"],
            ["to_status", "smallint"],
            ["data", "jsonb"],
            ["prev_hash", "text"],
            ["hash", "text"],
          ],
          evRows,
        ],
        [
          "dossier_files",
          [
            ["dossier_id", "uuid"],
            ["file_id", "uuid"],
            ["component_code", "text"],
            ["kind", "text"],
            ["added_at", "timestamptz"],
          ],
          dfiles,
        ],
        [
          "stat_dossiers",
          [
            ["dossier_id", "uuid"],
            ["unit_id", "uuid"],
            ["field_id", "uuid"],
            ["procedure_id", "uuid"],
            ["channel", "text"],
            ["received", "boolean"],
            ["open", "boolean"],
            ["due_day", "text"],
            ["suspended", "boolean"],
            ["received_day", "date"],
            ["closed_day", "date"],
            ["closed_as", "text"],
          ],
          stats,
        ],
        ["stat_daily", DAILY_COLS, dailyRows(daily), DAILY_ADD],
        [
          "dossier_facts",
          [
            ["dossier_id", "uuid"],
            ["components_digitised", "integer"],
            ["electronic_result", "boolean"],
            ["payment_required", "boolean"],
            ["paid_online", "boolean"],
            ["updated_at", "timestamptz"],
          ],
          facts,
        ],
        [
          "dossier_ratings",
          [
            ["dossier_id", "uuid"],
            ["overall", "text"],
            ["via", "text"],
            ["first_rated_at", "timestamptz"],
            ["rated_at", "timestamptz"],
            ["changes", "integer"],
          ],
          ratings,
        ],
        [
          "national_sync",
          [
            ["dossier_id", "uuid"],
            ["target_seq", "integer"],
            ["delivered_seq", "integer"],
            ["first_pushed", "boolean"],
            ["synced_status", "integer"],
            ["first_synced_at", "timestamptz"],
            ["last_synced_at", "timestamptz"],
          ],
          syncs,
        ],
      ]);
      // sent while the next batch is made: the database and the generator work at the same time
      await pending;
      const written = events;
      const sent = statement.execute(conn).then(() => {
        if ((done / batch) % 25 === 0)
          log(`  ${done + n} dossiers, ${written} events, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      });
      sent.catch(() => {}); // awaited with the next batch (or below); not an unhandled rejection meanwhile
      pending = sent;
    }
    await pending;
    await bulk(conn, "stat_daily", DAILY_COLS, dailyRows(openDays), DAILY_ADD);
    // the code counters where the data ends, so new receipts continue the sequences
    const counters = [...codeCounters.entries()].map(([k, v]) => [...k.split("|"), v]);
    await bulk(
      conn,
      "code_counters",
      [
        ["unit_id", "uuid"],
        ["day", "date"],
        ["last", "integer"],
      ],
      counters,
      sql`on conflict do nothing`,
    );
    await restore?.();
    if (opts.bulkLoad)
      for (const name of ["synchronous_commit", "maintenance_work_mem", "work_mem"])
        await sql`reset ${sql.raw(name)}`.execute(conn);
  });
  // the monthly roll-ups, by the app's own roll-up
  await rollUpStatistics(db, vnDay(end));
  return {
    dossiers: opts.dossiers,
    events,
    units: cat.unitIds.length,
    procedures: cat.procs.length,
    unitIds: cat.unitIds,
    seconds: Math.round((performance.now() - t0) / 1000),
    end: end.toISOString(),
  };
}

const LOADED = [
  "files",
  "dossiers",
  "dossier_events",
  "dossier_files",
  "stat_dossiers",
  "stat_daily",
  "dossier_facts",
  "dossier_ratings",
  "national_sync",
];

/**
 * Drops the indexes and foreign keys of `tables` (the foreign keys that point at them too) and their primary and unique
 * keys, but for `stat_daily`'s (each batch adds to its rows by it); the returned function puts them back from their own
 * definitions: keys, then indexes, then foreign keys (validated).
 */
async function dropForLoad(db: Kysely<Database>, tables: string[], log: (s: string) => void) {
  const list = sql.join(tables.map((t) => sql`${t}::regclass`));
  const indexes = (
    await sql<{
      name: string;
      def: string;
    }>`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
from pg_index i where i.indrelid in (${list})
  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(db)
  ).rows;
  const constraints = async (kinds: string[], where: ReturnType<typeof sql>) =>
    (
      await sql<{ tbl: string; name: string; def: string }>`select conrelid::regclass::text as tbl, conname as name,
  pg_get_constraintdef(oid) as def from pg_constraint where contype in (${sql.join(kinds)}) and ${where}
order by conrelid::regclass::text, conname`.execute(db)
    ).rows;
  const fks = await constraints(["f"], sql`(conrelid in (${list}) or confrelid in (${list}))`);
  const keys = await constraints(["p", "u"], sql`conrelid in (${list}) and conrelid <> 'stat_daily'::regclass`);
  for (const fk of fks) await sql.raw(`alter table ${fk.tbl} drop constraint ${fk.name}`).execute(db);
  for (const k of keys) await sql.raw(`alter table ${k.tbl} drop constraint ${k.name}`).execute(db);
  for (const ix of indexes) await sql.raw(`drop index ${ix.name}`).execute(db);
  return async () => {
    const t = performance.now();
    for (const k of keys) await sql.raw(`alter table ${k.tbl} add constraint ${k.name} ${k.def}`).execute(db);
    for (const ix of indexes) await sql.raw(ix.def).execute(db);
    for (const fk of fks) await sql.raw(`alter table ${fk.tbl} add constraint ${fk.name} ${fk.def}`).execute(db);
    log(
      `  ${keys.length} keys, ${indexes.length} indexes and ${fks.length} foreign keys rebuilt in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
  };
}

/**
 * A shared machine's disk is not filled: the returned check throws while 4 GB are still free where the database
 * writes, if that directory can be read and is on this machine (no check otherwise).
 */
async function diskGuard(db: Kysely<Database>) {
  // (readable by superusers and pg_read_all_settings; NULL for others)
  const dir = (await sql<{ d: string | null }>`select current_setting('data_directory', true) as d`.execute(db)).rows[0]
    .d;
  if (!dir || !existsSync(dir)) return undefined;
  return async () => {
    const fs = await statfs(dir);
    const free = fs.bavail * fs.bsize;
    if (free < 4 * 2 ** 30) throw new Error(`province-gen: stopped, ${(free / 2 ** 30).toFixed(1)} GB free on ${dir}`);
  };
}

/** `npm run bench -- province-gen --dossiers N [--seed S] [--keep]`: a database of its own, kept with --keep. */
export async function main() {
  const arg = (name: string, d: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const { createBenchDatabase } = await import("./office-populate.js");
  const h = await createBenchDatabase();
  const n = Number(arg("dossiers", "100000"));
  console.log(`\n## Province-year generator: ${n} dossiers into ${h.name} (load average ${loadavg()[0].toFixed(2)})`);
  try {
    const info = await generateProvince(h.deps.db, {
      dossiers: n,
      seed: Number(arg("seed", "8")),
      batch: 10_000,
      bulkLoad: true,
      log: console.log,
    });
    await sql`vacuum analyze`.execute(h.deps.db);
    console.table([{ ...info, unitIds: undefined, database: h.name }]);
    if (process.argv.includes("--keep")) {
      console.log(`kept: ${h.name}`);
      await h.deps.db.destroy();
      return;
    }
  } finally {
    if (!process.argv.includes("--keep")) await h.drop();
  }
}
