import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BySymIndex } from '../../src/engine/sym.js';

test('BySymIndex reads back what was set, 0 elsewhere, at any index however far out, as a Map does', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(40_000), fc.integer({ min: 1, max: 2 ** 31 - 1 })), { maxLength: 60 }), fc.array(fc.nat(50_000), { maxLength: 30 }), (writes, reads) => {
      const table = new BySymIndex();
      const expected = new Map<number, number>();
      for (const [index, value] of writes) {
        table.set(index, value);
        expected.set(index, value);
      }
      for (const index of [...reads, ...expected.keys()]) assert.equal(table.get(index), expected.get(index) ?? 0, `index ${index}`);
    }),
  );
});
