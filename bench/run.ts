/**
 * `npm run bench`: the benchmarks the issues name. Figures go to the README's performance section; nothing here is
 * asserted by a test. PostgreSQL from BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres).
 *
 *   npm run bench                 # all
 *   npm run bench -- search       # one or more of: search submission office
 */
import { loadavg } from "node:os";
import { benchSearch } from "./search.js";
import { benchSubmission } from "./submission.js";

const wanted = new Set(process.argv.slice(2));
const want = (name: string) => wanted.size === 0 || wanted.has(name);
const load = () => `load average ${loadavg()[0].toFixed(2)} (2 cores)`;

if (want("search")) {
  const r = await benchSearch();
  console.log(`\n## Catalogue search (${load()})`);
  console.table([r]);
}

if (want("submission")) {
  for (const engine of ["postgres", "pglite"] as const) {
    console.log(
      `\n## Online submission over HTTP on ${engine}: upload of the required papers (100 KB each) + submit (${load()})`,
    );
    console.table(await benchSubmission(engine, [4, 8, 16], Number(process.env.BENCH_SUBMISSIONS ?? 600)));
  }
}

if (want("office")) {
  const office = await import("./office.js").catch(() => undefined);
  if (!office) console.log("\n## Office: bench/office.ts missing");
  else await (office as { main?: () => Promise<void> }).main?.();
}
