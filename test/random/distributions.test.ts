import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bernoulli,
  constant,
  exponential,
  lognormal,
  normal,
  pareto,
  uniform,
  weibull,
  zipf,
  type Sampler,
} from '../../src/random/distributions.js';
import { gamma } from '../../src/random/gamma.js';
import { streamFor } from '../../src/random/prng.js';
import { assertMoments, chiSquare, chiSquareCritical999, type RawMoments } from './stats.js';
import { ScriptedRng } from './scripted-rng.js';

const DRAWS = 200_000;

/** [E[X], E[X²], E[X³], E[X⁴]] from a formula for E[X^k]. */
function moments(rawMoment: (k: number) => number): RawMoments {
  return [rawMoment(1), rawMoment(2), rawMoment(3), rawMoment(4)];
}

/** Σ k^-s for k = 1..n, the normalising sum of zipf(n, s). */
function harmonic(n: number, s: number): number {
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += k ** -s;
  return sum;
}

/** Moments from textbook formulas, written independently of the samplers. */
const cases: { name: string; sampler: Sampler; raw: RawMoments }[] = [
  { name: 'constant(3.5)', sampler: constant(3.5), raw: [3.5, 3.5 ** 2, 3.5 ** 3, 3.5 ** 4] },
  {
    name: 'uniform(-3, 5)',
    sampler: uniform(-3, 5),
    raw: moments((k) => (5 ** (k + 1) - (-3) ** (k + 1)) / ((k + 1) * 8)),
  },
  { name: 'normal(10, 2)', sampler: normal(10, 2), raw: [10, 104, 1120, 12448] },
  {
    name: 'lognormal(0.5, 0.4)',
    sampler: lognormal(0.5, 0.4),
    raw: moments((k) => Math.exp(k * 0.5 + (k * k * 0.16) / 2)),
  },
  { name: 'exponential(2.5)', sampler: exponential(2.5), raw: [2.5, 2 * 2.5 ** 2, 6 * 2.5 ** 3, 24 * 2.5 ** 4] },
  {
    name: 'weibull(1.5, 2)',
    sampler: weibull(1.5, 2),
    raw: moments((k) => 2 ** k * gamma(1 + k / 1.5)),
  },
  {
    name: 'weibull(0.7, 1)',
    sampler: weibull(0.7, 1),
    raw: moments((k) => gamma(1 + k / 0.7)),
  },
  {
    // Shape 6 keeps the fourth moment finite, which the variance tolerance needs.
    name: 'pareto(2, 6)',
    sampler: pareto(2, 6),
    raw: moments((k) => (6 * 2 ** k) / (6 - k)),
  },
  {
    name: 'zipf(10000, 1.1)',
    sampler: zipf(10000, 1.1),
    raw: moments((k) => harmonic(10000, 1.1 - k) / harmonic(10000, 1.1)),
  },
  { name: 'bernoulli(0.3)', sampler: bernoulli(0.3), raw: [0.3, 0.3, 0.3, 0.3] },
];

cases.forEach(({ name, sampler, raw }, i) => {
  test(`${name}: mean and variance of ${DRAWS} draws match theory within 4 standard errors`, () => {
    const meanError = Math.abs(sampler.mean - raw[0]);
    assert.ok(meanError <= 1e-12 * Math.abs(raw[0]), `mean property ${sampler.mean}, theory ${raw[0]}`);
    assertMoments(sampler, streamFor(2024, 950, i), DRAWS, raw);
  });
});

test('theoretical means at the edges', () => {
  assert.equal(pareto(1, 1).mean, Infinity);
  assert.equal(pareto(1, 0.5).mean, Infinity);
  assert.equal(pareto(3, 2).mean, 6);
  assert.equal(zipf(1, 2).mean, 1);
  assert.equal(zipf(4, 0).mean, 2.5);
});

test('zipf(100, 1.1) ranks follow k^-1.1 (chi-square, 100 categories, 200,000 draws, p = 0.001)', () => {
  const n = 100;
  const sampler = zipf(n, 1.1);
  const counts = new Float64Array(n);
  const rng = streamFor(2024, 951, 0);
  for (let k = 0; k < DRAWS; k++) {
    const rank = sampler.sample(rng);
    assert.ok(Number.isInteger(rank) && rank >= 1 && rank <= n, `rank ${rank}`);
    counts[rank - 1]++;
  }
  const norm = harmonic(n, 1.1);
  const expected = Array.from({ length: n }, (_, i) => (DRAWS * (i + 1) ** -1.1) / norm);
  const statistic = chiSquare(counts, expected);
  const critical = chiSquareCritical999(n - 1); // df 99: 148.29
  assert.ok(statistic < critical, `chi-square ${statistic} >= ${critical}`);
});

