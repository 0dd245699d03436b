import type { Worker } from 'node:worker_threads';
import { ClickgenError, RunError, UsageError, type ErrorCode } from '../../errors.js';
import type { AheadJob, AheadMessage, JobMessage } from './protocol.js';
import { startPipelineWorker } from './start-worker.js';
import { lowerOtherThreads } from './thread-priority.js';

/** One job in an AheadPool: its messages in order, and what to tell the worker about it. */
export interface AheadJobHandle {
  /** The job's next message, or null once the signal aborts. A worker that fails ends every job with an error. */
  next(signal?: AbortSignal): Promise<AheadMessage | null>;
  /** This many bytes of the job's records were written: the worker may make more. */
  released(bytes: number): void;
  /** The job is over here (stopped, or its reader left): the worker drops it. */
  stop(): void;
}

export interface AheadPoolOptions {
  /**
   * How far ahead of when they are due records are made, ms: the longest stall of the
   * worker (a garbage collection over a million sessions) that delays no record.
   */
  readonly aheadMs: number;
  /**
   * The worker's young generation, MB. Large, collections of young objects are rarer and
   * the worker keeps up at 100,000 events/s with time to spare; small, memory stays small.
   */
  readonly youngGenerationMb: number;
}

/**
 * A worker thread (ahead-worker.ts) that simulates real-time runs for this
 * thread: `generate --realtime` starts one job, `serve` one per stream. While no job runs
 * the worker does not keep the process alive.
 */
export class AheadPool {
  private readonly worker: Worker;
  private readonly jobs = new Map<number, Mailbox>();
  private nextId = 0;
  private failure: AheadMessage | null = null;

  /** How far ahead of when they are due its jobs make records, ms. */
  readonly aheadMs: number;

  constructor(options: AheadPoolOptions) {
    this.aheadMs = options.aheadMs;
    this.worker = startPipelineWorker('ahead-worker', { maxYoungGenerationSizeMb: options.youngGenerationMb });
    this.worker.unref();
    // Once the worker runs, it and the collectors' helper threads give way to this thread.
    this.worker.once('online', () => lowerOtherThreads());
    this.worker.on('message', (message: AheadMessage) => this.jobs.get(message.id)?.put(message));
    const fail = (message: string): void => {
      this.failure = { kind: 'error', id: -1, name: 'Error', code: null, message };
      for (const mailbox of this.jobs.values()) mailbox.put(this.failure);
    };
    this.worker.on('error', (error: Error) => fail(error.message));
    this.worker.on('exit', (code) => fail(`the simulation thread exited (code ${code})`));
  }

  start(job: AheadJob): AheadJobHandle {
    const id = this.nextId++;
    const mailbox = new Mailbox();
    if (this.failure !== null) mailbox.put(this.failure);
    this.jobs.set(id, mailbox);
    if (this.jobs.size === 1) this.worker.ref();
    this.send({ kind: 'start', id, job });
    return {
      next: (signal) => mailbox.next(signal),
      released: (bytes) => this.send({ kind: 'released', id, bytes }),
      stop: () => {
        if (!this.jobs.delete(id)) return;
        this.send({ kind: 'stop', id });
        if (this.jobs.size === 0) this.worker.unref();
      },
    };
  }

  /** Ends the worker (after the last job). */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private send(message: JobMessage): void {
    if (this.failure === null) this.worker.postMessage(message);
  }
}

/** Messages for one job, in order. */
class Mailbox {
  private readonly queue: AheadMessage[] = [];
  private wake: (() => void) | null = null;

  put(message: AheadMessage): void {
    this.queue.push(message);
    this.wake?.();
  }

  async next(signal?: AbortSignal): Promise<AheadMessage | null> {
    while (this.queue.length === 0) {
      if (signal?.aborted === true) return null;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.wake = null;
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    return signal?.aborted === true ? null : this.queue.shift()!;
  }
}

/** A worker's error as the error it was: bad input stays exit 2, a run failure exit 1. */
export function rebuildError(message: Extract<AheadMessage, { kind: 'error' }>): Error {
  if (message.code === null) return new RunError('SIMULATION_FAILED', message.message);
  const code = message.code as ErrorCode;
  return message.name === 'UsageError' ? new UsageError(code, message.message) : new ClickgenError(code, message.message, 1);
}
