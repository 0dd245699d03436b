/**
 * Outputs named through symbolic links and descriptors: `-o` and `--summary` write the
 * file a link leads to and leave the link a link; a name of this process's stdout
 * (`/dev/stdout`, or a link to /proc/self/fd/1) is written through the descriptor, after
 * what was written there before; `--summary -` is stdout when the records go elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { CLI, START, clickgen, stderrLines, tempDir } from '../helpers/cli.js';

const RUN = ['generate', '-s', 'gift-shop', '--start', START, '-n', '5'];

test('-o and --summary through links to files: the targets get the output, the links stay links', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'real.ndjson'), 'old\n');
  writeFileSync(join(dir, 'real.json'), 'old\n');
  symlinkSync('real.ndjson', join(dir, 'events.ndjson'));
  symlinkSync('real.json', join(dir, 'summary.json'));
  // A link to a file not there yet, in directories not there yet: made where the link leads.
  symlinkSync('later/deep/merged.json', join(dir, 'merged.json'));
  const result = await clickgen([...RUN, '-q', '-o', 'events.ndjson', '--summary', 'summary.json'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  for (const link of ['events.ndjson', 'summary.json']) assert.ok(lstatSync(join(dir, link)).isSymbolicLink(), `${link} is still a link`);
  assert.equal(readFileSync(join(dir, 'real.ndjson'), 'utf8').trim().split('\n').length, 5);
  assert.equal((JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')) as { events: number }).events, 5);

  const merged = await clickgen(['summary', 'merge', 'summary.json', '-o', 'merged.json'], { cwd: dir });
  assert.equal(merged.code, 0, merged.stderr);
  assert.equal(readlinkSync(join(dir, 'merged.json')), 'later/deep/merged.json');
  assert.equal((JSON.parse(readFileSync(join(dir, 'later/deep/merged.json'), 'utf8')) as { events: number }).events, 5);
});

test('links that lead to each other: one line naming the path and ELOOP, exit 2, nothing written', async (t) => {
  const dir = tempDir(t);
  symlinkSync('b.ndjson', join(dir, 'a.ndjson'));
  symlinkSync('a.ndjson', join(dir, 'b.ndjson'));
  const result = await clickgen([...RUN, '-o', 'a.ndjson'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.deepEqual(stderrLines(result), ['clickgen: -o a.ndjson: cannot write there (ELOOP); choose a writable directory']);
  assert.equal(readlinkSync(join(dir, 'a.ndjson')), 'b.ndjson', 'the links are left as they were');
});

test('--summary through a link to this process’s stdout, redirected with stderr into one file: the summary, then the closing line, both whole', { skip: existsSync('/proc/self/fd') ? false : 'needs /proc/self/fd (Linux)' }, async (t) => {
  const dir = tempDir(t);
  // The shape of `--summary=/dev/stdout > log 2>&1`, with a link of the test's own in place of
  // /dev/stdout: a regression that replaced the link would replace only this one.
  symlinkSync('/proc/self/fd/1', join(dir, 'stdout-link'));
  const log = join(dir, 'log.txt');
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, [CLI, ...RUN, '-o', '/dev/null', '--summary', 'stdout-link'], { cwd: dir, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 0);
  assert.equal(readlinkSync(join(dir, 'stdout-link')), '/proc/self/fd/1', 'the link is still a link');
  const text = readFileSync(log, 'utf8');
  const end = text.indexOf('\n}\n') + 3;
  assert.equal((JSON.parse(text.slice(0, end)) as { events: number }).events, 5, 'the summary comes first, whole');
  assert.match(text.slice(end), /^clickgen: 5 events, .* to file \/dev\/null in .*\n$/, 'then the closing line, after it');
});

test('--summary - writes the summary to stdout when the records go to a file; with the records on stdout it is refused', async (t) => {
  const dir = tempDir(t);
  const ok = await clickgen([...RUN, '-q', '-o', 'events.ndjson', '--summary', '-'], { cwd: dir });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { events: number }).events, 5);
  assert.ok(!existsSync(join(dir, '-')), 'no file named -');

  mkdirSync(join(dir, 'refused'));
  const refused = await clickgen([...RUN, '--summary', '-'], { cwd: join(dir, 'refused') });
  assert.equal(refused.code, 2);
  assert.deepEqual(stderrLines(refused), ['clickgen: --summary -: the records go to stdout; write the summary to a file, or the records elsewhere with -o']);
  assert.equal(refused.stdout, '', 'nothing written');
});
