import { systemClock } from '../clock/clock.js';
import { PARQUET_COMPRESSIONS, type ColumnarOptions } from '../encode/columnar/options.js';
import { FORMATS, readFormatFile, type FormatName } from '../encode/create-encoder.js';
import { deriveRecordSchema } from '../records/derive.js';
import { checkChanges, columnarOutput, startRun, type RunSummary } from '../pipeline/start-run.js';
import { createSink } from '../sinks/create-sink.js';
import { parseRoll } from '../sinks/roll-limit.js';
import type { Sink } from '../sinks/types.js';
import { TcpListenSink } from '../sinks/tcp-listen-sink.js';
import { FileSink } from '../sinks/file-sink.js';
import { StreamSink } from '../sinks/stream-sink.js';
import { UsageError } from '../errors.js';
import { checkNotGzipped, formatFromName } from './format-from-name.js';
import { writeLine, type CliIo } from './io.js';
import { stopOnSignals } from './stop-signals.js';
import { parseChoice, parseIntegerInRange, parseNonNegativeInteger, parseNumberInRange, parsePositiveInteger } from './parse-flags.js';
import { isDateMs, MAX_DATE_MS, parseDuration, parseStart } from '../time/time-text.js';
import { ProgressLine } from './progress.js';
import { printSample } from './sample.js';
import { checkSummaryTarget, writeSummary } from './summary-file.js';
import { runSettings } from './run-settings.js';
import { scenarioFromFlags, type ScenarioFlags } from './scenario-flags.js';
import { checkBadRecordKinds, faultOverrides, type FaultFlags } from './fault-flags.js';
import { notWithShard, shardFromFlags, type ShardFlags } from './shard-flags.js';
import { avroOptionsFromFlags, checkContainerTarget, type AvroFlags } from './avro-flags.js';
import { wireEncoderFor, wireTargetOf } from './kafka-wire.js';
import { checkDriftFormat, planDrift, runEncoder } from '../faults/drift-run.js';
import { DriftKey } from '../faults/drift-key.js';

export interface GenerateFlags extends ScenarioFlags, ShardFlags, AvroFlags, FaultFlags {
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
  readonly sample?: string;
  readonly workers?: string;
}

/** Most worker threads: beyond the cores of any machine this runs on, every thread only adds merging. */
export const MAX_WORKERS = 256;

/** Highest --rate: far above what one process can encode, so it never caps a real run. */
export const MAX_RATE = 10_000_000;

/** Events written when neither -n nor --duration is given. */
export const DEFAULT_COUNT = 1000;

