/** Percentile (nearest rank) of a list of numbers in milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
