/**
 * Objects of `object` sources carry their shape, and JSON writers write them from it
 * (scenario/value-shape.ts): for any tree of sources, what is written must be what
 * JSON.stringify writes of the value the engine made, so NDJSON and the formats that read
 * the objects agree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { writeJsonValue } from '../../src/encode/json-value.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { SHAPE } from '../../src/scenario/value-shape.js';
import { columnReader, forEachEvent } from '../scenarios/scenario-run.js';
import { CART_SCENARIO } from './cart-scenario.js';

const START = Date.UTC(2024, 0, 1, 12, 30, 15, 250);

// Sources as YAML flow text: constants, values that vary per event, and ones that are absent or null on some events.
const leaf = fc.constantFrom(
  'shop',
  '"quote \\" and é"',
  '2.5',
  'true',
  '{ const: null }',
  '{ absent: true }',
  '{ const: { a: [1, { b: null }] } }',
  '{ ref: event.index }',
  '{ ref: event.first }',
  '{ ref: session.number }',
  '{ number: { type: uniform, min: 0, max: 10 }, decimals: 2 }',
  '{ choice: [a, "b\\"", é] }',
  '{ match: state, cases: { home: { absent: true }, away: { const: null } }, default: x }',
  '{ template: "/p/{event.index}" }',
);
const key = fc.constantFrom('key', 'value', 'int_value', '"a b"', 'é', '"10"', '"2"', 'items');

const { source } = fc.letrec<{ source: string; object: string; array: string }>((tie) => ({
  source: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array'), tie('object').map((o) => `{ match: state, cases: { away: ${o} }, default: { absent: true } }`)),
  object: fc
    .tuple(fc.uniqueArray(fc.tuple(key, tie('source')), { maxLength: 4, selector: ([k]) => k }), fc.constantFrom('', ', missing_rate: 0.3', ', null_rate: 0.2'))
    .map(([members, rate]) => `{ object: { ${members.map(([k, v]) => `${k}: ${v}`).join(', ')} }${rate} }`),
  array: fc.array(tie('source'), { maxLength: 3 }).map((items) => `{ array: [${items.join(', ')}] }`),
}));

function written(value: unknown): string {
  const out = new Uint8Array(1 << 16);
  const end = writeJsonValue(value, out, 0, out.length);
  assert.ok(end >= 0);
  return Buffer.from(out.subarray(0, end)).toString('utf8');
}

function compile(value: string) {
  const loaded = parseScenarioText(
    `name: shapes
states: { home: { next: { home: 0.5, away: 0.4 }, dwell: { type: constant, value: 1 } }, away: { next: { home: 0.5 }, dwell: { type: constant, value: 2 } } }
fields:
  value: ${value}
`,
    'shapes.yaml',
  );
  return compileScenario(loaded.scenario, 5);
}

test('any tree of object, list and match sources is written as JSON.stringify writes the value the engine made', () => {
  fc.assert(
    fc.property(source, (value) => {
      const scenario = compile(value);
      const read = columnReader(scenario, 'value');
      forEachEvent(scenario, { start: START, count: 40 }, (event) => {
        const made = read(event);
        if (made === undefined) return;
        assert.equal(written(made), JSON.stringify(made));
      });
    }),
    { numRuns: 300 },
  );
});

test("GA4's event parameters carry their shape, so NDJSON writes them from it", () => {
  const scenario = compile(
    '{ array: [ { object: { key: ga_session_number, value: { object: { int_value: { ref: session.number } } } } }, { object: { key: engagement_time_msec, value: { object: { int_value: 100 } } } } ] }',
  );
  const read = columnReader(scenario, 'value');
  let seen = 0;
  forEachEvent(scenario, { start: START, count: 20 }, (event) => {
    const params = read(event) as object[];
    assert.ok(params.every((p) => SHAPE in p));
    assert.equal(written(params), JSON.stringify(params));
    seen++;
  });
  assert.equal(seen, 20);
});

test("the cart's items carry their shape, a count named as a column too, and are written as JSON.stringify writes them", () => {
  const loaded = parseScenarioText(
    CART_SCENARIO.replace(
      'fields:\n  t:',
      'fields:\n  lines: { cart_items: { id: id, price: price }, count_as: qty }\n  priced: { cart_items: { id: id, price: price }, count_as: price }\n  "10": { cart_items: { "10": id } }\n  t:',
    ),
    'cart.yaml',
  );
  const scenario = compileScenario(loaded.scenario, 5);
  const columns = ['lines', 'priced', '10'].map((name) => columnReader(scenario, name));
  let items = 0;
  forEachEvent(scenario, { start: START, count: 300 }, (event) => {
    for (const read of columns) {
      const lines = read(event) as object[];
      assert.equal(written(lines), JSON.stringify(lines));
      items += lines.length;
    }
    const [lines, priced, keyed] = columns.map((read) => read(event) as object[]);
    assert.ok(lines.every((line) => SHAPE in line) && priced.every((line) => SHAPE in line));
    assert.ok(keyed.every((line) => !(SHAPE in line)), 'an integer key gets no shape');
  });
  assert.ok(items > 100);
});
