/** The per-session cache of steady runs: copies of events (late delivery, duplicates) read their session's cached bytes and never cost it them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionRuns } from '../../src/encode/session-runs.js';
import type { FieldValue } from '../../src/engine/event.js';

/**
 * Looks up a run of `session` for an event with `values` copied from the engine view `origin`
 * (the same array for the view itself), writing and keeping `text` on a miss; returns whether it hit.
 */
function lookUp(runs: SessionRuns, values: readonly FieldValue[], session: number, text: string, origin = values): boolean {
  runs.event(values, origin);
  const cached = runs.find(session, 0);
  if (cached !== null) {
    assert.equal(Buffer.from(cached).toString(), text);
    return true;
  }
  const bytes = Buffer.from(text);
  runs.keep(bytes, 0, bytes.length);
  return false;
}

test('session runs: a copy reads its own session’s bytes, and a copy of a session in the same slot neither hits nor evicts; the engine view keeps hitting', () => {
  const runs = new SessionRuns(1);
  const engine: FieldValue[] = ['engine'];
  // The table has 2^14 slots: session 7 + 2^14 shares session 7's.
  const colliding = 7 + (1 << 14);
  assert.equal(lookUp(runs, engine, 1, 'warm-up'), false);
  assert.equal(lookUp(runs, engine, 7, ',"u":7'), false);
  assert.equal(lookUp(runs, engine, 7, ',"u":7'), false, 'kept from the second event on');
  assert.equal(lookUp(runs, engine, 7, ',"u":7'), true);
  for (let i = 0; i < 3; i++) {
    assert.equal(lookUp(runs, ['late copy'], 7, ',"u":7', engine), true, 'a copy of the session’s event writes its cached bytes');
    assert.equal(lookUp(runs, ['late copy'], colliding, ',"u":other', engine), false);
    assert.equal(lookUp(runs, ['duplicate'], colliding, ',"u":other', engine), false);
    assert.equal(lookUp(runs, engine, 7, ',"u":7'), true, 'the session keeps its bytes');
  }
  // The engine's own events of the colliding session take the slot over, as before.
  assert.equal(lookUp(runs, engine, colliding, ',"u":c'), false);
  assert.equal(lookUp(runs, engine, colliding, ',"u":c'), false);
  assert.equal(lookUp(runs, engine, colliding, ',"u":c'), true);
  assert.equal(lookUp(runs, engine, 7, ',"u":7 again'), false);
});

test('session runs: the view of another engine with the same session number is written in full and leaves the slot to its owner', () => {
  const runs = new SessionRuns(1);
  const engine: FieldValue[] = ['engine'];
  const other: FieldValue[] = ['other engine'];
  assert.equal(lookUp(runs, engine, 3, ',"u":3'), false);
  assert.equal(lookUp(runs, engine, 3, ',"u":3'), false);
  for (let i = 0; i < 3; i++) {
    assert.equal(lookUp(runs, other, 3, ',"u":elsewhere'), false);
    assert.equal(lookUp(runs, ['its copy'], 3, ',"u":elsewhere', other), false);
    assert.equal(lookUp(runs, engine, 3, ',"u":3'), true);
  }
});
