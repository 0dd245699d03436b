/// <reference lib="dom" />
// Functions given to puppeteer run in the page: they see the DOM.
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import type { ClickgenServer } from '../../../src/server/server.js';
import { launchBrowser } from '../../helpers/browser.js';
import { runInProcess } from '../../helpers/cli-in-process.js';
import { startServer } from '../../helpers/serve-in-process.js';

let server: ClickgenServer;
let base: string;
let browser: Browser | null = null;

before(async () => {
  ({ server, base } = await startServer({ interactionsScenario: 'shop', usersScenario: 'ecommerce-users' }));
});
after(async () => {
  await browser?.close();
  await server.shutdown();
});

/** The page, opened and ready; every console error or uncaught exception of it fails the test. */
async function openPage(t: TestContext, url = `${base}/ui`): Promise<Page | null> {
  browser ??= await launchBrowser(t);
  if (browser === null) return null;
  const page = await browser.newPage();
  await page.setViewport({ width: 1360, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`exception: ${(error as Error).message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], 'the page logged no errors');
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

async function pick(page: Page, scenario: string): Promise<void> {
  await page.select('#builtin', scenario);
  await page.waitForFunction((name) => document.getElementById('status')!.textContent === `${name}: valid`, { timeout: 30_000 }, scenario);
}

async function type(page: Page, text: string): Promise<void> {
  await page.$eval(
    '#yaml',
    (area, value) => {
      (area as HTMLTextAreaElement).value = value;
      area.dispatchEvent(new Event('input'));
    },
    text,
  );
}

test('the page opens, a picked scenario is drawn with its states', async (t) => {
  const page = await openPage(t);
  if (page === null) return;
  await pick(page, 'travel');
  const states = await page.$$eval('#diagram svg g.node title', (titles) => titles.map((title) => title.textContent));
  // Graphviz names the nodes s0.. in state order, plus the start dot and the end ring (and the legend).
  assert.ok(states.includes('s0') && states.includes('start') && states.includes('end'), states.join(','));
  const labels = await page.$$eval('#diagram svg g.node text', (texts) => texts.map((text) => text.textContent));
  for (const state of ['search', 'between_searches', 'click', 'conversion']) assert.ok(labels.includes(state), `${state} in ${labels.join(',')}`);
  assert.equal(await page.$eval('#scenario-kind', (el) => el.textContent), 'built-in travel');
});

test('a YAML mistake shows its line as you type, and fixing it clears it', async (t) => {
  const page = await openPage(t);
  if (page === null) return;
  await pick(page, 'cart');
  const text = await page.$eval('#yaml', (area) => (area as HTMLTextAreaElement).value);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.trim() === 'view: 0.78') + 1;
  assert.ok(line > 0);
  lines[line - 1] = lines[line - 1].replace('0.78', '1.78');
  await type(page, lines.join('\n'));
  await page.waitForSelector(`#problems li[data-line="${line}"]`, { timeout: 30_000 });
  const problem = await page.$eval(`#problems li[data-line="${line}"]`, (li) => li.textContent);
  assert.match(problem, new RegExp(`^line ${line}:\\d+ states\\.view\\.next\\.view: must be between 0 and 1`));
  assert.equal(await page.$eval('#gutter .bad', (span) => span.textContent.trim()), String(line));
  assert.equal(await page.$eval('#scenario-kind', (el) => el.textContent), 'pasted text (scenario.yaml)');

  // Broken YAML: a problem with its line too, never a server error.
  await type(page, 'name: broken\nstates:\n  a: [1, 2\nfields: {}\n');
  await page.waitForFunction(() => document.querySelector('#problems li')?.textContent?.includes('not valid YAML or JSON'), { timeout: 30_000 });
  assert.match((await page.$eval('#problems li', (li) => li.getAttribute('data-line')))!, /^\d+$/);

  lines[line - 1] = lines[line - 1].replace('1.78', '0.78');
  await type(page, lines.join('\n'));
  await page.waitForFunction(() => document.getElementById('status')!.textContent === 'cart: valid', { timeout: 30_000 });
  assert.equal(await page.$$eval('#problems li', (items) => items.length), 0);
});

test("the preview's funnel is what clickgen inspect measures on the output of the command shown", async (t) => {
  const page = await openPage(t);
  if (page === null) return;
  await pick(page, 'ecommerce');
  await page.$eval('#count', (input) => ((input as HTMLInputElement).value = '3000'));
  await page.click('#preview-button');
  await page.waitForSelector('#funnel tr[data-step]', { timeout: 30_000 });
  const funnel = await page.$$eval('#funnel tr[data-step]', (rows) => rows.map((row): [string, number] => [row.getAttribute('data-step')!, Number(row.getAttribute('data-sessions'))]));
  const command = await page.$eval('#command', (code) => code.textContent);
  assert.equal(command, 'clickgen generate -s ecommerce --seed 1 -n 3000 --start 2024-01-01T00:00:00Z');

  const generated = await runInProcess(command.split(' ').slice(1));
  assert.equal(generated.code, 0, generated.stderr);
  const inspected = await runInProcess(['inspect', '-', '--json', '--type-field', 'interaction_type'], { stdin: generated.stdout });
  assert.equal(inspected.code, 0, inspected.stderr);
  const report = JSON.parse(inspected.stdout) as { funnel: { step: string; sessions: number }[]; events: number };
  assert.equal(report.events, 3000);
  assert.deepEqual(funnel, report.funnel.map((step) => [step.step, step.sessions]));
  assert.ok(funnel[0][1] > 100, 'the funnel is not empty');
  assert.equal(await page.$$eval('#sample tr', (rows) => rows.length), 21, 'a header and 20 sample rows');
});

test('a live stream holds its target rate within 2 %, and Stop ends it', async (t) => {
  const page = await openPage(t);
  if (page === null) return;
  await pick(page, 'shop');
  await page.$eval('#rate', (input) => ((input as HTMLInputElement).value = '1000'));
  await page.click('#start-stream');
  // Seven seconds of events: a few ms of delivery jitter at either end is well under 2 %.
  await page.waitForFunction(() => Number(document.getElementById('stream-events')!.dataset.value ?? 0) >= 7000, { timeout: 60_000, polling: 200 });
  const achieved = await page.$eval('#achieved-rate', (dd) => Number((dd as HTMLElement).dataset.value));
  assert.ok(Math.abs(achieved - 1000) <= 20, `achieved ${achieved}/s against 1000/s`);
  const mix = await page.$$eval('#mix .bar-label', (labels) => labels.map((label) => label.textContent));
  assert.ok(mix.includes('page_view'), `event mix ${mix.join(',')}`);
  await page.click('#stop-stream');
  await page.waitForFunction(() => document.getElementById('status')!.textContent.startsWith('stream stopped'), { timeout: 30_000 });
  // The server ends the stream when the page goes.
  const deadline = Date.now() + 10_000;
  let active = -1;
  while (Date.now() < deadline && active !== 0) {
    active = ((await (await fetch(`${base}/metrics`)).json()) as { active_connections: number }).active_connections;
    if (active !== 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(active, 0);
});

test('a pasted scenario streams live too: its own events at the target rate', async (t) => {
  const page = await openPage(t);
  if (page === null) return;
  await type(page, 'name: tiny\nstates:\n  look:\n    event: LOOK\n    dwell: { type: constant, value: 1 }\n    next: { look: 0.9 }\nfields:\n  time: { time: iso }\n  event_type: { ref: event.type }\n');
  await page.waitForFunction(() => document.getElementById('status')!.textContent === 'tiny: valid', { timeout: 30_000 });
  await page.$eval('#rate', (input) => ((input as HTMLInputElement).value = '500'));
  await page.click('#start-stream');
  await page.waitForFunction(() => Number(document.getElementById('stream-events')!.dataset.value ?? 0) >= 2500, { timeout: 60_000, polling: 200 });
  const achieved = await page.$eval('#achieved-rate', (dd) => Number((dd as HTMLElement).dataset.value));
  assert.ok(Math.abs(achieved - 500) <= 10, `achieved ${achieved}/s against 500/s`);
  const mix = await page.$$eval('#mix .bar-label', (labels) => labels.map((label) => label.textContent));
  assert.deepEqual(mix, ['LOOK']);
  await page.click('#stop-stream');
  await page.waitForFunction(() => document.getElementById('status')!.textContent.startsWith('stream stopped'), { timeout: 30_000 });
});

test('with --token the page asks for the token and then works', async (t) => {
  const guarded = await startServer({ token: 's3cret-token' });
  t.after(() => guarded.server.shutdown());
  browser ??= await launchBrowser(t);
  if (browser === null) return;
  const page = await browser.newPage();
  t.after(() => page.close());
  await page.goto(`${guarded.base}/ui`);
  await page.waitForFunction(() => document.getElementById('status')!.textContent.includes('needs a token'), { timeout: 30_000 });
  assert.equal(await page.$eval('#token-box', (label) => (label as HTMLElement).hidden), false);
  await page.type('#token', 's3cret-token');
  await Promise.all([page.waitForNavigation(), page.$eval('#token', (input) => input.dispatchEvent(new Event('change')))]);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.waitForSelector('#diagram svg', { timeout: 30_000 });
});
