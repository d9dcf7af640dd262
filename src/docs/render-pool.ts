/**
 * Rendering PDFs off the event loop: a small pool of worker threads (piscina), each with the fonts parsed once
 * (fonts.ts). A form takes tens of milliseconds of CPU; in the pool it neither blocks the requests being served nor
 * waits behind them, and several render at once on a multi-core machine.
 *
 * Size: MOTCUA_PDF_THREADS (0 renders in the calling thread); by default one thread per core but one, at least one
 * and at most four. Threads start on first use and stop after 30 s idle, so an idle process holds none.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { type RenderJob, renderJob } from "./render-job.js";
import { FormInputError } from "./validate.js";

let pool: Piscina | null = null;

export function renderThreads(): number {
  const v = process.env.MOTCUA_PDF_THREADS;
  if (v !== undefined && v !== "" && /^\d+$/.test(v)) return Math.min(16, Number(v));
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

function getPool(threads: number): Piscina {
  if (!pool) {
    // under tsx (development, tests) the worker is the TypeScript source and needs tsx's loader too
    const ts = import.meta.url.endsWith(".ts");
    const filename = new URL(ts ? "./render-worker.ts" : "./render-worker.js", import.meta.url).href;
    const hasTsx = process.execArgv.some((a) => a.includes("tsx"));
    pool = new Piscina({
      filename,
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
      execArgv: ts && !hasTsx ? [...process.execArgv, "--import", "tsx"] : process.execArgv,
    });
  }
  return pool;
}

/** Renders one document: in the pool, or in this thread when the pool has no threads. */
export async function renderDocument(job: RenderJob): Promise<Buffer> {
  const threads = renderThreads();
  if (threads === 0) return renderJob(job);
  const out = (await getPool(threads).run(job)) as Uint8Array | { formInputError: { field: string; message: string } };
  if (out instanceof Uint8Array) return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  throw new FormInputError(out.formInputError.field, out.formInputError.message);
}

/** Stops the pool's threads (at shutdown); the next render starts a new pool. */
export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.destroy();
}
