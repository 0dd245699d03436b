/**
 * Statistical checks shared by the random tests. Tolerances are four standard errors:
 * the streams are fixed, so a pass is reproducible, and a correct sampler fails a
 * single check with probability about 6e-5.
 */
import assert from 'node:assert/strict';
import type { Sampler } from '../../src/random/distributions.js';
import type { Rng } from '../../src/random/prng.js';

/** E[X], E[X²], E[X³], E[X⁴] of the distribution under test. */
export type RawMoments = readonly [number, number, number, number];

/**
 * Draws n samples and checks the sample mean and variance against theory:
 * |mean - μ| < 4σ/√n and |s² - σ²| < 4·√((μ₄ - σ⁴)/n), μ₄ the fourth central moment.
 */
export function assertMoments(sampler: Sampler, rng: Rng, n: number, raw: RawMoments): void {
  const [m1, m2, m3, m4] = raw;
  const variance = m2 - m1 * m1;
  const fourth = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;
  let mean = 0;
  let squares = 0;
  for (let k = 1; k <= n; k++) {
    const x = sampler.sample(rng);
    assert.ok(Number.isFinite(x), `draw ${k} is ${x}`);
    // Welford's update: stable for large means with small spread.
    const delta = x - mean;
    mean += delta / k;
    squares += delta * (x - mean);
  }
  const sampleVariance = squares / (n - 1);
  const meanTolerance = 4 * Math.sqrt(variance / n);
  const varianceTolerance = 4 * Math.sqrt((fourth - variance * variance) / n);
  assert.ok(
    Math.abs(mean - m1) <= meanTolerance,
    `sample mean ${mean}, theory ${m1}, tolerance ${meanTolerance}`,
  );
  assert.ok(
    Math.abs(sampleVariance - variance) <= varianceTolerance,
    `sample variance ${sampleVariance}, theory ${variance}, tolerance ${varianceTolerance}`,
  );
}

/** Pearson's statistic Σ (observed - expected)² / expected. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  }
  return statistic;
}

/**
 * Upper 0.1% point of the chi-square distribution (Wilson–Hilferty; within 0.5% of the
 * tabulated value for df >= 30): df 89 gives 136.04 (exact 135.98), df 99 gives 148.29
 * (exact 148.23).
 */
export function chiSquareCritical999(df: number): number {
  const z = 3.090232; // standard normal upper 0.1% point
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}
