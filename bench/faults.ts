/**
 * What faults cost: CPU seconds of the built CLI with the default fault shares against the
 * same run without faults, interleaved per round so that load hits every variant alike.
 *   node --import tsx bench/faults.ts [events] [rounds]
 * "all faults" is `--late 5%:10s-120s --duplicates 1% --drop 0.1% --bad-records 0.1%`, "late
 * only" its first flag; each runs without and with `--summary` (the answer key is built only
 * when asked for), and with `--summary --summary-window 1m`: the key's windows asked for
 * without faults too, so that the ratio is what faults add to a run with the same key.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median } from './lib.js';

const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const LATE = ['--late', '5%:10s-120s'];
const FAULTS = ['--duplicates', '1%', '--drop', '0.1%', '--bad-records', '0.1%'];
const SCENARIOS = ['gift-shop', 'shop'];
const dir = mkdtempSync(join(tmpdir(), 'clickgen-bench-faults-'));

/**
 * CPU seconds (user + system) of one CLI run, measured by the kernel for the child. The
 * previous run's files are removed first, outside the measure: the run's rename over a
 * file of hundreds of megabytes frees its pages in the kernel, system time that belongs
 * to no variant and varied by a tenth of a second.
 */
function cpuSeconds(scenario: string, extra: readonly string[]): number {
  for (const file of ['out.ndjson', 'key.json']) rmSync(join(dir, file), { force: true });
  const args = ['bin/clickgen.js', 'generate', '-s', scenario, '-n', String(events), '--seed', '1', '--start', '2024-01-01', '-q', '-o', join(dir, 'out.ndjson'), ...extra];
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const [user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return user + system;
}

console.log(`faults: ${events.toLocaleString('en-US')} events, CPU s median of ${rounds} rounds; ratio = median of per-round ratios; ${machine()}`);
try {
  for (const scenario of SCENARIOS) {
    for (const summary of ['', ' --summary', ' --summary --summary-window 1m']) {
      const key = summary === '' ? [] : ['--summary', join(dir, 'key.json'), ...(summary.includes('window') ? ['--summary-window', '1m'] : [])];
      const none: number[] = [];
      const late: number[] = [];
      const faulted: number[] = [];
      for (let round = 0; round < rounds; round++) {
        none.push(cpuSeconds(scenario, key));
        late.push(cpuSeconds(scenario, [...LATE, ...key]));
        faulted.push(cpuSeconds(scenario, [...LATE, ...FAULTS, ...key]));
      }
      const ratio = (of: number[]): string => `${median(of.map((f, i) => f / none[i])).toFixed(2)}x`;
      console.log(`${scenario}${summary}: none ${median(none).toFixed(2)} s, late only ${median(late).toFixed(2)} s (${ratio(late)}), all faults ${median(faulted).toFixed(2)} s (${ratio(faulted)})`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
