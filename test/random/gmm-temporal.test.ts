import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gmmTemporal, WeeklyProfile } from '../../src/random/gmm-temporal.js';
import { streamFor } from '../../src/random/prng.js';

const MONDAY = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

test('the profile is the sum of its day\'s bumps, each taken at the nearest of yesterday, today and tomorrow', () => {
  const profile = new WeeklyProfile({ '1': [{ utc_hour: 12, sigma: 3, weight: 1 }, { utc_hour: 23, sigma: 1, weight: 0.5 }] });
  assert.ok(Math.abs(profile.at(MONDAY + 12 * HOUR) - (1 + 0.5 * Math.exp(-0.5 * 121))) < 1e-12);
  // 00:30: the 23:00 bump is 1.5 h away across midnight.
  const expected = Math.exp(-0.5 * (11.5 / 3) ** 2) + 0.5 * Math.exp(-0.5 * 1.5 ** 2);
  assert.ok(Math.abs(profile.at(MONDAY + 0.5 * HOUR) - expected) < 1e-12);
});

test('days without components borrow the nearest earlier day, wrapping from Monday to Sunday', () => {
  const profile = new WeeklyProfile({ '2': [{ utc_hour: 10, sigma: 1, weight: 2 }], '6': [{ utc_hour: 10, sigma: 1, weight: 7 }] });
  const at10 = (day: number): number => profile.at(MONDAY + day * 24 * HOUR + 10 * HOUR);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(at10), [7, 2, 2, 2, 2, 7, 7]);
});

test('gaps are exponential with mean mean/profile(t); where the profile is 0 it is floored at 0.001', () => {
  const sample = gmmTemporal(10, { '1': [{ utc_hour: 12, sigma: 2, weight: 2 }] });
  const rng = streamFor(1, 99, 0);
  let sum = 0;
  const n = 100_000;
  for (let i = 0; i < n; i++) sum += sample(rng, MONDAY + 12 * HOUR);
  assert.ok(Math.abs(sum / n - 5) < 0.1, String(sum / n));
  const zero = gmmTemporal(1, { '1': [{ utc_hour: 12, sigma: 2, weight: 0 }] });
  let z = 0;
  for (let i = 0; i < 20_000; i++) z += zero(rng, MONDAY);
  assert.ok(Math.abs(z / 20_000 - 1000) < 30, String(z / 20_000));
});
