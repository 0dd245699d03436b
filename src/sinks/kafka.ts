/**
 * The Kafka sink: records become Kafka records keyed by an event field, partitioned like the
 * Java client, timestamped with their event time, encoded straight into one record batch per
 * partition (kafka-record-batch.ts), compressed on a thread of their own (kafka-compressor.ts)
 * and sent, idempotently by default, with up to five requests in flight (kafka-pipeline.ts).
 * Failed requests are resent with backoff until `delivery_timeout`; every record ends counted as
 * delivered or failed.
 */
import { RunError } from '../errors.js';
import { BatchCompressor } from './kafka-compressor.js';
import type { EncodedBatch, KafkaConnection } from './kafka-connection.js';
import { partitionForKey } from './kafka-partitioner.js';
import { ProducePipeline } from './kafka-pipeline.js';
import { frameRecordBatch, RecordBatchBuilder, type GatheredRecords, type ProducerStamp } from './kafka-record-batch.js';
import { TextKey } from './kafka-text-key.js';
import { describeKafkaTarget, parseKafkaTarget, type KafkaTarget, type KafkaTargetDefaults } from './kafka-target.js';
import type { RecordBatch, RecordPlace, Sink, SinkOpenContext, SinkStats } from './types.js';

export interface KafkaSinkOptions {
  readonly defaults: KafkaTargetDefaults;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A key's bytes; UTF-8 text when absent. */
  readonly keyBytes?: (text: string) => Buffer;
  /** Told once when no broker answers the first attempt and connecting goes on retrying. */
  readonly notice?: (line: string) => void;
}

export { kafkaDefaultsFrom } from './kafka-target.js';

/** Parses the target now (a bad one is a UsageError here); connects in `open`. */
export function createKafkaSink(target: string, options: KafkaSinkOptions): Sink {
  return new KafkaSink(parseKafkaTarget(target, options.defaults, options.env), options.keyBytes, options.notice);
}

const NEWLINE = 0x0a;
/**
 * Bytes a record takes in a batch besides its key and value (length, attributes, timestamp
 * and offset deltas, key and value lengths, header count), rounded up, so that a request of
 * `batch` bytes stays under the broker's max.message.bytes even without compression.
 */
const RECORD_OVERHEAD = 16;

/** Keys made by `keyBytes`: enough for the active users or sessions of a large scenario; cleared, not evicted, beyond. */
const KEY_CACHE_SIZE = 100_000;

interface PlacedKey {
  readonly key: Buffer;
  readonly partition: number;
}

/** One partition's part of a request, taken from its builder and stamped, before it is framed. */
interface TakenBatch {
  readonly partition: number;
  readonly gathered: GatheredRecords;
  readonly stamp: ProducerStamp;
  readonly valueBytes: number;
  readonly written: ((baseOffset: number | null) => void) | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class KafkaSink implements Sink {
  readonly description: string;
  readonly keyTemplate: string | undefined;
  readonly keySource: string | undefined;
  private connection: KafkaConnection | undefined;
  private pipeline: ProducePipeline | undefined;
  private compressor: BatchCompressor | undefined;
  /**
   * Requests handed to the compressing thread, oldest first, each settled once it is launched
   * (in the order they were taken). They count as in flight: the broker's idempotence allows
   * five unacknowledged batches per partition.
   */
  private readonly compressing: Promise<void>[] = [];
  /** Compressing failed: the run ends at the next write or at close. */
  private compressFailure: RunError | undefined;
  private readonly counts: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };
  /** Records gathered for the next request, one builder per partition. */
  private readonly builders: RecordBatchBuilder[] = [];
  /** Partitions with gathered records, in the order they got their first. */
  private touched: number[] = [];
  private pendingRecords = 0;
  private pendingBytes = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly placedKeys = new Map<string, PlacedKey>();
  private readonly textKey = new TextKey();
  /** Counts records without a key so they spread evenly and reproducibly over partitions. */
  private unkeyed = 0;
  /** Records gathered so far in the run: the next one's position. */
  private gathered = 0;
  /** Per partition, the records asked to be placed in its builder: position, and index in the builder. */
  private readonly toPlace: { position: number; index: number }[][] = [];
  private readonly places = new Map<number, RecordPlace>();
  private aborted = false;

  constructor(
    private readonly target: KafkaTarget,
    /** A key's bytes made from its text; without it, the text's UTF-8 (TextKey). */
    private readonly keyBytes: ((text: string) => Buffer) | undefined,
    private readonly notice?: (line: string) => void,
  ) {
    this.description = `kafka ${describeKafkaTarget(target)}`;
    this.keyTemplate = target.keyField === undefined ? undefined : `{${target.keyField}}`;
    this.keySource = target.keyField === undefined ? undefined : `key=${target.keyField}`;
  }

