/**
 * A fresh PostgreSQL database for the office benchmark: migrated, demo catalogue and officers seeded, then filled
 * with a province's worth of dossiers in a few set-based statements (`insert … select … from generate_series`).
 *
 * What the rows look like, so the engine's queries meet the shapes they meet in production:
 * - units: ~45 % of dossiers at the provincial centre (province-level procedures), a few at departments that
 *   receive their own, the rest at the communes that implement commune procedures, two big wards taking the most;
 * - procedures weighted like a real year (civil status, certification, residence and land dominate), channels split
 *   national portal / own portal / counter / post (counter or post only where the procedure is not online);
 * - statuses: ~89.5 % closed (returned, refused, withdrawn, stopped) received over the last two years (more recent
 *   ones denser), ~10.5 % open across 1/2/4/5/6/9, received recently with a tail of long-stuck ones, due instants
 *   some past; each open received dossier has its open step task (unit, role, budget, due instant) and the row's
 *   current_step / current_unit_id / assignee_id / step_due_at / due_state as the engine writes them; suspended ones
 *   (5, 6) keep their remaining hours, 6 has its payment obligation; a few processing dossiers have a consultation
 *   open at the Department of Justice;
 * - codes `<unit>-<YYMMDD>-<NNNN>` numbered per unit and Vietnamese day, log-book numbers per unit and year, and the
 *   code / log-book counters left where the data ends, so new receipts continue the sequences;
 * - history: open dossiers carry their "submitted" (and "received") events, hash-chained exactly as appendEvent
 *   chains them (verifyChains accepts them); closed ones carry none (a valid empty chain).
 * The dossiers table's secondary indexes (whatever the migrations define) are dropped during the load and rebuilt
 * from their own definitions afterwards; the constraints stay. Then VACUUM ANALYZE.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import "../src/adapters/db/index.js"; // int8 / date type parsers, as the app sets them
import type { DB } from "../src/adapters/db/index.js";
import type { Database } from "../src/adapters/db/schema.js";
import { migrateToLatest } from "../src/adapters/db/migrate.js";
import type { MailMessage, Mailer } from "../src/adapters/mail/index.js";
import { LocalFileStore } from "../src/adapters/files/index.js";
import { getCalendar } from "../src/app/calendar.js";
import type { Deps } from "../src/app/deps.js";
import { loadConfig } from "../src/config.js";
import type { ProcessSpec, TimeLimit } from "../src/domain/catalogue.js";
import { effectiveProcess } from "../src/domain/lifecycle.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES, type RuleSet } from "../src/domain/rules.js";
import { CENTRE_CODE, COMMUNE, DEPT } from "../src/demo/catalogue/units.js";
import { seedDemo } from "../src/demo/seed.js";

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** A mailer that drops messages (the outbox dispatcher does not run in the benchmark). */
class NullMailer implements Mailer {
  async send(_msg: MailMessage) {}
  close() {}
}

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

export interface PopulationInfo {
  dossiers: number;
  open: number;
  byStatus: Record<string, number>;
  events: number;
  openTasks: number;
  /** Seconds: generation + insert, index and foreign-key rebuild, vacuum analyze. */
  seconds: { load: number; indexes: number; vacuumAnalyze: number; total: number };
  tableMB: number;
  indexesMB: number;
  rebuiltIndexes: string[];
  /** Hash chains of a sample of generated open dossiers checked with verifyChains. */
  chainSample?: { checked: number; ok: boolean };
}

export interface OfficeBenchDb {
  deps: Deps;
  /** Raw pool (EXPLAIN, admin statements). */
  pool: pg.Pool;
  name: string;
  url: string;
  /** The instant the data was generated against. */
  now: Date;
  /** When set, every query the engine runs through deps.db is recorded here. */
  capture: CapturedQuery[] | null;
  info?: PopulationInfo;
  drop(): Promise<void>;
}

/**
 * Opens the benchmark's Deps over database `name` of the server at `admin`, with query capture. `dropOnClose`: the
 * handle's drop() drops the database (otherwise it only closes the connections).
 */
