/**
 * Real time split over worker threads and over shards: `--realtime --rate R` holds R in total,
 * each thread or shard an even share on its own schedule, and every user's events stay in
 * their order (a user is in one worker, one shard).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { createEncoder } from '../../src/encode/create-encoder.js';
import { startRun, type RunSummary, type Shard } from '../../src/pipeline/start-run.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';
import { LineRecorder, wallNow } from '../helpers/line-recorder.js';
import { compileBuiltin } from '../helpers/run-scenario.js';

const cart = compileBuiltin('cart', 4);

interface CartEvent {
  readonly user_id: string | null;
  readonly event_time: number;
  /** When it is received: its due time (a late event of the history happened before the start). */
  readonly processing_time: number;
}

function paced(recorder: LineRecorder, options: { rate: number; start: number; seconds: number; workers?: number; shard?: Shard }): Promise<RunSummary> {
  const encoderOptions = {};
  return startRun({
    scenario: cart,
    encoder: createEncoder(cart.schema, encoderOptions),
    encoderRecipe: { options: encoderOptions, sse: false },
    sink: new StreamSink(recorder.writable(), 'test'),
    start: options.start,
    end: options.start + options.seconds * 1000,
    workers: options.workers,
    shard: options.shard,
    realtime: { rate: options.rate, live: false, warmupEvents: 5_000 },
  });
}

/** Records per whole second of event time (the schedule stamps each with its due time), from `start`. */
function perSecond(events: readonly CartEvent[], start: number, seconds: number): number[] {
  const counts = new Array<number>(seconds).fill(0);
  for (const event of events) counts[Math.floor((event.processing_time - start) / 1000)]++;
  return counts;
}

/**
 * Every user's events in the order they are received (processing time), in the order they
 * arrived: late ones (5 % of cart's, from the first second) come after later events.
 */
function assertKeyOrder(events: readonly CartEvent[]): void {
  const last = new Map<string | null, number>();
  for (const event of events) {
    const before = last.get(event.user_id) ?? -Infinity;
    assert.ok(before <= event.processing_time, `user ${event.user_id}: received ${event.processing_time} after ${before}`);
    last.set(event.user_id, event.processing_time);
  }
}

test('--workers 3 in real time at 3,000 events/s: 3,000 each second, released when due, each user in order', async () => {
  const rate = 3_000;
  const seconds = 4;
  // A start a moment ahead: the warm-up is done before the first record is due.
  const start = Math.ceil(wallNow()) + 3_000;
  const recorder = new LineRecorder();
  const summary = await paced(recorder, { rate, start, seconds, workers: 3 });
  const events = recorder.lines.map((line) => JSON.parse(line.text) as CartEvent);
  assert.equal(summary.events, rate * seconds);
  assert.deepEqual(perSecond(events, start, seconds), new Array<number>(seconds).fill(rate), 'each worker holds a third on its schedule');
  assert.ok(new Set(events.map((e) => e.user_id)).size > 50, 'the users of all three workers');
  assertKeyOrder(events);
  // Released in due order and never early: the merge waited for every worker before each record.
  for (const [i, line] of recorder.lines.entries()) {
    // Due when received: its processing time (a late event's event time is earlier).
    assert.ok(i === 0 || events[i - 1].processing_time <= events[i].processing_time, `record ${i} in due order`);
    assert.ok(line.at >= events[i].processing_time - 1.5, `record ${i} written ${(events[i].processing_time - line.at).toFixed(1)} ms before it was due`);
  }
});

test('shards in real time with --rate: each holds its share, together the rate, each user in one shard in order', async () => {
  const rate = 2_000;
  const seconds = 3;
  const start = Math.ceil(wallNow()) + 3_000;
  const recorders = [new LineRecorder(), new LineRecorder()];
  const summaries = await Promise.all(recorders.map((recorder, index) => paced(recorder, { rate, start, seconds, shard: { index, count: 2 } })));
  const parts = recorders.map((recorder) => recorder.lines.map((line) => JSON.parse(line.text) as CartEvent));
  for (const [k, part] of parts.entries()) {
    assert.equal(summaries[k].events, (rate / 2) * seconds);
    assert.deepEqual(perSecond(part, start, seconds), new Array<number>(seconds).fill(rate / 2), `shard ${k}/2 holds half the rate`);
    assertKeyOrder(part);
  }
  const users = parts.map((part) => new Set(part.map((e) => e.user_id)));
  assert.ok(users[0].size > 20 && users[1].size > 20, 'both shards have users');
  for (const user of users[0]) assert.ok(!users[1].has(user) || user === null, `user ${user} in one shard`);
});

test('real time without a rate from a fixed start: --workers 2 writes the same bytes as one thread, history and live', async () => {
  const now = Math.ceil(wallNow());
  // An hour of history written at once, then two seconds live.
  const options = { start: now - 3_600_000, end: now + 2_000 };
  const lines = async (workers: number): Promise<string[]> => {
    const recorder = new LineRecorder();
    const encoderOptions = { format: 'csv' as const };
    await startRun({ scenario: cart, encoder: createEncoder(cart.schema, encoderOptions), encoderRecipe: { options: encoderOptions, sse: false }, sink: new StreamSink(recorder.writable(), 'test'), ...options, workers, realtime: { live: false } });
    return recorder.lines.map((line) => line.text);
  };
  const [one, two] = await Promise.all([lines(1), lines(2)]);
  assert.ok(one.length > 10_000, `${one.length} records`);
  assert.ok(two.join('\n') === one.join('\n'), 'the same records in the same order');
});

test('a stop signal ends a live run over workers at once, with whole records, none before it was due', async () => {
  const recorder = new LineRecorder();
  const controller = new AbortController();
  const encoderOptions = {};
  // Stopped 1.5 s after the first records are written (getting ready takes longer under load).
  let began = NaN;
  let stoppedAt = NaN;
  const onProgress = (): void => {
    if (!Number.isNaN(began)) return;
    began = wallNow();
    setTimeout(() => {
      stoppedAt = wallNow();
      controller.abort();
    }, 1_500);
  };
  const summary = await startRun({
    scenario: cart,
    encoder: createEncoder(cart.schema, encoderOptions),
    encoderRecipe: { options: encoderOptions, sse: false },
    sink: new StreamSink(recorder.writable(), 'test'),
    start: Math.floor(wallNow()),
    workers: 2,
    realtime: { rate: 1_000, live: true, warmupEvents: 2_000 },
    signal: controller.signal,
    onProgress,
  });
  assert.equal(summary.ended, 'signal');
  assert.ok(wallNow() - stoppedAt < 1_000, `returned ${(wallNow() - stoppedAt).toFixed(0)} ms after the signal`);
  assert.equal(recorder.rest, '');
  assert.equal(summary.events, recorder.lines.length);
  assert.ok(recorder.lines.length > 500, `${recorder.lines.length} records`);
  // Made up to 2.5 s ahead, but only what was due is written: nothing due after the stop.
  for (const line of recorder.lines) {
    const due = (JSON.parse(line.text) as CartEvent).event_time;
    assert.ok(due <= line.at + 1.5 && due <= stoppedAt + 5, `a record due at ${due} written at ${line.at.toFixed(0)}, stopped at ${stoppedAt.toFixed(0)}`);
  }
});
