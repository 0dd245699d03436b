import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createEncoder } from '../../src/encode/create-encoder.js';
import { run } from '../../src/pipeline/run.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';
import { generateBytes, parseLines, TEST_START } from '../helpers/generate.js';

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

test('batch buffers are reused only when the sink has let go of them: the bytes never change', async (t) => {
  const loaded = loadScenario('gift-shop');
  const compiled = compileScenario(loaded.scenario, 5, loaded.source);
  const reference = await generateBytes('gift-shop', { count: 12_000, seed: 5 });
  const generate = (out: Writable): Promise<unknown> =>
    run({ scenario: compiled, encoder: createEncoder(compiled.schema, {}), sink: new StreamSink(out, 'test'), start: TEST_START, count: 12_000 });

  // A file writes each batch while the next is encoded into a second buffer: two serve
  // them all (the last, small batch goes out as a copy).
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = createWriteStream(join(dir, 'out.ndjson'));
  const buffers = new Set<ArrayBufferLike>();
  let batches = 0;
  const write = file.write.bind(file) as (chunk: Uint8Array | string, callback?: () => void) => boolean;
  file.write = ((chunk: Uint8Array | string, callback?: () => void) => {
    if (typeof chunk !== 'string') {
      buffers.add(chunk.buffer);
      batches++;
    }
    return write(chunk, callback);
  }) as typeof file.write;
  await generate(file);
  await new Promise<void>((resolve) => file.end(resolve));
  assert.ok(readFileSync(join(dir, 'out.ndjson')).equals(reference.bytes));
  assert.ok(batches > 3 && buffers.size <= 3, `${buffers.size} buffers for ${batches} batches`);

  // A reader that keeps the very chunks it is given: reusing a buffer would rewrite them.
  const kept: Buffer[] = [];
  const pass = new PassThrough();
  pass.on('data', (chunk: Buffer) => kept.push(chunk));
  await generate(pass);
  assert.ok(Buffer.concat(kept).equals(reference.bytes));
  assert.equal(new Set(kept.map((chunk) => chunk.buffer)).size, kept.length);
});

test('a slow TCP reader: batches wait in the socket while the next is encoded, and the bytes never change', async (t) => {
  const count = 40_000;
  const loaded = loadScenario('gift-shop');
  const compiled = compileScenario(loaded.scenario, 5, loaded.source);
  const reference = await generateBytes('gift-shop', { count, seed: 5 });
  const received: Buffer[] = [];
  let ended!: Promise<void>;
  const server = createServer((socket) => {
    ended = once(socket, 'end').then(() => undefined);
    // Reads a chunk a millisecond: the socket's buffers fill and writes wait for drain.
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      socket.pause();
      setTimeout(() => socket.resume(), 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  const sink = new StreamSink(socket, 'tcp');
  let mostHeld = 0;
  const held = sink.held.bind(sink);
  sink.held = () => {
    mostHeld = Math.max(mostHeld, held());
    return held();
  };
  await run({ scenario: compiled, encoder: createEncoder(compiled.schema, {}), sink, start: TEST_START, count, batchBytes: 256 << 10 });
  socket.end();
  await ended;
  assert.ok(Buffer.concat(received).equals(reference.bytes));
  // The reader was slow enough that a batch was still in the socket when the next was made.
  assert.equal(mostHeld, 1);
});
