import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cartAdd, cartClear, cartSize, cartTake } from '../../src/engine/cart.js';
import { Session } from '../../src/engine/session.js';
import { streamFor } from '../../src/random/prng.js';

const session = (seed: number): Session => new Session(0, 0, streamFor(seed, 1, 0), 1, { counters: new Float64Array(0) });

test('a cart hands back exactly what went in: any sequence of adds, takes and clears (property)', () => {
  const op = fc.oneof(fc.record({ add: fc.integer({ min: 1, max: 5 }) }), fc.constant('take' as const), fc.constant('clear' as const));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), fc.nat(), (ops, seed) => {
      const s = session(seed);
      const model = new Map<number, number>();
      const count = (): number => [...model.values()].reduce((a, b) => a + b, 0);
      for (const o of ops) {
        if (o === 'clear') {
          cartClear(s);
          model.clear();
        } else if (o === 'take') {
          const item = cartTake(s);
          if (count() === 0) assert.equal(item, null, 'an empty cart gives nothing');
          else {
            assert.ok(typeof item === 'number' && (model.get(item) ?? 0) > 0, `took ${JSON.stringify(item)}, which is not in the cart`);
            model.set(item, model.get(item)! - 1);
          }
        } else {
          cartAdd(s, o.add);
          model.set(o.add, (model.get(o.add) ?? 0) + 1);
        }
        assert.equal(cartSize(s), count());
      }
    }),
  );
});

test('nothing (null or a missing value) is never put in a cart', () => {
  const s = session(1);
  cartAdd(s, null);
  cartAdd(s, undefined);
  assert.equal(cartSize(s), 0);
  assert.equal(cartTake(s), null);
});

test('a take picks uniformly among the items (chi-square over 4 items, 40,000 takes)', () => {
  const s = session(2);
  const counts = [0, 0, 0, 0];
  for (let k = 0; k < 40_000; k++) {
    for (let i = 0; i < 4; i++) cartAdd(s, i);
    counts[cartTake(s) as number]++;
    cartClear(s);
  }
  // 3 degrees of freedom: the upper 0.1% point is 16.27.
  const chi = counts.reduce((sum, c) => sum + (c - 10_000) ** 2 / 10_000, 0);
  assert.ok(chi < 16.27, `counts ${counts.join(' ')}, chi-square ${chi}`);
});
