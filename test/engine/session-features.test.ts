/**
 * Session-level features of the scenario model: planned session lengths and their
 * segment scaling, dwell times read from variables, relative next-state weights,
 * sequential users, and user attributes that depend on the segment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { forEachEvent, text } from '../scenarios/scenario-run.js';

const START = Date.UTC(2024, 0, 1);

function compile(text: string, overrides: string[] = []) {
  const loaded = parseScenarioText(text, 'features.yaml', overrides);
  return compileScenario(loaded.scenario, 9, loaded.source);
}

/**
 * Event times of each session, relative to its start, in seconds, for the sessions that
 * start in the first `hours` of a run and so end inside it (none here lasts an hour).
 */
function sessionTimes(text: string, hours: number, overrides: string[] = []): Map<number, number[]> {
  const scenario = compile(text, overrides);
  const sessions = new Map<number, number[]>();
  const first = new Map<number, number>();
  forEachEvent(scenario, { start: START, end: START + (hours + 1) * 3_600_000 }, (e) => {
    if (!first.has(e.session)) first.set(e.session, e.time);
    const start = first.get(e.session)!;
    if (start >= START + hours * 3_600_000) return;
    const times = sessions.get(e.session) ?? [];
    times.push((e.time - start) / 1000);
    sessions.set(e.session, times);
  });
  return sessions;
}

const LOOP = `
name: loop
arrivals: { rate: 0.01 }
session:
  duration: { type: constant, value: 100 }
states:
  home: { dwell: { type: constant, value: 30 }, next: { home: 1 } }
fields: { t: { time: iso } }
`;

test('a session runs for its planned duration: its last event is the last step inside it', () => {
  const sessions = sessionTimes(LOOP, 10);
  assert.ok(sessions.size > 300, `${sessions.size} sessions`);
  for (const times of sessions.values()) assert.deepEqual(times, [0, 30, 60, 90]);
});

test('duration_scale multiplies the planned length, and max_duration still caps it', () => {
  for (const times of sessionTimes(LOOP, 5, ['session.duration_scale=0.5']).values()) assert.deepEqual(times, [0, 30]);
  for (const times of sessionTimes(LOOP, 5, ['session.max_duration=45']).values()) assert.deepEqual(times, [0, 30]);
});

test('segments scale the session length through population.segments.NAME.set', () => {
  const scenario = compile(`${LOOP}
population:
  segments:
    brief: { weight: 1, set: { session.duration_scale: 0.4 } }
    long: { weight: 1, set: { session.duration_scale: 2 } }
`.replace('fields: { t: { time: iso } }', 'fields: { t: { time: iso }, segment: { ref: user.segment } }'));
  const segment = scenario.schema.indexOf('segment');
  const counts = new Map<number, { segment: string; n: number; start: number }>();
  // Sessions that start in the first 20 hours end inside the 21 of the run.
  forEachEvent(scenario, { start: START, end: START + 21 * 3_600_000 }, (e) => {
    const c = counts.get(e.session) ?? { segment: text(e.values[segment]), n: 0, start: e.time };
    c.n++;
    counts.set(e.session, c);
  });
  const sizes = { brief: new Set<number>(), long: new Set<number>() };
  for (const c of counts.values()) if (c.start < START + 20 * 3_600_000) sizes[c.segment as keyof typeof sizes].add(c.n);
  assert.deepEqual([...sizes.brief], [2], 'brief sessions: 40 s, events at 0 and 30 s');
  assert.deepEqual([...sizes.long], [7], 'long sessions: 200 s, events at 0..180 s');
});

test('a planned duration drawn per session bounds each session differently', () => {
  const sessions = sessionTimes(LOOP.replace('{ type: constant, value: 100 }', '{ type: uniform, min: 10, max: 400 }'), 20);
  const lengths = new Set([...sessions.values()].map((t) => t.length));
  // 0..390 s in steps of 30 s: 1 to 14 events.
  assert.equal(lengths.size, 14, `${lengths.size} different session sizes`);
  for (const times of sessions.values()) assert.ok(times[times.length - 1] <= 400);
});

