/** `generate --realtime -o FILE`: the file is there and growing while the run is live, for `tail -f`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, tempDir } from '../helpers/cli.js';

test('a live run writes its file under the final name as it goes, not into a hidden temporary file', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const child = spawn(process.execPath, [CLI, 'generate', '-s', 'gift-shop', '--realtime', '--rate', '200', '-q', '-o', 'live.ndjson'], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  t.after(() => child.kill('SIGKILL'));
  const file = join(dir, 'live.ndjson');
  let lines = 0;
  for (let waited = 0; waited < 20_000 && lines < 100; waited += 250) {
    await sleep(250);
    if (existsSync(file)) lines = readFileSync(file, 'utf8').split('\n').length - 1;
  }
  assert.ok(lines >= 100, `${lines} lines in live.ndjson while the run goes on`);
  assert.deepEqual(readdirSync(dir), ['live.ndjson'], 'no hidden temporary file beside it');
  child.kill('SIGINT');
  assert.equal(await exited, 0);
  const after = readFileSync(file, 'utf8');
  assert.ok(after.endsWith('\n'), 'whole records after Ctrl-C');
  for (const line of after.trimEnd().split('\n')) JSON.parse(line);
});
