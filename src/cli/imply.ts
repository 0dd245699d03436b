import { readFileSync } from 'node:fs';
import { ImplyFormatFileEncoder } from '../encode/imply-format-file.js';
import { createJinjaEncoder } from '../encode/jinja-template.js';
import { PythonJsonEncoder } from '../encode/python-json.js';
import type { Encoder } from '../encode/types.js';
import { UsageError } from '../errors.js';
import { startRun } from '../pipeline/start-run.js';
import { parseIsoInstant } from '../scenario/importers/imply/iso-time.js';
import { loadImplyConfig, readText, type LoadedImplyConfig } from '../scenario/importers/imply/load-imply.js';
import { readScheduleText } from '../scenario/importers/imply/schedule.js';
import { createSink } from '../sinks/create-sink.js';
import { TcpListenSink } from '../sinks/tcp-listen-sink.js';
import { writeLine, type CliIo } from './io.js';
import { stopOnSignals } from './stop-signals.js';
import { parseNonNegativeInteger } from './parse-flags.js';
import { notWithShard, shardFromFlags, type ShardFlags } from './shard-flags.js';
import { parseDuration } from '../time/time-text.js';

export interface ImplyFlags extends ShardFlags {
  readonly config: string;
  readonly formatFile?: string;
  readonly template?: string;
  readonly maxWorkers?: string;
  readonly count?: string;
  readonly runtime?: string;
  readonly start?: string;
  readonly seed?: string;
  readonly schedule?: string;
  readonly output?: string;
  readonly validate?: boolean;
  readonly quiet?: boolean;
}

const MAX_WORKERS = 100_000;
/** The Python tool's default worker cap (`-m`). */
const DEFAULT_MAX_WORKERS = '100';
const MAX_SEED = 2 ** 32 - 1;

/**
 * `clickgen imply`: runs an Imply event generator config with generator.py's flags.
 * Records go to stdout (or `-o`), status to stderr. With `-s` the clock is simulated
 * and records come as fast as they are written; without it the simulation starts now
 * and each record is held until its time comes.
 */
