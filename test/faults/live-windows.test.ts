/**
 * A live run's answer key counts each processing-time window from the records' own
 * processing_time: paced, a record is received when it is due, and the schedule stamps it so.
 * Runs of 2-3 s of cart (which writes processing_time, and has late delivery), at a --rate in
 * one thread and in two workers, and at the scenario's own pace.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

const CASES: readonly (readonly string[])[] = [
  ['--rate', '1000', '--duration', '2s'],
  ['--rate', '1000', '--duration', '2s', '--workers', '2'],
  ['--set', 'EVENTS_PER_SECOND=300', '--duration', '3s'],
];

for (const flags of CASES) {
  test(`cart --realtime ${flags.join(' ')}: the key's processing-time windows count the records by their processing_time`, async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'live.ndjson');
    const keyFile = join(dir, 'live.json');
    const result = await runInProcess(['generate', '-s', 'cart', '--realtime', ...flags, '--summary-window', '1s', '-o', file, '--summary', keyFile, '-q'], { now: Date.now() });
    assert.equal(result.code, 0, result.stderr);
    const counted = new Map<string, number>();
    for (const line of readFileSync(file, 'utf8').split('\n').slice(0, -1)) {
      const received = (JSON.parse(line) as { processing_time: number }).processing_time;
      const window = new Date(Math.floor(received / 1000) * 1000).toISOString();
      counted.set(window, (counted.get(window) ?? 0) + 1);
    }
    const key = JSON.parse(readFileSync(keyFile, 'utf8')) as RunSummary;
    const keyed = Object.entries(key.windows!.processing_time).filter(([, window]) => window.events > 0);
    assert.ok(counted.size >= 2, `records in ${counted.size} windows`);
    assert.deepEqual(Object.fromEntries(keyed.map(([start, window]) => [start, window.events])), Object.fromEntries([...counted].sort()));
  });
}
