/**
 * Rolling, partitioned files (`-o 'lake/dt={date}/hour={hour}/part-{seq}.ndjson' --roll`),
 * written for real and read back: every record lands in the partition of its own event
 * time, the parts together are the unpartitioned output, the roll limits hold, late
 * events land in new parts of their old partitions, and the files are the same run to run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clickgen, listTree, START, tempDir } from '../helpers/cli.js';
import { parseCsv } from '../helpers/csv.js';

interface CartEvent {
  readonly event_time: number;
  readonly processing_time: number;
}

/** cart writes epoch-ms event and processing times, and delivers some events late. */
const CART = ['generate', '-s', 'cart', '--start', START, '--seed', '5', '--duration', '4h', '-q'];
const HIVE = 'lake/dt={date}/hour={hour}/part-{seq}.ndjson';

async function run(args: readonly string[], cwd?: string): Promise<string> {
  const result = await clickgen(args, { cwd });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

function linesOf(text: string): string[] {
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

/** The files of a tree (no directories), relative to `dir`. */
function filesUnder(dir: string): string[] {
  return listTree(dir).filter((p) => statSync(join(dir, p)).isFile());
}

function hourPartition(time: number): string {
  const iso = new Date(time).toISOString();
  return `lake/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
}

test('Hive partitions by event time: each record in the partition of its time, parts numbered from 00000, together the whole output', async (t) => {
  const dir = tempDir(t);
  const all = linesOf(await run(CART));
  await run([...CART, '-o', HIVE, '--roll', '4000'], dir);
  const files = filesUnder(dir);
  assert.ok(files.every((f) => /^lake\/dt=2024-01-01\/hour=0[0-4]\/part-\d{5}\.ndjson$/.test(f)), `only whole, renamed parts: ${files.join(', ')}`);
  const union: string[] = [];
  const partsPerPartition = new Map<string, number[]>();
  for (const file of files) {
    const lines = linesOf(readFileSync(join(dir, file), 'utf8'));
    assert.ok(lines.length >= 1 && lines.length <= 4000, `${file}: ${lines.length} records, --roll 4000`);
    const partition = file.slice(0, file.lastIndexOf('/'));
    for (const line of lines) assert.equal(hourPartition((JSON.parse(line) as CartEvent).event_time), partition, `${file}: ${line}`);
    const seqs = partsPerPartition.get(partition) ?? [];
    seqs.push(Number(/part-(\d+)/.exec(file)![1]));
    partsPerPartition.set(partition, seqs);
    union.push(...lines);
  }
  for (const [partition, seqs] of partsPerPartition) assert.deepEqual(seqs, seqs.map((_, i) => i), `${partition}: parts 00000 up without gaps`);
  assert.equal(union.length, all.length);
  assert.deepEqual([...union].sort(), [...all].sort(), 'the parts together hold the unpartitioned output');
  // Within a partition, the parts in order are that partition's records in output order.
  for (const partition of partsPerPartition.keys()) {
    const inOrder = files.filter((f) => f.startsWith(`${partition}/`)).flatMap((f) => linesOf(readFileSync(join(dir, f), 'utf8')));
    assert.deepEqual(inOrder, all.filter((line) => hourPartition((JSON.parse(line) as CartEvent).event_time) === partition), partition);
  }
});

test('late events land in new parts of their old partitions, once the partition was closed', async (t) => {
  const dir = tempDir(t);
  await run([...CART, '-o', HIVE], dir);
  const files = filesUnder(dir);
  // Without --roll a partition has one part of its on-time events, then parts of late ones.
  const lateParts = files.filter((f) => !f.endsWith('part-00000.ndjson'));
  assert.ok(lateParts.length >= 3, `late parts in several partitions: ${files.join(', ')}`);
  for (const file of lateParts) {
    const partition = file.slice(0, file.lastIndexOf('/'));
    for (const line of linesOf(readFileSync(join(dir, file), 'utf8'))) {
      const event = JSON.parse(line) as CartEvent;
      assert.equal(hourPartition(event.event_time), partition, `${file} holds its partition's events`);
      assert.notEqual(hourPartition(event.processing_time), partition, `${file} holds only events that arrived after their hour: ${line}`);
    }
  }
});

