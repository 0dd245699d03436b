import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileText, events } from '../helpers/run-scenario.js';

test('a counter counts once across segments: every segment\'s copy of the state shares it', () => {
  const out = events(
    compileText(`
name: orders
population:
  segments:
    a: { weight: 1 }
    b: { weight: 1, set: { "states.buy.next": {} } }
states:
  buy:
    fields: { order: { counter: { start: 100 } } }
fields:
  segment: { ref: user.segment }
`),
    { start: 0, count: 2000 },
  );
  assert.deepEqual(
    out.map((e) => e.order),
    out.map((_, i) => 100 + i),
  );
  assert.ok(new Set(out.map((e) => e.segment)).size === 2, 'both segments ran');
});
