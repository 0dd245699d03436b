import type { Shard } from '../../engine/shards.js';
import type { EncoderOptions } from '../../encode/create-encoder.js';
import type { EncodedRecords } from '../../encode/record-buffer.js';
import type { DroppedEvent } from '../../faults/fault-stage.js';
import type { BadRecordKind } from '../../scenario/schema.js';
import type { RecordKeys } from '../record-keys.js';
import type { TallyPart } from '../run-summary.js';
import type { ScenarioRecipe } from './scenario-recipe.js';

/** What the worker of a run ahead simulates: everything cloneable, so it builds its own scenario and encoder. */
export interface AheadJob extends ShardPacing {
  readonly scenario: ScenarioRecipe;
  /** The same number for the same compiled scenario: the worker compiles each once (serve's streams share them). */
  readonly scenarioId: number;
  readonly encoder: EncoderOptions;
  /** Frame each record as a Server-Sent Event. */
  readonly sse: boolean;
  readonly start: number;
  readonly count: number | undefined;
  readonly end: number | undefined;
  readonly shard: Shard | undefined;
  /** Records made but not yet released, in bytes, beyond which the worker waits (a slow output). */
  readonly maxPendingBytes: number;
  readonly batchBytes: number;
  readonly batchRecords: number;
}

/** Records of a run ahead, with what releasing and counting them needs. */
export interface AheadBatch extends EncodedRecords {
  readonly kind: 'batch';
  readonly id: number;
  /** When each record is due, epoch ms. */
  readonly dues: Float64Array;
  /** Each record's event type, by Sym index. */
  readonly types: Int32Array;
  /** Per record, the run's sessions and distinct users so far (the engine's counts after making it). */
  readonly sessions: Uint32Array;
  readonly users: Uint32Array;
  /** Per record, 1 when it arrived late (the scenario's delivery). */
  readonly late: Uint8Array;
  /** Event types first seen in this batch: [index, text]. */
  readonly names: readonly (readonly [number, string])[];
}

/** From the worker, about job `id`: records, the end, or why it stopped. */
export type AheadMessage =
  | AheadBatch
  | { readonly kind: 'end'; readonly id: number }
  | { readonly kind: 'error'; readonly id: number; readonly name: string; readonly code: string | null; readonly message: string };

/** To the worker: start job `id`; this many bytes of its records were released; stop it (its reader left). */
export type JobMessage =
  | { readonly kind: 'start'; readonly id: number; readonly job: AheadJob }
  | { readonly kind: 'released'; readonly id: number; readonly bytes: number }
  | { readonly kind: 'stop'; readonly id: number };

/** What a worker of `--workers` runs: one shard of the run, as fast as the main thread merges it. */
export interface ShardJob {
  readonly scenario: ScenarioRecipe;
  readonly encoder: EncoderOptions;
  readonly start: number;
  /** The run's count: a shard writes at most this many of its events, enough for the merged first `count`. */
  readonly count: number | undefined;
  readonly end: number | undefined;
  readonly shard: Shard;
  /** The sink's key per record (Kafka key, Redis key, file name), rendered in the worker; absent when the sink needs none. */
  readonly keys: RecordKeys | undefined;
  /** Each record as a plain object too (Redis with one stream field per event field). */
  readonly objects: boolean;
  readonly batchBytes: number;
  readonly batchRecords: number;
  /** Batches posted and not yet merged beyond which the worker waits. */
  readonly maxPendingBatches: number;
  /** Real time: the worker makes each record up to `aheadMs` before it is due; without it, as fast as the merge takes them. */
  readonly realtime: ShardPacing | undefined;
  /** Post the experiments' counts (src/faults/arm-totals.ts) with each record and at the end: the run's answer key has experiments. */
  readonly armTotals: boolean;
}

/** How a worker of a real-time run paces its shard. */
export interface ShardPacing {
  /** Events per second this worker makes (its share of the run's); without it, simulated time is wall time. */
  readonly rate: number | undefined;
  readonly live: boolean;
  readonly warmupEvents: number | undefined;
  /** How far ahead of the wall clock records are made, ms. */
  readonly aheadMs: number;
  /** A live run's first record is due this long after the worker is ready, ms. */
  readonly startLeadMs: number;
  /** Shortest time between two wake-ups of the worker, ms. */
  readonly tickMs: number;
}

