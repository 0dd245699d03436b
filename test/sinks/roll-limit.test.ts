import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { parseRoll } from '../../src/sinks/roll-limit.js';

test('--roll values: sizes in decimal and binary units, spans, event counts', () => {
  assert.deepEqual(parseRoll('256MB'), { kind: 'bytes', bytes: 256_000_000 });
  assert.deepEqual(parseRoll('64MiB'), { kind: 'bytes', bytes: 64 * 2 ** 20 });
  assert.deepEqual(parseRoll('1.5GB'), { kind: 'bytes', bytes: 1_500_000_000 });
  assert.deepEqual(parseRoll('512b'), { kind: 'bytes', bytes: 512 });
  assert.deepEqual(parseRoll('1h'), { kind: 'span', ms: 3_600_000 });
  assert.deepEqual(parseRoll('PT15M'), { kind: 'span', ms: 900_000 });
  assert.deepEqual(parseRoll('1000000'), { kind: 'events', events: 1_000_000 });
  assert.deepEqual(parseRoll('1_000'), { kind: 'events', events: 1000 });
});

test('--roll: every count and size written out parses back to itself', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 22 }), fc.constantFrom('', 'b', 'KB', 'MB', 'GB', 'KiB', 'MiB', 'GiB'), (n, unit) => {
      const limit = parseRoll(`${n}${unit}`);
      if (unit === '') assert.deepEqual(limit, { kind: 'events', events: n });
      else assert.equal(limit.kind === 'bytes' && limit.bytes / n, { b: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 2 ** 20, GiB: 2 ** 30 }[unit]);
    }),
  );
});

test('--roll: any other text is bad input naming the value, never a crash or a silent default', () => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      try {
        const limit = parseRoll(text);
        const amount = limit.kind === 'bytes' ? limit.bytes : limit.kind === 'span' ? limit.ms : limit.events;
        assert.ok(Number.isSafeInteger(amount) && amount >= 1, `${JSON.stringify(text)} -> ${JSON.stringify(limit)}`);
      } catch (error) {
        assert.ok(error instanceof UsageError, String(error));
        assert.ok(error.message.startsWith(`--roll ${text}: must be`), error.message);
      }
    }),
    { numRuns: 2000 },
  );
  for (const text of ['0', '0MB', 'abc', '-5', '1XB', '']) assert.throws(() => parseRoll(text), UsageError, text);
});
