import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../src/clock/clock.js';
import { ReleaseGate } from '../../src/clock/release-gate.js';

test('an event is let through at its due time, not before, and soon after', async () => {
  const gate = new ReleaseGate(systemClock, 5);
  const lateness: number[] = [];
  for (let i = 0; i < 20; i++) {
    const due = systemClock.now() + 7 + (i % 5);
    assert.equal(gate.isDue(due), false);
    await gate.waitFor(due);
    const now = systemClock.now();
    assert.ok(now >= due, `woke ${due - now} ms early`);
    assert.equal(gate.isDue(due), true);
    lateness.push(now - due);
  }
  lateness.sort((a, b) => a - b);
  // The median wake-up is within a tick plus a timer's granularity, even on a busy machine.
  assert.ok(lateness[10] < 15, `median lateness ${lateness[10].toFixed(1)} ms`);
});

test('wake-ups are at least a tick apart whatever the rate, and everything due by then goes', async () => {
  const tick = 10;
  const gate = new ReleaseGate(systemClock, tick);
  const start = systemClock.now() + 5;
  const rate = 20_000;
  let wakeUps = 0;
  for (let k = 0; k < 4_000; k++) {
    const due = start + (k * 1000) / rate;
    if (!gate.isDue(due)) {
      await gate.waitFor(due);
      wakeUps++;
    }
  }
  const elapsed = systemClock.now() - start;
  // 200 ms of events at one wake-up per 0.05 ms would be 4,000 wake-ups.
  assert.ok(wakeUps <= elapsed / tick + 2, `${wakeUps} wake-ups in ${elapsed.toFixed(0)} ms`);
  assert.ok(elapsed >= 199, `released in ${elapsed} ms, before the last was due`);
});

test('an aborted wait returns at once', async () => {
  const gate = new ReleaseGate(systemClock, 5);
  const controller = new AbortController();
  const began = systemClock.now();
  setTimeout(() => controller.abort(), 20);
  await gate.waitFor(began + 60_000, controller.signal);
  assert.ok(systemClock.now() - began < 1_000);
});
