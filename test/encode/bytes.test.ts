/** Numbers written into the byte buffer read exactly as String (JSON.stringify) writes them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeNumber } from '../../src/encode/bytes.js';

const out = new Uint8Array(64);
const written = (value: number): string => Buffer.from(out.subarray(0, writeNumber(out, 0, value))).toString('latin1');

test('decimals of up to four places (prices, coordinates) are written as String writes them', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.maxSafeInteger()), (places, units) => {
      const value = units / 10 ** places;
      assert.equal(written(value), String(value));
    }),
    { numRuns: 20000 },
  );
});

test('any other number is written as String writes it too', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true }), (value) => {
      assert.equal(written(value), Number.isFinite(value) ? String(value) : 'null');
    }),
    { numRuns: 20000 },
  );
  for (const value of [0, -0, 0.1 + 0.2, 1e21, 1e-7, -1.5, 123.456, 2 ** 53 + 0.5, 1e15 + 0.3, 4503599627370495.5, -40.7128, 0.0001, 0.00001, NaN, -Infinity]) {
    assert.equal(written(value), Number.isFinite(value) ? String(value) : 'null', String(value));
  }
});

test('integers, up to the largest safe one, are written as String writes them', () => {
  fc.assert(
    fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1.6e12, max: 1.9e12 })), (value) => {
      assert.equal(written(value), String(value));
    }),
    { numRuns: 20000 },
  );
  for (let digits = 0; digits <= 15; digits++) for (const value of [10 ** digits - 1, 10 ** digits, 10 ** digits + 1]) assert.equal(written(value), String(value));
  assert.equal(written(Number.MAX_SAFE_INTEGER), String(Number.MAX_SAFE_INTEGER));
});
