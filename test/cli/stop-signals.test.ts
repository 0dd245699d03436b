import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

// A process that uses the CLI's signal handling with one output under way: its temporary file
// is held as FileWriter holds it. The script signals itself, as a user's Ctrl-C would.
const SCRIPT = `
import { writeFileSync } from 'node:fs';
import { stopOnSignals } from ${JSON.stringify(new URL('../../src/cli/stop-signals.ts', import.meta.url).href)};
import { holdTemporaryFile } from ${JSON.stringify(new URL('../../src/sinks/temporary-files.ts', import.meta.url).href)};
const [temporary, signals] = process.argv.slice(2);
writeFileSync(temporary, 'half a record');
holdTemporaryFile(temporary);
const controller = new AbortController();
controller.signal.addEventListener('abort', () => process.stdout.write('stopping\\n'));
stopOnSignals(controller, { stderr: process.stderr }, 'clickgen');
const keepAlive = setInterval(() => {}, 1000);
process.kill(process.pid, 'SIGINT');
if (signals === '2') setTimeout(() => process.kill(process.pid, 'SIGINT'), 50);
else setTimeout(() => { clearInterval(keepAlive); }, 200);
`;

async function run(dir: string, signals: number): Promise<{ code: number | null; stdout: string; stderr: string; temporary: string }> {
  const script = join(dir, 'stop.mts');
  const temporary = join(dir, '.events.ndjson.tmp-1-0');
  writeFileSync(script, SCRIPT);
  const child = spawn(process.execPath, ['--import', 'tsx', script, temporary, String(signals)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr, temporary };
}

test('a first Ctrl-C stops the run the way its end does; the file being written is left to it', async (t) => {
  const once = await run(tempDir(t), 1);
  assert.equal(once.code, 0, once.stderr);
  assert.equal(once.stdout, 'stopping\n');
  assert.ok(existsSync(once.temporary), 'the run itself renames or discards its file');
});

test('a second Ctrl-C ends the process at once, exit 130, after removing the temporary files of unfinished outputs', async (t) => {
  const twice = await run(tempDir(t), 2);
  assert.equal(twice.code, 130, twice.stderr);
  assert.equal(twice.stdout, 'stopping\n');
  assert.equal(twice.stderr, 'clickgen: stopped at once by a second signal; removed 1 unfinished temporary file\n');
  assert.ok(!existsSync(twice.temporary), 'no hidden half file left behind');
});