export async function attachBenchDatabase(
  name: string,
  opts: { adminUrl?: string; poolSize?: number; dropOnClose?: boolean } = {},
): Promise<OfficeBenchDb> {
  const admin = opts.adminUrl ?? process.env.BENCH_PG ?? DEFAULT_ADMIN_URL;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: opts.poolSize ?? 16 });
  pool.on("error", (err) => {
    if (!pool.ending) console.error(`bench: database connection lost: ${err.message}`);
  });
  const dir = await mkdtemp(join(tmpdir(), "motcua-bench-office-"));
  const handle: OfficeBenchDb = {
    deps: undefined as unknown as Deps,
    pool,
    name,
    url: url.toString(),
    now: new Date(),
    capture: null,
    async drop() {
      await db.destroy().catch(() => {});
      await rm(dir, { recursive: true, force: true });
      if (!opts.dropOnClose) return;
      const a = new pg.Client({ connectionString: admin });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
  const db: DB = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      if (handle.capture && event.level === "query")
        handle.capture.push({
          sql: event.query.sql,
          parameters: event.query.parameters,
          ms: event.queryDurationMillis,
        });
    },
  });
  const env = {
    NODE_ENV: "production",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    DATA_DIR: dir,
    SANDBOXES: "off",
    // production refuses to start without these; the benchmark sends no mail and signs nobody in
    DATABASE_URL: url.toString(),
    BASE_URL: "http://127.0.0.1",
    OIDC_ISSUER: "https://id.bench.invalid",
    OIDC_CLIENT_ID: "bench",
    OIDC_CLIENT_SECRET: "bench-client-secret",
    SMTP_URL: "smtp://127.0.0.1:9",
    MAIL_FROM: "bench@example.vn",
  };
  const config = { ...loadConfig(env), logLevel: "silent" };
  handle.deps = {
    config,
    db,
    dbKind: "postgres",
    files: new LocalFileStore(config.filesDir),
    mailer: new NullMailer(),
    now: () => new Date(),
  };
  return handle;
}

