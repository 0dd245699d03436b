import type { Worker } from 'node:worker_threads';
import { systemClock } from '../clock/clock.js';
import { ReleaseGate } from '../clock/release-gate.js';
import type { EncoderOptions } from '../encode/create-encoder.js';
import type { Encoder } from '../encode/types.js';
import { Sym } from '../engine/sym.js';
import type { DriftKey } from '../faults/drift-key.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { Shard } from '../engine/shards.js';
import type { RecordBatch, Sink } from '../sinks/types.js';
import { deliver } from './deliver.js';
import { recordKeysOf } from './record-keys.js';
import { MAKE_TICK_MS, RELEASE_TICK_MS, START_LEAD_MS } from './run-ahead.js';
import { SummaryCollector, type RunSummary } from './run-summary.js';
import { rebuildError } from './worker/ahead-pool.js';
import type { ShardBatch, ShardControl, ShardFaultTally, ShardJob, ShardMessage } from './worker/protocol.js';
import { WorkersAnswerKey } from './workers-answer-key.js';
import { scenarioRecipe } from './worker/scenario-recipe.js';
import { startWorker } from './worker/start-worker.js';
import { lowerOtherThreads } from './worker/thread-priority.js';

export interface WorkersRunOptions {
  readonly compiled: CompiledScenario;
  readonly encoderOptions: EncoderOptions;
  /** The same encoder, built here: for the header. */
  readonly encoder: Encoder;
  /** Any sink but a columnar one (whose rows are built in the thread that writes them). */
  readonly sink: Sink;
  readonly workers: number;
  /** Run only this shard of the run: its users are split again among the workers. */
  readonly shard?: Shard;
  readonly start: number;
  readonly count?: number;
  readonly end?: number;
  /** Real time: each worker paces its users, and this thread releases each record when due. */
  readonly realtime?: WorkersRealtime;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { events: number; eventTime: number }) => void;
  /** With schema drift: where each shape first appears, from the shape each worker wrote each record in. */
  readonly drift?: DriftKey;
}

export interface WorkersRealtime {
  /** Events per second of this run (of this shard, with a shard); each worker holds its share. */
  readonly rate?: number;
  readonly live: boolean;
  readonly warmupEvents?: number;
  /** How far ahead of when they are due the workers make records, ms. */
  readonly aheadMs: number;
  /** Each worker's young generation, MB (see AheadPoolOptions). */
  readonly youngGenerationMb: number;
}

const BATCH_BYTES = 1 << 20;
const BATCH_RECORDS = 16_384;
/** Batches a worker may have posted and not yet merged: enough to keep it busy while the main thread merges. */
const MAX_PENDING_BATCHES = 4;

/**
 * A run in `workers` worker threads, each simulating and encoding one shard (shard k of
 * `workers`, src/engine/shards.ts), merged here into the order the run in one thread writes:
 * by when an event is received (its processing time with late delivery, else its time), then
 * its event time, then its session number, which is the order the engine and late delivery
 * emit in. The output is the same bytes as with one thread; with a count, the merge stops at
 * the run's first `count` events (each shard makes at most that many of its own).
 *
 * In real time each worker paces its own users, made up to `aheadMs` before they are due,
 * and the merge goes by due time first: a record is released when it is due and no worker
 * can still post one due earlier (each says up to when it has nothing, see `idleUntil`). A
 * rate is split evenly: each worker's schedule holds its share exactly, so together they hold
 * the rate. Every user is in one worker, whose records keep their order: each key's order holds.
 */
