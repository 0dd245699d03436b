import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import type { ColumnarFiles } from './columnar-part-file.js';
import { FileSink } from './file-sink.js';
import { parseOutputPath } from './output-path.js';
import type { PartFileFactory } from './part-file.js';
import type { RollLimit } from './roll-limit.js';
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
  /** The run's stop signal, for sinks that wait for something outside the run (a reader to connect). */
  readonly signal?: AbortSignal;
  /** `--roll`: close each file at this size, event-time span or count, and go on in the next `{seq}`. */
  readonly roll?: RollLimit;
  /** Parquet or Arrow: files (or stdout) built from each record's row instead of its bytes. */
  readonly columnar?: ColumnarFiles;
}

/**
 * The sink for an `-o` target: `-` (stdout), a file path (`.gz` compresses), a path
 * template with `{field}` (one file per value), `{date}`/`{hour}`... (event-time
 * partitions) and `{seq}` (rolled parts), or a URL (`tcp://HOST:PORT` listens for
 * socket readers). Client libraries of network sinks load only when such a sink is
 * asked for.
 */
export async function createSink(target: string | undefined, options: SinkFactoryOptions): Promise<Sink> {
  if (options.columnar !== undefined) return columnarSink(target, options.columnar, options);
  if (options.roll !== undefined) return rollingSink(target, options.roll);
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
  // Listening (the reader connects to us), loaded lazily like the network clients.
  if (/^tcp:\/\//i.test(target)) {
    const { TcpListenSink } = await import('./tcp-listen-sink.js');
    return TcpListenSink.listen(target, options.signal);
  }
  if (isTemplate(target)) return Promise.resolve(new SplitFileSink(parseOutputPath(target)));
  return Promise.resolve(new FileSink(target));
}

function isTemplate(target: string): boolean {
  return /\{[^{}]+\}/.test(target.replaceAll('{{', '').replaceAll('}}', ''));
}

/**
 * Columnar formats are files: stdout, one file, or a split or rolling template. Their
 * writers (apache-arrow, parquet-wasm) load only when such a format is asked for.
 */
async function columnarSink(target: string | undefined, columnar: ColumnarFiles, options: SinkFactoryOptions): Promise<Sink> {
  if (target !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new UsageError('BAD_FLAG', `--format ${columnar.format}: writes files or stdout, not ${target}; send ndjson, csv or tsv there`);
  }
  const { loadArrow } = await import('../encode/columnar/arrow.js');
  await loadArrow();
  const { columnarPartFiles } = await import('./columnar-part-file.js');
  if (options.roll !== undefined) return rollingSink(target, options.roll, columnarPartFiles(columnar));
  if (target === undefined || target === '-') {
    const { ColumnarStreamSink } = await import('./columnar-stream-sink.js');
    return new ColumnarStreamSink(new StreamSink(options.stdout, 'stdout'), columnar);
  }
  return new SplitFileSink(parseOutputPath(target), null, columnarPartFiles(columnar));
}

/** Rolling writes numbered files: only a file template with `{seq}` has names for them. */
function rollingSink(target: string | undefined, roll: RollLimit, partFiles?: PartFileFactory): Promise<Sink> {
  const where = target === undefined || target === '-' ? 'stdout' : target;
  if (target === undefined || !isTemplate(target) || /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new UsageError('BAD_FLAG', `--roll: writes numbered files, not ${where}; give -o a file template with {seq}, e.g. -o 'lake/dt={date}/part-{seq}.ndjson'`);
  }
  const path = parseOutputPath(target);
  if (!path.hasSeq) throw new UsageError('BAD_FLAG', `--roll: -o ${target} has no {seq} to number the rolled files; add one, e.g. part-{seq}.ndjson`);
  return Promise.resolve(new SplitFileSink(path, roll, partFiles));
}
