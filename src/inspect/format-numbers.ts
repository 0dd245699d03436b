import type { BenchmarkRange } from './benchmark-ranges.js';

/** A share as a percentage: two decimals below 10%, one above. */
export function pct(v: number): string {
  return `${(v * 100).toFixed(v !== 0 && Math.abs(v) < 0.1 ? 2 : 1)}%`;
}

/** A count with thousands separators. */
export function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

/** A plain number: whole numbers as they are, large ones rounded, others to two decimals. */
export function num(v: number): string {
  return Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

/** A measure's value in its unit. */
export function showMeasure(value: number, unit: BenchmarkRange['unit']): string {
  if (unit === 'share') return pct(value);
  if (unit === 'points') return `${(value * 100).toFixed(1)} pt`;
  return num(value);
}
