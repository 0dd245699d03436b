import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntervalArrivals } from '../../src/engine/interval-arrivals.js';
import { streamFor } from '../../src/random/prng.js';

test('each arrival follows the previous by a gap drawn at the previous arrival\'s time', () => {
  const seen: number[] = [];
  const arrivals = new IntervalArrivals((_rng, t) => {
    seen.push(t);
    return 1.5;
  }, streamFor(1, 3, 0), 1000);
  assert.deepEqual([arrivals.next(), arrivals.next(), arrivals.next()], [2500, 4000, 5500]);
  assert.deepEqual(seen, [1000, 2500, 4000]);
});

test('resumeAt moves the clock forward only; a scale divides the gaps; non-positive gaps add nothing', () => {
  const arrivals = new IntervalArrivals(() => 2, streamFor(1, 3, 0), 0, 4);
  assert.equal(arrivals.next(), 500);
  arrivals.resumeAt(10_000);
  arrivals.resumeAt(5);
  assert.equal(arrivals.next(), 10_500);
  const zero = new IntervalArrivals(() => -3, streamFor(1, 3, 0), 7);
  assert.equal(zero.next(), 7);
});
