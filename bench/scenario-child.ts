/**
 * One measured run for bench/scenarios.ts, in a fresh process.
 * Usage: scenario-child.ts clickgen|reference SCENARIO COUNT SAMPLE
 * - clickgen: `clickgen generate -s SCENARIO --seed 1 --start 2024-01-01T00:00:00Z -n COUNT
 *   -o /dev/null` through the built package's API, timed from the first event to the output
 *   closed (loading the scenario is start-up, not generation).
 * - reference: the same scenario's first SAMPLE records as clickgen writes them, parsed back
 *   into objects (untimed), then a timed loop that only calls JSON.stringify on them in turn,
 *   COUNT times, and writes 1 MiB chunks to /dev/null: what a generator that had its records
 *   for free would still spend to write them.
 * Prints one JSON line: events, bytes, seconds, maxRssMB.
 */
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const built = new URL('../dist/index.js', import.meta.url);
if (!existsSync(built)) throw new Error('bench/scenario-child.ts measures the built package: run npm run build first');
const api = (await import(built.href)) as typeof import('../src/index.js');

const [mode, name, countText, sampleText] = process.argv.slice(2);
const count = Number(countText);
const START = Date.UTC(2024, 0, 1);

/** Writes `events` events of the scenario to `output`; the seconds exclude loading the scenario. */
async function generate(events: number, output: string): Promise<{ bytes: number; seconds: number }> {
  const compiled = api.compileScenario(api.loadScenario(name).scenario, 1);
  const began = performance.now();
  const sink = await api.createSink(output, { defaults: {}, env: {}, stdout: process.stdout });
  const summary = await api.run({ scenario: compiled, encoder: api.createEncoder(compiled.schema, {}), sink, start: START, count: events });
  return { bytes: summary.bytes, seconds: (performance.now() - began) / 1000 };
}

async function reference(): Promise<{ bytes: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-reference-'));
  let records: unknown[];
  try {
    const file = join(dir, 'sample.ndjson');
    await generate(Math.min(count, Number(sampleText)), file);
    records = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const began = performance.now();
  const out = createWriteStream('/dev/null');
  let chunk = '';
  let bytes = 0;
  for (let i = 0, r = 0; i < count; i++) {
    chunk += `${JSON.stringify(records[r])}\n`;
    if (++r === records.length) r = 0;
    if (chunk.length >= 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return { bytes, seconds: (performance.now() - began) / 1000 };
}

const { bytes, seconds } = mode === 'reference' ? await reference() : await generate(count, '/dev/null');
process.stdout.write(`${JSON.stringify({ events: count, bytes, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
