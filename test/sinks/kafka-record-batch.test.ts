/**
 * Record batches the sink encodes, read back by the client library's own decoder
 * (readRecordsBatch) for random records: keys, values, timestamps in any order, every codec
 * Node.js has, compressed on the sink's compression thread. The CRC is checked with an
 * independent bit-by-bit CRC-32C.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { codecOf } from '../../src/sinks/kafka-client.js';
import { BatchCompressor } from '../../src/sinks/kafka-compressor.js';
import { advanceSequence, frameRecordBatch, lastSequenceOf, NO_PRODUCER, RecordBatchBuilder, stampProducer, type ProducerStamp } from '../../src/sinks/kafka-record-batch.js';
import type { Compression } from '../../src/sinks/kafka-target.js';

const library = await import('@platformatic/kafka');
const codecs: Compression[] = ['none', 'gzip', 'snappy', 'lz4', ...('zstdCompressSync' in zlib ? (['zstd'] as const) : [])];

/** One compression thread per codec for the whole file, as a sink has one for its run. */
const compressors = new Map<Compression, BatchCompressor>(codecs.flatMap((compression) => (compression === 'none' ? [] : [[compression, new BatchCompressor(compression)] as const])));
after(() => Promise.all([...compressors.values()].map((compressor) => compressor.close())));

/** What the sink does with a builder's records: take them, compress them on the thread, frame and stamp the batch. */
async function finish(builder: RecordBatchBuilder, compression: Compression, stamp: ProducerStamp): Promise<Buffer> {
  const gathered = builder.take();
  const compressor = compressors.get(compression);
  const [bytes] = compressor === undefined ? [gathered.framed] : await compressor.compress([gathered.framed]);
  return frameRecordBatch(bytes, gathered, codecOf(library, compression), stamp);
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), one bit at a time. */
function referenceCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bytes as a plain Uint8Array (null stays null), so Buffers and Uint8Arrays compare equal. */
function plain(bytes: Uint8Array | null): Uint8Array | null {
  return bytes === null ? null : new Uint8Array(bytes);
}

interface Input {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array;
  readonly timestamp: number;
}

/** Event times from 1970 to 2100: deltas from a few ms to decades, either sign. */
const timestamp = fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }));
const bytes = (maxLength: number) => fc.uint8Array({ maxLength });
const record: fc.Arbitrary<Input> = fc.record({
  key: fc.option(bytes(40), { nil: null }),
  // Lengths past 63 and 8191 bytes take two and three varint bytes.
  value: fc.oneof(bytes(100), bytes(9_000)),
  timestamp,
});
const stamp: fc.Arbitrary<ProducerStamp> = fc.oneof(
  fc.constant(NO_PRODUCER),
  fc.record({ producerId: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), producerEpoch: fc.integer({ min: 0, max: 32_767 }), baseSequence: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
);

/**
 * Appends the records through one shared source buffer, as the sink does from a pipeline batch;
 * every other key from the front of a longer buffer, as the sink appends text keys.
 */
function build(builder: RecordBatchBuilder, records: readonly Input[]): void {
  const source = Buffer.concat(records.map((input) => input.value));
  let start = 0;
  records.forEach((input, i) => {
    const end = start + input.value.length;
    if (input.key === null || i % 2 === 0) builder.append(input.key ?? undefined, source, start, end, input.timestamp);
    else builder.append(Buffer.concat([input.key, Buffer.from('trailing bytes')]), source, start, end, input.timestamp, input.key.length);
    start = end;
  });
}

function assertReadsBack(encoded: Buffer, records: readonly Input[], compression: Compression, expected: ProducerStamp): void {
  const batch = library.readRecordsBatch(library.Reader.from(encoded));
  assert.equal(batch.firstOffset, 0n);
  assert.equal(batch.length, encoded.length - 12);
  assert.equal(batch.magic, 2);
  assert.equal(batch.partitionLeaderEpoch, -1);
  assert.equal(batch.crc, referenceCrc32c(encoded.subarray(21)), 'CRC-32C over attributes to the end');
  assert.equal(batch.attributes, library.compressionsAlgorithms[compression].bitmask);
  assert.equal(batch.lastOffsetDelta, records.length - 1);
  assert.equal(batch.firstTimestamp, BigInt(records[0].timestamp));
  assert.equal(batch.maxTimestamp, BigInt(Math.max(...records.map((input) => input.timestamp))));
  assert.equal(batch.producerId, expected.producerId);
  assert.equal(batch.producerEpoch, expected.producerEpoch);
  assert.equal(batch.firstSequence, expected.baseSequence);
  assert.equal(batch.records.length, records.length);
  batch.records.forEach((read, i) => {
    assert.equal(read.attributes, 0);
    assert.equal(read.offsetDelta, i);
    assert.equal(read.timestampDelta, BigInt(records[i].timestamp - records[0].timestamp));
    assert.deepEqual(plain(read.key), plain(records[i].key));
    assert.deepEqual(plain(read.value), plain(records[i].value));
    assert.equal(read.headers.length, 0);
  });
}

test('record batches read back through the library decoder with the same keys, values, timestamps, offsets and a valid CRC', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...codecs), fc.array(record, { minLength: 1, maxLength: 60 }), stamp, async (compression, records, producer) => {
      const builder = new RecordBatchBuilder();
      build(builder, records);
      assert.equal(builder.records, records.length);
      assert.equal(builder.valueBytes, records.reduce((sum, input) => sum + input.value.length, 0));
      assertReadsBack(await finish(builder, compression, producer), records, compression, producer);
      assert.equal(builder.records, 0, 'empty again after take');
    }),
    { numRuns: 400 },
  );
});

