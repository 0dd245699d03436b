import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pacedScenario } from '../../../src/pipeline/pacing/paced-scenario.js';
import { RateSchedule } from '../../../src/pipeline/pacing/rate-schedule.js';
import { Engine } from '../../../src/engine/engine.js';
import { eventToObject } from '../../../src/encode/event-object.js';
import type { CompiledScenario } from '../../../src/scenario/compile.js';
import { compiled } from '../../helpers/scenarios.js';
import { generate } from '../../scenarios/generate.js';

const START = Date.UTC(2024, 4, 1, 12);

/** The engine a rate run uses (see Realtime.start). */
function pacedEngine(scenario: CompiledScenario): Engine {
  return new Engine(pacedScenario(scenario), { start: START });
}

interface Walk {
  /** Stamped gap ÷ simulated gap, summed over consecutive events of a session. */
  gapRatio: number;
  maxDriftMs: number;
  events: number;
  /** Stamps in emission order. */
  stamps: number[];
}

/** Runs a schedule over `seconds` of schedule time without waiting, as the pipeline would. */
function walk(rate: number, seconds: number, scenario = compiled()): Walk {
  const engine = pacedEngine(scenario);
  const schedule = new RateSchedule(engine, scenario, START, rate);
  const timeColumn = scenario.schema.indexOf('__time');
  const lastSimulated = new Map<number, number>();
  const lastStamp = new Map<number, number>();
  let simulatedGaps = 0;
  let stampedGaps = 0;
  let maxDriftMs = 0;
  const stamps: number[] = [];
  for (let event = engine.next(); event !== null; event = engine.next()) {
    const simulated = event.time;
    const due = schedule.due(event);
    if (due >= START + seconds * 1000) break;
    assert.equal(event.time, Math.floor(due), 'stamped with its due time');
    assert.equal(event.values[timeColumn], event.time, 'timestamp columns move with the event');
    const previous = lastSimulated.get(event.session);
    if (previous !== undefined) {
      simulatedGaps += simulated - previous;
      stampedGaps += event.time - lastStamp.get(event.session)!;
    }
    lastSimulated.set(event.session, simulated);
    lastStamp.set(event.session, event.time);
    maxDriftMs = Math.max(maxDriftMs, Math.abs(simulated - due));
    stamps.push(event.time);
  }
  return { gapRatio: stampedGaps / simulatedGaps, maxDriftMs, events: stamps.length, stamps };
}

test('event k is due at start + k / rate, exactly, at rates from 1 to 100,000', () => {
  for (const rate of [1, 7, 1_000, 100_000]) {
    const scenario = compiled();
    const engine = pacedEngine(scenario);
    const schedule = new RateSchedule(engine, scenario, START, rate);
    const n = Math.min(2_000, rate * 20);
    for (let k = 0; k < n; k++) {
      const event = engine.next()!;
      assert.equal(schedule.due(event), START + (k * 1000) / rate, `rate ${rate}, event ${k}`);
    }
  }
});

test('any window of the schedule holds rate × its length events, to one event', () => {
  const rate = 250;
  const { stamps } = walk(rate, 60);
  assert.equal(stamps.length, rate * 60);
  for (let from = 0; from < 50_000; from += 1_234) {
    const inWindow = stamps.filter((t) => t >= START + from && t < START + from + 10_000).length;
    assert.ok(Math.abs(inWindow - rate * 10) <= 1, `10 s window at ${from} ms holds ${inWindow}`);
  }
});

test('sessions keep their pace: stamped dwell times match simulated ones within 3 % at 200 events/s', () => {
  const { gapRatio, maxDriftMs } = walk(200, 900);
  assert.ok(Math.abs(gapRatio - 1) < 0.03, `stamped/simulated gaps ${gapRatio.toFixed(4)}`);
  assert.ok(maxDriftMs < 5_000, `simulated time strays ${maxDriftMs} ms from the schedule`);
});

test('at one event per second the clocks still stay together and dwell times hold within 10 %', () => {
  const { gapRatio, maxDriftMs } = walk(1, 4 * 3600);
  assert.ok(Math.abs(gapRatio - 1) < 0.1, `stamped/simulated gaps ${gapRatio.toFixed(4)}`);
  assert.ok(maxDriftMs < 180_000, `simulated time strays ${maxDriftMs} ms from the schedule`);
});

test('the same inputs give the same schedule: pacing never depends on the wall clock', () => {
  const a = walk(500, 30);
  const b = walk(500, 30);
  assert.deepEqual(a.stamps, b.stamps);
  assert.equal(a.gapRatio, b.gapRatio);
});

test("a rate run keeps the scenario's time zones: shop visitors have a country and a time zone, spread as in a batch run", () => {
  const scenario = compiled('shop');
  const engine = pacedEngine(scenario);
  const zones = new Map<unknown, number>();
  let events = 0;
  for (let event = engine.next(); event !== null && events < 5_000; event = engine.next(), events++) {
    const object = eventToObject(event, scenario.schema);
    assert.notEqual(object.country, null, 'country');
    assert.notEqual(object.timezone, null, 'timezone');
    zones.set(object.timezone, (zones.get(object.timezone) ?? 0) + 1);
  }
  assert.ok(zones.size > 3, `visitors come from several zones, got ${[...zones.keys()].join(', ')}`);
});

test('a rate run with late delivery: late from the first second; an event time before --start is a late event of the history, received after the start within the longest delay', async () => {
  const start = '2024-03-01T00:00:00Z';
  const { files, summary } = await generate(['-s', 'cart', '--realtime', '--rate', '1000', '--start', start, '--duration', '1m']);
  const events = files.get('events.jsonl')!.events;
  const late = events.filter((e) => (e.processing_time as number) > (e.event_time as number));
  assert.ok(late.length > 100, `${late.length} late events`);
  const startMs = Date.parse(start);
  const firstSecond = events.filter((e) => (e.processing_time as number) < startMs + 1000);
  assert.ok(firstSecond.some((e) => (e.processing_time as number) - (e.event_time as number) >= 10_000), 'late events received in the first second');
  for (const e of events) {
    assert.ok((e.processing_time as number) >= startMs, 'every event is received after the start');
    // cart's late delay is 10-120 s: nothing happened further back than that.
    if ((e.event_time as number) < startMs) assert.ok((e.processing_time as number) - (e.event_time as number) <= 120_000, JSON.stringify(e));
  }
  const earliest = Math.min(...events.map((e) => e.event_time as number));
  assert.ok(earliest < startMs, 'some late events happened before the start');
  assert.equal(summary.first_event_time, new Date(earliest).toISOString());
});
