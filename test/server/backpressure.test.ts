import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { get } from '../helpers/http-client.js';
import { LineRecorder, wallNow } from '../helpers/line-recorder.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { TEST_SCENARIO } from '../helpers/scenarios.js';

interface StreamMetrics {
  active_connections: number;
  streams: { target_rate: number; achieved_rate: number; behind_seconds: number; events: number }[];
}

/**
 * Reads a response at about `bytesPerSecond`: after each chunk the socket is paused for
 * as long as that chunk should take, so TCP backpressure reaches the server.
 */
function slowReader(url: string, bytesPerSecond: number): Promise<{ recorder: LineRecorder; close: () => void; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const recorder = new LineRecorder();
    const req = request(url, (res) => {
      const closed = new Promise<void>((done) => res.once('close', () => done()));
      res.on('data', (chunk: Buffer) => {
        recorder.push(chunk);
        res.pause();
        setTimeout(() => res.resume(), (chunk.length / bytesPerSecond) * 1000);
      });
      res.on('error', () => {});
      resolve({ recorder, close: () => req.destroy(), closed });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

test('a client reading at a tenth of the rate for 30 s is waited for: bounded memory, a falling achieved rate, an immediate end on disconnect', async (t) => {
  const server = await startServeProcess(['--scenario', TEST_SCENARIO, '--users-scenario', TEST_SCENARIO]);
  try {
    const rate = 20_000;
    // gift-shop records are about 290 bytes: a tenth of the rate is about 580 kB/s.
    const reader = await slowReader(`${server.base}/stream/interactions?rate=${rate}&duration=300`, (rate / 10) * 290);
    const began = wallNow();
    let maxRss = 0;
    while (wallNow() - began < 30_000) {
      maxRss = Math.max(maxRss, server.rss());
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const metrics = JSON.parse((await get(`${server.base}/metrics`)).body) as StreamMetrics;
    const [stream] = metrics.streams;
    assert.equal(stream.target_rate, rate);
    // The stream waited for its reader instead of buffering for it. What the server counts
    // as sent includes what the kernel's socket buffers hold (a few MB on loopback), so the
    // achieved rate is a little above the reader's tenth.
    const received = reader.recorder.lines.length;
    assert.ok(received > rate * 0.07 * 30, `the reader got ${received} events`);
    assert.ok(stream.achieved_rate < rate * 0.25, `achieved ${stream.achieved_rate} events/s of ${rate}`);
    assert.ok(stream.behind_seconds > 15, `behind by ${stream.behind_seconds} s`);
    t.diagnostic(`received ${received}, achieved ${stream.achieved_rate}/s of ${rate}, behind ${stream.behind_seconds} s, max RSS ${(maxRss / 1048576).toFixed(0)} MB`);
    // The server holds about 180 MB at rest, and its generating thread's young generation
    // swings it by 20-30 MB. Keeping the backlog instead of waiting would add what the reader
    // is behind: about 26 s at 20,000 events/s of 290 bytes, 150 MB, so over 330 MB in all.
    assert.ok(maxRss < 250 * 1024 * 1024, `server RSS reached ${(maxRss / 1048576).toFixed(0)} MB`);

    reader.close();
    await reader.closed;
    const closedAt = wallNow();
    for (;;) {
      const after = JSON.parse((await get(`${server.base}/metrics`)).body) as StreamMetrics;
      if (after.active_connections === 0) break;
      assert.ok(wallNow() - closedAt < 1_000, 'the stream outlived its client');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