/** Creates `motcua_bench_<random>`, migrates it and seeds the demo catalogue and officers; drop() drops it. */
export async function createBenchDatabase(opts: { adminUrl?: string; poolSize?: number } = {}): Promise<OfficeBenchDb> {
  const admin = opts.adminUrl ?? process.env.BENCH_PG ?? DEFAULT_ADMIN_URL;
  const name = `motcua_bench_${randomBytes(5).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const handle = await attachBenchDatabase(name, { ...opts, dropOnClose: true });
  try {
    await migrateToLatest(handle.deps.db);
    await seedDemo(handle.deps);
  } catch (e) {
    await handle.drop();
    throw e;
  }
  return handle;
}

/** Relative weights of procedures by national code (others: DEFAULT_WEIGHT). Roughly a city's year. */
const PROCEDURE_WEIGHTS: Record<string, number> = {
  // province level, received at the centre (and some departments)
  "1.012766": 15, // land registration
  "2.000488": 6,
  "1.002809": 4,
  "2.001227": 3,
  "1.014199": 3,
  "2.002481": 4,
  "1.005142": 3,
  "1.005092": 3,
  "2.001610": 2,
  "2.001599": 2,
  // commune level
  "1.001193": 8, // birth registration
  "2.000815": 6, // certification of copies
  "2.000635": 5,
  "2.000884": 4,
  "1.004222": 4, // permanent residence
  "1.000894": 3,
  "3.000722": 3,
  "1.004194": 3,
  "1.000656": 2,
  "1.002755": 2,
  "1.003197": 2,
};
const DEFAULT_WEIGHT = 1;

/** Statuses and their shares (of all dossiers). */
const STATUS_SHARES: [number, number][] = [
  [10, 0.85],
  [3, 0.02],
  [7, 0.015],
  [8, 0.01],
  [1, 0.005],
  [2, 0.015],
  [4, 0.055],
  [5, 0.01],
  [6, 0.005],
  [9, 0.015],
];

const FAMILY: [string, number][] = [
  ["Nguyễn", 38],
  ["Trần", 11],
  ["Lê", 9],
  ["Phạm", 7],
  ["Hoàng", 4],
  ["Huỳnh", 1],
  ["Phan", 4],
  ["Vũ", 3],
  ["Võ", 1],
  ["Đặng", 2],
  ["Bùi", 2],
  ["Đỗ", 2],
  ["Hồ", 1],
  ["Ngô", 2],
  ["Dương", 1],
  ["Lý", 1],
  ["Đinh", 1],
  ["Trịnh", 1],
  ["Mai", 1],
  ["Đào", 1],
  ["Lương", 1],
  ["Tạ", 1],
  ["Chu", 1],
];
const MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Đình", "Ngọc", "Mạnh"];
const MIDDLE_F = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Thùy", "Mai", "Bích"];
const GIVEN_M = [
  "An",
  "Anh",
  "Bình",
  "Cường",
  "Dũng",
  "Duy",
  "Đạt",
  "Hải",
  "Hiếu",
  "Hoàng",
  "Hùng",
  "Huy",
  "Khánh",
  "Khoa",
  "Long",
  "Minh",
  "Nam",
  "Phong",
  "Phúc",
  "Quân",
  "Sơn",
  "Thắng",
  "Thành",
  "Trung",
  "Tuấn",
  "Việt",
];
const GIVEN_F = [
  "An",
  "Anh",
  "Chi",
  "Dung",
  "Giang",
  "Hà",
  "Hạnh",
  "Hằng",
  "Hoa",
  "Hương",
  "Huyền",
  "Lan",
  "Linh",
  "Loan",
  "Mai",
  "My",
  "Nga",
  "Ngân",
  "Nhung",
  "Oanh",
  "Phương",
  "Quỳnh",
  "Thảo",
  "Trang",
  "Vân",
  "Yến",
];
const STREETS = [
  "Trần Phú",
  "Lê Duẩn",
  "Nguyễn Trãi",
  "Cầu Giấy",
  "Xuân Thủy",
  "Kim Mã",
  "Giải Phóng",
  "Láng Hạ",
  "Tây Sơn",
  "Hoàng Quốc Việt",
  "Nguyễn Văn Cừ",
  "Lạc Long Quân",
];

/** A SQL text[] literal. */
const textArray = (xs: string[]) => sql`${sql.lit(`{${xs.map((x) => `"${x}"`).join(",")}}`)}::text[]`;

/** Base32 (the reference alphabet) of `x` in `n` characters, as a SQL expression. */
function base32(x: string, n: number): string {
  const parts: string[] = [];
  for (let k = n - 1; k >= 0; k--)
    parts.push(`substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((${x} >> ${5 * k}) & 31)::int + 1, 1)`);
  return parts.join(" || ");
}

interface ProcRow {
  idx: number;
  procedure_id: string;
  version_id: string;
  competent: string;
  lo: number;
  hi: number;
  /** Receiving units and the lower bounds of their shares (width_bucket). */
  u_lo: number[];
  u_ids: string[];
  limit_h: number;
  immediate: boolean;
  online: boolean;
  electronic: boolean;
  steps: { u: string | null; k: "receiving" | "competent" | "fixed"; r: string; b: number; n: string }[];
}

const hoursOfLimit = (t: TimeLimit) =>
  t.unit === "working_days" ? t.value * 8 : t.unit === "working_hours" ? t.value : 0;

/**
 * Fills the database with `n` dossiers (default 1,000,000) as described in the module comment. Returns what was
 * loaded and how long each phase took.
 */
export async function populate(h: OfficeBenchDb, opts: { dossiers?: number; log?: (s: string) => void } = {}) {
  const n = opts.dossiers ?? 1_000_000;
  const log = opts.log ?? (() => {});
  const db = h.deps.db;
  const t0 = performance.now();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  h.now = now;
  const cal = await getCalendar(h.deps);
  const rs = await db
    .selectFrom("rule_sets")
    .select("rules")
    .where("code", "=", DEFAULT_RULE_SET_CODE)
    .executeTakeFirst();
  const rules: RuleSet = { ...DEFAULT_RULES, ...(rs?.rules ?? {}) };
  const dueSoonThreshold = cal.addWorkingHours(now, rules.dueSoonWorkingHours);

  // ---- the catalogue as the engine sees it
  const units = await db.selectFrom("units").select(["id", "code", "kind", "receives_dossiers"]).execute();
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const centre = unitByCode.get(CENTRE_CODE)!.id;
  const bigWards = new Map([
    [unitByCode.get(COMMUNE.hoanKiem)!.id, 0.16],
    [unitByCode.get(COMMUNE.cauGiay)!.id, 0.13],
    [unitByCode.get(COMMUNE.haDong)!.id, 0.08],
  ]);
  const versions = await db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select([
      "p.id",
      "p.national_code",
      "v.id as version_id",
      "v.competent_unit_id",
      "v.implementing_unit_ids",
      "v.time_limit",
      "v.process",
      "v.online_kind",
      "v.result",
    ])
    .where("v.status", "=", "published")
    .orderBy("p.national_code")
    .execute();
  const procs: ProcRow[] = [];
  const totalWeight = versions.reduce((a, v) => a + (PROCEDURE_WEIGHTS[v.national_code] ?? DEFAULT_WEIGHT), 0);
  let acc = 0;
  for (const [idx, v] of versions.entries()) {
    const w = (PROCEDURE_WEIGHTS[v.national_code] ?? DEFAULT_WEIGHT) / totalWeight;
    const process: ProcessSpec = effectiveProcess(v.process as ProcessSpec, v.time_limit, cal.hoursPerDay);
    procs.push({
      idx,
      procedure_id: v.id,
      version_id: v.version_id,
      competent: v.competent_unit_id,
      lo: acc,
      hi: idx === versions.length - 1 ? 1.000001 : acc + w,
      limit_h: hoursOfLimit(v.time_limit),
      immediate: v.time_limit.unit === "immediate",
      online: v.online_kind !== "none",
      electronic: !!v.result?.electronic,
      u_lo: [],
      u_ids: [],
      steps: process.steps.map((s) => ({
        u: typeof s.unit === "object" ? (unitByCode.get(s.unit.code)?.id ?? null) : null,
        k: typeof s.unit === "object" ? "fixed" : s.unit,
        r: s.role,
        b: s.budgetHours,
        n: s.name,
      })),
    });
    acc += w;
    // receiving units: the implementing units (else the competent one); the centre and the big wards take the most
    const impl = (v.implementing_unit_ids?.length ? v.implementing_unit_ids : [v.competent_unit_id]) as string[];
    const big = impl.filter((id) => bigWards.has(id));
    const bigShare = big.reduce((a, id) => a + bigWards.get(id)!, 0);
    const rest = impl.filter((id) => id !== centre && !bigWards.has(id));
    const zipf = rest.map((_, i) => 1 / (1 + i * 0.08));
    const zipfSum = zipf.reduce((a, b) => a + b, 0) || 1;
    const weights = impl.map((id) => {
      if (impl.includes(centre)) return impl.length === 1 ? 1 : id === centre ? 0.85 : 0.15 / (impl.length - 1);
      if (bigWards.has(id)) return bigWards.get(id)!;
      return ((1 - bigShare) * zipf[rest.indexOf(id)]) / zipfSum;
    });
    const sum = weights.reduce((a, b) => a + b, 0);
    let lo = 0;
    for (const [i, id] of impl.entries()) {
      procs[idx].u_lo.push(lo);
      procs[idx].u_ids.push(id);
      lo += weights[i] / sum;
    }
  }

  // ---- bench officers: a specialist and a leader in each department that processes dossiers, so the data can
  // name assignees and the benchmark can act as them (the demo accounts cover the centre, Justice and two wards)
  const processing = [...new Set(procs.map((p) => p.competent))].filter((id) => {
    const u = units.find((x) => x.id === id);
    return u && u.kind !== "commune";
  });
  const benchOfficers = processing.flatMap((unitId) => {
    const code = units.find((u) => u.id === unitId)!.code;
    return [
      { username: `bench.cv.${code}`, name: "Nguyễn Văn Chuyên", roles: ["specialist"], unit_id: unitId },
      { username: `bench.ld.${code}`, name: "Trần Thị Lãnh", roles: ["leader"], unit_id: unitId },
    ];
  });
  if (benchOfficers.length)
    await db
      .insertInto("officers")
      .values(
        benchOfficers.map((o) => ({
          ...o,
          title: o.roles[0] === "leader" ? "Phó Giám đốc" : "Chuyên viên",
          roles: JSON.stringify(o.roles),
          password_hash: "bench-account-no-login",
        })),
      )
      .onConflict((oc) => oc.column("username").doNothing())
      .execute();
  const justice = unitByCode.get(DEPT.tuPhap)!.id;

  const statusCase = (() => {
    let cum = 0;
    const parts = STATUS_SHARES.map(([s, share]) => {
      cum += share;
      return `when r_status < ${cum.toFixed(6)} then ${s}`;
    });
    return `case ${parts.join(" ")} else 10 end`;
  })();
  const familyList = FAMILY.flatMap(([f, w]) => Array<string>(w).fill(f));

  const conn = await h.pool.connect();
  const q = async (label: string, text: string | { sql: string; parameters: readonly unknown[] }) => {
    const s = performance.now();
    const r =
      typeof text === "string" ? await conn.query(text) : await conn.query(text.sql, text.parameters as unknown[]);
    log(`  ${label}: ${((performance.now() - s) / 1000).toFixed(1)} s${r.rowCount ? ` (${r.rowCount} rows)` : ""}`);
    return r;
  };
  const compile = (query: ReturnType<typeof sql>) => query.compile(db);
  try {
    await q(
      "settings",
      "set timezone = 'UTC'; set jit = off; set maintenance_work_mem = '512MB'; set work_mem = '256MB'; select setseed(0.20260301)",
    );
    await q(
      "catalogue tables",
      `create temp table bp (idx int primary key, procedure_id uuid, version_id uuid, competent uuid, lo float8, hi float8,
         u_lo float8[], u_ids uuid[], limit_h float8, immediate bool, online bool, electronic bool, steps jsonb, n_steps int);
       create temp table bo (unit_id uuid, role text, officer_id uuid, primary key (unit_id, role));`,
    );
    await q(
      "catalogue rows",
      compile(sql`insert into bp select x.idx, x.procedure_id, x.version_id, x.competent, x.lo, x.hi,
        array(select jsonb_array_elements_text(x.u_lo)::float8), array(select jsonb_array_elements_text(x.u_ids)::uuid),
        x.limit_h, x.immediate, x.online, x.electronic, x.steps, jsonb_array_length(x.steps)
        from jsonb_to_recordset(${JSON.stringify(procs)}::jsonb) as x(idx int, procedure_id uuid, version_id uuid,
          competent uuid, lo float8, hi float8, u_lo jsonb, u_ids jsonb, limit_h float8, immediate bool, online bool,
          electronic bool, steps jsonb)`),
    );
    await q(
      "officers by unit and role",
      `insert into bo select o.unit_id, r.role, (array_agg(o.id order by o.username))[1]
       from officers o cross join lateral jsonb_array_elements_text(o.roles) r(role)
       group by o.unit_id, r.role`,
    );

    // ---- stage 1: one row per dossier with everything decided by random draws
    const tLoad = performance.now();
    const nowLit = `'${now.toISOString()}'::timestamptz`;
    const soonLit = `'${dueSoonThreshold.toISOString()}'::timestamptz`;
    await q(
      "stage 1 (draws, times, steps)",
      compile(sql`
