import { BENCHMARK_RANGES, type BenchmarkRange } from './benchmark-ranges.js';
import type { InspectReport } from './report.js';

export interface Comparison extends BenchmarkRange {
  /** The file's value, or null when the file does not have the measure (no devices, no orders). */
  readonly value: number | null;
  /** Whether the value is within [low, high]; null when there is no value. */
  readonly inside: boolean | null;
}

/** Each published range with the file's value for it; a file without sessions measures nothing. */
export function compareWithBenchmarks(report: InspectReport, ranges: readonly BenchmarkRange[] = BENCHMARK_RANGES): Comparison[] {
  const empty = report.sessions.count === 0;
  return ranges.map((range) => {
    const value = empty ? null : valueAt(report, range.measure);
    return { ...range, value, inside: value === null ? null : value >= range.low && value <= range.high };
  });
}

/** The number at a dotted path of the report, or null. */
export function valueAt(report: InspectReport, path: string): number | null {
  let node: unknown = report;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}
