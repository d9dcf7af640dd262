import { randomBytes, randomUUID } from "node:crypto";
import { type Engine, withServer } from "./child.js";
import { fillEForm } from "./eform-fill.js";
import { percentile, round } from "./stats.js";

export interface SubmissionResult {
  engine: "postgres" | "pglite";
  /** "one request": the submission and its files in one multipart request; "old path": upload each file, then submit. */
  path: "one request" | "old path";
  files: string;
  clients: number;
  submissions: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export const PROCEDURE = process.env.BENCH_PROCEDURE ?? "1.001193";

/** A 100 KB file that is a PDF by its content (magic bytes), as a scan would be. */
export function samplePdf(): Uint8Array {
  const head = Buffer.from("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n", "latin1");
  const tail = Buffer.from("\n%%EOF\n", "latin1");
  return Buffer.concat([head, randomBytes(100 * 1024 - head.length - tail.length), tail]);
}

/** One online submission in one request: the e-form data and the files in one multipart body (POST /api/dossiers). */
export async function submitInOne(
  url: string,
  cookie: string,
  data: Record<string, unknown>,
  components: string[],
  file: Uint8Array,
  receivingUnitId?: string,
) {
  const form = new FormData();
  form.append("procedureCode", PROCEDURE);
  if (receivingUnitId) form.append("receivingUnitId", receivingUnitId);
  form.append("data", JSON.stringify(data));
  for (const component of components)
    form.append(
      `files.${component}`,
      new Blob([file as Uint8Array<ArrayBuffer>], { type: "application/pdf" }),
      "scan.pdf",
    );
  const res = await fetch(`${url}/api/dossiers`, {
    method: "POST",
    headers: { cookie, "idempotency-key": randomUUID() },
    body: form,
  });
  if (res.status !== 201) throw new Error(`submit ${res.status} ${await res.text()}`);
  return (await res.json()) as { reference: string; id: string };
}

/** One online submission the old way (the browser's script today): upload each attachment, then submit the dossier. */
export async function submitOnce(
  url: string,
  cookie: string,
  data: Record<string, unknown>,
  components: string[],
  file: Uint8Array,
  receivingUnitId?: string,
) {
  const files: Array<{ componentCode: string; fileId: string }> = [];
  for (const component of components) {
    const form = new FormData();
    form.append("file", new Blob([file as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "scan.pdf");
    const up = await fetch(`${url}/api/uploads?procedure=${PROCEDURE}&component=${component}`, {
      method: "POST",
      headers: { cookie },
      body: form,
    });
    if (up.status !== 201) throw new Error(`upload ${up.status} ${await up.text()}`);
    files.push({ componentCode: component, fileId: ((await up.json()) as { id: string }).id });
  }
  const res = await fetch(`${url}/api/dossiers`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({ procedureCode: PROCEDURE, receivingUnitId, data, files }),
  });
  if (res.status !== 201) throw new Error(`submit ${res.status} ${await res.text()}`);
  return (await res.json()) as { reference: string; id: string };
}

export async function benchSubmission(
  engine: Engine,
  clientCounts = [4, 8, 16],
  perRun = 600,
  fileStore: "local" | "segments" = "local",
): Promise<SubmissionResult[]> {
  return withServer(engine, { BENCH_PROCEDURE: PROCEDURE, FILE_STORE: fileStore }, async ({ url, cookies, units }) => {
    const results: SubmissionResult[] = [];
    const proc = (await (await fetch(`${url}/api/procedures/${PROCEDURE}`)).json()) as any;
    const data = fillEForm(proc.eform);
    const components: string[] = proc.components
      .filter((c: any) => c.required && !c.declaration)
      .map((c: any) => c.code);
    if (components.length === 0) components.push(proc.components[0].code);
    const file = samplePdf();
    // warm-up and validity check of both paths
    await submitInOne(url, cookies[0], data, components, file, units[0]);
    await submitOnce(url, cookies[0], data, components, file, units[0]);
    for (const clients of clientCounts)
      for (const [path, once] of [
        ["one request", submitInOne],
        ["old path", submitOnce],
      ] as const) {
        const latencies: number[] = [];
        let errors = 0;
        let next = 0;
        const start = performance.now();
        await Promise.all(
          Array.from({ length: clients }, async (_, w) => {
            while (next++ < perRun) {
              const t = performance.now();
              try {
                await once(url, cookies[w % cookies.length], data, components, file, units[w % units.length]);
                latencies.push(performance.now() - t);
              } catch (e) {
                errors++;
                if (errors < 3) console.error((e as Error).message);
              }
            }
          }),
        );
        const seconds = (performance.now() - start) / 1000;
        results.push({
          engine,
          path,
          files: fileStore,
          clients,
          submissions: latencies.length,
          seconds: round(seconds, 2),
          perSecond: round(latencies.length / seconds),
          p50: round(percentile(latencies, 50)),
          p99: round(percentile(latencies, 99)),
          errors,
        });
      }
    return results;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const engine of ["postgres", "pglite"] as const) console.table(await benchSubmission(engine));
}
