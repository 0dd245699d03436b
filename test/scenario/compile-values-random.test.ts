import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { eventToObject } from '../../src/encode/event-object.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { drawPool, PRINTABLE } from '../../src/scenario/compile-values-random.js';
import { validateRaw } from '../../src/scenario/load.js';

function values(field: object, count = 5000): unknown[] {
  const compiled = compileScenario(validateRaw({ name: 't', arrivals: { rate: 100 }, states: { a: { dwell: { type: 'constant', value: 0 } } }, fields: { v: field } }, 'test').scenario, 1);
  const engine = new Engine(compiled, { start: 0, count });
  const out = [];
  for (let e = engine.next(); e !== null; e = engine.next()) out.push(eventToObject(e, compiled.schema).v);
  return out;
}

test('pool_distinct: every pool value different; a source that cannot give enough is an error', () => {
  const pooled = values({ number: { type: 'uniform', min: 0, max: 20 }, truncate: true, pool: 20, pool_distinct: true }, 20_000);
  assert.equal(new Set(pooled).size, 20);
  assert.throws(() => values({ number: { type: 'uniform', min: 0, max: 3 }, truncate: true, pool: 4, pool_distinct: true }, 1), /fields\.v\.pool: cannot draw 4 different values: 3 different ones after 1400 draws/);
  assert.deepEqual(drawPool(() => 1, 3, false), [1, 1, 1]);
});

test('string: characters from chars, Python string.printable by default (100 characters)', () => {
  assert.equal(PRINTABLE.length, 100);
  const text = values({ string: { length: { type: 'constant', value: 3 }, chars: 'xyz' } }, 1000) as string[];
  assert.ok(text.every((t) => /^[xyz]{3}$/.test(t)));
});

test('ip from a number: truncated and wrapped modulo 2^32, negatives too', () => {
  assert.deepEqual(values({ ip: { number: { type: 'constant', value: -1 } } }, 1), ['255.255.255.255']);
  assert.deepEqual(values({ ip: { number: { type: 'constant', value: 4294967296 + 258.9 } } }, 1), ['0.0.1.2']);
});

test('one_of: one of several sources, by weights or by an index distribution', () => {
  const picks = values({ one_of: ['a', { const: 'b' }], weights: [3, 1] }, 20_000);
  assert.ok(Math.abs(picks.filter((p) => p === 'a').length / picks.length - 0.75) < 0.015);
  assert.deepEqual([...new Set(values({ one_of: ['a', 'b', 'c'], index: { type: 'constant', value: 7 } }, 50))], ['c']);
});

test('time at: a random instant from epoch seconds', () => {
  const times = values({ time: 'epoch-ms', at: { type: 'uniform', min: 1_700_000_000, max: 1_700_000_010 } }, 2000) as number[];
  assert.ok(times.every((t) => t >= 1_700_000_000_000 && t <= 1_700_000_010_000));
});
