/**
 * The Redis sink: every record becomes a stream entry (XADD), a Pub/Sub message (PUBLISH) or a
 * list element (RPUSH), at the key its event's template names (`{event_type}_events`: one
 * stream per event type, like the travel search generator's files).
 *
 * Records go out in jobs of up to 1000, each one script call and round trip; at most
 * MAX_JOBS_IN_FLIGHT jobs wait for replies, and `write` resolves only when there is room
 * (backpressure). When the connection drops, jobs whose replies were lost are checked against
 * their delivery mark after reconnecting and resent only if they were not applied, in their
 * original order, before any new job goes out (see redis-connection.ts). So every record is
 * written once, in order, as long as the server keeps what it acknowledged; one that comes back
 * without it is reported through `notice`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RunError } from '../errors.js';
import { backoffMs, connectRedis, DEFAULT_RECONNECT_ATTEMPTS, type JobResult, type RedisConnection } from './redis-connection.js';
import { RedisJobBuilder, type RedisJob } from './redis-jobs.js';
import { describeRedisTarget, parseRedisTarget, type RedisTarget, type RedisTargetOptions } from './redis-target.js';
import type { RecordBatch, Sink, SinkStats } from './types.js';

/** Enough to keep the connection busy while the next job is being built. */
export const MAX_JOBS_IN_FLIGHT = 4;

export interface RedisSinkOptions extends RedisTargetOptions {
  /**
   * How often to try to restore a lost connection (and to resend a batch) before the run
   * fails; the waits grow from 50 ms to 1 s, so the default 40 covers about 35 s.
   */
  readonly reconnectAttempts?: number;
  /** Told when the server comes back without what the run wrote before (redis-connection.ts). */
  readonly notice?: (line: string) => void;
}

/** Parses the target now (bad targets fail before anything runs) and connects on `open`. */
export function createRedisSink(target: string, options: RedisSinkOptions): Sink {
  return new RedisSink(parseRedisTarget(target, options), options.reconnectAttempts ?? DEFAULT_RECONNECT_ATTEMPTS, options.notice);
}

class RedisSink implements Sink {
  readonly description: string;
  readonly keyTemplate: string;
  readonly keySource: string;
  readonly wantsObjects: boolean;
  readonly #target: RedisTarget;
  readonly #builder: RedisJobBuilder;
  readonly #stats: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };
  #connection: RedisConnection | undefined;
  /** Jobs sent and not yet answered. */
  #sending = 0;
  /** Jobs whose outcome is unknown, in send order; drained by #recover before new jobs go out. */
  readonly #uncertain: RedisJob[] = [];
  #recovery: Promise<void> | undefined;
  #failure: RunError | undefined;
  #aborted = false;
  /** Resolved (and emptied) whenever a job settles or a recovery ends. */
  readonly #waiters: (() => void)[] = [];

  readonly #reconnectAttempts: number;
  readonly #notice: ((line: string) => void) | undefined;

  constructor(target: RedisTarget, reconnectAttempts: number, notice: ((line: string) => void) | undefined) {
    this.#target = target;
    this.#reconnectAttempts = reconnectAttempts;
    this.#notice = notice;
    this.#builder = new RedisJobBuilder(target);
    this.description = describeRedisTarget(target);
    this.keyTemplate = target.key;
    this.keySource = `key=${target.key}`;
    this.wantsObjects = this.#builder.wantsObjects;
  }

  async open(): Promise<void> {
    this.#connection = await connectRedis(this.#target, this.#reconnectAttempts, this.#notice);
  }

  async write(batch: RecordBatch): Promise<void> {
    let dispatched = 0;
    try {
      for (const job of this.#builder.jobs(batch)) {
        await this.#untilRoom();
        this.#throwIfFailed();
        this.#dispatch(job);
        dispatched += job.records;
      }
    } catch (error) {
      // Records handed over but never sent cannot be delivered any more.
      this.#stats.failed += batch.count - dispatched;
      if (error instanceof RunError) this.#failure ??= error;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#untilIdle();
    const connection = this.#connection;
    this.#connection = undefined;
    if (this.#failure !== undefined) {
      connection?.destroy();
      throw this.#failure;
    }
    await connection?.close();
  }

  async abort(): Promise<void> {
    this.#aborted = true;
    this.#connection?.destroy();
    await this.#untilIdle();
    this.#connection = undefined;
  }

  stats(): SinkStats {
    return { ...this.#stats };
  }

  #dispatch(job: RedisJob): void {
    this.#sending++;
    this.#connected().exec(job).then(
      (result) => this.#settle(job, result),
      (error: unknown) => this.#settle(job, undefined, error),
    );
  }

