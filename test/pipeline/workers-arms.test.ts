/**
 * The experiments' counts of a run in worker threads stopped by a count. An engine counts an
 * event when the next is made, so the counts over a worker's records merged are those posted
 * with its next record, or with its end; when the merge stops just after a worker's whole
 * batch, the thread that writes waits for that worker's next message. Batches of a few
 * records put the stop at every place in them, at a batch's end included.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { createEncoder } from '../../src/encode/create-encoder.js';
import { runWorkers } from '../../src/pipeline/run-workers.js';
import { startRun, type RunSummary } from '../../src/pipeline/start-run.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';
import { LineRecorder } from '../helpers/line-recorder.js';
import { compileText } from '../helpers/run-scenario.js';
import { START } from '../helpers/timeline-scenarios.js';

const scenario = compileText(
  `name: arms
arrivals: { rate: 2 }
population: { users: 300 }
states:
  view:
    dwell: { type: exponential, mean: 20 }
    next: { view: 0.4, buy: 0.2 }
  buy:
    dwell: { type: constant, value: 5 }
experiments:
  price:
    goal: buy
    arms:
      low: { share: 0.3, transitions: { view: { buy: 1.5 } } }
      mid: { share: 0.3 }
      high: { share: 0.4 }
  banner:
    arms:
      on: { share: 0.5 }
      off: { share: 0.5 }
timeline:
  - { from: +2m, to: +4m, rate: 3 }
fields:
  time: { time: iso }
  type: { ref: event.type }
  user: { ref: user.id }
`,
  5,
);
const options = {};

async function oneThread(count: number): Promise<{ lines: string[]; summary: RunSummary }> {
  const recorder = new LineRecorder();
  const summary = await startRun({ scenario, encoder: createEncoder(scenario.schema, options), sink: new StreamSink(recorder.writable(), 'test'), start: START, count });
  return { lines: recorder.lines.map((line) => line.text), summary };
}

async function inWorkers(count: number, workers: number, batchRecords: number): Promise<{ lines: string[]; summary: RunSummary }> {
  const recorder = new LineRecorder();
  const encoder = createEncoder(scenario.schema, options);
  const summary = await runWorkers({ compiled: scenario, encoderOptions: options, encoder, sink: new StreamSink(recorder.writable(), 'test'), workers, start: START, count, batchRecords });
  return { lines: recorder.lines.map((line) => line.text), summary };
}

test('workers stopped by a count anywhere in their batches count the arms of one thread', async () => {
  // Counts one after another: each worker's share of them ends in turn at each place in a batch.
  const runs: [number, number, number][] = [];
  for (let count = 200; count < 214; count++) runs.push([count, 2, 3]);
  runs.push([640, 3, 5], [641, 3, 5], [1500, 2, 7]);
  for (const [count, workers, batchRecords] of runs) {
    const one = await oneThread(count);
    const more = await inWorkers(count, workers, batchRecords);
    assert.equal(one.lines.length, count);
    assert.deepEqual(more.lines, one.lines, `${count} records in ${workers} workers`);
    assert.deepEqual(more.summary.experiments, one.summary.experiments, `${count} records in ${workers} workers, batches of ${batchRecords}`);
    assert.deepEqual(more.summary.timeline, one.summary.timeline);
  }
  const { experiments } = (await oneThread(1500)).summary;
  assert.ok(experiments!.price.arms.low.converted! > 10 && experiments!.banner.arms.on.sessions > 100, JSON.stringify(experiments));
});
