/**
 * Runs the Redis sink in a process of its own: `node --import tsx write-travel-events.ts TARGET COUNT`
 * writes COUNT travel events and prints the sink's stats as JSON, or the error's code and message.
 * For what must be set when a process starts, such as NODE_EXTRA_CA_CERTS for TLS.
 */
import { ClickgenError } from '../../src/errors.js';
import { createRedisSink } from '../../src/sinks/redis.js';
import { toRecordBatch, travelEvents } from './travel-events.js';

const [target, count] = process.argv.slice(2);
const sink = createRedisSink(target, { defaults: {}, env: process.env });
try {
  await sink.open({ header: null, format: 'ndjson' });
  await sink.write(toRecordBatch(travelEvents(9, 0, Number(count)), { keyTemplate: sink.keyTemplate }));
  await sink.close();
  process.stdout.write(`${JSON.stringify(sink.stats())}\n`);
} catch (error) {
  if (!(error instanceof ClickgenError)) throw error;
  process.stdout.write(`${JSON.stringify({ code: error.code, message: error.message })}\n`);
}
