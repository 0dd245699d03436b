import type { EventView } from '../engine/event.js';
import { RunError } from '../errors.js';
import type { Encoder } from './types.js';

/** Encoded records handed over by a RecordBuffer: record i spans [ends[i-1] (or 0), ends[i]) of bytes. */
export interface EncodedRecords {
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  readonly times: Float64Array;
  readonly count: number;
}

/** Largest buffer one record may need: a record bigger than this is a runaway scenario. */
const MAX_CAPACITY = 1 << 30;

/**
 * Records encoded one after another into one large buffer, with where each ends and its
 * event time, handed over in batches.
 */
export class RecordBuffer {
  private bytes: Uint8Array;
  private ends: Uint32Array;
  private times: Float64Array;
  private offset = 0;
  /** Whether the buffers were handed over by `take` (see `settle`). */
  private lent = false;
  count = 0;

  constructor(
    private readonly encoder: Encoder,
    private capacity: number,
    readonly maxRecords: number,
  ) {
    this.bytes = new Uint8Array(capacity);
    this.ends = new Uint32Array(maxRecords);
    this.times = new Float64Array(maxRecords);
  }

  get full(): boolean {
    return this.count === this.maxRecords;
  }

  /**
   * Encodes one event; returns false, having written nothing, when there is no room left
   * for it (take the records, then add again). A record alone in the buffer that still
   * does not fit grows the buffer.
   */
  add(event: EventView): boolean {
    let end = this.encoder.encode(event, this.bytes, this.offset);
    if (end < 0) {
      if (this.count > 0) return false;
      while (end < 0) {
        this.capacity *= 2;
        if (this.capacity > MAX_CAPACITY) throw new RunError('SINK_FAILED', 'an event does not fit in 1 GiB when encoded');
        this.bytes = new Uint8Array(this.capacity);
        end = this.encoder.encode(event, this.bytes, 0);
      }
    }
    this.offset = end;
    this.ends[this.count] = end;
    this.times[this.count] = event.time;
    this.count++;
    return true;
  }

  /**
   * The records so far; the buffer is empty afterwards. A small batch (real time sends
   * many) is a copy; a big one is lent as it is, until `settle`.
   */
  take(): EncodedRecords {
    const { count, offset } = this;
    const small = offset <= this.capacity >> 4;
    this.lent = !small;
    this.offset = 0;
    this.count = 0;
    return {
      bytes: small ? this.bytes.slice(0, offset) : this.bytes,
      ends: small ? this.ends.slice(0, count) : this.ends,
      times: small ? this.times.slice(0, count) : this.times,
      count,
    };
  }

  /**
   * After the records taken were written: with `reusable`, the next records go into the
   * same buffers (the destination keeps nothing of them); else fresh ones are made.
   * Reuse matters: a fresh megabyte per batch dies old and costs major collections.
   */
  settle(reusable: boolean): void {
    if (!this.lent) return;
    this.lent = false;
    if (reusable) return;
    this.bytes = new Uint8Array(this.capacity);
    this.ends = new Uint32Array(this.maxRecords);
    this.times = new Float64Array(this.maxRecords);
  }
}
