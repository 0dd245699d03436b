const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A repeating division of time: hours of the day, days of the week. */
export interface Cycle {
  readonly binMs: number;
  readonly bins: number;
  /** The bin that epoch 0 falls in (1970-01-01 was a Thursday: weekday 3, Monday first). */
  readonly shift: number;
}

export const HOURS_OF_DAY: Cycle = { binMs: HOUR_MS, bins: 24, shift: 0 };
export const WEEKDAYS: Cycle = { binMs: DAY_MS, bins: 7, shift: 3 };

/**
 * A curve over a cycle compares its bins, so each bin must be in the input's span almost
 * whole: at least this share of every hour of the day, or of every weekday. A run of whole
 * days (or weeks) passes although its first and last events are seconds inside the span.
 */
export const WHOLE_BIN = 0.95;

/**
 * How much of [first, last] falls on each bin of the cycle, in bins (1.5: one and a half
 * hours, or days). The times are wall-clock times as epoch ms.
 */
export function cycleCover(first: number, last: number, cycle: Cycle): number[] {
  const { binMs, bins, shift } = cycle;
  const cover = new Array<number>(bins).fill(0);
  if (!(last > first)) return cover;
  for (let bin = Math.floor(first / binMs); bin * binMs < last; bin++) {
    const from = Math.max(first, bin * binMs);
    const to = Math.min(last, (bin + 1) * binMs);
    cover[(((bin + shift) % bins) + bins) % bins] += (to - from) / binMs;
  }
  return cover;
}
