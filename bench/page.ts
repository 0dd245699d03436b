/// <reference lib="dom" />
/**
 * The page of `clickgen serve` against its targets: the page loads in under 1 s from a local
 * server, and a preview of 5,000 events shows in under 1 s. The built CLI serves; headless
 * system Chromium (puppeteer-core) opens the page `rounds` times, fresh each time, and asks for
 * a preview each time. Medians and worst runs.
 *   npm run build && node --import tsx bench/page.ts [rounds] [scenario]
 */
import { spawn } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { fmt, machine, median } from './lib.js';

const rounds = Number(process.argv[2] ?? 7);
const scenario = process.argv[3] ?? 'shop';
const TARGET_MS = 1_000;

const server = spawn(process.execPath, ['bin/clickgen.js', 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise<string>((resolve, reject) => {
  let text = '';
  server.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const match = /serving (http:\/\/\S+)/.exec(text);
    if (match !== null) resolve(match[1]);
  });
  server.once('exit', () => reject(new Error(`serve exited: ${text}`)));
});
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const loads: number[] = [];
const usable: number[] = [];
const previews: number[] = [];
try {
  for (let r = 0; r < rounds; r++) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1360, height: 900 });
    const began = performance.now();
    await page.goto(`${base}/ui`, { waitUntil: 'load' });
    loads.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].duration));
    await page.waitForSelector('#diagram svg');
    usable.push(performance.now() - began);
    await page.select('#builtin', scenario);
    await page.waitForFunction((name) => document.getElementById('status')!.textContent === `${name}: valid`, {}, scenario);
    await page.click('#preview-button');
    await page.waitForFunction(() => document.getElementById('preview-time')!.dataset.ms !== undefined);
    previews.push(await page.$eval('#preview-time', (span) => Number((span as HTMLElement).dataset.ms)));
    await page.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}

const line = (name: string, values: number[]): string =>
  `  ${name.padEnd(34)} median ${fmt(median(values)).padStart(5)} ms  worst ${fmt(Math.max(...values)).padStart(5)} ms  ${Math.max(...values) < TARGET_MS ? 'under' : 'OVER'} the ${fmt(TARGET_MS)} ms target`;
console.log(`clickgen serve /ui, ${rounds} fresh pages, preview of 5,000 ${scenario} events; ${machine()}`);
console.log(line('page load (navigation, to load)', loads));
console.log(line('page usable (journey drawn)', usable));
console.log(line('preview shown (click to rendered)', previews));
