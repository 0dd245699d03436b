/** Value sources: template-local values, multiply, and lists of distinct values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { forEachEvent, parsedEvents } from '../scenarios/scenario-run.js';

const START = Date.UTC(2024, 0, 1, 12, 30, 15, 250);

function compile(fields: string, extra = '') {
  const loaded = parseScenarioText(`name: values\n${extra}\nstates: { home: { next: { home: 0.9 }, dwell: { type: exponential, mean: 3 } } }\nfields:\n${fields}`, 'values.yaml');
  return compileScenario(loaded.scenario, 5);
}

function events(fields: string, count = 2000, extra = '') {
  return parsedEvents(compile(fields, extra), START, count);
}

test('template `with` values fill placeholders of that template only, drawn once per rendering', () => {
  const out = events(`
  id: { template: "evt_{t}_{n}-{n}", with: { t: { time: epoch-s }, n: { number: { type: uniform, min: 99.5, max: 999.5 }, decimals: 0 } } }
  at: { template: "{t}", with: { t: { time: iso-seconds, of: session.start } } }
  when: { time: epoch-ms }
  start: { time: epoch-ms, of: session.start }
`);
  const numbers = new Set<string>();
  for (const e of out) {
    const m = /^evt_(\d+)_(\d{3})-(\d{3})$/.exec(e.id as string);
    assert.ok(m !== null, e.id as string);
    assert.equal(Number(m[1]), Math.floor((e.when as number) / 1000), 'time values render in their own format');
    assert.equal(m[2], m[3], 'a placeholder used twice shows one value');
    numbers.add(m[2]);
    assert.equal(e.at, new Date(e.start as number).toISOString().slice(0, 19) + 'Z');
  }
  assert.ok(numbers.size > 500, 'the local value is drawn per rendering');
});

test('a `with` name shadows a variable of the same name, and refs without `with` read variables', () => {
  const out = events(`
  a: { template: "{colour}", with: { colour: local } }
  b: { template: "{colour}" }
`, 50, 'session: { vars: { colour: { const: shared } } }');
  for (const e of out) assert.deepEqual([e.a, e.b], ['local', 'shared']);
});

test('an unknown placeholder is reported with the names `with` and variables offer', () => {
  assert.throws(() => compile('  a: { template: "{t}-{u}", with: { t: 1 } }\n'), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, /fields\.a\.template: unknown reference "u"/);
    assert.doesNotMatch(error.message, /reference "t"/);
    return true;
  });
  assert.throws(() => compile('  a: { template: "{t}", with: { t: { ref: nothing } } }\n'), /fields\.a\.with\.t\.ref: unknown reference "nothing"/);
});

test('multiply: the product of its numbers, rounded to decimals; null when a factor is not a number', () => {
  const out = events(`
  price: { number: { type: uniform, min: 1, max: 100 }, decimals: 2 }
  total: { multiply: [{ ref: price }, { ref: qty }], decimals: 2 }
  scaled: { multiply: [{ ref: price }, 1000, 0.5] }
  missing: { multiply: [{ ref: price }, { ref: nothing_here }] }
`, 500, `session:
  vars:
    price: { number: { type: uniform, min: 1, max: 100 }, decimals: 2 }
    qty: { number: { type: uniform, min: 0.5, max: 3.5 }, decimals: 0 }
    nothing_here: null`);
  assert.ok(out.length === 500);
  for (const e of out) {
    assert.equal(e.missing, null);
    assert.equal(typeof e.total, 'number');
    assert.equal(Math.round((e.total as number) * 100) / 100, e.total);
  }
  // Reads of the same variables agree: total = price x qty of the session.
  const scenario = compile(`
  total: { multiply: [{ ref: price }, { ref: qty }], decimals: 2 }
  price: { ref: price }
  qty: { ref: qty }
  big: { multiply: [{ ref: price }, 1000] }
`, `session:
  vars:
    price: { number: { type: uniform, min: 1, max: 100 }, decimals: 2 }
    qty: { number: { type: uniform, min: 0.5, max: 3.5 }, decimals: 0 }`);
  for (const e of parsedEvents(scenario, START, 500)) {
    assert.equal(e.total, Math.round((e.price as number) * (e.qty as number) * 100) / 100);
    assert.equal(e.big, (e.price as number) * 1000);
  }
});

test('multiply needs at least one factor, and its factors are checked like any value', () => {
  assert.throws(() => compile('  a: { multiply: [] }\n'), /fields\.a\.multiply: /);
  assert.throws(() => compile('  a: { multiply: [{ ref: nope }, 2] }\n'), /fields\.a\.multiply\[0\]\.ref: unknown reference "nope"/);
});

test('a distinct list never repeats a value, and stops short when the values run out', () => {
  const out = events(`
  few: { list: { choice: [a, b, c, d, e, f, g, h, i, j] }, length: { type: uniform, min: 0.5, max: 4.5 }, distinct: true }
  all: { list: { choice: [x, y, z] }, length: { type: constant, value: 5 }, distinct: true }
  repeats: { list: { choice: [x, y] }, length: { type: constant, value: 6 } }
`);
  const lengths = new Set<number>();
  for (const e of out) {
    const few = e.few as string[];
    assert.equal(new Set(few).size, few.length, `repeated: ${few.join()}`);
    lengths.add(few.length);
    assert.deepEqual([...(e.all as string[])].sort(), ['x', 'y', 'z']);
    assert.equal((e.repeats as string[]).length, 6);
  }
  assert.deepEqual([...lengths].sort(), [1, 2, 3, 4]);
});

test('time values in templates follow the event time', () => {
  const scenario = compile('  t: { template: "{s}", with: { s: { time: epoch-s } } }\n');
  const t = scenario.schema.indexOf('t');
  forEachEvent(scenario, { start: START, count: 300 }, (e) => assert.equal(e.values[t], String(Math.floor(e.time / 1000))));
});
