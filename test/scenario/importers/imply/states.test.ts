import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../../src/engine/engine.js';
import { generateRecords, importConfig, START } from '../../../helpers/imply.js';

const CLOCK = { type: 'clock', name: 'time' };
const constant = (value: number): object => ({ type: 'constant', value });

test('older format: the delay comes before the record; variables_on_entry are drawn before it, variables after', () => {
  const records = generateRecords(
    {
      emitters: [{ name: 'e', dimensions: [CLOCK, { type: 'variable', name: 'entered', variable: 'entered' }, { type: 'variable', name: 'after', variable: 'after' }] }],
      interarrival: constant(1000),
      states: [
        {
          name: 'a',
          emitter: 'e',
          variables_on_entry: [{ type: 'clock', name: 'entered' }],
          delay: constant(3),
          variables: [{ type: 'clock', name: 'after' }],
          transitions: [{ next: 'a', probability: 1 }],
        },
      ],
    },
    3,
    { maxWorkers: 1 },
  );
  assert.deepEqual(
    records.map((r) => [r.time - START, Date.parse(r.fields.entered as string) - START, Date.parse(r.fields.after as string) - START]),
    [
      [3000, 0, 3000],
      [6000, 3000, 6000],
      [9000, 6000, 9000],
    ],
  );
});

test('older format: a state without an emitter writes nothing but still waits; stop in any case ends the worker', () => {
  const records = generateRecords(
    {
      emitters: [{ name: 'e', dimensions: [CLOCK, { type: 'counter', name: 'n' }] }],
      interarrival: constant(100),
      states: [
        { name: 'quiet', emitter: null, delay: constant(2), transitions: [{ next: 'loud', probability: 1 }] },
        { name: 'loud', emitter: 'e', delay: constant(1), transitions: [{ next: 'Stop', probability: 1 }] },
      ],
    },
    3,
    { maxWorkers: 10 },
  );
  assert.deepEqual(records.map((r) => (r.time - START) / 1000), [3, 103, 203]);
});

test('typed states: the start timer spaces workers, timers wait, activities write, gateways route, event:end ends', () => {
  const config = {
    emitters: [{ name: 'e', dimensions: [CLOCK, { type: 'variable', name: 'step', variable: 'step' }] }],
    states: [
      { name: 'start', type: 'event:start:timer', cardinality_distribution: constant(10), next: 'first' },
      { name: 'first', type: 'activity', variables: [{ type: 'string:static', name: 'step', value: 'first' }], emitter: 'e', next: 'wait' },
      { name: 'wait', type: 'event:intermediate:timer', cardinality_distribution: constant(2), next: 'route' },
      { name: 'route', type: 'gateway:exclusive', transitions: [{ next: 'second', probability: 1 }] },
      { name: 'second', type: 'activity', variables: [{ type: 'string:static', name: 'step', value: 'second' }], emitter: 'e', next: 'done' },
      { name: 'done', type: 'event:end' },
    ],
  };
  const records = generateRecords(config, 6, { maxWorkers: 5 });
  // The first activity writes at the worker's start (no delay), the second after the 2 s timer.
  assert.deepEqual(
    records.map((r) => [(r.time - START) / 1000, r.fields.step]),
    [
      [0, 'first'],
      [2, 'second'],
      [10, 'first'],
      [12, 'second'],
      [20, 'first'],
      [22, 'second'],
    ],
  );
});

test('gateway:exclusive: routes by its probabilities', () => {
  const config = {
    emitters: [{ name: 'e', dimensions: [CLOCK, { type: 'variable', name: 'branch', variable: 'branch' }] }],
    states: [
      { name: 'start', type: 'event:start:timer', cardinality_distribution: { type: 'exponential', mean: 1 }, next: 'g' },
      { name: 'g', type: 'gateway:exclusive', transitions: [{ next: 'a', probability: 0.7 }, { next: 'b', probability: 0.3 }] },
      { name: 'a', type: 'activity', variables: [{ type: 'string:static', name: 'branch', value: 'a' }], emitter: 'e', next: 'end' },
      { name: 'b', type: 'activity', variables: [{ type: 'string:static', name: 'branch', value: 'b' }], emitter: 'e', next: 'end' },
      { name: 'end', type: 'event:end' },
    ],
  };
  const records = generateRecords(config, 20_000, { maxWorkers: 1000 });
  const a = records.filter((r) => r.fields.branch === 'a').length / records.length;
  assert.ok(Math.abs(a - 0.7) < 0.01, String(a));
});

test('interarrival: exponential gaps between worker starts (mean 0.1 s) when the cap does not bind', () => {
  // One record per worker, written at its start: record times are start times.
  const records = generateRecords(
    {
      emitters: [{ name: 'e', dimensions: [CLOCK] }],
      interarrival: { type: 'exponential', mean: 0.1 },
      states: [{ name: 's', emitter: 'e', delay: constant(0), transitions: [{ next: 'stop', probability: 1 }] }],
    },
    50_000,
    { maxWorkers: 100_000 },
  );
  const gaps = records.slice(1).map((r, i) => (r.time - records[i].time) / 1000);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  assert.ok(Math.abs(mean - 0.1) < 0.002, String(mean));
  const short = gaps.filter((g) => g < 0.1).length / gaps.length;
  assert.ok(Math.abs(short - (1 - Math.exp(-1))) < 0.01, String(short));
});

