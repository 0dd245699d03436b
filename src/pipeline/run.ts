import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EngineOptions } from '../engine/engine.js';
import type { EventView } from '../engine/event.js';
import { RowRecorder } from '../encode/columnar/row.js';
import { eventToObject } from '../encode/event-object.js';
import { RecordBuffer, writtenTimeStep } from '../encode/record-buffer.js';
import type { Encoder } from '../encode/types.js';
import { SummaryCollector, type RunSummary } from './run-summary.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { deliver } from './deliver.js';
import type { RealtimeOptions } from './pacing/realtime.js';
import { produce, runEvents, type Batcher } from './produce.js';
import { keyRenderer, recordKeysOf } from './record-keys.js';
import type { RecordBatch, Sink } from '../sinks/types.js';
import { isListed, RecordFaults } from '../faults/record-faults.js';
import { keysChanges, TimelineKey } from '../faults/timeline-key.js';
import { engineTotals } from '../faults/arm-totals.js';
import type { DriftKey } from '../faults/drift-key.js';

export interface RunOptions extends EngineOptions {
  readonly scenario: CompiledScenario;
  readonly encoder: Encoder;
  readonly sink: Sink;
  /** Stops the run after the current batch: whole records, sinks closed, summary returned. */
  readonly signal?: AbortSignal;
  /** Called after each batch. */
  readonly onProgress?: (progress: { events: number; eventTime: number }) => void;
  /** Bytes per batch handed to the sink. */
  readonly batchBytes?: number;
  /** At most this many records per batch (sinks that send records one by one like smaller batches). */
  readonly batchRecords?: number;
  /** Real time: each event waits until it is due on the clock (src/pipeline/pacing/realtime.ts). */
  readonly realtime?: RealtimeOptions;
  /**
   * Whether the summary gets the answer key's windows, watermarks and faults (default true);
   * false when no one reads them (generate without --summary): faults are still made.
   */
  readonly answerKey?: boolean;
  /** With schema drift: told of each record written, for the answer key's `drift`. */
  readonly drift?: DriftKey;
}

/**
 * Records per batch when the sink builds columns from rows (Parquet, Arrow): a row holds its
 * event's values (strings, boxed numbers) until the batch is written, and 16,384 rows of a wide
 * scenario outgrow the young generation, so every value would be promoted and collected by a full
 * collection. Smaller batches let them die young; the output does not depend on the batch size.
 * 256 rather than 2,048: Snowplow's per-event JSON documents still outlived a scavenge at 2,048
 * (Parquet +33 %, Arrow +48 % at 256), and gift-shop's speed did not move (docs/benchmarks.md).
 */
const ROW_BATCH_RECORDS = 256;

/**
 * The one place that wires scenario → engine → encoder → sink. Events are encoded
 * into large buffers and handed to the sink in batches of whole records; the output
 * bytes never depend on the batch size.
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  const { scenario, encoder, sink } = options;
  const answerKey = options.answerKey !== false;
  // Without an answer key the writer has nothing to do for faults but break bad records.
  const faults = scenario.faults === null || (!answerKey && scenario.faults.badShare === 0) ? null : new RecordFaults(scenario.faults, encoder.format, scenario.schema, answerKey);
  const made = await runEvents(scenario, options, options.realtime, options.signal, scenario.faults, answerKey);
  const schema = scenario.schema;
  const renderKey = keyRenderer(recordKeysOf(sink), schema);
  const wantsObjects = sink.wantsObjects === true;
  const rows = sink.wantsRows === true ? new RowRecorder(schema) : null;
  const summary = new SummaryCollector();
  const paced = made.realtime;
  const changes = !answerKey || !keysChanges(scenario) ? null : new TimelineKey(scenario, options.start, made.engine.experiments === null ? null : engineTotals(made.engine.experiments), paced === null ? undefined : () => paced.offset);
  const batchRecords = options.batchRecords ?? (rows === null ? 16_384 : ROW_BATCH_RECORDS);
  const buffer = new RecordBuffer(encoder, options.batchBytes ?? 1 << 20, batchRecords, writtenTimeStep(schema));
  let keys: (string | null)[] = [];
  let objects: Record<string, unknown>[] = [];
  // Records the answer key lists, when the sink can say where they land (Kafka partition and offset).
  const placing = faults !== null && answerKey && sink.placements !== undefined;
  let placed: number[] = [];

  const batcher: Omit<Batcher, 'count' | 'full'> = {
    add(event, due, late) {
      if (!buffer.add(event)) return false;
      // Without an answer key, most records have nothing to be done: the call and its arguments are skipped.
      if (faults !== null && faults.concerns(event) && !faults.written(event, buffer, summary.count, receivedAt(event, due, made.delivery))) return false;
      if (placing && isListed(event)) placed.push(buffer.count - 1);
      options.drift?.written(event.time, summary.count);
      if (renderKey !== null) keys.push(renderKey(event));
      if (wantsObjects) objects.push(eventToObject(event, schema));
      rows?.add(event);
      summary.add(event.type, buffer.written(event.time), late);
      changes?.add(event.type, buffer.written(event.time));
      return true;
    },
    async flush() {
      if (buffer.count === 0) return;
      // The sink may keep the batch while it is delivered: the buffer lends it, and encodes
      // the next batch into buffers the sink has let go of.
      const batch: RecordBatch = {
        ...buffer.take(),
        keys: renderKey === null ? undefined : keys,
        objects: wantsObjects ? objects : undefined,
        rows: rows?.take(),
        placed: placing ? placed : undefined,
      };
      await sink.write(batch);
      buffer.settle(sink.held?.() ?? Infinity);
      keys = [];
      objects = [];
      placed = [];
      options.onProgress?.({ events: summary.count, eventTime: summary.lastTime });
      // Let signals and timers run between batches even when every write completes at once.
      await yieldToEventLoop();
    },
    // A sink's backpressure is its write's promise: the next batch waits for it.
    hasRoom: () => true,
    waitForRoom: () => Promise.resolve(),
  };
  // Defined after: V8 makes an object literal with getters in dictionary mode, and every read of
  // the batcher in produce's loop (four an event) was then a generic lookup, 4 % of a gift-shop run.
  Object.defineProperties(batcher, { count: { get: () => buffer.count }, full: { get: () => buffer.full } });

  const trailer = encoder.trailer?.bind(encoder);
  const ended = await deliver(sink, { header: encoder.header(), format: encoder.format, trailer }, () => produce(made, batcher as Batcher, options.signal));
  const result = summary.finish(scenario.name, scenario.seed, { sessions: made.engine.stats.sessions, users: made.engine.stats.users.size }, sink.stats(), ended, options.runStart ?? options.start, options.shard);
  // Assigned, not spread: a spread would read the summary's events_per_minute, built only when read.
  const withFaults = faults === null || made.faults === null || !answerKey ? result : Object.assign(result, faults.finish(made.faults, sink.placements?.()));
  const keyed = changes === null ? withFaults : Object.assign(withFaults, changes.finish());
  return options.drift === undefined ? keyed : Object.assign(keyed, { drift: options.drift.finish() });
}

/**
 * When a record is received, as it writes it: paced, its due time (the schedule stamps the
 * record's processing time with it, src/pipeline/pacing/rate-schedule.ts; whole ms), else its
 * processing time with late delivery, else its event time.
 */
function receivedAt(event: EventView, due: number, delivery: { readonly processingTime: number } | null): number {
  if (!Number.isNaN(due)) return Math.floor(due);
  return delivery === null ? event.time : delivery.processingTime;
}
