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

test('cart refs that cannot work are refused when compiling', () => {
  const unknownColumn = CART_SCENARIO.replace('ref: cart.sum.price', 'ref: cart.sum.weight');
  assert.throws(() => compileScenario(parseScenarioText(unknownColumn, 'c.yaml').scenario, 1, 'c.yaml'), /c\.yaml: states\.pay\.fields\.total: catalog items has no column "weight"; columns are id, price/);
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
