/**
 * gift-shop NDJSON throughput: clickgen to /dev/null and to a file, against a naive
 * baseline (object per event + JSON.stringify + 1 MiB writes) measured in the same run,
 * rounds interleaved so machine noise hits both alike. Also start-up time of
 * `clickgen generate -n 1`. clickgen is the built package (`npm run bench` builds it).
 *   node --import tsx bench/generate.ts [events] [rounds]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { child, fmt, machine, median, type ChildResult } from './lib.js';


const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'clickgen-bench-'));
const script = new URL('./generate-child.ts', import.meta.url).pathname;
const results: Record<string, ChildResult[]> = { devnull: [], file: [], baseline: [] };
try {
  for (let r = 0; r < rounds; r++) {
    results.devnull.push(child<ChildResult>(script, ['clickgen', String(events), '/dev/null']));
    results.baseline.push(child<ChildResult>(script, ['baseline', String(events), '/dev/null']));
    results.file.push(child<ChildResult>(script, ['clickgen', String(events), join(dir, `events-${r}.ndjson`)]));
    rmSync(join(dir, `events-${r}.ndjson`), { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const startups: number[] = [];
const bin = new URL('../bin/clickgen.js', import.meta.url).pathname;
for (let r = 0; r < rounds; r++) {
  const began = performance.now();
  execFileSync(process.execPath, [bin, 'generate', '-n', '1', '-q', '--start', '2024-01-01'], { stdio: ['ignore', 'ignore', 'inherit'] });
  startups.push(performance.now() - began);
}

console.log(`gift-shop NDJSON, ${fmt(events)} events, median of ${rounds} interleaved rounds (generation; start-up is timed on its own below); ${machine()}`);
const rates: Record<string, number> = {};
for (const [name, list] of Object.entries(results)) {
  const rate = median(list.map((r) => r.events / r.seconds));
  rates[name] = rate;
  const mbps = median(list.map((r) => r.bytes / 1e6 / r.seconds));
  console.log(`  ${name.padEnd(9)} ${fmt(rate).padStart(11)} events/s  ${mbps.toFixed(0).padStart(5)} MB/s  peak RSS ${median(list.map((r) => r.maxRssMB)).toFixed(0)} MB`);
}
const ratios = results.devnull.map((r, i) => r.events / r.seconds / (results.baseline[i].events / results.baseline[i].seconds));
console.log(`  clickgen / baseline (per round, median): ${median(ratios).toFixed(2)}x`);
console.log(`  start-up, clickgen generate -n 1: median ${median(startups).toFixed(0)} ms`);
