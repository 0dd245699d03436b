import type { Worker } from 'node:worker_threads';
import type { EncoderOptions } from '../encode/create-encoder.js';
import type { Encoder } from '../encode/types.js';
import { Sym } from '../engine/sym.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { Shard } from '../engine/shards.js';
import type { RecordBatch, Sink } from '../sinks/types.js';
import { deliver } from './deliver.js';
import { recordKeysOf } from './record-keys.js';
import { SummaryCollector, type RunSummary } from './run-summary.js';
import { rebuildError } from './worker/ahead-pool.js';
import type { ShardBatch, ShardControl, ShardJob, ShardMessage } from './worker/protocol.js';
import { scenarioRecipe } from './worker/scenario-recipe.js';
import { startWorker } from './worker/start-worker.js';

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
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { events: number; eventTime: number }) => void;
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
 */
export async function runWorkers(options: WorkersRunOptions): Promise<RunSummary> {
  const { sink, signal, compiled } = options;
  const summary = new SummaryCollector();
  const types: Sym[] = [];
  const count = options.count ?? Infinity;
  const scenario = scenarioRecipe(compiled);
  const keys = recordKeysOf(sink);
  const whole = options.shard ?? { index: 0, count: 1 };
  const shards = Array.from({ length: options.workers }, (_, worker) => new ShardFeed(startWorker('shard-worker'), {
    scenario,
    encoder: options.encoderOptions,
    start: options.start,
    count: options.count,
    end: options.end,
    // Shard k of N owns the users whose hash mod N is k; worker w of W takes those whose hash
    // mod N·W is k + N·w, since (h mod N·W) mod N = h mod N: the workers split shard k exactly.
    shard: { index: whole.index + whole.count * worker, count: whole.count * options.workers },
    keys,
    objects: sink.wantsObjects === true,
    batchBytes: BATCH_BYTES,
    batchRecords: BATCH_RECORDS,
    maxPendingBatches: MAX_PENDING_BATCHES,
  }, types));
  const out = new MergedBatch();
  const flush = async (): Promise<void> => {
    if (out.count === 0) return;
    await sink.write(out.take(keys !== undefined, sink.wantsObjects === true));
    options.onProgress?.({ events: summary.count, eventTime: summary.lastTime });
  };

  try {
    const ended = await deliver(sink, { header: options.encoder.header(), format: options.encoder.format }, async () => {
      for (const shard of shards) await shard.ready();
      while (summary.count < count) {
        // The shard whose next record comes first in the single run's order; ties by shard index never
        // decide, since two shards never hold the same session.
        let next: ShardFeed | null = null;
        for (const shard of shards) if (shard.batch !== null && (next === null || shard.before(next))) next = shard;
        if (next === null) break;
        const batch = next.batch!;
        const i = next.position;
        out.add(batch, i);
        summary.add(types[batch.types[i]], batch.times[i], batch.late[i] === 1);
        next.sessions = batch.sessionCounts[i];
        next.users = batch.userCounts[i];
        if (out.full) await flush();
        // Most records need no await: the next batch is only awaited when one is used up.
        if (next.position + 1 < batch.count) next.position++;
        else await next.advance();
        if (signal?.aborted === true) break;
      }
      await flush();
      return signal?.aborted === true ? 'signal' : 'complete';
    });
    // Shards own disjoint users: the run's counts are the sums of each shard's counts at its last record written.
    const counts = shards.reduce((sum, shard) => ({ sessions: sum.sessions + shard.sessions, users: sum.users + shard.users }), { sessions: 0, users: 0 });
    return summary.finish(compiled.name, compiled.seed, counts, sink.stats(), ended, options.shard);
  } finally {
    await Promise.all(shards.map((shard) => shard.close()));
  }
}

/** One worker's records, a batch at a time, with its position in the batch. */
class ShardFeed {
  batch: ShardBatch | null = null;
  position = 0;
  /** The shard's sessions and distinct users up to its last record written. */
  sessions = 0;
  users = 0;
  private readonly queue: ShardMessage[] = [];
  private wake: (() => void) | null = null;

  constructor(
    private readonly worker: Worker,
    job: ShardJob,
    private readonly types: Sym[],
  ) {
    worker.on('message', (message: ShardMessage) => {
      this.queue.push(message);
      this.wake?.();
    });
    worker.on('error', (error: Error) => {
      this.queue.push({ kind: 'error', name: 'Error', code: null, message: error.message });
      this.wake?.();
    });
    const start: ShardControl = { kind: 'start', job };
    worker.postMessage(start);
  }

  /** Waits for the first batch (or the end). */
  async ready(): Promise<void> {
    this.batch = await this.nextBatch();
    this.position = 0;
  }

  /** Whether this feed's next record comes before `other`'s in the single run's order. */
  before(other: ShardFeed): boolean {
    const a = this.batch!;
    const b = other.batch!;
    const i = this.position;
    const j = other.position;
    if (a.received[i] !== b.received[j]) return a.received[i] < b.received[j];
    if (a.times[i] !== b.times[j]) return a.times[i] < b.times[j];
    return a.sessions[i] < b.sessions[j];
  }

  /** Moves past the current record, to the next batch when this one is used up (a failed worker throws). */
  async advance(): Promise<void> {
    this.position++;
    if (this.position < this.batch!.count) return;
    const merged: ShardControl = { kind: 'merged' };
    this.worker.postMessage(merged);
    this.batch = await this.nextBatch();
    this.position = 0;
  }

  private async nextBatch(): Promise<ShardBatch | null> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    const message = this.queue.shift()!;
    if (message.kind === 'error') throw rebuildError({ ...message, id: 0 });
    if (message.kind === 'end') return null;
    for (const [index, text] of message.names) this.types[index] ??= new Sym(text, index);
    return message;
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
