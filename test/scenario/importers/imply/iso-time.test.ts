import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIsoInstant } from '../../../../src/scenario/importers/imply/iso-time.js';

test('the forms isoparse reads; without an offset, UTC', () => {
  const t = Date.UTC(2024, 0, 1, 10, 30);
  const cases: [string, number][] = [
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01T10:30', t],
    ['2024-01-01 10:30:00', t],
    ['2024-01-01T10:30:00Z', t],
    ['2024-01-01T16:00:00+05:30', t],
    ['2024-01-01T05:30:00-0500', t],
    ['20240101T103000', t],
    ['2024-01-01T10:30:00.5', t + 500],
    ['2024-01-01T10:30:00,250', t + 250],
  ];
  for (const [text, ms] of cases) assert.equal(parseIsoInstant(text), ms, text);
});

test('not instants: null', () => {
  for (const text of ['', 'yesterday', '2024-13-01', '2024-02-30', '2024-01-01T25:00', '2024-01-01T10:61', '1/1/2024', '2024-01-01T10:30+05:99']) assert.equal(parseIsoInstant(text), null, text);
});

test('round trip: every Date#toISOString parses back to its instant (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
      assert.equal(parseIsoInstant(new Date(ms).toISOString()), ms);
    }),
  );
});
