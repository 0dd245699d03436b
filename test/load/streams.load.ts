/// <reference lib="dom" />
/**
 * Load: 50 concurrent streams at 1,000 events/s each for 10 s, each within ±2 %; then the
 * same with the server's page open in Chromium, streaming live and previewing meanwhile.
 * Not part of `npm test` (it takes the machine for a while): `npm run test:load`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../helpers/browser.js';
import { get, ndjson, stream } from '../helpers/http-client.js';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { TEST_SCENARIO } from '../helpers/scenarios.js';

const STREAMS = 50;
const RATE = 1_000;
const SECONDS = 10;

/** Runs the 50 streams against `server` and checks each; returns the events they got. */
async function fiftyStreams(server: ServeProcess, diagnostic: (text: string) => void): Promise<number> {
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
  diagnostic(`counts ${Math.min(...counts)}–${Math.max(...counts)}, delivery rates ${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)} events/s, server max RSS ${(maxRss / 1048576).toFixed(0)} MB`);
  for (const [i, r] of results.entries()) {
    assert.equal(r.rest, '', `stream ${i} ends with a whole record`);
    assert.ok(Math.abs(r.count - RATE * SECONDS) <= RATE * SECONDS * 0.02, `stream ${i}: ${r.count} events`);
    assert.ok(Math.abs(r.rate - RATE) <= RATE * 0.02, `stream ${i}: ${r.rate.toFixed(1)} events/s`);
  }
  return counts.reduce((a, b) => a + b, 0);
}

async function serve(): Promise<ServeProcess> {
  return startServeProcess(['--scenario', TEST_SCENARIO, '--users-scenario', TEST_SCENARIO]);
}

async function stop(server: ServeProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

test(`${STREAMS} concurrent streams at ${RATE} events/s for ${SECONDS} s each deliver within 2 %`, async (t) => {
  const server = await serve();
  try {
    const events = await fiftyStreams(server, (text) => t.diagnostic(text));
    const metrics = JSON.parse((await get(`${server.base}/metrics`)).body) as { streams_started: number; events_sent: number };
    assert.equal(metrics.streams_started, STREAMS);
    assert.equal(metrics.events_sent, events);
  } finally {
    await stop(server);
  }
});

test(`the same ${STREAMS} streams hold 2 % with the page open, streaming live and previewing`, async (t) => {
  const browser = await launchBrowser(t);
  if (browser === null) return;
  const server = await serve();
  try {
    const page: Page = await browser.newPage();
    await page.setViewport({ width: 1360, height: 900 });
    await page.goto(`${server.base}/ui`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.select('#builtin', 'shop');
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'shop: valid', { timeout: 30_000 });
    await page.$eval('#rate', (input) => ((input as HTMLInputElement).value = '1000'));
    await page.click('#start-stream');
    await page.waitForFunction(() => Number(document.getElementById('stream-events')!.dataset.value ?? 0) > 0, { timeout: 30_000 });
    // Previews while the streams run: each simulates 5,000 events in the server's main thread.
    const previews = (async () => {
      for (let i = 0; i < 3; i++) {
        await page.click('#preview-button');
        await page.waitForFunction((n) => document.getElementById('preview-time')!.dataset.ms !== undefined && document.getElementById('preview-time')!.dataset.n === String(n), { timeout: 30_000 }, i + 1);
      }
    })();
    await fiftyStreams(server, (text) => t.diagnostic(text));
    await previews;
    const pageRate = await page.$eval('#achieved-rate', (dd) => Number((dd as HTMLElement).dataset.value));
    t.diagnostic(`the page's own stream: ${pageRate.toFixed(1)} events/s`);
    assert.ok(Math.abs(pageRate - 1000) <= 20, `the page's stream: ${pageRate} events/s`);
    await page.click('#stop-stream');
    const metrics = JSON.parse((await get(`${server.base}/metrics`)).body) as { streams_started: number };
    assert.equal(metrics.streams_started, STREAMS + 1);
  } finally {
    await browser.close();
    await stop(server);
  }
});
