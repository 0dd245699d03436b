import type { EventView, OutputSchema } from '../engine/event.js';
import { RunError } from '../errors.js';
import { writtenToTheSecond } from '../time/time-text.js';
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
 * The step of event times as the records write them: 1000 when the scenario writes its
 * event time to the second (iso-seconds, epoch-s), else 1. Record times (Kafka timestamps,
 * the summary) are kept at this step, so they equal the time in the payload.
 */
export function writtenTimeStep(schema: OutputSchema): number {
  const written = schema.fields.filter((field) => field.eventTime === true);
  return written.length > 0 && written.every((field) => writtenToTheSecond(field.time)) ? 1000 : 1;
}

/** One set of buffers records are encoded into. */
interface Buffers {
  bytes: Uint8Array;
  readonly ends: Uint32Array;
  readonly times: Float64Array;
}

/**
 * Records encoded one after another into one large buffer, with where each ends and its
 * event time as written, handed over in batches.
 *
 * A big batch is lent to the destination as it is. Buffers it has let go of are encoded
 * into again (see `settle`): while it still writes the last batch, the next one goes into
 * a second set, so generating and writing overlap without allocating per batch.
 */
export class RecordBuffer {
  private current: Buffers;
  /** Sets lent to the destination, oldest first. */
  private readonly lent: Buffers[] = [];
  /** Sets the destination has let go of, ready to be encoded into. */
  private readonly spare: Buffers[] = [];
  private offset = 0;
  count = 0;

  constructor(
    private readonly encoder: Encoder,
    private capacity: number,
    readonly maxRecords: number,
    /** writtenTimeStep of the scenario. */
    private readonly timeStep = 1,
  ) {
    this.current = this.fresh();
  }

  /** An event time as the records write it. */
  written(time: number): number {
    return this.timeStep === 1 ? time : Math.floor(time / this.timeStep) * this.timeStep;
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
    const current = this.current;
    let end = this.encoder.encode(event, current.bytes, this.offset);
    if (end < 0) {
      if (this.count > 0) return false;
      while (end < 0) {
        this.grow();
        end = this.encoder.encode(event, current.bytes, 0);
      }
    }
    this.offset = end;
    current.ends[this.count] = end;
    current.times[this.count] = this.written(event.time);
    this.count++;
    return true;
  }

  /**
   * Appends records `from` to `to` of `records`, encoded already (by another thread), as many
   * as fit; returns the index after the last one appended: `from` when none fits (take the
   * records, then copy again). A record alone in the buffer that does not fit grows it. One
   * copy of their bytes, however many records.
   */
  copy(records: EncodedRecords, from: number, to: number): number {
    const { ends } = records;
    const start = from === 0 ? 0 : ends[from - 1];
    let last = Math.min(to, from + this.maxRecords - this.count);
    if (ends[last - 1] - start > this.current.bytes.length - this.offset) {
      // The most records whose bytes fit: ends grow with the index.
      const room = this.current.bytes.length - this.offset;
      let fits = from;
      let over = last;
      while (over - fits > 1) {
        const middle = (fits + over) >>> 1;
        if (ends[middle - 1] - start <= room) fits = middle;
        else over = middle;
      }
      if (fits === from && this.count > 0) return from;
      while (fits === from && ends[from] - start > this.current.bytes.length) this.grow();
      last = Math.max(fits, from + 1);
    }
    const current = this.current;
    current.bytes.set(records.bytes.subarray(start, ends[last - 1]), this.offset);
    const shift = this.offset - start;
    let count = this.count;
    for (let i = from; i < last; i++) {
      current.ends[count] = ends[i] + shift;
      current.times[count] = records.times[i];
      count++;
    }
    this.count = count;
    this.offset = ends[last - 1] + shift;
    return last;
  }

  /** Doubles the buffer the records are encoded into; only while it is empty. */
  private grow(): void {
    this.capacity *= 2;
    if (this.capacity > MAX_CAPACITY) throw new RunError('SINK_FAILED', 'an event does not fit in 1 GiB when encoded');
    this.current.bytes = new Uint8Array(this.capacity);
  }

  /** The bytes of the record added last (a view: read it before adding another). */
  lastRecord(): Uint8Array {
    const { ends, bytes } = this.current;
    return bytes.subarray(this.count > 1 ? ends[this.count - 2] : 0, this.offset);
  }

  /**
   * Writes `record` in place of the record added last; false, having removed that record,
   * when there is no room for it (take the records, then add again).
   */
  replaceLast(record: Uint8Array): boolean {
    const current = this.current;
    const start = this.count > 1 ? current.ends[this.count - 2] : 0;
    if (start + record.length > current.bytes.length) {
      this.offset = start;
      this.count--;
      return false;
    }
    current.bytes.set(record, start);
    this.offset = start + record.length;
    current.ends[this.count - 1] = this.offset;
    return true;
  }

  /**
   * The records so far; the buffer is empty afterwards. A small batch (real time sends
   * many) is a copy; a big one is lent as it is, until `settle`.
   */
  take(): EncodedRecords {
    const { count, offset, current } = this;
    this.offset = 0;
    this.count = 0;
    if (offset <= this.capacity >> 4) return { bytes: current.bytes.slice(0, offset), ends: current.ends.slice(0, count), times: current.times.slice(0, count), count };
    this.lent.push(current);
    return { bytes: current.bytes, ends: current.ends, times: current.times, count };
  }

  /**
   * After the records taken were written: `held` is how many of the batches lent last the
   * destination still holds (see Sink.held); the ones before are encoded into again.
   * Infinity (a destination that may keep any batch): none is encoded into again, and
   * fresh buffers follow.
   */
  settle(held: number): void {
    const lent = this.lent;
    if (lent.at(-1) !== this.current) return;
    if (held === Infinity) {
      // Kept by the destination: only buffers given back (recycle) are encoded into again.
      lent.length = 0;
    } else {
      while (lent.length > held) {
        const set = lent.shift()!;
        if (set !== this.current) this.spare.push(set);
      }
      if (lent.at(-1) !== this.current) return;
    }
    let next = this.spare.pop();
    // A set from before the buffer grew is too small for the record that made it grow.
    while (next !== undefined && next.bytes.length < this.capacity) next = this.spare.pop();
    this.current = next ?? this.fresh();
  }

  /**
   * Takes back the buffers of records taken from here (and handed to another thread, which
   * gave them back once it had written them): they are encoded into again, instead of
   * allocating a fresh set. A small batch's copies are not taken back.
   */
  recycle(records: EncodedRecords): void {
    if (records.bytes.length === this.capacity && records.ends.length === this.maxRecords && records.times.length === this.maxRecords) this.spare.push({ bytes: records.bytes, ends: records.ends, times: records.times });
  }

  private fresh(): Buffers {
    return { bytes: new Uint8Array(this.capacity), ends: new Uint32Array(this.maxRecords), times: new Float64Array(this.maxRecords) };
  }
}