export async function generate(flags: GenerateFlags, io: CliIo): Promise<number> {
  if (flags.sample !== undefined) return printSample(flags.sample, flags, io);
  // Check every flag before anything is opened, so bad input never leaves output behind.
  const realtime = flags.realtime === true;
  if (flags.rate !== undefined && !realtime) throw new UsageError('BAD_FLAG', `--rate ${flags.rate}: needs --realtime (without it events are written as fast as the output takes them)`);
  const rate = flags.rate === undefined ? undefined : parseNumberInRange('--rate', flags.rate, 0.001, MAX_RATE);
  if (flags.warmupEvents !== undefined && !realtime) throw new UsageError('BAD_FLAG', `--warmup-events ${flags.warmupEvents}: needs --realtime`);
  const warmupEvents = flags.warmupEvents === undefined ? undefined : parseNonNegativeInteger('--warmup-events', flags.warmupEvents);
  // Both only shape the answer key, which only --summary writes: without it they would do nothing.
  if (flags.summary === undefined) {
    if (flags.watermark !== undefined) throw new UsageError('BAD_FLAG', `--watermark ${flags.watermark}: needs --summary (what each watermark drops is written in the answer key); add --summary FILE, or leave out --watermark`);
    if (flags.summaryWindow !== undefined) throw new UsageError('BAD_FLAG', `--summary-window ${flags.summaryWindow}: needs --summary (the per-window counts are written in the answer key); add --summary FILE, or leave out --summary-window`);
  }
  const shard = shardFromFlags(flags, io.env);
  if (shard !== undefined) checkShardable(flags, realtime);
  const workers = flags.workers === undefined ? 1 : parseWorkers(flags.workers);
  // In real time the run goes on until -n, --duration or a signal; a batch run has a default size.
  const defaultCount = realtime || flags.duration !== undefined ? undefined : DEFAULT_COUNT;
  const count = flags.count === undefined ? defaultCount : parsePositiveInteger('-n', flags.count);
  const duration = flags.duration === undefined ? undefined : parseDuration('--duration', flags.duration);
  // A live run starts now to the millisecond, so that nothing is due in a burst at the start.
  const start = flags.start !== undefined ? parseStart('--start', flags.start) : realtime ? Math.floor(systemClock.now()) : Math.floor(io.now() / 1000) * 1000;
  if (flags.formatFile !== undefined && flags.format !== undefined) throw new UsageError('BAD_FLAG', '-f and --format: give one of them; -f writes lines from the format file');
  // Without --format (or -f) the file's name says the format: `-o events.parquet` is Parquet.
  const format = flags.format !== undefined ? parseChoice('--format', flags.format, FORMATS) : flags.formatFile === undefined ? formatFromName(flags.output) : undefined;
  const formatGiven = flags.format !== undefined ? `--format ${format}` : `-o ${flags.output}`;
  checkNotGzipped(flags.output, format);
  checkHeaderFlag(flags, format);
  if (flags.formatFile === undefined && !flags.output?.includes('://')) checkBadRecordKinds(flags, format ?? 'ndjson');
  const roll = flags.roll === undefined ? undefined : parseRoll(flags.roll);
  const columnarOptions = columnarFlags(format, flags);
  if (flags.summary !== undefined) checkSummaryTarget(flags.summary, '--summary', flags.output);
  const faultSets = faultOverrides(flags);
  const { loaded, compiled } = scenarioFromFlags(faultSets.size === 0 ? flags : { ...flags, set: [...faultSets.keys(), ...(flags.set ?? [])] }, io.env, faultSets);
  checkChanges(compiled, start, duration === undefined ? undefined : start + duration);
  // Late delivery and faults reorder, drop and repeat records: the run's first N events are
  // then not its first N records, and which they are no worker knows on its own.
  if (workers > 1 && count !== undefined && compiled.delivery !== null) {
    throw new UsageError('BAD_FLAG', `--workers ${workers} with ${flags.count === undefined ? `the default count of ${count} events` : `-n ${count}`} and late delivery or faults: which events are the run's first ${count} no worker knows; give --duration, or use --workers 1`);
  }
  if (flags.quiet !== true) for (const warning of loaded.warnings) writeLine(io.stderr, `clickgen: warning: ${warning}`);
  const fromEnvironment = loaded.fromEnvironment ?? {};
  if (flags.quiet !== true && Object.keys(fromEnvironment).length > 0) writeLine(io.stderr, `clickgen: params from the environment: ${environmentText(fromEnvironment)}`);
  // The format file is read once: worker threads get its text.
  const formatText = flags.formatFile === undefined ? undefined : readFormatFile(flags.formatFile);
  const encoderOptions = { format, formatFile: flags.formatFile, formatText, header: flags.header, ...avroOptionsFromFlags(flags, format) };
  const wireTarget = wireTargetOf(flags.output, compiled, io.env);
  if (wireTarget !== null && (flags.format !== undefined || flags.formatFile !== undefined)) {
    throw new UsageError('BAD_FLAG', `${flags.format === undefined ? '-f' : `--format ${flags.format}`} with -o ${flags.output}: the Kafka target's format= sets the format; give one of them`);
  }
  if (workers > 1) checkWorkable(flags, workers, formatGiven, { columnar: columnarOptions !== undefined, container: format === 'avro' && wireTarget === null, wire: wireTarget !== null });
  const end = duration === undefined ? undefined : start + duration;
  // Beyond the last date events have no timestamp, and a run without a count would not end.
  if (end !== undefined && !isDateMs(end)) throw new UsageError('BAD_FLAG', `--duration ${flags.duration}: ends the run after ${new Date(MAX_DATE_MS).toISOString()}, the last date a timestamp can hold; give a shorter duration or an earlier --start`);
  const drift = planDrift(compiled, start, end, loaded.source);
  if (drift !== null && wireTarget === null && format !== undefined) checkDriftFormat(format, `--format ${format}`);
  const wire = wireTarget === null ? null : await wireEncoderFor(wireTarget, compiled, drift);
  const encoder = wire?.encoder ?? runEncoder(compiled, encoderOptions, drift);
  if (encoder.trailer !== undefined) checkContainerTarget(flags.output, encoder.format, formatGiven);
  const controller = new AbortController();
  const columnar = columnarOptions === undefined ? undefined : await columnarOutput({ ...columnarOptions, records: deriveRecordSchema(compiled), output: compiled.schema });
  const sink: Sink = await createSink(flags.output, { defaults: compiled.sinks, env: io.env, stdout: io.stdout, signal: controller.signal, kafkaKeyBytes: wire?.keyBytes, roll, columnar, live: realtime, notice: flags.quiet === true ? undefined : (line) => writeLine(io.stderr, `clickgen: ${line}`) });
  if (sink instanceof TcpListenSink && flags.quiet !== true) writeLine(io.stderr, `clickgen: listening on ${sink.description}; the run starts when a reader connects`);
  // A start far back is history written first at full speed: say how much, since a start off by a year is gigabytes.
  const history = realtime && flags.start !== undefined ? systemClock.now() - start : 0;
  if (history >= BACKFILL_NOTICE_MS && flags.quiet !== true) {
    writeLine(io.stderr, `clickgen: writing the ${historyText(history)} of history since --start ${flags.start} as fast as the output takes it, then in real time${end === undefined ? '' : ` until ${new Date(end).toISOString()}`}`);
  }

  const showProgress = flags.quiet !== true && (flags.progress === true || (io.stderr as NodeJS.WriteStream).isTTY === true);
  const plan = { count: count ?? null, start, end: end ?? null, realtime: realtime ? { rate: rate ?? null } : null };
  const progress = showProgress ? await ProgressLine.create(plan, io.stderr as NodeJS.WriteStream) : null;
  const stopListening = stopOnSignals(controller, io, 'clickgen');
  const began = performance.now();
  let summary: RunSummary;
  try {
    const onProgress = progress === null ? undefined : (p: { events: number; eventTime: number }): void => progress.update(p);
    summary = await startRun({
      scenario: compiled,
      encoder,
      // A container format ends with a trailer from this thread's encoder, and registry ids are
      // known here only: such records are encoded in this thread.
      // A container trailer, wire framing and columnar rows are made in this thread, so those runs have no worker recipe.
      encoderRecipe: encoder.trailer === undefined && wire === null && columnar === undefined ? { options: encoderOptions, sse: false } : undefined,
      sink,
      start,
      count,
      end,
      shard,
      workers,
      drift: drift === null ? undefined : new DriftKey(drift.versions, wire?.schemaIds),
      realtime: realtime ? { rate, live: flags.start === undefined, warmupEvents } : undefined,
      signal: controller.signal,
      onProgress,
      answerKey: flags.summary !== undefined,
    });
  } finally {
    stopListening();
    progress?.stop();
  }
  // A run to tcp:// starts when its first reader connects: the wait before is not the run's time.
  const seconds = (performance.now() - (sink instanceof TcpListenSink ? (sink.firstReaderAt ?? began) : began)) / 1000;
  // Params from the environment are part of what made the data: the summary says which.
  if (flags.summary !== undefined) {
    const withParams = Object.keys(fromEnvironment).length === 0 ? summary : { ...summary, params_from_environment: fromEnvironment };
    // A shard's summary says what run it is of, so that `summary merge` refuses parts of different runs.
    const header = headerBytes(sink, encoder, columnar !== undefined);
    const written =
      withParams.shard === undefined
        ? withParams
        : { ...withParams, shard: { ...withParams.shard, end: end === undefined ? null : new Date(end).toISOString(), settings: runSettings(flags, encoder.format), ...(header === null ? {} : { header_bytes: header }) } };
    await writeSummary(flags.summary, written, '--summary', io.stdout);
  }
  // A reader that stopped reading (`| head`) ends the run as wanted: say nothing, like other tools in a pipeline.
  // Ctrl-C asks for the summary, also when the reader had gone before it (`-o tcp://` waits for the next one).
  if (flags.quiet !== true && (summary.ended !== 'output-closed' || controller.signal.aborted)) writeLine(io.stderr, describe(summary, seconds, sink.description));
  return 0;
}