create unlogged table bench_s1 as
with g as (
  select i, random() r_proc, random() r_unit, random() r_status, random() r_chan, random() r_age, random() r_b,
         random() r_c, random() r_d, random() r_e, (random() * 700000)::int pid
  from generate_series(1, ${sql.lit(n)}) i
), p as (
  select g.*, bp.idx, bp.procedure_id, bp.version_id, bp.competent, bp.u_lo, bp.u_ids, bp.limit_h, bp.immediate,
         bp.online, bp.electronic, bp.steps, bp.n_steps,
         ${sql.raw(statusCase)} as status,
         -- the clock in calendar time: 8 working hours ≈ 1.4 calendar days; immediate results the same day
         case when bp.immediate then interval '4 hours' else (bp.limit_h / 8 * 1.4) * interval '1 day' end as dur
  -- weighted draws by binary search over the lower bounds of the shares
  from g join bp on bp.idx = width_bucket(g.r_proc, ${sql.raw(`'{${procs.map((p) => p.lo).join(",")}}'::float8[]`)}) - 1
), u as (
  select p.*, p.u_ids[width_bucket(p.r_unit, p.u_lo)] as receiving_unit_id,
    case when not p.online then (case when p.r_chan < 0.9 then 'counter' else 'postal' end)
         when p.r_chan < 0.35 then 'national_portal' when p.r_chan < 0.55 then 'online'
         when p.r_chan < 0.95 then 'counter' else 'postal' end as channel,
    case when p.status in (10, 3, 7, 8) then 730 * (1 - sqrt(p.r_age))
         when p.status = 1 then p.r_age * 3
         -- receipts of open dossiers spread over at least 20 days (short clocks too)
         else p.f * extract(epoch from p.dur) / 86400
           + least(p.f, 1) * greatest(20 - extract(epoch from p.dur) / 86400, 0) end as age_days
  from (
    -- f: the share of its clock an open received dossier has used (> 1: overdue); a few are stuck for months
    select p.*, case when p.status not in (2, 4, 5, 6, 9) then null
                     when p.status = 2 then p.r_age * 0.4
                     when p.r_b < 0.02 then 1 + p.r_age * 60 * 86400 / extract(epoch from p.dur)
                     else p.r_age * 1.08 end as f
    from p
  ) p
), t as (
  -- a working instant (08:00–16:30 Vietnam time, Monday–Friday) age_days before now, never after now
  select u.*, least(
      (date_trunc('day', ${sql.raw(nowLit)} + interval '7 hours' - u.age_days * interval '1 day')
        - (case extract(isodow from ${sql.raw(nowLit)} + interval '7 hours' - u.age_days * interval '1 day')
             when 6 then 1 when 7 then 2 else 0 end) * interval '1 day'
        + interval '8 hours' + u.r_c * interval '8.5 hours' - interval '7 hours'),
      ${sql.raw(nowLit)} - interval '2 minutes') as t_base
  from u
), s as (
  select t.*,
    date_trunc('milliseconds', case when t.channel in ('online', 'national_portal') and t.status not in (1, 3)
      then t.t_base - t.r_d * interval '20 hours' else t.t_base end) as submitted_at,
    case when t.status in (1, 3) then null else date_trunc('milliseconds', t.t_base) end as received_at
  from t
), k as (
  -- the step a running dossier is at: 0 received, a middle step processing / suspended, the return step processed
  select s.*,
    case when s.status = 2 then 0
         when s.status in (4, 5, 6) then least(s.n_steps - 2, 1 + floor(s.r_b * 25)::int % greatest(s.n_steps - 2, 1))
         when s.status = 9 then s.n_steps - 1 end as step_idx,
    -- due instants: received + the clock for closed ones; for open ones the share of the clock used counted back
    -- from now (their receipts lie further back, spread over at least 20 days so that no unit goes past the
    -- 9,999 codes a day allows, and moved into working hours)
    date_trunc('milliseconds', case when s.f is null then s.received_at + s.dur
      else ${sql.raw(nowLit)} + (1 - s.f) * s.dur end) as due_at
  from s
), st as (
  select k.*, k.steps -> k.step_idx as step,
    case when k.step_idx is null then null
         when k.steps -> k.step_idx ->> 'k' = 'receiving' then k.receiving_unit_id
         when k.steps -> k.step_idx ->> 'k' = 'competent' then k.competent
         else (k.steps -> k.step_idx ->> 'u')::uuid end as step_unit,
    date_trunc('milliseconds', case
      when k.status = 2 then k.received_at
      when k.status in (4, 5, 6, 9) then k.received_at + (${sql.raw(nowLit)} - k.received_at) * (0.2 + k.r_c * 0.6)
    end) as step_started,
    date_trunc('milliseconds', case
      when k.status = 10 then k.received_at + (k.due_at - k.received_at) * (0.15 + k.r_d * 0.9)
      when k.status = 9 then k.received_at + (${sql.raw(nowLit)} - k.received_at) * (0.2 + k.r_c * 0.6)
    end) as processed_at
  from k
)
select gen_random_uuid() as id, st.i, st.pid, st.idx, st.procedure_id, st.version_id, st.receiving_unit_id,
  st.status::smallint as status, st.channel, st.submitted_at, st.received_at, st.due_at, st.processed_at,
  st.immediate, st.electronic, st.step_idx, st.step ->> 'n' as step_name, st.step ->> 'r' as step_role,
  (st.step ->> 'b')::float8 as step_budget, st.step_unit, st.step_started,
  date_trunc('milliseconds', st.step_started + (st.step ->> 'b')::float8 * interval '3 hours') as step_due_at,
  st.limit_h, st.r_b, st.r_d, st.r_e,
  case when st.status = 10 then date_trunc('milliseconds',
         least(st.processed_at + st.r_c * interval '2 days', ${sql.raw(nowLit)} - interval '1 minute'))
       when st.status = 3 then date_trunc('milliseconds', st.submitted_at + interval '1 hour')
       when st.status in (7, 8) then date_trunc('milliseconds',
         st.received_at + (st.due_at - st.received_at) * st.r_d * 0.8)
  end as closed_at,
  case when st.status not in (2, 4) then 'none'
       when st.due_at < ${sql.raw(nowLit)} then (case when st.r_e < 0.01 then 'ok' else 'overdue' end)
       when st.due_at <= ${sql.raw(soonLit)} then 'due_soon' else 'ok' end as due_state
