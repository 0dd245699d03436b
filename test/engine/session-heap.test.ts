import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Session } from '../../src/engine/session.js';
import { SessionHeap } from '../../src/engine/session-heap.js';

interface Entry {
  time: number;
  readonly number: number;
}

const earlier = (a: Entry, b: Entry): boolean => a.time < b.time || (a.time === b.time && a.number < b.number);

/**
 * Random work as the engine does it: sessions arrive, the earliest one moves on in time
 * (updateTop) or ends (pop). Times come from a small range so that ties are common; after
 * every step the top must be the earliest session by (time, number).
 */
test('SessionHeap: the top is always the earliest session by time, then number', () => {
  // Mostly arrivals and moves, so the heap grows several levels deep.
  const step = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: 6 }) }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('advance' as const), time: fc.integer({ min: 0, max: 3 }) }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('pop' as const), time: fc.constant(0) }), weight: 1 },
  );
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 400, size: 'max' }), (steps) => {
      const heap = new SessionHeap();
      const open: Entry[] = [];
      let numbers = 0;
      for (const { kind, time } of steps) {
        const top = heap.peek() as Entry | undefined;
        if (kind === 'push') {
          const entry = { time: (top?.time ?? 0) + time, number: numbers++ };
          open.push(entry);
          heap.push(entry as unknown as Session);
        } else if (top !== undefined && kind === 'advance') {
          top.time += time;
          heap.updateTop();
        } else if (top !== undefined) {
          open.splice(open.indexOf(top), 1);
          heap.pop();
        }
        assert.equal(heap.size, open.length);
        const expected = open.reduce<Entry | undefined>((best, e) => (best === undefined || earlier(e, best) ? e : best), undefined);
        assert.equal(heap.peek(), expected);
      }
    }),
    { numRuns: 1000 },
  );
});
