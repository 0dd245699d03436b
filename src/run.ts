import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Realtime, type RealtimeOptions } from './clock/realtime.js';
import { DeliveryOrder } from './engine/delivery-order.js';
import { Engine, type EngineOptions } from './engine/engine.js';
import type { EventView } from './engine/event.js';
import { RowRecorder } from './encode/columnar/row.js';
import { eventToObject } from './encode/event-object.js';
import { RecordBuffer } from './encode/record-buffer.js';
import { compileKeyTemplate } from './encode/key-template.js';
import type { Encoder } from './encode/types.js';
import { SummaryCollector, type RunSummary } from './run-summary.js';
import type { CompiledScenario } from './scenario/compile.js';
import { deliver } from './sinks/deliver.js';
import type { RecordBatch, Sink } from './sinks/types.js';

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
  /** Real time: each event waits until it is due on the clock (src/clock/realtime.ts). */
  readonly realtime?: RealtimeOptions;
}

/**
 * The one place that wires scenario → engine → encoder → sink. Events are encoded
 * into large buffers and handed to the sink in batches of whole records; the output
 * bytes never depend on the batch size.
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  const { scenario, encoder, sink } = options;
  const realtime = options.realtime === undefined ? null : await Realtime.start(scenario, options, options.realtime, options.signal);
  const engine = realtime?.engine ?? new Engine(scenario, options);
  const source = realtime?.events ?? engine;
  // With late delivery, events reach the encoder in processing-time order.
  const delivery = scenario.delivery === null ? null : new DeliveryOrder(source);
  const events = delivery ?? source;
  const schema = scenario.schema;
  const renderKey = sink.keyTemplate === undefined ? null : compileKeyTemplate(sink.keyTemplate, schema, '-o', sink.keyValue);
  const wantsObjects = sink.wantsObjects === true;
  const rows = sink.wantsRows === true ? new RowRecorder(schema) : null;
  const summary = new SummaryCollector();
  const buffer = new RecordBuffer(encoder, options.batchBytes ?? 1 << 20, options.batchRecords ?? 16_384);
  let keys: (string | null)[] = [];
  let objects: Record<string, unknown>[] = [];

  const flush = async (): Promise<void> => {
    if (buffer.count === 0) return;
    // The sink may keep the batch while it is delivered: the buffer lends it, and encodes
    // the next batch into buffers the sink has let go of.
    const batch: RecordBatch = {
      ...buffer.take(),
      keys: renderKey === null ? undefined : keys,
      objects: wantsObjects ? objects : undefined,
      rows: rows?.take(),
    };
    await sink.write(batch);
    buffer.settle(sink.held?.() ?? Infinity);
    keys = [];
    objects = [];
    options.onProgress?.({ events: summary.count, eventTime: summary.lastTime });
    // Let signals and timers run between batches even when every write completes at once.
    await yieldToEventLoop();
  };

  /**
   * Encodes one event into the batch; returns false, having written nothing, when the
   * batch has no room left for it (flush, then add again). Synchronous: most events
   * need no await, and an async call per event would cost a promise each.
   */
  const add = (event: EventView): boolean => {
    if (!buffer.add(event)) return false;
    if (renderKey !== null) keys.push(renderKey(event));
    if (wantsObjects) objects.push(eventToObject(event, schema));
    rows?.add(event);
    summary.add(event.type, event.time, delivery !== null && delivery.late);
    return true;
  };

  const trailer = encoder.trailer?.bind(encoder);
  const ended = await deliver(sink, { header: encoder.header(), format: encoder.format, trailer }, async () => {
    const signal = options.signal;
    let sinceCheck = 0;
    for (let event = events.next(); event !== null; event = events.next()) {
      if (realtime !== null) {
        // Due when it is received: its processing time with late delivery, else its time.
        const due = realtime.schedule.due(event, delivery === null ? event.time : delivery.processingTime);
        if (due >= realtime.end) break;
        if (!realtime.gate.isDue(due)) {
          // What is encoded goes out on time; then sleep until this event is due.
          await flush();
          await realtime.gate.waitFor(due, signal);
          if (signal?.aborted === true) break;
        }
      }
      if (!add(event)) {
        await flush();
        add(event);
      }
      if (buffer.full) await flush();
      // Batches are flushed (and the event loop visited) every few thousand events, so a
      // signal is seen within one batch; checking every 1024 events keeps the cost nil.
      // Right after a flush too: with one record per batch (real time) that is every record.
      if (++sinceCheck === 1024 || buffer.count === 0) {
        sinceCheck = 0;
        if (signal?.aborted) break;
      }
    }
    await flush();
    return signal?.aborted === true ? 'signal' : 'complete';
  });
  return summary.finish(scenario.name, scenario.seed, { sessions: engine.stats.sessions, users: engine.stats.users.size }, sink.stats(), ended);
}