from st`),
    );

    // ---- stage 2: codes and log-book numbers (per unit and Vietnamese day / year), people, references, hashes
    const ts = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    await q(
      "stage 2 (codes, applicants, hash chains)",
      compile(sql`
create unlogged table bench_s2 as
with n as (
  select s.*, un.code as unit_code,
    case when s.received_at is not null then row_number() over (
      partition by s.receiving_unit_id, (s.received_at + interval '7 hours')::date order by s.received_at, s.i) end as day_no,
    case when s.received_at is not null then row_number() over (
      partition by s.receiving_unit_id, extract(year from s.received_at + interval '7 hours') order by s.received_at, s.i) end
      as book_no,
    abs(hashint4(s.pid)) as h1, abs(hashint4(s.pid + 1000003)) as h2, abs(hashint4(s.pid + 2000003)) as h3
  from bench_s1 s join units un on un.id = s.receiving_unit_id
), a as (
  select n.*,
    case when n.received_at is not null then n.unit_code || '-' || to_char(n.received_at + interval '7 hours', 'YYMMDD')
      || '-' || lpad(n.day_no::text, 4, '0') end as code,
    case when n.channel in ('counter', 'postal')
      then 'TQ-' || to_char(n.submitted_at + interval '7 hours', 'YYMMDD') || '-' || ${sql.raw(base32("((n.i::bigint * 1103515245 + 12345) % 1073741824)", 6))}
      else 'HS-' || ${sql.raw(base32("((n.i::bigint * 1103515245 + 12345) % 1099511627776)", 8))} end as reference,
    (${textArray(familyList)})[1 + n.h1 % ${sql.lit(familyList.length)}] || ' ' ||
      case when n.h2 % 2 = 0
        then (${textArray(MIDDLE_M)})[1 + n.h3 % ${sql.lit(MIDDLE_M.length)}] || ' ' || (${textArray(GIVEN_M)})[1 + (n.h1 / 7) % ${sql.lit(GIVEN_M.length)}]
        else (${textArray(MIDDLE_F)})[1 + n.h3 % ${sql.lit(MIDDLE_F.length)}] || ' ' || (${textArray(GIVEN_F)})[1 + (n.h1 / 7) % ${sql.lit(GIVEN_F.length)}]
      end as name,
    '001' || (case when n.h3 % 5 = 0 then 2 else 0 end + n.h2 % 2)::text || lpad((40 + n.h1 % 60)::text, 2, '0')
      || lpad(n.pid::text, 6, '0') as id_number,
    'Số ' || (1 + n.h2 % 250) || ' ' || (${textArray(STREETS)})[1 + n.h3 % ${sql.lit(STREETS.length)}] || ', Thành phố Hà Nội'
      as address,
    '09' || lpad((n.h1 % 100000000)::text, 8, '0') as phone,
    ro.officer_id as receiver_id
  from n left join bo ro on ro.unit_id = n.receiving_unit_id and ro.role = 'receiving'
), e1 as (
  select a.*, case when a.status in (1, 2, 4, 5, 6, 9) then encode(sha256(convert_to(
    '{"actor_id":null,"actor_kind":"citizen","actor_name":' || to_json(a.name)::text || ',"at":"' || ${sql.raw(ts("a.submitted_at"))}
    || '","data":{"channel":"' || a.channel || '"},"dossier_id":"' || a.id || '","from_status":null,"ip":null,'
    || '"prev_hash":null,"seq":1,"to_status":1,"type":"submitted","unit_id":null}', 'UTF8')), 'hex') end as hash1
  from a
)
select e1.*, case when e1.status in (2, 4, 5, 6, 9) then encode(sha256(convert_to(
    '{"actor_id":' || coalesce('"' || e1.receiver_id || '"', 'null') || ',"actor_kind":"officer","actor_name":"Cán bộ tiếp nhận",'
    || '"at":"' || ${sql.raw(ts("e1.received_at"))} || '","data":{"code":"' || e1.code || '"},"dossier_id":"' || e1.id
    || '","from_status":1,"ip":null,"prev_hash":"' || e1.hash1 || '","seq":2,"to_status":2,"type":"received","unit_id":"'
    || e1.receiving_unit_id || '"}', 'UTF8')), 'hex') end as hash2
