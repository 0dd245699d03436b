import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateRecords, importError, legacyConfig, START } from '../../../helpers/imply.js';

const CLOCK = { type: 'clock', name: 'time' };
const N = 20_000;

/** Records of a one-state config whose emitter has the given dimensions. */
function run(dimensions: object[], variables: object[] = [], count = N, seed = 1): Record<string, unknown>[] {
  return generateRecords(legacyConfig([CLOCK, ...dimensions], variables), count, { seed }).map((r) => r.fields);
}

const share = (values: unknown[], predicate: (v: unknown) => boolean): number => values.filter(predicate).length / values.length;

test('clock: the record time, as an instant (type names match without regard to case)', () => {
  const records = generateRecords(legacyConfig([{ type: 'CLOCK', name: 'time' }]), 50);
  for (const r of records) assert.equal(r.fields.time, new Date(r.time).toISOString());
});

test('int: truncated draws; uniform min..max gives each integer of min..max, max included', () => {
  const values = run([{ type: 'int', name: 'n', cardinality: 0, distribution: { type: 'uniform', min: 1, max: 3 } }]).map((r) => r.n as number);
  assert.deepEqual([...new Set(values)].sort(), [1, 2, 3]);
  for (const k of [1, 2, 3]) assert.ok(Math.abs(share(values, (v) => v === k) - 1 / 3) < 0.015);
  // exponential mean 10 truncated: mean of floor(X) = 1/(e^(1/10) - 1) = 9.508
  const exp = run([{ type: 'int', name: 'n', cardinality: 0, distribution: { type: 'exponential', mean: 10 } }]).map((r) => r.n as number);
  assert.ok(exp.every(Number.isInteger));
  assert.ok(Math.abs(exp.reduce((a, b) => a + b, 0) / exp.length - 9.508) < 0.3);
  // normal -0.5 ± 0.1 truncates toward zero: always 0 (-0.7 becomes 0, not -1)
  const neg = run([{ type: 'int', name: 'n', cardinality: 0, distribution: { type: 'normal', mean: -0.5, stddev: 0.1 } }], [], 2000).map((r) => r.n);
  assert.ok(neg.every((v) => v === 0 || Object.is(v, -0)));
});

test('float: the raw draw; uniform spans [min, max + 1) as in the original', () => {
  const values = run([{ type: 'float', name: 'f', cardinality: 0, distribution: { type: 'uniform', min: 1, max: 3 } }]).map((r) => r.f as number);
  assert.ok(values.every((v) => v >= 1 && v < 4));
  assert.ok(values.some((v) => v > 3));
  assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) / values.length - 2.5) < 0.03);
  const normal = run([{ type: 'float', name: 'f', cardinality: 0, distribution: { type: 'normal', mean: 5, stddev: 2 } }]).map((r) => r.f as number);
  const mean = normal.reduce((a, b) => a + b, 0) / normal.length;
  const sd = Math.sqrt(normal.reduce((a, b) => a + (b - mean) ** 2, 0) / normal.length);
  assert.ok(Math.abs(mean - 5) < 0.05 && Math.abs(sd - 2) < 0.05, `${mean} ${sd}`);
});

test('constant distributions give their value', () => {
  const values = run([{ type: 'int', name: 'n', cardinality: 0, distribution: { type: 'constant', value: 443 } }], [], 100).map((r) => r.n);
  assert.ok(values.every((v) => v === 443));
});

test('string: length from its distribution, characters from chars (default: Python string.printable)', () => {
  const values = run([{ type: 'string', name: 's', cardinality: 0, chars: 'ab', length_distribution: { type: 'uniform', min: 1, max: 5 } }], [], 5000).map((r) => r.s as string);
  assert.ok(values.every((v) => /^[ab]{1,5}$/.test(v)));
  assert.deepEqual([...new Set(values.map((v) => v.length))].sort(), [1, 2, 3, 4, 5]);
  const printable = run([{ type: 'string', name: 's', cardinality: 0, length_distribution: { type: 'constant', value: 40 } }], [], 500).map((r) => r.s as string);
  const allowed = new Set([...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '\t', '\n', '\r', '\v', '\f']);
  assert.ok(printable.every((v) => v.length === 40 && [...v].every((c) => allowed.has(c))));
});

