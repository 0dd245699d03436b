import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { createEncoder } from '../../src/encode/create-encoder.js';
import { run } from '../../src/pipeline/run.js';
import { TcpListenSink } from '../../src/sinks/tcp-listen-sink.js';
import { UsageError } from '../../src/errors.js';
import { LineRecorder } from '../helpers/line-recorder.js';
import { compiled } from '../helpers/scenarios.js';

function reader(port: number): { recorder: LineRecorder; closed: Promise<void> } {
  const recorder = new LineRecorder();
  const socket = connect(port, '127.0.0.1');
  socket.on('data', (chunk: Buffer) => recorder.push(chunk));
  return { recorder, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

test('tcp://HOST:PORT waits for a reader, then writes every record to every reader, whole', async () => {
  const scenario = compiled();
  const sink = await TcpListenSink.listen('tcp://127.0.0.1:0');
  assert.match(sink.description, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  const running = run({ scenario, encoder: createEncoder(scenario.schema, { format: 'csv' }), sink, start: Date.UTC(2024, 0, 1), count: 20_000 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(sink.stats().delivered, 0, 'nothing is written before a reader connects');
  const a = reader(sink.port);
  const summary = await running;
  await a.closed;
  assert.equal(summary.delivered, 20_000);
  assert.equal(a.recorder.rest, '');
  const [header, ...rows] = a.recorder.lines.map((line) => line.text);
  assert.match(header, /^__time,user_id,event_type/);
  assert.equal(rows.length, 20_000);
});

test('a bad tcp target is bad input', async () => {
  await assert.rejects(TcpListenSink.listen('tcp://127.0.0.1'), UsageError);
  await assert.rejects(TcpListenSink.listen('tcp://127.0.0.1:70000'), UsageError);
});