from e1`),
    );

    const maxDay = (await conn.query("select coalesce(max(day_no), 0)::int m from bench_s2")).rows[0].m as number;
    if (maxDay > 9999) throw new Error(`generated ${maxDay} receipts in one unit and day: more than a code allows`);

    // ---- the load: secondary indexes of dossiers off, rows in, indexes rebuilt from their own definitions (and
    // their columns' statistics targets, which the definition does not carry)
    const idx = await q(
      "secondary indexes of dossiers",
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def,
         coalesce((select json_agg(json_build_object('n', a.attnum, 't', a.attstattarget))
           from pg_attribute a where a.attrelid = i.indexrelid and a.attstattarget > 0), '[]') as stats
       from pg_index i where i.indrelid = 'dossiers'::regclass
         and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    );
    const secondary = idx.rows as { name: string; def: string; stats: { n: number; t: number }[] }[];
    for (const ix of secondary) await conn.query(`drop index ${ix.name}`);
    // foreign keys are checked row by row on insert (most of the load time): drop them and add them back validated
    // in one pass each
    const fks = (
      await q(
        "foreign keys of the loaded tables",
        `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def from pg_constraint
         where contype = 'f' and conrelid in ('dossiers'::regclass, 'dossier_events'::regclass, 'dossier_tasks'::regclass,
           'payment_obligations'::regclass)`,
      )
    ).rows as { tbl: string; name: string; def: string }[];
    for (const fk of fks) await conn.query(`alter table ${fk.tbl} drop constraint ${fk.name}`);
    await q(
      "insert dossiers",
      compile(sql`
