/**
 * The unit's seal (organisation certificate from the key store) on the documents the system issues in the unit's
 * name — forms 01–05 when they are stored, 06 and 07 when they are rendered (issue #7). A seal needs no person: it is applied automatically. The time
 * stamp makes it PAdES B-T; when the time-stamping authority cannot be reached the seal is still applied (B-B, the
 * signing time claimed by the server), so a receipt is never held up by the TSA. A unit without a seal key issues its
 * forms unsigned.
 */
import { signPdf } from "../../adapters/signing/pades.js";
import { formatDateTime } from "../../shared/format.js";
import type { Deps } from "../deps.js";
import { timeStamperOf, unitSealKey } from "./keys.js";

/** The first page's width and height (points), read from its /MediaBox; A4 portrait when not found. */
export function firstPageSize(pdf: Buffer): { width: number; height: number } {
  const m = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(pdf.toString("latin1"));
  if (!m) return { width: 595.28, height: 841.89 };
  return { width: Number(m[3]) - Number(m[1]), height: Number(m[4]) - Number(m[2]) };
}

export async function sealDocument(
  deps: Pick<Deps, "config">,
  unit: { code: string; name: string },
  pdf: Buffer,
  o: { reason: string; at: Date },
): Promise<Buffer> {
  const key = await unitSealKey(deps, unit.code);
  if (!key) return pdf;
  const { width } = firstPageSize(pdf);
  const opts = {
    key,
    name: unit.name,
    reason: o.reason,
    location: unit.name,
    signingTime: o.at,
    // one line along the bottom edge, under the forms' footer (look-up address, page number)
    widgetRect: [24, 1, width - 24, 16] as [number, number, number, number],
    appearance: [`Con dấu số: ${unit.name} · ${formatDateTime(o.at)}`],
  };
  const timeStamp = timeStamperOf(deps);
  try {
    return await signPdf(pdf, { ...opts, timeStamp });
  } catch (e) {
    if (!timeStamp) throw e;
    return signPdf(pdf, opts);
  }
}
