import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClickgen } from '../helpers/cli-run.js';

const CLICKSTREAM = 'test/fixtures/imply/clickstream/clickstream.json';
const SHIPPED_TSV = 'test/fixtures/imply/clickstream/clickstream_tsv.txt';
const FIELDS = ['__time', 'user_id', 'event_type', 'client_ip', 'client_device', 'client_lang', 'client_country', 'referrer', 'keyword', 'product'];

test('clickstream.json runs unchanged with -m 5 -n 100: 100 JSON records with its ten fields in order', async () => {
  const result = await runClickgen(['imply', '-c', CLICKSTREAM, '-m', '5', '-n', '100', '-s', '2024-01-01T00:00:00']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 100);
  for (const line of lines) assert.deepEqual(Object.keys(JSON.parse(line) as object), FIELDS);
  assert.match(lines[0], /^\{"__time": "2024-01-01T00:00:\d\d(\.\d{3}000)?\+00:00", "user_id": \d+, "event_type": "login", /);
  assert.match(result.stderr, /clickgen imply: .*clickstream\.json \(older format\), at most 5 workers/);
  assert.match(result.stderr, /100 records to stdout/);
});

test('--seed 42 twice gives identical bytes; another seed gives others', async () => {
  const args = ['imply', '-c', CLICKSTREAM, '-m', '5', '-n', '2000', '-s', '2024-01-01T00:00:00', '-q'];
  const a = await runClickgen([...args, '--seed', '42']);
  const b = await runClickgen([...args, '--seed', '42']);
  const c = await runClickgen([...args, '--seed', '43']);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, b.stdout);
  assert.notEqual(a.stdout, c.stdout);
});

test('the shipped TSV format file names another config\'s fields: one line naming them, exit 2', async () => {
  const result = await runClickgen(['imply', '-c', CLICKSTREAM, '-f', SHIPPED_TSV, '-m', '5', '-n', '100', '-s', '2024-01-01']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0], /clickstream_tsv\.txt: unknown fields \{username\}, \{post_title\}, \{views\}, \{upvotes\}, \{comments\}, \{edited\}/);
  assert.match(lines[0], /emitter "click" has __time, user_id, event_type, client_ip, client_device, client_lang, client_country, referrer, keyword, product/);
});

test('the example clickstream TSV format file writes ten tab-separated columns', async () => {
  const result = await runClickgen(['imply', '-c', CLICKSTREAM, '-f', 'examples/imply/clickstream_tsv.txt', '-m', '5', '-n', '50', '-s', '2024-01-01', '-q']);
  assert.equal(result.code, 0, result.stderr);
  const rows = result.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
  assert.equal(rows.length, 50);
  for (const row of rows) {
    assert.equal(row.length, 10);
    assert.match(row[0], /^2024-01-01 \d\d:\d\d:\d\d$/);
    assert.match(row[1], /^\d+$/);
    assert.match(row[3], /^127\.\d+\.\d+\.\d+$/);
  }
});

test('flags: -n with -r, -f with -t, -m out of range and a bad -s are usage errors (exit 2)', async () => {
  const base = ['imply', '-c', CLICKSTREAM, '-s', '2024-01-01'];
  const cases: [string[], RegExp][] = [
    [[...base, '-n', '5', '-r', 'PT1H'], /-n and -r: give one of them/],
    [[...base, '-f', 'x.txt', '-t', 'csv', '-n', '1'], /-f and -t: give one of them/],
    [[...base, '-m', '0', '-n', '1'], /-m 0: the number of workers must be a whole number from 1 to 100000/],
    [[...base, '-m', '100001', '-n', '1'], /-m 100001/],
    [['imply', '-c', CLICKSTREAM, '-s', 'yesterday', '-n', '1'], /-s yesterday: not an ISO 8601 date-time/],
    [[...base, '-r', 'P1M'], /-r P1M: not a duration/],
    [[...base, '--seed', '4294967296', '-n', '1'], /--seed 4294967296: must be a whole number from 0 to 4294967295/],
    [['imply', '-c', 'no-such-config.json', '-n', '1'], /-c no-such-config\.json: cannot read the file \(ENOENT\)/],
  ];
  for (const [args, message] of cases) {
    const result = await runClickgen(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  }
});

test('-n 0 writes nothing; -r stops at the duration with no record past it', async () => {
  const none = await runClickgen(['imply', '-c', CLICKSTREAM, '-n', '0', '-s', '2024-01-01', '-q']);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  const hour = await runClickgen(['imply', '-c', CLICKSTREAM, '-m', '20', '-r', 'PT10M', '-s', '2024-01-01T00:00:00', '-q']);
  assert.equal(hour.code, 0);
  const times = hour.stdout.trimEnd().split('\n').map((l) => Date.parse((JSON.parse(l) as { __time: string }).__time));
  assert.ok(times.length > 100);
  assert.ok(times.every((t) => t >= Date.UTC(2024, 0, 1) && t < Date.UTC(2024, 0, 1, 0, 10)));
});

test('-t renders a preset template with its header; -t on a config without templates, or an unknown name, is an error', async () => {
  const csv = await runClickgen(['imply', '-c', 'test/fixtures/imply/presets/ecommerce.json', '-t', 'csv', '-n', '5', '-s', '2024-01-03T12:00:00', '-q']);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 6);
  assert.equal(lines[0], 'time,bytes_in,bytes_out,cookie,server,dest_port,http_content_type,http_method,http_referrer,http_user_agent,ident,response_time_microseconds,client,status,uri_path,uri_query,user');
  assert.match(lines[1], /^1704283\d{3},\d+,\d+,"[^"]*","10\.0\.\d+\.\d+",(80|443),/);
  const none = await runClickgen(['imply', '-c', CLICKSTREAM, '-t', 'csv', '-n', '1', '-s', '2024-01-01']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /-t csv: .*clickstream\.json has no templates block/);
  const unknown = await runClickgen(['imply', '-c', 'test/fixtures/imply/presets/ssh_auth.json', '-t', 'nope', '-n', '1', '-s', '2024-01-01']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /-t nope: no such template in .*; available: linux_secure/);
  const formatWithTemplates = await runClickgen(['imply', '-c', 'test/fixtures/imply/presets/ssh_auth.json', '-f', 'examples/imply/clickstream_tsv.txt', '-n', '1', '-s', '2024-01-01']);
  assert.equal(formatWithTemplates.code, 2);
  assert.match(formatWithTemplates.stderr, /defines templates \(linux_secure\); choose one with -t instead of -f/);
});

