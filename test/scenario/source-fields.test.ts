import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventToObject } from '../../src/encode/event-object.js';
import { Engine } from '../../src/engine/engine.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const START = Date.UTC(2024, 2, 10, 23, 0, 0);

function events(yaml: string, count = 400): Record<string, unknown>[] {
  const compiled = compileScenario(parseScenarioText(yaml, 'test.yaml').scenario, 5);
  const engine = new Engine(compiled, { start: START, count });
  const out: Record<string, unknown>[] = [];
  for (let e = engine.next(); e !== null; e = engine.next()) out.push({ type: e.type.text, ...eventToObject(e, compiled.schema) });
  return out;
}

const BASE = `
name: base
population: { users: 50 }
arrivals: { rate: 0.05 }
catalogs:
  products: { size: 20, columns: { sku: { template: "P{index}" }, price: { number: { type: uniform, min: 1, max: 9 }, decimals: 2 } } }
session:
  vars: { device: { choice: [mobile, desktop] } }
states:
  view:
    set: { item: { pick: products } }
    next: { add: 0.3, view: 0.5 }
  add:
    set: { n: { choice: [1, 2] } }
    cart: { add: item, quantity: n }
    next: { view: 0.5, pay: { p: 0.4, when: cart_not_empty } }
  pay:
    set: { lines: { cart_items: { id: sku, price: price }, count_as: qty } }
    cart: clear
    next: { view: 0.2 }
`;
const OWN_FIELDS = `
fields:
  id: { uuid: true }
  coin: { choice: [heads, tails] }
  sku: { ref: item.sku }
`;

test('source fields draw where fields did: the same journeys, and field.NAME reads their values', () => {
  const plain = events(BASE + OWN_FIELDS);
  const rendered = events(`${BASE}
source_fields:
  id: { uuid: true }
  coin: { choice: [heads, tails] }
  sku: { ref: item.sku }
fields:
  the_id: { ref: field.id }
  the_coin: { ref: field.coin }
  label: { template: "{field.sku}/{device}" }
`);
  assert.deepEqual(
    rendered.map((e) => [e.type, e.the_id, e.the_coin]),
    plain.map((e) => [e.type, e.id, e.coin]),
  );
  assert.ok(plain.some((e) => e.type === 'pay'));
});

test("a state that omits a source field reads it as absent, not as the last event's value", () => {
  const rendered = events(`${BASE.replace('    cart: clear\n', '    cart: clear\n    omit: [sku]\n')}
source_fields: { sku: { ref: item.sku } }
fields: { sku: { ref: field.sku } }
`);
  for (const e of rendered) assert.equal(Object.hasOwn(e, 'sku'), e.type !== 'pay', JSON.stringify(e));
});

test('derived values draw nothing and are functions of their input: uuid of, hash, date, json, array, cart_items, absent', () => {
  const derived = `
fields:
  device_id: { uuid: { of: user.id } }
  bucket: { hash: { of: user.id, salt: b, min: 1, max: 6 } }
  day: { date: true }
  started: { object: { at: { time: epoch-s, of: session.start } } }
  blob: { json: { object: { device: { ref: device } } }, base64: true }
  list: { array: [1, { const: null }, { match: state, cases: { pay: paid } }] }
  lines: { match: state, cases: { pay: { ref: lines } }, default: { absent: true } }
`;
  // A scenario whose fields draw nothing walks the same journeys as one with these.
  const plain = events(`${BASE}fields: { sku: { ref: item.sku } }\n`);
  const rendered = events(BASE + derived);
  assert.deepEqual(rendered.map((e) => e.type), plain.map((e) => e.type));
  const byUser = new Map<unknown, unknown>();
  for (const e of rendered) {
    assert.match(e.device_id as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(Number.isInteger(e.bucket) && (e.bucket as number) >= 1 && (e.bucket as number) <= 6);
    assert.match(e.day as string, /^2024031[01]$/);
    assert.equal(typeof (e.started as { at: unknown }).at, 'number');
    assert.deepEqual(Object.keys(JSON.parse(Buffer.from(e.blob as string, 'base64url').toString('utf8')) as object), ['device']);
    assert.deepEqual(e.list, e.type === 'pay' ? [1, 'paid'] : [1]);
    assert.equal(Object.hasOwn(e, 'lines'), e.type === 'pay');
    byUser.set(e.device_id, e.bucket);
  }
  assert.ok(new Set(rendered.map((e) => e.device_id)).size > 5);
  for (const e of rendered) assert.equal(byUser.get(e.device_id), e.bucket);
});

test("cart_items groups the cart by row: one line per product, its count and price", () => {
  const rendered = events(`${BASE}
fields:
  lines: { ref: lines }
  units: { ref: cart.size }
`, 2000);
  const pays = rendered.filter((e) => e.type === 'pay');
  assert.ok(pays.length > 5);
  for (const e of pays) {
    const lines = e.lines as { id: string; price: number; qty: number }[];
    assert.ok(lines.length > 0);
    assert.equal(new Set(lines.map((l) => l.id)).size, lines.length);
    for (const line of lines) assert.ok(line.qty >= 1 && /^P\d+$/.test(line.id) && line.price >= 1);
  }
});