/**
 * The bytes of the header (CSV, TSV) that a shard's one file or stream starts with, 0 for
 * none, as the single run's starts with it once: `summary merge` counts it once, not once a
 * shard. Null where the shards' bytes do not add up to the single run's so: a header in every
 * file of a template, or a container or columnar file whose blocks the shards cut elsewhere.
 */
function headerBytes(sink: Sink, encoder: { header(): Uint8Array | null; trailer?: unknown }, columnar: boolean): number | null {
  if (columnar || encoder.trailer !== undefined || !(sink instanceof FileSink || sink instanceof StreamSink)) return null;
  return encoder.header()?.length ?? 0;
}

/** History before a real-time run that --start asks for, from which the run says how much it backfills. */
const BACKFILL_NOTICE_MS = 60 * 60_000;

/** `3.5 hours`, `12 days`, `2.9 years`. */
function historyText(ms: number): string {
  const hours = ms / 3_600_000;
  const [value, unit] = hours < 48 ? [hours, 'hours'] : hours < 24 * 730 ? [hours / 24, 'days'] : [hours / (24 * 365.25), 'years'];
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ${unit}`;
}

/** Rows per Parquet row group or Arrow record batch unless --row-group-size says otherwise. */
export const DEFAULT_ROW_GROUP_ROWS = 100_000;

/** --row-group-size and --compression, for the columnar formats only. */
function columnarFlags(format: FormatName | undefined, flags: GenerateFlags): ColumnarOptions | undefined {
  const columnar = format === 'parquet' || format === 'arrow' ? format : undefined;
  if (flags.compression !== undefined && columnar !== 'parquet') {
    const instead = format === 'avro' ? `Avro's blocks take --avro-codec ${flags.compression}` : 'add --format parquet';
    throw new UsageError('BAD_FLAG', `--compression ${flags.compression}: compresses Parquet only; ${instead}`);
  }
  if (flags.rowGroupSize !== undefined && columnar === undefined) throw new UsageError('BAD_FLAG', `--row-group-size ${flags.rowGroupSize}: applies to --format parquet or arrow`);
  if (columnar === undefined) return undefined;
  const rowGroupRows = flags.rowGroupSize === undefined ? DEFAULT_ROW_GROUP_ROWS : parseIntegerInRange('--row-group-size', flags.rowGroupSize, 1, 10_000_000);
  const compression = flags.compression === undefined ? 'zstd' : parseChoice('--compression', flags.compression, PARQUET_COMPRESSIONS);
  return { format: columnar, rowGroupRows, compression };
}

