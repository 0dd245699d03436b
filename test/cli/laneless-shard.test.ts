/**
 * Shards and workers beyond a run's lanes (64 for shop; with -m n, n session slots): a shard
 * that owns no lane writes nothing, successfully, with a summary that merges; a worker that
 * owns none idles, and the output is that of one worker. Shard 0/64 owns one lane, so its
 * second worker owns none, as the 65th of an unsharded run would.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { runInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/cli.js';

const GENERATE = ['generate', '--seed', '7', '--start', '2024-01-01', '-q'];
const RUN = [...GENERATE, '--duration', '1h'];

test('a shard that owns no lane: exit 0, an empty file, a summary of no events', async (t) => {
  const dir = tempDir(t);
  for (const flags of [['--shard', '64/65'], ['--shard', '70/100'], ['-m', '4', '--shard', '5/8']]) {
    const output = join(dir, `${flags.join('')}.ndjson`.replaceAll('/', '-'));
    const summary = `${output}.json`;
    const result = await runInProcess([...RUN, ...flags, '-o', output, '--summary', summary]);
    assert.equal(result.code, 0, `${flags.join(' ')}: ${result.stderr}`);
    assert.equal(result.stderr, '');
    assert.ok(existsSync(output), `${flags.join(' ')}: the file is made`);
    assert.equal(readFileSync(output, 'utf8'), '');
    const written = JSON.parse(readFileSync(summary, 'utf8')) as { events: number; sessions: number; first_event_time: unknown };
    assert.deepEqual([written.events, written.sessions, written.first_event_time], [0, 0, null]);
  }
});

test('-m 4 in 5 shards: the fifth is empty, and the merged summaries are the single run’s', async (t) => {
  const dir = tempDir(t);
  const args = [...RUN, '-m', '4', '-o', join(dir, 'out.ndjson')];
  assert.equal((await runInProcess([...args, '--summary', join(dir, 'whole.json')])).code, 0);
  const parts = [0, 1, 2, 3, 4].map((k) => join(dir, `part-${k}.json`));
  for (const [k, file] of parts.entries()) {
    const result = await runInProcess([...args, '--shard', `${k}/5`, '--summary', file]);
    assert.equal(result.code, 0, result.stderr);
  }
  assert.equal((JSON.parse(readFileSync(parts[4], 'utf8')) as { events: number }).events, 0);
  const merged = await runInProcess(['summary', 'merge', ...parts]);
  assert.equal(merged.code, 0, merged.stderr);
  const { shards, ...sum } = JSON.parse(merged.stdout) as Record<string, unknown>;
  assert.equal(shards, 5);
  assert.deepEqual(sum, JSON.parse(readFileSync(join(dir, 'whole.json'), 'utf8')));
});

test('workers beyond the lanes idle: the same bytes and summary as one worker', async (t) => {
  const dir = tempDir(t);
  for (const [flags, workers] of [
    [['--shard', '0/64', '--duration', '1d'], 2],
    [['--shard', '0/32', '--duration', '1d'], 3],
    [['-m', '4', '--duration', '1h'], 5],
  ] as const) {
    const runs = [];
    for (const count of [1, workers]) {
      const summary = join(dir, `summary-${flags.join('')}-${count}.json`.replaceAll('/', '-'));
      const result = await runInProcess([...GENERATE, ...flags, '--workers', String(count), '--summary', summary]);
      assert.equal(result.code, 0, `${flags.join(' ')} --workers ${count}: ${result.stderr}`);
      runs.push({ stdout: result.stdout, summary: JSON.parse(readFileSync(summary, 'utf8')) as unknown });
    }
    assert.ok(runs[0].stdout.length > 10_000, 'some events');
    assert.ok(runs[1].stdout === runs[0].stdout, `${flags.join(' ')} --workers ${workers}: the same bytes as one worker`);
    assert.deepEqual(runs[1].summary, runs[0].summary);
  }
});
