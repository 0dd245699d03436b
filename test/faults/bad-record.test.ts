import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { breakRecord } from '../../src/faults/bad-record.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function record(text: string): Uint8Array {
  return encoder.encode(`${text}\n`);
}

/** The broken record's text without its newline, which it must end with. */
function body(bytes: Uint8Array): string {
  assert.equal(bytes[bytes.length - 1], 10, 'a broken record ends with a newline');
  return decoder.decode(bytes.subarray(0, bytes.length - 1));
}

/** The first number depth first in key order replaced, on the parsed value (the order JSON.stringify writes keys in); false when there is none. */
function replaceFirstNumber(value: Json, replace: (n: number) => Json): boolean {
  if (value === null || typeof value !== 'object') return false;
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, Json>)[key];
    if (typeof inner === 'number') {
      (value as Record<string, Json>)[key] = replace(inner);
      return true;
    }
    if (replaceFirstNumber(inner, replace)) return true;
  }
  return false;
}

/** JSON objects as read back from their text (-0 is 0), with keys full of quotes, backslashes, digits and braces. */
const objects = fc
  .dictionary(fc.string({ unit: fc.constantFrom('a', '1', '"', '\\', '{', '}', '[', ',', ':', '-', 'é') }), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, { maxKeys: 6 })
  .map((object) => JSON.parse(JSON.stringify(object)) as Record<string, Json>);

test('a missing field is the first member as written, the rest of the record byte for byte', () => {
  fc.assert(
    fc.property(objects, (object) => {
      const text = JSON.stringify(object);
      const broken = breakRecord(record(text), 'ndjson', 'missing_field');
      const first = Object.keys(object)[0];
      if (first === undefined) {
        assert.equal(broken.kind, 'truncated');
        return;
      }
      assert.equal(broken.kind, 'missing_field');
      const out = body(broken.bytes);
      const expected = { ...object };
      delete expected[first];
      assert.deepEqual(JSON.parse(out), expected);
      assert.equal(out[0], '{');
      assert.ok(text.endsWith(out.slice(1)), `${out} is the record's tail`);
    }),
    { numRuns: 2000 },
  );
});

test('a type violation and an out-of-domain value replace the first number, depth first in the order written', () => {
  for (const [kind, replace] of [
    ['type_violation', () => 'not-a-number'],
    ['out_of_domain', (n: number) => -Math.abs(n) - 1],
  ] as const) {
    fc.assert(
      fc.property(objects, (object) => {
        const broken = breakRecord(record(JSON.stringify(object)), 'ndjson', kind);
        const expected = structuredClone(object);
        if (!replaceFirstNumber(expected, replace)) {
          assert.equal(broken.kind, 'truncated');
          return;
        }
        assert.equal(broken.kind, kind);
        assert.deepEqual(JSON.parse(body(broken.bytes)), expected);
      }),
      { numRuns: 2000 },
    );
  }
});

test('a broken JSON record keeps every byte outside what it breaks, as the encoder wrote it', () => {
  // Decimals as the scenario asked for them ("12.50"), an escape JSON.stringify would not write.
  const text = '{"t":"2024-01-01T00:00:00.000Z","note":"4 \\u00e9 \\/ 5","price":12.50,"items":[{"qty":3}],"total":100.00}';
  assert.equal(body(breakRecord(record(text), 'ndjson', 'type_violation').bytes), text.replace('12.50', '"not-a-number"'));
  assert.equal(body(breakRecord(record(text), 'ndjson', 'out_of_domain').bytes), text.replace('12.50', '-13.5'));
  assert.equal(body(breakRecord(record(text), 'ndjson', 'missing_field').bytes), text.replace('"t":"2024-01-01T00:00:00.000Z",', ''));
  assert.equal(body(breakRecord(record('{"only":[1,{"a":"}"}]}'), 'ndjson', 'missing_field').bytes), '{}');
});

test('truncated and invalid UTF-8 records of every format', () => {
  const text = 'a,b,"c,d",é';
  const truncated = body(breakRecord(record(text), 'csv', 'truncated').bytes);
  assert.ok(text.startsWith(truncated) && truncated.length < text.length, truncated);
  const invalid = breakRecord(record(text), 'csv', 'invalid_utf8').bytes;
  assert.equal(invalid[1], 0xff);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(invalid));
  assert.equal(body(breakRecord(record('a\t1\t"x\ty"'), 'tsv', 'out_of_domain').bytes), 'a\t-2\t"x\ty"');
  assert.equal(body(breakRecord(record('a,1'), 'csv', 'wrong_delimiters').bytes), 'a,1,');
});
