/** UUID texts: version 4 shape, lower-case hex, the words in order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatUuid, uuidText } from '../../src/engine/uuid.js';
import { streamFor } from '../../src/random/prng.js';

const hex = (n: number, digits: number): string => (n >>> 0).toString(16).padStart(8, '0').slice(8 - digits);

test('uuidText writes the four words as 8-4-4-4-12 lower-case hex', () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (a, b, c, d) => {
      const expected = `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(b, 4)}-${hex(c >>> 16, 4)}-${hex(c, 4)}${hex(d, 8)}`;
      assert.equal(uuidText(a, b, c, d), expected);
    }),
  );
});

test('formatUuid draws version-4 UUIDs with the RFC 4122 variant, a new text each time', () => {
  const rng = streamFor(7, 1, 0);
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = formatUuid(rng);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 1000);
});
