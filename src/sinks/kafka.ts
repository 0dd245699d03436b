/**
 * The Kafka sink: records become Kafka records keyed by an event field, partitioned like the
 * Java client, timestamped with their event time, sent idempotently with one request in
 * flight (the library tracks idempotent sequence numbers per acknowledged request, so more
 * would break ordering and deduplication). Failed requests are retried with backoff until
 * `delivery_timeout`; every record ends counted as delivered or failed.
 */
import { RunError } from '../errors.js';
import { KafkaSendError, type KafkaConnection, type OutgoingRecord } from './kafka-connection.js';
import { partitionForKey } from './kafka-partitioner.js';
import { describeKafkaTarget, parseKafkaTarget, type KafkaTarget, type KafkaTargetDefaults } from './kafka-target.js';
import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from './types.js';

export interface KafkaSinkOptions {
  readonly defaults: KafkaTargetDefaults;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export { kafkaDefaultsFrom } from './kafka-target.js';

/** Parses the target now (a bad one is a UsageError here); connects in `open`. */
export function createKafkaSink(target: string, options: KafkaSinkOptions): Sink {
  return new KafkaSink(parseKafkaTarget(target, options.defaults, options.env));
}

const NEWLINE = 0x0a;
/**
 * Bytes a record takes in a batch besides its key and value (length, attributes, timestamp
 * and offset deltas, key and value lengths, header count), rounded up, so that a request of
 * `batch` bytes stays under the broker's max.message.bytes even without compression.
 */
const RECORD_OVERHEAD = 16;
const RETRY_BACKOFF_MAX_MS = 2_000;

/** Enough for the active users or sessions of a large scenario; cleared, not evicted, beyond. */
const KEY_CACHE_SIZE = 100_000;

interface PlacedKey {
  readonly key: Buffer;
  readonly partition: number;
}

interface Request {
  readonly records: OutgoingRecord[];
  readonly valueBytes: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class KafkaSink implements Sink {
  readonly description: string;
  readonly keyTemplate: string | undefined;
  private connection: KafkaConnection | undefined;
  private readonly counts: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };
  /** Records gathered for the next request. */
  private pending: OutgoingRecord[] = [];
  private pendingBytes = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  /** Requests are sent one after another: `tail` is the last one queued. */
  private tail: Promise<void> = Promise.resolve();
  /** Requests queued or being sent, oldest first. */
  private readonly unfinished: Promise<void>[] = [];
  private readonly placedKeys = new Map<string, PlacedKey>();
  /** Counts records without a key so they spread evenly and reproducibly over partitions. */
  private unkeyed = 0;
  private fatal: RunError | undefined;
  private aborted = false;

  constructor(private readonly target: KafkaTarget) {
    this.description = `kafka ${describeKafkaTarget(target)}`;
    this.keyTemplate = target.keyField === undefined ? undefined : `{${target.keyField}}`;
  }

  async open(_context: SinkOpenContext): Promise<void> {
    const { connectKafka } = await import('./kafka-client.js');
    const connection = await connectKafka(this.target, this.description, { sleep, stopped: () => this.aborted });
    // Stopped while connecting: nothing will be written.
    if (this.aborted) await connection.close(true);
    else this.connection = connection;
  }

  async write(batch: RecordBatch): Promise<void> {
    if (this.fatal || this.aborted || !this.connection) {
      this.counts.failed += batch.count;
      throw this.fatal ?? new RunError('SINK_FAILED', `${this.description}: write after ${this.aborted ? 'abort' : 'close or before open'}`);
    }
    this.gather(batch, this.connection.partitionCount);
    const lingers = this.target.lingerMs > 0;
    while (this.pendingBytes >= this.target.batchBytes || (!lingers && this.pending.length > 0)) {
      this.enqueue(this.take(this.target.batchBytes));
      // Backpressure: one request in flight, the next one ready behind it.
      while (this.unfinished.length > 1) await this.unfinished[0];
    }
    if (this.pending.length > 0) this.scheduleLinger();
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    this.clearLinger();
    while (this.pending.length > 0) this.enqueue(this.take(this.target.batchBytes));
    await this.tail;
    await this.connection?.close(false);
    this.connection = undefined;
    this.throwIfFailed();
  }

  /** A request that failed for good ends the run at the next write or at close. */
  private throwIfFailed(): void {
    if (this.fatal) throw this.fatal;
  }

  async abort(): Promise<void> {
    this.aborted = true;
    this.clearLinger();
    this.counts.failed += this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
    await this.connection?.close(true).catch(() => undefined);
    await this.tail;
    this.connection = undefined;
  }

  stats(): SinkStats {
    return { ...this.counts };
  }

