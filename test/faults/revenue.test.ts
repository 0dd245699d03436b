/** Revenue texts: whole units written with their places, and sums of texts exact. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addRevenueTexts, MAX_REVENUE_BYTES, putRevenue, revenuePuttable, revenueText, revenueUnits } from '../../src/faults/revenue.js';

test('revenue: a number of units reads back from its text, for any places', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }), (units, decimals) => {
      const text = revenueText(units, decimals);
      assert.match(text, decimals === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${decimals}}$`));
      assert.equal(BigInt(text.replace('.', '')), units);
      if (units >= BigInt(Number.MIN_SAFE_INTEGER) && units <= BigInt(Number.MAX_SAFE_INTEGER)) assert.equal(revenueText(Number(units), decimals), text);
    }),
  );
});

test('revenue: adding texts is adding their units exactly', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 6 }), (a, b, decimals) => {
      assert.equal(addRevenueTexts(revenueText(a, decimals), revenueText(b, decimals)), revenueText(a + b, decimals));
    }),
  );
});

test('revenue: written values are rounded to whole cents; no value is nothing', () => {
  assert.equal(revenueUnits(19.99, 100), 1999);
  assert.equal(revenueUnits(0.1 + 0.2, 100), 30);
  assert.equal(revenueUnits('12.5', 100), 1250);
  assert.equal(revenueUnits(null, 100), 0);
  assert.equal(revenueUnits(undefined, 100), 0);
  assert.equal(revenueUnits('n/a', 100), 0);
});

test('revenue: written as bytes, the same text as revenueText, for safe units and up to 15 places', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -0, 1, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER)), fc.integer({ min: 0, max: 15 }), (units, decimals) => {
      assert.ok(revenuePuttable(units, decimals));
      const out = new Uint8Array(MAX_REVENUE_BYTES);
      const end = putRevenue(out, 0, units, decimals);
      assert.equal(Buffer.from(out.subarray(0, end)).toString('latin1'), revenueText(units, decimals));
    }),
  );
  assert.equal(revenuePuttable(2 ** 60, 2), false);
  assert.equal(revenuePuttable(5, 16), false);
});
