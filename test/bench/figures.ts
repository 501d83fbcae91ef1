/** One measured figure, with its baseline from the same run when there is one. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  /** value / baseline.value, when a baseline ran in the same pass. */
  readonly ratio?: number;
  readonly note?: string;
}

export function figure(name: string, value: number, unit: string, baseline?: { name: string; value: number }, note?: string): BenchFigure {
  const ratio = baseline && baseline.value > 0 ? Number((value / baseline.value).toFixed(3)) : undefined;
  const round = (v: number): number => Number(v.toFixed(3));
  return { name, value: round(value), unit, ...(baseline ? { baseline: { name: baseline.name, value: round(baseline.value) }, ratio } : {}), ...(note ? { note } : {}) };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
