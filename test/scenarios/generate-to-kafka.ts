/**
 * Runs `clickgen generate` through the real CLI into a Kafka topic, reads the topic back with
 * kcat (not the sink's client), and writes the same run to a file to compare with.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { readTopic, type ConsumedRecord } from '../helpers/kafka.js';
import { generate } from './generate.js';

export interface TopicRun {
  /** The topic's records, in partition order. */
  readonly records: ConsumedRecord[];
  /** The same run's events as written to a file. */
  readonly expected: Record<string, unknown>[];
}

export async function generateToKafka(bootstrap: string, topic: string, args: readonly string[]): Promise<TopicRun> {
  const stderr = new PassThrough();
  let errors = '';
  stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await runCli(['generate', ...args, '-q', '-o', `kafka://${bootstrap}/${topic}`], { stdout: new PassThrough(), stderr, env: {}, now: () => 0 });
  assert.equal(code, 0, errors);
  const expected = (await generate(args)).files.get('events.jsonl')!.events;
  return { records: await readTopic(bootstrap, topic), expected };
}
