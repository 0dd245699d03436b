import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventView } from '../../src/engine/event.js';
import fc from 'fast-check';
import { RecordBuffer, type EncodedRecords } from '../../src/encode/record-buffer.js';
import type { Encoder } from '../../src/encode/types.js';

/** Writes `event.session` bytes of the value `event.time`, then a newline. */
const filler: Encoder = {
  format: 'test',
  header: () => null,
  encode(event: EventView, out: Uint8Array, offset: number): number {
    const end = offset + event.session + 1;
    if (end > out.length) return -1;
    out.fill(event.time, offset, end - 1);
    out[end - 1] = 10;
    return end;
  },
};

const record = (size: number, value: number): EventView => ({ session: size, time: value }) as EventView;

/** Fills the buffer past a sixteenth of its capacity, so the batch is lent rather than copied. */
function fillBatch(buffer: RecordBuffer, value: number, records = 8, size = 99): Uint8Array {
  for (let i = 0; i < records; i++) assert.ok(buffer.add(record(size, value)));
  return buffer.take().bytes;
}

test('RecordBuffer: a destination holding the last batch gets it back only after it let go', () => {
  const buffer = new RecordBuffer(filler, 1024, 64);
  const first = fillBatch(buffer, 1);
  buffer.settle(1);
  const second = fillBatch(buffer, 2);
  assert.notEqual(second.buffer, first.buffer);
  // The first batch is untouched while the destination holds it.
  assert.equal(first[0], 1);
  buffer.settle(1);
  const third = fillBatch(buffer, 3);
  assert.equal(third.buffer, first.buffer);
  assert.equal(second[0], 2);
  buffer.settle(1);
  assert.equal(fillBatch(buffer, 4).buffer, second.buffer);
});

test('RecordBuffer: held 0 encodes into the same buffers; Infinity never reuses a lent one', () => {
  const buffer = new RecordBuffer(filler, 1024, 64);
  const first = fillBatch(buffer, 1);
  buffer.settle(0);
  assert.equal(fillBatch(buffer, 2).buffer, first.buffer);
  buffer.settle(Infinity);
  const kept = fillBatch(buffer, 3);
  assert.notEqual(kept.buffer, first.buffer);
  buffer.settle(Infinity);
  fillBatch(buffer, 4);
  assert.equal(kept[0], 3);
});

test('RecordBuffer: a small batch is a copy, and the buffers stay in use', () => {
  const buffer = new RecordBuffer(filler, 1024, 64);
  assert.ok(buffer.add(record(10, 7)));
  const small = buffer.take();
  buffer.settle(1);
  assert.equal(small.bytes.length, 11);
  const next = fillBatch(buffer, 8);
  assert.equal(small.bytes[0], 7);
  assert.notEqual(next.buffer, small.bytes.buffer);
});

test('RecordBuffer: a spare made before the buffer grew is not used for bigger records', () => {
  const buffer = new RecordBuffer(filler, 1024, 64);
  fillBatch(buffer, 1);
  buffer.settle(1);
  // One record bigger than the whole buffer: it grows.
  assert.ok(buffer.add(record(3000, 2)));
  const grown = buffer.take();
  assert.equal(grown.ends[0], 3001);
  buffer.settle(1);
  // The spare is the small first set: too small now, so a fresh one of the grown size is made.
  assert.ok(buffer.add(record(3000, 3)));
  const next = buffer.take();
  assert.equal(next.bytes.length, 4096);
  assert.equal(grown.bytes[0], 2);
});

/** Records of the given sizes, each filled with its index, encoded and taken as one batch. */
function encoded(sizes: readonly number[]): EncodedRecords {
  const buffer = new RecordBuffer(filler, 1 << 16, 4096);
  sizes.forEach((size, i) => assert.ok(buffer.add(record(size, i % 256))));
  const records = buffer.take();
  return { ...records, bytes: records.bytes.slice(), ends: records.ends.slice(), times: records.times.slice() };
}

test('RecordBuffer.copy: runs of encoded records, cut where the batch is full, take the same bytes as the records themselves', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 64, max: 2048 }),
      fc.integer({ min: 1, max: 16 }),
      (sizes, runs, capacity, maxRecords) => {
        const source = encoded(sizes);
        const buffer = new RecordBuffer(filler, capacity, maxRecords);
        const taken: Uint8Array[] = [];
        const ends: number[] = [];
        const takeAll = (): void => {
          const batch = buffer.take();
          const base = taken.reduce((sum, bytes) => sum + bytes.length, 0);
          taken.push(batch.bytes.slice(0, batch.count === 0 ? 0 : batch.ends[batch.count - 1]));
          for (let i = 0; i < batch.count; i++) ends.push(base + batch.ends[i]);
          assert.ok(batch.count <= maxRecords);
          buffer.settle(0);
        };
        let at = 0;
        for (let r = 0; at < sizes.length; r++) {
          const to = Math.min(sizes.length, at + runs[r % runs.length]);
          while (at < to) {
            const copied = buffer.copy(source, at, to);
            if (copied < to || buffer.full) takeAll();
            at = copied;
          }
        }
        takeAll();
        assert.deepEqual(Buffer.concat(taken), Buffer.from(source.bytes.subarray(0, source.ends[sizes.length - 1])));
        assert.deepEqual(ends, [...source.ends.subarray(0, sizes.length)]);
      },
    ),
  );
});

test('RecordBuffer.recycle: buffers given back are encoded into again instead of fresh ones', () => {
  const buffer = new RecordBuffer(filler, 1024, 64);
  fillBatch(buffer, 1);
  const lent = { bytes: new Uint8Array(1024), ends: new Uint32Array(64), times: new Float64Array(64), count: 0 };
  buffer.recycle(lent);
  buffer.settle(Infinity);
  assert.equal(fillBatch(buffer, 2).buffer, lent.bytes.buffer);
  // Not a whole set (a small batch's copy): never encoded into.
  buffer.recycle({ ...lent, bytes: new Uint8Array(16) });
  buffer.settle(Infinity);
  assert.equal(fillBatch(buffer, 3).length, 1024);
});
