/**
 * One measured generation in a fresh process, so peak RSS belongs to this run alone.
 * Usage: generate-child.ts clickgen|baseline COUNT OUTPUT
 * Prints one JSON line: events, bytes, seconds, maxRssMB. The seconds are the
 * generation's, from the first event to the output closed: loading and compiling the
 * scenario is start-up, which bench/generate.ts times on its own through the CLI.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import type { Rng } from '../src/random/prng.js';

/**
 * clickgen as users run it: the built package (npm run bench builds it first), through
 * its public API. Types come from the sources.
 */
const built = new URL('../dist/index.js', import.meta.url);
if (!existsSync(built)) throw new Error('bench/generate-child.ts measures the built package: run npm run build first');
const clickgenApi = (await import(built.href)) as typeof import('../src/index.js');

const [mode, countText, output] = process.argv.slice(2);
const count = Number(countText);
const START = Date.UTC(2024, 0, 1);

/** What `clickgen generate -s gift-shop -n COUNT -o OUTPUT` does, through the library. */
async function clickgen(): Promise<{ bytes: number; seconds: number }> {
  const { compileScenario, createEncoder, createSink, loadScenario, run } = clickgenApi;
  const compiled = compileScenario(loadScenario('gift-shop').scenario, 1);
  const began = performance.now();
  const sink = await createSink(output, { defaults: {}, env: {}, stdout: process.stdout });
  const summary = await run({ scenario: compiled, encoder: createEncoder(compiled.schema, {}), sink, start: START, count });
  return { bytes: summary.bytes, seconds: (performance.now() - began) / 1000 };
}

const DEVICES = ['mobile', 'tablet', 'laptop', 'desktop'];
const LANGS = ['Russian', 'French', 'Mandarin', 'English', 'Hindi', 'Spanish', 'Arabic', 'Portuguese'];
const COUNTRIES = ['Vietnam', 'Philippines', 'Mexico', 'Brazil', 'Pakistan', 'United States', 'China', 'India', 'Indonesia', 'Nigeria', 'Russia', 'Japan', 'Egypt'];
const REFERRERS = ['twitter.com/post', 'google.com/search', 'facebook.com/referring-group', 'bing.com/search', 'amazon.com', 'adserve.com', 'adsRus.com', 'unknown'];
const TYPES = ['login', 'home', 'search', 'view_product', 'product_detail', 'add_to_cart', 'view_cart', 'purchase'];
const PRODUCTS = ['Fidget spinner', 'Rubber chicken', 'Slinky', 'Magic 8-ball', 'Pet rock', 'Mood ring', null];

/** The naive generator: an object per event, JSON.stringify, 1 MiB chunks. */
async function baseline(): Promise<{ bytes: number; seconds: number }> {
  const began = performance.now();
  const rng: Rng = clickgenApi.streamFor(1, 99, 0);
  const pick = <T>(list: readonly T[]): T => list[rng.int(list.length)];
  const out = createWriteStream(output);
  let chunk: string[] = [];
  let size = 0;
  let bytes = 0;
  let time = START;
  for (let i = 0; i < count; i++) {
    time += rng.int(200);
    const event = {
      __time: new Date(time).toISOString().slice(0, 23),
      user_id: rng.int(4000),
      event_type: pick(TYPES),
      client_ip: `127.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`,
      client_device: pick(DEVICES),
      client_lang: pick(LANGS),
      client_country: pick(COUNTRIES),
      referrer: pick(REFERRERS),
      keyword: pick(['gifts', 'socks', null]),
      product: pick(PRODUCTS),
      session_id: `${rng.nextU32().toString(16)}-4${rng.nextU32().toString(16)}`,
    };
    const line = `${JSON.stringify(event)}\n`;
    chunk.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      bytes += size;
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
      size = 0;
    }
  }
  bytes += size;
  out.end(chunk.join(''));
  await once(out, 'finish');
  return { bytes, seconds: (performance.now() - began) / 1000 };
}

const { bytes, seconds } = mode === 'baseline' ? await baseline() : await clickgen();
process.stdout.write(`${JSON.stringify({ events: count, bytes, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
