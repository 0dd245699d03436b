/**
 * A real Spark Structured Streaming job reads a run with late events from the real Kafka broker,
 * applies a watermark and counts what it keeps per event-time window. What it keeps, and how
 * many rows it drops as too late, must equal what the answer key says a watermark of that delay
 * drops. The job (spark/watermark_counts.py) takes one record per micro-batch, so that Spark's
 * watermark judges each record against the largest event time before it, as the key's does.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test, { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { ensureKafkaBroker } from '../helpers/kafka.js';
import { pysparkMissing, python } from '../helpers/pyspark.js';
import type { RunSummary } from '../../src/pipeline/run-summary.js';

const kafka = await ensureKafkaBroker();
after(() => kafka.broker?.release());
const missing = kafka.skip ?? pysparkMissing();
const JOB = fileURLToPath(new URL('spark/watermark_counts.py', import.meta.url));

/** Runs the Spark job; its JSON line. */
async function sparkCounts(bootstrap: string, topic: string, watermarkSeconds: number, windowSeconds: number): Promise<{ counts: Record<string, number>; dropped: number; batches: number }> {
  // The job names windows in UTC; Python renders timestamps in the process's zone.
  const child = spawn(python, [JOB, bootstrap, topic, String(watermarkSeconds), String(windowSeconds)], { env: { ...process.env, TZ: 'UTC', PYSPARK_PYTHON: python }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  assert.equal(code, 0, `the Spark job failed:\n${stderr.slice(-4000)}`);
  return JSON.parse(stdout.trim().split('\n').pop()!) as { counts: Record<string, number>; dropped: number; batches: number };
}

test('Spark Structured Streaming with a 1-minute watermark keeps and drops exactly the rows the answer key says', { skip: missing, timeout: 600_000 }, async (t) => {
  const { bootstrap } = kafka.broker!;
  const dir = tempDir(t);
  const topic = `clickgen-spark-${process.pid}-${Date.now()}`;
  // About 120 events over 5 minutes, 30 % of them received 20 s to 3 min late: a 1-minute watermark drops some.
  const run = ['generate', '-s', 'cart', '--seed', '5', '--start', '2024-01-01T10:00:00Z', '--duration', '5m', '--set', 'params.EVENTS_PER_SECOND=0.7', '--late', '30%:20s-3m', '--watermark', '1m', '--summary-window', '1m'];
  const result = await runInProcess([...run, '-o', `kafka://${bootstrap}/${topic}`, '--summary', join(dir, 'key.json'), '-q']);
  assert.equal(result.code, 0, result.stderr);
  const key = JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')) as RunSummary;
  const watermark = key.watermarks![0];
  assert.equal(watermark.delay_seconds, 60);
  assert.ok(watermark.dropped >= 10, `${watermark.dropped} rows a 1-minute watermark drops: enough to tell`);

  const spark = await sparkCounts(bootstrap, topic, 60, 60);
  assert.equal(spark.batches, key.events, 'one record per micro-batch');
  assert.equal(spark.dropped, watermark.dropped, 'rows Spark dropped as too late');
  const expected = Object.fromEntries(Object.entries(key.windows!.event_time).map(([window, counts]) => [window, counts.events - (watermark.dropped_by_window[window] ?? 0)]));
  assert.deepEqual(spark.counts, Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)), 'rows Spark kept, per 1-minute window of event time');
});
