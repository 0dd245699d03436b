/**
 * A weekly traffic profile made of Gaussian bumps over the hour of day (the Imply
 * generator's `gmm_temporal`): each day of the week has components (hour, sigma,
 * weight), and the profile at an instant is the sum of its day's bumps, each taken at
 * the nearest of the same hour yesterday, today and tomorrow so that a bump near
 * midnight wraps around. Days without components borrow the nearest earlier day's.
 */
import type { Rng } from './prng.js';

export interface GmmComponent {
  /** Centre of the bump, hours after midnight UTC (fractions allowed). */
  readonly utc_hour: number;
  /** Width of the bump, hours; greater than 0. */
  readonly sigma: number;
  readonly weight: number;
}

/** Components per ISO weekday, "1" (Monday) to "7" (Sunday); at least one day. */
export type GmmDays = Readonly<Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', readonly GmmComponent[]>>>;

const DAY_MS = 86_400_000;

export class WeeklyProfile {
  /** Components for ISO weekdays 1..7 (index 0 unused), after borrowing. */
  private readonly byDay: (readonly GmmComponent[])[] = [];

  constructor(days: GmmDays) {
    for (let day = 1; day <= 7; day++) {
      let found: readonly GmmComponent[] | undefined;
      for (let back = 0; back < 7 && found === undefined; back++) {
        const d = ((day - 1 - back + 7) % 7) + 1;
        found = days[String(d) as keyof GmmDays];
      }
      if (found === undefined) throw new Error('gmm_temporal: days must define at least one day from "1" (Monday) to "7" (Sunday)');
      this.byDay[day] = found;
    }
  }

  /**
   * The profile's value at epoch ms `t`, read in UTC to the second (sub-second parts are
   * ignored, as the original does).
   */
  at(t: number): number {
    const day = Math.floor(t / DAY_MS);
    // 1970-01-01 was a Thursday, ISO weekday 4.
    const weekday = (((day + 3) % 7) + 7) % 7 + 1;
    const hour = Math.floor((t - day * DAY_MS) / 1000) / 3600;
    let m = 0;
    for (const c of this.byDay[weekday]) {
      let best = -Infinity;
      for (const offset of [-24, 0, 24]) {
        const z = (hour - c.utc_hour + offset) / c.sigma;
        const v = c.weight * Math.exp(-0.5 * z * z);
        if (v > best) best = v;
      }
      m += best;
    }
    return m;
  }
}

/** Where the profile is 0 or below, gaps use this multiplier instead of stopping for ever. */
const FLOOR = 0.001;

/**
 * Exponential gaps whose mean is `mean / profile(t)`: busy hours (a high profile) give
 * short gaps. The profile is read once per gap, at the time the gap starts.
 */
export function gmmTemporal(mean: number, days: GmmDays): (rng: Rng, t: number) => number {
  if (!(Number.isFinite(mean) && mean > 0)) throw new Error(`gmm_temporal: mean must be a finite number greater than 0, got ${mean}`);
  const profile = new WeeklyProfile(days);
  return (rng, t) => {
    let m = profile.at(t);
    if (!(m > 0)) m = FLOOR;
    return 0 - (mean / m) * Math.log(rng.nextOpen());
  };
}