test('--roll by size: no file over the limit, each full part would overflow with its successor\'s first record', async (t) => {
  const dir = tempDir(t);
  const limit = 200_000;
  await run([...CART, '-o', 'out/part-{seq}.ndjson', '--roll', '200KB'], dir);
  const files = filesUnder(dir);
  assert.ok(files.length >= 10, `${files.length} parts`);
  for (let i = 0; i < files.length; i++) {
    const size = statSync(join(dir, files[i])).size;
    assert.ok(size <= limit, `${files[i]}: ${size} bytes, --roll 200KB`);
    if (i + 1 < files.length) {
      const next = readFileSync(join(dir, files[i + 1]), 'utf8');
      assert.ok(size + next.indexOf('\n') + 1 > limit, `${files[i]} was rolled only when the next record did not fit`);
    }
  }
});

test('--roll by event-time span: each file spans less than the limit, and a file rolls only when the next event is beyond it', async (t) => {
  const dir = tempDir(t);
  // gift-shop delivers in event-time order, so spans are measured from each file's first event.
  await run(['generate', '-s', 'gift-shop', '--start', START, '--seed', '2', '--duration', '3h', '-q', '-o', 'out/part-{seq}.ndjson', '--roll', '20m'], dir);
  const files = filesUnder(dir);
  const times = files.map((f) => linesOf(readFileSync(join(dir, f), 'utf8')).map((line) => Date.parse(`${(JSON.parse(line) as { __time: string }).__time}Z`)));
  assert.ok(files.length >= 8 && files.length <= 10, `${files.length} parts of 20 minutes over 3 hours`);
  for (let i = 0; i < times.length; i++) {
    assert.ok(times[i].at(-1)! - times[i][0] < 20 * 60_000, `${files[i]} spans under 20 minutes`);
    if (i + 1 < times.length) assert.ok(times[i + 1][0] - times[i][0] >= 20 * 60_000, `${files[i + 1]} starts 20 minutes or more after ${files[i]}`);
  }
});

test('CSV parts each start with the header; partitions by day and event type together', async (t) => {
  const dir = tempDir(t);
  // Eight hours across midnight: two days, 144,000 rows (two whole days were 860,000 rows to parse and compare).
  const base = ['generate', '-s', 'gift-shop', '--start', '2024-01-01T20:00:00Z', '--seed', '2', '--duration', '8h', '-q', '--format', 'csv'];
  const [header, ...rows] = parseCsv(await run(base));
  await run([...base, '-o', 'lake/type={event_type}/dt={date}/part-{seq}.csv', '--roll', '3000'], dir);
  const files = filesUnder(dir);
  assert.ok(files.some((f) => f.includes('dt=2024-01-02')), files.join(', '));
  const union: string[][] = [];
  for (const file of files) {
    const [fileHeader, ...fileRows] = parseCsv(readFileSync(join(dir, file), 'utf8'));
    assert.deepEqual(fileHeader, header, `${file} starts with the header`);
    const [, type, day] = /^lake\/type=(\w+)\/dt=([\d-]+)\//.exec(file)!;
    for (const row of fileRows) {
      assert.equal(row[header.indexOf('event_type')], type);
      assert.equal(row[header.indexOf('__time')].slice(0, 10), day);
    }
    union.push(...fileRows);
  }
  const key = (row: string[]): string => JSON.stringify(row);
  assert.deepEqual(union.map(key).sort(), rows.map(key).sort());
});

test('the same seed writes the same files, byte for byte', async (t) => {
  const hashes: string[] = [];
  for (let i = 0; i < 2; i++) {
    const dir = tempDir(t);
    await run([...CART, '-o', HIVE, '--roll', '64KiB'], dir);
    const hash = createHash('sha256');
    for (const file of filesUnder(dir)) hash.update(file).update(readFileSync(join(dir, file)));
    hashes.push(hash.digest('hex'));
  }
  assert.equal(hashes[0], hashes[1]);
});

test('a template over an id opens more than 1,000 files at once: exit 1 naming the limit, and no file left behind', async (t) => {
  const dir = tempDir(t);
  const result = await clickgen(['generate', '-s', 'ecommerce', '--start', START, '--seed', '1', '-n', '4000', '-q', '-o', 'out/{session_id}.jsonl'], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^clickgen: -o out\/\{session_id\}\.jsonl: more than 1000 files open at once; split by a field with fewer values \([\d,]+ events, [\d,]+ bytes handed to the output before\)\n$/);
  assert.deepEqual(filesUnder(dir), [], 'the partial files are removed');
});
