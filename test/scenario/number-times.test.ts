import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { eventToObject } from '../../src/encode/event-object.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const SCENARIO = `name: times
session:
  vars:
    price: { number: { type: uniform, min: 10, max: 1000 }, decimals: 2 }
states:
  book:
    set:
      value: { number: { type: uniform, min: 0.95, max: 1.05 }, times: price, decimals: 2 }
    next: { book: 0.5 }
fields:
  price: { ref: price }
  value: { ref: value }
  fee: { number: { type: uniform, min: 0.05, max: 0.15 }, times: value, decimals: 2, max: 100 }
  nothing: { number: { type: constant, value: 2 }, times: missing }
`;

test('number × times: a draw relative to another value, then clamped and rounded', () => {
  const text = SCENARIO.replace('  nothing: { number: { type: constant, value: 2 }, times: missing }\n', '');
  const compiled = compileScenario(parseScenarioText(text, 't.yaml').scenario, 8);
  const engine = new Engine(compiled, { start: 0, count: 20_000 });
  let capped = 0;
  for (let e = engine.next(); e !== null; e = engine.next()) {
    const o = eventToObject(e, compiled.schema) as { price: number; value: number; fee: number };
    assert.ok(o.value >= o.price * 0.95 - 0.005 && o.value <= o.price * 1.05 + 0.005, `value ${o.value} for price ${o.price}`);
    assert.equal(o.value, Math.round(o.value * 100) / 100);
    assert.ok(o.fee <= 100);
    if (o.fee === 100) capped++;
    else assert.ok(o.fee >= o.value * 0.05 - 0.005 && o.fee <= o.value * 0.15 + 0.005, `fee ${o.fee} on ${o.value}`);
  }
  assert.ok(capped > 0, 'the max applies to the product');
});

test('times names a known value, and a value that is not a number gives null', () => {
  assert.throws(() => parseScenarioText(SCENARIO, 't.yaml'), /t\.yaml:14:59: fields\.nothing\.times: unknown reference "missing"/);
  const text = SCENARIO.replace('times: missing', 'times: label').replace('session:\n  vars:\n', 'session:\n  vars:\n    label: { const: x }\n');
  const compiled = compileScenario(parseScenarioText(text, 't.yaml').scenario, 8);
  const event = new Engine(compiled, { start: 0, count: 1 }).next()!;
  assert.equal(eventToObject(event, compiled.schema).nothing, null);
});
