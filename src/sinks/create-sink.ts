import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { FileSink } from './file-sink.js';
import { parseOutputPath } from './output-path.js';
import type { ColumnarOutput, PartFileFactory } from './part-file.js';
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
  readonly columnar?: ColumnarOutput;
  /** Kafka record keys as bytes (a key schema's framing); UTF-8 text of the key when absent. */
  readonly kafkaKeyBytes?: (text: string) => Buffer;
  /** A real-time run: a single output file is written in place, so that `tail -f` follows it. */
  readonly live?: boolean;
  /** Says something the user waits on (a broker not answering yet), as one line; absent when quiet. */
  readonly notice?: (line: string) => void;
}

type UrlSinkFactory = (target: string, options: SinkFactoryOptions) => Promise<Sink>;

/**
 * The URL schemes `-o` takes, each with its sink. Client libraries of network sinks load only
 * when such a sink is asked for. `--help`, the README and docs/ list these (a test keeps them
 * in agreement).
 */
const URL_SINKS: Readonly<Record<string, UrlSinkFactory>> = {
  kafka: async (target, options) => {
    const { createKafkaSink, kafkaDefaultsFrom } = await import('./kafka.js');
    return createKafkaSink(target, { defaults: kafkaDefaultsFrom(options.defaults.kafka), env: options.env, keyBytes: options.kafkaKeyBytes, notice: options.notice });
  },
  redis: redisSink,
  rediss: redisSink,
  // Listening (the reader connects to us).
  tcp: async (target, options) => {
    const { TcpListenSink } = await import('./tcp-listen-sink.js');
    return TcpListenSink.listen(target, options.signal, options.notice);
  },
};

async function redisSink(target: string, options: SinkFactoryOptions): Promise<Sink> {
  const { createRedisSink } = await import('./redis.js');
  const key = options.defaults.redis?.key;
  return createRedisSink(target, { defaults: { key: typeof key === 'string' ? key : undefined }, env: options.env, notice: options.notice });
}

/** The URL schemes of `-o`, as `kafka://`. */
export const OUTPUT_SCHEMES: readonly string[] = Object.keys(URL_SINKS).map((scheme) => `${scheme}://`);

/**
 * The sink for an `-o` target: `-` (stdout), a file path (`.gz` compresses), a path
 * template with `{field}` (one file per value), `{date}`/`{hour}`... (event-time
 * partitions) and `{seq}` (rolled parts), or a URL of a scheme in URL_SINKS. A target
 * that looks like a URL of another scheme is bad input, not a file under a directory `http:`.
 */
export async function createSink(target: string | undefined, options: SinkFactoryOptions): Promise<Sink> {
  if (options.columnar !== undefined) return columnarSink(target, options.columnar, options);
  if (options.roll !== undefined) return rollingSink(target, options.roll);
  if (target === undefined || target === '-') return Promise.resolve(new StreamSink(options.stdout, 'stdout'));
  if (target === '') throw new UsageError('BAD_TARGET', `-o '': empty; give - for stdout, a file path, or a URL: ${OUTPUT_SCHEMES.join(' ')}`);
  // `redis:` alone (server from the environment) is a URL too; `name:x.ndjson` is a file.
  const [, scheme, slashes] = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec(target) ?? [];
  const factory = scheme === undefined ? undefined : URL_SINKS[scheme.toLowerCase()];
  if (factory !== undefined) return factory(target, options);
  if (slashes !== undefined) {
    throw new UsageError('BAD_TARGET', `-o ${target}: clickgen cannot write to ${scheme.toLowerCase()}:// URLs; it writes to ${OUTPUT_SCHEMES.join(' ')}, - (stdout) or a file path`);
  }
  if (isTemplate(target)) return Promise.resolve(new SplitFileSink(parseOutputPath(target)));
  return Promise.resolve(new FileSink(target, options.live === true));
}

function isTemplate(target: string): boolean {
  return /\{[^{}]+\}/.test(target.replaceAll('{{', '').replaceAll('}}', ''));
}

/** Columnar formats are files: stdout, one file, or a split or rolling template. */
function columnarSink(target: string | undefined, columnar: ColumnarOutput, options: SinkFactoryOptions): Promise<Sink> {
  if (target !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new UsageError('BAD_FLAG', `--format ${columnar.format}: writes files or stdout, not ${target}; send ndjson, csv or tsv there`);
  }
  if (options.roll !== undefined) return rollingSink(target, options.roll, columnar.partFiles);
  if (target === undefined || target === '-') return Promise.resolve(columnar.stdoutSink(new StreamSink(options.stdout, 'stdout')));
  return Promise.resolve(new SplitFileSink(parseOutputPath(target), null, columnar.partFiles));
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
