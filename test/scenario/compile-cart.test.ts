import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileText, events } from '../helpers/run-scenario.js';

const START = Date.UTC(2024, 0, 1);
const SCENARIO = `
name: carts
arrivals: { rate: 1 }
catalogs:
  items:
    size: 6
    columns:
      sku: { template: "I{index}" }
      price: { number: { type: uniform, min: 1, max: 100 }, decimals: 2 }
states:
  browse:
    set: { item: { pick: items } }
    fields: { sku: { ref: item.sku } }
    next: { add: 0.6, browse: 0.2, checkout: 0.1 }
  add:
    set:
      quantity: { cart: add, item: item, price: item.price, quantity: { number: { type: uniform, min: 1, max: 4 }, decimals: 0 } }
    fields: { sku: { ref: item.sku }, price: { ref: item.price }, quantity: { ref: quantity } }
    next: { browse: 0.4, drop: 0.3, checkout: 0.3 }
  drop:
    set:
      dropped: { cart: line, of: items }
      quantity: { cart: remove, item: dropped }
    fields: { sku: { ref: dropped.sku }, quantity: { ref: quantity } }
    next: { browse: 0.5, drop: 0.2, checkout: 0.3 }
  checkout:
    set:
      value: { ref: cart.value }
      units: { ref: cart.units }
      lines: { ref: cart.lines }
      emptied: { cart: clear }
    fields: { value: { ref: value }, units: { ref: units }, lines: { ref: lines } }
    next: { browse: 0.3 }
fields:
  session: { ref: session.id }
  type: { ref: event.type }
`;

test('checkout totals equal the adds and removes before them, replayed per session', () => {
  const carts = new Map<unknown, Map<string, { price: number; quantity: number }>>();
  let checkouts = 0;
  let removals = 0;
  for (const e of events(compileText(SCENARIO), { start: START, count: 50_000 })) {
    let cart = carts.get(e.session);
    if (cart === undefined) carts.set(e.session, (cart = new Map()));
    if (e.type === 'add') {
      const line = cart.get(e.sku as string);
      cart.set(e.sku as string, { price: e.price as number, quantity: (line?.quantity ?? 0) + (e.quantity as number) });
    } else if (e.type === 'drop') {
      if (cart.size === 0) {
        assert.equal(e.sku, null, 'dropping from an empty cart names no item');
        assert.equal(e.quantity, 0);
      } else {
        removals++;
        assert.equal(e.quantity, cart.get(e.sku as string)?.quantity, `dropped ${String(e.sku)}, not in the cart or another quantity`);
        cart.delete(e.sku as string);
      }
    } else if (e.type === 'checkout') {
      checkouts++;
      const lines = [...cart.values()];
      assert.equal(e.lines, lines.length);
      assert.equal(e.units, lines.reduce((a, l) => a + l.quantity, 0));
      assert.equal(e.value, lines.reduce((a, l) => a + Math.round(l.price * 100) * l.quantity, 0) / 100);
      cart.clear();
    }
  }
  assert.ok(checkouts > 1000 && removals > 1000, `${checkouts} checkouts, ${removals} removals`);
});

test('cart sources name what they need', () => {
  assert.throws(() => compileText(SCENARIO.replace('item: item, price', 'item: nothing, price')), /states\.add\.set\.quantity\.item: unknown reference "nothing"/);
  assert.throws(() => compileText(SCENARIO.replace('of: items', 'of: hats')), /states\.drop\.set\.dropped\.of: unknown catalog "hats"; catalogs are items/);
  assert.throws(() => compileText(SCENARIO.replace('      quantity: { cart: add, item: item,', '      other: 3\n      quantity: { cart: add, item: other,')), /states\.add\.set\.quantity\.item: "other" is not a variable holding a catalog row/);
});
