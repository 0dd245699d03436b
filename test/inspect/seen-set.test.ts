import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeenSet } from '../../src/inspect/seen-set.js';

test('exact while small: seen is seen, new is new', () => {
  const set = new SeenSet();
  assert.equal(set.addSeen('a'), false);
  assert.equal(set.addSeen('b'), false);
  assert.equal(set.addSeen('a'), true);
  assert.equal(set.size, 2);
  assert.equal(set.exact, true);
});

test('past a million values: no value seen is forgotten, and under 1% of new values pass for seen', () => {
  const set = new SeenSet();
  const n = 1_200_000;
  let taken = 0;
  for (let i = 0; i < n; i++) if (set.addSeen(`user-${i}`)) taken++;
  assert.equal(set.exact, false);
  // Values added after the switch may collide with earlier ones: a false "seen".
  assert.ok(taken / n < 0.001, `${taken} of ${n} new values taken for seen`);
  assert.equal(set.size, n - taken);
  for (let i = 0; i < n; i += 997) assert.equal(set.addSeen(`user-${i}`), true, `user-${i} forgotten`);
  let falsePositives = 0;
  const probes = 100_000;
  for (let i = 0; i < probes; i++) if (set.addSeen(`other-${i}`)) falsePositives++;
  assert.ok(falsePositives / probes < 0.01, `${falsePositives} of ${probes}`);
});
