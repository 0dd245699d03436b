import type { Rng } from '../random/prng.js';
import type { CompiledArrivals } from '../scenario/compile.js';
import type { ArrivalSource } from './interval-arrivals.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Session arrivals: a Poisson process whose rate follows the hour-of-day and
 * day-of-week curves, sampled by thinning (draw at the peak rate, keep each arrival
 * with probability rate(t) / peak), so the curve applies exactly without integrating it.
 */
export class ArrivalProcess implements ArrivalSource {
  private readonly peakRate: number;
  /** The process's own clock, unrounded, so rounding never accumulates. */
  private t: number;

  constructor(
    private readonly arrivals: CompiledArrivals,
    private readonly rng: Rng,
    start: number,
    /** Multiplies the scenario's rate (real-time mode scales arrivals to reach a target event rate). */
    private readonly scale = 1,
  ) {
    this.peakRate = arrivals.rate * scale * max(arrivals.hourly) * max(arrivals.weekly);
    this.t = start;
  }

  /** The next arrival time, epoch ms rounded to the millisecond; Infinity when the rate is 0. */
  next(): number {
    if (this.peakRate <= 0) return Infinity;
    const meanGapMs = 1000 / this.peakRate;
    for (;;) {
      this.t += -Math.log(this.rng.nextOpen()) * meanGapMs;
      if (this.accept(this.t)) return Math.round(this.t);
    }
  }

  /** A Poisson process has no memory: starting its clock over at a later time is exact. */
  resumeAt(t: number): void {
    if (t > this.t) this.t = t;
  }

  private accept(t: number): boolean {
    const { hourly, weekly } = this.arrivals;
    if (hourly === null && weekly === null) return true;
    const rate = this.arrivals.rate * this.scale * multiplier(hourly, weekly, t);
    return this.rng.next() * this.peakRate < rate;
  }
}

/** The curves' combined multiplier at time t (UTC): hourly[hour] × weekly[weekday, Monday = 0]. */
export function multiplier(hourly: Float64Array | null, weekly: Float64Array | null, t: number): number {
  let m = 1;
  if (hourly !== null) m *= hourly[Math.floor(t / HOUR_MS) % 24];
  // 1970-01-01 was a Thursday: day 0 is weekday 3 when Monday is 0.
  if (weekly !== null) m *= weekly[(Math.floor(t / DAY_MS) + 3) % 7];
  return m;
}

function max(curve: Float64Array | null): number {
  if (curve === null) return 1;
  let m = 0;
  for (const v of curve) if (v > m) m = v;
  return m;
}