  #settle(job: RedisJob, result: JobResult | undefined, error?: unknown): void {
    this.#sending--;
    if (result !== undefined) this.#applied(job, result);
    else this.#handleFailure(job, error);
    if (this.#sending === 0 && this.#uncertain.length > 0 && this.#recovery === undefined) {
      this.#recovery = this.#recover().finally(() => {
        this.#recovery = undefined;
        this.#notify();
      });
    }
    this.#notify();
  }

  #handleFailure(job: RedisJob, error: unknown): void {
    const failure = this.#connection?.classify(error);
    if (failure === undefined || this.#aborted) this.#fail(job, this.#abortedError());
    else if (failure.kind === 'fatal') this.#fail(job, new RunError('SINK_FAILED', failure.reason));
    else insertBySeq(this.#uncertain, job);
  }

  /**
   * Runs once every job sent on the lost connection has reported, so each job's outcome is
   * final: in send order, a job whose mark is set was applied; any other is sent again.
   */
  async #recover(): Promise<void> {
    for (let job = this.#uncertain.shift(); job !== undefined; job = this.#uncertain.shift()) {
      if (this.#failure !== undefined || this.#aborted) this.#fail(job, this.#failure ?? this.#abortedError());
      else await this.#redeliver(job);
    }
  }

  async #redeliver(job: RedisJob): Promise<void> {
    const connection = this.#connected();
    let reason = '';
    for (let attempt = 0; attempt < this.#reconnectAttempts && !this.#aborted; attempt++) {
      try {
        await connection.ready();
        if (await connection.wasApplied(job.seq)) {
          // Applied before its reply was lost; a refusal in that reply (a key of another type) is not known.
          this.#applied(job, { refused: [], reason: '' });
          return;
        }
        this.#stats.retries++;
        this.#applied(job, await connection.exec(job));
        return;
      } catch (error) {
        const failure = connection.classify(error);
        if (failure.kind === 'fatal') {
          this.#fail(job, new RunError('SINK_FAILED', failure.reason));
          return;
        }
        reason = failure.reason;
        // The server is up but not serving yet (LOADING), or the connection dropped again.
        await sleep(backoffMs(attempt));
      }
    }
    const error = this.#aborted
      ? this.#abortedError()
      : new RunError('SINK_FAILED', `${this.description}: a batch could not be delivered after ${this.#reconnectAttempts} attempts: ${reason}`, true);
    this.#fail(job, error);
  }

  #abortedError(): RunError {
    return new RunError('SINK_FAILED', `${this.description}: aborted`);
  }

  #connected(): RedisConnection {
    if (this.#connection === undefined) throw new RunError('SINK_FAILED', `${this.description}: not open`);
    return this.#connection;
  }

  #applied(job: RedisJob, result: JobResult): void {
    let refusedBytes = 0;
    for (const index of result.refused) refusedBytes += job.sizes[index];
    this.#stats.delivered += job.records - result.refused.length;
    this.#stats.failed += result.refused.length;
    this.#stats.bytes += job.bytes - refusedBytes;
    if (result.refused.length > 0) this.#failure ??= new RunError('SINK_FAILED', result.reason);
  }

  #fail(job: RedisJob, error: RunError): void {
    this.#stats.failed += job.records;
    this.#failure ??= error;
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#aborted) throw this.#abortedError();
  }

  /** Waits until another job may be sent: below the in-flight bound and nothing being recovered. */
  async #untilRoom(): Promise<void> {
    while (this.#sending >= MAX_JOBS_IN_FLIGHT || this.#uncertain.length > 0 || this.#recovery !== undefined) {
      this.#throwIfFailed();
      await this.#changed();
    }
  }

  async #untilIdle(): Promise<void> {
    while (this.#sending > 0 || this.#uncertain.length > 0 || this.#recovery !== undefined) await this.#changed();
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #notify(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}

function insertBySeq(jobs: RedisJob[], job: RedisJob): void {
  let at = jobs.length;
  while (at > 0 && jobs[at - 1].seq > job.seq) at--;
  jobs.splice(at, 0, job);
}