test('dwell { ref: VAR }: the time in a state is a variable set on entering it', () => {
  const scenario = compile(`
name: pages
arrivals: { rate: 0.000001 }
session: { duration: { type: constant, value: 100000 } }
states:
  page:
    set: { seconds: { number: { type: uniform, min: 1, max: 50 }, decimals: 3 } }
    dwell: { ref: seconds }
    fields: { seconds: { ref: seconds } }
    next: { page: 1 }
  odd:
    set: { label: { const: not-a-number } }
    dwell: { ref: label }
fields: { s: { ref: session.id } }
`);
  const seconds = scenario.schema.indexOf('seconds');
  let previous: { time: number; seconds: number } | null = null;
  let checked = 0;
  forEachEvent(scenario, { start: START, count: 2000 }, (e) => {
    assert.equal(e.session, 0);
    if (previous !== null) {
      assert.equal(e.time - previous.time, Math.round(previous.seconds * 1000));
      checked++;
    }
    previous = { time: e.time, seconds: e.values[seconds] as number };
  });
  assert.equal(checked, 1999);
});

test('a dwell variable that is not a number spends no time', () => {
  const scenario = compile(`
name: zero
arrivals: { rate: 0.001 }
session: { duration: { type: constant, value: 100 }, vars: { label: { const: text } } }
states:
  page: { dwell: { ref: label }, next: { page: 1 } }
fields: { s: { ref: session.id } }
`);
  // Every step takes no time, so the session never reaches its end: the count stops the run.
  const times = new Set<number>();
  forEachEvent(scenario, { start: START, count: 50 }, (e) => times.add(e.time));
  assert.deepEqual([...times], [START]);
});

const WEIGHTED = `
name: weighted
arrivals: { rate: 0.000001 }
session: { duration: { type: constant, value: 1000000 } }
states:
  a: { dwell: { type: constant, value: 1 }, next_weights: { a: 40, b: 25, c: 35 } }
  b: { dwell: { type: constant, value: 1 }, next_weights: { a: 1 } }
  c: { dwell: { type: constant, value: 1 }, next_weights: { a: 1 } }
fields: { type: { ref: event.type } }
`;

test('next_weights are relative weights and never end the session by themselves', () => {
  const scenario = compile(WEIGHTED);
  const type = scenario.schema.indexOf('type');
  const after: Record<string, number> = {};
  let previous = '';
  let n = 0;
  const sessions = new Set<number>();
  forEachEvent(scenario, { start: START, count: 100_000 }, (e) => {
    sessions.add(e.session);
    const t = text(e.values[type]);
    if (previous === 'a') {
      after[t] = (after[t] ?? 0) + 1;
      n++;
    }
    previous = t;
  });
  assert.equal(sessions.size, 1, 'one session walks the whole run');
  // Shares 0.40 / 0.25 / 0.35 over about 60,000 steps from a: 4 standard errors < 0.008.
  for (const [t, p] of Object.entries({ a: 0.4, b: 0.25, c: 0.35 })) assert.ok(Math.abs(after[t] / n - p) < 0.008, `${t}: ${after[t] / n}`);
});

test('next_weights with an end weight end sessions in proportion', () => {
  const sessions = sessionTimes(WEIGHTED.replace('{ a: 40, b: 25, c: 35 }', '{ a: 3, end: 1 }').replace('rate: 0.000001', 'rate: 1'), 2);
  const mean = [...sessions.values()].reduce((a, t) => a + t.length, 0) / sessions.size;
  // Geometric with p = 1/4: 4 events a session on average.
  assert.ok(Math.abs(mean - 4) < 0.25, `mean ${mean} events a session`);
});

