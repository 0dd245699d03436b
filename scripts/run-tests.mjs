/**
 * `npm test`'s runner. Tests that only compute (encoders, the engine, record schemas, scenario
 * parsing, inspect, most of the command line) run two files at a time; tests that time things,
 * hold sockets or share the one Kafka broker run one file at a time after them, so that no
 * other test competes with their clocks. One spec report covers both, and one closing line says
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

/** Folders and files whose tests compute only: no clocks, services or shared ports. */
const COMPUTE_ONLY = [
  'test/clock',
  'test/diagram',
  'test/encode',
  'test/engine',
  'test/inspect',
  'test/random',
  'test/records',
  'test/scenario',
  'test/time',
  'test/errors.test.ts',
  'test/package.test.ts',
  'test/readme.test.ts',
  'test/skip-summary.test.ts',
];
/** Command-line tests that time a run, wait on a clock or a pipe, or need the Kafka broker: one at a time. */
const CLI_TIMED = [
  'test/cli/generate.test.ts',
  'test/cli/imply.test.ts',
  'test/cli/kafka-unreachable.test.ts',
  'test/cli/live-file.test.ts',
  'test/cli/realtime-flags.test.ts',
  'test/cli/slow-stdout-pipe.test.ts',
  'test/cli/workers-keyed.test.ts',
];

function testFiles(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => testFiles(join(path, name)));
}

const all = testFiles('test').sort();
const computeOnly = all.filter((file) => isComputeOnly(file));
const oneAtATime = all.filter((file) => !computeOnly.includes(file));

function isComputeOnly(file) {
  if (CLI_TIMED.includes(file)) return false;
  if (file.startsWith('test/cli/')) return true;
  return COMPUTE_ONLY.some((entry) => file === entry || file.startsWith(`${entry}/`));
}

const report = new spec();
report.pipe(process.stdout);
const events = [];
for (const [files, concurrency] of [[computeOnly, 2], [oneAtATime, 1]]) {
  for await (const event of run({ files, concurrency })) {
    if (event.type === 'test:fail' && event.data.todo === undefined) process.exitCode = 1;
    events.push(event);
    report.write(event);
  }
}
report.end();
await new Promise((resolve) => report.once('end', resolve));
for await (const line of skipSummary(events)) process.stdout.write(line);
