/**
 * One measured generation in a fresh process, so peak RSS belongs to this run alone.
 * Usage: generate-child.ts clickgen|baseline COUNT OUTPUT
 * Prints one JSON line: events, bytes, seconds, maxRssMB. The seconds are the
 * generation's, from the first event to the output closed: loading and compiling the
 * scenario is start-up, which bench/generate.ts times on its own through the CLI.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createEncoder } from '../src/encode/create-encoder.js';
import { FileSink } from '../src/sinks/file-sink.js';
import { StreamSink } from '../src/sinks/stream-sink.js';
import { loadScenario } from '../src/scenario/load.js';
import { compileScenario } from '../src/scenario/compile.js';
import { run } from '../src/run.js';
import { Rng, streamFor } from '../src/random/prng.js';

const [mode, countText, output] = process.argv.slice(2);
const count = Number(countText);
const START = Date.UTC(2024, 0, 1);

async function clickgen(): Promise<{ bytes: number; seconds: number }> {
  const compiled = compileScenario(loadScenario('gift-shop').scenario, 1);
  const began = performance.now();
  const sink = output === '/dev/null' ? new StreamSink(createWriteStream('/dev/null'), 'dev-null') : new FileSink(output);
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
  const rng: Rng = streamFor(1, 99, 0);
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
