import type { Rng } from '../random/prng.js';
import type { Timeline } from './timeline.js';

/** Where session start times come from. */
export interface ArrivalSource {
  /** The next arrival time, epoch ms; Infinity when no more sessions arrive. */
  next(): number;
  /** Counts the next gap from `t` (a spawner that waited for a free slot starts over from then). */
  resumeAt(t: number): void;
  /**
   * Changes the rate multiplier for arrivals drawn from now on; with `redrawFrom`, the
   * caller has discarded its pending arrival and the next one is drawn from that time.
   */
  rescale(scale: number, redrawFrom?: number): void;
}

/**
 * Session starts separated by gaps drawn from a distribution of seconds, each read at
 * the time the gap starts (so a weekly profile shapes it). The gap follows the previous
 * start, as a spawner that sleeps between starting sessions does.
 */
export class IntervalArrivals implements ArrivalSource {
  /** The process's own clock, unrounded, so rounding never accumulates; the timeline's clock when it has one. */
  private t: number;

  constructor(
    private readonly gap: (rng: Rng, t: number) => number,
    private readonly rng: Rng,
    start: number,
    /** Divides the gaps (real-time mode scales arrivals to reach a target event rate). */
    private scale = 1,
    /** A timeline's clock: gaps pass on it, so they shrink where the timeline's multiplier is high (see timeline.ts). */
    private readonly clock: Timeline | null = null,
  ) {
    this.t = this.onClock(start);
  }

  next(): number {
    const clock = this.clock;
    const seconds = this.gap(this.rng, clock === null ? this.t : clock.real(this.t));
    if (seconds > 0) this.t += (seconds * 1000) / this.scale;
    return Math.round(clock === null ? this.t : clock.real(this.t));
  }

  resumeAt(t: number): void {
    const at = this.onClock(t);
    if (at > this.t) this.t = at;
  }

  rescale(scale: number, redrawFrom?: number): void {
    this.scale = scale;
    if (redrawFrom !== undefined) this.t = this.onClock(redrawFrom);
  }

  private onClock(t: number): number {
    return this.clock === null ? t : this.clock.operational(t);
  }
}
