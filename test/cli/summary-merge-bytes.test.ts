/**
 * A merged summary's `bytes` is the single run's: each shard's one file (or stream) starts with
 * the CSV header, which the single run writes once, so the merge counts it once.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { runInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/cli.js';

const RUN = ['generate', '-s', 'travel', '--seed', '7', '--start', '2024-01-01', '--duration', '2m', '-q'];

/** The merged summary of `count` shards run with `flags` (`{k}` in a flag is the shard's index), and the single run's. */
async function mergedAndSingle(dir: string, flags: readonly string[], count: number): Promise<{ merged: { bytes: number }; single: { bytes: number }; parts: { shard: { header_bytes?: number }; bytes: number }[] }> {
  const single = join(dir, 'single.json');
  const whole = await runInProcess([...RUN, ...flags.map((flag) => flag.replace('{k}', 'all')), '--summary', single]);
  assert.equal(whole.code, 0, whole.stderr);
  const files = [];
  for (let k = 0; k < count; k++) {
    const file = join(dir, `part-${k}.json`);
    const result = await runInProcess([...RUN, ...flags.map((flag) => flag.replace('{k}', String(k))), '--shard', `${k}/${count}`, '--summary', file]);
    assert.equal(result.code, 0, result.stderr);
    files.push(file);
  }
  const merged = await runInProcess(['summary', 'merge', ...files]);
  assert.equal(merged.code, 0, merged.stderr);
  const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
  return { merged: JSON.parse(merged.stdout) as { bytes: number }, single: read(single), parts: files.map((file) => read(file)) };
}

test('travel CSV in 4 shard files: the merged bytes are the single run’s, its file’s size', async (t) => {
  const dir = tempDir(t);
  const { merged, single, parts } = await mergedAndSingle(dir, ['--format', 'csv', '-o', join(dir, 'out-{k}.csv')], 4);
  const header = readFileSync(join(dir, 'out-all.csv'), 'utf8').split('\n')[0].length + 1;
  assert.ok(parts.every((part) => part.shard.header_bytes === header), 'each part records its header');
  assert.equal(single.bytes, statSync(join(dir, 'out-all.csv')).size);
  assert.equal(merged.bytes, single.bytes);
  assert.equal(parts.reduce((sum, part) => sum + part.bytes, 0) - 3 * header, single.bytes);
});

test('CSV shards to stdout and NDJSON (no header) to files: the merged bytes are the single run’s', async (t) => {
  for (const flags of [['--format', 'tsv'], ['-o', 'out-{k}.ndjson']]) {
    const dir = tempDir(t);
    const { merged, single } = await mergedAndSingle(dir, flags.map((flag) => (flag.startsWith('out-') ? join(dir, flag) : flag)), 3);
    assert.equal(merged.bytes, single.bytes, flags.join(' '));
  }
});

test('one file per value: each shard’s files have their headers, and the merge says no header size and adds the bytes', async (t) => {
  const dir = tempDir(t);
  const { merged, parts } = await mergedAndSingle(dir, ['-o', join(dir, '{k}', '{event_type}.csv')], 2);
  assert.ok(parts.every((part) => part.shard.header_bytes === undefined));
  assert.equal(merged.bytes, parts[0].bytes + parts[1].bytes);
});
