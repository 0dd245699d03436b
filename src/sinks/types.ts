/**
 * The one contract every destination implements. The pipeline (src/pipeline/run.ts) hands a sink
 * batches of whole, encoded records; the sink applies backpressure by not resolving
 * `write` until it can take more; every record ends as delivered or failed.
 */

/** Whole encoded records, concatenated. Record i spans [ends[i-1] (or 0), ends[i]). */
export interface RecordBatch {
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  readonly count: number;
  /** Event time of each record, epoch ms (Kafka record timestamps). */
  readonly times: Float64Array;
  /** Per-record key rendered from the sink's `keyTemplate` (Kafka key, Redis key, file name); else undefined. */
  readonly keys: readonly (string | null)[] | undefined;
  /** Each record as a plain JSON-compatible object, when the sink set `wantsObjects`. */
  readonly objects: readonly Record<string, unknown>[] | undefined;
  /**
   * Each record's values by output column, when the sink set `wantsRows` (see
   * encode/columnar/row.ts). Read them while `write` runs: the row objects are reused.
   */
  readonly rows?: readonly unknown[];
  /**
   * Indexes (in this batch) of the records whose place the run wants to know (the answer key
   * lists them); a sink that knows where records land reports them by `placements`.
   */
  readonly placed?: readonly number[];
}

/** Where a record landed: its Kafka partition, and its offset there (null when the broker did not say). */
export interface RecordPlace {
  readonly partition: number;
  readonly offset: number | null;
}

export interface SinkStats {
  /** Records the destination has taken: handed to a file or stream, acknowledged by Kafka or Redis. */
  delivered: number;
  /** Records that could not be delivered after retries. */
  failed: number;
  /** Bytes of delivered records. */
  bytes: number;
  /** Transient failures that were retried. */
  retries: number;
}

export interface SinkOpenContext {
  /** Bytes to write at the start of each file or stream (a CSV header), or null. */
  readonly header: Uint8Array | null;
  /** The encoder's format, e.g. to choose a content type. */
  readonly format: string;
  /** Bytes to write after the last record when the output is complete (see Encoder.trailer). */
  readonly trailer?: () => Uint8Array | null;
}

/** How a sink's key template writes each field value into a key. */
export type KeyValueRule = 'path-segment';

export interface Sink {
  /** Names the destination in messages: `stdout`, `file out/events.ndjson`, `kafka 127.0.0.1:9092/clickstream`. */
  readonly description: string;
  /**
   * A template over event fields (`{user_id}`, `{event_type}_events`) rendered per record
   * into `RecordBatch.keys`; undefined when the sink needs no key.
   */
  readonly keyTemplate?: string;
  /** How the key was asked for, for messages (a URL's `key=user_id`); absent: the template as given (a file path). */
  readonly keySource?: string;
  /**
   * How each value placed into the key is written: `path-segment` keeps file names safe
   * (safePathValue in output-path.ts); as it is when absent. A name, not a function, so
   * that a worker thread renders the same keys.
   */
  readonly keyValue?: KeyValueRule;
  /** Set when the sink needs each record as an object too (e.g. Redis flat fields). */
  readonly wantsObjects?: boolean;
  /** Set when the sink needs each record's typed values (columnar formats build their columns from them). */
  readonly wantsRows?: boolean;
  open(context: SinkOpenContext): Promise<void>;
  /** Resolves when the sink can take the next batch. Rejects only on a failure it cannot recover from. */
  write(batch: RecordBatch): Promise<void>;
  /**
   * How many of the batches written last the sink still holds (0: none, all are written
   * out; 1: only the last). Every batch before those is out of its hands, so the pipeline
   * encodes into their buffers again: a fresh megabyte per batch would cost a major
   * garbage collection every few dozen batches. Holding the last batch while the next is
   * encoded lets writing and generating overlap. Absent: batches are never reused.
   */
  held?(): number;
  /** Flushes everything, waits for delivery and releases resources. Output is complete after this. */
  close(): Promise<void>;
  /** Stops without completing: removes partial files, drops what is queued (counted as failed). */
  abort(): Promise<void>;
  stats(): SinkStats;
  /**
   * Where the records named by `RecordBatch.placed` landed, by their 0-based index in the
   * run's output; complete after close. Absent for a sink without places (files, streams).
   */
  placements?(): ReadonlyMap<number, RecordPlace>;
}
