import type { EventView } from '../engine/event.js';

/**
 * Writes events as bytes. Every record ends with exactly one '\n' (NDJSON, CSV, TSV and
 * line templates are all line formats), so sinks that send records one by one (Kafka,
 * Redis, HTTP) drop the last byte of each record.
 */
export interface Encoder {
  /** The format's name, for messages and content types: ndjson, csv, tsv, template. */
  readonly format: string;
  /** Bytes to write at the start of each output file or stream (the CSV header), or null. */
  header(): Uint8Array | null;
  /**
   * Bytes to write at the end of each output file or stream, after the last record (the
   * last block of an Avro container file); absent for line formats. Called once, when the
   * run ends, so only sinks that write one byte stream (a file, stdout) carry such formats.
   */
  trailer?(): Uint8Array | null;
  /**
   * Appends one record to `out` at `offset` and returns the new offset, or -1 when the
   * record does not fit in the space left (the caller flushes and retries with a larger
   * or empty buffer).
   */
  encode(event: EventView, out: Uint8Array, offset: number): number;
}