test('-m: with every worker busy, the spawner looks again 5 s later; a finished worker is replaced at the next look', () => {
  // Workers live exactly 12 s (one record at 12 s); interarrival 1 s; at most 2 at once.
  const { compiled } = importConfig(
    {
      emitters: [{ name: 'e', dimensions: [CLOCK] }],
      interarrival: constant(1),
      states: [{ name: 's', emitter: 'e', delay: constant(12), transitions: [{ next: 'stop', probability: 1 }] }],
    },
    { maxWorkers: 2 },
  );
  const engine = new Engine(compiled, { start: START, count: 6 });
  const times: number[] = [];
  for (let e = engine.next(); e !== null; e = engine.next()) {
    times.push((e.time - START) / 1000);
    assert.ok(engine.activeSessions <= 2);
  }
  // Starts: 0, 1; full at 2 → looks at 7 (full), 12 (worker 0 ended at 12: a slot) → start 12,
  // next at 13 (worker 1 ended at 13) → start 13; full at 14 → 19, 24 → ...
  assert.deepEqual(times, [12, 13, 24, 25, 36, 37]);
});

test('gmm_temporal interarrival: workers start more often in the busy hours of the profile', () => {
  const records = generateRecords(
    {
      emitters: [{ name: 'e', dimensions: [CLOCK] }],
      // A noon peak over a flat base (sigma 100 h: about 0.05 all day).
      interarrival: { type: 'gmm_temporal', mean: 60, days: { '1': [{ utc_hour: 12, sigma: 2, weight: 1 }, { utc_hour: 12, sigma: 100, weight: 0.05 }] } },
      states: [{ name: 's', emitter: 'e', delay: constant(0), transitions: [{ next: 'stop', probability: 1 }] }],
    },
    3000,
    { maxWorkers: 100_000 },
  );
  // 2024-01-01 is a Monday; every day borrows Monday's profile. Around noon the mean gap is
  // about 57 s; at night about 1200 s (the profile is read when each gap starts).
  const byHour = new Array<number>(24).fill(0);
  for (const r of records.filter((r) => r.time < START + 86_400_000)) byHour[new Date(r.time).getUTCHours()]++;
  assert.ok(byHour[12] > 40 && byHour[12] < 80, `noon: ${byHour[12]}`);
  assert.ok(byHour[0] + byHour[1] + byHour[22] + byHour[23] < 30, `night: ${byHour.join(',')}`);
});

test('gmm_temporal in a delay and in an intermediate timer', () => {
  const days = { '1': [{ utc_hour: 0, sigma: 1, weight: 1 }] };
  const legacy = generateRecords(
    {
      emitters: [{ name: 'e', dimensions: [CLOCK] }],
      interarrival: constant(1e6),
      states: [{ name: 's', emitter: 'e', delay: { type: 'gmm_temporal', mean: 10, days }, transitions: [{ next: 's', probability: 1 }] }],
    },
    200,
    { maxWorkers: 1 },
  );
  // Near midnight the profile is ~1: gaps average ~10 s.
  const first = legacy.slice(0, 100);
  const mean = (first[first.length - 1].time - START) / 1000 / first.length;
  assert.ok(mean > 7 && mean < 14, String(mean));
  const typed = generateRecords(
    {
      emitters: [{ name: 'e', dimensions: [CLOCK] }],
      states: [
        { name: 'start', type: 'event:start:timer', cardinality_distribution: constant(1e6), next: 't' },
        { name: 't', type: 'event:intermediate:timer', cardinality_distribution: { type: 'gmm_temporal', mean: 10, days }, next: 'a' },
        { name: 'a', type: 'activity', emitter: 'e', next: 't' },
        { name: 'end', type: 'event:end' },
      ],
    },
    100,
    { maxWorkers: 1 },
  );
  const typedMean = (typed[typed.length - 1].time - START) / 1000 / typed.length;
  assert.ok(typedMean > 7 && typedMean < 14, String(typedMean));
});

test('two emitters: records carry their own emitter\'s fields, in its order, with its definitions', () => {
  const records = generateRecords(
    {
      emitters: [
        { name: 'in', dimensions: [CLOCK, { type: 'string:static', name: 'direction', value: 'RECEIVE' }, { type: 'variable', name: 'dest', variable: 'v' }] },
        { name: 'out', dimensions: [CLOCK, { type: 'string:static', name: 'direction', value: 'SEND' }, { type: 'int:static', name: 'port', value: 53 }] },
      ],
      interarrival: constant(1),
      states: [
        { name: 'a', emitter: 'in', delay: constant(1), variables: [{ type: 'int:static', name: 'v', value: 7 }], transitions: [{ next: 'b', probability: 1 }] },
        { name: 'b', emitter: 'out', delay: constant(1), transitions: [{ next: 'stop', probability: 1 }] },
      ],
    },
    4,
    { maxWorkers: 1 },
  );
  const first = records.find((r) => r.type === 'in')!;
  const second = records.find((r) => r.type === 'out')!;
  assert.deepEqual(Object.keys(first.fields), ['time', 'direction', 'dest']);
  assert.deepEqual([first.fields.direction, first.fields.dest], ['RECEIVE', 7]);
  assert.deepEqual(Object.keys(second.fields), ['time', 'direction', 'port']);
  assert.deepEqual([second.fields.direction, second.fields.port], ['SEND', 53]);
});