export async function runWorkers(options: WorkersRunOptions): Promise<RunSummary> {
  const { sink, signal, compiled, realtime } = options;
  const summary = new SummaryCollector();
  const types: Sym[] = [];
  const count = options.count ?? Infinity;
  const scenario = scenarioRecipe(compiled);
  const keys = recordKeysOf(sink);
  const whole = options.shard ?? { index: 0, count: 1 };
  const waker = new Waker();
  const key = compiled.faults === null ? null : new WorkersAnswerKey(compiled.faults);
  const feeds = Array.from({ length: options.workers }, (_, worker) => {
    const thread = startWorker('shard-worker', realtime === undefined ? undefined : { maxYoungGenerationSizeMb: realtime.youngGenerationMb });
    return new ShardFeed(thread, waker, types, {
      scenario,
      encoder: options.encoderOptions,
      start: options.start,
      count: options.count,
      end: options.end,
      // Shard k of N owns the lanes whose number mod N is k; worker w of W takes those whose
      // number mod N·W is k + N·w, since (l mod N·W) mod N = l mod N: the workers split shard k exactly.
      shard: { index: whole.index + whole.count * worker, count: whole.count * options.workers },
      keys,
      objects: sink.wantsObjects === true,
      batchBytes: BATCH_BYTES,
      batchRecords: BATCH_RECORDS,
      // Paced, a worker posts a batch per wake-up: as many as fit in its lead.
      maxPendingBatches: realtime === undefined ? MAX_PENDING_BATCHES : Math.ceil(realtime.aheadMs / MAKE_TICK_MS) * 2,
      realtime:
        realtime === undefined
          ? undefined
          : { rate: realtime.rate === undefined ? undefined : realtime.rate / options.workers, live: realtime.live, warmupEvents: realtime.warmupEvents, aheadMs: realtime.aheadMs, startLeadMs: START_LEAD_MS, tickMs: MAKE_TICK_MS },
    });
  });
  // Paced, this thread releases records on time while the workers and their collectors give way.
  if (realtime !== undefined) void Promise.all(feeds.map((feed) => feed.online)).then(() => lowerOtherThreads());
  const gate = realtime === undefined ? null : new ReleaseGate(systemClock, RELEASE_TICK_MS);
  const out = new MergedBatch();
  const stopped = (): boolean => signal?.aborted === true;
  // Only live workers wait to be started.
  let started = realtime?.live !== true;
  const flush = async (): Promise<void> => {
    if (out.count === 0) return;
    await sink.write(out.take(keys !== undefined, sink.wantsObjects === true));
    options.onProgress?.({ events: summary.count, eventTime: summary.lastTime });
  };

  try {
    const ended = await deliver(sink, { header: options.encoder.header(), format: options.encoder.format }, async () => {
      while (summary.count < count && !stopped()) {
        // The feed whose next record comes first in the single run's order (by due time when paced).
        let next: ShardFeed | null = null;
        for (const feed of feeds) if (feed.batch !== null && (next === null || feed.before(next))) next = feed;
        if (next === null && feeds.every((feed) => feed.ended)) break;
        const due = next === null || gate === null ? Infinity : next.due();
        // A worker with nothing posted may still post a record that comes first: wait for it.
        if (next === null || feeds.some((feed) => !feed.settled(due))) {
          await flush();
          await waker.wait(signal);
          for (const feed of feeds) feed.fill();
          // Live: once every worker has spent its history, all start at once (one anchor).
          if (!started && feeds.every((feed) => feed.ready || feed.ended)) {
            started = true;
            // A moment ahead, for the workers to make their lead before the first records are due.
            const at = Math.floor(systemClock.now()) + START_LEAD_MS;
            for (const feed of feeds) feed.go(at);
          }
          continue;
        }
        if (gate !== null && !gate.isDue(due)) {
          await flush();
          await gate.waitFor(due, signal);
          if (stopped()) break;
        }
        const batch = next.batch!;
        const i = next.position;
        out.add(batch, i);
        key?.add(batch, i, types[batch.types[i]], summary.count);
        if (batch.driftVersions !== undefined) options.drift?.writtenAs(batch.driftVersions[i], summary.count);
        summary.add(types[batch.types[i]], batch.times[i], batch.late[i] === 1);
        next.sessions = batch.sessionCounts[i];
        next.users = batch.userCounts[i];
        if (out.full) await flush();
        next.advance();
      }
      await flush();
      return stopped() ? 'signal' : 'complete';
    });
    // Shards own disjoint users: the run's counts are the sums of each shard's counts at its last record written.
    const counts = feeds.reduce((sum, feed) => ({ sessions: sum.sessions + feed.sessions, users: sum.users + feed.users }), { sessions: 0, users: 0 });
    const result = summary.finish(compiled.name, compiled.seed, counts, sink.stats(), ended, options.shard);
    const keyed = key === null ? result : { ...result, ...key.finish(feeds.map((feed) => feed.faults)) };
    return options.drift === undefined ? keyed : { ...keyed, drift: options.drift.finish() };
  } finally {
    await Promise.all(feeds.map((feed) => feed.close()));
  }
}

/** Wakes the merge when any worker posts a message (or the signal aborts). */
class Waker {
  private wake: (() => void) | null = null;
  private pending = false;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  async wait(signal?: AbortSignal): Promise<void> {
    if (!this.pending && signal?.aborted !== true) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    this.wake = null;
    this.pending = false;
  }
}

/** One worker's records, a batch at a time, with its position in the batch. */
class ShardFeed {
  /** The batch whose records are being merged; null while none is posted (or at the end). */
  batch: ShardBatch | null = null;
  position = 0;
  ended = false;
  /** A live worker has spent its history and waits for `go`. */
  ready = false;
  /** Paced: no record of this worker still to come is due before this. */
  private until = -Infinity;
  /** With faults, what the worker's fault stage dropped and counted: posted with its end. */
  faults: ShardFaultTally | undefined;
  /** The shard's sessions and distinct users up to its last record written. */
  sessions = 0;
  users = 0;
  /** Resolves when the worker runs. */
  readonly online: Promise<void>;
  private readonly queue: ShardMessage[] = [];

