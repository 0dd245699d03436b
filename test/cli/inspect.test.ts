import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../src/cli/main.js';
import { showCompared } from '../../src/inspect/format-numbers.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { asCsv, asNdjson } from '../inspect/five-sessions.js';

const dir = mkdtempSync(join(tmpdir(), 'clickgen-inspect-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Bad input: exit code 2 and exactly one line on stderr. */
async function fails(args: string[], line: string | RegExp, stdin?: string): Promise<void> {
  const result = await runInProcess(args, { stdin });
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  if (typeof line === 'string') assert.equal(lines[0], line);
  else assert.match(lines[0], line);
}

test('a file that cannot be read: one line naming it, exit 2', async () => {
  const missing = join(dir, 'missing.ndjson');
  await fails(['inspect', missing], `clickgen: ${missing}: cannot read it (ENOENT)`);
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  await fails(['inspect', folder], `clickgen: ${folder}: cannot read it (EISDIR)`);
  await fails(['inspect', write('bad.ndjson.gz', 'not gzip')], /bad\.ndjson\.gz: cannot read it \(not gzip data\)$/);
});

test('a line that is not an event: one line with the file and line number, exit 2', async () => {
  const ndjson = write('broken.ndjson', `${asNdjson().split('\n').slice(0, 3).join('\n')}\n{"timestamp": oops\n`);
  await fails(['inspect', ndjson], new RegExp(`^clickgen: ${ndjson}:4: not valid JSON \\(`));
  // After an event, a line that is none says what it may be.
  await fails(['inspect', '-'], /^clickgen: stdin:2: not a JSON object: a record written broken \(a run with --bad-records does so on purpose; its answer key lists where\), or not an event$/, `${asNdjson().split('\n')[0]}\n"just a string"\n`);
  const csv = write('short.csv', `${asCsv()}2024-03-04T15:00:00.000Z,page_view\r\n`);
  await fails(['inspect', csv], `clickgen: ${csv}:20: has 2 cells; the header has 11`);
});

test("clickgen's own formats that inspect does not read are named as such: TSV, Parquet, Arrow, Avro", async () => {
  for (const [extension, name] of [['tsv', 'TSV'], ['parquet', 'Parquet'], ['arrow', 'Arrow'], ['arrows', 'Arrow'], ['avro', 'Avro']]) {
    const file = join(dir, `own.${extension}`);
    const made = await runInProcess(['generate', '-s', 'shop', '--seed', '1', '-n', '200', '--start', '2024-01-01', '-q', '-o', file]);
    assert.equal(made.code, 0, made.stderr);
    await fails(['inspect', file], `clickgen: ${file}:1: looks like ${name}, which inspect does not read: it reads NDJSON and CSV (gzipped or not); write them with --format ndjson or csv`);
  }
});

test('flags with bad values: exit 2', async () => {
  const file = write('ok.ndjson', asNdjson());
  await fails(['inspect', file, '--timeout', 'forever'], /^clickgen: --timeout forever: not a duration/);
  await fails(['inspect', file, '--format', 'xml'], 'clickgen: --format xml: must be one of ndjson, csv');
  await fails(['inspect', file, '--time-field', 'when'], `clickgen: ${file}:1: has no when; name the event time field with --time-field`);
});

test('text, JSON and comparison output for NDJSON, CSV, gzip and stdin', async () => {
  const ndjson = write('five.ndjson', asNdjson());
  const text = await runInProcess(['inspect', ndjson]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^.*five\.ndjson: ndjson, 18 events, 5 sessions, 3 users/);
  assert.match(text.stdout, /conversion rate\s+40\.0%/);
  assert.match(text.stdout, /Sessions by hour of day \(local time\)/);

  const json = JSON.parse((await runInProcess(['inspect', ndjson, '--json'])).stdout) as Record<string, unknown>;
  const fromCsv = JSON.parse((await runInProcess(['inspect', write('five.csv', asCsv()), '--json'])).stdout) as Record<string, unknown>;
  const fromGzip = JSON.parse((await runInProcess(['inspect', write('five.ndjson.gz', gzipSync(asNdjson())), '--json'])).stdout) as Record<string, unknown>;
  const fromStdin = JSON.parse((await runInProcess(['inspect', '-', '--json'], { stdin: asNdjson() })).stdout) as Record<string, unknown>;
  const measures = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, input: undefined });
  assert.deepEqual(measures(fromCsv), measures(json));
  assert.deepEqual(measures(fromGzip), measures(json));
  assert.deepEqual(measures(fromStdin), measures(json));
  assert.equal((fromStdin.input as { name: string }).name, 'stdin');

  const compared = JSON.parse((await runInProcess(['inspect', ndjson, '--json', '--compare'])).stdout) as { compare: { id: string; value: number | null; inside: boolean | null }[] };
  const row = (id: string): { value: number | null; inside: boolean | null } => compared.compare.find((c) => c.id === id)!;
  assert.deepEqual(row('1'), { ...row('1'), value: 0.4, inside: false }, 'conversion 40% is far above 1.2–3%');
  assert.deepEqual(row('6c'), { ...row('6c'), value: null, inside: null }, 'no tablets: not measurable');
  const comparedRun = await runInProcess(['inspect', ndjson, '--compare']);
  const comparedText = comparedRun.stdout;
  assert.match(comparedText, / !! 1 {3}Session conversion rate\s+40\.0%\s+range 1\.20% \.\. 3\.00%/);
  assert.match(comparedText, /\d+ inside, \d+ outside, \d+ not measurable in this file\n$/);
  assert.equal(comparedRun.code, 3, 'a measure outside its range: exit code 3');
  const allowed = await runInProcess(['inspect', ndjson, '--compare', '--allow-outside']);
  assert.equal(allowed.code, 0, '--allow-outside keeps 0');
  assert.equal(allowed.stdout, comparedText);
  assert.equal((await runInProcess(['inspect', ndjson])).code, 0, 'without --compare nothing is judged');
  const alone = await runInProcess(['inspect', ndjson, '--allow-outside']);
  assert.equal(alone.code, 2, '--allow-outside without --compare would do nothing');
  assert.equal(alone.stderr, 'clickgen: --allow-outside: needs --compare (it lets measures outside their ranges exit 0); add --compare, or leave out --allow-outside\n');
  assert.equal(alone.stdout, '');
});

