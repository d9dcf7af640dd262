import autocannon from "autocannon";
import type { Engine } from "./child.js";
import { withServer } from "./child.js";
import { fillEForm } from "./eform-fill.js";
import { round } from "./stats.js";
import { PROCEDURE, samplePdf, submitOnce } from "./submission.js";

export interface ReadResult {
  engine: Engine;
  target: string;
  path: string;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 4);

/**
 * The public read path over HTTP, one server process per engine, load from this process with autocannon (32
 * connections, a few seconds each): a bare Fastify page in the same server process (the ceiling of the window), the
 * home page, the search API, the procedure page, the procedure API and the public look-up of a real dossier.
 */
export async function benchRead(engine: Engine): Promise<ReadResult[]> {
  // the look-up is rate-limited per client address, and all of this load comes from one
  return withServer(
    engine,
    { BENCH_PROCEDURE: PROCEDURE, RATE_LIMIT_LOOKUP: "1000000000" },
    async ({ url, bareUrl, cookies, units }) => {
      const proc = (await (await fetch(`${url}/api/procedures/${PROCEDURE}`)).json()) as any;
      const components: string[] = proc.components
        .filter((c: any) => c.required && !c.declaration)
        .map((c: any) => c.code);
      const dossier = await submitOnce(url, cookies[0], fillEForm(proc.eform), components, samplePdf(), units[0]);
      const html = { accept: "text/html" };
      const targets: Array<[string, string, string, Record<string, string>?]> = [
        ["bare Fastify page", bareUrl, "/", html],
        ["home page", url, "/", html],
        ["search API", url, "/api/procedures?q=dang%20ky%20khai%20sinh"],
        ["procedure page", url, `/thu-tuc/${PROCEDURE}`, html],
        ["procedure API", url, `/api/procedures/${PROCEDURE}`],
        ["public look-up API", url, `/api/lookup/${encodeURIComponent(dossier.reference)}`],
      ];
      const out: ReadResult[] = [];
      for (const [target, base, path, headers] of targets) {
        const check = await fetch(base + path, { headers });
        if (check.status !== 200) throw new Error(`${target}: ${check.status} ${await check.text()}`);
        await autocannon({ url: base + path, connections: CONNECTIONS, duration: 1, headers }); // warm-up
        const r = await autocannon({ url: base + path, connections: CONNECTIONS, duration: SECONDS, headers });
        out.push({
          engine,
          target,
          path,
          perSecond: round(r.requests.total / r.duration, 0),
          p50: r.latency.p50,
          p99: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors,
        });
      }
      return out;
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const engine of ["postgres", "pglite"] as const) console.table(await benchRead(engine));
}
