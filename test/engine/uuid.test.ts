/** UUID texts: version 4 shape, lower-case hex, the words in order; Uuid values written from their bits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sym } from '../../src/engine/sym.js';
import { drawUuid, Uuid, uuidText } from '../../src/engine/uuid.js';
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

test('drawUuid draws version-4 UUIDs with the RFC 4122 variant, a new text each time', () => {
  const rng = streamFor(7, 1, 0);
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = drawUuid(rng).text;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 1000);
});

test('a Uuid writes, between quotes, exactly the text it reads as, and makes that text once', () => {
  const word = fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 });
  fc.assert(
    fc.property(word, word, word, word, fc.integer({ min: 0, max: 64 }), (a, b, c, d, at) => {
      const id = new Uuid(a, b, c, d);
      const out = new Uint8Array(at + 40).fill(0xff);
      assert.equal(id.writeQuoted(out, at), at + 38);
      assert.equal(Buffer.from(out.subarray(at, at + 38)).toString('latin1'), JSON.stringify(uuidText(a, b, c, d)));
      assert.deepEqual([...out.subarray(0, at), ...out.subarray(at + 38)], new Array(at + 2).fill(0xff), 'nothing written outside its 38 bytes');
      assert.equal(id.text, uuidText(a, b, c, d));
      assert.equal(id.text, id.text);
      assert.ok(Object.is(id.makeText(), id.text), 'the text is made once and kept');
      assert.equal(String(id), id.text);
      assert.equal(JSON.stringify({ id }), JSON.stringify({ id: id.text }));
    }),
  );
});

test('a Uuid is a Sym made per event: no interned index, no bytes kept on it', () => {
  const id = drawUuid(streamFor(3, 1, 0));
  assert.ok(id instanceof Sym);
  assert.equal(id.index, -1);
  assert.equal(id.keepsBytes, false);
  assert.throws(() => {
    id.encoded[0] = new Uint8Array(1);
  }, TypeError);
  assert.equal(Object.hasOwn(id, 'text'), false, 'no own text hides the accessor');
});
