import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Chromium } from '../helpers/chromium.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { CHROMIUM, skipUnlessInstalled } from '../helpers/requirement.js';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'clickgen-html-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const needsChromium = { skip: skipUnlessInstalled('the HTML report in a browser', [CHROMIUM]) };

test('the HTML report of a day of shop opens in headless Chromium without errors and draws its charts', needsChromium, async () => {
  const events = join(dir, 'day.ndjson');
  const html = join(dir, 'report.html');
  assert.equal((await runInProcess(['generate', '--duration', '1d', '--start', '2024-03-04', '-q', '-o', events])).code, 0);
  const inspected = await runInProcess(['inspect', events, '--compare', '--allow-outside', '--html', html]);
  assert.equal(inspected.code, 0, inspected.stderr);

  const browser = await Chromium.launch();
  try {
    await browser.open(pathToFileURL(html).href);
    const charts = await browser.evaluate<{ width: number; height: number; marks: number; title: string }[]>(
      `[...document.querySelectorAll('svg.chart')].map((svg) => {
        const box = svg.getBoundingClientRect();
        return { width: box.width, height: box.height, marks: svg.querySelectorAll('rect.bar, circle.point').length, title: svg.querySelector('title')?.textContent ?? '' };
      })`,
    );
    // Funnel and event types, pages and durations, hours and weekdays, share and conversion
    // for devices, visitors and sources, and product popularity.
    assert.equal(charts.length, 13, charts.map((c) => c.title).join(', '));
    for (const chart of charts) {
      assert.ok(chart.width > 100 && chart.height > 50, `${chart.title}: ${chart.width}×${chart.height}`);
      assert.ok(chart.marks > 0, `${chart.title}: no bars or points drawn`);
    }
    const hours = charts.find((c) => c.title.startsWith('Sessions by hour of day'))!;
    assert.equal(hours.marks, 24);
    assert.equal(await browser.evaluate<number>("document.querySelectorAll('table tr').length > 50 ? 1 : 0"), 1, 'the comparison table is there');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(new URL('inspect-report.png', ARTIFACTS), await browser.screenshot());
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('the browser harness does catch console errors and exceptions (so the check above can fail)', needsChromium, async () => {
  const page = join(dir, 'broken.html');
  writeFileSync(page, '<!doctype html><title>x</title><script>console.error("broken"); undefinedFunction();</script>');
  const browser = await Chromium.launch();
  try {
    await browser.open(pathToFileURL(page).href);
    assert.equal(browser.errors.length, 2, browser.errors.join('\n'));
    assert.match(browser.errors[0], /broken/);
    assert.match(browser.errors[1], /undefinedFunction/);
  } finally {
    await browser.close();
  }
});
