/**
 * Cuts record batches into jobs of at most RECORDS_PER_JOB records. A job is one round trip
 * (one script call, see redis-script.ts) and the unit of retry: it carries, per record, the
 * key the pipeline rendered and the values the script writes there.
 */
import { RunError } from '../errors.js';
import type { RedisTarget } from './redis-target.js';
import type { RecordBatch } from './types.js';

export type RedisValue = string | Buffer;

export interface RedisJob {
  /** Position in the run, from 0; names the job's bit in the delivery mark. */
  readonly seq: number;
  /** One key (stream, channel or list) per record. */
  readonly keys: readonly string[];
  /**
   * Per record, in order: the record without its line end; or, for flat stream entries, the
   * number of strings that follow and then field, value, field, value...
   */
  readonly values: readonly RedisValue[];
  readonly records: number;
  /** Bytes of each record (without its line end). */
  readonly sizes: Uint32Array;
  /** Bytes of all the job's records. */
  readonly bytes: number;
}

/** Large enough to amortise a round trip, small enough that a retry resends little. */
export const RECORDS_PER_JOB = 1000;

const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

export class RedisJobBuilder {
  readonly #keyTemplate: string;
  readonly #flat: boolean;
  #nextSeq = 0;

  constructor(target: RedisTarget) {
    this.#keyTemplate = target.key;
    this.#flat = target.fields === 'flat';
  }

  /** Whether jobs are built from `RecordBatch.objects` (stream entries with one field per event field). */
  get wantsObjects(): boolean {
    return this.#flat;
  }

  /** Splits a batch into jobs. Records are copied: the caller may reuse the batch's memory once `write` resolves. */
  *jobs(batch: RecordBatch): Generator<RedisJob> {
    for (let first = 0; first < batch.count; first += RECORDS_PER_JOB) {
      yield this.#job(batch, first, Math.min(batch.count, first + RECORDS_PER_JOB));
    }
  }

  #job(batch: RecordBatch, first: number, end: number): RedisJob {
    const { ends } = batch;
    const base = first === 0 ? 0 : ends[first - 1];
    const objects = this.#flat ? requireObjects(batch) : undefined;
    const copy = objects === undefined ? Buffer.from(batch.bytes.subarray(base, ends[end - 1])) : EMPTY;
    const keys: string[] = new Array<string>(end - first);
    const sizes = new Uint32Array(end - first);
    const values: RedisValue[] = [];
    let bytes = 0;
    let start = base;
    for (let i = first; i < end; i++) {
      const stop = ends[i] > start && batch.bytes[ends[i] - 1] === NEWLINE ? ends[i] - 1 : ends[i];
      sizes[i - first] = stop - start;
      bytes += stop - start;
      keys[i - first] = this.#keyOf(batch, i);
      if (objects === undefined) {
        values.push(copy.subarray(start - base, stop - base));
      } else {
        const fields = flatFields(objects[i]);
        values.push(String(fields.length), ...fields);
      }
      start = ends[i];
    }
    return { seq: this.#nextSeq++, keys, values, records: end - first, sizes, bytes };
  }

  #keyOf(batch: RecordBatch, index: number): string {
    const key = batch.keys?.[index];
    if (key === undefined || key === null) {
      throw new RunError(
        'SINK_FAILED',
        `redis: record ${index} of a batch has no key: the key template '${this.#keyTemplate}' gives nothing for it (the field is null or absent); put text around the field, e.g. 'events:{user_id}'`,
      );
    }
    return key;
  }
}

function requireObjects(batch: RecordBatch): readonly Record<string, unknown>[] {
  if (batch.objects === undefined) throw new RunError('SINK_FAILED', 'redis: fields=flat needs each record as an object, but the batch carries none');
  return batch.objects;
}

/**
 * Stream entries hold strings: strings go in as they are, every other value as its JSON text
 * (25, true, null, {"country":"CA"}). Absent (undefined) fields are left out.
 */
export function flatFields(event: Record<string, unknown>): string[] {
  const fields: string[] = [];
  for (const name of Object.keys(event)) {
    const value = event[name];
    if (value === undefined) continue;
    fields.push(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return fields;
}
