/**
 * Continuous and discrete distributions for think times, session lengths, prices and
 * popularity. Each factory checks its parameters once and returns a Sampler; drawing
 * is then pure arithmetic on the caller's stream, with a fixed number of draws per
 * sample (no rejection loops, no cached variates), so a stream's output depends only
 * on the sequence of samples taken from it.
 *
 * Parameter errors are plain Errors naming the distribution, the parameter and what is
 * valid; the scenario compiler turns them into user errors with the scenario path.
 * Factories also refuse parameters whose largest possible draw would overflow, so a
 * sample is always a finite number.
 */
import { AliasTable, MAX_ALIAS_SIZE } from './alias.js';
import { gamma } from './gamma.js';
import type { Rng } from './prng.js';

export interface Sampler {
  sample(rng: Rng): number;
  /** Theoretical mean; Infinity where it is undefined, infinite or beyond the largest double. */
  readonly mean: number;
}

/** -ln of the smallest value nextOpen() returns (2^-32): the largest exponential draw. */
const MAX_NEG_LOG = 32 * Math.LN2;
/** Box–Muller's radius from 32-bit uniforms tops out here, so |z| <= 6.66. */
const MAX_STANDARD_NORMAL = Math.sqrt(2 * MAX_NEG_LOG);

export function constant(value: number): Sampler {
  requireFinite('constant', 'value', value);
  return { mean: value, sample: () => value };
}

/** Uniform on [min, max). One draw. */
export function uniform(min: number, max: number): Sampler {
  requireFinite('uniform', 'min', min);
  requireFinite('uniform', 'max', max);
  if (!(min < max)) throw new Error(`uniform: min must be less than max, got min ${min} and max ${max}`);
  const span = max - min;
  if (!Number.isFinite(span)) throw new Error(`uniform: max - min must be a finite number, got ${min} to ${max}`);
  // min + span * u can round up to max when span is tiny next to min.
  const top = nextDown(max);
  return {
    mean: min / 2 + max / 2,
    sample(rng) {
      const x = min + span * rng.next();
      return x < max ? x : top;
    },
  };
}

/** Box–Muller, cosine branch only: two draws per sample, the sine variate is not kept. */
function standardNormal(rng: Rng): number {
  const radius = Math.sqrt(-2 * Math.log(rng.nextOpen()));
  return radius * Math.cos(2 * Math.PI * rng.next());
}

export function normal(mean: number, stddev: number): Sampler {
  requireFinite('normal', 'mean', mean);
  requirePositive('normal', 'stddev', stddev);
  requireBounded('normal', Math.abs(mean) + stddev * MAX_STANDARD_NORMAL);
  return { mean, sample: (rng) => mean + stddev * standardNormal(rng) };
}

/** exp(N(mu, sigma²)): mu and sigma are the mean and deviation of the logarithm. Two draws. */
export function lognormal(mu: number, sigma: number): Sampler {
  requireFinite('lognormal', 'mu', mu);
  requirePositive('lognormal', 'sigma', sigma);
  requireBounded('lognormal', Math.exp(mu + sigma * MAX_STANDARD_NORMAL));
  return { mean: Math.exp(mu + (sigma * sigma) / 2), sample: (rng) => Math.exp(mu + sigma * standardNormal(rng)) };
}

/** Inverse transform. One draw. */
export function exponential(mean: number): Sampler {
  requirePositive('exponential', 'mean', mean);
  requireBounded('exponential', mean * MAX_NEG_LOG);
  // 0 - x rather than -x: a draw of exactly 1 gives +0, not -0.
  return { mean, sample: (rng) => 0 - mean * Math.log(rng.nextOpen()) };
}

/** Inverse transform: scale * (-ln U)^(1/shape). One draw. */
export function weibull(shape: number, scale: number): Sampler {
  requirePositive('weibull', 'shape', shape);
  requirePositive('weibull', 'scale', scale);
  const inverseShape = 1 / shape;
  requireBounded('weibull', scale * MAX_NEG_LOG ** inverseShape);
  return {
    mean: scale * gamma(1 + inverseShape),
    sample: (rng) => scale * (0 - Math.log(rng.nextOpen())) ** inverseShape,
  };
}

/** Pareto type I with minimum `scale` (xm) and tail index `shape` (alpha). One draw. */
export function pareto(scale: number, shape: number): Sampler {
  requirePositive('pareto', 'scale', scale);
  requirePositive('pareto', 'shape', shape);
  const negInverseShape = -1 / shape;
  requireBounded('pareto', scale * Math.exp(MAX_NEG_LOG / shape));
  return {
    mean: shape > 1 ? (shape * scale) / (shape - 1) : Infinity,
    sample: (rng) => scale * rng.nextOpen() ** negInverseShape,
  };
}

/**
 * Integer k in [1, n] with probability proportional to k^-s (s = 0 is uniform).
 * The table is built once, O(n); each sample is one alias pick (one draw).
 */
export function zipf(n: number, s: number): Sampler {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ALIAS_SIZE) {
    throw new Error(`zipf: n must be an integer from 1 to ${MAX_ALIAS_SIZE}, got ${n}`);
  }
  requireFinite('zipf', 's', s);
  if (s < 0) throw new Error(`zipf: s must be 0 or more, got ${s}`);
  const weights = new Array<number>(n);
  let total = 0;
  let weightedRanks = 0;
  for (let k = 1; k <= n; k++) {
    const w = k ** -s;
    weights[k - 1] = w;
    total += w;
    weightedRanks += k * w;
  }
  const table = new AliasTable(weights);
  return { mean: weightedRanks / total, sample: (rng) => table.pick(rng) + 1 };
}

/**
 * 1 with probability p, else 0. A Sampler rather than a boolean function so that p is
 * checked once and a yes/no field can stand wherever a numeric distribution can.
 * One draw; p = 0 never gives 1 and p = 1 always does.
 */
export function bernoulli(p: number): Sampler {
  if (!(p >= 0 && p <= 1)) throw new Error(`bernoulli: p must be a number from 0 to 1, got ${p}`);
  return { mean: p, sample: (rng) => (rng.next() < p ? 1 : 0) };
}

function requireFinite(distribution: string, parameter: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new Error(`${distribution}: ${parameter} must be a finite number, got ${value}`);
  }
}

function requirePositive(distribution: string, parameter: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`${distribution}: ${parameter} must be a finite number greater than 0, got ${value}`);
  }
}

function requireBounded(distribution: string, largestDraw: number): void {
  if (!Number.isFinite(largestDraw)) {
    throw new Error(`${distribution}: parameters too extreme, the largest draws would overflow to Infinity`);
  }
}

const f64 = new Float64Array(1);
const bits = new BigInt64Array(f64.buffer);

/** The largest double below x (x finite). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  bits[0] += x > 0 ? -1n : 1n;
  return f64[0];
}
