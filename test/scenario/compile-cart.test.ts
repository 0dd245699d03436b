import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { eventToObject } from '../../src/encode/event-object.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { CART_SCENARIO } from './cart-scenario.js';

const PRICES: Record<string, number> = { A: 1.5, B: 2.25, C: 10 };

function events(text: string, count: number): Record<string, unknown>[] {
  const compiled = compileScenario(parseScenarioText(text, 'c.yaml').scenario, 4);
  const engine = new Engine(compiled, { start: 0, count });
  const out: Record<string, unknown>[] = [];
  for (let e = engine.next(); e !== null; e = engine.next()) out.push(eventToObject(e, compiled.schema));
  return out;
}

test('the engine keeps each session\'s cart: takes come from it, totals and sizes add it up, clear empties it', () => {
  const all = events(CART_SCENARIO, 50_000);
  const sessions = new Map<number, Record<string, unknown>[]>();
  for (const e of all) {
    const list = sessions.get(e.session as number) ?? [];
    list.push(e);
    sessions.set(e.session as number, list);
  }
  const seen = { take: 0, pay: 0 };
  for (const [id, list] of sessions) {
    const cart: string[] = [];
    for (const e of list) {
      const where = `session ${id}, ${String(e.type)} at ${String(e.t)}`;
      if (e.type === 'put') cart.push(e.id as string);
      else if (e.type === 'take') {
        seen.take++;
        const i = cart.indexOf(e.id as string);
        assert.ok(i >= 0, `${where}: took ${String(e.id)} from [${cart.join(', ')}]`);
        assert.equal(e.price, PRICES[e.id as string], `${where}: the item keeps its price`);
        cart.splice(i, 1);
      } else if (e.type === 'pay') {
        seen.pay++;
        assert.ok(cart.length > 0, `${where}: pay with an empty cart`);
        assert.equal(e.items, cart.length);
        assert.equal(e.total, Math.round(cart.reduce((sum, p) => sum + PRICES[p], 0) * 1e6) / 1e6);
      } else if (e.type === 'done') {
        assert.equal(e.items, 0);
        cart.length = 0;
      }
    }
  }
  assert.ok(seen.take > 1000 && seen.pay > 1000, `${seen.take} takes and ${seen.pay} payments`);
});

test('cart refs that cannot work are refused, a mistyped column at its line with a suggestion', () => {
  const unknownColumn = CART_SCENARIO.replace('ref: cart.sum.price', 'ref: cart.sum.prise');
  assert.throws(() => parseScenarioText(unknownColumn, 'c.yaml'), /^UsageError: c\.yaml:\d+:\d+: states\.pay\.fields\.total\.ref: catalog items has no column "prise" \(did you mean "price"\?\); columns are id, price$/);
  const noCatalog = `name: n
session:
  vars: { thing: { choice: [x, y] } }
states:
  a:
    cart: { add: thing }
    fields: { total: { ref: cart.sum.price } }
fields:
  t: { time: iso }
`;
  assert.throws(() => compileScenario(parseScenarioText(noCatalog, 'n.yaml').scenario, 1, 'n.yaml'), /cart\.sum\.price needs a cart of catalog rows/);
});

test('an add with quantity puts that many of the item in the cart', () => {
  const withQuantity = CART_SCENARIO.replace('    cart: { add: item }', '    set: { n: { number: { type: uniform, min: 1, max: 4 }, decimals: 0 } }\n    cart: { add: item, quantity: n }\n    fields: { n: { ref: n } }');
  const sizes = new Map<unknown, number>();
  let puts = 0;
  for (const e of events(withQuantity, 20_000)) {
    const size = sizes.get(e.session) ?? 0;
    if (e.type === 'put') {
      puts++;
      assert.ok(typeof e.n === 'number' && e.n >= 1 && e.n <= 4);
      sizes.set(e.session, size + e.n);
    } else if (e.type === 'take') sizes.set(e.session, size - 1);
    else if (e.type === 'pay') assert.equal(e.items, size);
    else if (e.type === 'done') sizes.set(e.session, 0);
  }
  assert.ok(puts > 1000, `${puts} puts`);
  const unknown = CART_SCENARIO.replace('    cart: { add: item }', '    cart: { add: item, quantity: howmany }');
  assert.throws(() => compileScenario(parseScenarioText(unknown, 'q.yaml').scenario, 1, 'q.yaml'), /states\.put\.cart\.quantity: "howmany" is not a variable/);
});
