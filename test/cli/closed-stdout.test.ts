/**
 * `clickgen ... | head`: a reader that closes stdout early is not an error. Every command ends
 * quietly with exit code 0, without a stack trace (the pipe's EPIPE is expected).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI } from '../helpers/cli.js';

/** Runs the CLI with stdout closed before it writes: every write fails with EPIPE. */
function withClosedStdout(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

for (const args of [['schema'], ['generate', '--help'], ['scenarios'], ['--help']]) {
  test(`clickgen ${args.join(' ')} into a closed pipe ends quietly, exit 0`, async () => {
    const { code, stderr } = await withClosedStdout(args);
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
}
