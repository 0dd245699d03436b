import type { Rng } from '../random/prng.js';

/** Where session start times come from. */
export interface ArrivalSource {
  /** The next arrival time, epoch ms; Infinity when no more sessions arrive. */
  next(): number;
  /** Counts the next gap from `t` (a spawner that waited for a free slot starts over from then). */
  resumeAt(t: number): void;
}

/**
 * Session starts separated by gaps drawn from a distribution of seconds, each read at
 * the time the gap starts (so a weekly profile shapes it). The gap follows the previous
 * start, as a spawner that sleeps between starting sessions does.
 */
export class IntervalArrivals implements ArrivalSource {
  /** The process's own clock, unrounded, so rounding never accumulates. */
  private t: number;

  constructor(
    private readonly gap: (rng: Rng, t: number) => number,
    private readonly rng: Rng,
    start: number,
    /** Divides the gaps (real-time mode scales arrivals to reach a target event rate). */
    private readonly scale = 1,
  ) {
    this.t = start;
  }

  next(): number {
    const seconds = this.gap(this.rng, this.t);
    if (seconds > 0) this.t += (seconds * 1000) / this.scale;
    return Math.round(this.t);
  }

  resumeAt(t: number): void {
    if (t > this.t) this.t = t;
  }
}
