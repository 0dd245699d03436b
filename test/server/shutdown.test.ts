import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { request } from 'node:http';
import { test } from 'node:test';
import { stream } from '../helpers/http-client.js';
import { LineRecorder, wallNow } from '../helpers/line-recorder.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { TEST_SCENARIO } from '../helpers/scenarios.js';

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};

test('SIGTERM ends every stream with whole records, closes every socket and exits 0 within 5 s', async () => {
  const server = await startServeProcess(['--scenario', TEST_SCENARIO, '--users-scenario', TEST_SCENARIO, '--tcp-port', '0']);
  const ndjson = await stream(`${server.base}/stream/interactions?rate=1000&duration=120`);
  const sse = await stream(`${server.base}/stream/users?rate=500&duration=120`, { headers: { Accept: 'text/event-stream' } });
  const tcp = new LineRecorder();
  const socket = connect(server.tcpPort!, '127.0.0.1');
  socket.on('data', (chunk: Buffer) => tcp.push(chunk));
  const tcpClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  // A client that never reads: its stream is stuck behind a full socket buffer.
  const stuck = request(`${server.base}/stream/interactions?rate=50000&duration=120`, (res) => res.pause());
  stuck.on('error', () => {});
  stuck.end();
  await until(() => ndjson.recorder.lines.length > 100 && sse.recorder.lines.length > 20 && tcp.lines.length > 100);
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const sent = wallNow();
  server.child.kill('SIGTERM');
  const code = await server.exited;
  const took = wallNow() - sent;
  assert.equal(code, 0);
  assert.ok(took < 5_000, `exited after ${took.toFixed(0)} ms`);
  await Promise.all([ndjson.done, sse.done, tcpClosed]);

  for (const recorder of [ndjson.recorder, tcp]) {
    assert.equal(recorder.rest, '', 'the last record is whole');
    for (const line of recorder.lines) JSON.parse(line.text);
  }
  const messages = sse.recorder.lines.map((l) => l.text).join('\n').split('\n\n').filter((m) => m !== '');
  assert.equal(messages[0], 'retry: 5000');
  for (const message of messages.slice(1, -1)) JSON.parse(message.replace(/^data: /, ''));
  assert.match(messages.at(-1)!.trimEnd(), /^id: end\nevent: end\ndata: \{"events":\d+,"ended":"signal"\}$/);
  assert.match(server.stderr(), /SIGTERM: ending streams/);
});
