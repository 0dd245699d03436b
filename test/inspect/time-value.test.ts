import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTime } from '../../src/inspect/time-value.js';

// 1973..2286: epoch milliseconds above 1e11 and below the ISO limit of 4 year digits.
const instant = fc.integer({ min: 100_000_000_000, max: 9_999_999_999_999 });

test('ISO 8601 with milliseconds and Z reads back the same instant (property)', () => {
  fc.assert(fc.property(instant, (ms) => assert.equal(parseTime(new Date(ms).toISOString()), ms)), { numRuns: 5000 });
});

test('epoch milliseconds and seconds, as numbers or text, read back (property)', () => {
  fc.assert(
    fc.property(instant, (ms) => {
      assert.equal(parseTime(ms), ms);
      assert.equal(parseTime(String(ms)), ms);
      const seconds = Math.floor(ms / 1000);
      assert.equal(parseTime(seconds), seconds * 1000);
      assert.equal(parseTime(String(seconds)), seconds * 1000);
    }),
  );
});

test('epoch microseconds (GA4\'s event_timestamp), as numbers or text, read back (property)', () => {
  fc.assert(
    fc.property(instant, (ms) => {
      assert.equal(parseTime(ms * 1000), ms);
      assert.equal(parseTime(String(ms * 1000)), ms);
    }),
  );
});

test('other ISO forms: no zone is UTC, offsets with or without a colon, a space for T, no seconds', () => {
  const expected = Date.UTC(2024, 2, 10, 12, 30, 5, 250);
  assert.equal(parseTime('2024-03-10T12:30:05.250'), expected);
  assert.equal(parseTime('2024-03-10 12:30:05.250'), expected);
  assert.equal(parseTime('2024-03-10T14:30:05.250+02:00'), expected);
  assert.equal(parseTime('2024-03-10T07:30:05.250-0500'), expected);
  assert.equal(parseTime('2024-03-10T12:30:05Z'), expected - 250);
  assert.equal(parseTime('2024-03-10T12:30'), Date.UTC(2024, 2, 10, 12, 30));
});

test('what is not a time is NaN, never an exception (property)', () => {
  for (const bad of ['', 'yesterday', '2024-13-45T99:99:99.999Z', '2024-03-10T25:00:00.000Z', null, undefined, true, {}, Number.NaN]) {
    assert.ok(Number.isNaN(parseTime(bad)), JSON.stringify(bad) ?? 'undefined');
  }
  fc.assert(
    fc.property(fc.string(), (text) => {
      const t = parseTime(text);
      assert.ok(Number.isNaN(t) || Number.isFinite(t));
    }),
    { numRuns: 2000 },
  );
});
