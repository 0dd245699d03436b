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

/**
 * 1,024 sessions of `events` events each (a keep at the second, hits after) with runs of
 * `length` bytes; returns whether session 1,024 then still keeps its run at its second event
 * and hits it at its third (false: keeping paused).
 */
function keepsAfter(events: number, length: number): boolean {
  const runs = new SessionRuns(1);
  const engine: FieldValue[] = ['engine'];
  const text = 'x'.repeat(length);
  for (let session = 0; session < 1024; session++) {
    for (let event = 0; event < events; event++) lookUp(runs, engine, session, text);
  }
  lookUp(runs, engine, 1024, text);
  lookUp(runs, engine, 1024, text);
  return lookUp(runs, engine, 1024, text);
}

test('session runs: keeping pauses when kept runs are seldom written again, unless they are long enough that a write or two pays for the keep', () => {
  assert.equal(keepsAfter(4, 60), false, 'two hits per keep of a 60-byte run: paused');
  assert.equal(keepsAfter(7, 60), true, 'five hits per keep: kept on');
  assert.equal(keepsAfter(4, 400), false, 'two hits per keep of 400 bytes: paused');
  assert.equal(keepsAfter(4, 700), true, 'two hits per keep of 700 bytes (GA4’s run is 660): kept on');
  assert.equal(keepsAfter(3, 2000), true, 'one hit per keep of 2,000 bytes: kept on');
});

test('session runs: runs kept side by side in shared slabs, and one longer than a slab, each read back whole and unchanged', () => {
  const runs = new SessionRuns(1);
  const engine: FieldValue[] = ['engine'];
  // About 600 KB of runs of 1 to 1,200 bytes (many slabs' worth), and one of 40,000 bytes.
  const textOf = (session: number): string => (session === 500 ? 'L'.repeat(40_000) : `,"s":${session},"x":"${'ab'.repeat(session % 600)}"`);
  const sessions = 1000;
  for (let session = 0; session < sessions; session++) {
    assert.equal(lookUp(runs, engine, session, textOf(session)), false);
    assert.equal(lookUp(runs, engine, session, textOf(session)), false);
  }
  // lookUp checks a hit's bytes against the text.
  for (let session = 0; session < sessions; session++) assert.equal(lookUp(runs, engine, session, textOf(session)), true, `session ${session}`);
});
