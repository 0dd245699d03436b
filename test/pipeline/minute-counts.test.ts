/** Counts by minute of event time, kept in pages: the same counts as one entry per minute, in any order of minutes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MinuteCounts } from '../../src/pipeline/minute-counts.js';

test('minute counts: every minute’s total, earliest first, whatever the order and span of the minutes added (before 1970 too)', () => {
  const minute = fc.oneof(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 28_000_000, max: 28_001_000 }));
  fc.assert(
    fc.property(fc.array(fc.tuple(minute, fc.integer({ min: 1, max: 50 })), { maxLength: 300 }), (adds) => {
      const counts = new MinuteCounts();
      const expected = new Map<number, number>();
      for (const [m, n] of adds) {
        counts.add(m, n);
        expected.set(m, (expected.get(m) ?? 0) + n);
      }
      assert.deepEqual(counts.entries(), [...expected].sort((a, b) => a[0] - b[0]));
    }),
    { numRuns: 300 },
  );
});
