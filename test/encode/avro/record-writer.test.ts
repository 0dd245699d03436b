import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import fc from 'fast-check';
import { AvroOutput, writerFor } from '../../../src/encode/avro/record-writer.js';

/** clickgen's Avro writer gives the bytes avsc gives for the same value: any long, double, text, list or union. */
const TYPE = avro.Type.forSchema({
  type: 'record',
  name: 'R',
  fields: [
    { name: 'n', type: 'long' },
    { name: 'x', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'b', type: 'boolean' },
    { name: 'maybe', type: ['null', 'string'] },
    { name: 'later', type: ['long', 'null'] },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'kind', type: { type: 'enum', name: 'K', symbols: ['a', 'b', 'c'] } },
    { name: 'inner', type: ['null', { type: 'record', name: 'I', fields: [{ name: 'v', type: 'double' }] }] },
  ],
}) as avro.types.RecordType;

/** Longs the writer takes: |n| up to 2^52 (epoch milliseconds, user numbers); the zig-zag of larger ones is not exact in a double. */
const LONG_LIMIT = 2 ** 52;

const record = fc.record({
  n: fc.oneof(fc.integer(), fc.double({ min: -LONG_LIMIT, max: LONG_LIMIT, noNaN: true }).map((d) => Math.trunc(d) + 0)),
  x: fc.double({ noNaN: true }),
  // Short texts, and long ones (copied natively past 64 characters), ASCII or not.
  s: fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme-ascii', minLength: 60, maxLength: 300 }), fc.string({ unit: 'binary', minLength: 60, maxLength: 300 })),
  b: fc.boolean(),
  maybe: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
  later: fc.option(fc.integer(), { nil: null }),
  tags: fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
  kind: fc.constantFrom('a', 'b', 'c'),
  inner: fc.option(fc.record({ v: fc.double({ noNaN: true }) }), { nil: null }),
});

test('the Avro writer and avsc write the same bytes for any record', () => {
  const write = writerFor(TYPE);
  fc.assert(
    fc.property(record, (value) => {
      const out = new AvroOutput();
      write(out, value);
      assert.deepEqual(Buffer.from(out.bytes.subarray(0, out.pos)), TYPE.toBuffer(value));
    }),
    { numRuns: 2000 },
  );
});

test('the output grows for values larger than its buffer', () => {
  const out = new AvroOutput();
  const big = 'é'.repeat(200_000);
  writerFor(avro.Type.forSchema('string'))(out, big);
  assert.deepEqual(Buffer.from(out.bytes.subarray(0, out.pos)), avro.Type.forSchema('string').toBuffer(big));
});