test('gzip on stdin is known by its first bytes, NDJSON and CSV alike; gzip cut short is one line, exit 2', async () => {
  const measures = async (args: string[], stdin?: Buffer): Promise<Record<string, unknown>> => {
    const result = await runInProcess(args, { stdin });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    return { ...report, input: { ...(report.input as object), name: undefined } };
  };
  for (const [name, text] of [['five-z.ndjson', asNdjson()], ['five-z.csv', asCsv()]]) {
    const plain = await measures(['inspect', write(name, text), '--json']);
    assert.deepEqual(await measures(['inspect', '-', '--json'], gzipSync(text)), plain, name);
    assert.deepEqual(await measures(['inspect', write(`gzip-${name}`, gzipSync(text)), '--json']), plain, `${name}: a gzipped file without .gz`);
  }
  const gzipped = gzipSync(asNdjson());
  const cut = await runInProcess(['inspect', '-'], { stdin: gzipped.subarray(0, gzipped.length - 12) });
  assert.equal(cut.code, 2);
  assert.equal(cut.stderr, 'clickgen: stdin: cannot read it (gzip data cut short)\n');
});

test('a one-day file: the weekday ratios are not measurable, shown as -, and not counted as outside', async () => {
  const day = join(dir, 'day.ndjson');
  const generated = await runInProcess(['generate', '--start', '2024-01-01', '--duration', '1d', '-q', '-o', day]);
  assert.equal(generated.code, 0, generated.stderr);
  const json = await runInProcess(['inspect', day, '--json', '--compare']);
  const report = JSON.parse(json.stdout) as { weekly: { whole: boolean; sessions: number[]; index: number[] }; hourly: { whole: boolean }; compare: { id: string; value: number | null; inside: boolean | null }[] };
  assert.equal(report.weekly.whole, false);
  assert.equal(report.hourly.whole, true, 'a whole day has every hour');
  const weekdays = report.compare.filter((c) => c.id.startsWith('12'));
  assert.deepEqual(weekdays.map((c) => [c.id, c.value, c.inside]), [['12a', null, null], ['12b', null, null], ['12c', null, null]]);
  assert.ok(report.compare.filter((c) => c.id.startsWith('11')).every((c) => c.value !== null), 'the hourly ratios are measured');
  report.weekly.sessions.forEach((n, d) => assert.equal(n > 0, report.weekly.index[d] > 0, `weekday ${d}: sessions on a local weekday outside the UTC day still count`));
  const text = (await runInProcess(['inspect', day, '--compare'])).stdout;
  assert.match(text, /\n {2}- 12c Busiest ÷ quietest weekday\s+–\s+range 1\.05 \.\. 1\.35\n/);
  assert.match(text, /Sessions by day of week \(local time\), relative to the mean; not every weekday is in the time span/);
  const outside = report.compare.filter((c) => c.inside === false).length;
  assert.match(text, new RegExp(`\\d+ inside, ${outside} outside, \\d+ not measurable in this file\\n$`));
});

