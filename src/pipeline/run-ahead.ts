import { systemClock } from '../clock/clock.js';
import { ReleaseGate } from '../clock/release-gate.js';
import type { EncoderOptions } from '../encode/create-encoder.js';
import type { Encoder } from '../encode/types.js';
import type { Shard } from '../engine/shards.js';
import { Sym } from '../engine/sym.js';
import { rebuildError, type AheadPool } from './worker/ahead-pool.js';
import type { AheadBatch, AheadJob } from './worker/protocol.js';
import { scenarioRecipe } from './worker/scenario-recipe.js';
import { SummaryCollector, type RunSummary } from './run-summary.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { deliver } from './deliver.js';
import type { Sink } from '../sinks/types.js';

export interface AheadRunOptions {
  /** The run's scenario; the worker compiles the same from its validated source (scenario-recipe.ts). */
  readonly compiled: CompiledScenario;
  /** How the worker builds the encoder; `encoder` is the same, built here (for the header). */
  readonly encoderOptions: EncoderOptions;
  readonly encoder: Encoder;
  /** Frame each record as a Server-Sent Event. */
  readonly sse?: boolean;
  /** The worker thread that simulates the run. */
  readonly pool: AheadPool;
  /** A sink that takes bytes alone (no keys, no objects). */
  readonly sink: Sink;
  readonly start: number;
  readonly count?: number;
  readonly end?: number;
  readonly shard?: Shard;
  readonly rate?: number;
  readonly live?: boolean;
  readonly warmupEvents?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { events: number; eventTime: number }) => void;
}

/**
 * Shortest time between two writes, ms. The releasing thread has nothing else to do, so it
 * wakes more often than a one-thread run (every 5 ms), and records wait less.
 */
export const RELEASE_TICK_MS = 2;
/**
 * Shortest time between two wake-ups of the worker, ms: with a second or more of lead it
 * need not wake often, and fewer, larger batches cost both threads less.
 */
export const MAKE_TICK_MS = 50;
/** A live run begins this long after the worker is ready: time to make its first records. */
export const START_LEAD_MS = 200;
/** Made and not yet released: beyond this a slow output makes the worker wait. */
const MAX_PENDING_BYTES = 128 << 20;

/** A number per compiled scenario, for the worker to compile each once. */
const scenarioIds = new WeakMap<CompiledScenario, number>();
let nextScenarioId = 0;

function scenarioIdOf(compiled: CompiledScenario): number {
  let id = scenarioIds.get(compiled);
  if (id === undefined) scenarioIds.set(compiled, (id = nextScenarioId++));
  return id;
}

/**
 * A real-time run in two threads: a worker simulates and encodes each record up to the
 * pool's lead (a second or more) before it is due, and this thread writes it to the sink
 * when it is due. At high rates a run holds a million open sessions; collecting that heap
 * takes pauses of tens to hundreds of milliseconds, which in one thread would hold back
 * every record due meanwhile. Here they only eat into the worker's lead, and this thread,
 * with a small heap, releases on time. The records are the same bytes as `run` with the
 * same real-time options writes, and the summary counts what was written.
 */
export async function runAhead(options: AheadRunOptions): Promise<RunSummary> {
  const { sink, signal, compiled } = options;
  const job: AheadJob = {
    scenario: scenarioRecipe(compiled),
    scenarioId: scenarioIdOf(compiled),
    encoder: options.encoderOptions,
    sse: options.sse === true,
    start: options.start,
    count: options.count,
    end: options.end,
    shard: options.shard,
    rate: options.rate,
    live: options.live === true,
    warmupEvents: options.warmupEvents,
    aheadMs: options.pool.aheadMs,
    startLeadMs: START_LEAD_MS,
    tickMs: MAKE_TICK_MS,
    maxPendingBytes: MAX_PENDING_BYTES,
    batchBytes: 1 << 20,
    batchRecords: 16_384,
  };
  const gate = new ReleaseGate(systemClock, RELEASE_TICK_MS);
  const summary = new SummaryCollector();
  const types: Sym[] = [];
  let counts = { sessions: 0, users: 0 };

  /** Writes records [from, to) of a batch and counts them. */
  const write = async (batch: AheadBatch, from: number, to: number): Promise<void> => {
    if (from === to) return;
    const first = from === 0 ? 0 : batch.ends[from - 1];
    const ends = from === 0 ? batch.ends.subarray(0, to) : batch.ends.slice(from, to).map((end) => end - first);
    await sink.write({ bytes: batch.bytes.subarray(first, batch.ends[to - 1]), ends, count: to - from, times: batch.times.subarray(from, to), keys: undefined, objects: undefined });
    for (let i = from; i < to; i++) summary.add(types[batch.types[i]], batch.times[i], batch.late[i] === 1);
    counts = { sessions: batch.sessions[to - 1], users: batch.users[to - 1] };
    options.onProgress?.({ events: summary.count, eventTime: summary.lastTime });
  };

  /** Writes a batch's records as they come due; false when stopped by the signal. */
  const release = async (batch: AheadBatch): Promise<boolean> => {
    for (const [index, text] of batch.names) types[index] = new Sym(text, index);
    let from = 0;
    for (let i = 0; i < batch.count; i++) {
      if (gate.isDue(batch.dues[i])) continue;
      await write(batch, from, i);
      from = i;
      await gate.waitFor(batch.dues[i], signal);
      if (signal?.aborted === true) return false;
    }
    await write(batch, from, batch.count);
    return signal?.aborted !== true;
  };

  const ended = await deliver(sink, { header: options.encoder.header(), format: options.encoder.format }, async () => {
    const handle = options.pool.start(job);
    try {
      for (let message = await handle.next(signal); message !== null && message.kind !== 'end'; message = await handle.next(signal)) {
        if (message.kind === 'error') throw rebuildError(message);
        if (!(await release(message))) break;
        handle.released(message.bytes.length);
      }
    } finally {
      handle.stop();
    }
    return signal?.aborted === true ? 'signal' : 'complete';
  });
  return summary.finish(compiled.name, compiled.seed, counts, sink.stats(), ended, options.start, options.shard);
}
