/** The progress line: on any stderr, with percent and ETA for -n and --duration, and the real-time phases. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressText, RateWindow, type ProgressPlan } from '../../src/cli/progress.js';
import { clickgen, START } from '../helpers/cli.js';

const T0 = Date.parse(START);
const batch: ProgressPlan = { count: 1000, start: T0, end: null, realtime: null };

test('--progress writes progress lines when stderr is not a terminal (a log file, CI)', async () => {
  const result = await clickgen(['generate', '-n', '20000', '--start', START, '--progress', '-o', '/dev/null']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.ok(lines.length >= 3, result.stderr);
  assert.match(lines[0], /^\[░{24}\] 0% \| 0 events \| /);
  assert.match(lines.at(-2)!, /^\[█{24}\] 100% \| 20,000 events \| [\d,]+ events\/s \| ETA 0s$/);
  assert.match(lines.at(-1)!, /^clickgen: 20,000 events, /);
});

test('a count run: percent of the events and an ETA from the pace so far', () => {
  assert.equal(progressText(batch, { events: 250, eventTime: T0 }, { elapsedSeconds: 10, wallNow: 0, liveRate: 0 }), '[██████░░░░░░░░░░░░░░░░░░] 25% | 250 events | 25 events/s | ETA 30s');
});

test('a --duration run: percent of the simulated span, its ETA, and the simulated clock', () => {
  const plan: ProgressPlan = { count: null, start: T0, end: T0 + 7 * 86_400_000, realtime: null };
  const text = progressText(plan, { events: 5000, eventTime: T0 + 3.5 * 86_400_000 }, { elapsedSeconds: 120, wallNow: 0, liveRate: 0 });
  assert.equal(text, '[████████████░░░░░░░░░░░░] 50% | 5,000 events | 42 events/s | ETA 2m 00s | simulated 2024-01-04 12:00:00');
});

test('a real-time run: the backfill catching up with the clock, then the live rate against the target', () => {
  const plan: ProgressPlan = { count: null, start: T0, end: null, realtime: { rate: 500 } };
  const now = T0 + 3 * 3_600_000;
  assert.equal(
    progressText(plan, { events: 90_000, eventTime: T0 + 3_600_000 }, { elapsedSeconds: 3, wallNow: now, liveRate: 0 }),
    'backfill: simulated 2024-01-01 01:00:00, 2h 00m behind the clock | 90,000 events | 30,000 events/s',
  );
  assert.equal(
    progressText(plan, { events: 5_400_000, eventTime: now - 300 }, { elapsedSeconds: 200, wallNow: now, liveRate: 498.6 }),
    'live: 499 events/s (target 500) | simulated 2024-01-01 02:59:59 | 5,400,000 events',
  );
  assert.equal(
    progressText(plan, { events: 0, eventTime: T0 }, { elapsedSeconds: 1.25, wallNow: now, liveRate: 0 }),
    'warming up: simulating the sessions open at the start | 1.3s',
    'before its first event, not "live: 0 events/s"',
  );
  const ownVolume: ProgressPlan = { ...plan, realtime: { rate: null } };
  assert.match(progressText(ownVolume, { events: 10, eventTime: now }, { elapsedSeconds: 1, wallNow: now, liveRate: 12 }), /^live: 12 events\/s \| simulated /);
});

test('the live rate starts afresh when the backfill ends: no backfilled event counts as live', () => {
  const window = new RateWindow(0);
  // Backfill: 200,000 events in the first 2 s of wall time.
  assert.equal(window.update(1_000, 100_000, false), 100_000);
  assert.equal(window.update(2_000, 200_000, false), 100_000);
  // Live from here: the first figure is measured, not the backfill's pace.
  assert.ok(Number.isNaN(window.update(2_100, 200_020, true)));
  assert.ok(Number.isNaN(window.update(2_600, 200_120, true)));
  assert.equal(window.update(3_100, 200_200, true), 180);
  assert.equal(window.update(4_100, 200_400, true), 200);
  const plan: ProgressPlan = { count: null, start: T0, end: null, realtime: { rate: 200 } };
  assert.equal(progressText(plan, { events: 10, eventTime: T0 }, { elapsedSeconds: 1, wallNow: T0, liveRate: Number.NaN }), 'live: measuring the rate (target 200) | simulated 2024-01-01 00:00:00 | 10 events');
});