test('a value just outside its range never reads as the bound: more digits until it differs', () => {
  assert.equal(showCompared(0.2496, 0.25, 0.8, 'share'), '24.96%');
  assert.equal(showCompared(0.8004, 0.25, 0.8, 'share'), '80.04%');
  assert.equal(showCompared(0.25, 0.25, 0.8, 'share'), '25.0%', 'on the bound is inside');
  assert.equal(showCompared(0.5, 0.25, 0.8, 'share'), '50.0%');
  assert.equal(showCompared(2.996, 3, 9, 'ratio'), '2.996');
});

test('--html writes one self-contained page: inline SVG charts, no scripts, nothing to fetch', async () => {
  const html = join(dir, 'report.html');
  const result = await runInProcess(['inspect', write('five-h.ndjson', asNdjson()), '--compare', '--allow-outside', '--html', html]);
  assert.equal(result.code, 0, result.stderr);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /^<!doctype html>/);
  assert.ok((page.match(/<svg class="chart"/g) ?? []).length >= 10);
  assert.doesNotMatch(page, /<script|<link|<img|@import|url\(/i);
  assert.deepEqual([...new Set(page.match(/https?:\/\/[^"' )]+/g) ?? [])], ['http://www.w3.org/2000/svg'], 'only the SVG namespace, which is not fetched');
  assert.match(page, /red, &quot;wool&quot; socks|Compared with published ranges/);
  // Missing folders are made, as for -o and --summary; a place no folder can be made is one line.
  const nested = join(dir, 'made', 'for', 'it', 'r.html');
  assert.equal((await runInProcess(['inspect', write('five-i.ndjson', asNdjson()), '--html', nested])).code, 0);
  assert.match(readFileSync(nested, 'utf8'), /^<!doctype html>/);
  write('a-file', 'not a folder');
  await fails(['inspect', write('five-j.ndjson', asNdjson()), '--html', join(dir, 'a-file', 'r.html')], /^clickgen: --html .*a-file\/r\.html: cannot write there \(ENOTDIR\)$/);
});

test('generate without --scenario writes shop, and inspect reads it from a pipe', async () => {
  const generated = await runInProcess(['generate', '-n', '2000', '--start', '2024-03-04', '-q']);
  assert.equal(generated.code, 0, generated.stderr);
  const first = JSON.parse(generated.stdout.split('\n')[0]) as Record<string, unknown>;
  assert.ok('traffic_source' in first && 'timezone' in first, 'shop fields');
  const inspected = JSON.parse((await runInProcess(['inspect', '-', '--json'], { stdin: generated.stdout })).stdout) as { events: number; hourly: { basis: string } };
  assert.equal(inspected.events, 2000);
  assert.equal(inspected.hourly.basis, 'local');
});

test('a reader that goes away (inspect ... | head) ends the report quietly', async () => {
  const file = write('pipe.ndjson', asNdjson());
  const closed = new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
  const stderr = new PassThrough();
  let errors = '';
  stderr.on('data', (c: Buffer) => (errors += c.toString()));
  assert.equal(await runCli(['inspect', file], { stdout: closed, stderr, env: {}, now: () => 0 }), 0);
  assert.equal(errors, '');
});