  /** Turns a batch into records; the bytes are copied because the pipeline reuses its buffers. */
  private gather(batch: RecordBatch, partitionCount: number): void {
    const topic = this.target.topic;
    const bytes = Buffer.from(batch.bytes.subarray(0, batch.count === 0 ? 0 : batch.ends[batch.count - 1]));
    let start = 0;
    for (let i = 0; i < batch.count; i++) {
      const end = batch.ends[i];
      const valueEnd = end > start && bytes[end - 1] === NEWLINE ? end - 1 : end;
      const keyText = batch.keys?.[i];
      let key: Buffer | undefined;
      let partition: number;
      if (keyText === null || keyText === undefined) {
        partition = this.unkeyed++ % partitionCount;
      } else {
        const placed = this.placeKey(keyText, partitionCount);
        key = placed.key;
        partition = placed.partition;
      }
      const time = batch.times[i];
      this.pending.push({
        topic,
        key,
        value: bytes.subarray(start, valueEnd),
        partition,
        timestamp: Number.isFinite(time) ? BigInt(Math.trunc(time)) : undefined,
      });
      this.pendingBytes += valueEnd - start + (key?.length ?? 0) + RECORD_OVERHEAD;
      start = end;
    }
  }

  /** Users and sessions recur: their key bytes and partition are worked out once. */
  private placeKey(text: string, partitionCount: number): PlacedKey {
    let placed = this.placedKeys.get(text);
    if (placed === undefined) {
      if (this.placedKeys.size >= KEY_CACHE_SIZE) this.placedKeys.clear();
      const key = Buffer.from(text, 'utf8');
      placed = { key, partition: partitionForKey(key, partitionCount) };
      this.placedKeys.set(text, placed);
    }
    return placed;
  }

  /** Takes records from the front until `limit` bytes (at least one record). */
  private take(limit: number): Request {
    let bytes = 0;
    let valueBytes = 0;
    let n = 0;
    while (n < this.pending.length) {
      const record = this.pending[n];
      const size = record.value.length + (record.key?.length ?? 0) + RECORD_OVERHEAD;
      if (n > 0 && bytes + size > limit) break;
      bytes += size;
      valueBytes += record.value.length;
      n++;
    }
    const records = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    this.pendingBytes -= bytes;
    return { records, valueBytes };
  }

  private enqueue(request: Request): void {
    const done = this.tail.then(() => this.deliver(request));
    this.tail = done;
    this.unfinished.push(done);
    // Requests finish in the order they were queued.
    void done.then(() => this.unfinished.shift());
  }

  private scheduleLinger(): void {
    if (this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      if (this.pending.length === 0 || this.aborted) return;
      this.enqueue(this.take(this.target.batchBytes));
    }, this.target.lingerMs);
  }

  private clearLinger(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }

  /** Sends one request until acknowledged, a final error, the delivery timeout or abort. Never rejects. */
  private async deliver(request: Request): Promise<void> {
    let records = request.records;
    let valueBytes = request.valueBytes;
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      if (this.fatal || this.aborted || !this.connection) {
        this.counts.failed += records.length;
        return;
      }
      try {
        await this.connection.send(records);
        this.counts.delivered += records.length;
        this.counts.bytes += valueBytes;
        return;
      } catch (error) {
        const failure = error instanceof KafkaSendError ? error : new KafkaSendError(false, String(error), new Set());
        // Partitions acknowledged in a failed request must not be sent again: their sequence
        // numbers have moved on, so the broker could not recognise them as duplicates.
        if (failure.acknowledgedPartitions.size > 0) {
          const acknowledged = records.filter((record) => failure.acknowledgedPartitions.has(record.partition));
          const acknowledgedBytes = acknowledged.reduce((sum, record) => sum + record.value.length, 0);
          this.counts.delivered += acknowledged.length;
          this.counts.bytes += acknowledgedBytes;
          records = records.filter((record) => !failure.acknowledgedPartitions.has(record.partition));
          valueBytes -= acknowledgedBytes;
        }
        const elapsed = performance.now() - started;
        if (!failure.retriable || elapsed >= this.target.deliveryTimeoutMs) {
          this.counts.failed += records.length;
          const why = failure.retriable ? `still failing after ${Math.round(elapsed / 1000)} s (delivery_timeout=${this.target.deliveryTimeoutMs})` : 'failed';
          this.fatal ??= new RunError('SINK_FAILED', `${this.description}: ${records.length} records ${why}: ${failure.reason}`, failure.retriable, {
            cause: error,
          });
          return;
        }
        this.counts.retries++;
        await sleep(Math.min(RETRY_BACKOFF_MAX_MS, 100 * 2 ** attempt, this.target.deliveryTimeoutMs - elapsed));
      }
    }
  }
}
