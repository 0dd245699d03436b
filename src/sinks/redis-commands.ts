/**
 * Turns record batches into Redis commands, in jobs of at most RECORDS_PER_JOB records: one
 * job is one round trip (a MULTI/EXEC transaction) and the unit of retry.
 *
 * - stream: XADD key [MAXLEN ~ N] * data <record>, or the event's top-level fields (flat)
 * - pubsub: PUBLISH key <record>
 * - list:   RPUSH key <record>
 */
import { RunError } from '../errors.js';
import type { RedisTarget } from './redis-target.js';
import type { RecordBatch } from './types.js';

export type RedisCommand = (string | Buffer)[];

export interface RedisJob {
  /** Position in the run, from 0; names the job's delivery mark on the server. */
  readonly seq: number;
  readonly commands: readonly RedisCommand[];
  readonly records: number;
  /** Bytes of the records (without their line ends). */
  readonly bytes: number;
}

/** Large enough to amortise a round trip, small enough that a retry resends little. */
export const RECORDS_PER_JOB = 1000;

const NEWLINE = 0x0a;

export class RedisCommandBuilder {
  readonly #target: RedisTarget;
  /** Everything before the key and after it up to the payload, computed once. */
  readonly #verb: string;
  readonly #afterKey: readonly string[];
  #nextSeq = 0;

  constructor(target: RedisTarget) {
    this.#target = target;
    if (target.mode === 'stream') {
      this.#verb = 'XADD';
      const trim = target.maxlen === undefined ? [] : ['MAXLEN', '~', String(target.maxlen)];
      this.#afterKey = target.fields === 'flat' ? [...trim, '*'] : [...trim, '*', 'data'];
    } else {
      this.#verb = target.mode === 'pubsub' ? 'PUBLISH' : 'RPUSH';
      this.#afterKey = [];
    }
  }

  /** Whether commands need `RecordBatch.objects` (stream entries with one field per event field). */
  get wantsObjects(): boolean {
    return this.#target.fields === 'flat';
  }

  /** Splits a batch into jobs. Records are copied: the caller may reuse the batch's memory once `write` resolves. */
  *jobs(batch: RecordBatch): Generator<RedisJob> {
    for (let first = 0; first < batch.count; first += RECORDS_PER_JOB) {
      yield this.#job(batch, first, Math.min(batch.count, first + RECORDS_PER_JOB));
    }
  }

  #job(batch: RecordBatch, first: number, end: number): RedisJob {
    const { ends, keys } = batch;
    const base = first === 0 ? 0 : ends[first - 1];
    const objects = this.wantsObjects ? requireObjects(batch) : undefined;
    const copy = objects === undefined ? Buffer.from(batch.bytes.subarray(base, ends[end - 1])) : undefined;
    const commands: RedisCommand[] = new Array<RedisCommand>(end - first);
    let bytes = 0;
    let start = base;
    for (let i = first; i < end; i++) {
      const stop = batch.bytes[ends[i] - 1] === NEWLINE ? ends[i] - 1 : ends[i];
      bytes += stop - start;
      const key = keys?.[i];
      if (key === undefined || key === null) {
        throw new RunError('SINK_FAILED', `redis: record ${i} of a batch has no key; the key template '${this.#target.key}' names a field that event lacks`);
      }
      const payload = objects === undefined ? [copy!.subarray(start - base, stop - base)] : flatFields(objects[i]);
      commands[i - first] = [this.#verb, key, ...this.#afterKey, ...payload];
      start = ends[i];
    }
    return { seq: this.#nextSeq++, commands, records: end - first, bytes };
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
