import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { eventToObject } from '../../src/encode/event-object.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { validateRaw } from '../../src/scenario/load.js';

const START = Date.UTC(2024, 0, 1);

function events(raw: object, count: number): { t: number; fields: Record<string, unknown> }[] {
  const compiled = compileScenario(validateRaw(raw, 'test').scenario, 1);
  const engine = new Engine(compiled, { start: START, count });
  const out = [];
  for (let e = engine.next(); e !== null; e = engine.next()) out.push({ t: e.time - START, fields: eventToObject(e, compiled.schema) });
  return out;
}

test('a state delay comes before the state\'s set and event; set_on_entry before the delay', () => {
  const out = events(
    {
      name: 't',
      arrivals: { interarrival: { type: 'constant', value: 1000 }, max_concurrent: 1 },
      states: {
        a: { set_on_entry: { before: { time: 'epoch-ms' } }, delay: { type: 'constant', value: 2 }, set: { after: { time: 'epoch-ms' } }, dwell: { type: 'constant', value: 1 }, next: { a: 1 } },
      },
      fields: { before: { ref: 'before' }, after: { ref: 'after' } },
    },
    3,
  );
  // Entry at 0, event at 2 (delay), dwell 1, entry at 3, event at 5, ...
  assert.deepEqual(
    out.map((e) => [e.t, (e.fields.before as number) - START, (e.fields.after as number) - START]),
    [
      [2000, 0, 2000],
      [5000, 3000, 5000],
      [8000, 6000, 8000],
    ],
  );
});

test('time of a variable: a field written as a time from a variable that holds one', () => {
  const out = events(
    {
      name: 't',
      arrivals: { rate: 1, max_concurrent: 1 },
      states: { a: { set: { began: { time: 'iso' } }, dwell: { type: 'constant', value: 5 }, next: { b: 1 } }, b: { dwell: { type: 'constant', value: 1 } } },
      fields: { at: { time: 'iso' }, began: { time: 'iso', of: 'began' } },
    },
    2,
  );
  assert.deepEqual(out[1].fields, { at: '2024-01-01T00:00:05.000Z', began: '2024-01-01T00:00:00.000Z' });
});

test('when_full retry_after: a full cap makes the arrival look again that much later', () => {
  const raw = {
    name: 't',
    arrivals: { interarrival: { type: 'constant', value: 1 }, max_concurrent: 1, when_full: { retry_after: 5 } },
    states: { a: { delay: { type: 'constant', value: 3 }, dwell: { type: 'constant', value: 0 } } },
    fields: { n: { counter: true } },
  };
  // Session 0 starts at 0, writes at 3 and ends; arrivals at 1 (full) look again at 6, 11, ...
  assert.deepEqual(events(raw, 3).map((e) => e.t), [3000, 9000, 15_000]);
  const wait = { ...raw, arrivals: { ...raw.arrivals, when_full: 'wait' } };
  // Waiting instead: the pending arrival starts the moment session 0 ends (at 3).
  assert.deepEqual(events(wait, 3).map((e) => e.t), [3000, 6000, 9000]);
});

test('a schedule scales the concurrency cap', () => {
  const raw = {
    name: 't',
    arrivals: { interarrival: { type: 'constant', value: 0.001 }, max_concurrent: 10, schedule: { type: 'constant', value: 0.3 } },
    states: { a: { delay: { type: 'constant', value: 100 }, dwell: { type: 'constant', value: 0 } } },
    fields: { n: { counter: true } },
  };
  const compiled = compileScenario(validateRaw(raw, 'test').scenario, 1);
  const engine = new Engine(compiled, { start: START, count: 50 });
  let max = 0;
  for (let e = engine.next(); e !== null; e = engine.next()) max = Math.max(max, engine.activeSessions);
  assert.equal(max, 3);
});

test('a scenario-level field is compiled once: its counter is shared by every state', () => {
  const out = events(
    {
      name: 't',
      arrivals: { rate: 1, max_concurrent: 1 },
      states: { a: { dwell: { type: 'constant', value: 1 }, next: { b: 1 } }, b: { dwell: { type: 'constant', value: 1 }, next: { a: 1 } } },
      fields: { n: { counter: true } },
    },
    6,
  );
  assert.deepEqual(out.map((e) => e.fields.n), [0, 1, 2, 3, 4, 5]);
});

test('schema rules: interarrival with hourly curves, and time.of an unknown variable, are refused', () => {
  assert.throws(
    () => validateRaw({ name: 't', arrivals: { interarrival: { type: 'constant', value: 1 }, hourly: new Array(24).fill(1) }, states: { a: {} }, fields: {} }, 'test'),
    /arrivals\.interarrival: hourly and weekly curves shape rate/,
  );
  // Both given: the rate would be ignored without a word.
  assert.throws(
    () => validateRaw({ name: 't', arrivals: { rate: 5, interarrival: { type: 'exponential', mean: 100 } }, states: { a: {} }, fields: {} }, 'test'),
    /: test: arrivals\.rate: sessions per second, which interarrival replaces: give one of them \(an extending file removes the base's rate with rate: null\)$/,
  );
  assert.throws(() => validateRaw({ name: 't', states: { a: {} }, fields: { x: { time: 'iso', of: 'nope' } } }, 'test'), /fields\.x\.of: must be event\.time, session\.start, event\.processing_time or a variable that holds a time/);
});

test('a weekly schedule scales the cap by the hour: max(1, floor(max_concurrent × profile(t)))', () => {
  const raw = {
    name: 't',
    arrivals: {
      interarrival: { type: 'constant', value: 1 },
      max_concurrent: 10,
      when_full: { retry_after: 5 },
      // About 1.0 around noon, 0.31 at night (a nearly flat 0.31 under a noon bump): caps 10 and 3.
      schedule: { type: 'gmm_temporal', days: { '1': [{ utc_hour: 12, sigma: 1, weight: 0.7 }, { utc_hour: 12, sigma: 1000, weight: 0.31 }] } },
    },
    states: { a: { delay: { type: 'constant', value: 60 }, dwell: { type: 'constant', value: 0 } } },
    fields: { n: { counter: true } },
  };
  const compiled = compileScenario(validateRaw(raw, 'test').scenario, 1);
  const engine = new Engine(compiled, { start: START, end: START + 86_400_000 });
  const maxByHour = new Array<number>(24).fill(0);
  for (let e = engine.next(); e !== null; e = engine.next()) {
    const hour = new Date(e.time).getUTCHours();
    maxByHour[hour] = Math.max(maxByHour[hour], engine.activeSessions);
  }
  assert.equal(maxByHour[2], 3);
  assert.equal(maxByHour[12], 10);
});
