/** A measured share: its numerator and denominator, and the value when the denominator is not zero. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator / denominator in [0, 1]; null when there is nothing to measure (denominator 0). */
  value: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator < 0)
    throw new RangeError(`ratio needs non-negative integers, got ${numerator}/${denominator}`);
  if (numerator > denominator) throw new RangeError(`ratio numerator ${numerator} exceeds denominator ${denominator}`);
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

/** Rounds to two decimals (points are shown with two decimals; sums are made of rounded parts). */
export const round2 = (x: number): number => Math.round(x * 100 + Number.EPSILON * 100) / 100;

/** "87,5 %" / "87.5%" — a share for display, or an em dash when there is no data. */
export function formatPercent(r: Ratio | number | null, lang: "vi" | "en" = "vi"): string {
  const v = r === null ? null : typeof r === "number" ? r : r.value;
  if (v === null) return "—";
  const s = (Math.round(v * 1000) / 10).toFixed(1);
  return lang === "vi" ? `${s.replace(".", ",")} %` : `${s}%`;
}
