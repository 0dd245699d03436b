import type { Worker } from 'node:worker_threads';
import { Sym } from '../../engine/sym.js';
import { rebuildError } from './ahead-pool.js';
import type { ShardBatch, ShardControl, ShardFaultTally, ShardJob, ShardMessage } from './protocol.js';

/** Wakes the merge when any worker posts a message (or the signal aborts). */
export class Waker {
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

/** Whether record i of batch a comes before record j of batch b in the single run's order (by due time first when paced). */
export function comesBefore(a: ShardBatch, i: number, b: ShardBatch, j: number): boolean {
  if (a.dues !== undefined && a.dues[i] !== b.dues![j]) return a.dues[i] < b.dues![j];
  if (a.received[i] !== b.received[j]) return a.received[i] < b.received[j];
  if (a.times[i] !== b.times[j]) return a.times[i] < b.times[j];
  return a.sessions[i] < b.sessions[j];
}

/** One worker's records as the merging thread sees them: a batch at a time, with its position in the batch. */
export class ShardFeed {
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
  /** The shard's sessions and distinct users up to its last record merged. */
  sessions = 0;
  users = 0;
  /** With the job's `armTotals`: the row of the experiments' counts posted with the end, and that of the last record of the last batch merged whole. */
  private endArms: number[] | undefined;
  private lastArms: Uint32Array | undefined;
  /** Resolves when the worker runs. */
  readonly online: Promise<void>;
  private readonly queue: ShardMessage[] = [];

  constructor(
    private readonly worker: Worker,
    waker: Waker,
    /** Event types by Sym index, shared by every feed of the run: each worker names those it makes. */
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
        this.endArms = message.arms;
      } else if (message.kind === 'until') this.until = message.due;
      else if (message.kind === 'ready') this.ready = true;
      else {
        for (const [index, text] of message.names) this.types[index] ??= new Sym(text, index);
        this.batch = message;
        this.position = 0;
      }
    }
  }

  /** When the next record is due (paced runs); Infinity when not paced. */
  due(at = this.position): number {
    return this.batch!.dues?.[at] ?? Infinity;
  }

  /** Whether the merge knows all of this worker's records due before `due`. */
  settled(due: number): boolean {
    return this.batch !== null || this.ended || this.until >= due;
  }

  /** Whether this feed's next record comes before `other`'s in the single run's order. */
  before(other: ShardFeed): boolean {
    return comesBefore(this.batch!, this.position, other.batch!, other.position);
  }

  /** Records up to `to` of the batch were merged: at its end, tells the worker and takes the next posted batch. */
  mergedUpTo(to: number): void {
    const batch = this.batch!;
    this.position = to;
    this.sessions = batch.sessionCounts[to - 1];
    this.users = batch.userCounts[to - 1];
    if (to < batch.count) return;
    if (batch.armTotals !== undefined) this.lastArms = rowOf(batch.armTotals, batch.count, to - 1).slice();
    // Its records are copied out: the worker encodes into its buffers again (fewer fresh megabytes to collect on both sides).
    const merged: ShardControl = { kind: 'merged', records: { bytes: batch.bytes, ends: batch.ends, times: batch.times, count: batch.count } };
    this.worker.postMessage(merged, [batch.bytes.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer, batch.times.buffer as ArrayBuffer]);
    this.batch = null;
    this.fill();
  }

  /**
   * With the job's `armTotals`: the experiments' counts over the records of this worker merged
   * so far (a row, src/faults/arm-totals.ts). An event is counted when the engine makes the
   * next, so they are the row of the next record, or the end's; null while neither is posted
   * (the worker is asked for no more). With `stopped` nothing more is waited for, and the last
   * row known, short of the last record merged, is taken.
   */
  armsMerged(stopped: boolean): ArrayLike<number> | null {
    const batch = this.batch;
    if (batch !== null) return rowOf(batch.armTotals!, batch.count, this.position);
    if (this.ended) return this.endArms!;
    return stopped ? (this.lastArms ?? []) : null;
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

/** Row `i` of a batch's `armTotals`. */
function rowOf(rows: Uint32Array, count: number, i: number): Uint32Array {
  const width = rows.length / count;
  return rows.subarray(i * width, (i + 1) * width);
}