  async open(_context: SinkOpenContext): Promise<void> {
    const { connectKafka, MAX_IN_FLIGHT } = await import('./kafka-client.js');
    const connection = await connectKafka(this.target, this.description, { sleep, stopped: () => this.aborted, retrying: this.notice });
    // Stopped while connecting: nothing will be written.
    if (this.aborted) {
      await connection.close(true);
      return;
    }
    this.connection = connection;
    if (this.target.compression !== 'none') this.compressor = new BatchCompressor(this.target.compression);
    this.pipeline = new ProducePipeline(connection, this.counts, {
      description: this.description,
      maxInFlight: MAX_IN_FLIGHT,
      deliveryTimeoutMs: this.target.deliveryTimeoutMs,
      sleep,
    });
  }

  async write(batch: RecordBatch): Promise<void> {
    const fatal = this.fatal;
    if (fatal || this.aborted || !this.connection) {
      this.counts.failed += batch.count;
      throw fatal ?? new RunError('SINK_FAILED', `${this.description}: write after ${this.aborted ? 'abort' : 'close or before open'}`);
    }
    const limit = this.target.batchBytes;
    // The batch's bytes are copied into the builders before `write` resolves: the pipeline reuses them.
    for (let next = this.gather(batch, 0, limit, this.connection.partitionCount); next < batch.count; ) {
      await this.flush();
      if (this.aborted || !this.connection) {
        this.counts.failed += batch.count - next;
        throw new RunError('SINK_FAILED', `${this.description}: aborted during a write`);
      }
      next = this.gather(batch, next, limit, this.connection.partitionCount);
    }
    if (this.target.lingerMs === 0 || this.pendingBytes >= limit) await this.flush();
    if (this.pendingRecords > 0) this.scheduleLinger();
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    this.clearLinger();
    if (this.pipeline) {
      await this.flush();
      await this.compressing.at(-1);
      await this.pipeline.drain();
    }
    await this.compressor?.close();
    await this.connection?.close(false);
    this.connection = undefined;
    this.throwIfFailed();
  }

  /** A request that failed for good ends the run at the next write or at close. */
  private throwIfFailed(): void {
    const fatal = this.fatal;
    if (fatal) throw fatal;
  }

  private get fatal(): RunError | undefined {
    return this.compressFailure ?? this.pipeline?.fatal;
  }

  async abort(): Promise<void> {
    this.aborted = true;
    this.clearLinger();
    this.counts.failed += this.pendingRecords;
    for (const partition of this.touched) this.builders[partition].clear();
    this.touched = [];
    this.toPlace.length = 0;
    this.pendingRecords = 0;
    this.pendingBytes = 0;
    this.pipeline?.stop();
    await this.compressing.at(-1);
    await this.compressor?.close();
    await this.connection?.close(true).catch(() => undefined);
    await this.pipeline?.drain();
    this.connection = undefined;
  }

  stats(): SinkStats {
    return { ...this.counts };
  }

  placements(): ReadonlyMap<number, RecordPlace> {
    return this.places;
  }

  /** A batch the broker has: its placed records' offsets follow from its first's. */
  private placeWritten(partition: number, placing: readonly { position: number; index: number }[], baseOffset: number | null): void {
    if (baseOffset === null) return;
    for (const { position, index } of placing) this.places.set(position, { partition, offset: baseOffset + index });
  }

  /**
   * Encodes records from `from` on into their partitions' builders until the next one would
   * take the request past `limit` bytes (it always takes one); returns where it stopped.
   */
  private gather(batch: RecordBatch, from: number, limit: number, partitionCount: number): number {
    const { bytes, ends, keys, times, placed } = batch;
    let start = from === 0 ? 0 : ends[from - 1];
    // The next record the run wants placed: `placed` is in order.
    let want = placed === undefined ? -1 : placed.findIndex((index) => index >= from);
    for (let i = from; i < batch.count; i++) {
      const end = ends[i];
      const valueEnd = end > start && bytes[end - 1] === NEWLINE ? end - 1 : end;
      const keyText = keys?.[i];
      let key: Buffer | undefined;
      let keyLength = -1;
      let partition: number;
      if (keyText === null || keyText === undefined) {
        partition = this.unkeyed % partitionCount;
      } else if (this.keyBytes === undefined) {
        keyLength = this.textKey.load(keyText);
        key = this.textKey.bytes;
        partition = partitionForKey(key, partitionCount, keyLength);
      } else {
        const placed = this.placeKey(keyText, this.keyBytes, partitionCount);
        key = placed.key;
        keyLength = key.length;
        partition = placed.partition;
      }
      const size = valueEnd - start + Math.max(keyLength, 0) + RECORD_OVERHEAD;
      if (this.pendingRecords > 0 && this.pendingBytes + size > limit) return i;
      if (key === undefined) this.unkeyed++;
      const time = times[i];
      const builder = this.builderFor(partition);
      if (want >= 0 && placed![want] === i) {
        (this.toPlace[partition] ??= []).push({ position: this.gathered, index: builder.records });
        this.places.set(this.gathered, { partition, offset: null });
        want = want + 1 < placed!.length ? want + 1 : -1;
      }
      builder.append(key, bytes, start, valueEnd, Number.isFinite(time) ? Math.trunc(time) : Date.now(), keyLength);
      this.gathered++;
      this.pendingRecords++;
      this.pendingBytes += size;
      start = end;
    }
    return batch.count;
  }

