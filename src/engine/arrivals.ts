import type { Rng } from '../random/prng.js';
import type { CompiledArrivals, CompiledZones } from './model.js';
import { hourOf, weekdayOf } from '../time/time-zones.js';
import type { ArrivalSource } from './interval-arrivals.js';
import type { Timeline } from './timeline.js';

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
  /** The process's own clock, unrounded, so rounding never accumulates; the timeline's clock when it has one. */
  private t: number;
  /** Time zone (index into the scenario's zones) of the latest arrival; 0 without zones. */
  zone = 0;

  constructor(
    private readonly arrivals: CompiledArrivals,
    private readonly rng: Rng,
    start: number,
    /** Multiplies the scenario's rate (a lane's share of it; real-time mode scales arrivals to reach a target event rate). */
    private scale = 1,
    /** The zones' weights, shared by every process of a run. */
    private readonly zoneWeights: ZoneWeights | null = arrivals.zones === null ? null : new ZoneWeights(arrivals),
    /** A timeline's clock: the process runs on it, so arrivals follow the timeline's multiplier (see timeline.ts). */
    private readonly clock: Timeline | null = null,
  ) {
    this.peakRate = arrivals.rate * scale * max(arrivals.hourly) * max(arrivals.weekly);
    this.t = clock === null ? start : clock.operational(start);
    // The first session arrives at the start itself: its zone is drawn the same way.
    if (this.zoneWeights !== null) this.zone = this.zoneWeights.pick(start, rng.next() * this.zoneWeights.total(start));
  }

  /**
   * Changes the multiplier for arrivals drawn from now on. With `redrawFrom`, the caller
   * discards its pending arrival and the next one is drawn afresh from that time: the
   * process is memoryless, so this is the same process at the new rate.
   */
  rescale(scale: number, redrawFrom?: number): void {
    this.scale = scale;
    this.peakRate = this.arrivals.rate * scale * max(this.arrivals.hourly) * max(this.arrivals.weekly);
    if (redrawFrom !== undefined) this.t = this.clock === null ? redrawFrom : this.clock.operational(redrawFrom);
  }

  /** The next arrival time, epoch ms rounded to the millisecond; Infinity when the rate is 0. */
  next(): number {
    if (this.peakRate <= 0) return Infinity;
    const meanGapMs = 1000 / this.peakRate;
    const clock = this.clock;
    for (;;) {
      this.t += -Math.log(this.rng.nextOpen()) * meanGapMs;
      const t = clock === null ? this.t : clock.real(this.t);
      if (this.accept(t)) return Math.round(t);
    }
  }

  /** A Poisson process has no memory: starting its clock over at a later time is exact. */
  resumeAt(t: number): void {
    const at = this.clock === null ? t : this.clock.operational(t);
    if (at > this.t) this.t = at;
  }

  private accept(t: number): boolean {
    const { hourly, weekly } = this.arrivals;
    const zones = this.zoneWeights;
    if (hourly === null && weekly === null && zones === null) return true;
    const base = this.arrivals.rate * this.scale;
    const u = this.rng.next() * this.peakRate;
    if (zones === null) return u < base * multiplier(hourly, weekly, t);
    const total = base * zones.total(t);
    if (u >= total) return false;
    this.zone = zones.pick(t, u / base);
    return true;
  }
}

/** Slots of the weights cache: a run's processes ask for the quarter hours ahead of them. */
const CACHED_BLOCKS = 256;

/**
 * share × local multiplier of each zone at a time. Local hours and days change only on
 * quarter hours of UTC when every zone's offset is whole quarter hours, so the weights are
 * kept per quarter hour: thinning asks for them at every candidate arrival, and the lanes of
 * a run (src/engine/lanes.ts) ask for the same quarter hours, each from its own clock.
 */
