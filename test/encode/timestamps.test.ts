import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TimeFormat } from '../../src/engine/event.js';
import { TimestampWriter } from '../../src/encode/timestamps.js';
import { formatTimestamp } from '../../src/time/time-text.js';

const FORMATS: readonly TimeFormat[] = ['iso', 'iso-seconds', 'iso-local', 'sql', 'epoch-ms', 'epoch-s'];
const decoder = new TextDecoder();
const LEAD = new TextEncoder().encode(',"t":');

/** What the writer should give: the lead, then the text (quoted when it is ISO), or null for no date. */
function expected(ms: number, format: TimeFormat, quote: boolean): string {
  const text = formatTimestamp(ms, format);
  if (text === '') return quote ? ',"t":null' : ',"t":';
  return quote && (format.startsWith('iso') || format === 'sql') ? `,"t":"${text}"` : `,"t":${text}`;
}

/** Times near each other (the cached second and minute are reused) and far apart, before year 0 and after 9999. */
const times = fc.array(
  fc.oneof(
    fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 1) + 180_000 }),
    fc.integer({ min: -8.64e15, max: 8.64e15 }),
    // Years 0000-9999, whose dates are written in place.
    fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }),
    fc.double({ noNaN: false }),
  ),
  { minLength: 1, maxLength: 60, size: 'max' },
);

test('TimestampWriter writes what Date#toISOString says, in every format, whatever came before', () => {
  fc.assert(
    fc.property(times, fc.constantFrom(...FORMATS), fc.boolean(), fc.boolean(), (list, format, quote, sorted) => {
      const writer = new TimestampWriter(format, { quote, lead: LEAD });
      const out = new Uint8Array(64);
      for (const ms of sorted ? [...list].sort((a, b) => a - b) : list) {
        const end = writer.write(out, 3, ms);
        assert.equal(decoder.decode(out.subarray(3, end)), expected(ms, format, quote), `${ms} as ${format}`);
        assert.ok(end - 3 - LEAD.length <= TimestampWriter.maxBytes);
      }
    }),
    { numRuns: 2000 },
  );
});

test('TimestampWriter writes every day of years 0000-9999 as Date does, in place after the first', () => {
  for (const format of ['iso', 'sql'] as const) {
    const writer = new TimestampWriter(format, { quote: true, lead: LEAD });
    const out = new Uint8Array(64);
    // Each step a day and 7 minutes on, with a jump of two years now and then, across every leap-year rule.
    const days = 86_400_000;
    for (let ms = -62_167_219_200_000 + 59_000; ms < 253_402_300_799_999; ms += days * 367 + 420_000) {
      for (const t of [ms, ms + days + 420_000, ms - 2 * days]) {
        if (t < -62_167_219_200_000 || t > 253_402_300_799_999) continue;
        const end = writer.write(out, 0, t);
        assert.equal(decoder.decode(out.subarray(0, end)), expected(t, format, true), `${t} as ${format}`);
      }
    }
    for (let ms = Date.UTC(1999, 11, 1); ms < Date.UTC(2101, 2, 1); ms += days + 61_000) {
      const end = writer.write(out, 0, ms);
      assert.equal(decoder.decode(out.subarray(0, end)), expected(ms, format, true), `${ms} as ${format}`);
    }
  }
});

test('TimestampWriter across second and minute boundaries, millisecond by millisecond', () => {
  const writer = new TimestampWriter('iso', { quote: true });
  const out = new Uint8Array(64);
  const start = Date.UTC(2023, 11, 31, 23, 59, 58, 990);
  for (let ms = start; ms < start + 2_100; ms += 7) {
    const end = writer.write(out, 0, ms);
    assert.equal(decoder.decode(out.subarray(0, end)), `"${new Date(ms).toISOString()}"`);
  }
});