function rejects(text: string, pattern: RegExp): void {
  assert.throws(() => compile(text), (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

test('rules: next or next_weights, known targets, a positive sum, known dwell variables, a duration to scale', () => {
  rejects(WEIGHTED.replace('next_weights: { a: 1 } }', 'next_weights: { a: 1 }, next: { a: 0.5 } }'), /states\.b\.next_weights: give either next \(probabilities\) or next_weights \(relative weights\), not both/);
  rejects(WEIGHTED.replace('{ a: 40, b: 25, c: 35 }', '{ a: 1, zz: 2 }'), /states\.a\.next_weights\.zz: transition to unknown state "zz"/);
  rejects(WEIGHTED.replace('{ a: 40, b: 25, c: 35 }', '{ a: 0, b: 0 }'), /states\.a\.next_weights: weights must add up to more than 0/);
  rejects(WEIGHTED.replace('{ a: 40, b: 25, c: 35 }', '{ a: -1, b: 2 }'), /states\.a\.next_weights\.a: must be at least 0/);
  rejects(WEIGHTED.replace('{ type: constant, value: 1 }, next_weights: { a: 40', '{ ref: nowhere }, next_weights: { a: 40'), /states\.a\.dwell\.ref: unknown reference "nowhere"/);
  rejects(LOOP.replace('duration: { type: constant, value: 100 }', 'duration_scale: 2'), /session\.duration_scale: scales session\.duration, which is not given/);
  rejects(LOOP.replace('{ type: constant, value: 100 }', '{ type: uniform, min: 50, max: 10 }'), /session\.duration\.min: min 50 is greater than max 10/);
});

test('pick: sequential gives session n the user n, wrapping around', () => {
  const scenario = compile(`
name: roll
population: { users: 7, pick: sequential, id: "u{index}" }
states: { home: {} }
fields: { user: { ref: user.id }, n: { ref: session.number } }
`);
  const [user, n] = [scenario.schema.indexOf('user'), scenario.schema.indexOf('n')];
  let count = 0;
  forEachEvent(scenario, { start: START, count: 50 }, (e) => {
    assert.equal(text(e.values[user]), `u${(e.values[n] as number) % 7}`);
    count++;
  });
  assert.equal(count, 50);
});

test('user attributes may depend on the segment, and stay the same in every session of the user', () => {
  const scenario = compile(`
name: tiers
population:
  users: 40
  segments: { low: { weight: 1 }, high: { weight: 1 } }
  attributes:
    budget:
      match: user.segment
      cases:
        low: { number: { type: uniform, min: 0, max: 10 } }
        high: { number: { type: uniform, min: 1000, max: 2000 } }
states: { home: {} }
fields: { user: { ref: user.id }, segment: { ref: user.segment }, budget: { ref: user.budget } }
`);
  const [user, segment, budget] = ['user', 'segment', 'budget'].map((f) => scenario.schema.indexOf(f)) as [number, number, number];
  const seen = new Map<string, number>();
  forEachEvent(scenario, { start: START, count: 2000 }, (e) => {
    const b = e.values[budget] as number;
    if (text(e.values[segment]) === 'low') assert.ok(b >= 0 && b < 10, `low budget ${b}`);
    else assert.ok(b >= 1000 && b < 2000, `high budget ${b}`);
    const before = seen.get(text(e.values[user]));
    if (before !== undefined) assert.equal(b, before);
    seen.set(text(e.values[user]), b);
  });
  assert.equal(seen.size, 40);
});

test('session.timeout: a session whose next event would come after more idle time than the timeout ends at its last event', () => {
  // Idle 5, 10, 31:40 and 5 minutes between the events of a five-event journey.
  const IDLE = `
name: idle
arrivals: { rate: 0.001 }
states:
  a: { dwell: { type: constant, value: 300 }, next: { b: 1 } }
  b: { dwell: { type: constant, value: 600 }, next: { c: 1 } }
  c: { dwell: { type: constant, value: 1900 }, next: { d: 1 } }
  d: { dwell: { type: constant, value: 300 }, next: { e: 1 } }
  e: {}
fields: { state: { ref: state } }
`;
  const journeys = (overrides: string[]): Set<string> => {
    const seen = new Set<string>();
    for (const times of sessionTimes(IDLE, 24, overrides).values()) seen.add(times.join(','));
    return seen;
  };
  // The default is 30 minutes: the idle of 31:40 after c ends every session there.
  assert.deepEqual([...journeys([])], ['0,300,900']);
  assert.deepEqual([...journeys(['session.timeout=1900'])], ['0,300,900,2800,3100']);
  assert.deepEqual([...journeys(['session.timeout=1899'])], ['0,300,900']);
  assert.deepEqual([...journeys(['session.timeout=599'])], ['0,300']);
});
