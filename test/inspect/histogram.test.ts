import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Histogram } from '../../src/inspect/histogram.js';

/** Nearest rank: the smallest value with at least q of the values at or below it. */
function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

const QUANTILES = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1];

test('quantiles of small whole numbers are exact (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 4095 }), { minLength: 1, maxLength: 300, size: 'max' }), (values) => {
      const h = new Histogram();
      for (const v of values) h.add(v);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of QUANTILES) assert.equal(h.quantile(q), nearestRank(sorted, q), `q=${q}`);
      assert.equal(h.count, values.length);
      assert.equal(h.min, sorted[0]);
      assert.equal(h.max, sorted[sorted.length - 1]);
    }),
    { numRuns: 500 },
  );
});

test('quantiles of other numbers are within 0.5% of the exact ones (property)', () => {
  const value = fc.oneof(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 100 }));
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 300, size: 'max' }), (values) => {
      const h = new Histogram();
      for (const v of values) h.add(v);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of QUANTILES) {
        const exact = nearestRank(sorted, q);
        const got = h.quantile(q);
        assert.ok(Math.abs(got - exact) <= exact * 0.005 + 1e-12, `q=${q}: ${got} vs ${exact}`);
      }
    }),
    { numRuns: 500 },
  );
});

test('mean is exact; σ of logarithms matches a direct computation', () => {
  const h = new Histogram();
  const values = [10, 20, 40, 80, 0];
  for (const v of values) h.add(v);
  assert.equal(h.mean, 30);
  const logs = [10, 20, 40, 80].map(Math.log);
  const mean = logs.reduce((a, b) => a + b) / 4;
  const sigma = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
  assert.ok(Math.abs(h.sigmaLog - sigma) < 1e-12);
  h.add(-1);
  h.add(Number.NaN);
  assert.equal(h.count, 5, 'negative and NaN values are ignored');
});

test('integer counts and bins add up to the count', () => {
  const h = new Histogram();
  for (const v of [1, 1, 2, 3, 40, 0.5, 7.25, 1800, 5000]) h.add(v);
  const { counts, rest } = h.integerCounts(4);
  assert.deepEqual(counts, [0, 2, 1, 1]);
  assert.equal(rest, 5);
  assert.deepEqual(h.binCounts([0, 1, 10, 1000]), [1, 5, 1, 2]);
});

// Found by the property above: an exact integer inside a logarithmic bucket's range was
// counted after the whole bucket, so the median came out as the bucket's value.
test('an exact integer and a fractional value in the same bucket keep their order', () => {
  const values = [15.075376884423116, 15, 0];
  const h = new Histogram();
  for (const v of values) h.add(v);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of QUANTILES) {
    const exact = nearestRank(sorted, q);
    assert.ok(Math.abs(h.quantile(q) - exact) <= exact * 0.005 + 1e-12, `q=${q}: ${h.quantile(q)} vs ${exact}`);
  }
});
