import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../clock/clock.js';
import { PARQUET_COMPRESSIONS, type ColumnarOptions } from '../encode/columnar/options.js';
import { createEncoder, FORMATS, type FormatName } from '../encode/create-encoder.js';
import { deriveRecordSchema } from '../records/derive.js';
import { run } from '../run.js';
import { runAhead } from '../run-ahead.js';
import { AheadPool } from '../ahead-pool.js';
import type { RunSummary } from '../run-summary.js';
import { createSink } from '../sinks/create-sink.js';
import { parseRoll } from '../sinks/roll-limit.js';
import type { Sink } from '../sinks/types.js';
import { TcpListenSink } from '../sinks/tcp-listen-sink.js';
import { isSpecialFile, unwritableFile } from '../sinks/writable-path.js';
import { UsageError } from '../errors.js';
import { writeLine, type CliIo } from './io.js';
import { parseChoice, parseIntegerInRange, parseNonNegativeInteger, parseNumberInRange, parsePositiveInteger } from './parse-flags.js';
import { parseDuration, parseStart } from '../time-text.js';
import { ProgressLine } from './progress.js';
import { scenarioFromFlags, type ScenarioFlags } from './scenario-flags.js';
import { avroOptionsFromFlags, checkContainerTarget, type AvroFlags } from './avro-flags.js';

export interface GenerateFlags extends ScenarioFlags, AvroFlags {
  readonly count?: string;
  readonly duration?: string;
  readonly start?: string;
  readonly format?: string;
  readonly formatFile?: string;
  readonly output?: string;
  readonly roll?: string;
  readonly rowGroupSize?: string;
  readonly compression?: string;
  readonly summary?: string;
  readonly header?: boolean;
  readonly progress?: boolean;
  readonly quiet?: boolean;
  readonly realtime?: boolean;
  readonly rate?: string;
  readonly warmupEvents?: string;
}

/** Highest --rate: far above what one process can encode, so it never caps a real run. */
export const MAX_RATE = 10_000_000;

/** Events written when neither -n nor --duration is given. */
export const DEFAULT_COUNT = 1000;

export async function generate(flags: GenerateFlags, io: CliIo): Promise<number> {
  // Check every flag before anything is opened, so bad input never leaves output behind.
  const realtime = flags.realtime === true;
  if (flags.rate !== undefined && !realtime) throw new UsageError('BAD_FLAG', `--rate ${flags.rate}: needs --realtime (without it events are written as fast as the output takes them)`);
  const rate = flags.rate === undefined ? undefined : parseNumberInRange('--rate', flags.rate, 0.001, MAX_RATE);
  if (flags.warmupEvents !== undefined && !realtime) throw new UsageError('BAD_FLAG', `--warmup-events ${flags.warmupEvents}: needs --realtime`);
  const warmupEvents = flags.warmupEvents === undefined ? undefined : parseNonNegativeInteger('--warmup-events', flags.warmupEvents);
  // In real time the run goes on until -n, --duration or a signal; a batch run has a default size.
  const defaultCount = realtime || flags.duration !== undefined ? undefined : DEFAULT_COUNT;
  const count = flags.count === undefined ? defaultCount : parsePositiveInteger('-n', flags.count);
  const duration = flags.duration === undefined ? undefined : parseDuration('--duration', flags.duration);
  // A live run starts now to the millisecond, so that nothing is due in a burst at the start.
  const start = flags.start !== undefined ? parseStart('--start', flags.start) : realtime ? Math.floor(systemClock.now()) : Math.floor(io.now() / 1000) * 1000;
  const format = flags.format === undefined ? undefined : parseChoice('--format', flags.format, FORMATS);
  if (flags.formatFile !== undefined && flags.format !== undefined) throw new UsageError('BAD_FLAG', '-f and --format: give one of them; -f writes lines from the format file');
  const roll = flags.roll === undefined ? undefined : parseRoll(flags.roll);
  const columnarOptions = columnarFlags(format, flags);
  if (flags.summary !== undefined) checkSummaryTarget(flags.summary);
  const { loaded, compiled, source } = scenarioFromFlags(flags);
  if (flags.quiet !== true) for (const warning of loaded.warnings) writeLine(io.stderr, `clickgen: warning: ${warning}`);
  const encoderOptions = { format, formatFile: flags.formatFile, header: flags.header, ...avroOptionsFromFlags(flags, format) };
  const encoder = createEncoder(compiled.schema, encoderOptions, compiled);
  if (encoder.trailer !== undefined) checkContainerTarget(flags.output, encoder.format);
  const controller = new AbortController();
  const columnar = columnarOptions === undefined ? undefined : { ...columnarOptions, records: deriveRecordSchema(compiled), output: compiled.schema };
  const sink: Sink = await createSink(flags.output, { defaults: compiled.sinks, env: io.env, stdout: io.stdout, signal: controller.signal, roll, columnar });
  // A sink that needs only bytes gets its real-time records from a worker thread (see run-ahead.ts).
  // A container format ends with a trailer from this thread's encoder, so it is encoded here.
  const ahead = realtime && sink.keyTemplate === undefined && sink.wantsObjects !== true && encoder.trailer === undefined && sink.wantsRows !== true;
  if (sink instanceof TcpListenSink && flags.quiet !== true) writeLine(io.stderr, `clickgen: listening on ${sink.description}; the run starts when a reader connects`);

  const showProgress = flags.quiet !== true && (flags.progress === true || (io.stderr as NodeJS.WriteStream).isTTY === true);
  const progress = showProgress ? await ProgressLine.create(count ?? null, io.stderr as NodeJS.WriteStream) : null;
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const began = performance.now();
  let summary: RunSummary;
  try {
    const end = duration === undefined ? undefined : start + duration;
    const onProgress = progress === null ? undefined : (p: { events: number }): void => progress.update(p.events);
    const live = flags.start === undefined;
    summary = ahead
      ? await runInPool((pool) => runAhead({ pool, source, compiled, encoderOptions, encoder, sink, start, count, end, rate, live, warmupEvents, signal: controller.signal, onProgress }))
      : await run({
          scenario: compiled,
          encoder,
          sink,
          start,
          count,
          end,
          signal: controller.signal,
          realtime: realtime ? { clock: systemClock, rate, live, warmupEvents } : undefined,
          onProgress,
        });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    progress?.stop();
  }
  const seconds = (performance.now() - began) / 1000;
  if (flags.summary !== undefined) writeSummary(flags.summary, summary);
  // A reader that stopped reading (`| head`) ends the run as wanted: say nothing, like other tools in a pipeline.
  if (flags.quiet !== true && summary.ended !== 'output-closed') writeLine(io.stderr, describe(summary, seconds, sink.description));
  return 0;
}

