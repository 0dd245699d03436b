import type { BenchmarkRange } from './benchmark-ranges.js';

/** A share as a percentage: two decimals below 10%, one above (`extra` more on request); null (not measurable) as "–". */
export function pct(v: number | null, extra = 0): string {
  if (v === null) return '–';
  return `${(v * 100).toFixed((v !== 0 && Math.abs(v) < 0.1 ? 2 : 1) + extra)}%`;
}

/** A count with thousands separators. */
export function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

/** A plain number: whole numbers as they are, large ones rounded, others to two decimals (`extra` more on request). */
export function num(v: number, extra = 0): string {
  return Number.isInteger(v) ? String(v) : (Math.abs(v) >= 100 ? v.toFixed(extra) : v.toFixed(2 + extra));
}

/** A measure's value in its unit. */
export function showMeasure(value: number, unit: BenchmarkRange['unit'], extra = 0): string {
  if (unit === 'share') return pct(value, extra);
  if (unit === 'points') return `${(value * 100).toFixed(1 + extra)} pt`;
  return num(value, extra);
}

/**
 * A compared value, with as many more digits as it takes not to read as a bound it is outside
 * of: 0.2496 against a range from 0.25 shows as 0.2496, not 0.25.
 */
export function showCompared(value: number, low: number, high: number, unit: BenchmarkRange['unit']): string {
  const inside = value >= low && value <= high;
  let extra = 0;
  let text = showMeasure(value, unit);
  // Read as numbers: 3.00 reads as the bound 3.
  const readsAs = (bound: number): boolean => parseFloat(text) === parseFloat(showMeasure(bound, unit));
  while (!inside && extra < 8 && (readsAs(low) || readsAs(high))) text = showMeasure(value, unit, ++extra);
  return text;
}