insert into dossiers (id, reference, code, procedure_id, procedure_version_id, rule_set_code, receiving_unit_id, status,
  channel, applicant, data, return_method, return_address, sets, submitted_at, received_at, due_at, original_due_at,
  processed_at, returned_at, closed_at, outcome, current_step, current_unit_id, assignee_id, step_due_at, due_state,
  status_before, suspended_at, remaining_hours, step_remaining_hours, supplement_rounds, logbook_year, logbook_no,
  last_event_seq, last_event_hash, version, created_at, updated_at)
select s.id, s.reference, s.code, s.procedure_id, s.version_id, ${DEFAULT_RULE_SET_CODE}, s.receiving_unit_id, s.status,
  s.channel,
  jsonb_build_object('type', 'citizen', 'name', s.name, 'idNumber', s.id_number, 'address', s.address, 'phone', s.phone),
  jsonb_build_object('nguoiYeuCau', jsonb_build_object('hoTen', s.name, 'soDinhDanh', s.id_number, 'diaChi', s.address,
    'soDienThoai', s.phone), 'noiDung', jsonb_build_object('lyDo', 'Theo nhu cầu của công dân', 'soBan', 1 + s.i % 3)),
  rm.m, case when rm.m = 'post' then s.address end, 1 + s.i % 3 / 2, s.submitted_at, s.received_at, s.due_at,
  s.due_at, s.processed_at, case when s.status = 10 then s.closed_at end, s.closed_at,
  case when s.processed_at is null then null when s.processed_at > s.due_at then 'late'
       when (s.processed_at + interval '7 hours')::date < (s.due_at + interval '7 hours')::date then 'early'
       else 'on_time' end,
  s.step_idx,
  case when s.status in (2, 4, 5, 6, 9) then s.step_unit when s.status in (10, 7, 8) then s.receiving_unit_id end,
  case when s.status = 2 and s.step_role = 'receiving' then s.receiver_id
       when s.status in (4, 5, 6) and s.r_d < 0.5 then ao.officer_id end,
  case when s.status in (2, 4, 5, 6, 9) then s.step_due_at end,
  s.due_state,
  case when s.status in (5, 6) then 4 end,
  case when s.status in (5, 6) then s.step_started + interval '1 hour' end,
  case when s.status in (5, 6) then round((s.limit_h * s.r_d)::numeric, 2)::float8 end,
  case when s.status in (5, 6) then round((s.step_budget * s.r_d)::numeric, 2)::float8 end,
  case when s.status = 5 then 1 else 0 end,
  case when s.received_at is not null then extract(year from s.received_at + interval '7 hours')::int end,
  s.book_no,
  case when s.hash2 is not null then 2 when s.hash1 is not null then 1 else 0 end,
  coalesce(s.hash2, s.hash1), 0, s.submitted_at, coalesce(s.closed_at, s.step_started, s.received_at, s.submitted_at)
