/** The per-session cache of steady runs: copies of events (late delivery, duplicates) never cost their session its cached bytes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionRuns } from '../../src/encode/session-runs.js';
import type { FieldValue } from '../../src/engine/event.js';

/** Looks up a run of `session` for an event with `values`, writing and keeping `text` on a miss; returns whether it hit. */
function lookUp(runs: SessionRuns, values: readonly FieldValue[], session: number, text: string): boolean {
  runs.event(values);
  const cached = runs.find(session, 0);
  if (cached !== null) {
    assert.equal(Buffer.from(cached).toString(), text);
    return true;
  }
  const bytes = Buffer.from(text);
  runs.keep(bytes, 0, bytes.length);
  return false;
}

test('session runs: a copy with its own values array, of the same session or of one in the same slot, neither hits nor evicts; the engine view keeps hitting', () => {
  const runs = new SessionRuns(1);
  const engine: FieldValue[] = ['engine'];
  // The table has 2^14 slots: session 7 + 2^14 shares session 7's.
  const colliding = 7 + (1 << 14);
  assert.equal(lookUp(runs, engine, 1, 'warm-up'), false);
  assert.equal(lookUp(runs, engine, 7, ',"u":7'), false);
  assert.equal(lookUp(runs, engine, 7, ',"u":7'), false, 'kept from the second event on');
  assert.equal(lookUp(runs, engine, 7, ',"u":7'), true);
  for (let i = 0; i < 3; i++) {
    assert.equal(lookUp(runs, ['late copy'], 7, ',"u":7'), false, 'a copy is written from its own values');
    assert.equal(lookUp(runs, ['late copy'], colliding, ',"u":other'), false);
    assert.equal(lookUp(runs, ['duplicate'], colliding, ',"u":other'), false);
    assert.equal(lookUp(runs, engine, 7, ',"u":7'), true, 'the session keeps its bytes');
  }
  // The engine's own events of the colliding session take the slot over, as before.
  assert.equal(lookUp(runs, engine, colliding, ',"u":c'), false);
  assert.equal(lookUp(runs, engine, colliding, ',"u":c'), false);
  assert.equal(lookUp(runs, engine, colliding, ',"u":c'), true);
  assert.equal(lookUp(runs, engine, 7, ',"u":7 again'), false);
});