test('ipaddress: an integer draw written as a dotted quad, within the distribution range', () => {
  const values = run([{ type: 'ipaddress', name: 'ip', cardinality: 0, distribution: { type: 'uniform', min: 2130706433, max: 2147483647 } }], [], 5000).map((r) => r.ip as string);
  for (const v of values) {
    const octets = v.split('.').map(Number);
    assert.equal(octets.length, 4);
    assert.equal(octets[0], 127);
    assert.ok(octets.every((o) => o >= 0 && o <= 255));
  }
});

test('enum: values by position from cardinality_distribution, clamped into the list; any JSON value', () => {
  const values = run([{ type: 'enum', name: 'e', values: ['a', 3, null, { k: 1 }, true], cardinality_distribution: { type: 'uniform', min: 0, max: 4 } }], [], 5000).map((r) => JSON.stringify(r.e));
  assert.deepEqual([...new Set(values)].sort(), ['"a"', '3', '{"k":1}', 'null', 'true'].sort());
  // normal 3 ± 2 over 8 values: below 0 clamps to 0, above 7 to 7 (P(Z < -1.5) = 0.0668 → index 0)
  const langs = ['Russian', 'French', 'Mandarin', 'English', 'Hindi', 'Spanish', 'Arabic', 'Portuguese'];
  const picked = run([{ type: 'enum', name: 'e', values: langs, cardinality_distribution: { type: 'normal', mean: 3, stddev: 2 } }]).map((r) => r.e);
  // index 0 gathers (-inf, 1): P(X < 1) = P(Z < -1) = 0.1587
  assert.ok(Math.abs(share(picked, (v) => v === 'Russian') - 0.1587) < 0.01);
});

test('counter: start and increment, one counter shared by every worker, advancing only when written', () => {
  const records = generateRecords(legacyConfig([CLOCK, { type: 'counter', name: 'c', start: 10, increment: 5 }], [], { interarrival: { type: 'constant', value: 0.1 } }), 200, { maxWorkers: 20 });
  assert.deepEqual(records.map((r) => r.fields.c), Array.from({ length: 200 }, (_, i) => 10 + 5 * i));
  const missing = run([{ type: 'counter', name: 'c', percent_missing: 50 }], [], 2000).map((r) => r.c).filter((v) => v !== undefined);
  assert.deepEqual(missing, Array.from({ length: missing.length }, (_, i) => i));
});

test('variable: reads a state variable; variables persist for the worker', () => {
  const records = run([{ type: 'variable', name: 'u', variable: 'user' }], [{ type: 'int', name: 'user', cardinality: 0, distribution: { type: 'uniform', min: 0, max: 9 } }], 500);
  assert.ok(records.every((r) => typeof r.u === 'number' && (r.u) >= 0 && (r.u) <= 9));
});

test('timestamp: instants from ISO 8601 bounds, uniform over [min, max + 1 s)', () => {
  const values = run([{ type: 'timestamp', name: 'ts', cardinality: 0, distribution: { type: 'uniform', min: '2024-01-01T00:00:00', max: '2024-01-02T00:00:00Z' } }], [], 5000).map((r) => Date.parse(r.ts as string));
  assert.ok(values.every((t) => t >= START && t < Date.UTC(2024, 0, 2) + 1000));
  assert.match(importError(legacyConfig([CLOCK, { type: 'timestamp', name: 'ts', cardinality: 0, distribution: { type: 'constant', value: 'soon' } }])), /dimensions\[1\]\.distribution\.value: must be an ISO 8601 date-time/);
});

