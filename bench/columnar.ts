/**
 * Parquet and Arrow against NDJSON, every built-in scenario, to /dev/null: the built CLI
 * (`npm run build` first), rounds interleaved so machine noise hits each format alike.
 * The rate is the one the CLI reports (from the first event to the last byte, start-up
 * excluded). Ratios compare runs of the same round.
 *   node --import tsx bench/columnar.ts [events] [rounds] [scenario...]
 */
import { spawnSync } from 'node:child_process';
import { builtinNames } from '../src/scenario/load.js';
import { fmt, machine, median } from './lib.js';

const events = Number(process.argv[2] ?? 300_000);
const rounds = Number(process.argv[3] ?? 3);
const scenarios = process.argv.length > 4 ? process.argv.slice(4) : builtinNames();
const cli = new URL('../bin/clickgen.js', import.meta.url).pathname;
const FORMATS = ['ndjson', 'parquet', 'arrow'] as const;

/** Events per second as the CLI's closing line reports it. */
function rate(scenario: string, format: string): number {
  const result = spawnSync(process.execPath, [cli, 'generate', '-s', scenario, '-n', String(events), '--seed', '1', '--start', '2024-01-01', '--format', format, '-o', '/dev/null'], { encoding: 'utf8' });
  const match = /\(([\d,]+) events\/s\)/.exec(result.stderr);
  if (result.status !== 0 || match === null) throw new Error(`${scenario} ${format}: ${result.stderr}`);
  return Number(match[1].replaceAll(',', ''));
}

console.log(`${machine()}; ${fmt(events)} events, ${rounds} rounds, median`);
console.log('| scenario | NDJSON events/s | Parquet (zstd) rows/s | Parquet / NDJSON | Arrow rows/s | Arrow / NDJSON |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const scenario of scenarios) {
  const runs: Record<string, number[]> = { ndjson: [], parquet: [], arrow: [] };
  const ratios: Record<string, number[]> = { parquet: [], arrow: [] };
  for (let r = 0; r < rounds; r++) {
    for (const format of FORMATS) runs[format].push(rate(scenario, format));
    for (const format of ['parquet', 'arrow']) ratios[format].push(runs[format][r] / runs.ndjson[r]);
  }
  console.log(
    `| ${scenario} | ${fmt(median(runs.ndjson))} | ${fmt(median(runs.parquet))} | ${median(ratios.parquet).toFixed(2)}x | ${fmt(median(runs.arrow))} | ${median(ratios.arrow).toFixed(2)}x |`,
  );
}