from bench_s2 s
cross join lateral (select case when s.channel = 'postal' then 'post' when s.electronic and s.channel in ('online', 'national_portal')
  then 'online' else 'counter' end as m) rm
left join bo ao on ao.unit_id = s.step_unit and ao.role = s.step_role`),
    );

    await q(
      "events of open dossiers",
      `insert into dossier_events (dossier_id, seq, type, at, actor_kind, actor_id, actor_name, unit_id, ip, from_status,
         to_status, data, prev_hash, hash)
       select id, 1, 'submitted', submitted_at, 'citizen', null, name, null, null, null, 1,
              jsonb_build_object('channel', channel), null, hash1
       from bench_s2 where hash1 is not null
       union all
       select id, 2, 'received', received_at, 'officer', receiver_id, 'Cán bộ tiếp nhận', receiving_unit_id, null, 1, 2,
              jsonb_build_object('code', code), hash1, hash2
       from bench_s2 where hash2 is not null
       order by 1, 2`,
    );
    await q(
      "open step tasks",
      `insert into dossier_tasks (dossier_id, kind, step_index, name, unit_id, role, assignee_id, status, started_at, due_at,
         created_at)
       select d.id, 'step', d.current_step, s.step_name, d.current_unit_id, s.step_role, d.assignee_id, 'open',
              s.step_started, s.step_due_at, s.step_started
       from bench_s2 s join dossiers d on d.id = s.id where s.status in (2, 4, 5, 6, 9)`,
    );
    await q(
      "consultations at the Department of Justice",
      compile(sql`insert into dossier_tasks (dossier_id, kind, name, unit_id, role, status, started_at, due_at, created_at, data)
       select s.id, 'consultation', 'Xin ý kiến: thẩm định hồ sơ', ${justice}, 'specialist', 'open',
              s.step_started, s.step_started + interval '4 days', s.step_started,
              jsonb_build_object('question', 'Đề nghị cho ý kiến về hồ sơ')
       from bench_s2 s where s.status = 4 and s.r_e > 0.97`),
    );
    await q(
      "payment obligations",
      `insert into payment_obligations (dossier_id, amount, description, status, requested_at)
       select id, 50000 + (i % 10) * 25000, 'Lệ phí giải quyết thủ tục hành chính', 'requested', step_started + interval '1 hour'
       from bench_s2 where status = 6`,
    );
    await q(
      "code and log-book counters",
      `insert into code_counters (unit_id, day, last)
       select receiving_unit_id, (received_at + interval '7 hours')::date, max(day_no) from bench_s2
       where received_at is not null group by 1, 2;
       insert into logbook_counters (unit_id, year, last)
       select receiving_unit_id, extract(year from received_at + interval '7 hours')::int, max(book_no) from bench_s2
       where received_at is not null group by 1, 2`,
    );
    await conn.query("drop table bench_s1, bench_s2");
    const loadSeconds = (performance.now() - tLoad) / 1000;

    const tIdx = performance.now();
    for (const ix of secondary) {
      await q(`index ${ix.name}`, ix.def);
      for (const st of ix.stats)
        await conn.query(`alter index ${ix.name} alter column ${st.n} set statistics ${Number(st.t)}`);
    }
    for (const fk of fks)
      await q(`foreign key ${fk.name}`, `alter table ${fk.tbl} add constraint ${fk.name} ${fk.def}`);
    const indexSeconds = (performance.now() - tIdx) / 1000;
    const tVac = performance.now();
    await q("vacuum analyze", "vacuum (analyze)");
    const vacuumSeconds = (performance.now() - tVac) / 1000;

    const byStatus: Record<string, number> = {};
    for (const r of (await conn.query("select status, count(*)::int n from dossiers group by 1 order by 1")).rows)
      byStatus[String(r.status)] = r.n;
    const sizes = (
      await conn.query(
        `select pg_table_size('dossiers') t, pg_indexes_size('dossiers') i,
          (select count(*)::int from dossier_events) ev,
          (select count(*)::int from dossier_tasks where status = 'open') tasks`,
      )
    ).rows[0];
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    h.info = {
      dossiers: total,
      open: [1, 2, 4, 5, 6, 9].reduce((a, s) => a + (byStatus[String(s)] ?? 0), 0),
      byStatus,
      events: sizes.ev,
      openTasks: sizes.tasks,
      seconds: {
        load: Math.round(loadSeconds),
        indexes: Math.round(indexSeconds),
        vacuumAnalyze: Math.round(vacuumSeconds),
        total: Math.round((performance.now() - t0) / 1000),
      },
      tableMB: Math.round(Number(sizes.t) / 2 ** 20),
      indexesMB: Math.round(Number(sizes.i) / 2 ** 20),
      rebuiltIndexes: secondary.map((s) => s.name),
    };
    return h.info;
  } finally {
    conn.release();
  }
}
