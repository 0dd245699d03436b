import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { clickgen, listTree, START, tempDir } from '../helpers/cli.js';

const BASE = ['generate', '--start', START, '--seed', '9', '-n', '8000', '-q'];

async function stdoutOf(args: string[]): Promise<Buffer> {
  const result = await clickgen([...BASE, ...args]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdoutBytes;
}

describe('file output', { concurrency: 2 }, () => {
  for (const format of ['ndjson', 'csv', 'tsv']) {
    test(`a ${format} file holds the same bytes as stdout`, async (t) => {
      const dir = tempDir(t);
      const expected = await stdoutOf(['--format', format]);
      const result = await clickgen([...BASE, '--format', format, '-o', `out/events.${format}`], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '');
      assert.ok(readFileSync(join(dir, 'out', `events.${format}`)).equals(expected));
      assert.deepEqual(listTree(dir), ['out', `out/events.${format}`], 'no temporary file remains');
    });
  }

  test('a .gz file gunzips to the same bytes as stdout', async (t) => {
    const dir = tempDir(t);
    const expected = await stdoutOf([]);
    const result = await clickgen([...BASE, '-o', 'events.ndjson.gz'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const compressed = readFileSync(join(dir, 'events.ndjson.gz'));
    assert.deepEqual([...compressed.subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
    assert.ok(compressed.length < expected.length / 3, 'compressed');
    assert.ok(gunzipSync(compressed).equals(expected));
    assert.deepEqual(listTree(dir), ['events.ndjson.gz']);
  });

  test('an existing file is replaced whole', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'events.ndjson'), 'old content that is longer than nothing\n'.repeat(100_000));
    const expected = await stdoutOf(['-n', '10']);
    const result = await clickgen([...BASE, '-n', '10', '-o', 'events.ndjson'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(readFileSync(join(dir, 'events.ndjson')).equals(expected));
    assert.deepEqual(listTree(dir), ['events.ndjson']);
  });

  test('a named pipe is written in place, not replaced by a regular file', async (t) => {
    const dir = tempDir(t);
    const fifo = join(dir, 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    const chunks: Buffer[] = [];
    const reader = createReadStream(fifo);
    reader.on('data', (chunk) => chunks.push(Buffer.from(chunk)));
    const closed = new Promise<void>((resolve) => reader.on('close', resolve));
    const expected = await stdoutOf(['-n', '1000']);
    const result = await clickgen([...BASE, '-n', '1000', '-o', fifo, '--summary', join(dir, 'summary.json')]);
    await closed;
    assert.equal(result.code, 0, result.stderr);
    assert.ok(Buffer.concat(chunks).equals(expected));
    assert.deepEqual(listTree(dir), ['events.fifo', 'summary.json']);
    assert.equal(execFileSync('stat', ['-c', '%F', fifo], { encoding: 'utf8' }).trim(), 'fifo');
  });
});
