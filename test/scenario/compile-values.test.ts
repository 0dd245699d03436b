/** Value sources: template-local values and lists of distinct values. */
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
