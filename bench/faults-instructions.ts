/**
 * What faults cost, counted in instructions: Valgrind's callgrind counts every instruction of
 * the built CLI's process (start-up, the JIT's compiler threads, the run), the same count on a
 * quiet machine and on a busy one, where CPU seconds of the same command moved by half.
 *   node --import tsx bench/faults-instructions.ts [events] [scenario...]
 *   node --import tsx bench/faults-instructions.ts --steady [short,long] [scenario...]
 * Variants as in bench/faults.ts, to /dev/null; about 2.5 minutes a run for gift-shop's 300,000 events.
 * `--steady` runs each variant at two lengths (default 300,000 and 1,000,000 events) in
 * `node --single-threaded --predictable-gc-schedule`, so that the compiler works in the main
 * thread and the heap grows by fixed steps rather than by GC timings (which a loaded machine moves:
 * without it a count moved by 2 % from one run to the next), and prints the instructions per event
 * between them: the cost of a warm run, without start-up and compiling, which weigh differently
 * in runs of different lengths.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fmt, machine } from './lib.js';

const steady = process.argv[2] === '--steady';
const lengthsGiven = steady && /^\d+,\d+$/.test(process.argv[3] ?? '');
const lengths = !steady ? [Number(process.argv[2] ?? 300_000)] : lengthsGiven ? process.argv[3].split(',').map(Number) : [300_000, 1_000_000];
const named = process.argv.slice(lengthsGiven ? 4 : 3);
const scenarios = named.length > 0 ? named : ['gift-shop', 'shop'];
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
function instructions(scenario: string, events: number, extra: readonly string[]): Promise<number> {
  const cli = [...(steady ? ['--single-threaded', '--predictable-gc-schedule'] : []), 'bin/clickgen.js', 'generate', '-s', scenario, '-n', String(events), '--seed', '1', '--start', '2024-01-01', '-q', '-o', '/dev/null', ...extra];
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

console.log(`faults in instructions: ${lengths.map(fmt).join(' and ')} events, callgrind${steady ? ', node --single-threaded --predictable-gc-schedule' : ''}; ${machine()}`);
const names = Object.keys(VARIANTS);
for (const scenario of scenarios) {
  const byLength: number[][] = [];
  for (const events of lengths) {
    // All variants at once: a count does not depend on what else runs.
    const counts = await Promise.all(names.map((name) => instructions(scenario, events, VARIANTS[name])));
    byLength.push(counts);
    const row = names.map((name, i) => `${name} ${fmt(counts[i] / 1e6)} M${i === 0 ? '' : ` (${(counts[i] / counts[0]).toFixed(3)}x)`}`);
    console.log(`${scenario}, ${fmt(events)} events: ${row.join(', ')}`);
  }
  if (steady) {
    const perEvent = names.map((_, i) => (byLength[1][i] - byLength[0][i]) / (lengths[1] - lengths[0]));
    const row = names.map((name, i) => `${name} ${fmt(perEvent[i])}${i === 0 ? '' : ` (${(perEvent[i] / perEvent[0]).toFixed(3)}x)`}`);
    console.log(`${scenario}, per event once warm: ${row.join(', ')}`);
  }
}