/** --no-header: only CSV and TSV write a header line (a Kafka target's format= may be CSV: its records have none to leave out either way). */
function checkHeaderFlag(flags: GenerateFlags, format: FormatName | undefined): void {
  if (flags.header !== false) return;
  const csv = format === 'csv' || format === 'tsv';
  const target = flags.output?.includes('://') === true && format === undefined && flags.formatFile === undefined;
  if (!csv && !target) throw new UsageError('BAD_FLAG', `--no-header: only CSV and TSV have a header line to leave out, and ${flags.formatFile !== undefined ? '-f writes lines from its template' : `this run writes ${format ?? 'ndjson'}`}; add --format csv or tsv, or leave out --no-header`);
}

/** `NUM_USERS=500, CONVERSION_RATE=0.2` */
function environmentText(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** --workers: 1 to MAX_WORKERS. */
function parseWorkers(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) throw new UsageError('BAD_FLAG', `--workers ${text}: must be a whole number from 1 to ${MAX_WORKERS}`);
  return n;
}

/**
 * What worker threads cannot honour: each worker encodes its records and the main thread
 * writes them whole, so outputs whose bytes are made while writing stay in one thread.
 */
function checkWorkable(flags: GenerateFlags, workers: number, formatGiven: string, made: { columnar: boolean; container: boolean; wire: boolean }): void {
  const why = made.columnar
    ? `${formatGiven} builds its columns in the thread that writes the file`
    : made.container
      ? `${formatGiven} writes one container whose blocks are made in the thread that writes it`
      : made.wire
        ? `-o ${flags.output} frames records with schema ids known to the thread that writes`
        : null;
  if (why !== null) throw new UsageError('BAD_FLAG', `--workers ${workers}: ${why}; worker threads write NDJSON, CSV, TSV and line templates (-f); use --workers 1`);
}

/**
 * What a shard cannot honour: a count of events belongs to the whole run (the first n
 * events of all users), and a shard does not know the others' events. A rate can be split:
 * each of N shards holds an N-th of it.
 */
function checkShardable(flags: GenerateFlags, realtime: boolean): void {
  if (flags.count !== undefined) throw notWithShard(`-n ${flags.count}`, 'a count of events belongs to the whole run and cannot be split by user; give --duration');
  if (!realtime && flags.duration === undefined) throw notWithShard('generate', 'give --duration (a count of events cannot be split by user)');
}

function describe(summary: RunSummary, seconds: number, destination: string): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const ended = summary.ended === 'signal' ? ' (stopped by signal)' : summary.ended === 'output-closed' ? ' (output closed)' : '';
  const failed = summary.failed > 0 ? `, ${n(summary.failed)} failed` : '';
  return `clickgen: ${n(summary.events)} events, ${n(summary.sessions)} sessions, ${n(summary.distinct_users)} users to ${destination}${failed} in ${seconds.toFixed(2)} s (${n(Math.round(summary.events / Math.max(seconds, 1e-3)))} events/s)${ended}`;
}
