/** IndexSet counts distinct indexes as a Set does, through growth and clearing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IndexSet } from '../../src/engine/index-set.js';

test('IndexSet.size is the number of distinct indexes added, as a Set counts them', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.oneof(fc.nat({ max: 200_000 }), fc.integer({ min: (1 << 23) - 40, max: (1 << 23) + 40 }), fc.integer({ min: 0, max: 2_000_000_000 })), { maxLength: 300 }), { minLength: 1, maxLength: 4 }), (rounds) => {
      const set = new IndexSet();
      for (const indexes of rounds) {
        set.clear();
        const expected = new Set<number>();
        for (const index of indexes) {
          set.add(index);
          expected.add(index);
          assert.equal(set.size, expected.size);
        }
      }
    }),
  );
});

test('IndexSet keeps what it counted when it grows past its first words', () => {
  const set = new IndexSet();
  set.add(3);
  set.add(1_000_000);
  set.add(3);
  set.add(1_000_000);
  set.add(2_047);
  assert.equal(set.size, 3);
});

test('IndexSet keeps a population of 900 M users without a bitmap as large as its last index', () => {
  const set = new IndexSet();
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 1000; i++) set.add(899_000_000 + i * 997);
  set.add(899_000_000);
  assert.equal(set.size, 1000);
  assert.ok(process.memoryUsage().arrayBuffers - before < 8 << 20, 'no bitmap of 112 MB');
});
