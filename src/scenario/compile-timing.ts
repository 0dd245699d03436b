import { gmmTemporal, WeeklyProfile } from '../random/gmm-temporal.js';
import type { TimedSampler } from '../engine/model.js';
import { samplerFor } from './compile-distribution.js';
import type { TimedDistribution } from './schema.js';
import type { ConcurrencySchedule } from './schema-timing.js';

export type { TimedSampler };

export function timedSamplerFor(d: TimedDistribution): TimedSampler {
  if (d.type === 'gmm_temporal') return gmmTemporal(d.mean, d.days);
  const sampler = samplerFor(d);
  return (rng) => sampler.sample(rng);
}

/**
 * The concurrency cap at epoch ms `t`: `max` scaled by the schedule, never below 1 so a
 * quiet hour slows sessions down without stopping them.
 */
export function capacityFor(max: number, schedule: ConcurrencySchedule | undefined): (t: number) => number {
  if (schedule === undefined) return () => max;
  if (schedule.type === 'constant') {
    const cap = Math.max(1, Math.floor(max * schedule.value));
    return () => cap;
  }
  const profile = new WeeklyProfile(schedule.days);
  return (t) => Math.max(1, Math.floor(max * Math.max(0, profile.at(t))));
}
