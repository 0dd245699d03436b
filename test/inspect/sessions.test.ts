import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionTracker, type OpenSession } from '../../src/inspect/sessions.js';

const MINUTE = 60_000;

test('only sessions in progress stay open: memory is bounded by concurrency, not by the input', () => {
  const closed: OpenSession[] = [];
  const tracker = new SessionTracker(30 * MINUTE, () => undefined, (s) => closed.push(s));
  let most = 0;
  // 100,000 sessions, one starting every 10 s, each with events 0, 5 and 12 minutes in.
  const events: [number, string][] = [];
  for (let i = 0; i < 100_000; i++) for (const m of [0, 5, 12]) events.push([i * 10_000 + m * MINUTE, `s${i}`]);
  events.sort((a, b) => a[0] - b[0]);
  for (const [time, key] of events) {
    const s = tracker.touch(key, null, time);
    s.events++;
    s.last = Math.max(s.last, time);
    most = Math.max(most, tracker.openCount);
  }
  tracker.finish();
  assert.equal(closed.length, 100_000);
  assert.ok(closed.every((s) => s.events === 3));
  // Open: sessions whose last event is within 30 minutes of the latest time, 42 minutes' worth.
  assert.ok(most <= 42 * 6 + 1, `${most} sessions open at once`);
});

test('a session idle for longer than the timeout is closed; a later event for its key starts another', () => {
  const closed: OpenSession[] = [];
  const tracker = new SessionTracker(30 * MINUTE, () => undefined, (s) => closed.push(s));
  for (const t of [0, 10 * MINUTE, 41 * MINUTE]) {
    const s = tracker.touch('k', 'u', t);
    s.events++;
    s.last = Math.max(s.last, t);
  }
  assert.equal(closed.length, 1, 'closed when time moved 31 minutes past its last event');
  tracker.finish();
  assert.deepEqual(closed.map((s) => s.events), [2, 1]);
});
