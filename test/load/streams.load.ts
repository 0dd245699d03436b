/**
 * Load: 50 concurrent streams at 1,000 events/s each for 10 s, each within ±2 %.
 * Not part of `npm test` (it takes the machine for a while): `npm run test:load`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get, ndjson, stream } from '../helpers/http-client.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { TEST_SCENARIO } from '../helpers/scenarios.js';

const STREAMS = 50;
const RATE = 1_000;
const SECONDS = 10;

test(`${STREAMS} concurrent streams at ${RATE} events/s for ${SECONDS} s each deliver within 2 %`, async (t) => {
  const server = await startServeProcess(['--scenario', TEST_SCENARIO, '--users-scenario', TEST_SCENARIO]);
  try {
    let maxRss = 0;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, server.rss())), 250);
    const streams = await Promise.all(Array.from({ length: STREAMS }, (_, i) => stream(`${server.base}/stream/interactions?rate=${RATE}&duration=${SECONDS}&seed=${i}`)));
    await Promise.all(streams.map((s) => s.done));
    clearInterval(sampler);
    const results = streams.map((s) => {
      const events = ndjson(s.recorder.lines);
      const first = Date.parse(`${events[0].__time as string}Z`);
      const seconds = (s.recorder.lines.at(-1)!.at - first) / 1000;
      return { count: events.length, rate: events.length / seconds, rest: s.recorder.rest };
    });
    const counts = results.map((r) => r.count);
    const rates = results.map((r) => r.rate);
    t.diagnostic(`counts ${Math.min(...counts)}–${Math.max(...counts)}, delivery rates ${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)} events/s, server max RSS ${(maxRss / 1048576).toFixed(0)} MB`);
    for (const [i, r] of results.entries()) {
      assert.equal(r.rest, '', `stream ${i} ends with a whole record`);
      assert.ok(Math.abs(r.count - RATE * SECONDS) <= RATE * SECONDS * 0.02, `stream ${i}: ${r.count} events`);
      assert.ok(Math.abs(r.rate - RATE) <= RATE * 0.02, `stream ${i}: ${r.rate.toFixed(1)} events/s`);
    }
    const metrics = JSON.parse((await get(`${server.base}/metrics`)).body) as { streams_started: number; events_sent: number };
    assert.equal(metrics.streams_started, STREAMS);
    assert.equal(metrics.events_sent, counts.reduce((a, b) => a + b, 0));
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
