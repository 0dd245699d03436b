/**
 * `clickgen imply` throughput on the Imply clickstream config in simulated-time mode, the
 * command the original generator was measured with (generator.py: about 10,800
 * records/s on this machine, docs/benchmarks.md):
 *   clickgen imply -c clickstream.json -m 20 -n 1000000 -s 2024-01-01T00:00:00 > /dev/null
 * Runs the built CLI (npm run build first) in a fresh process per round, under bash's
 * `time`, and prints the median records/s of wall time (start-up included) and of CPU
 * time (user + system), which depends less on what else the machine runs.
 *   node --import tsx bench/imply.ts [records] [rounds]
 */
import { execFileSync } from 'node:child_process';
import { fmt, machine, median } from './lib.js';

const records = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const bin = new URL('../bin/clickgen.js', import.meta.url).pathname;
const config = new URL('../test/fixtures/imply/clickstream/clickstream.json', import.meta.url).pathname;
const command = `TIMEFORMAT='%3R %3U %3S'; time '${process.execPath}' '${bin}' imply -c '${config}' -m 20 -n ${records} -s 2024-01-01T00:00:00 -q > /dev/null`;

const wall: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < rounds; r++) {
  // bash prints the timing on stderr; the command's own stderr is quiet (-q).
  const out = execFileSync('bash', ['-c', `{ ${command} ; } 2>&1`], { encoding: 'utf8' });
  const [real, user, system] = out.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
  wall.push(records / real);
  cpu.push(records / (user + system));
}
console.log(`clickgen imply, clickstream.json -m 20 -n ${fmt(records)} -s 2024-01-01T00:00:00 to /dev/null, median of ${rounds} rounds; ${machine()}`);
console.log(`  ${fmt(median(wall)).padStart(11)} records/s of wall time (start-up included); rounds: ${wall.map(fmt).join(', ')}`);
console.log(`  ${fmt(median(cpu)).padStart(11)} records/s of CPU time (user + system); rounds: ${cpu.map(fmt).join(', ')}`);