/**
 * One run at up to 100,000 events/s or more: a lead of 2.5 s and a large young generation
 * (fewer collections) kept every record within 20 ms at 100,000 events/s in three runs of
 * bench/realtime.ts; with 1 s and V8's default the worker fell behind once a run.
 */
const GENERATE_POOL = { aheadMs: 2_500, youngGenerationMb: 256 };

/** Runs with a worker thread of its own, ended afterwards. */
async function runInPool<T>(work: (pool: AheadPool) => Promise<T>): Promise<T> {
  const pool = new AheadPool(GENERATE_POOL);
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/** Rows per Parquet row group or Arrow record batch unless --row-group-size says otherwise. */
export const DEFAULT_ROW_GROUP_ROWS = 100_000;

/** --row-group-size and --compression, for the columnar formats only. */
function columnarFlags(format: FormatName | undefined, flags: GenerateFlags): ColumnarOptions | undefined {
  const columnar = format === 'parquet' || format === 'arrow' ? format : undefined;
  if (flags.compression !== undefined && columnar !== 'parquet') throw new UsageError('BAD_FLAG', `--compression ${flags.compression}: compresses Parquet only; add --format parquet`);
  if (flags.rowGroupSize !== undefined && columnar === undefined) throw new UsageError('BAD_FLAG', `--row-group-size ${flags.rowGroupSize}: applies to --format parquet or arrow`);
  if (columnar === undefined) return undefined;
  const rowGroupRows = flags.rowGroupSize === undefined ? DEFAULT_ROW_GROUP_ROWS : parseIntegerInRange('--row-group-size', flags.rowGroupSize, 1, 10_000_000);
  const compression = flags.compression === undefined ? 'zstd' : parseChoice('--compression', flags.compression, PARQUET_COMPRESSIONS);
  return { format: columnar, rowGroupRows, compression };
}

/** A summary that cannot be written is bad input: find out before the run, not after it. */
function checkSummaryTarget(path: string): void {
  const problem = unwritableFile(path);
  if (problem !== null) throw new UsageError('BAD_OUTPUT', `--summary ${path}: cannot write there (${problem})`);
}

function writeSummary(path: string, summary: RunSummary): void {
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    if (isSpecialFile(path)) {
      writeFileSync(path, text);
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError('BAD_OUTPUT', `--summary ${path}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function describe(summary: RunSummary, seconds: number, destination: string): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const ended = summary.ended === 'signal' ? ' (stopped by signal)' : summary.ended === 'output-closed' ? ' (output closed)' : '';
  const failed = summary.failed > 0 ? `, ${n(summary.failed)} failed` : '';
  return `clickgen: ${n(summary.events)} events, ${n(summary.sessions)} sessions, ${n(summary.distinct_users)} users to ${destination}${failed} in ${seconds.toFixed(2)} s (${n(Math.round(summary.events / Math.max(seconds, 1e-3)))} events/s)${ended}`;
}
