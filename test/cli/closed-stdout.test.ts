/**
 * `clickgen ... | head`: a reader that closes stdout early is not an error. Every command ends
 * quietly with exit code 0, without a stack trace (the pipe's EPIPE is expected).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, START } from '../helpers/cli.js';

/**
 * Runs the CLI and closes the pipe of its stdout: before it writes (every write fails with
 * EPIPE), or once its first bytes arrive (`| head -c 10`: the writes after them fail).
 */
function withClosedStdout(args: readonly string[], when: 'at once' | 'after the first bytes' = 'at once'): Promise<{ code: number | null; stderr: string }> {
  // A run that hangs once its reader is gone is killed, and fails the test with no exit code.
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL' });
  if (when === 'at once') child.stdout.destroy();
  else child.stdout.once('data', () => child.stdout.destroy());
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

// Parquet and Arrow bytes reach stdout through a queue of encoded row groups that is still being
// filled when the reader has gone: such a run ends as NDJSON's does, not on the queue it stopped
// reading, nor waiting for the Parquet thread (small row groups leave it groups to encode).
const RUN = ['generate', '-n', '200000', '--start', START];
for (const args of [['--format', 'ndjson'], ['--format', 'parquet'], ['--format', 'parquet', '--row-group-size', '5000'], ['--format', 'arrow']]) {
  test(`clickgen generate ${args.join(' ')} | head -c 10 ends quietly, exit 0`, { timeout: 90_000 }, async () => {
    const { code, stderr } = await withClosedStdout([...RUN, ...args], 'after the first bytes');
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
}
