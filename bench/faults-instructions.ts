/**
 * What faults cost, counted in instructions: Valgrind's callgrind counts every instruction of
 * the built CLI's process (start-up, the JIT's compiler threads, the run), the same count on a
 * quiet machine and on a busy one, where CPU seconds of the same command moved by half.
 *   node --import tsx bench/faults-instructions.ts [events] [scenario...]
 * Variants as in bench/faults.ts, to /dev/null; about 2.5 minutes a run for gift-shop's 300,000 events.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fmt, machine } from './lib.js';

const events = Number(process.argv[2] ?? 300_000);
const scenarios = process.argv.length > 3 ? process.argv.slice(3) : ['gift-shop', 'shop'];
const LATE = ['--late', '5%:10s-120s'];
const VARIANTS: Record<string, readonly string[]> = {
  none: [],
  'late only': LATE,
  'all faults': [...LATE, '--duplicates', '1%', '--drop', '0.1%', '--bad-records', '0.1%'],
};

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  console.log('faults-instructions: skipped, valgrind is not on the PATH (Debian: apt-get install valgrind)');
  process.exit(0);
}

/** Instructions of one CLI run, as callgrind totals them. */
function instructions(scenario: string, extra: readonly string[]): Promise<number> {
  const cli = ['bin/clickgen.js', 'generate', '-s', scenario, '-n', String(events), '--seed', '1', '--start', '2024-01-01', '-q', '-o', '/dev/null', ...extra];
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, ...cli];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const collected = /Collected : (\d+)/.exec(stderr);
      if (collected === null) reject(new Error(stderr.slice(-2000)));
      else resolve(Number(collected[1]));
    });
  });
}

console.log(`faults in instructions: ${fmt(events)} events, callgrind; ${machine()}`);
for (const scenario of scenarios) {
  // All at once: a count does not depend on what else runs.
  const names = Object.keys(VARIANTS);
  const counts = await Promise.all(names.map((name) => instructions(scenario, VARIANTS[name])));
  const none = counts[0];
  const row = names.map((name, i) => `${name} ${fmt(counts[i] / 1e6)} M${i === 0 ? '' : ` (${(counts[i] / none).toFixed(3)}x)`}`);
  console.log(`${scenario}: ${row.join(', ')}`);
}