test('a builder reused for the next batch starts afresh, and grows past its first buffer', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...codecs), fc.array(fc.array(record, { minLength: 1, maxLength: 30 }), { minLength: 2, maxLength: 4 }), async (compression, batches) => {
      const builder = new RecordBatchBuilder();
      for (const records of batches) {
        build(builder, records);
        assertReadsBack(await finish(builder, compression, NO_PRODUCER), records, compression, NO_PRODUCER);
      }
    }),
    { numRuns: 100 },
  );
  // 70,000 records of 30 bytes: many times the initial 4 KiB.
  const many = Array.from({ length: 70_000 }, (_, i): Input => ({ key: null, value: Buffer.from(`{"seq":${String(i).padStart(20, '0')}}`), timestamp: 1_700_000_000_000 + i }));
  const builder = new RecordBatchBuilder();
  build(builder, many);
  assertReadsBack(await finish(builder, 'lz4', NO_PRODUCER), many, 'lz4', NO_PRODUCER);
});

test('batches taken together are compressed in one request and come back in order, each its own', async () => {
  const compressor = compressors.get('lz4')!;
  const inputs = [1, 50, 7].map((count, b) => Array.from({ length: count }, (_, i): Input => ({ key: Buffer.from(`k${b}`), value: Buffer.from(`{"batch":${b},"i":${i}}`), timestamp: 1_700_000_000_000 + i })));
  const gathered = inputs.map((records) => {
    const builder = new RecordBatchBuilder();
    build(builder, records);
    return builder.take();
  });
  // Two requests in flight at once: replies keep the order they were asked in.
  const [first, second] = await Promise.all([compressor.compress(gathered.slice(0, 2).map((one) => one.framed)), compressor.compress([gathered[2].framed])]);
  const batches = [...first, ...second].map((bytes, i) => frameRecordBatch(bytes, gathered[i], codecOf(library, 'lz4'), NO_PRODUCER));
  batches.forEach((batch, i) => assertReadsBack(batch, inputs[i], 'lz4', NO_PRODUCER));
  assert.ok(gathered.every((one) => one.framed.buffer.byteLength === 0), 'the gathered memory moved to the compressing thread');
});

test('a closed compressor refuses more work with a reason', async () => {
  const compressor = new BatchCompressor('snappy');
  await compressor.close();
  await assert.rejects(compressor.compress([new RecordBatchBuilder().take().framed]), /compression thread was closed/);
});

test('re-stamping a finished batch changes producer id, epoch and base sequence, keeps the CRC valid and tells its last sequence', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...codecs), fc.array(record, { minLength: 1, maxLength: 20 }), stamp, stamp, async (compression, records, first, second) => {
      const builder = new RecordBatchBuilder();
      const codec = codecOf(library, compression);
      build(builder, records);
      const encoded = await finish(builder, compression, first);
      stampProducer(encoded, second, codec);
      assertReadsBack(encoded, records, compression, second);
      if (second !== NO_PRODUCER) assert.equal(lastSequenceOf(encoded), advanceSequence(second.baseSequence, records.length - 1));
    }),
    { numRuns: 200 },
  );
});

test('sequence numbers wrap to 0 after 2^31 - 1, as the broker counts them', () => {
  assert.equal(advanceSequence(0, 5), 5);
  assert.equal(advanceSequence(2 ** 31 - 3, 2), 2 ** 31 - 1);
  assert.equal(advanceSequence(2 ** 31 - 3, 3), 0);
  assert.equal(advanceSequence(2 ** 31 - 1, 10), 9);
});
