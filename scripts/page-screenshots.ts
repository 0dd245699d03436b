/// <reference lib="dom" />
// Screenshots of the page of `clickgen serve` for the docs (docs/images/studio-*.png), taken
// from a real server in headless system Chromium: npm run docs:screenshots.
import { mkdirSync, writeFileSync } from 'node:fs';
import puppeteer, { type Page } from 'puppeteer-core';
import { systemClock } from '../src/clock/clock.js';
import { ClickgenServer } from '../src/server/server.js';

const OUT = new URL('../docs/images/', import.meta.url);
const server = await ClickgenServer.start({
  host: '127.0.0.1',
  port: 0,
  tcpRate: 1_000,
  interactionsScenario: 'shop',
  usersScenario: 'ecommerce-users',
  maxStreams: 8,
  warmupEvents: 0,
  clock: systemClock,
});
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--hide-scrollbars'] });

async function shot(page: Page, name: string): Promise<void> {
  writeFileSync(new URL(name, OUT), await page.screenshot({ fullPage: true }));
  console.log(`wrote docs/images/${name}`);
}

async function waitForStatus(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.getElementById('status')!.textContent.startsWith(t), { timeout: 60_000 }, text);
}

try {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.newPage();
  await page.setViewport({ width: 1360, height: 900 });
  await page.goto(`http://127.0.0.1:${server.httpPort}/ui`);
  await page.waitForSelector('body[data-ready="true"]');

  // A preview of the cart scenario: funnel, devices, hours, sample.
  await page.select('#builtin', 'cart');
  await waitForStatus(page, 'cart: valid');
  await page.click('#preview-button');
  await page.waitForSelector('#funnel tr[data-step]');
  await shot(page, 'studio-preview.png');

  // A live stream of the shop scenario at 2,000 events/s.
  await page.select('#builtin', 'shop');
  await waitForStatus(page, 'shop: valid');
  await page.$eval('#rate', (input) => ((input as HTMLInputElement).value = '2000'));
  await page.click('#start-stream');
  await page.waitForFunction(() => (document.getElementById('rate-chart')!.querySelector('polyline.achieved')?.getAttribute('points') ?? '').split(' ').length >= 8, { timeout: 60_000 });
  await shot(page, 'studio-stream.png');
  await page.click('#stop-stream');
  await waitForStatus(page, 'stream stopped');

  // A mistake in pasted YAML, shown with its line.
  await page.select('#builtin', 'gift-shop');
  await waitForStatus(page, 'gift-shop: valid');
  await page.$eval('#yaml', (area) => {
    const text = (area as HTMLTextAreaElement).value.replace('search: 0.95', 'search: 9.5');
    (area as HTMLTextAreaElement).value = text;
    area.dispatchEvent(new Event('input'));
  });
  await page.waitForSelector('#problems li[data-line]:not([data-line=""])');
  await page.click('#problems li[data-line]:not([data-line=""])');
  await shot(page, 'studio-problems.png');
} finally {
  await browser.close();
  await server.shutdown();
}
