/**
 * `npm test`'s runner. Tests that only compute or write their own files (encoders, the engine,
 * record schemas, scenarios, faults, inspect, most of the command line) run two files at a time;
 * tests that time things, pace by the clock, drive a browser or share the one Kafka broker run
 * one file at a time after them, so that no other test competes with their clocks. One spec report covers both, and one closing line says
 * what was skipped (scripts/skip-summary-reporter.mjs). Exit code 1 when any test failed.
 *
 * Run as `node --import tsx scripts/run-tests.mjs`: each test file's process inherits the
 * `--import tsx` of this one.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import skipSummary from './skip-summary-reporter.mjs';

/**
 * Folders and files that run one at a time: they time a run or pace it by the clock, hold a
 * browser, or share the one Kafka broker (some restart it) or a Redis server. Everything else
 * computes, writes its own temporary files or listens on a port of its own, and runs two at a time.
 */
const ONE_AT_A_TIME = [
  'test/server/backpressure.test.ts',
  'test/server/server.test.ts',
  'test/server/shutdown.test.ts',
  'test/server/stream-timeline.test.ts',
  'test/server/tcp.test.ts',
  'test/server/ui',
  'test/pipeline/pacing',
  'test/cli/generate.test.ts',
  'test/cli/imply.test.ts',
  'test/cli/kafka-unreachable.test.ts',
  'test/cli/live-file.test.ts',
  'test/cli/realtime-flags.test.ts',
  'test/cli/slow-stdout-pipe.test.ts',
  'test/cli/workers-keyed.test.ts',
  'test/deploy/job-controller.test.ts',
  'test/deploy/kafka-shards.test.ts',
  'test/faults/drift-kafka.test.ts',
  'test/faults/faults-kafka.test.ts',
  'test/faults/faults-workers.test.ts',
  'test/faults/live-late.test.ts',
  'test/faults/live-windows.test.ts',
  'test/faults/rate-duplicates.test.ts',
  'test/faults/spark-watermark.test.ts',
  'test/faults/timeline-key.test.ts',
  'test/pipeline/realtime-split.test.ts',
  'test/pipeline/run-ahead.test.ts',
  'test/pipeline/run.test.ts',
  'test/pipeline/thread-priority.test.ts',
  'test/scenarios/cart-kafka.test.ts',
  'test/scenarios/travel-redis.test.ts',
  'test/scenarios/vocabulary-sinks.test.ts',
  'test/sinks/kafka-registry.test.ts',
  'test/sinks/kafka-written-time.test.ts',
  'test/sinks/kafka.test.ts',
  'test/sinks/redis.test.ts',
  'test/sinks/stream-sink.test.ts',
  'test/sinks/tcp-listen-sink.test.ts',
];

function testFiles(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => testFiles(join(path, name)));
}

const isOneAtATime = (file) => ONE_AT_A_TIME.some((entry) => file === entry || file.startsWith(`${entry}/`));
const all = testFiles('test').sort();
const twoAtATime = all.filter((file) => !isOneAtATime(file));
const oneAtATime = all.filter(isOneAtATime);

const report = new spec();
report.pipe(process.stdout);
const events = [];
for (const [files, concurrency] of [[twoAtATime, 2], [oneAtATime, 1]]) {
  for await (const event of run({ files, concurrency })) {
    if (event.type === 'test:fail' && event.data.todo === undefined) process.exitCode = 1;
    events.push(event);
    report.write(event);
  }
}
report.end();
await new Promise((resolve) => report.once('end', resolve));
for await (const line of skipSummary(events)) process.stdout.write(line);
