import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { get } from '../helpers/http-client.js';
import { LineRecorder, wallNow } from '../helpers/line-recorder.js';
import { startServer } from '../helpers/serve-in-process.js';

/** Reads a socket like Spark's socket source does: lines of text, until told to stop. */
function readSocket(port: number): { recorder: LineRecorder; close: () => void; closed: Promise<void> } {
  const recorder = new LineRecorder();
  const socket = connect(port, '127.0.0.1');
  socket.on('data', (chunk: Buffer) => recorder.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  return { recorder, close: () => socket.destroy(), closed };
}

test('--tcp-port writes NDJSON lines to each connection at the TCP rate', async () => {
  const { server, base } = await startServer({ tcpPort: 0, tcpRate: 500 });
  try {
    const a = readSocket(server.tcpPort!);
    const b = readSocket(server.tcpPort!);
    while (a.recorder.lines.length === 0 || b.recorder.lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const metrics = JSON.parse((await get(`${base}/metrics`)).body) as { active_connections: number; streams: { path: string; target_rate: number }[] };
    assert.equal(metrics.active_connections, 2);
    assert.deepEqual(
      metrics.streams.map((s) => [s.path, s.target_rate]),
      [
        ['tcp', 500],
        ['tcp', 500],
      ],
    );
    a.close();
    b.close();
    const closedAt = wallNow();
    for (const reader of [a, b]) {
      const events = reader.recorder.lines.map((line) => JSON.parse(line.text) as { event_type: string; __time: string });
      for (const event of events) assert.equal(typeof event.event_type, 'string');
      // Each connection is its own stream at the rate, from its first event on.
      const seconds = (closedAt - Date.parse(`${events[0].__time}Z`)) / 1000;
      assert.ok(Math.abs(events.length - 500 * seconds) < 50, `${events.length} events in ${seconds.toFixed(2)} s`);
    }
    await Promise.all([a.closed, b.closed]);
    for (let tries = 0; ; tries++) {
      const after = JSON.parse((await get(`${base}/metrics`)).body) as { active_connections: number };
      if (after.active_connections === 0) break;
      assert.ok(tries < 50, 'TCP streams outlived their readers');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await server.shutdown();
  }
});

test('shutdown ends TCP streams with whole records and closes the connections', async () => {
  const { server } = await startServer({ tcpPort: 0, tcpRate: 2_000 });
  const reader = readSocket(server.tcpPort!);
  while (reader.recorder.lines.length < 500) await new Promise((resolve) => setTimeout(resolve, 20));
  await server.shutdown();
  await reader.closed;
  assert.equal(reader.recorder.rest, '');
  for (const line of reader.recorder.lines) JSON.parse(line.text);
});
