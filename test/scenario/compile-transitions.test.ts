import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cartAdd, cartClear } from '../../src/engine/cart.js';
import { Session } from '../../src/engine/session.js';
import { streamFor } from '../../src/random/prng.js';
import { compileTransitions } from '../../src/scenario/compile-transitions.js';
import type { Transition } from '../../src/scenario/schema.js';

const NAMES = ['a', 'b', 'c'];
const index = (name: string): number => (name === 'end' ? -1 : NAMES.indexOf(name));
const DRAWS = 200_000;

/** Shares of next states (-1 = end) over many picks, with the cart empty or holding an item. */
function shares(next: Record<string, Transition>, filled: boolean): Map<number, number> {
  const compiled = compileTransitions(next, index);
  assert.notEqual(compiled.choose, null);
  const s = new Session(0, 0, streamFor(11, 1, filled ? 1 : 0), 1, { counters: new Float64Array(0) });
  if (filled) cartAdd(s, 'item');
  const counts = new Map<number, number>();
  for (let k = 0; k < DRAWS; k++) {
    const target = compiled.choose!(s);
    counts.set(target, (counts.get(target) ?? 0) + 1);
  }
  return new Map([...counts].map(([t, n]) => [t, n / DRAWS]));
}

function assertShares(actual: Map<number, number>, expected: Record<number, number>): void {
  assert.deepEqual([...actual.keys()].sort(), Object.keys(expected).map(Number).sort(), 'possible next states');
  for (const [target, p] of Object.entries(expected)) {
    // Four standard errors of a share over 200,000 picks.
    const tolerance = 4 * Math.sqrt((p * (1 - p)) / DRAWS);
    const got = actual.get(Number(target)) ?? 0;
    assert.ok(Math.abs(got - p) <= tolerance, `next ${target}: ${got}, expected ${p} ± ${tolerance}`);
  }
}

test('without guards the transitions compile as before: no choose, the rest ends the session', () => {
  const compiled = compileTransitions({ a: 0.25, b: 0.5 }, index);
  assert.equal(compiled.choose, null);
  assert.deepEqual([...compiled.targets], [0, 1, -1]);
  assert.deepEqual([...compileTransitions({}, index).targets], [-1]);
  assert.equal(compileTransitions({ a: 1 }, index).targets.length, 1);
});

test('a blocked transition shares its weight among the others in proportion, the end included', () => {
  const next: Record<string, Transition> = { a: 0.5, b: { p: 0.3, when: 'cart_not_empty' } };
  assertShares(shares(next, true), { 0: 0.5, 1: 0.3, [-1]: 0.2 });
  assertShares(shares(next, false), { 0: 0.5 / 0.7, [-1]: 0.2 / 0.7 });
});

test('cart_empty and cart_not_empty pick different ways; nothing possible ends the session', () => {
  const next: Record<string, Transition> = { a: { p: 0.6, when: 'cart_empty' }, b: { p: 0.4, when: 'cart_not_empty' } };
  assertShares(shares(next, false), { 0: 1 });
  assertShares(shares(next, true), { 1: 1 });
  const loop: Record<string, Transition> = { c: { p: 1, when: 'cart_not_empty' } };
  assertShares(shares(loop, true), { 2: 1 });
  assertShares(shares(loop, false), { [-1]: 1 });
});

test('guards read the cart as it is at the pick', () => {
  const compiled = compileTransitions({ a: { p: 1, when: 'cart_not_empty' } }, index);
  const s = new Session(0, 0, streamFor(3, 1, 0), 1, { counters: new Float64Array(0) });
  assert.equal(compiled.choose!(s), -1);
  cartAdd(s, 'x');
  assert.equal(compiled.choose!(s), 0);
  cartClear(s);
  assert.equal(compiled.choose!(s), -1);
});
