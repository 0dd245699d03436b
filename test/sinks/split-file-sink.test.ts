import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { clickgen, listTree, START, tempDir } from '../helpers/cli.js';
import { parseCsv } from '../helpers/csv.js';

// gift-shop: the event types and referrers below are its own.
const BASE = ['generate', '-s', 'gift-shop', '--start', START, '--seed', '4', '-n', '8000', '-q'];
const EVENT_TYPES = ['add_to_cart', 'drop_from_cart', 'home', 'login', 'product_detail', 'purchase', 'search', 'view_cart', 'view_product'];

async function stdoutOf(args: string[]): Promise<string> {
  const result = await clickgen([...BASE, ...args]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

function lines(text: string): string[] {
  assert.ok(text.endsWith('\n'));
  return text.slice(0, -1).split('\n');
}

test('-o dir/{event_type}.jsonl: one file per event type, each holding exactly that type in order', async (t) => {
  const dir = tempDir(t);
  const all = lines(await stdoutOf([]));
  const result = await clickgen([...BASE, '-o', 'out/{event_type}.jsonl'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(listTree(dir), ['out', ...EVENT_TYPES.map((type) => `out/${type}.jsonl`)], 'one file per type and no temporary file');

  const union: string[] = [];
  for (const type of EVENT_TYPES) {
    const file = lines(readFileSync(join(dir, 'out', `${type}.jsonl`), 'utf8'));
    // Each file is the unsplit output filtered by type, in the same order.
    assert.deepEqual(file, all.filter((line) => (JSON.parse(line) as { event_type: string }).event_type === type), type);
    union.push(...file);
  }
  assert.deepEqual(union.sort(), [...all].sort(), 'the files together hold the unsplit output');
});

test('split CSV: each file starts with the header, and the rows add up to the unsplit rows', async (t) => {
  const dir = tempDir(t);
  const [header, ...rows] = parseCsv(await stdoutOf(['--format', 'csv']));
  const typeColumn = header.indexOf('event_type');
  const result = await clickgen([...BASE, '--format', 'csv', '-o', 'by-type/{event_type}.csv.gz'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const files = readdirSync(join(dir, 'by-type')).sort();
  assert.deepEqual(files, EVENT_TYPES.map((type) => `${type}.csv.gz`));
  const union: string[][] = [];
  for (const file of files) {
    const [fileHeader, ...fileRows] = parseCsv(gunzipSync(readFileSync(join(dir, 'by-type', file))).toString('utf8'));
    assert.deepEqual(fileHeader, header, `${file} starts with the header`);
    for (const row of fileRows) assert.equal(`${row[typeColumn]}.csv.gz`, file);
    union.push(...fileRows);
  }
  const key = (row: string[]): string => JSON.stringify(row);
  assert.deepEqual(union.map(key).sort(), rows.map(key).sort());
});

test('split file names are made safe: no directories or hidden files from values', async (t) => {
  const dir = tempDir(t);
  // Referrers hold slashes (google.com/search): they must not become directories.
  const result = await clickgen([...BASE, '-n', '2000', '-o', 'ref/{referrer}.jsonl'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const files = readdirSync(join(dir, 'ref'), { withFileTypes: true });
  assert.ok(files.length > 1);
  for (const entry of files) {
    assert.ok(entry.isFile(), entry.name);
    assert.ok(!entry.name.startsWith('.'), entry.name);
  }
  assert.ok(files.some((f) => f.name === 'google.com_search.jsonl'), files.map((f) => f.name).join(', '));
});
