/**
 * What sharding a run costs: the CPU time of the single run against that of its N shards run
 * one after another (the built CLI to /dev/null), per scenario; and each shard's share.
 *   node --import tsx bench/shards.ts [shards] [rounds]
 * A shard runs only its own lanes of users (src/engine/lanes.ts); a run that cannot be split
 * into lanes draws every arrival in every shard (docs/decisions.md).
 */
import { spawnSync } from 'node:child_process';
import { machine, median } from './lib.js';

const shards = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 3);
// Every built-in scenario (the vocabularies are shop's sessions), each sized so the single run
// takes about ten seconds of CPU on the project machine.
const RUNS: { name: string; args: string[] }[] = [
  { name: 'cart', args: ['-s', 'cart', '--set', 'arrivals.rate=60', '--duration', '1h'] },
  { name: 'travel', args: ['-s', 'travel', '--set', 'arrivals.rate=60', '--duration', '1h'] },
  { name: 'shop', args: ['-s', 'shop', '--duration', '230d'] },
  { name: 'gift-shop', args: ['-s', 'gift-shop', '--duration', '30d'] },
  { name: 'ecommerce', args: ['-s', 'ecommerce', '--duration', '25m'] },
  { name: 'ecommerce-users', args: ['-s', 'ecommerce-users', '--duration', '18h'] },
  { name: 'user-behavior', args: ['-s', 'user-behavior', '--duration', '60d'] },
];

/** CPU seconds (user + system) of one CLI run, measured by the kernel for the child. */
function cpuSeconds(args: readonly string[]): number {
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, 'bin/clickgen.js', 'generate', '--start', '2024-03-01', '-q', '-o', '/dev/null', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const [user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return user + system;
}

console.log(`shards: ${shards} one after another vs the single run, median of ${rounds}; ${machine()}`);
for (const run of RUNS) {
  const ratios: number[] = [];
  const worst: number[] = [];
  const singles: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const single = cpuSeconds(run.args);
    const parts = Array.from({ length: shards }, (_, k) => cpuSeconds([...run.args, '--shard', `${k}/${shards}`]));
    singles.push(single);
    ratios.push(parts.reduce((a, b) => a + b, 0) / single);
    worst.push(Math.max(...parts) / (single / shards));
  }
  console.log(`${run.name}: single ${median(singles).toFixed(2)} s CPU; ${shards} shards in total ${median(ratios).toFixed(2)}x; largest shard ${median(worst).toFixed(2)}x its fair share`);
}
