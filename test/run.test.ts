import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createEncoder } from '../src/encode/create-encoder.js';
import { run } from '../src/run.js';
import { compileScenario } from '../src/scenario/compile.js';
import { loadScenario } from '../src/scenario/load.js';
import { StreamSink } from '../src/sinks/stream-sink.js';
import { generateBytes, parseLines, TEST_START } from './helpers/generate.js';

test('output bytes do not depend on the batch size', async () => {
  const reference = await generateBytes('gift-shop', { count: 12_000, seed: 5 });
  assert.ok(reference.bytes.length > 3 * (1 << 20), 'several default batches');
  for (const batch of [{ batchBytes: 4096 }, { batchRecords: 7 }, { batchBytes: 4096, batchRecords: 7 }]) {
    const other = await generateBytes('gift-shop', { count: 12_000, seed: 5, ...batch });
    assert.ok(other.bytes.equals(reference.bytes), JSON.stringify(batch));
    assert.deepEqual({ ...other.summary, bytes: 0 }, { ...reference.summary, bytes: 0 }, JSON.stringify(batch));
  }
});

test('CSV: one header, whatever the batch size', async () => {
  const reference = await generateBytes('gift-shop', { count: 5000, seed: 5, format: 'csv' });
  const small = await generateBytes('gift-shop', { count: 5000, seed: 5, format: 'csv', batchBytes: 4096, batchRecords: 7 });
  assert.ok(small.bytes.equals(reference.bytes));
  assert.equal(reference.bytes.toString('utf8').split('\n').filter((line) => line.startsWith('__time,')).length, 1);
});

test('a record larger than the batch buffer grows the buffer instead of failing', async () => {
  const reference = await generateBytes('gift-shop', { count: 100, seed: 5 });
  const tiny = await generateBytes('gift-shop', { count: 100, seed: 5, batchBytes: 16 });
  assert.ok(tiny.bytes.equals(reference.bytes));
});

test('an aborted signal stops the run at a record boundary with ended: signal', async () => {
  const loaded = loadScenario('gift-shop');
  const compiled = compileScenario(loaded.scenario, 5, loaded.source);
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const controller = new AbortController();
  controller.abort();
  const summary = await run({
    scenario: compiled,
    encoder: createEncoder(compiled.schema, {}),
    sink: new StreamSink(out, 'memory'),
    start: TEST_START,
    count: 10_000_000,
    signal: controller.signal,
  });
  assert.equal(summary.ended, 'signal');
  assert.ok(summary.events > 0 && summary.events < 100_000, String(summary.events));
  const events = parseLines(Buffer.concat(chunks));
  assert.equal(events.length, summary.events);
  assert.equal(summary.delivered, summary.events);
});

test('a sink that has let go of a batch gets the same buffers again, one still holding it gets fresh ones; the bytes never change', async () => {
  const loaded = loadScenario('gift-shop');
  const compiled = compileScenario(loaded.scenario, 5, loaded.source);
  const reference = await generateBytes('gift-shop', { count: 12_000, seed: 5 });
  // Each writable reads its chunk a moment after taking it, as a file or a socket does: a
  // buffer reused too early would show the next batch's bytes.
  for (const highWaterMark of [16 * 1024, 64 << 20]) {
    const chunks: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const out = new Writable({
      highWaterMark,
      write(chunk: Buffer, _encoding, callback) {
        buffers.add(chunk.buffer);
        setTimeout(() => {
          chunks.push(Buffer.from(chunk));
          callback();
        }, 1);
      },
    });
    await run({ scenario: compiled, encoder: createEncoder(compiled.schema, {}), sink: new StreamSink(out, 'memory'), start: TEST_START, count: 12_000 });
    assert.ok(Buffer.concat(chunks).equals(reference.bytes), `highWaterMark ${highWaterMark}`);
    assert.ok(chunks.length > 3, 'several batches');
    // With a small high-water mark every batch is drained before the next: one buffer for all
    // (and the last, small batch goes out as a copy). With a large one the stream still holds
    // each batch when the next begins.
    if (highWaterMark === 16 * 1024) assert.ok(buffers.size <= 2, `${buffers.size} buffers for ${chunks.length} batches`);
    else assert.equal(buffers.size, chunks.length);
  }
});