  constructor(
    private readonly worker: Worker,
    waker: Waker,
    private readonly types: Sym[],
    job: ShardJob,
  ) {
    this.online = new Promise((resolve) => worker.once('online', resolve));
    worker.on('message', (message: ShardMessage) => {
      this.queue.push(message);
      waker.notify();
    });
    worker.on('error', (error: Error) => {
      this.queue.push({ kind: 'error', name: 'Error', code: null, message: error.message });
      waker.notify();
    });
    const start: ShardControl = { kind: 'start', job };
    worker.postMessage(start);
  }

  /** Takes posted messages until a batch is in hand or none is left; a failed worker throws. */
  fill(): void {
    while (this.batch === null && this.queue.length > 0) {
      const message = this.queue.shift()!;
      if (message.kind === 'error') throw rebuildError({ ...message, id: 0 });
      if (message.kind === 'end') {
        this.ended = true;
        this.faults = message.faults;
      }
      else if (message.kind === 'until') this.until = message.due;
      else if (message.kind === 'ready') this.ready = true;
      else {
        for (const [index, text] of message.names) this.types[index] ??= new Sym(text, index);
        this.batch = message;
        this.position = 0;
      }
    }
  }

  /** When the next record is due (paced runs). */
  due(): number {
    return this.batch!.dues![this.position];
  }

  /** Whether the merge knows all of this worker's records due before `due`. */
  settled(due: number): boolean {
    return this.batch !== null || this.ended || this.until >= due;
  }

  /** Whether this feed's next record comes before `other`'s in the single run's order (by due time first when paced). */
  before(other: ShardFeed): boolean {
    const a = this.batch!;
    const b = other.batch!;
    const i = this.position;
    const j = other.position;
    if (a.dues !== undefined && a.dues[i] !== b.dues![j]) return a.dues[i] < b.dues![j];
    if (a.received[i] !== b.received[j]) return a.received[i] < b.received[j];
    if (a.times[i] !== b.times[j]) return a.times[i] < b.times[j];
    return a.sessions[i] < b.sessions[j];
  }

  /** Moves past the current record; at the end of a batch, tells the worker and takes the next posted one. */
  advance(): void {
    this.position++;
    if (this.position < this.batch!.count) return;
    const merged: ShardControl = { kind: 'merged' };
    this.worker.postMessage(merged);
    this.batch = null;
    this.fill();
  }

  /** Starts a live worker that is ready: its run starts `at` on the wall clock. */
  go(at: number): void {
    const go: ShardControl = { kind: 'go', at };
    this.worker.postMessage(go);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Records copied from the shards' batches in merged order, handed to the sink as one batch. */
class MergedBatch {
  private bytes = new Uint8Array(BATCH_BYTES);
  private ends = new Uint32Array(BATCH_RECORDS);
  private times = new Float64Array(BATCH_RECORDS);
  private keys: (string | null)[] = [];
  private objects: Record<string, unknown>[] = [];
  private used = 0;
  count = 0;

  get full(): boolean {
    return this.count === BATCH_RECORDS;
  }

  add(batch: ShardBatch, i: number): void {
    const from = i === 0 ? 0 : batch.ends[i - 1];
    const length = batch.ends[i] - from;
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(batch.bytes.subarray(from, from + length), this.used);
    this.used += length;
    this.ends[this.count] = this.used;
    this.times[this.count] = batch.times[i];
    if (batch.keys !== undefined) this.keys.push(batch.keys[i]);
    if (batch.objects !== undefined) this.objects.push(batch.objects[i]);
    this.count++;
  }

  /** The batch so far; new buffers for the next, since the sink may hold this one while it writes. */
  take(keyed: boolean, withObjects: boolean): RecordBatch {
    const batch = {
      bytes: this.bytes.subarray(0, this.used),
      ends: this.ends.subarray(0, this.count),
      times: this.times.subarray(0, this.count),
      count: this.count,
      keys: keyed ? this.keys : undefined,
      objects: withObjects ? this.objects : undefined,
    };
    this.bytes = new Uint8Array(BATCH_BYTES);
    this.ends = new Uint32Array(BATCH_RECORDS);
    this.times = new Float64Array(BATCH_RECORDS);
    this.keys = [];
    this.objects = [];
    this.used = 0;
    this.count = 0;
    return batch;
  }
}
