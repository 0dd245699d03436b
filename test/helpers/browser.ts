import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's chromium; CHROMIUM_PATH points elsewhere. Nothing is ever downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless system Chromium driven by puppeteer-core (which has no browser of its own to
 * download). Without Chromium the test is skipped with a message saying so, except under
 * CI=true, where that is a failure.
 */
export async function launchBrowser(t: TestContext): Promise<Browser | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    const message = `chromium is not installed at ${CHROMIUM_PATH}: the page tests need Debian's chromium (apt-get install chromium) or CHROMIUM_PATH`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`SKIPPED: ${message}`);
    t.skip(message);
    return null;
  }
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
