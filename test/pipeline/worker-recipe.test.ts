/**
 * A worker thread builds its scenario and encoder from what the starting thread validated and
 * read: a scenario that never was a file, and a format file's text, run in workers the same
 * as in one thread, with no file read again.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { createEncoder, type EncoderOptions } from '../../src/encode/create-encoder.js';
import { startRun } from '../../src/pipeline/start-run.js';
import { StreamSink } from '../../src/sinks/stream-sink.js';
import { LineRecorder } from '../helpers/line-recorder.js';
import { compileText } from '../helpers/run-scenario.js';

const TEXT = `
name: in-memory
arrivals: { rate: 0.5 }
population: { id: "U{index}", users: 40 }
states:
  view:
    dwell: { type: exponential, mean: 20 }
    next: { view: 0.7 }
fields:
  timestamp: { time: iso }
  user_id: { ref: user.id }
  page: { choice: [home, cart, help] }
`;

async function lines(workers: number, encoderOptions: EncoderOptions): Promise<string[]> {
  const scenario = compileText(TEXT, 9);
  const recorder = new LineRecorder();
  const start = Date.UTC(2024, 0, 1);
  await startRun({ scenario, encoder: createEncoder(scenario.schema, encoderOptions), encoderRecipe: { options: encoderOptions, sse: false }, sink: new StreamSink(recorder.writable(), 'test'), start, end: start + 3_600_000, workers });
  return recorder.lines.map((line) => line.text);
}

test('workers run a scenario that never was a file, with a format file’s text and no file to read', async () => {
  // No such file: the text read once is what every thread uses.
  const options: EncoderOptions = { formatFile: '/nonexistent/line.txt', formatText: '{timestamp} {user_id} {page}\n' };
  const one = await lines(1, options);
  const three = await lines(3, options);
  assert.ok(one.length > 1_000, `${one.length} lines`);
  assert.match(one[0], /^\S+ \S+ (home|cart|help)$/);
  assert.deepEqual(three, one);
});
