/// <reference lib="dom" />
// Functions given to puppeteer run in the page: they see the DOM.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { parseCors } from '../../../src/server/cors.js';
import type { ClickgenServer } from '../../../src/server/server.js';
import { launchBrowser } from '../../helpers/browser.js';
import { startServer } from '../../helpers/serve-in-process.js';

/** A page on another origin (another port) that reads a clickgen stream with EventSource. */
const PAGE = `<!doctype html><meta charset="utf-8"><script>
window.read = (url, closeOnEnd) => new Promise((resolve) => {
  const result = { messages: 0, end: null, errors: 0 };
  window.result = result;
  window.source = new EventSource(url);
  source.onmessage = () => result.messages++;
  source.addEventListener('end', (message) => {
    result.end = JSON.parse(message.data);
    if (closeOnEnd) source.close();
    resolve(result);
  });
  source.onerror = () => {
    result.errors++;
    if (source.readyState === EventSource.CLOSED) resolve(result);
  };
});
</script>`;

let other: Server;
let origin: string;
let withCors: { server: ClickgenServer; base: string };
let withoutCors: { server: ClickgenServer; base: string };
let browser: Browser | null = null;

before(async () => {
  other = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  withCors = await startServer({ cors: parseCors(origin) });
  withoutCors = await startServer();
});
after(async () => {
  await browser?.close();
  await Promise.all([withCors.server.shutdown(), withoutCors.server.shutdown()]);
  await new Promise((resolve) => other.close(resolve));
});

async function otherOriginPage(t: TestContext): Promise<Page | null> {
  browser ??= await launchBrowser(t);
  if (browser === null) return null;
  const page = await browser.newPage();
  t.after(() => page.close());
  await page.goto(origin);
  return page;
}

async function streamsStarted(base: string): Promise<number> {
  return ((await (await fetch(`${base}/metrics`)).json()) as { streams_started: number }).streams_started;
}

test('with --cors, a page of the allowed origin reads a stream with EventSource and closes on end', async (t) => {
  const page = await otherOriginPage(t);
  if (page === null) return;
  const started = await streamsStarted(withCors.base);
  const result = await page.evaluate((url) => (window as unknown as { read: (u: string, c: boolean) => Promise<unknown> }).read(url, true), `${withCors.base}/stream/interactions?rate=1000&count=20`);
  assert.deepEqual(result, { messages: 20, end: { events: 20, ended: 'complete' }, errors: 0 });
  assert.equal(await streamsStarted(withCors.base), started + 1);
});

test('without --cors, the browser refuses the stream to another origin', async (t) => {
  const page = await otherOriginPage(t);
  if (page === null) return;
  const result = await page.evaluate((url) => (window as unknown as { read: (u: string, c: boolean) => Promise<unknown> }).read(url, true), `${withoutCors.base}/stream/interactions?rate=1000&count=20`);
  assert.deepEqual(result, { messages: 0, end: null, errors: 1 });
});

test('a page that does not close on end reconnects once after retry:, gets 204 and stops: the stream is not replayed', async (t) => {
  const page = await otherOriginPage(t);
  if (page === null) return;
  const started = await streamsStarted(withCors.base);
  await page.evaluate((url) => (window as unknown as { read: (u: string, c: boolean) => Promise<unknown> }).read(url, false), `${withCors.base}/stream/interactions?rate=1000&count=5`);
  // The stream said retry: 5000; after that the browser reconnects with Last-Event-ID: end.
  await page.waitForFunction(() => (window as unknown as { source: EventSource }).source.readyState === 2, { timeout: 15_000, polling: 100 });
  const result = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as { messages: number; errors: number };
  assert.equal(result.messages, 5, 'no record came twice');
  assert.equal(await streamsStarted(withCors.base), started + 1, 'the reconnect started no stream');
});
