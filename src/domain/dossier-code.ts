import { vnParts } from "../shared/format.js";

/**
 * domain.md §4: `<receiving unit code>-<YYMMDD>-<NNNN>`, the sequence per receiving unit per Vietnamese day.
 * See docs/law.md#dossier-code.
 */
export const MAX_DOSSIERS_PER_UNIT_DAY = 9999;

/** The Vietnamese calendar day (YYYY-MM-DD) of an instant. */
export function vnDay(at: Date): string {
  const p = vnParts(at);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

export function formatDossierCode(unitCode: string, day: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_DOSSIERS_PER_UNIT_DAY)
    throw new RangeError(`sequence ${seq} out of range`);
  const [y, m, d] = day.split("-");
  return `${unitCode}-${y.slice(2)}${m}${d}-${String(seq).padStart(4, "0")}`;
}

const CODE_RE = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4})$/;

/** Splits a dossier code into its parts (the unit code is taken as the whole prefix, never parsed by position). */
export function parseDossierCode(code: string): { unitCode: string; day: string; seq: number } | undefined {
  const m = CODE_RE.exec(code);
  if (!m) return undefined;
  return { unitCode: m[1], day: `20${m[2]}-${m[3]}-${m[4]}`, seq: Number(m[5]) };
}
