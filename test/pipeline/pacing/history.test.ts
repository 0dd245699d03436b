import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../src/clock/clock.js';
import { historyLength, Realtime } from '../../../src/pipeline/pacing/realtime.js';
import { sessionProfile } from '../../../src/pipeline/pacing/session-profile.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { parseScenarioText } from '../../../src/scenario/load.js';
import { compiled } from '../../helpers/scenarios.js';

const START = Date.UTC(2024, 4, 1, 12);

/** Shares of event types among the first `n` events of a rate run, without waiting. */
async function firstEvents(warmupEvents: number, n: number): Promise<{ shares: Map<string, number>; sessions: Set<number>; realtime: Realtime }> {
  const realtime = await Realtime.start(compiled(), { start: START, count: n }, { clock: systemClock, rate: 1_000, warmupEvents });
  const counts = new Map<string, number>();
  const sessions = new Set<number>();
  for (let event = realtime.events.next(); event !== null; event = realtime.events.next()) {
    assert.ok(realtime.schedule.due(event) >= START, 'nothing from before the start is emitted');
    counts.set(event.type.text, (counts.get(event.type.text) ?? 0) + 1);
    sessions.add(event.session);
  }
  return { shares: new Map([...counts].map(([type, c]) => [type, c / n])), sessions, realtime };
}

test('a warm start begins with sessions in progress: the event mix is the steady one from the first event', async () => {
  // The steady mix, from the middle of a long run.
  const steady = await firstEvents(200_000, 60_000);
  const warm = await firstEvents(200_000, 3_000);
  const cold = await firstEvents(0, 3_000);
  const login = (s: Map<string, number>): number => s.get('login') ?? 0;
  // Every session starts with a login: a cold start is mostly logins, a warm one is not.
  assert.ok(login(cold.shares) > 0.8, `cold start: ${(login(cold.shares) * 100).toFixed(1)} % logins`);
  assert.ok(login(warm.shares) < 3 * login(steady.shares), `warm start: ${(login(warm.shares) * 100).toFixed(1)} % logins, steady ${(login(steady.shares) * 100).toFixed(1)} %`);
  const search = (s: Map<string, number>): number => s.get('search') ?? 0;
  assert.ok(Math.abs(search(warm.shares) - search(steady.shares)) < 0.05, 'searches as in steady state');
});

test('counts describe the run: events, and sessions and users with an event in it', async () => {
  const { sessions, realtime } = await firstEvents(50_000, 5_000);
  assert.equal(realtime.engine.stats.events, 5_000);
  assert.equal(realtime.engine.stats.sessions, sessions.size);
});

test('the session profile measures events per session and session time per event', () => {
  // Every session views; half of them then buy. 1.5 events per session, 10 s per state.
  const text = `
name: two-steps
arrivals: { rate: 1 }
states:
  view: { dwell: { type: constant, value: 10 }, next: { buy: 0.5 } }
  buy: { dwell: { type: constant, value: 10 } }
fields:
  type: { ref: event.type }
`;
  const loaded = parseScenarioText(text, 'two-steps');
  const profile = sessionProfile(compileScenario(loaded.scenario, 5), START);
  // 1,000 sessions: the mean of 1 + Bernoulli(0.5) has a standard error of 0.016.
  assert.ok(Math.abs(profile.eventsPerSession - 1.5) < 0.065, `${profile.eventsPerSession} events per session`);
  assert.equal(profile.msPerEvent, 10_000);
});

test('the history before a real-time start holds at most twice the warm-up budget of events, late delivery included', () => {
  const scenario = compiled();
  const profile = sessionProfile(scenario, START);
  for (const [rate, lateHorizonMs] of [[20_000, 120_000], [1_000, 120_000], [100_000, 600_000], [50, 0]] as const) {
    const budget = 200_000;
    const historyMs = historyLength(scenario, START, { clock: systemClock, rate, warmupEvents: budget, lateHorizonMs }, profile.eventsPerSession, profile.msPerEvent);
    assert.ok((historyMs / 1000) * rate <= 2 * budget + 1, `rate ${rate}, late horizon ${lateHorizonMs} ms: ${historyMs} ms of history, ${Math.round((historyMs / 1000) * rate)} events`);
    // A low rate reaches the whole late horizon: late events at their share from the first second.
    if ((lateHorizonMs / 1000) * rate <= budget) assert.ok(historyMs >= lateHorizonMs, `rate ${rate}: the history reaches back the longest late delay`);
  }
});