test('object and list: nested values built from their child dimensions', () => {
  const records = run(
    [
      { type: 'object', name: 'o', cardinality: 0, dimensions: [{ type: 'int', name: 'a', cardinality: 0, distribution: { type: 'constant', value: 1 } }, { type: 'string:static', name: 'b', value: 'x' }] },
      {
        type: 'list',
        name: 'l',
        cardinality: 0,
        length_distribution: { type: 'uniform', min: 0, max: 3 },
        selection_distribution: { type: 'uniform', min: 0, max: 1 },
        elements: [{ type: 'string:static', name: 'x', value: 'p' }, { type: 'int:static', name: 'y', value: 2 }],
      },
    ],
    [],
    3000,
  );
  for (const r of records) {
    assert.deepEqual(r.o, { a: 1, b: 'x' });
    const list = r.l as unknown[];
    assert.ok(list.length <= 3 && list.every((v) => v === 'p' || v === 2));
  }
  assert.deepEqual([...new Set(records.map((r) => (r.l as unknown[]).length))].sort(), [0, 1, 2, 3]);
});

test('string:static and int:static: their value (int:static accepts true as 1, as Python does)', () => {
  const records = run([{ type: 'string:static', name: 's', value: 'GET' }, { type: 'int:static', name: 'i', value: 200 }, { type: 'int:static', name: 'b', value: true }], [], 10);
  for (const r of records) assert.deepEqual([r.s, r.i, r.b], ['GET', 200, 1]);
  assert.match(importError(legacyConfig([CLOCK, { type: 'int:static', name: 'i', value: 2.5 }])), /int:static needs "value", a whole number; got number 2\.5/);
});

test('cardinality: a pool of that many different values shared by all workers, picked by cardinality_distribution', () => {
  const values = run([{ type: 'ipaddress', name: 'ip', cardinality: 50, cardinality_distribution: { type: 'exponential', mean: 5 }, distribution: { type: 'uniform', min: 0, max: 4294967295 } }]).map((r) => r.ip);
  const distinct = new Set(values);
  assert.ok(distinct.size <= 50 && distinct.size > 20, String(distinct.size));
  // pool index 0 has P(X < 1) = 1 - e^-0.2 = 0.1813
  const counts = [...distinct].map((v) => values.filter((x) => x === v).length).sort((a, b) => b - a);
  assert.ok(Math.abs(counts[0] / values.length - 0.1813) < 0.01);
  // cardinality 0 ignores cardinality_distribution: fresh values
  const fresh = run([{ type: 'int', name: 'n', cardinality: 0, cardinality_distribution: { type: 'constant', value: 0 }, distribution: { type: 'uniform', min: 0, max: 4000 } }], [], 2000).map((r) => r.n);
  assert.ok(new Set(fresh).size > 1000);
});

test('a pool that cannot hold that many different values is an error, not an endless loop', () => {
  assert.throws(
    () => generateRecords(legacyConfig([CLOCK, { type: 'int', name: 'n', cardinality: 5, cardinality_distribution: { type: 'uniform', min: 0, max: 4 }, distribution: { type: 'uniform', min: 1, max: 3 } }]), 1),
    (error: Error) => /cannot draw 5 different values: 3 different ones/.test(error.message) && (error as { exitCode?: number }).exitCode === 2,
  );
});

test('percent_missing leaves the field out of that share of records (emitter fields only)', () => {
  const records = run([{ type: 'int', name: 'n', cardinality: 0, percent_missing: 30, distribution: { type: 'constant', value: 1 } }]);
  assert.ok(Math.abs(share(records, (r) => !('n' in (r as object))) - 0.3) < 0.015);
});

test('percent_nulls has no effect, as in the original (no nulls in 20,000 records)', () => {
  const records = run([{ type: 'int', name: 'n', cardinality: 0, percent_nulls: 50, distribution: { type: 'constant', value: 1 } }]);
  assert.ok(records.every((r) => r.n === 1));
});
