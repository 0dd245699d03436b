import type { Writable } from 'node:stream';
import { FileSink } from './file-sink.js';
import { SplitFileSink } from './split-file-sink.js';
import { StreamSink } from './stream-sink.js';
import type { Sink } from './types.js';

export interface SinkFactoryOptions {
  /** Scenario defaults per sink kind (`kafka: { topic, key }`). */
  readonly defaults: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Environment variables (KAFKA_BOOTSTRAP_SERVERS, REDIS_URL, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where `-o -` writes. */
  readonly stdout: Writable;
}

/**
 * The sink for an `-o` target: `-` (stdout), a file path (`.gz` compresses), a path
 * template with `{field}` (one file per value), or a URL. Client libraries of network
 * sinks load only when such a sink is asked for.
 */
export async function createSink(target: string | undefined, options: SinkFactoryOptions): Promise<Sink> {
  if (target === undefined || target === '-') return Promise.resolve(new StreamSink(options.stdout, 'stdout'));
  if (/^kafka:\/\//i.test(target)) {
    const { createKafkaSink, kafkaDefaultsFrom } = await import('./kafka.js');
    return createKafkaSink(target, { defaults: kafkaDefaultsFrom(options.defaults.kafka), env: options.env });
  }
  if (/^rediss?:/i.test(target)) {
    const { createRedisSink } = await import('./redis.js');
    const key = options.defaults.redis?.key;
    return createRedisSink(target, { defaults: { key: typeof key === 'string' ? key : undefined }, env: options.env });
  }
  if (/\{[^{}]+\}/.test(target.replaceAll('{{', '').replaceAll('}}', ''))) return Promise.resolve(new SplitFileSink(target));
  return Promise.resolve(new FileSink(target));
}
