import type { Writable } from 'node:stream';
import type { Clock } from '../clock/clock.js';
import { createEncoder } from '../encode/create-encoder.js';
import type { Encoder } from '../encode/types.js';
import { UsageError } from '../errors.js';
import { badKindsFor, checkChanges, startRun, type AheadPool, type RunSummary } from '../pipeline/start-run.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { StreamSink } from '../sinks/stream-sink.js';
import { SseEncoder } from '../encode/sse.js';
import { BadParameter, LIMITS, STREAM_FORMATS, type StreamFormat } from './stream-params.js';
import type { StreamInfo, StreamRegistry } from './stream-registry.js';

/** One stream to serve. */
export interface StreamSpec {
  readonly scenario: CompiledScenario;
  readonly format: StreamFormat;
  /** Frame each record as a Server-Sent Event. */
  readonly sse: boolean;
  /** Events per second; null writes the events at once (the fixed sample). */
  readonly rate: number | null;
  readonly count?: number;
  /** Due times end this long after the start, ms. */
  readonly durationMs?: number;
  /** Simulated start, epoch ms; default now. */
  readonly start?: number;
  /** Events of simulated history before a paced stream starts (RealtimeOptions.warmupEvents). */
  readonly warmupEvents?: number;
}

export interface StreamContext {
  readonly id: number;
  readonly path: string;
  readonly client: string;
  readonly clock: Clock;
  readonly registry: StreamRegistry;
  /** Simulates paced streams in a worker thread (see run-ahead.ts). */
  readonly pool: AheadPool;
}

/**
 * Refuses a stream that its run would refuse, while the response can still say so (a run
 * fails only after the response has started): timeline windows and experiments that do not
 * fit the stream from `start` to the end of its duration, as `generate --duration` checks
 * them; bad records its format cannot show; schema drift, which serve does not write. A
 * BadParameter names the query parameter that would change the answer, and its valid values.
 */
export function checkStream(spec: StreamSpec, start: number): void {
  const { scenario, durationMs } = spec;
  if ((scenario.faults?.drift.length ?? 0) > 0) throw new UsageError('SCENARIO_INVALID', `${scenario.name}: ${DRIFT_NOT_SERVED}`);
  try {
    checkChanges(scenario, start);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.code, `the stream from ${iso(start)}: ${error.message}`);
    throw error;
  }
  const needed = timelineSeconds(scenario, start);
  if (durationMs !== undefined && needed * 1000 > durationMs) {
    const windows = `the timeline windows of ${scenario.name} end ${needed} s after the stream's start`;
    const max = LIMITS.duration.max;
    if (needed > max) throw new UsageError('SCENARIO_INVALID', `${windows}, past the longest stream (duration=${max}); a window lies within the stream`);
    throw new BadParameter('duration', String(durationMs / 1000), `seconds from ${needed} to ${max}: ${windows}`);
  }
  const faults = scenario.faults;
  if (faults !== null && faults.badShare > 0) {
    try {
      badKindsFor(faults, spec.format);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const formats = STREAM_FORMATS.filter((format) => writesBroken(faults, format));
      throw formats.length === 0 ? error : new BadParameter('format', spec.format, `${formats.join(' or ')} (${error.message})`);
    }
  }
}

/** Whole seconds from `start` to the end of the last timeline window; 0 without one. */
function timelineSeconds(scenario: CompiledScenario, start: number): number {
  const ends = (scenario.timeline ?? []).map(({ to }) => (to.afterStart ? start + to.ms : to.ms));
  return Math.ceil((Math.max(start, ...ends) - start) / 1000);
}

function writesBroken(faults: NonNullable<CompiledScenario['faults']>, format: StreamFormat): boolean {
  try {
    badKindsFor(faults, format);
    return true;
  } catch {
    return false;
  }
}

/** Why serve refuses a scenario with schema drift. */
export const DRIFT_NOT_SERVED = "faults.drift is written by generate (to files, stdout and Kafka); serve streams the scenario's own records, so leave faults.drift out";

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** After the duration, a client that is still behind gets this long to take what is due before the stream ends. */
const OVERRUN_MS = 2_000;
/** A stopped stream whose client takes nothing at all is cut off after this long. */
const STALL_MS = 2_000;

/**
 * Streams to one client with a sink that writes to its socket: a paced stream is made in
 * the server's simulation thread and released here when due (src/pipeline/run-ahead.ts), the fixed
 * sample is written at once. The stream ends at its count or duration, when the client leaves, or when stopped
 * (shutdown): whole records, then the end of the response. A slow client is never
 * buffered for: the pipeline waits for it, its events keep their due times, and its
 * achieved rate drops.
 */
export async function serveStream(out: Writable, spec: StreamSpec, context: StreamContext): Promise<RunSummary> {
  const base = createEncoder(spec.scenario.schema, { format: spec.format });
  const encoder: Encoder = spec.sse ? new SseEncoder(base) : base;
  const sink = new StreamSink(out, `client ${context.client}`);
  const controller = new AbortController();
  let stall: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (controller.signal.aborted) return;
    controller.abort();
    // The run ends after the batch in hand; a client that takes nothing would hold it forever.
    stall = setTimeout(() => out.destroy(), STALL_MS);
  };
  const onClose = (): void => controller.abort();
  out.once('close', onClose);
  const start = spec.start ?? Math.floor(context.clock.now());
  let overrun: NodeJS.Timeout | undefined;
  let delivering = false;
  const info: StreamInfo = {
    id: context.id,
    path: context.path,
    scenario: spec.scenario.name,
    format: spec.sse ? `${spec.format}+sse` : spec.format,
    targetRate: spec.rate,
    started: start,
    client: context.client,
    stats: () => sink.stats(),
    stop,
  };
  context.registry.add(info);
  try {
    // The stream's clock starts with its first event, after its history was simulated.
    const onProgress = (): void => {
      if (delivering) return;
      delivering = true;
      info.started = context.clock.now();
      if (spec.durationMs !== undefined) overrun = setTimeout(stop, spec.durationMs + OVERRUN_MS);
    };
    const end = spec.durationMs === undefined ? undefined : start + spec.durationMs;
    return await startRun({
      scenario: spec.scenario,
      encoder,
      encoderRecipe: { options: { format: spec.format }, sse: spec.sse },
      sink,
      start,
      count: spec.count,
      end,
      // The fixed sample (no rate) is written at once.
      realtime: spec.rate === null ? undefined : { rate: spec.rate, live: true, warmupEvents: spec.warmupEvents },
      pool: context.pool,
      signal: controller.signal,
      onProgress,
    });
  } finally {
    clearTimeout(overrun);
    clearTimeout(stall);
    out.off('close', onClose);
    context.registry.remove(context.id);
  }
}