export async function implyCommand(flags: ImplyFlags, io: CliIo): Promise<number> {
  const maxWorkers = parseWorkers(flags.maxWorkers ?? DEFAULT_MAX_WORKERS);
  if (flags.count !== undefined && flags.runtime !== undefined) throw new UsageError('BAD_FLAG', '-n and -r: give one of them (a record count or a run time)');
  if (flags.formatFile !== undefined && flags.template !== undefined) throw new UsageError('BAD_FLAG', '-f and -t: give one of them (a format file or a template of the config)');
  const shard = shardFromFlags(flags, io.env);
  if (shard !== undefined && flags.count !== undefined) throw notWithShard(`-n ${flags.count}`, 'a record count belongs to the whole run and cannot be split by user; give -r');
  const count = flags.count === undefined ? undefined : parseNonNegativeInteger('-n', flags.count);
  const runtime = flags.runtime === undefined ? undefined : parseDuration('-r', flags.runtime);
  const simulated = flags.start !== undefined;
  const start = flags.start === undefined ? io.now() : parseStartFlag(flags.start);
  const seed = flags.seed === undefined ? 0 : parseNonNegativeInteger('--seed', flags.seed);
  if (seed > MAX_SEED) throw new UsageError('BAD_FLAG', `--seed ${flags.seed}: must be a whole number from 0 to ${MAX_SEED}`);
  const schedule = flags.schedule === undefined ? undefined : readScheduleText(readText(flags.schedule, '--schedule'), flags.schedule);

  const loaded = loadImplyConfig(flags.config, seed, { maxWorkers, schedule });
  if (flags.quiet !== true) for (const warning of loaded.imported.warnings) writeLine(io.stderr, `clickgen: warning: ${warning}`);
  const encoder = await chooseEncoder(flags, loaded, io);
  if (flags.validate === true) return 0;

  const controller = new AbortController();
  const stopListening = stopOnSignals(controller, io, 'clickgen imply');
  // The signal also ends the wait for a reader of -o tcp://, as in generate.
  const sink = await createSink(flags.output, { defaults: loaded.compiled.sinks, env: io.env, stdout: io.stdout, signal: controller.signal, notice: flags.quiet === true ? undefined : (line) => writeLine(io.stderr, `clickgen imply: ${line}`) });
  if (sink instanceof TcpListenSink && flags.quiet !== true) writeLine(io.stderr, `clickgen imply: listening on ${sink.description}; the run starts when a reader connects`);
  if (flags.quiet !== true) {
    const clock = simulated ? `simulated clock from ${new Date(start).toISOString()}` : 'real time';
    writeLine(io.stderr, `clickgen imply: ${flags.config} (${loaded.imported.format === 'typed' ? 'typed states' : 'older format'}), at most ${maxWorkers} workers, ${clock}, seed ${seed}`);
  }
  const began = performance.now();
  try {
    const summary = await startRun({
      scenario: loaded.compiled,
      encoder,
      sink,
      start,
      count,
      end: runtime === undefined ? undefined : start + runtime,
      shard,
      signal: controller.signal,
      // Without -s each record goes out when it happens, on the same real-time clock as
      // `generate --realtime`. As in the original, the run starts now with no sessions open
      // and a record is due at its own time (the first after its delay), not re-anchored.
      realtime: simulated ? undefined : { live: false, warmupEvents: 0 },
    });
    if (flags.quiet !== true) {
      const seconds = (performance.now() - began) / 1000;
      const ended = summary.ended === 'complete' ? '' : summary.ended === 'signal' ? ' (stopped by signal)' : ' (output closed)';
      writeLine(io.stderr, `clickgen imply: ${summary.events.toLocaleString('en-US')} record${summary.events === 1 ? '' : 's'} to ${sink.description} in ${seconds.toFixed(2)} s${ended}`);
    }
  } finally {
    stopListening();
  }
  return 0;
}

async function chooseEncoder(flags: ImplyFlags, loaded: LoadedImplyConfig, io: CliIo): Promise<Encoder> {
  const { imported, compiled } = loaded;
  if (flags.formatFile !== undefined) {
    if (imported.templates.size > 0) {
      throw new UsageError('BAD_FLAG', `-f ${flags.formatFile}: ${flags.config} defines templates (${[...imported.templates.keys()].join(', ')}); choose one with -t instead of -f`);
    }
    const text = readFormatFile(flags.formatFile);
    return new ImplyFormatFileEncoder(compiled.schema, text, flags.formatFile, { emitters: imported.emitters, floatFields: imported.floatFields, env: io.env });
  }
  if (flags.template !== undefined) {
    if (imported.templates.size === 0) throw new UsageError('IMPLY_CONFIG', `-t ${flags.template}: ${flags.config} has no templates block`);
    const template = imported.templates.get(flags.template);
    if (template === undefined) {
      throw new UsageError('IMPLY_CONFIG', `-t ${flags.template}: no such template in ${flags.config}; available: ${[...imported.templates.keys()].join(', ')}`);
    }
    return createJinjaEncoder(compiled.schema, { name: flags.template, ...template }, io.env);
  }
  return new PythonJsonEncoder(compiled.schema, imported.floatFields);
}

function readFormatFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('FORMAT_FILE', `-f ${file}: cannot read the format file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function parseWorkers(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) throw new UsageError('BAD_FLAG', `-m ${text}: the number of workers must be a whole number from 1 to ${MAX_WORKERS}`);
  return n;
}

function parseStartFlag(text: string): number {
  const ms = parseIsoInstant(text);
  if (ms === null) throw new UsageError('BAD_FLAG', `-s ${text}: not an ISO 8601 date-time; e.g. -s 2024-01-01T00:00:00 (UTC unless it has an offset)`);
  return ms;
}