  private builderFor(partition: number): RecordBatchBuilder {
    const builder = (this.builders[partition] ??= new RecordBatchBuilder());
    if (builder.records === 0) this.touched.push(partition);
    return builder;
  }

  /** Keys made by `keyBytes` (the registry's Avro keys) are made once per user or session, with their partition. */
  private placeKey(text: string, keyBytes: (text: string) => Buffer, partitionCount: number): PlacedKey {
    let placed = this.placedKeys.get(text);
    if (placed === undefined) {
      if (this.placedKeys.size >= KEY_CACHE_SIZE) this.placedKeys.clear();
      const key = keyBytes(text);
      placed = { key, partition: partitionForKey(key, partitionCount) };
      this.placedKeys.set(text, placed);
    }
    return placed;
  }

  /**
   * Sends what is gathered as one request once there is room for it in flight. With
   * compression it returns once the request is handed to the compressing thread, so the next
   * ones are made meanwhile; the request is launched when its batches come back.
   */
  private async flush(): Promise<void> {
    const pipeline = this.pipeline!;
    while (!pipeline.hasRoom(this.compressing.length)) {
      await Promise.race(this.compressing.length === 0 ? [pipeline.finishing()] : [this.compressing[0], pipeline.finishing()]);
    }
    // Checked and taken in one synchronous step, so a linger flush cannot slip in between.
    if (this.pendingRecords === 0 || this.aborted) return;
    const taken = this.touched.map((partition): TakenBatch => {
      const builder = this.builders[partition];
      const valueBytes = builder.valueBytes;
      const gathered = builder.take();
      const placing = this.toPlace[partition];
      this.toPlace[partition] = [];
      const written = placing === undefined || placing.length === 0 ? undefined : (baseOffset: number | null): void => this.placeWritten(partition, placing, baseOffset);
      return { partition, gathered, stamp: pipeline.stampFor(partition, gathered.count), valueBytes, written };
    });
    this.touched = [];
    this.pendingRecords = 0;
    this.pendingBytes = 0;
    const compressor = this.compressor;
    if (compressor === undefined) {
      pipeline.launch(taken.map((batch) => this.framed(batch, batch.gathered.framed)));
      return;
    }
    // Settled after the request before it, so requests launch in the order taken; never rejects.
    const compressed = compressor.compress(taken.map((batch) => batch.gathered.framed)).catch((error: Error) => error);
    const launched = Promise.all([this.compressing.at(-1), compressed]).then(([, result]) => {
      // This request is the oldest one compressing: its own promise, settling now, leaves the list.
      void this.compressing.shift();
      if (result instanceof Error) {
        this.counts.failed += recordsOf(taken);
        this.compressFailure ??= new RunError('SINK_FAILED', `${this.description}: compressing records failed: ${result.message}`, false, { cause: result });
      } else if (this.aborted) {
        this.counts.failed += recordsOf(taken);
      } else {
        pipeline.launch(taken.map((batch, i) => this.framed(batch, result[i])));
      }
    });
    this.compressing.push(launched);
  }

  private framed(batch: TakenBatch, bytes: Buffer): EncodedBatch {
    const { partition, gathered, stamp, valueBytes, written } = batch;
    return { partition, records: gathered.count, valueBytes, bytes: frameRecordBatch(bytes, gathered, this.connection!.codec, stamp), written };
  }

  private scheduleLinger(): void {
    if (this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      void this.flush();
    }, this.target.lingerMs);
  }

  private clearLinger(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }
}

function recordsOf(batches: readonly TakenBatch[]): number {
  return batches.reduce((sum, batch) => sum + batch.gathered.count, 0);
}
