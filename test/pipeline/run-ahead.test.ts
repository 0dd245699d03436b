import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { systemClock, type Clock } from '../../src/clock/clock.js';
import { createEncoder, type EncoderOptions } from '../../src/encode/create-encoder.js';
import { run } from '../../src/pipeline/run.js';
import { AheadPool } from '../../src/pipeline/worker/ahead-pool.js';
import { runAhead, type AheadRunOptions } from '../../src/pipeline/run-ahead.js';
import type { CompiledScenario } from '../../src/scenario/compile.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';
import { LineRecorder, wallNow } from '../helpers/line-recorder.js';
import { compileBuiltin } from '../helpers/run-scenario.js';
import { StallMonitor } from '../helpers/stall-monitor.js';

/** A clock for which everything is due: the run goes as fast as the output takes it. */
const farFuture: Clock = { now: () => Number.MAX_SAFE_INTEGER, sleepUntil: () => Promise.resolve() };

const stampOf = (line: string): number => Date.parse(`${(JSON.parse(line) as { __time: string }).__time}Z`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

type Timing = Omit<AheadRunOptions, 'pool' | 'compiled' | 'encoderOptions' | 'encoder' | 'sink'>;

/** One worker thread for every run of these tests, as `serve` has for its streams. */
const pool = new AheadPool({ aheadMs: 1_000, youngGenerationMb: 16 });
after(() => pool.close());

/** The worker compiles the same scenario from the one compiled here (its validated source and seed). */
async function ahead(recorder: LineRecorder, compiled: CompiledScenario, timing: Timing, encoderOptions: EncoderOptions = {}) {
  const encoder = createEncoder(compiled.schema, encoderOptions);
  return runAhead({ pool, compiled, encoderOptions, encoder, sink: new StreamSink(recorder.writable(), 'test'), ...timing });
}

const giftShop = compileBuiltin('gift-shop', 7);

test('the worker writes the same bytes and the same summary as a run in one thread', async () => {
  for (const [compiled, encoderOptions] of [
    [giftShop, {}],
    // Late delivery, and CSV with its header.
    [compileBuiltin('cart', 3), { format: 'csv' }],
  ] as const) {
    const start = Date.UTC(2024, 0, 1);
    const timing = { start, count: 30_000, rate: 500, warmupEvents: 5_000 };
    const threaded = new LineRecorder();
    const split = await ahead(threaded, compiled, timing, encoderOptions);

    const single = new LineRecorder();
    const sink = new StreamSink(single.writable(), 'test');
    const whole = await run({ scenario: compiled, encoder: createEncoder(compiled.schema, encoderOptions), sink, start, count: timing.count, realtime: { clock: farFuture, rate: timing.rate, warmupEvents: timing.warmupEvents } });

    assert.equal(threaded.lines.length, single.lines.length, compiled.name);
    assert.ok(
      threaded.lines.every((line, i) => line.text === single.lines[i].text),
      `${compiled.name}: the records differ`,
    );
    assert.deepEqual(split, whole, `${compiled.name}: the summaries differ`);
    assert.ok(split.sessions > 100 && split.distinct_users >= 100, `${split.sessions} sessions, ${split.distinct_users} users`);
  }
});

test('a live run through the worker holds its rate and releases records when due', async () => {
  const rate = 5_000;
  const seconds = 5;
  const recorder = new LineRecorder();
  const monitor = new StallMonitor();
  const summary = await ahead(recorder, giftShop, { start: Math.floor(wallNow()), count: rate * seconds, rate, live: true });
  monitor.stop();
  assert.equal(summary.events, rate * seconds);
  assert.equal(recorder.lines.length, rate * seconds);
  assert.equal(recorder.rest, '');
  const stamps = recorder.lines.map((line) => stampOf(line.text));
  // Due exactly every 0.2 ms (stamps are whole milliseconds).
  for (const k of [0, 1_000, 12_345, rate * seconds - 1]) assert.equal(stamps[k] - stamps[0], Math.floor(k / 5), `record ${k}`);
  const lateness = recorder.lines.map((line, i) => line.at - stamps[i]);
  assert.ok(Math.min(...lateness) > -1.5, 'no record arrives before it is due');
  // Each record against its own due time: filter the latenesses, not the lines, so indexes stay aligned.
  const unstalled = lateness.filter((_, i) => !monitor.stalledWithin(stamps[i] - 5, recorder.lines[i].at));
  assert.ok(unstalled.length > rate, `${unstalled.length} records outside stalls of the process`);
  assert.ok(percentile(unstalled, 0.99) < 20, `p99 lateness ${percentile(unstalled, 0.99).toFixed(1)} ms outside stalls`);
});

test('a stop signal ends a run through the worker at once, with whole records counted', async () => {
  const recorder = new LineRecorder();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 600);
  const began = wallNow();
  const summary = await ahead(recorder, giftShop, { start: Math.floor(began), rate: 1_000, live: true, signal: controller.signal });
  assert.equal(summary.ended, 'signal');
  assert.ok(wallNow() - began < 2_500, `stopped after ${(wallNow() - began).toFixed(0)} ms`);
  assert.equal(recorder.rest, '');
  // Made up to a second ahead, but only what was due is written and counted.
  assert.equal(summary.events, recorder.lines.length);
  assert.ok(recorder.lines.length < 1_000, `${recorder.lines.length} records in 600 ms at 1,000/s`);
  for (const line of recorder.lines) assert.ok(stampOf(line.text) <= systemClock.now(), 'nothing written before it was due');
});

test('bad input found by the worker is bad input here: a scenario whose sessions never emit', async () => {
  const recorder = new LineRecorder();
  const silent = fileURLToPath(new URL('../fixtures/silent.yaml', import.meta.url));
  await assert.rejects(
    ahead(recorder, compileBuiltin(silent, 1), { start: Date.UTC(2024, 0, 1), count: 10, warmupEvents: 0 }),
    (error: Error & { code?: string; exitCode?: number }) => error.code === 'SCENARIO_SILENT' && error.exitCode === 2 && /1,000,000 sessions in a row/.test(error.message),
  );
  assert.equal(recorder.lines.length, 0);
});
