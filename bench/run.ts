/**
 * `npm run bench`: the benchmarks the issues name. Figures go to the README's performance section; nothing here is
 * asserted by a test. PostgreSQL from BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres).
 *
 *   npm run bench                 # all
 *   npm run bench -- read         # one or more of: pgbench search read submission office national payments signatures
 *
 * The machine is shared, so absolute figures drift from one minute to the next: every run starts (and ends) with a
 * short `pgbench` in the same window, and each throughput is printed with its ratio to it (÷insert: a single-row
 * insert script, ÷tpcb: pgbench's default TPC-B, ÷select: pgbench -S), beside the load average.
 */
import { loadavg } from "node:os";
import { benchRead } from "./read.js";
import { type PgbenchResult, ratios, runPgbench } from "./pgbench.js";
import { benchSearch } from "./search.js";
import { benchSubmission } from "./submission.js";

const wanted = new Set(process.argv.slice(2));
const want = (name: string) => wanted.size === 0 || wanted.has(name);
const load = () => `load average ${loadavg()[0].toFixed(2)} (2 cores)`;
const engines = (process.env.BENCH_ENGINES ?? "postgres,pglite").split(",") as Array<"postgres" | "pglite">;

let pgb: PgbenchResult | undefined;
const needsPgbench =
  want("pgbench") || want("read") || want("submission") || want("national") || want("payments") || want("signatures");
if (needsPgbench) {
  pgb = await runPgbench();
  console.log(`\n## pgbench, ${pgb.clients} clients, ${pgb.seconds} s each (${load()})`);
  console.table([pgb]);
}

if (want("search")) {
  const r = await benchSearch();
  console.log(`\n## Catalogue search (${load()})`);
  console.table([r]);
}

if (want("read")) {
  for (const engine of engines) {
    const rows = await benchRead(engine);
    const bare = rows.find((r) => r.target === "bare Fastify page")?.perSecond;
    console.log(`\n## Public read path on ${engine}, ${process.env.BENCH_CONNECTIONS ?? 32} connections (${load()})`);
    console.table(
      rows.map((r) => ({
        ...r,
        "÷bare": bare ? Math.round((r.perSecond / bare) * 100) / 100 : undefined,
        ...ratios(r.perSecond, pgb),
      })),
    );
  }
}

if (want("submission")) {
  for (const engine of engines) {
    console.log(
      `\n## Online submission over HTTP on ${engine}: the required papers (100 KB each) sent with the submission in one multipart request, and the old path (upload each, then submit) in the same window; file store local (a file per upload) and segments (${load()})`,
    );
    const clients = (process.env.BENCH_CLIENTS ?? "4,8,16").split(",").map(Number);
    const perRun = Number(process.env.BENCH_SUBMISSIONS ?? 600);
    const rows = [
      ...(await benchSubmission(engine, clients, perRun, "local")),
      ...(await benchSubmission(engine, clients, perRun, "segments")),
    ];
    console.table(rows.map((r) => ({ ...r, ...ratios(r.perSecond, pgb) })));
  }
}

if (want("national")) {
  // issue #6: pushes/s to the national portal sandbox, action-to-delivery lag, a backlog drained after an outage
  const { main } = await import("./national.js");
  await main(pgb);
}

if (want("payments")) {
  // issue #7: signed payment-platform callbacks per second, each settling a dossier's obligation
  const { main } = await import("./payments.js");
  await main(pgb);
}

if (want("signatures")) {
  // issue #7: PAdES signatures per second, local key and remote signing service, and their verification
  const { main } = await import("./signatures.js");
  await main(pgb);
}

if (needsPgbench) {
  const after = await runPgbench();
  console.log(`\n## pgbench again at the end of the window (${load()})`);
  console.table([after]);
}

if (wanted.has("province-gen")) {
  // issue #8: a province-year of dossiers, seeded (--dossiers N, --seed S, --keep)
  await (await import("./province-gen.js")).main();
}

if (wanted.has("reports")) {
  // issue #8: reports, 766, public statistics and dashboard over a generated province (--dossiers N[,M…])
  await (await import("./reports.js")).main();
}

if (want("office")) {
  const office = await import("./office.js").catch(() => undefined);
  if (!office) console.log("\n## Office: bench/office.ts missing");
  else await (office as { main?: () => Promise<void> }).main?.();
}
