/**
 * The dossier-level feed to the national monitoring platform (EMC; issue #8): one record per dossier state, pushed as
 * JSON over HTTPS, authenticated by the site's code and an HMAC-SHA256 signature of
 * `timestamp \n method \n path \n body` with the site's secret (headers `x-emc-site`, `x-emc-timestamp`,
 * `x-emc-signature`), refused when the timestamp is more than five minutes off. Shared by the client
 * (src/app/emc.ts) and the SANDBOX (src/sandboxes/emc), which validates exactly this.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const EMC_CHANNELS = ["online", "national_portal", "counter", "postal"] as const;

/** One dossier's state as the platform wants it. */
export interface EmcDossierRecord {
  /** The dossier's code (or its reference before it is received). */
  dossierCode: string;
  /** The national code of the procedure. */
  procedureCode: string;
  channel: (typeof EMC_CHANNELS)[number];
  /** The procedure is offered as an end-to-end online service. */
  endToEnd: boolean;
  /** The status code of the dossier (domain.md §4, 1–10). */
  status: number;
  submittedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  /** The sequence number of the dossier's last event: later records replace earlier ones, repeats are ignored. */
  seq: number;
}

export const EMC_MAX_SKEW_SECONDS = 300;

export function emcSignature(secret: string, timestamp: string, method: string, path: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${method}\n${path}\n${body}`).digest("hex");
}

export function emcSignatureValid(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  method: string,
  path: string,
  body: string,
  now: Date,
): "ok" | "bad_signature" | "stale_timestamp" {
  const ts = String(headers["x-emc-timestamp"] ?? "");
  const sig = String(headers["x-emc-signature"] ?? "");
  if (!/^\d+$/.test(ts) || Math.abs(now.getTime() / 1000 - Number(ts)) > EMC_MAX_SKEW_SECONDS) return "stale_timestamp";
  const want = Buffer.from(emcSignature(secret, ts, method, path, body), "hex");
  const got = Buffer.from(sig, "hex");
  return got.length === want.length && timingSafeEqual(got, want) ? "ok" : "bad_signature";
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What is wrong with a record (empty when it is valid). */
export function emcRecordProblems(r: Partial<EmcDossierRecord>): string[] {
  const bad: string[] = [];
  if (typeof r.dossierCode !== "string" || !r.dossierCode || r.dossierCode.length > 100) bad.push("dossierCode");
  if (typeof r.procedureCode !== "string" || !/^[0-9A-Za-z.\-_]{1,40}$/.test(r.procedureCode))
    bad.push("procedureCode");
  if (!(EMC_CHANNELS as readonly unknown[]).includes(r.channel)) bad.push("channel");
  if (typeof r.endToEnd !== "boolean") bad.push("endToEnd");
  if (!Number.isInteger(r.status) || (r.status as number) < 1 || (r.status as number) > 10) bad.push("status");
  if (typeof r.submittedAt !== "string" || !ISO.test(r.submittedAt)) bad.push("submittedAt");
  for (const k of ["receivedAt", "dueAt", "finishedAt"] as const)
    if (r[k] !== null && (typeof r[k] !== "string" || !ISO.test(r[k] as string))) bad.push(k);
  if (!Number.isInteger(r.seq) || (r.seq as number) < 1) bad.push("seq");
  if (
    !bad.includes("receivedAt") &&
    !bad.includes("submittedAt") &&
    r.receivedAt &&
    r.receivedAt < (r.submittedAt ?? "")
  )
    bad.push("receivedAt");
  return bad;
}