export class ZoneWeights {
  /** Weights of the quarter hour cached in slot s, at s × zones. */
  private readonly cache: Float64Array;
  /** Sum of the weights of each slot's quarter hour. */
  private readonly totals: Float64Array;
  /** The quarter hour each slot holds, NaN for none. */
  private readonly blocks: Float64Array;
  /** Weights at a time that is not on whole quarter hours (a zone with a 20 or 45 minute offset). */
  private readonly scratch: Float64Array;
  private scratchTotal = 0;
  private readonly zones: CompiledZones;
  /**
   * Each zone's offset through a week of UTC (from epoch day 0), NaN where it changes that week;
   * by week. Asking ZoneOffsets costs a formatToParts per day and zone, which every shard of a
   * run of months would pay again, and the lanes' clocks straddle midnight every day.
   */
  private readonly weekOffsets = new Map<number, Float64Array>();

  constructor(private readonly arrivals: CompiledArrivals) {
    this.zones = arrivals.zones!;
    const n = this.zones.shares.length;
    this.cache = new Float64Array(CACHED_BLOCKS * n);
    this.totals = new Float64Array(CACHED_BLOCKS);
    this.blocks = new Float64Array(CACHED_BLOCKS).fill(NaN);
    this.scratch = new Float64Array(n);
  }

  /** Σ share × local multiplier over the zones at t. */
  total(t: number): number {
    const slot = this.slotOf(t);
    return slot < 0 ? this.scratchTotal : this.totals[slot];
  }

  /** The zone whose slice of [0, total(t)) holds `x`. */
  pick(t: number, x: number): number {
    const slot = this.slotOf(t);
    const weights = slot < 0 ? this.scratch : this.cache;
    const from = slot < 0 ? 0 : slot * this.scratch.length;
    let acc = 0;
    const last = this.scratch.length - 1;
    for (let z = 0; z < last; z++) {
      acc += weights[from + z];
      if (x < acc) return z;
    }
    return last;
  }

  /** The cache slot holding t's quarter hour, filled if need be; -1 when the weights are in `scratch`. */
  private slotOf(t: number): number {
    const block = Math.floor(t / QUARTER_HOUR_MS);
    const slot = block & (CACHED_BLOCKS - 1);
    if (this.blocks[slot] === block) return slot;
    const n = this.scratch.length;
    let whole = true;
    let sum = 0;
    const week = this.offsetsOfWeek(t);
    for (let z = 0; z < n; z++) {
      const offset = Number.isNaN(week[z]) ? this.zones.offsets.offsetMs(z, t) : week[z];
      if (offset % QUARTER_HOUR_MS !== 0) whole = false;
      const weight = this.zones.shares[z] * this.localMultiplier(t + offset);
      this.scratch[z] = weight;
      sum += weight;
    }
    this.scratchTotal = sum;
    if (!whole) {
      this.blocks[slot] = NaN;
      return -1;
    }
    this.cache.set(this.scratch, slot * n);
    this.totals[slot] = sum;
    this.blocks[slot] = block;
    return slot;
  }

  /** The same offset at both ends of a week means none all week: time zones change at most twice a year. */
  private offsetsOfWeek(t: number): Float64Array {
    const week = Math.floor(t / WEEK_MS);
    let offsets = this.weekOffsets.get(week);
    if (offsets !== undefined) return offsets;
    if (this.weekOffsets.size >= 8) this.weekOffsets.clear();
    offsets = new Float64Array(this.scratch.length);
    const first = week * WEEK_MS;
    for (let z = 0; z < offsets.length; z++) {
      const start = this.zones.offsets.offsetMs(z, first);
      offsets[z] = this.zones.offsets.offsetMs(z, first + WEEK_MS - QUARTER_HOUR_MS) === start ? start : NaN;
    }
    this.weekOffsets.set(week, offsets);
    return offsets;
  }

  private localMultiplier(wall: number): number {
    const { hourly, weekly } = this.arrivals;
    return (hourly === null ? 1 : hourly[hourOf(wall)]) * (weekly === null ? 1 : weekly[weekdayOf(wall)]);
  }
}

const WEEK_MS = 7 * 86_400_000;

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
