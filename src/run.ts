import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DeliveryOrder } from './engine/delivery-order.js';
import { Engine, type EngineOptions } from './engine/engine.js';
import type { EventView } from './engine/event.js';
import { eventToObject } from './encode/event-object.js';
import { compileKeyTemplate } from './encode/key-template.js';
import type { Encoder } from './encode/types.js';
import { RunError } from './errors.js';
import { SummaryCollector, type RunSummary } from './run-summary.js';
import type { CompiledScenario } from './scenario/compile.js';
import { OutputClosed } from './sinks/output-closed.js';
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
}

/**
 * The one place that wires scenario → engine → encoder → sink. Events are encoded
 * into large buffers and handed to the sink in batches of whole records; the output
 * bytes never depend on the batch size.
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  const { scenario, encoder, sink } = options;
  const engine = new Engine(scenario, options);
  // With late delivery, events reach the encoder in processing-time order.
  const delivery = scenario.delivery === null ? null : new DeliveryOrder(engine);
  const events = delivery ?? engine;
  const schema = scenario.schema;
  const renderKey = sink.keyTemplate === undefined ? null : compileKeyTemplate(sink.keyTemplate, schema, '-o', sink.keyValue);
  const wantsObjects = sink.wantsObjects === true;
  const maxRecords = options.batchRecords ?? 16_384;
  let capacity = options.batchBytes ?? 1 << 20;
  const summary = new SummaryCollector();

  let bytes = new Uint8Array(capacity);
  let offset = 0;
  let ends = new Uint32Array(maxRecords);
  let times = new Float64Array(maxRecords);
  let keys: (string | null)[] = [];
  let objects: Record<string, unknown>[] = [];
  let count = 0;

  const flush = async (): Promise<void> => {
    if (count === 0) return;
    const batch: RecordBatch = {
      bytes,
      ends,
      count,
      times,
      keys: renderKey === null ? undefined : keys,
      objects: wantsObjects ? objects : undefined,
    };
    await sink.write(batch);
    // The sink may keep the batch while it is delivered: start fresh buffers.
    bytes = new Uint8Array(capacity);
    ends = new Uint32Array(maxRecords);
    times = new Float64Array(maxRecords);
    keys = [];
    objects = [];
    offset = 0;
    count = 0;
    options.onProgress?.({ events: summary.count, eventTime: summary.lastTime });
    // Let signals and timers run between batches even when every write completes at once.
    await yieldToEventLoop();
  };

  const add = async (event: EventView): Promise<void> => {
    let end = encoder.encode(event, bytes, offset);
    while (end < 0) {
      if (count > 0) await flush();
      else {
        capacity *= 2;
        if (capacity > 1 << 30) throw new RunError('SINK_FAILED', 'an event does not fit in 1 GiB when encoded');
        bytes = new Uint8Array(capacity);
      }
      end = encoder.encode(event, bytes, offset);
    }
    offset = end;
    ends[count] = end;
    times[count] = event.time;
    if (renderKey !== null) keys.push(renderKey(event));
    if (wantsObjects) objects.push(eventToObject(event, schema));
    count++;
    summary.add(event, delivery !== null && delivery.late);
    if (count === maxRecords) await flush();
  };

  let ended: RunSummary['ended'] = 'complete';
  await sink.open({ header: encoder.header(), format: encoder.format });
  try {
    const signal = options.signal;
    let sinceCheck = 0;
    for (let event = events.next(); event !== null; event = events.next()) {
      await add(event);
      // Batches are flushed (and the event loop visited) every few thousand events, so a
      // signal is seen within one batch; checking every 1024 events keeps the cost nil.
      // Right after a flush too: with one record per batch (real time) that is every record.
      if (++sinceCheck === 1024 || count === 0) {
        sinceCheck = 0;
        if (signal?.aborted) break;
      }
    }
    if (signal?.aborted) ended = 'signal';
    await flush();
    await sink.close();
  } catch (error) {
    if (!(error instanceof OutputClosed)) {
      await sink.abort();
      throw error;
    }
    ended = 'output-closed';
  }
  return summary.finish(scenario.name, scenario.seed, engine.stats, sink.stats(), ended);
}
