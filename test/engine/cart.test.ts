import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Cart } from '../../src/engine/cart.js';

test('adding a row already in the cart raises its quantity; totals in cents', () => {
  const a = ['A', 19.99];
  const b = ['B', 0.1];
  const cart = new Cart();
  cart.add(a, 19.99, 1);
  cart.add(b, 0.1, 3);
  cart.add(a, 19.99, 2);
  assert.equal(cart.lines, 2);
  assert.equal(cart.units, 6);
  assert.equal(cart.value, 60.27, '3 × 19.99 + 3 × 0.10, without floating-point dust');
  assert.equal(cart.remove(a), 3);
  assert.equal(cart.remove(a), 0, 'a row not in the cart');
  assert.equal(cart.lines, 1);
  assert.equal(cart.row(0), b);
  cart.clear();
  assert.deepEqual([cart.lines, cart.units, cart.value], [0, 0, 0]);
});

test('totals equal a recount of the lines after any sequence of adds and removes (property)', () => {
  const rows = Array.from({ length: 5 }, (_, i) => [`R${i}`]);
  const prices = [1.99, 5, 12.5, 99.95, 0.01];
  const op = fc.oneof(
    fc.record({ add: fc.integer({ min: 0, max: 4 }), quantity: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ remove: fc.integer({ min: 0, max: 4 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
      const cart = new Cart();
      const expected = new Map<number, number>();
      for (const o of ops) {
        if ('add' in o) {
          cart.add(rows[o.add], prices[o.add], o.quantity);
          expected.set(o.add, (expected.get(o.add) ?? 0) + o.quantity);
        } else {
          assert.equal(cart.remove(rows[o.remove]), expected.get(o.remove) ?? 0);
          expected.delete(o.remove);
        }
      }
      assert.equal(cart.lines, expected.size);
      assert.equal(cart.units, [...expected.values()].reduce((a, b) => a + b, 0));
      const cents = [...expected].reduce((sum, [i, q]) => sum + Math.round(prices[i] * 100) * q, 0);
      assert.equal(cart.value, cents / 100);
    }),
  );
});
