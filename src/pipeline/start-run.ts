/**
 * The one entry to a run: the CLI (`generate`, `imply`) and the server say what to run,
 * and this decides how: in this thread; simulated in a worker thread and released here when
 * due (real time to a sink that takes bytes alone); or split over worker threads by user and
 * merged here (`workers`), in batch or real time.
 */
import { systemClock } from '../clock/clock.js';
import { UsageError } from '../errors.js';
import type { EncoderOptions } from '../encode/create-encoder.js';
import type { Encoder } from '../encode/types.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { Shard } from '../engine/shards.js';
import type { Sink } from '../sinks/types.js';
import type { DriftKey } from '../faults/drift-key.js';
import { keysChanges } from '../faults/timeline-key.js';
import { run } from './run.js';
import { runAhead } from './run-ahead.js';
import { runWorkers } from './run-workers.js';
import type { RunSummary } from './run-summary.js';
import { AheadPool } from './worker/ahead-pool.js';

export { columnarOutput } from './columnar/columnar-output.js';
// The timeline and experiments, and the bad records' kinds for a format, are checked against
// the run before any output is opened.
export { checkChanges } from '../engine/behaviour.js';
export { badKindsFor } from '../faults/record-faults.js';

export { AheadPool };
export { DEFAULT_WARMUP_EVENTS } from './pacing/realtime.js';
// Events as plain objects, for the commands that print a few (generate --sample, describe).
export { simulateForCli } from './simulate.js';
export { mergeSummaries, type MergedSummary } from './summary-merge.js';
export type { RunSummary, Shard };

/** How another thread builds the same encoder as `encoder`. */
export interface EncoderRecipe {
  readonly options: EncoderOptions;
  /** Frame each record as a Server-Sent Event. */
  readonly sse: boolean;
}

/** Real time: each record goes out when it is due on the system clock. */
export interface RealtimeRequest {
  /** Events per second of the whole run, all shards together; without it, the scenario's own rates and curves. */
  readonly rate?: number;
  /** The run starts now (anchored when its first event is due); without it, at `start`. */
  readonly live: boolean;
  readonly warmupEvents?: number;
}

export interface StartRunOptions {
  /** The run's scenario; a worker thread compiles the same from its validated source. */
  readonly scenario: CompiledScenario;
  readonly encoder: Encoder;
  /** How a worker thread builds the same encoder; without it the run stays in this thread. */
  readonly encoderRecipe?: EncoderRecipe;
  readonly sink: Sink;
  readonly start: number;
  readonly count?: number;
  readonly end?: number;
  /** Run only this shard's users (src/engine/shards.ts); without it, the whole run. */
  readonly shard?: Shard;
  /**
   * Worker threads that simulate shards of the run, merged here into the same records in the
   * same order as one thread writes, keys included (default 1: all in this thread); in real
   * time each holds its share of the rate. Needs an encoder recipe and a sink that does not
   * build columns.
   */
  readonly workers?: number;
  /** Without it, records are written as fast as the sink takes them. */
  readonly realtime?: RealtimeRequest;
  /** A worker thread shared by many runs (the server's); without it a real-time run that needs one starts its own. */
  readonly pool?: AheadPool;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { events: number; eventTime: number }) => void;
  /** Whether the summary gets the answer key's windows, watermarks and faults (default true). */
  readonly answerKey?: boolean;
  /** With schema drift, where each drifted shape first appears (answer key `drift`), kept in this thread. */
  readonly drift?: DriftKey;
}

/**
 * One run at up to 100,000 events/s or more: a lead of 2.5 s and a large young generation
 * (fewer collections) kept every record within 20 ms at 100,000 events/s in three runs of
 * bench/realtime.ts; with 1 s and V8's default the worker fell behind once a run.
 */
const RUN_POOL = { aheadMs: 2_500, youngGenerationMb: 256 };

/** Runs to the end (its count, end, the signal, or a reader that left) and returns what was written. */
export async function startRun(options: StartRunOptions): Promise<RunSummary> {
  const { scenario, encoder, encoderRecipe: recipe, sink, start, count, end, shard, signal, onProgress, drift } = options;
  // The rate is the whole run's: each of N shards holds an N-th, exactly, on its own schedule
  // (a shard's arrivals are steered so that its own users fill it), so N shards hold the rate.
  const realtime = options.realtime?.rate === undefined || shard === undefined ? options.realtime : { ...options.realtime, rate: options.realtime.rate / shard.count };
  const workers = options.workers ?? 1;
  if (workers > 1) {
    const cannot = sink.wantsRows === true ? `a columnar output (${sink.description})` : recipe === undefined || recipe.sse ? 'an encoder built in this thread only' : null;
    if (cannot !== null) throw new UsageError('BAD_FLAG', `workers ${workers} with ${cannot}: worker threads encode records themselves and the thread that writes takes them whole; use one worker`);
    const paced = realtime === undefined ? undefined : { ...realtime, ...RUN_POOL };
    return runWorkers({ compiled: scenario, encoderOptions: recipe!.options, encoder, sink, workers, start, count, end, shard, realtime: paced, signal, onProgress, drift, answerKey: options.answerKey });
  }
  // A sink that needs only bytes gets its real-time records from a worker thread (see run-ahead.ts).
  // Faults are decided and counted in the thread that writes, and the timeline and
  // experiment parts of the answer key from the engine of that thread.
  if (realtime === undefined || recipe === undefined || sink.keyTemplate !== undefined || sink.wantsObjects === true || scenario.faults !== null || (options.answerKey !== false && keysChanges(scenario))) {
    const paced = realtime === undefined ? undefined : { clock: systemClock, ...realtime };
    return run({ scenario, encoder, sink, start, count, end, shard, signal, onProgress, realtime: paced, drift, answerKey: options.answerKey });
  }
  const inPool = (pool: AheadPool): Promise<RunSummary> =>
    runAhead({
      pool,
      compiled: scenario,
      encoderOptions: recipe.options,
      sse: recipe.sse,
      encoder,
      sink,
      start,
      count,
      end,
      shard,
      rate: realtime.rate,
      live: realtime.live,
      warmupEvents: realtime.warmupEvents,
      signal,
      onProgress,
    });
  if (options.pool !== undefined) return inPool(options.pool);
  const pool = new AheadPool(RUN_POOL);
  try {
    return await inPool(pool);
  } finally {
    await pool.close();
  }
}
