import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { writeJsonValue } from '../../src/encode/json-value.js';
import { SymTable } from '../../src/engine/sym.js';
import { JsonDocument } from '../../src/scenario/json-text.js';

function written(value: unknown, size = 1 << 16): string | null {
  const out = new Uint8Array(size);
  const end = writeJsonValue(value, out, 0, out.length);
  return end < 0 ? null : Buffer.from(out.subarray(0, end)).toString('utf8');
}

test('writeJsonValue writes what JSON.stringify writes, for any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.equal(written(value), JSON.stringify(value));
    }),
    { numRuns: 2000 },
  );
});

test('writeJsonValue: undefined members are left out of objects and null in lists, non-finite numbers are null, -0 is 0', () => {
  const value = { a: undefined, b: [undefined, NaN, -0, Infinity], c: 'x"\u00e9\n', d: { e: null } };
  assert.equal(written(value), JSON.stringify(value));
});

test('writeJsonValue writes interned values (Syms) as their text, as JSON.stringify does through toJSON', () => {
  const syms = new SymTable();
  const value = { product: syms.get('SKU-1'), tags: [syms.get('a"b'), syms.get('é')] };
  assert.equal(written(value), JSON.stringify(value));
});

test('writeJsonValue returns -1 when the value does not fit, at any size', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.nat(200), (value, size) => {
      const text = JSON.stringify(value);
      if (text === undefined) return;
      const result = written(value, size);
      if (Buffer.byteLength(text) > size) assert.equal(result, null);
      else if (result !== null) assert.equal(result, text);
    }),
    { numRuns: 2000 },
  );
});

test('writeJsonValue writes a JSON document (a json source) from its escaped text, as JSON.stringify writes its text', () => {
  const text = JSON.stringify({ schema: 'iglu:x/y', data: [{ id: 'a"b\\c', name: 'é' }] });
  const document = new JsonDocument(text, JSON.stringify(text).slice(1, -1));
  assert.equal(written({ co: document }), JSON.stringify({ co: text }));
  assert.equal(written(document, text.length + 4), null);
});
