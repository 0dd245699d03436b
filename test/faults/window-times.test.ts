/** The answer key's window starts are written as Date writes them, whatever the time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteText } from '../../src/faults/key-text.js';
import { MAX_TIME_BYTES, WindowTimes } from '../../src/faults/window-times.js';

const MAX_DATE_MS = 8.64e15;

test('window times: the same text as Date.toISOString, as a string and as bytes, for times in order and out of order', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.double({ min: -1e13, max: 1e13, noNaN: true })), { minLength: 1, maxLength: 50 }), (times) => {
      const format = new WindowTimes();
      const written = new ByteText();
      for (const ms of times) {
        assert.equal(format.format(ms), new Date(ms).toISOString(), String(ms));
        written.wrote(format.put(written.reserve(MAX_TIME_BYTES), written.offset, ms));
      }
      // Written as bytes, the same texts one after another.
      assert.equal(Buffer.concat(written.take()).toString('latin1'), times.map((ms) => new Date(ms).toISOString()).join(''));
    }),
    { numRuns: 2000 },
  );
});
