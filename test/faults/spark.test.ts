/**
 * A Spark Structured Streaming job (PySpark, with Spark's Kafka connector from Maven Central)
 * reads a faulted run from the real Kafka broker, leaves out the bad records by the offsets the
 * answer key gives, removes duplicates, and applies a watermark with one record per
 * micro-batch. The rows it keeps per window must be the key's intact events minus what the
 * key says that watermark drops: Spark drops exactly the late rows the key predicts.
 * Needs Python with pyspark (CLICKGEN_PYTHON, as .ci/run makes it) and Java 17; without them
 * it skips saying so, and in CI it fails.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickgen, REPO, START, tempDir } from '../helpers/cli.js';
import { ensureKafkaBroker } from '../helpers/kafka.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

const inCi = process.env.CI === 'true' || process.env.CI === '1';
const python = process.env.CLICKGEN_PYTHON ?? 'python3';

function sparkMissing(): string | undefined {
  const probe = spawnSync(python, ['-c', 'import pyspark'], { encoding: 'utf8' });
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.status === 0 && java.status === 0) return undefined;
  const reason = `the Spark test needs Java 17 and Python with pyspark: /tmp/clickgen-py/bin/pip install pyspark==4.2.0, then CLICKGEN_PYTHON=/tmp/clickgen-py/bin/python`;
  if (inCi) throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

const missing = sparkMissing();
const setup = await ensureKafkaBroker();
after(() => setup.broker?.release());

const WINDOW_SECONDS = 5;
const WATERMARK_SECONDS = 5;

test('spark: a watermarked Structured Streaming job drops exactly the late rows the answer key predicts, window by window', { skip: missing ?? setup.skip, timeout: 600_000 }, async (t) => {
  const dir = tempDir(t);
  const topic = `faults-spark-${process.pid}-${Date.now()}`;
  const run = await clickgen([
    'generate', '-s', 'gift-shop', '--seed', '5', '-n', '120', '--start', START, '-q',
    '--late', '30%:10s-120s', '--duplicates', '3%', '--bad-records', '3%',
    '--watermark', `${WATERMARK_SECONDS}s`, '--summary-window', `${WINDOW_SECONDS}s`,
    '-o', `kafka://${setup.broker!.bootstrap}/${topic}?partitions=1`, '--summary', join(dir, 'key.json'),
  ]);
  assert.equal(run.code, 0, run.stderr);
  const key = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as RunSummary;
  const bad = key.faults!.bad_records.map((record) => record.offset).join(',');
  const job = spawn(python, [join(REPO, 'test', 'faults', 'spark-watermark.py'), setup.broker!.bootstrap, topic, String(WATERMARK_SECONDS), String(WINDOW_SECONDS), bad], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  job.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  job.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    job.on('error', reject);
    job.on('close', resolve);
  });
  assert.equal(code, 0, stderr.slice(-4000));
  const kept = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
  const mark = key.watermarks![0];
  assert.ok(mark.dropped >= 10, `the key has the watermark drop ${mark.dropped} rows`);
  assert.ok(key.faults!.bad > 0 && key.faults!.duplicated > 0, 'bad records and duplicates to leave out');
  const expected = Object.fromEntries(
    Object.entries(key.windows!.event_time)
      .map(([start, w]) => [start, w.events - (mark.dropped_by_window[start] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  assert.ok(Object.keys(expected).length >= 3, `${Object.keys(expected).length} windows`);
  assert.deepEqual(kept, expected);
});
