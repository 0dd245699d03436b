import * as dist from '../random/distributions.js';
import type { Sampler } from '../random/distributions.js';
import type { Rng } from '../random/prng.js';
import type { Distribution } from './schema.js';

/**
 * The sampler for a validated distribution. `domainSize` is the size of what the sample
 * indexes (a catalog, a pool, the user population); zipf ranks default to it.
 */
export function samplerFor(d: Distribution, domainSize?: number): Sampler {
  switch (d.type) {
    case 'constant':
      return dist.constant(d.value);
    case 'uniform':
      return dist.uniform(d.min, d.max);
    case 'normal':
      return dist.normal(d.mean, d.stddev);
    case 'lognormal':
      return dist.lognormal(d.mu, d.sigma);
    case 'exponential':
      return dist.exponential(d.mean);
    case 'weibull':
      return dist.weibull(d.shape, d.scale);
    case 'pareto':
      return dist.pareto(d.scale, d.shape);
    case 'zipf':
      return dist.zipf(d.n ?? domainSize ?? 1, d.s);
  }
}

/**
 * Draws an index into a list of `n` items: zipf ranks (1-based) shift down by one; other
 * distributions are floored; both are clamped into [0, n).
 */
export function indexSampler(d: Distribution, n: number): (rng: Rng) => number {
  const sampler = d.type === 'zipf' ? sharedZipf(d.n ?? n, d.s) : samplerFor(d, n);
  const shift = d.type === 'zipf' ? 1 : 0;
  return (rng) => {
    const i = Math.floor(sampler.sample(rng)) - shift;
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  };
}

/**
 * Zipf tables are O(n) to build and immutable once built: a catalog picked with the same
 * skew in many states and segments shares one table instead of building one per place.
 */
const zipfTables = new Map<string, Sampler>();
const MAX_SHARED_TABLES = 64;

function sharedZipf(n: number, s: number): Sampler {
  const key = `${n}:${s}`;
  let table = zipfTables.get(key);
  if (table === undefined) {
    if (zipfTables.size >= MAX_SHARED_TABLES) zipfTables.clear();
    table = dist.zipf(n, s);
    zipfTables.set(key, table);
  }
  return table;
}
