/**
 * The worker thread of `runAhead` (src/run-ahead.ts): simulates and encodes a real-time
 * run a little ahead of the wall clock and posts the records, with when each is due, to
 * the thread that releases them. Its heap holds every open session; the releasing
 * thread's heap stays small, so this thread's garbage collection never delays a release.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock, type Clock } from './clock/clock.js';
import { Realtime } from './clock/realtime.js';
import { ReleaseGate } from './clock/release-gate.js';
import { createEncoder } from './encode/create-encoder.js';
import { RecordBuffer } from './encode/record-buffer.js';
import { DeliveryOrder } from './engine/delivery-order.js';
import { ClickgenError } from './errors.js';
import { type AheadBatch, type AheadJob, type AheadMessage, type ReleaseMessage } from './run-ahead-protocol.js';
import { compileSource } from './scenario/source.js';

const job = workerData as AheadJob;
const port = parentPort!;

/** Bytes posted and not yet released; the simulation waits while there are too many (a slow output). */
let pending = 0;
let released: (() => void) | null = null;
port.on('message', (message: ReleaseMessage) => {
  pending -= message.bytes;
  released?.();
});

const post = (message: AheadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

try {
  await simulate();
  post({ kind: 'end' });
} catch (error) {
  const known = error instanceof ClickgenError;
  post({ kind: 'error', name: known ? error.name : 'Error', code: known ? error.code : null, message: (error as Error).message });
}

async function simulate(): Promise<void> {
  const scenario = compileSource(job.scenario);
  const encoder = createEncoder(scenario.schema, job.encoder);
  // A live run's first record is due a moment from now, not now: the worker then makes its
  // lead before the first records are due instead of catching up with them.
  const anchorClock: Clock = { now: () => systemClock.now() + job.startLeadMs, sleepUntil: (time) => systemClock.sleepUntil(time - job.startLeadMs) };
  const realtime = await Realtime.start(scenario, { start: job.start, count: job.count, end: job.end }, { clock: anchorClock, rate: job.rate, live: job.live, warmupEvents: job.warmupEvents });
  const engine = realtime.engine;
  const delivery = scenario.delivery === null ? null : new DeliveryOrder(realtime.events);
  const events = delivery ?? realtime.events;
  // The gate of the releasing thread, moved `aheadMs` into the future.
  const ahead: Clock = { now: () => systemClock.now() + job.aheadMs, sleepUntil: (time) => systemClock.sleepUntil(time - job.aheadMs) };
  const gate = new ReleaseGate(ahead, job.tickMs);
  const records = new RecordBuffer(encoder, job.batchBytes, job.batchRecords);
  let dues = new Float64Array(job.batchRecords);
  let types = new Int32Array(job.batchRecords);
  let sessions = new Uint32Array(job.batchRecords);
  let users = new Uint32Array(job.batchRecords);
  let late = new Uint8Array(job.batchRecords);
  let names: [number, string][] = [];
  const named = new Set<number>();

  const send = (): void => {
    if (records.count === 0) return;
    const count = records.count;
    const encoded = records.take();
    const batch: AheadBatch = { kind: 'batch', ...encoded, dues: dues.slice(0, count), types: types.slice(0, count), sessions: sessions.slice(0, count), users: users.slice(0, count), late: late.slice(0, count), names };
    names = [];
    pending += encoded.bytes.length;
    post(batch, [encoded.bytes.buffer as ArrayBuffer, encoded.ends.buffer as ArrayBuffer, encoded.times.buffer as ArrayBuffer, batch.dues.buffer as ArrayBuffer, batch.types.buffer as ArrayBuffer, batch.sessions.buffer as ArrayBuffer, batch.users.buffer as ArrayBuffer, batch.late.buffer as ArrayBuffer]);
    if (encoded.ends.length !== count) {
      // Handed over whole: the per-record arrays go with it.
      dues = new Float64Array(job.batchRecords);
      types = new Int32Array(job.batchRecords);
      sessions = new Uint32Array(job.batchRecords);
      users = new Uint32Array(job.batchRecords);
      late = new Uint8Array(job.batchRecords);
    }
  };

  for (let event = events.next(); event !== null; event = events.next()) {
    const due = realtime.schedule.due(event, delivery === null ? event.time : delivery.processingTime);
    if (due >= realtime.end) break;
    if (!gate.isDue(due)) {
      send();
      await gate.waitFor(due);
    }
    while (pending > job.maxPendingBytes) {
      send();
      await new Promise<void>((resolve) => (released = resolve));
    }
    if (!records.add(event)) {
      send();
      records.add(event);
    }
    const i = records.count - 1;
    dues[i] = due;
    const type = event.type.index;
    types[i] = type;
    if (!named.has(type)) {
      named.add(type);
      names.push([type, event.type.text]);
    }
    sessions[i] = engine.stats.sessions;
    users[i] = engine.stats.users.size;
    late[i] = delivery !== null && delivery.late ? 1 : 0;
    if (records.full) send();
  }
  send();
}