test('-o writes to a file through the shared sinks, the same bytes as stdout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-imply-'));
  try {
    const args = ['imply', '-c', CLICKSTREAM, '-m', '5', '-n', '300', '-s', '2024-01-01', '--seed', '7', '-q'];
    const file = join(dir, 'out.ndjson');
    const toFile = await runClickgen([...args, '-o', file]);
    const toStdout = await runClickgen(args);
    assert.equal(toFile.code, 0, toFile.stderr);
    assert.equal(readFileSync(file, 'utf8'), toStdout.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--schedule scales the worker cap; a bad schedule names the file and the path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-imply-'));
  try {
    const half = join(dir, 'half.json');
    writeFileSync(half, '{"type": "constant", "value": 0.5}');
    const ok = await runClickgen(['imply', '-c', CLICKSTREAM, '-m', '10', '-n', '100', '-s', '2024-01-01', '--schedule', half, '-q']);
    assert.equal(ok.code, 0, ok.stderr);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"type": "gmm_temporal",\n "days": {"8": []}}');
    const result = await runClickgen(['imply', '-c', CLICKSTREAM, '-n', '1', '-s', '2024-01-01', '--schedule', bad]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /bad\.json:2:\d+: days\["8"\]: day key "8" must be "1" \(Monday\) to "7" \(Sunday\)/);
    const preset = await runClickgen(['imply', '-c', CLICKSTREAM, '-n', '10', '-s', '2024-01-01', '--schedule', 'test/fixtures/imply/schedules/ecommerce.json', '-q']);
    assert.equal(preset.code, 0, preset.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--validate checks the config and the template, writes nothing, exits 0', async () => {
  const result = await runClickgen(['imply', '-c', 'test/fixtures/imply/presets/pbx_calls.json', '-t', 'asterisk_cdr', '--validate']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
});

test('without -s records come in real time: each is written once the wall clock reaches its time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-imply-'));
  try {
    const config = join(dir, 'fast.json');
    writeFileSync(
      config,
      JSON.stringify({
        emitters: [{ name: 'tick', dimensions: [{ type: 'clock', name: 'time' }, { type: 'counter', name: 'n' }] }],
        interarrival: { type: 'constant', value: 10 },
        states: [{ name: 'tick', emitter: 'tick', delay: { type: 'constant', value: 0.2 }, transitions: [{ next: 'tick', probability: 1 }] }],
      }),
    );
    const began = Date.now();
    const result = await runClickgen(['imply', '-c', config, '-m', '1', '-n', '4', '-q'], { now: () => Date.now() });
    const elapsed = Date.now() - began;
    assert.equal(result.code, 0, result.stderr);
    const records = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { time: string; n: number });
    assert.deepEqual(records.map((r) => r.n), [0, 1, 2, 3]);
    // Four records 0.2 s apart, the first 0.2 s after the start: about 0.8 s.
    assert.ok(elapsed >= 750, `took ${elapsed} ms`);
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    const gaps = records.slice(1).map((r, i) => Date.parse(r.time) - Date.parse(records[i].time));
    assert.deepEqual(gaps, [200, 200, 200]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const COMPAT = '../shared/compat/imply-eventgenerator';
test(
  'the clickstream fixtures are byte copies of the compat files they were taken from',
  { skip: existsSync(COMPAT) ? undefined : `no ${COMPAT} beside this clone to compare the copies with` },
  () => {
    for (const file of ['clickstream.json', 'clickstream_tsv.txt']) {
      assert.ok(readFileSync(`test/fixtures/imply/clickstream/${file}`).equals(readFileSync(`${COMPAT}/${file}`)), file);
    }
  },
);

test('imply -o tcp:// says it is listening, and SIGTERM ends the wait for a reader (exit 0, at once)', { timeout: 30_000 }, async () => {
  const { spawn } = await import('node:child_process');
  const { CLI } = await import('../helpers/cli.js');
  const { unusedPort } = await import('../helpers/kafka.js');
  const port = await unusedPort();
  const child = spawn(process.execPath, [CLI, 'imply', '-c', CLICKSTREAM, '-n', '10', '-s', '2024-01-01T00:00:00', '-o', `tcp://127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const listening = new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await listening;
  assert.match(stderr, new RegExp(`^clickgen imply: listening on tcp://127\\.0\\.0\\.1:${port}; the run starts when a reader connects$`, 'm'));
  const signalled = performance.now();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  assert.equal(code, 0, stderr);
  assert.ok(performance.now() - signalled < 5_000, 'ended within 5 s of SIGTERM');
});
