import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { runInProcess } from '../helpers/cli-in-process.js';
import { clickgen } from '../helpers/cli.js';

/** Runs the command with 1, 2 and 3 workers and checks that output and summary are the same. */
async function sameWithWorkers(args: readonly string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-workers-'));
  try {
    const runs = [];
    for (const workers of [1, 2, 3]) {
      const summary = join(dir, `summary-${workers}.json`);
      const result = await runInProcess([...args, '--workers', String(workers), '--summary', summary, '-q']);
      assert.equal(result.code, 0, result.stderr);
      runs.push({ stdout: result.stdout, summary: JSON.parse(readFileSync(summary, 'utf8')) as unknown });
    }
    assert.ok(runs[0].stdout.split('\n').length > 1000, 'enough events to interleave the workers');
    for (const run of runs.slice(1)) {
      assert.ok(run.stdout === runs[0].stdout, `${args.join(' ')}: the same bytes with more workers`);
      assert.deepEqual(run.summary, runs[0].summary);
    }
    return runs[0].stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('--workers N writes the same bytes and summary as one thread: NDJSON, CSV, templates, counts, late delivery, a cap', async () => {
  await sameWithWorkers(['generate', '-s', 'shop', '--start', '2024-03-01', '--duration', '10d']);
  await sameWithWorkers(['generate', '-s', 'gift-shop', '--start', '2024-03-01', '-n', '20000', '--format', 'csv']);
  // Late delivery: the merge follows processing time.
  await sameWithWorkers(['generate', '-s', 'cart', '--start', '2024-03-01', '--duration', '20m', '--format', 'tsv']);
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-workers-f-'));
  try {
    writeFileSync(join(dir, 'line.txt'), '{timestamp} {user_id} {event_type}\n');
    await sameWithWorkers(['generate', '-s', 'travel', '--start', '2024-03-01', '-n', '5000', '-f', join(dir, 'line.txt')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad --workers input: one line naming the flag and what is valid, exit 2, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickgen-workers-bad-'));
  try {
    const cases: [string[], RegExp][] = [
      [['--workers', '0'], /^clickgen: --workers 0: must be a whole number from 1 to 256$/],
      [['--workers', '257'], /^clickgen: --workers 257: must be a whole number from 1 to 256$/],
      [['--workers', 'two'], /^clickgen: --workers two: must be a whole number from 1 to 256$/],
      // Outputs whose bytes are made in the thread that writes them.
      [['--workers', '2', '--format', 'parquet', '-o', join(dir, 'events.parquet')], /^clickgen: --workers 2: --format parquet builds its columns in the thread that writes the file; worker threads write NDJSON, CSV, TSV and line templates \(-f\); use --workers 1$/],
      [['--workers', '3', '--format', 'arrow', '-o', join(dir, '{event_type}.arrow')], /^clickgen: --workers 3: --format arrow builds its columns in the thread that writes the file; /],
      [['--workers', '2', '--format', 'avro', '-o', join(dir, 'events.avro')], /^clickgen: --workers 2: --format avro writes one container whose blocks are made in the thread that writes it; /],
      // cart delivers late: its first N events are not its first N records, and no worker knows which they are.
      [['-s', 'cart', '-n', '500', '--workers', '2'], /^clickgen: --workers 2 with -n 500 and late delivery or faults: which events are the run's first 500 no worker knows; give --duration, or use --workers 1$/],
      [['--workers', '2', '-o', 'kafka://127.0.0.1:1/events?format=avro&registry=http://127.0.0.1:1'], /^clickgen: --workers 2: -o kafka:\/\/127\.0\.0\.1:1\/events\?format=avro&registry=http:\/\/127\.0\.0\.1:1 frames records with schema ids known to the thread that writes; /],
    ];
    for (const [flags, expected] of cases) {
      const result = await runInProcess(['generate', '--duration', '1m', '-o', join(dir, 'out.ndjson'), ...flags]);
      assert.equal(result.code, 2, `${flags.join(' ')}: ${result.stderr}`);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], expected);
      assert.ok(!existsSync(join(dir, 'out.ndjson')), 'nothing written');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--workers 12 into a pipe: the events of one thread and nothing on stderr but the summary line (no listener-leak warning from the workers’ stdout)', async () => {
  const args = ['generate', '--seed', '1', '--start', '2024-01-01', '-n', '3000'];
  const [one, many] = [await clickgen(args), await clickgen([...args, '--workers', '12'])];
  assert.equal(many.code, 0, many.stderr);
  assert.ok(many.stdout === one.stdout, 'the same bytes as one thread');
  assert.doesNotMatch(many.stderr, /Warning/);
  assert.match(many.stderr, /^clickgen: 3,000 events, [\d,]+ sessions, [\d,]+ users to stdout in .*\n$/);
});
