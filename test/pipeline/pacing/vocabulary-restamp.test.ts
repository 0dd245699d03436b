/**
 * Paced runs restamp each event with its due time; the vocabularies write times in forms of
 * their own (GA4's microseconds and date, Snowplow's epoch ms as text, Segment's session id
 * from the session's start), which must follow the same stamp.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pacedScenario } from '../../../src/pipeline/pacing/paced-scenario.js';
import { RateSchedule } from '../../../src/pipeline/pacing/rate-schedule.js';
import { Engine } from '../../../src/engine/engine.js';
import { eventToObject } from '../../../src/encode/event-object.js';
import { compiled } from '../../helpers/scenarios.js';

// A start that is not the simulation's natural one, so unstamped times would show.
const START = Date.UTC(2026, 6, 15, 23, 59, 58);
const RATE = 400;
const SECONDS = 20;

type Row = Record<string, unknown>;

/** Each event of a rate run over SECONDS of schedule time, as written, with its stamp and session. */
function pacedRows(name: string): { row: Row; stamp: number; session: number; drift: number }[] {
  const scenario = compiled(name, 5);
  const engine = new Engine(pacedScenario(scenario), { start: START });
  const schedule = new RateSchedule(engine, scenario, START, RATE);
  const out: { row: Row; stamp: number; session: number; drift: number }[] = [];
  for (let event = engine.next(); event !== null; event = engine.next()) {
    const simulated = event.time;
    const due = schedule.due(event);
    if (due >= START + SECONDS * 1000) break;
    out.push({ row: eventToObject(event, scenario.schema), stamp: event.time, session: event.session, drift: Math.abs(simulated - event.time) });
  }
  assert.ok(out.length > RATE * SECONDS * 0.9, `${out.length} events`);
  assert.ok(out.some((e) => e.drift > 1), 'the schedule moved some events, so the test shows something');
  return out;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');

test('shop-ga4 in a rate run: event_timestamp is the stamp in microseconds and event_date its day (across midnight)', () => {
  const rows = pacedRows('shop-ga4');
  for (const { row, stamp } of rows) {
    assert.equal(row.event_timestamp, stamp * 1000);
    assert.equal(row.event_date, day(stamp));
  }
  assert.ok(new Set(rows.map((r) => r.row.event_date)).size === 2, 'the run crosses midnight');
});

test('shop-snowplow in a rate run: dtm is the stamp as text, stm 0.2 s after it', () => {
  for (const { row, stamp } of pacedRows('shop-snowplow')) {
    assert.equal(row.dtm, String(stamp));
    assert.equal(row.stm, String(stamp + 200));
  }
});

test('shop-segment in a rate run: the timestamps are the stamp; context.sessionId stays one per session', () => {
  const sessions = new Map<number, Set<unknown>>();
  for (const { row, stamp, session } of pacedRows('shop-segment')) {
    assert.equal(row.timestamp, new Date(stamp).toISOString());
    assert.equal(row.sentAt, new Date(stamp + 200).toISOString());
    const ids = sessions.get(session) ?? new Set();
    sessions.set(session, ids.add((row.context as Row).sessionId));
  }
  for (const [session, ids] of sessions) assert.equal(ids.size, 1, `session ${session}: ${[...ids].join(', ')}`);
  assert.ok([...sessions.values()].some((ids) => ids.size === 1) && sessions.size > 50);
});
