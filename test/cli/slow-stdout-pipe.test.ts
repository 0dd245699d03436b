/**
 * `/dev/stdout` named as a file (`-o /dev/stdout`, `--summary=/dev/stdout`) when stdout is a
 * pipe whose reader is slow: Node makes that pipe non-blocking, so a write to a full pipe fails
 * with EAGAIN unless it waits for the reader. Everything must arrive, with exit code 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CLI, START, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);

/** Runs `clickgen args | (sleep 1; cat > out)` in a shell; the exit code of clickgen and what the reader got. */
async function throughSlowPipe(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: Buffer; stderr: string }> {
  const quoted = [process.execPath, CLI, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const { stderr } = await run('sh', ['-c', `{ ${quoted}; echo $? > code; } | (sleep 1; cat > out)`], { cwd: dir, env, timeout: 120_000 });
  return { code: Number(readFileSync(join(dir, 'code'), 'utf8')), out: readFileSync(join(dir, 'out')), stderr };
}

test('--summary=/dev/stdout over 64 KiB into a slow pipe: the whole summary, exit 0', async (t) => {
  const dir = tempDir(t);
  const args = ['generate', '--scenario=shop', '--seed=7', `--start=${START}`, '--duration=7d', '--shard=auto', '--output=x.ndjson', '--summary=/dev/stdout', '--quiet'];
  const result = await throughSlowPipe(dir, args, { ...process.env, JOB_COMPLETION_INDEX: '1', CLICKGEN_SHARDS: '8' });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.ok(result.out.length > 65_536, `a summary over the pipe's 64 KiB (${result.out.length} bytes)`);
  assert.equal((JSON.parse(result.out.toString('utf8')) as { shard: { index: number } }).shard.index, 1);
});

test('-o /dev/stdout into a slow pipe: every line, exit 0, the same bytes as without -o', async (t) => {
  const dir = tempDir(t);
  const args = ['generate', '--seed', '7', '--start', '2024-01-01', '--duration', '1d', '-q'];
  const named = await throughSlowPipe(dir, [...args, '-o', '/dev/stdout']);
  assert.equal(named.code, 0, named.stderr);
  assert.equal(named.stderr, '');
  const plain = await throughSlowPipe(dir, args);
  assert.equal(plain.code, 0, plain.stderr);
  assert.ok(plain.out.length > 1_000_000, 'more than the pipe holds');
  assert.ok(named.out.equals(plain.out), `the same ${plain.out.length} bytes (got ${named.out.length})`);
});

test('-o through a .gz link to /dev/stdout into a slow pipe: gzip of every line, exit 0', async (t) => {
  const dir = tempDir(t);
  symlinkSync('/dev/stdout', join(dir, 'events.ndjson.gz'));
  const args = ['generate', '--seed', '7', '--start', '2024-01-01', '--duration', '1d', '-q'];
  const zipped = await throughSlowPipe(dir, [...args, '-o', 'events.ndjson.gz']);
  assert.equal(zipped.code, 0, zipped.stderr);
  assert.equal(zipped.stderr, '');
  const plain = await throughSlowPipe(dir, args);
  assert.ok(gunzipSync(zipped.out).equals(plain.out), 'the same records, gzipped');
});
