/**
 * At a --rate every event is stamped with its own due time; a duplicate's second delivery is
 * still the first's record again, byte for byte, with the event time the answer key gives.
 * Live runs of 2 s, in one thread and in two workers (each paces its own users).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

for (const workers of [1, 2]) {
  test(`--realtime --rate 300 with 30 % duplicates and late events${workers > 1 ? `, ${workers} workers` : ''}: each copy is its first delivery's bytes, at the key's event time`, async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'rate.ndjson');
    const keyFile = join(dir, 'rate.json');
    const args = ['generate', '-s', 'gift-shop', '--realtime', '--rate', '300', '--duration', '2s', '--duplicates', '30%:200ms-1s', '--late', '5%:500ms-2s', '--workers', String(workers), '-o', file, '--summary', keyFile, '-q'];
    const result = await runInProcess(args);
    assert.equal(result.code, 0, result.stderr);
    const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
    const key = JSON.parse(readFileSync(keyFile, 'utf8')) as RunSummary;
    const pairs = key.faults!.duplicates;
    assert.ok(pairs.length > 50, `${pairs.length} duplicates delivered twice in ${lines.length} records`);
    assert.ok(pairs.every((duplicate) => duplicate.positions.length === 2), 'only duplicates written twice are listed');
    assert.equal(key.faults!.duplicated, pairs.length);
    const copies = lines.length - new Set(lines).size;
    assert.equal(copies, pairs.length, 'the records written twice are the duplicates the key lists');
    for (const { id, event_time, positions } of pairs) {
      const [first, second] = positions.map((position) => lines[position]);
      assert.equal(second, first, `${id}: the copy at ${positions[1]} is the record at ${positions[0]}`);
      // gift-shop writes its time in UTC without a zone.
      assert.equal(`${(JSON.parse(first) as { __time: string }).__time}Z`, event_time, `${id}: the key's event time is the record's`);
    }
  });
}

test('--realtime with every copy due after the end: nothing is listed as duplicated, since nothing was written twice', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'late-copies.ndjson');
  const keyFile = join(dir, 'late-copies.json');
  const result = await runInProcess(['generate', '-s', 'gift-shop', '--realtime', '--rate', '300', '--duration', '1s', '--duplicates', '20%:5s-10s', '-o', file, '--summary', keyFile, '-q']);
  assert.equal(result.code, 0, result.stderr);
  const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
  const key = JSON.parse(readFileSync(keyFile, 'utf8')) as RunSummary;
  assert.equal(new Set(lines).size, lines.length, 'no record twice');
  assert.equal(key.faults!.duplicated, 0);
  assert.deepEqual(key.faults!.duplicates, []);
});
