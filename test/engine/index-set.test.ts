/** IndexSet counts distinct indexes as a Set does, through growth and clearing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IndexSet } from '../../src/engine/index-set.js';

test('IndexSet.size is the number of distinct indexes added, as a Set counts them', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.nat({ max: 200_000 }), { maxLength: 300 }), { minLength: 1, maxLength: 4 }), (rounds) => {
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
