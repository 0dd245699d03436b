import type { Rng } from '../random/prng.js';
import type { CompiledArrivals } from './model.js';
import { hourOf, weekdayOf } from '../time/time-zones.js';
import type { ArrivalSource } from './interval-arrivals.js';

/**
 * Session arrivals: a Poisson process whose rate follows the hour-of-day and
 * day-of-week curves, sampled by thinning (draw at the peak rate, keep each arrival
 * with probability rate(t) / peak), so the curve applies exactly without integrating it.
 *
 * With time zones the curves apply in each zone's local time: the rate at t is the
 * zones' shares times their local multipliers, and the uniform that accepts an arrival
 * also says which zone it came from, in proportion to each zone's part of the rate.
 */
export class ArrivalProcess implements ArrivalSource {
  private peakRate: number;
  /** The process's own clock, unrounded, so rounding never accumulates. */
  private t: number;
  /** Time zone (index into the scenario's zones) of the latest arrival; 0 without zones. */
  zone = 0;
  /** Each zone's weight in the quarter hour `weightsBlock` (see zoneWeights). */
  private readonly weights: Float64Array;
  private weightsBlock = NaN;

  constructor(
    private readonly arrivals: CompiledArrivals,
    private readonly rng: Rng,
    start: number,
    /** Multiplies the scenario's rate (real-time mode scales arrivals to reach a target event rate). */
    private scale = 1,
  ) {
    this.peakRate = arrivals.rate * scale * max(arrivals.hourly) * max(arrivals.weekly);
    this.t = start;
    this.weights = new Float64Array(arrivals.zones?.shares.length ?? 0);
    // The first session arrives at the start itself: its zone is drawn the same way.
    if (arrivals.zones !== null) this.zone = this.pickZone(start, rng.next() * this.zonesTotal(start));
  }

  /**
   * Changes the multiplier for arrivals drawn from now on. With `redrawFrom`, the caller
   * discards its pending arrival and the next one is drawn afresh from that time: the
   * process is memoryless, so this is the same process at the new rate.
   */
  rescale(scale: number, redrawFrom?: number): void {
    this.scale = scale;
    this.peakRate = this.arrivals.rate * scale * max(this.arrivals.hourly) * max(this.arrivals.weekly);
    if (redrawFrom !== undefined) this.t = redrawFrom;
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
    const { hourly, weekly, zones } = this.arrivals;
    if (hourly === null && weekly === null && zones === null) return true;
    const base = this.arrivals.rate * this.scale;
    const u = this.rng.next() * this.peakRate;
    if (zones === null) return u < base * multiplier(hourly, weekly, t);
    const total = base * this.zonesTotal(t);
    if (u >= total) return false;
    this.zone = this.pickZone(t, u / base);
    return true;
  }

  /** Σ share × local multiplier over the zones at t. */
  private zonesTotal(t: number): number {
    const weights = this.zoneWeights(t);
    let sum = 0;
    for (let z = 0; z < weights.length; z++) sum += weights[z];
    return sum;
  }

  /** The zone whose slice of [0, zonesTotal(t)) holds `x`. */
  private pickZone(t: number, x: number): number {
    const weights = this.zoneWeights(t);
    let acc = 0;
    const last = weights.length - 1;
    for (let z = 0; z < last; z++) {
      acc += weights[z];
      if (x < acc) return z;
    }
    return last;
  }

  /**
   * share × local multiplier of each zone at t. Local hours and days change only on quarter
   * hours of UTC when every zone's offset is whole quarter hours, so the weights are kept for
   * the quarter hour: the thinning asks for them at every candidate arrival.
   */
  private zoneWeights(t: number): Float64Array {
    const block = Math.floor(t / QUARTER_HOUR_MS);
    if (block === this.weightsBlock) return this.weights;
    const zones = this.arrivals.zones!;
    let whole = true;
    for (let z = 0; z < zones.shares.length; z++) {
      const offset = zones.offsets.offsetMs(z, t);
      if (offset % QUARTER_HOUR_MS !== 0) whole = false;
      this.weights[z] = zones.shares[z] * this.localMultiplier(t + offset);
    }
    this.weightsBlock = whole ? block : NaN;
    return this.weights;
  }

  private localMultiplier(wall: number): number {
    const { hourly, weekly } = this.arrivals;
    return (hourly === null ? 1 : hourly[hourOf(wall)]) * (weekly === null ? 1 : weekly[weekdayOf(wall)]);
  }
}

const QUARTER_HOUR_MS = 900_000;

/** The curves' combined multiplier at time t (UTC): hourly[hour] × weekly[weekday, Monday = 0]. */
export function multiplier(hourly: Float64Array | null, weekly: Float64Array | null, t: number): number {
  let m = 1;
  if (hourly !== null) m *= hourly[hourOf(t)];
  if (weekly !== null) m *= weekly[weekdayOf(t)];
  return m;
}

function max(curve: Float64Array | null): number {
  if (curve === null) return 1;
  let m = 0;
  for (const v of curve) if (v > m) m = v;
  return m;
}