/** Records of a shard with the keys the merge orders by: when received, event time, session number. */
export interface ShardBatch extends EncodedRecords {
  readonly kind: 'batch';
  /** Processing time with late delivery, else event time. */
  readonly received: Float64Array;
  /** Real time: when each record is due, epoch ms; the merge orders by it first. */
  readonly dues: Float64Array | undefined;
  readonly sessions: Float64Array;
  /** Per record, its event type's Sym index and whether it arrived late: to count a batch the run stops in. */
  readonly types: Int32Array;
  readonly late: Uint8Array;
  /** Per record, the shard's sessions and distinct users so far (the engine's counts after making it). */
  readonly sessionCounts: Uint32Array;
  readonly userCounts: Uint32Array;
  /** Event types first seen in this batch: [index, text]. */
  readonly names: readonly (readonly [number, string])[];
  /** The batch's records counted by type, minute and lateness: the merge adds this up once it has merged the whole batch. */
  readonly tally: TallyPart;
  /** Per record, the sink's key, when the job has `keys`. */
  readonly keys: (string | null)[] | undefined;
  /** Per record, the event as a plain object, when the job asks for `objects`. */
  readonly objects: Record<string, unknown>[] | undefined;
  /** With schema drift: per record, the drift version whose shape it was written in (0: the scenario's own). */
  readonly driftVersions: Uint8Array | undefined;
  /** With faults: the records the fault stage marked, for the answer key the merging thread keeps. */
  readonly marks: FaultMarks | undefined;
  /** With `answer_key.purchases` revenue: per record, its revenue in whole units (0 but for purchases). */
  readonly revenues: Float64Array | undefined;
  /**
   * With the job's `armTotals`: per record, a row of the experiments' counts over the shard's
   * records before it (rows one after another). The engine counts an event when it is asked
   * for the next, so the row of the record after the last one merged is what those merged
   * counted: the merge may stop anywhere (a count).
   */
  readonly armTotals: Uint32Array | undefined;
}

/** The marked records of a batch, in record order: few (a share of the records), so listed sparsely. */
export interface FaultMarks {
  /** Each marked record's index in the batch, ascending. */
  readonly at: number[];
  readonly sessions: number[];
  /** The event's index in its session. */
  readonly indexes: number[];
  /** DUPLICATED | COPY | BAD bits. */
  readonly flags: number[];
  /** The kind a bad record was broken as; null for one left whole. */
  readonly kinds: (BadRecordKind | null)[];
}

export const MARK_DUPLICATED = 1;
export const MARK_COPY = 2;
export const MARK_BAD = 4;

/** What a worker's fault stage saw before delivery, posted with its end: the merging thread adds the workers' up. */
export interface ShardFaultTally {
  readonly dropped: DroppedEvent[];
  readonly sessionsStarted: [number, number][];
}

/** From a shard worker: records, that none is due before `due` (real time), that it is ready (live), the end, or why it stopped. */
export type ShardMessage =
  | ShardBatch
  | { readonly kind: 'until'; readonly due: number }
  /** A live run's history is spent: the worker waits for `go` to anchor its run to the clock. */
  | { readonly kind: 'ready' }
  /** With the job's `armTotals`, `arms` is the row of the experiments' counts over all the shard's records. */
  | { readonly kind: 'end'; readonly faults: ShardFaultTally | undefined; readonly arms: number[] | undefined }
  | { readonly kind: 'error'; readonly name: string; readonly code: string | null; readonly message: string };

/**
 * To a shard worker: run this job; one more batch was merged, and here are its buffers back
 * to encode into again; every worker is ready, the run starts `at` on the wall clock (live runs).
 */
export type ShardControl =
  | { readonly kind: 'start'; readonly job: ShardJob }
  | { readonly kind: 'merged'; readonly records: EncodedRecords }
  | { readonly kind: 'go'; readonly at: number };
