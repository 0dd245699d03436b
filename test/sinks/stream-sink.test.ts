import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CLI, START, tempDir } from '../helpers/cli.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';
import { OutputClosed } from '../../src/sinks/output-closed.js';

test('clickgen generate -n 1000000 | head -5: five lines, nothing on stderr, exit code 0', (t) => {
  const dir = tempDir(t);
  const errors = join(dir, 'stderr.txt');
  // PIPESTATUS[0] is clickgen's exit code, not head's.
  const script = `"${process.execPath}" "${CLI}" generate -n 1000000 --start ${START} 2>"${errors}" | head -5; exit "\${PIPESTATUS[0]}"`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, readFileSync(errors, 'utf8'));
  assert.equal(readFileSync(errors, 'utf8'), '');
  const lines = result.stdout.split('\n');
  assert.equal(lines.length, 6);
  assert.equal(lines[5], '');
  for (const line of lines.slice(0, 5)) assert.equal(typeof JSON.parse(line), 'object');
});

test('a reader that closes stdout mid-run ends it quietly, with the summary file still written', async (t) => {
  const dir = tempDir(t);
  const summaryPath = join(dir, 'summary.json');
  const child = spawn(process.execPath, [CLI, 'generate', '-n', '5000000', '--start', START, '--summary', summaryPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let received = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    received += chunk.length;
    // Leave after the first megabyte, as `head -c` would.
    if (received > 1 << 20) child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as { ended: string; events: number };
  assert.equal(summary.ended, 'output-closed');
  assert.ok(summary.events > 0 && summary.events < 5_000_000, String(summary.events));
});

test('StreamSink waits for drain without piling up listeners on the stream', async () => {
  // A slow reader: every write waits for drain. Thousands of waits must leave no listener behind.
  const out = new Writable({
    highWaterMark: 16,
    write(_chunk, _encoding, callback) {
      setImmediate(callback);
    },
  });
  const sink = new StreamSink(out, 'slow');
  const listeners = (): number => out.listenerCount('drain') + out.listenerCount('close') + out.listenerCount('error');
  await sink.open({ header: null, format: 'ndjson' });
  const before = listeners();
  const bytes = Buffer.from('{"a":1}\n');
  for (let i = 0; i < 2000; i++) {
    await sink.write({ bytes, ends: Uint32Array.of(bytes.length), count: 1, times: Float64Array.of(0), keys: undefined, objects: undefined });
    // One wait at most: the one for the chunk just written, which the next write awaits.
    assert.ok(listeners() <= before + 3, String(listeners()));
  }
  await sink.close();
  assert.equal(listeners(), before);
  assert.deepEqual(sink.stats(), { delivered: 2000, failed: 0, bytes: 2000 * bytes.length, retries: 0 });
});

test('StreamSink: a stream destroyed by its reader is OutputClosed, not a failure', async () => {
  const out = new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
  const sink = new StreamSink(out, 'gone');
  await sink.open({ header: null, format: 'ndjson' });
  out.destroy();
  const bytes = Buffer.from('x\n');
  await assert.rejects(sink.write({ bytes, ends: Uint32Array.of(2), count: 1, times: Float64Array.of(0), keys: undefined, objects: undefined }), OutputClosed);
});

test('StreamSink: a chunk that fails after its write returned fails the close, not silently', async () => {
  // The last chunk is written while the run moves on: its failure must still surface.
  const out = new Writable({
    write(_chunk, _encoding, callback) {
      setImmediate(() => callback(new Error('disk full')));
    },
  });
  const sink = new StreamSink(out, 'failing');
  await sink.open({ header: null, format: 'ndjson' });
  const bytes = Buffer.from('x\n');
  await sink.write({ bytes, ends: Uint32Array.of(2), count: 1, times: Float64Array.of(0), keys: undefined, objects: undefined });
  await assert.rejects(sink.close(), /disk full/);
});
