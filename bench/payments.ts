/**
 * `npm run bench -- payments` (issue #7): signed payment-platform callbacks per second over HTTP. A server with the
 * demo province (jobs off) gets N dossiers brought to "financial obligation requested" through the office actions,
 * each with a pending payment order; then every order's SUCCESS notice, HMAC-signed as the platform signs it, is
 * POSTed to /api/integration/payment/notify by C concurrent clients. Each accepted callback verifies the signature,
 * locks the dossier and the order, settles the obligation through the lifecycle (clock resumed, history event,
 * receipt number, outbox message) and commits before answering. Then the same notices again (duplicates: the
 * idempotent path). The load generator runs in the same process as the server (say so beside the figures); every
 * figure is printed with its ratio to pgbench in the same window.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "../src/adapters/payment/protocol.js";
import { loadOfficer } from "../src/app/actors.js";
import { runAction } from "../src/app/office/actions.js";
import { NOTIFY_PATH } from "../src/app/payments/platform.js";
import { loadConfig } from "../src/config.js";
import { startServer } from "../src/server.js";
import { buildOnlineDossier } from "../test/factories/index.js";
import type { TestContext } from "../test/helpers/app.js";
import type { Engine } from "./child.js";
import { throwawayDatabase } from "./child.js";
import type { PgbenchResult } from "./pgbench.js";
import { ratios } from "./pgbench.js";
import { concurrently, percentile, round } from "./stats.js";

const N = Number(process.env.BENCH_PAYMENTS ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS_PAYMENTS ?? 8);
const MERCHANT = "H26-BENCH";
const SECRET = randomBytes(16).toString("hex");

export interface PaymentBenchRow {
  engine: Engine;
  callbacks: string;
  n: number;
  clients: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  refused: number;
}

async function fire(url: string, bodies: object[], clients: number) {
  let refused = 0;
  const { latencies, seconds } = await concurrently(bodies.length, clients, async (i) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(bodies[i]),
    });
    const text = await res.text();
    if (res.status !== 200 || !text.includes('"code":"00"')) refused++;
  });
  return {
    perSecond: round(bodies.length / seconds, 0),
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    refused,
  };
}

export async function benchPayments(engine: Engine, log: (s: string) => void = () => {}): Promise<PaymentBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "motcua-bench-pay-"));
  const db = engine === "postgres" ? await throwawayDatabase("motcua_bench_pay") : undefined;
  try {
    const config = {
      ...loadConfig({
        NODE_ENV: "development",
        DATA_DIR: dir,
        SANDBOXES: "off",
        DEMO_DATA: "on",
        LOG_LEVEL: "warn",
        PAYMENT_URL: "http://127.0.0.1:9",
        PAYMENT_MERCHANT_CODE: MERCHANT,
        PAYMENT_SECRET: SECRET,
        ...(db ? { DATABASE_URL: db.url } : {}),
      }),
      port: 0,
    };
    const server = await startServer(config, { logger: false, jobs: false });
    try {
      const deps = server.deps;
      const v = await deps.db
        .selectFrom("procedure_versions as v")
        .innerJoin("procedures as p", "p.current_version_id", "v.id")
        .select(["v.id", "v.procedure_id", "v.implementing_unit_ids"])
        .where("p.national_code", "=", "1.001193")
        .executeTakeFirstOrThrow();
      const officers = await deps.db.selectFrom("officers").select(["id", "unit_id", "roles"]).execute();
      const receiving = officers.find(
        (o) => (v.implementing_unit_ids ?? []).includes(o.unit_id) && (o.roles as string[]).includes("receiving"),
      );
      if (!receiving) throw new Error("no receiving officer for 1.001193");
      const officer = (await loadOfficer(deps, receiving.id))!;
      const ctx = { deps } as unknown as TestContext;
      // N dossiers awaiting their fee, each with a pending order (as startPayment leaves it once the platform answered)
      const orders: { orderNo: string; amount: number }[] = [];
      const t0 = performance.now();
      for (let i = 0; i < N; i++) {
        const id = await buildOnlineDossier(ctx, { unitId: receiving.unit_id, versionId: v.id } as never, {
          citizenId: null,
          idNumber: String(200000000000 + i),
          procedureId: v.procedure_id,
          versionId: v.id,
        });
        await runAction(deps, officer, id, "receive", {});
        await runAction(deps, officer, id, "forward", {});
        await runAction(deps, officer, id, "request_payment", {});
        const ob = await deps.db
          .selectFrom("payment_obligations")
          .select(["id", "amount", "description"])
          .where("dossier_id", "=", id)
          .executeTakeFirstOrThrow();
        const orderNo = `TTBENCH${String(i).padStart(6, "0")}${randomBytes(3).toString("hex").toUpperCase()}`;
        const now = deps.now();
        await deps.db
          .insertInto("payment_orders")
          .values({
            order_no: orderNo,
            obligation_id: ob.id,
            dossier_id: id,
            amount: ob.amount,
            description: ob.description.slice(0, 200),
            created_at: now,
            expires_at: new Date(now.getTime() + 3_600_000),
            platform_ref: `PGBENCH${i}`,
            payment_url: "http://127.0.0.1:9/pay",
          })
          .execute();
        orders.push({ orderNo, amount: ob.amount });
      }
      log(
        `payments on ${engine}: ${N} dossiers awaiting payment prepared in ${round((performance.now() - t0) / 1000)} s`,
      );
      const ts = Math.floor(Date.now() / 1000);
      const notices = orders.map((o, i) =>
        sign(
          {
            merchantCode: MERCHANT,
            orderId: o.orderNo,
            platformRef: `PGBENCH${i}`,
            transactionId: `TXBENCH${i}${randomBytes(4).toString("hex")}`,
            amount: o.amount,
            currency: "VND",
            status: "SUCCESS",
            method: "bank",
            bankCode: "VCB",
            paidAt: new Date().toISOString(),
            timestamp: ts,
          },
          SECRET,
        ),
      );
      const url = `${server.url}${NOTIFY_PATH}`;
      const first = await fire(url, notices, CLIENTS);
      const settled = await deps.db
        .selectFrom("dossier_events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("type", "=", "payment_confirmed")
        .executeTakeFirstOrThrow();
      if (Number(settled.n) !== N) throw new Error(`expected ${N} payment_confirmed events, found ${settled.n}`);
      const dup = await fire(url, notices, CLIENTS);
      return [
        {
          engine,
          callbacks: "accepted (settles the obligation)",
          n: N,
          clients: CLIENTS,
          perSecond: first.perSecond,
          p50ms: first.p50,
          p99ms: first.p99,
          refused: first.refused,
        },
        {
          engine,
          callbacks: "duplicate (idempotent)",
          n: N,
          clients: CLIENTS,
          perSecond: dup.perSecond,
          p50ms: dup.p50,
          p99ms: dup.p99,
          refused: dup.refused,
        },
      ];
    } finally {
      await server.close();
    }
  } finally {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function main(pgb: PgbenchResult | undefined) {
  const engines = (process.env.BENCH_ENGINES ?? "postgres,pglite").split(",") as Engine[];
  for (const engine of engines) {
    const rows = await benchPayments(engine, (s) => console.log(s));
    console.log(
      `\n## Payment platform callbacks over HTTP on ${engine}: signed SUCCESS notices, each settling a dossier's obligation, then the same again (load generator in the server's process)`,
    );
    console.table(rows.map((r) => ({ ...r, ...ratios(r.perSecond, pgb) })));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(undefined);
