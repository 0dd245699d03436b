/**
 * `clickgen inspect` throughput and peak memory on shop NDJSON: events/s, MB/s and peak RSS
 * for a file of about `events` events, median of `rounds` runs, each in a fresh process.
 *   node --import tsx bench/inspect.ts [events] [rounds]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEncoder } from '../src/encode/create-encoder.js';
import { run } from '../src/pipeline/run.js';
import { compileScenario } from '../src/scenario/compile.js';
import { loadScenario } from '../src/scenario/load.js';
import { FileSink } from '../src/sinks/file-sink.js';
import { child, fmt, machine, median, type ChildResult } from './lib.js';


const events = Number(process.argv[2] ?? 2_000_000);
const rounds = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'clickgen-bench-'));
const file = join(dir, 'shop.ndjson');
const results: ChildResult[] = [];
try {
  const compiled = compileScenario(loadScenario('shop').scenario, 42);
  await run({ scenario: compiled, encoder: createEncoder(compiled.schema, {}), sink: new FileSink(file), start: Date.UTC(2024, 2, 4), count: events });
  const script = new URL('./inspect-child.ts', import.meta.url).pathname;
  for (let r = 0; r < rounds; r++) results.push(child<ChildResult>(script, [file]));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`clickgen inspect, shop NDJSON, ${fmt(events)} events (${(results[0].bytes / 1e6).toFixed(0)} MB), median of ${rounds} runs; ${machine()}`);
console.log(`  ${fmt(median(results.map((r) => r.events / r.seconds)))} events/s  ${median(results.map((r) => r.bytes / 1e6 / r.seconds)).toFixed(0)} MB/s  peak RSS ${median(results.map((r) => r.maxRssMB)).toFixed(0)} MB`);