test('uniform stays in [min, max)', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
  fc.assert(
    fc.property(finite, finite, fc.nat(), (a, b, seed) => {
      const [min, max] = a < b ? [a, b] : [b, a];
      fc.pre(min < max && Number.isFinite(max - min));
      const sampler = uniform(min, max);
      const rng = streamFor(seed, 952, 0);
      for (let k = 0; k < 100; k++) {
        const x = sampler.sample(rng);
        assert.ok(x >= min && x < max, `uniform(${min}, ${max}) gave ${x}`);
      }
    }),
  );
});

test('uniform keeps below max when the top draw rounds up to it', () => {
  // Doubles near 1e17 are 16 apart, so min + 16 * (1 - 2^-32) rounds to max.
  const sampler = uniform(1e17, 1e17 + 16);
  const rng = new ScriptedRng(() => 2 ** 32 - 1);
  assert.equal(sampler.sample(rng), 1e17);
});

test('extreme draws stay finite and land on the edge of the support', () => {
  const lowest = new ScriptedRng(() => 0); // next() = 0, nextOpen() = 2^-32
  const highest = new ScriptedRng(() => 2 ** 32 - 1); // next() just below 1, nextOpen() = 1
  for (const rng of [lowest, highest]) {
    const extremes = [normal(0, 1e300), lognormal(700, 1), exponential(1e300), weibull(0.05, 1e-300), pareto(1, 0.05)];
    for (const sampler of extremes) assert.ok(Number.isFinite(sampler.sample(rng)));
  }
  assert.ok(Object.is(exponential(3).sample(highest), 0), 'exponential at nextOpen() = 1 is +0');
  assert.ok(Object.is(weibull(1 / 3, 2).sample(highest), 0), 'weibull at nextOpen() = 1 is +0');
  assert.equal(pareto(2, 3).sample(highest), 2);
  assert.equal(bernoulli(0).sample(lowest), 0);
  assert.equal(bernoulli(1).sample(highest), 1);
  assert.equal(zipf(50, 1).sample(lowest), 1);
});

test('bad parameters are refused with a message naming the distribution and parameter', () => {
  const refusals: [() => unknown, RegExp][] = [
    [() => constant(NaN), /^constant: value must be a finite number, got NaN$/],
    [() => uniform(2, 2), /^uniform: min must be less than max, got min 2 and max 2$/],
    [() => uniform(0, Infinity), /^uniform: max must be a finite number/],
    [() => uniform(-1e308, 1e308), /^uniform: max - min must be a finite number/],
    [() => normal(0, 0), /^normal: stddev must be a finite number greater than 0, got 0$/],
    [() => normal(1e308, 1e308), /^normal: parameters too extreme/],
    [() => lognormal(0, -1), /^lognormal: sigma must be/],
    [() => lognormal(700, 10), /^lognormal: parameters too extreme/],
    [() => exponential(-1), /^exponential: mean must be a finite number greater than 0, got -1$/],
    [() => weibull(0, 1), /^weibull: shape must be/],
    [() => weibull(0.001, 1), /^weibull: parameters too extreme/],
    [() => weibull(1, Infinity), /^weibull: scale must be/],
    [() => pareto(0, 2), /^pareto: scale must be/],
    [() => pareto(1, 0.01), /^pareto: parameters too extreme/],
    [() => zipf(0, 1), /^zipf: n must be an integer from 1 to 2097152, got 0$/],
    [() => zipf(2.5, 1), /^zipf: n must be an integer/],
    [() => zipf(10, -1), /^zipf: s must be 0 or more, got -1$/],
    [() => bernoulli(1.5), /^bernoulli: p must be a number from 0 to 1, got 1.5$/],
    [() => bernoulli(NaN), /^bernoulli: p must be a number from 0 to 1, got NaN$/],
  ];
  for (const [make, message] of refusals) assert.throws(make, { message }, `expected ${String(message)}`);
});

test('samples depend only on the stream: the same stream gives the same draws', () => {
  for (const { sampler } of cases) {
    const a = streamFor(5, 953, 1);
    const b = streamFor(5, 953, 1);
    for (let k = 0; k < 100; k++) assert.equal(sampler.sample(a), sampler.sample(b));
  }
});
